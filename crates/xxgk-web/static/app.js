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

// Mark the cells named (`table3.granted.total`…) in the tables and, by their provenance, the
// same places in the source pane: a cell as read (text, HTML: by byte range; DOCX/XLSX: by
// table/row/cell), or a box on the PDF page (drawn by source.js).
function mark(cells) {
  for (const el of document.querySelectorAll(".hit")) el.classList.remove("hit");
  const boxes = [];
  let first = null;
  for (const cell of cells) {
    const td = document.querySelector(`table.report td[data-cell="${CSS.escape(cell)}"]`);
    if (!td) continue;
    td.classList.add("hit");
    first = first || td;
    const prov = JSON.parse(td.dataset.prov || "null");
    if (!prov) continue;
    if (prov.page !== undefined) {
      boxes.push({ cell, page: prov.page, bbox: prov.bbox });
    } else if (prov.byte !== undefined) {
      for (const src of document.querySelectorAll("table.as-read td[data-b0]")) {
        const b0 = Number(src.dataset.b0);
        const b1 = Number(src.dataset.b1);
        if (b0 <= prov.byte[0] && prov.byte[0] < Math.max(b1, b0 + 1)) {
          src.classList.add("hit");
          src.scrollIntoView({ block: "center" });
        }
      }
    } else if (prov.table !== undefined) {
      const src = document.querySelector(`table.as-read td[data-grid="${prov.table}.${prov.row}.${prov.cell}"]`);
      if (src) { src.classList.add("hit"); src.scrollIntoView({ block: "center" }); }
    }
  }
  document.dispatchEvent(new CustomEvent("xxgk:boxes", { detail: boxes }));
  if (first) first.scrollIntoView({ block: "nearest" });
}

