#!/usr/bin/env python3
"""The producer matrix: N generated reports (`xxgk synth`, each in HTML and in DOCX) turned into the
files agencies publish by real producers, then scored by `xxgk eval --min-cell 100`.

Producers and settings:
- Chromium headless, print to PDF over WebDriver (chromedriver): A4, A5, A4 landscape, and A4 at
  scales 60 % and 160 %, without header and footer; and A4 with the browser's own header and
  footer (date, title, the file's URL, page numbers);
- LibreOffice: DOCX→PDF, HTML→PDF (Writer/Web), HTML→DOCX, DOCX→DOC (Writer), HTML→XLSX (Calc).
A producer that is not installed is reported as skipped. Each output sits in a folder per
setting beside a copy of its expected file, so `xxgk eval` scores every setting on its own.

Usage: python3 tools/producer_matrix.py N OUT [--xxgk PATH] [--seed S] [--floor P]
Prints the table: producer · setting → documents, cells right, exact documents, and writes each
setting's mismatches to OUT/SETTING.eval.txt. Exits 1 when a setting reads fewer than P % of
its cells (default 100).
"""
import argparse
import base64
import concurrent.futures
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
CHROME_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--disable-dev-shm-usage"]
# WebDriver print settings: name → (page width, height in cm, orientation, scale).
PRINTS = {
    "chromium-a4": (21.0, 29.7, "portrait", 1.0),
    "chromium-a5": (14.8, 21.0, "portrait", 1.0),
    "chromium-a4-landscape": (21.0, 29.7, "landscape", 1.0),
    "chromium-a4-60": (21.0, 29.7, "portrait", 0.6),
    "chromium-a4-160": (21.0, 29.7, "portrait", 1.6),
}
# Pages whose tables are wider than the paper (a portal's fixed-width layout), printed at A4: the
# browser prints no further than the page's edge, so the last columns are not in the file.
WIDE = {"chromium-a4-wide": (21.0, 29.7, "portrait", 1.0)}
WIDE_CSS = "<style>table{width:1500px} td{white-space:nowrap}</style>"
# The findings about the reading (SPEC 4.1): a cell the file lost is right when one of them
# names it; any other finding the expected file does not list accuses the agency wrongly.
READING = {"CELLS-UNRESOLVED", "TABLE-UNREAD", "NO-TEXT-LAYER", "UNREADABLE-FONT", "NO-TABLE-TEXT", "CELLS-RESOLVED",
           "ROW-BY-POSITION", "UNPLACED-VALUES", "ROW-CUT", "COLUMNS-MISSING", "FRAGMENT", "META-GUESSED",
           "TRADITIONAL-FOLDED", "EXTRACT-FAILED"}


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def call(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, method=method, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=120) as r:
            return json.load(r)
    except urllib.error.HTTPError as e:
        return json.load(e)


def place(src, expected, setting, out, ext):
    """Where an output of `src` goes, with its expected file copied beside it."""
    folder = os.path.join(out, setting)
    os.makedirs(folder, exist_ok=True)
    stem = os.path.splitext(os.path.basename(src))[0]
    shutil.copy(expected, os.path.join(folder, stem + ".expected.json"))
    return os.path.join(folder, stem + "." + ext)


def print_page(s, name):
    """The loaded page of WebDriver session `s` printed as setting `name`: the PDF in base64, or
    None when the print failed. WebDriver's print has no header and footer; the browser's own
    (date, title, the file's URL, "1/3") come from DevTools' Page.printToPDF, as a user's print
    dialog or `--print-to-pdf` makes them."""
    if name == "chromium-header-footer":
        r = call("POST", s + "/goog/cdp/execute", {"cmd": "Page.printToPDF", "params": {
            "displayHeaderFooter": True, "paperWidth": 21.0 / 2.54, "paperHeight": 29.7 / 2.54}})
        value = r.get("value")
        return value.get("data") if isinstance(value, dict) else None
    w, h, orientation, scale = PRINTS.get(name) or WIDE[name]
    r = call("POST", s + "/print", {"page": {"width": w, "height": h}, "orientation": orientation,
                                    "scale": scale, "background": False, "shrinkToFit": False})
    return r["value"] if isinstance(r.get("value"), str) else None


def printed(data):
    """The PDF of a print (base64 from the browser), or `None` for none or one with no font: a
    page printed before its text was drawn."""
    pdf = base64.b64decode(data) if data else b""
    return pdf if b"/Font" in pdf else None


