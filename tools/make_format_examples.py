#!/usr/bin/env python3
"""Write the bundled sample reports in the published formats: HTML portal pages (GBK, with an
honest and a lying charset declaration), DOCX with real merged cells (python-docx), XLSX with
merged regions (openpyxl), a PDF exported from the DOCX by LibreOffice (its 表三 crosses a page
break), another with a 表四 total that does not add up, a scanned PDF without a text layer (reportlab), a Word 97 .doc (LibreOffice), and a ZIP
of reports. Each beside its X.expected.json, like tools/make_examples.py.

Needs: pip install python-docx openpyxl reportlab; Debian libreoffice-writer-nogui fonts-noto-cjk.
Run from the repository root:  python3 tools/make_format_examples.py
"""
import html
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile

sys.path.insert(0, os.path.dirname(__file__))
from make_examples import (OUT, SECTIONS, T3_NOTE, make_report, prose, t2_blocks, t3_lines, t4_values,  # noqa: E402
                           write, write_expected)

from docx import Document  # noqa: E402
from docx.shared import Pt  # noqa: E402


def t3_grid(r):
    """表三 as a grid of (text, rowspan, colspan) rows, as the template prints it."""
    rows = [[(T3_NOTE, 3, 3), ("申请人情况", 1, 7)],
            [("自然人", 2, 1), ("法人或其他组织", 1, 5), ("总计", 2, 1)],
            [("商业企业", 1, 1), ("科研机构", 1, 1), ("社会公益组织", 1, 1), ("法律服务机构", 1, 1), ("其他", 1, 1)]]
    lines = list(t3_lines(r))
    n_result = sum(1 for g, _, _ in lines if not g.startswith(("一", "二", "四")))
    group_sizes = {}
    for g, _, _ in lines:
        group_sizes[g] = group_sizes.get(g, 0) + 1
    seen = set()
    first_result = True
    for group, label, vals in lines:
        cells = []
        if group.startswith(("一", "二", "四")):
            cells.append((group, 1, 3))
        else:
            if first_result:
                cells.append(("三、本年度办理结果", n_result, 1))
                first_result = False
            if label:
                if group not in seen:
                    cells.append((group, group_sizes[group], 1))
                cells.append((label, 1, 1))
            else:
                cells.append((group, 1, 2))
            seen.add(group)
        cells += [(v, 1, 1) for v in vals]
        rows.append(cells)
    return rows


def t2_grids(r):
    """Each 表二 block as a 4-column grid; the last cell of short rows spans the rest."""
    for head, cols, rows in t2_blocks(r):
        grid = [[(head, 1, 4)], [(c, 1, 1) for c in cols[:-1]] + [(cols[-1], 1, 5 - len(cols))]]
        for label, vals in rows:
            grid.append([(label, 1, 1)] + [(v, 1, 1) for v in vals[:-1]] + [(vals[-1], 1, 5 - len(cols))])
        yield grid


T4_GRID = [
    [("行政复议", 1, 5), ("行政诉讼", 1, 10)],
    [("结果维持", 2, 1), ("结果纠正", 2, 1), ("其他结果", 2, 1), ("尚未审结", 2, 1), ("总计", 2, 1),
     ("未经复议直接起诉", 1, 5), ("复议后起诉", 1, 5)],
    [(t, 1, 1) for t in ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2],
]


def html_table(rows):
    out = ['<table border="1" cellspacing="0" style="width:600px">']
    for row in rows:
        tds = []
        for text, rs, cs in row:
            attrs = (' rowspan="%d"' % rs if rs > 1 else "") + (' colspan="%d"' % cs if cs > 1 else "")
            tds.append('<td%s><p style="text-align:center"><span>%s</span></p></td>' % (attrs, html.escape(text)))
        out.append("<tr>" + "".join(tds) + "</tr>")
    out.append("</table>")
    return "\n".join(out)