document.addEventListener("DOMContentLoaded", () => {
  // The language switch keeps the view: the choice goes into a cookie, the URL keeps its filters.
  const switcher = document.querySelector("header a.lang");
  if (switcher) {
    switcher.addEventListener("click", (event) => {
      event.preventDefault();
      document.cookie = `lang=${switcher.dataset.to}; Path=/; SameSite=Strict; Max-Age=31536000`;
      const url = new URL(location.href);
      url.searchParams.delete("lang");
      location.href = url.toString();
    });
  }
  const input = document.getElementById("reviewer");
  if (input) input.value = localStorage.getItem("xxgk-reviewer") || "";
  for (const li of document.querySelectorAll(".findings li[data-cells]")) {
    li.addEventListener("click", (event) => {
      if (event.target.closest("form")) return;
      mark(li.dataset.cells.split(" ").filter(Boolean));
    });
  }
  for (const td of document.querySelectorAll("table.report td[data-cell]")) {
    td.addEventListener("click", () => mark([td.dataset.cell]));
  }
  setupDecisions();
  setupRound();
  // 汇总: a difference marked explained (or the mark taken back: an empty reason).
  for (const form of document.querySelectorAll("form.explain")) {
    // The name is asked only in single-user mode; an account's changes carry its own.
    const author = form.querySelector('input[name="author"]');
    if (author) author.value = localStorage.getItem("xxgk-reviewer") || "";
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (author) localStorage.setItem("xxgk-reviewer", author.value.trim());
      const reason = form.querySelector('input[name="reason"]').value;
      const response = await post(`/api/rollup/${form.dataset.report}/explanations`, { cell: form.dataset.cell, reason, author: author ? author.value.trim() : "" });
      if (response.ok) location.reload();
      else alert(await response.text());
    });
  }
  // 用户管理: a new account, an account disabled or enabled.
  const add = document.getElementById("user-add");
  if (add) {
    add.addEventListener("submit", async (event) => {
      event.preventDefault();
      const out = add.querySelector("output");
      const response = await post("/api/users", Object.fromEntries(new FormData(add)));
      if (response.ok) {
        out.textContent = add.dataset.saved;
        setTimeout(() => location.reload(), 600);
      } else out.textContent = await response.text();
    });
  }
  // The office's settings for its opinions, each saved in turn.
  const settings = document.getElementById("settings");
  if (settings) {
    settings.addEventListener("submit", async (event) => {
      event.preventDefault();
      const out = settings.querySelector("output");
      for (const input of settings.querySelectorAll("input")) {
        const response = await post("/api/settings", { key: input.name, value: input.value });
        if (!response.ok) { out.textContent = await response.text(); return; }
      }
      out.textContent = settings.dataset.saved;
    });
  }
  for (const button of document.querySelectorAll("button.user-toggle")) {
    button.addEventListener("click", async () => {
      const response = await post(`/api/users/${encodeURIComponent(button.dataset.name)}`, { disabled: button.dataset.disabled === "true" });
      if (response.ok) location.reload();
      else alert(await response.text());
    });
  }
  for (const button of document.querySelectorAll("button.print")) {
    button.addEventListener("click", () => window.print());
  }
  const form = document.getElementById("correct");
  if (form) {
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const data = Object.fromEntries(new FormData(form));
      data.author = reviewer();
      // The cell's latest correction this page showed: one made meanwhile is not overwritten.
      const seen = form.querySelector("select[name=cell]").selectedOptions[0].dataset.seen;
      data.seen = seen ? Number(seen) : null;
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

// A finding decided on the page, shown as decided without reloading: its state, its reason and
// author, and the decision it now stands on (sent back with the next one).
function showDecided(li, state, decision, reason, author) {
  const section = document.getElementById("findings");
  const states = JSON.parse(section.dataset.states);
  li.classList.remove("open", "confirmed", "dismissed");
  li.classList.add(state);
  li.querySelector(".state").textContent = states[state] || state;
  li.querySelector(".why").textContent = reason ? `（${reason}${author ? ` · ${author}` : ""}）` : "";
  const form = li.querySelector("form.decide");
  if (form) {
    form.dataset.seen = String(decision);
    form.querySelector('input[name="reason"]').value = "";
  }
  // The rules left to decide at once, with how many open findings each still has.
  const bulk = document.getElementById("bulk");
  if (bulk) {
    for (const option of [...bulk.elements.code.options]) {
      const n = section.querySelectorAll(`li.open[data-finding][data-code="${CSS.escape(option.value)}"]`).length;
      if (n === 0) option.remove();
      else option.textContent = `${option.dataset.name}（${n}）`;
    }
    bulk.hidden = bulk.elements.code.options.length === 0;
  }
}

async function decide(form, state) {
  const li = form.closest("li");
  const reason = form.querySelector('input[name="reason"]').value.trim();
  const seen = form.dataset.seen ? Number(form.dataset.seen) : null;
  const response = await post(`/api/findings/${form.dataset.finding}/decision`, { state, reason, author: reviewer(), seen });
  if (response.ok) {
    const { decision } = await response.json();
    showDecided(li, state, decision, reason, reviewer());
  } else if (response.status === 409) {
    // Someone decided it meanwhile: say who and what, and show the page as it stands now.
    alert((await response.json()).message);
    location.reload();
  } else alert(await response.text());
}

// The findings list: decisions sent without reloading (the PDF stays drawn), decisions on every
// open finding of one rule at once, and the keys J / K (next, previous), C (confirm), D (dismiss).
function setupDecisions() {
  const section = document.getElementById("findings");
  if (!section) return;
  for (const form of section.querySelectorAll("form.decide")) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      decide(form, event.submitter ? event.submitter.value : "confirmed");
    });
    // Enter in the reason box dismisses the finding with that reason.
    form.querySelector('input[name="reason"]').addEventListener("keydown", (event) => {
      if (event.key !== "Enter") return;
      event.preventDefault();
      decide(form, "dismissed");
    });
  }
  const bulk = document.getElementById("bulk");
  if (bulk) {
    bulk.addEventListener("submit", async (event) => {
      event.preventDefault();
      const state = event.submitter ? event.submitter.value : "confirmed";
      const code = bulk.elements.code.value;
      const reason = bulk.elements.reason.value.trim();
      const out = bulk.querySelector("output");
      const response = await post(`/api/reports/${section.dataset.report}/decisions`, { code, state, reason, author: reviewer() });
      if (!response.ok) { out.textContent = await response.text(); return; }
      const { decided } = await response.json();
      for (const d of decided) {
        const li = section.querySelector(`li[data-finding="${d.finding}"]`);
        if (li) showDecided(li, state, d.decision, reason, reviewer());
      }
      out.textContent = `✓ ${decided.length}`;
    });
  }
  const items = [...section.querySelectorAll("li[data-finding]")];
  let at = -1;
  const go = (i) => {
    if (items.length === 0) return;
    at = Math.max(0, Math.min(items.length - 1, i));
    for (const li of items) li.classList.remove("current");
    const li = items[at];
    li.classList.add("current");
    li.focus({ preventScroll: true });
    li.scrollIntoView({ block: "nearest" });
    mark(li.dataset.cells.split(" ").filter(Boolean));
  };
  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const typing = event.target instanceof Element && event.target.closest("input, textarea, select, summary");
    const key = event.key.toLowerCase();
    if (typing) return;
    if (key === "j") go(at + 1);
    else if (key === "k") go(at - 1);
    else if ((key === "c" || key === "d") && at >= 0) {
      const form = items[at].querySelector("form.decide");
      if (!form) return;
      event.preventDefault();
      if (key === "c") decide(form, "confirmed");
      else {
        const reason = form.querySelector('input[name="reason"]');
        if (reason.value.trim()) decide(form, "dismissed");
        else reason.focus();
      }
    }
  });
}

