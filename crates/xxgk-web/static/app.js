// The workspace's only script: marks the cells a finding names, and sends decisions and
// corrections with the session's CSRF token and the reviewer's name (kept in this browser).
"use strict";

function token() {
  return document.querySelector('meta[name="csrf-token"]').content;
}

function reviewer() {
  const input = document.getElementById("reviewer");
  const name = (input && input.value.trim()) || localStorage.getItem("xxgk-reviewer") || "";
  if (name) localStorage.setItem("xxgk-reviewer", name);
  return name;
}

async function post(url, body) {
  return fetch(url, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": token() },
    body: JSON.stringify(body),
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const input = document.getElementById("reviewer");
  if (input) input.value = localStorage.getItem("xxgk-reviewer") || "";
  for (const li of document.querySelectorAll(".findings li[data-cells]")) {
    li.addEventListener("click", (event) => {
      if (event.target.closest("form")) return;
      for (const td of document.querySelectorAll("td.hit")) td.classList.remove("hit");
      for (const cell of li.dataset.cells.split(" ").filter(Boolean)) {
        const td = document.querySelector(`td[data-cell="${CSS.escape(cell)}"]`);
        if (td) { td.classList.add("hit"); td.scrollIntoView({ block: "center" }); }
      }
    });
  }
  for (const form of document.querySelectorAll("form.decide")) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const state = event.submitter ? event.submitter.value : "confirmed";
      const reason = form.querySelector('input[name="reason"]').value;
      const response = await post(`/api/findings/${form.dataset.finding}/decision`, { state, reason, author: reviewer() });
      if (response.ok) location.reload();
      else alert(await response.text());
    });
  }
  const form = document.getElementById("correct");
  if (form) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = Object.fromEntries(new FormData(form));
      data.author = reviewer();
      const out = form.querySelector("output");
      const response = await post(`/api/reports/${form.dataset.report}/corrections`, data);
      if (response.ok) {
        out.textContent = form.dataset.saved;
        setTimeout(() => location.reload(), 600);
      } else {
        out.textContent = await response.text();
      }
    });
  }
});
