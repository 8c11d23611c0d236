// The PDF of the source pane, drawn with PDF.js (vendored, served from this server), and the
// boxes app.js asks for: one at each value's bbox (PDF points, from the reader's provenance).
import * as pdfjs from "/static/vendor/pdfjs/pdf.min.mjs";

pdfjs.GlobalWorkerOptions.workerSrc = "/static/vendor/pdfjs/pdf.worker.min.mjs";

const holder = document.getElementById("pdf");
const pages = new Map(); // page number → { div, viewport }
let wanted = [];

function drawBoxes() {
  for (const old of holder.querySelectorAll(".box")) old.remove();
  let first = null;
  for (const b of wanted) {
    const page = pages.get(b.page);
    if (!page) continue;
    const [x0, y0] = page.viewport.convertToViewportPoint(b.bbox[0], b.bbox[1]);
    const [x1, y1] = page.viewport.convertToViewportPoint(b.bbox[2], b.bbox[3]);
    const box = document.createElement("div");
    box.className = "box";
    box.dataset.cell = b.cell;
    // A little margin, so that the box frames the glyphs rather than cutting them.
    const pad = 2;
    box.style.left = `${Math.min(x0, x1) - pad}px`;
    box.style.top = `${Math.min(y0, y1) - pad}px`;
    box.style.width = `${Math.abs(x1 - x0) + 2 * pad}px`;
    box.style.height = `${Math.abs(y1 - y0) + 2 * pad}px`;
    page.div.append(box);
    first = first || box;
  }
  if (first) first.scrollIntoView({ block: "center" });
}

document.addEventListener("xxgk:boxes", (event) => {
  wanted = event.detail;
  drawBoxes();
});

async function show() {
  const task = pdfjs.getDocument({
    url: holder.dataset.src,
    cMapUrl: "/static/vendor/pdfjs/cmaps/",
    cMapPacked: true,
    standardFontDataUrl: "/static/vendor/pdfjs/standard_fonts/",
    isEvalSupported: false,
  });
  const pdf = await task.promise;
  const width = Math.max(holder.clientWidth - 8, 320);
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const base = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: width / base.width });
    const div = document.createElement("div");
    div.className = "pdf-page";
    div.dataset.page = String(n);
    div.style.width = `${viewport.width}px`;
    div.style.height = `${viewport.height}px`;
    const label = document.createElement("span");
    label.className = "label";
    label.textContent = holder.dataset.pageLabel.replace("{p}", String(n));
    const canvas = document.createElement("canvas");
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.style.width = `${viewport.width}px`;
    canvas.style.height = `${viewport.height}px`;
    div.append(label, canvas);
    holder.append(div);
    await page.render({ canvas, viewport, transform: ratio === 1 ? null : [ratio, 0, 0, ratio, 0, 0] }).promise;
    pages.set(n, { div, viewport });
    drawBoxes();
  }
  holder.dataset.ready = String(pdf.numPages);
}

show().catch((e) => {
  holder.dataset.ready = "failed";
  holder.textContent = String(e);
});