// The round: moving a report's state, assigning it, sending its opinion, the agency's corrected
// report; on the list, assigning the whole view and deciding one rule's findings across it.
function setupRound() {
  const round = document.getElementById("round");
  if (round) {
    const report = round.dataset.report;
    const seen = round.dataset.state;
    for (const button of round.querySelectorAll("button.move")) {
      button.addEventListener("click", async () => {
        const response = await post(`/api/reports/${report}/round`, { state: button.dataset.to, seen });
        if (response.ok || response.status === 409) {
          if (!response.ok) alert(await response.text());
          location.reload();
        } else alert(await response.text());
      });
    }
    const assign = round.querySelector("form.assign-one");
    if (assign) {
      assign.addEventListener("submit", async (event) => {
        event.preventDefault();
        const response = await post(`/api/reports/${report}/assignee`, { assignee: assign.elements.assignee.value });
        if (response.ok) location.reload();
        else alert(await response.text());
      });
    }
    const send = document.getElementById("send-opinion");
    if (send) {
      const draft = document.getElementById("draft-link");
      const base = draft.getAttribute("href");
      const update = () => {
        const q = new URLSearchParams(new URL(base, location.href).search);
        q.set("overall", send.elements.overall.value);
        q.set("deadline", send.elements.deadline.value);
        draft.href = `${base.split("?")[0]}?${q}`;
      };
      send.addEventListener("input", update);
      send.addEventListener("submit", async (event) => {
        event.preventDefault();
        const out = send.querySelector("output");
        const response = await post(`/api/reports/${report}/opinions`, { overall: send.elements.overall.value, deadline: send.elements.deadline.value, seen });
        if (response.ok) location.reload();
        else out.textContent = await response.text();
      });
    }
    const upload = document.getElementById("resubmit");
    if (upload) {
      upload.addEventListener("submit", async (event) => {
        event.preventDefault();
        const out = upload.querySelector("output");
        const data = new FormData();
        const file = upload.elements.file.files[0];
        if (!file) return;
        data.append("file", file, file.name);
        const response = await fetch(`/api/reports/${report}/resubmission`, { method: "POST", headers: { "X-CSRF-Token": token() }, body: data });
        if (response.ok) {
          const { report: next } = await response.json();
          location.href = `/reports/${next}`;
        } else out.textContent = await response.text();
      });
    }
  }
  const actions = document.querySelector(".view-actions");
  if (actions) {
    const view = actions.dataset.view;
    const assign = actions.querySelector("form.assign-view");
    if (assign) {
      assign.addEventListener("submit", async (event) => {
        event.preventDefault();
        const response = await post(`/api/assignments?${view}`, { assignee: assign.elements.assignee.value });
        if (response.ok) location.reload();
        else assign.querySelector("output").textContent = await response.text();
      });
    }
    const bulk = actions.querySelector("form.bulk-view");
    if (bulk) {
      const author = bulk.elements.author;
      if (author) author.value = localStorage.getItem("xxgk-reviewer") || "";
      bulk.addEventListener("submit", async (event) => {
        event.preventDefault();
        const state = event.submitter ? event.submitter.value : "confirmed";
        const name = author ? author.value.trim() : "";
        if (author) localStorage.setItem("xxgk-reviewer", name);
        const response = await post(`/api/decisions?${view}`, { code: bulk.dataset.code, state, reason: bulk.elements.reason.value, author: name });
        if (response.ok) location.reload();
        else bulk.querySelector("output").textContent = await response.text();
      });
    }
  }
}