def chromium_prints(jobs, out):
    """Print each (page, expected file, settings) of `jobs` in every one of its settings."""
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        return {name: "chromium or chromedriver not installed" for name in list(PRINTS) + ["chromium-header-footer"] + list(WIDE)}
    port = free_port()
    driver = subprocess.Popen([CHROMEDRIVER, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    profile = tempfile.mkdtemp()
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                call("GET", base + "/status")
                break
            except OSError:
                time.sleep(0.1)
        caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {
            "binary": CHROMIUM, "args": CHROME_ARGS + [f"--user-data-dir={profile}"]}}}}

        def session():
            return f"{base}/session/" + call("POST", base + "/session", caps)["value"]["sessionId"]

        s = session()
        for src, expected, names in jobs:
            url = {"url": "file://" + os.path.abspath(src)}
            call("POST", s + "/url", url)
            for name in names:
                r = printed(print_page(s, name))
                # A print can fail on a loaded machine ("Printing failed", a renderer timeout, a
                # page printed before it was drawn, without a glyph): load the page again, then
                # start a new browser, before giving up on the file.
                for attempt in range(3):
                    if r is not None:
                        break
                    time.sleep(2)
                    if attempt > 0:
                        call("DELETE", s)
                        s = session()
                    call("POST", s + "/url", url)
                    r = printed(print_page(s, name))
                if r is None:
                    # Left unmade: the setting then fails for the document it lacks.
                    print(f"chromium could not print {src} as {name}", file=sys.stderr)
                    continue
                with open(place(src, expected, name, out, "pdf"), "wb") as f:
                    f.write(r)
        call("DELETE", s)
    finally:
        driver.kill()
        shutil.rmtree(profile, ignore_errors=True)
    return {}


def libreoffice(docxs, htmls, out):
    # name → (inputs, import filter, export target, extension). A page is opened in Writer/Web to
    # print it (as "Export as PDF" from the browser-like view), in Writer to save it as Word, and
    # in Calc to save it as a workbook (what an agency gets pasting the portal's page into Excel).
    settings = {"libreoffice-docx-pdf": (docxs, None, "pdf", "pdf"),
                "libreoffice-html-pdf": (htmls, None, "pdf:writer_web_pdf_Export", "pdf"),
                "libreoffice-html-docx": (htmls, "HTML (StarWriter)", "docx:MS Word 2007 XML", "docx"),
                "libreoffice-docx-doc": (docxs, None, "doc:MS Word 97", "doc"),
                "libreoffice-html-xlsx": (htmls, "HTML (StarCalc)", "xlsx:Calc MS Excel 2007 XML", "xlsx")}
    if shutil.which("soffice") is None:
        return {name: "soffice (libreoffice-writer-nogui) not installed" for name in settings}
    skipped = {}
    if not os.path.exists("/usr/lib/libreoffice/program/libsclo.so"):
        skipped["libreoffice-html-xlsx"] = "LibreOffice Calc (libreoffice-calc-nogui) not installed"
    home = tempfile.mkdtemp()
    for name, (inputs, infilter, target, ext) in settings.items():
        if not inputs or name in skipped:
            continue
        tmp = tempfile.mkdtemp()
        filt = [f"--infilter={infilter}"] if infilter else []
        for i in range(0, len(inputs), 50):
            batch = [src for src, _ in inputs[i:i + 50]]
            subprocess.run(["soffice", "--headless", "--norestore", f"-env:UserInstallation=file://{home}/profile"] + filt
                           + ["--convert-to", target, "--outdir", tmp] + batch,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=1800, env=dict(os.environ, HOME=home))
        for src, expected in inputs:
            made = os.path.join(tmp, os.path.splitext(os.path.basename(src))[0] + "." + ext)
            if os.path.exists(made):
                shutil.move(made, place(src, expected, name, out, ext))
        shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(home, ignore_errors=True)
    return skipped


def score(xxgk, folder):
    r = subprocess.run([xxgk, "eval", "-q", "--min-cell", "100", folder], capture_output=True, text=True)
    last = (r.stdout.strip().splitlines() or [""])[-1]
    fields = dict(kv.split("=", 1) for kv in last.split() if "=" in kv)
    return fields, r.stdout


