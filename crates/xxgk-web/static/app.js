// The workspace's only script: highlights the cells a finding names, and sends corrections
// with the session's CSRF token. Pages work without it, except for saving corrections.
"use strict";

document.addEventListener("DOMContentLoaded", () => {
  for (const li of document.querySelectorAll(".findings li[data-cells]")) {
    li.addEventListener("click", () => {
      for (const td of document.querySelectorAll("td.hit")) td.classList.remove("hit");
      for (const cell of li.dataset.cells.split(" ").filter(Boolean)) {
        const td = document.querySelector(`td[data-cell="${CSS.escape(cell)}"]`);
        if (td) { td.classList.add("hit"); td.scrollIntoView({ block: "center" }); }
      }
    });
  }
  const form = document.getElementById("correct");
  if (form) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = Object.fromEntries(new FormData(form));
      const token = document.querySelector('meta[name="csrf-token"]').content;
      const out = form.querySelector("output");
      const response = await fetch(`/api/reports/${form.dataset.report}/corrections`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": token },
        body: JSON.stringify(data),
      });
      if (response.ok) {
        out.textContent = form.dataset.saved;
        setTimeout(() => location.reload(), 600);
      } else {
        out.textContent = await response.text();
      }
    });
  }
});