// 导入: files, folders (dropped or chosen) and archives are sent in one multipart request with
// their folder paths as names; the import's progress is then polled until it is done.
function entryFiles(entry, out) {
  return new Promise((resolve) => {
    if (entry.isFile) {
      entry.file((f) => { out.push([entry.fullPath.replace(/^\//, ""), f]); resolve(); }, () => resolve());
    } else if (entry.isDirectory) {
      const reader = entry.createReader();
      const all = [];
      const more = () => reader.readEntries(async (batch) => {
        if (batch.length === 0) {
          for (const e of all) await entryFiles(e, out);
          resolve();
        } else { all.push(...batch); more(); }
      }, () => resolve());
      more();
    } else resolve();
  });
}

function fill(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, k) => (k in values ? values[k] : `{${k}}`));
}

function showImport(job, texts) {
  const bar = document.getElementById("bar");
  bar.max = Math.max(job.total, 1);
  bar.value = job.done;
  document.getElementById("status").textContent = job.state === "running"
    ? fill(texts.import_running, job)
    : job.state === "done" ? fill(texts.import_done, job)
    : job.state === "cancelled" ? fill(texts.import_cancelled, job) : `${texts.import_failed}: ${job.error || ""}`;
  const cancel = document.getElementById("cancel");
  cancel.hidden = job.state !== "running";
  cancel.dataset.job = job.id;
  const body = document.getElementById("results");
  const bad = document.getElementById("unreadable");
  body.replaceChildren();
  bad.replaceChildren();
  for (const f of job.files) {
    const tr = document.createElement("tr");
    tr.className = `outcome-${f.outcome}`;
    for (const v of [f.name, texts[`outcome_${f.outcome}`] || f.outcome, String(f.reports)]) {
      const td = document.createElement("td");
      td.textContent = v;
      tr.append(td);
    }
    body.append(tr);
    const reasons = (f.reason ? [[f.name, f.reason]] : []).concat(f.members.map((m) => [`${f.name}!${m.name}`, m.reason]));
    for (const [name, reason] of reasons) {
      const li = document.createElement("li");
      li.textContent = `${name}：${reason}`;
      bad.append(li);
    }
  }
  document.getElementById("unreadable-title").hidden = bad.children.length === 0;
  document.getElementById("see").hidden = job.state === "running";
}

// An import's progress, polled until it ends.
function follow(id, texts) {
  const poll = async () => {
    const job = await (await fetch(`/api/imports/${id}`)).json();
    showImport(job, texts);
    if (job.state === "running") setTimeout(poll, 500);
  };
  poll();
}

document.addEventListener("DOMContentLoaded", () => {
  const form = document.getElementById("import");
  if (!form) return;
  const texts = JSON.parse(form.dataset.texts);
  document.getElementById("cancel").addEventListener("click", async (event) => {
    event.target.disabled = true;
    const response = await post(`/api/imports/${event.target.dataset.job}/cancel`, {});
    if (!response.ok) document.getElementById("status").textContent = await response.text();
  });
  // An import begun before: its progress, or how it ended.
  if (form.dataset.job) {
    document.getElementById("progress").hidden = false;
    follow(form.dataset.job, texts);
    return;
  }
  const drop = document.getElementById("drop");
  let dropped = [];
  const chosen = () => {
    const picked = [...form.elements.files.files].map((f) => [f.name, f])
      .concat([...form.elements.folder.files].map((f) => [f.webkitRelativePath || f.name, f]));
    return dropped.concat(picked);
  };
  const count = () => { document.getElementById("chosen").textContent = fill(texts.import_chosen, { n: chosen().length }); };
  form.elements.files.addEventListener("change", count);
  form.elements.folder.addEventListener("change", count);
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", async (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    const entries = [...e.dataTransfer.items].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter(Boolean);
    const out = [];
    for (const entry of entries) await entryFiles(entry, out);
    if (entries.length === 0) for (const f of e.dataTransfer.files) out.push([f.name, f]);
    dropped = dropped.concat(out);
    count();
  });
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const data = new FormData();
    for (const [name, file] of chosen()) data.append("file", file, name);
    const manifest = form.elements.manifest.files[0];
    if (manifest) data.append("manifest", manifest, manifest.name);
    document.getElementById("progress").hidden = false;
    document.getElementById("start").disabled = true;
    const status = document.getElementById("status");
    const bar = document.getElementById("bar");
    const xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/imports");
    xhr.setRequestHeader("X-CSRF-Token", token());
    xhr.upload.addEventListener("progress", (e) => {
      if (e.lengthComputable) { bar.max = e.total; bar.value = e.loaded; }
      status.textContent = `${texts.import_uploading} ${Math.round((100 * e.loaded) / Math.max(e.total, 1))}%`;
    });
    xhr.addEventListener("load", () => {
      document.getElementById("start").disabled = false;
      if (xhr.status !== 202) { status.textContent = `${texts.import_failed}: ${xhr.responseText}`; return; }
      follow(JSON.parse(xhr.responseText).import, texts);
    });
    xhr.addEventListener("error", () => { status.textContent = texts.import_failed; document.getElementById("start").disabled = false; });
    xhr.send(data);
  });
});