def score_clipped(xxgk, folder):
    """Score a setting whose files lost cells: a cell is right when read as expected, or when it
    is absent and a finding about the reading names it (its table, its row, or — COLUMNS-MISSING
    lists the lost columns' cells of each row — one of its row's last cells). A value read wrong,
    or a finding the expected file does not list and that is not about the reading, fails."""
    files = sorted(os.path.join(folder, f) for f in os.listdir(folder) if not f.endswith(".expected.json"))
    r = subprocess.run([xxgk, "parse", "--jsonl", "--lang", "en"] + files, capture_output=True, text=True)
    reports = {}
    for line in r.stdout.splitlines():
        rep = json.loads(line)
        reports[os.path.basename(rep["source"]["path"])] = rep
    cells = right = lost = 0
    problems = []
    for path in files:
        name = os.path.basename(path)
        with open(os.path.splitext(path)[0] + ".expected.json", encoding="utf-8") as f:
            expected = json.load(f)
        rep = reports.get(name)
        if rep is None:
            problems.append(f"{name}: not read")
            continue
        reading = [d for d in rep["diagnostics"] if d["code"] in READING]
        for table in ("table2", "table3", "table4"):
            for row, values in (expected.get(table) or {}).items():
                got = (rep.get(table) or {}).get(row) or [None] * len(values)
                prefix = f"{table}.{row}."
                listed = [sum(1 for c in d["cells"] if c.startswith(prefix)) for d in reading if d["code"] == "COLUMNS-MISSING"]
                named = any(c in (table, f"{table}.{row}") for d in reading for c in d["cells"])
                for i, want in enumerate(values):
                    cells += 1
                    have = got[i] if i < len(got) else None
                    if have == want:
                        right += 1
                    elif have is None and (named or any(i >= len(values) - n for n in listed if n)):
                        right += 1
                        lost += 1
                    else:
                        problems.append(f"{name}: {table}.{row}[{i}]: expected {want}, got {have}")
        for key in ("agency", "year"):
            if rep.get(key) != expected.get(key):
                problems.append(f"{name}: {key}: expected {expected.get(key)}, got {rep.get(key)}")
        allowed = list(expected.get("_findings") or [])
        for d in rep["diagnostics"]:
            if d["severity"] in ("warning", "error") and d["code"] not in READING:
                if d["code"] in allowed:
                    allowed.remove(d["code"])
                else:
                    problems.append(f"{name}: {d['code']} about the document: {d['message']}")
    return cells, right, lost, problems


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--xxgk", default="target/debug/xxgk")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--floor", type=float, default=100.0)
    args = ap.parse_args()
    shutil.rmtree(args.out, ignore_errors=True)
    # The same N reports in each source form.
    pairs = {"html": [], "docx": []}
    for form in pairs:
        src = os.path.join(args.out, "source-" + form)
        subprocess.run([args.xxgk, "synth", str(args.n), "--out", src, "--seed", str(args.seed), "--forms", form],
                       check=True, stdout=subprocess.DEVNULL)
        for name in sorted(os.listdir(src)):
            stem, ext = os.path.splitext(name)
            if ext[1:] == form:
                pairs[form].append((os.path.join(src, name), os.path.join(src, stem + ".expected.json")))
    # The same pages with tables wider than the paper, under the same names.
    wide = os.path.join(args.out, "source-html-wide")
    os.makedirs(wide)
    jobs = [(src, exp, list(PRINTS) + ["chromium-header-footer"]) for src, exp in pairs["html"]]
    for src, exp in pairs["html"]:
        with open(src, encoding="utf-8") as f:
            page = f.read().replace("</head>", WIDE_CSS + "</head>", 1)
        with open(os.path.join(wide, os.path.basename(src)), "w", encoding="utf-8") as f:
            f.write(page)
        jobs.append((os.path.join(wide, os.path.basename(src)), exp, list(WIDE)))
    # Chromium and LibreOffice work side by side (each mostly on one core).
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        producers = [pool.submit(chromium_prints, jobs, args.out),
                     pool.submit(libreoffice, pairs["docx"], pairs["html"], args.out)]
        skipped = {}
        for p in producers:
            skipped.update(p.result())
    print(f"{'producer · setting':<28} {'documents':>9} {'cells right':>14} {'exact':>9}")
    failed = False
    for name in list(PRINTS) + ["chromium-header-footer", "libreoffice-docx-pdf", "libreoffice-html-pdf",
                                "libreoffice-html-docx", "libreoffice-docx-doc", "libreoffice-html-xlsx"]:
        folder = os.path.join(args.out, name)
        if name in skipped or not os.path.isdir(folder):
            print(f"{name:<28} skipped: {skipped.get(name, 'nothing made')}")
            continue
        fields, text = score(args.xxgk, folder)
        docs = fields.get("exact_docs", "?/?").split("/")[-1]
        print(f"{name:<28} {docs:>9} {fields.get('cell_accuracy', '?'):>14} {fields.get('exact_docs', '?'):>9}")
        # A document the producer did not make is a failure of the setting, not one fewer to score.
        wanted = len(pairs["docx"] if name.startswith("libreoffice-docx") else pairs["html"])
        made = sum(1 for f in os.listdir(folder) if not f.endswith(".expected.json"))
        if made < wanted:
            print(f"{name:<28} made {made} of {wanted} documents")
            failed = True
        accuracy = float(fields.get("cell_accuracy", "0%").rstrip("%"))
        if accuracy < 100.0:
            failed = failed or accuracy < args.floor
            with open(os.path.join(args.out, name + ".eval.txt"), "w") as f:
                f.write(text)
    for name in WIDE:
        folder = os.path.join(args.out, name)
        if name in skipped or not os.path.isdir(folder):
            print(f"{name:<28} skipped: {skipped.get(name, 'nothing made')}")
            continue
        cells, right, lost, problems = score_clipped(args.xxgk, folder)
        made = sum(1 for f in os.listdir(folder) if not f.endswith(".expected.json"))
        share = 100.0 * right / cells if cells else 0.0
        print(f"{name:<28} {made:>9} {share:>13.2f}% {'':>9}  ({lost} cells not in the files, each named by a finding; {len(problems)} problems)")
        if made < len(pairs["html"]):
            print(f"{name:<28} made {made} of {len(pairs['html'])} documents")
            failed = True
        if problems:
            failed = failed or share < args.floor
            with open(os.path.join(args.out, name + ".eval.txt"), "w") as f:
                f.write("\n".join(problems) + "\n")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