def render_html(r, charset):
    p = prose(r)
    parts = ['<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=%s">' % charset,
             "<title>%s_青禾市人民政府门户网站</title><script>var nav = '<td>1</td>';</script></head><body>" % p["title"],
             '<div class="header"><nav><a href="/">首页</a> | <a href="/zwgk">政务公开</a></nav></div>',
             '<table width="100%"><tr><td>',  # portals nest the whole page in a layout table
             "<h1>%s</h1>" % p["title"], "<p>%s</p>" % p["intro"],
             "<p><strong>%s</strong></p><p>%s 朱镕基同志曾强调政务公开。</p>" % (SECTIONS[0], p["overview"]),
             "<p><strong>%s</strong></p>" % SECTIONS[1]]
    for grid in t2_grids(r):
        parts.append(html_table(grid))
    parts += ["<p><strong>%s</strong></p>" % SECTIONS[2], html_table(t3_grid(r)),
              "<p><strong>%s</strong></p>" % SECTIONS[3], html_table(T4_GRID + [[(v, 1, 1) for v in t4_values(r)]]),
              "<p><strong>%s</strong></p><p>%s</p>" % (SECTIONS[4], p["problems"]),
              "<p><strong>%s</strong></p><p>%s</p>" % (SECTIONS[5], p["other"]),
              "</td></tr></table>", "<footer><p>扫一扫在手机上查看当前页面</p><img src=\"qr.png\"></footer></body></html>"]
    return "\n".join(parts)


def placed(grid):
    """(row, column, text, rowspan, colspan) of each cell of a grid, skipping the positions that
    spans from earlier cells cover."""
    occupied = set()
    for ri, row in enumerate(grid):
        ci = 0
        for text, rs, cs in row:
            while (ri, ci) in occupied:
                ci += 1
            yield ri, ci, text, rs, cs
            occupied.update((rr, cc) for rr in range(ri, ri + rs) for cc in range(ci, ci + cs))
            ci += cs


def docx_table(doc, rows, width):
    table = doc.add_table(rows=len(rows), cols=width)
    table.style = "Table Grid"
    for ri, ci, text, rs, cs in placed(rows):
        cell = table.cell(ri, ci)
        if rs > 1 or cs > 1:
            cell = cell.merge(table.cell(ri + rs - 1, ci + cs - 1))
        cell.text = text
    return table


def render_docx(r, path, long_intro=False):
    p = prose(r)
    doc = Document()
    doc.styles["Normal"].font.size = Pt(11)
    doc.add_heading(p["title"], level=1)
    doc.add_paragraph(p["intro"])
    doc.add_paragraph(SECTIONS[0])
    doc.add_paragraph(p["overview"])
    if long_intro:  # push 表三 across a page break in the PDF export
        for i in range(14):
            doc.add_paragraph("（%d）持续完善政务公开工作机制，加强政策解读，提升公开质量和实效，回应社会关切。" % (i + 1))
    doc.add_paragraph(SECTIONS[1])
    for grid in t2_grids(r):
        docx_table(doc, grid, 4)
    doc.add_paragraph(SECTIONS[2])
    docx_table(doc, t3_grid(r), 10)
    doc.add_paragraph(SECTIONS[3])
    docx_table(doc, T4_GRID + [[(v, 1, 1) for v in t4_values(r)]], 15)
    doc.add_paragraph(SECTIONS[4])
    doc.add_paragraph(p["problems"])
    doc.add_paragraph(SECTIONS[5])
    doc.add_paragraph(p["other"])
    doc.save(path)


def render_xlsx(r, path):
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "年报"
    p = prose(r)
    row = 1

    def put_grid(grid):
        nonlocal row
        for ri, ci, text, rs, cs in placed(grid):
            v = text
            try:
                v = int(text)
            except ValueError:
                try:
                    v = float(text)
                except ValueError:
                    pass
            ws.cell(row=row + ri, column=ci + 1, value=v)
            if rs > 1 or cs > 1:
                ws.merge_cells(start_row=row + ri, start_column=ci + 1, end_row=row + ri + rs - 1, end_column=ci + cs)
        row += len(grid)

    for text in [p["title"], p["intro"], SECTIONS[0], p["overview"], SECTIONS[1]]:
        ws.cell(row=row, column=1, value=text)
        row += 1
    for head, cols, rows in t2_blocks(r):
        grid = [[(head, 1, 4)], [(c, 1, 1) for c in cols]]
        for label, vals in rows:
            grid.append([(label, 1, 1)] + [(v, 1, 1) for v in vals])
        put_grid(grid)
    ws.cell(row=row, column=1, value=SECTIONS[2])
    row += 1
    put_grid(t3_grid(r))
    ws.cell(row=row, column=1, value=SECTIONS[3])
    row += 1
    put_grid(T4_GRID + [[(v, 1, 1) for v in t4_values(r)]])
    for text in [SECTIONS[4], p["problems"], SECTIONS[5], p["other"]]:
        ws.cell(row=row, column=1, value=text)
        row += 1
    wb.save(path)