// The 文件 page: a file removed, or read again; the page is drawn again from the store.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-file]");
  if (!button) return;
  const row = button.closest("tr[data-path]");
  button.disabled = true;
  const response = await post(`/api/files/${button.dataset.file}`, { path: row.dataset.path });
  if (response.ok) {
    location.reload();
  } else {
    button.disabled = false;
    document.getElementById("files-status").textContent = await response.text();
  }
});

// A version chosen as the one that counts: the page of the report that counts now.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-version]");
  if (!button) return;
  button.disabled = true;
  const response = await post(`/api/reports/${button.dataset.version}/version`, {});
  if (response.ok) {
    location.href = `/reports/${button.dataset.version}`;
  } else {
    button.disabled = false;
    button.title = await response.text();
  }
});

// 统计's tables beyond the first are drawn by the server when a reader opens them.
document.addEventListener("toggle", async (event) => {
  const details = event.target;
  if (!(details instanceof HTMLDetailsElement) || !details.open || !details.dataset.src || details.dataset.loaded) return;
  details.dataset.loaded = "1";
  const response = await fetch(details.dataset.src);
  const html = await response.text();
  const holder = details.querySelector(".loading");
  const range = document.createRange();
  range.selectNode(holder);
  holder.replaceWith(range.createContextualFragment(html));
}, true);

// The report's facts corrected: the report as read again with them.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (form.id !== "facts-form") return;
  event.preventDefault();
  const f = form.elements;
  const body = { organ: f.organ.value, level: f.level.value, published: f.published.value, url: f.url.value, reason: f.reason.value, author: reviewer() };
  const response = await post(`/api/reports/${form.dataset.report}/facts`, body);
  if (response.ok) {
    location.href = `/reports/${(await response.json()).report}`;
  } else {
    form.querySelector("output").textContent = await response.text();
  }
});

// A roster file imported; the page shows the rosters anew.
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (form.id !== "roster-form") return;
  event.preventDefault();
  const data = new FormData();
  data.append("file", form.elements.file.files[0]);
  const response = await fetch("/api/roster", { method: "POST", headers: { "X-CSRF-Token": token() }, body: data });
  if (response.ok) location.reload();
  else form.querySelector("output").textContent = await response.text();
});

// An organ's page: a name split off as an organ of its own, or the organ merged into another.
document.addEventListener("click", async (event) => {
  const button = event.target.closest("button[data-split]");
  if (!button) return;
  const response = await post("/api/organs/split", { organ: Number(button.dataset.organ), name: button.dataset.split });
  if (response.ok) location.href = `/organs/${(await response.json()).organ}`;
  else button.title = await response.text();
});
document.addEventListener("submit", async (event) => {
  const form = event.target;
  if (form.id !== "merge-form") return;
  event.preventDefault();
  const response = await post("/api/organs/merge", { into: Number(form.elements.into.value), from: Number(form.dataset.organ) });
  if (response.ok) location.href = `/organs/${form.elements.into.value}`;
  else form.querySelector("output").textContent = await response.text();
});