def soffice_convert(src, fmt, dest):
    tmp = tempfile.mkdtemp()
    subprocess.run(["soffice", "--headless", "--norestore", "-env:UserInstallation=file://%s/profile" % tmp,
                    "--convert-to", fmt, "--outdir", tmp, src], check=True, stdout=subprocess.DEVNULL)
    out = os.path.join(tmp, os.path.splitext(os.path.basename(src))[0] + "." + fmt.split(":")[0])
    shutil.move(out, dest)
    shutil.rmtree(tmp)


def render_scan(path):
    """A page that shows a table as pictures only: lines and boxes, no text layer."""
    from reportlab.pdfgen import canvas
    c = canvas.Canvas(path)
    for i in range(26):
        c.line(60, 760 - i * 18, 540, 760 - i * 18)
    for x in range(60, 541, 48):
        c.line(x, 760, x, 760 - 25 * 18)
    c.rect(60, 780, 300, 20, fill=1)
    c.showPage()
    c.save()


def main():
    i = make_report(11, "青禾市交通运输局", 2023, "2021", 7)
    write("i-portal-page-gbk.html", render_html(i, "gb2312"), i, encoding="gb18030")
    i2 = make_report(12, "青禾市溪山区财政局", 2024, "2021", 2)
    write("i-portal-page-lying-charset.html", render_html(i2, "utf-8"), i2, encoding="gb18030")

    j = make_report(13, "青禾市水利局", 2023, "2021", 5)
    render_docx(j, os.path.join(OUT, "j-word.docx"))
    write_expected("j-word.docx", j)

    k = make_report(14, "青禾市统计局", 2022, "2021", 3)
    render_xlsx(k, os.path.join(OUT, "k-workbook.xlsx"))
    write_expected("k-workbook.xlsx", k)

    m = make_report(15, "青禾市住房和城乡建设局", 2023, "2021", 9)
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "l-word-export.docx")
        render_docx(m, src, long_intro=True)
        soffice_convert(src, "pdf", os.path.join(OUT, "l-word-export.pdf"))
        write_expected("l-word-export.pdf", m)
        # A PDF with an error a reviewer must see in its place: 表四's 行政复议 总计 off by 2.
        p = make_report(17, "青禾市林业局", 2023, "2021", 6)
        p["table4"]["review"][4] += 2
        src = os.path.join(tmp, "p-word-export-errors.docx")
        render_docx(p, src)
        soffice_convert(src, "pdf", os.path.join(OUT, "p-word-export-errors.pdf"))
        write_expected("p-word-export-errors.pdf", p, findings=["T4-SUM"])
        n = make_report(16, "青禾市审计局", 2023, "2021", 2)
        src = os.path.join(tmp, "o-word97.docx")
        render_docx(n, src)
        soffice_convert(src, "doc:MS Word 97", os.path.join(OUT, "o-word97.doc"))
        write_expected("o-word97.doc", n)

    render_scan(os.path.join(OUT, "m-scan.pdf"))
    with open(os.path.join(OUT, "m-scan.expected.json"), "w", encoding="utf-8") as f:
        json.dump({"template": "other", "complete": {"table2": False, "table3": False, "table4": False},
                   "_findings": ["NO-TEXT-LAYER"]}, f, ensure_ascii=False, indent=2)
        f.write("\n")

    with zipfile.ZipFile(os.path.join(OUT, "n-reports.zip"), "w", zipfile.ZIP_DEFLATED) as z:
        z.write(os.path.join(OUT, "j-word.docx"), "水利局/2023年报.docx")
        z.write(os.path.join(OUT, "b-word-tsv.txt"), "教育局/2024年报.txt")
        z.writestr("__MACOSX/._x", b"junk")


if __name__ == "__main__":
    main()
