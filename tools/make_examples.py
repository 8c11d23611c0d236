#!/usr/bin/env python3
"""Write the bundled sample reports in examples/: made-up organs and numbers, the real template
labels, one file per text form a report circulates in, each with X.expected.json beside it.

The expected files hold the values as written (as `xxgk eval` compares them) and, under
`_findings`, the finding codes a correct checker must report (the tests assert them).

Run from the repository root:  python3 tools/make_examples.py
"""
import json
import os
import random

OUT = "examples"

T2_2021 = [
    ("第二十条第（一）项", ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
     [("regulations", "规章"), ("normative_documents", "行政规范性文件")]),
    ("第二十条第（五）项", ["信息内容", "本年处理决定数量"], [("administrative_licensing", "行政许可")]),
    ("第二十条第（六）项", ["信息内容", "本年处理决定数量"],
     [("administrative_punishment", "行政处罚"), ("administrative_coercion", "行政强制")]),
    ("第二十条第（八）项", ["信息内容", "本年收费金额（单位：万元）"], [("administrative_fees", "行政事业性收费")]),
]
T2_2019 = [
    ("第二十条第（一）项", ["信息内容", "本年新制作数量", "本年新公开数量", "对外公开总数量"],
     [("regulations", "规章"), ("normative_documents", "规范性文件")]),
    ("第二十条第（五）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
     [("administrative_licensing", "行政许可"), ("other_management_services", "其他对外管理服务事项")]),
    ("第二十条第（六）项", ["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
     [("administrative_punishment", "行政处罚"), ("administrative_coercion", "行政强制")]),
    ("第二十条第（八）项", ["信息内容", "上一年项目数量", "本年增/减"], [("administrative_fees", "行政事业性收费")]),
    ("第二十条第（九）项", ["信息内容", "采购项目数量", "采购总金额"], [("government_procurement", "政府集中采购")]),
]

# (key, group label, row label); group labels repeat for the rows under them.
T3_HEAD = [("new_received", "一、本年新收政府信息公开申请数量", ""),
           ("carried_over", "二、上年结转政府信息公开申请数量", "")]
T3_OUTCOMES = [
    ("granted", "（一）予以公开", ""),
    ("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""),
    ("withheld_state_secret", "（三）不予公开", "1.属于国家秘密"),
    ("withheld_prohibited_by_law", "（三）不予公开", "2.其他法律行政法规禁止公开"),
    ("withheld_three_safeties_one_stability", "（三）不予公开", "3.危及“三安全一稳定”"),
    ("withheld_third_party_rights", "（三）不予公开", "4.保护第三方合法权益"),
    ("withheld_internal_affairs", "（三）不予公开", "5.属于三类内部事务信息"),
    ("withheld_process_information", "（三）不予公开", "6.属于四类过程性信息"),
    ("withheld_law_enforcement_files", "（三）不予公开", "7.属于行政执法案卷"),
    ("withheld_administrative_query", "（三）不予公开", "8.属于行政查询事项"),
    ("unable_not_held", "（四）无法提供", "1.本机关不掌握相关政府信息"),
    ("unable_needs_creation", "（四）无法提供", "2.没有现成信息需要另行制作"),
    ("unable_unclear_after_correction", "（四）无法提供", "3.补正后申请内容仍不明确"),
    ("not_processed_petition_complaint", "（五）不予处理", "1.信访举报投诉类申请"),
    ("not_processed_repeated", "（五）不予处理", "2.重复申请"),
    ("not_processed_publication", "（五）不予处理", "3.要求提供公开出版物"),
    ("not_processed_excessive", "（五）不予处理", "4.无正当理由大量反复申请"),
    ("not_processed_confirm_reissue", "（五）不予处理", "5.要求行政机关确认或重新出具已获取信息"),
]
T3_OTHER_2021 = [
    ("other_no_correction", "（六）其他处理", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("other_unpaid_fee", "（六）其他处理", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("other_other", "（六）其他处理", "3.其他"),
]
T3_OTHER_2019 = [("other_handling", "（六）其他处理", "")]
T3_TAIL = [("total_processed", "（七）总计", ""), ("carried_forward", "四、结转下年度继续办理", "")]
T4_KEYS = ["review", "litigation_direct", "litigation_after_review"]
APPLICANTS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
SECTIONS = ["一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
            "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"]


def t3_rows(template):
    rows = T3_HEAD + T3_OUTCOMES + (T3_OTHER_2021 if template == "2021" else T3_OTHER_2019) + T3_TAIL
    return rows


def make_report(seed, agency, year, template, scale):
    """Consistent made-up figures for one organ."""
    rnd = random.Random(seed)
    n = lambda hi: rnd.randint(0, hi) if hi > 0 else 0
    t2 = {}
    if template == "2021":
        t2["regulations"] = [0, 0, 0]
        t2["normative_documents"] = [n(3), n(2), 4 + n(20)]
        t2["administrative_licensing"] = [n(scale * 40)]
        t2["administrative_punishment"] = [n(scale * 10)]
        t2["administrative_coercion"] = [n(scale)]
        t2["administrative_fees"] = [round(rnd.uniform(0, scale * 50), 4)]
    else:
        t2["regulations"] = [0, 0, 0]
        t2["normative_documents"] = [n(4), n(4), 10 + n(30)]
        for k in ["administrative_licensing", "other_management_services", "administrative_punishment",
                  "administrative_coercion"]:
            t2[k] = [n(80), rnd.randint(-5, 5), n(scale * 10)]
        t2["administrative_fees"] = [n(6), rnd.randint(-2, 2)]
        t2["government_procurement"] = [n(12), round(rnd.uniform(0, 900), 2)]
    rows = t3_rows(template)
    outcome_keys = [k for k, _, _ in rows if k not in ("new_received", "carried_over", "total_processed", "carried_forward")]
    t3 = {}
    cols = []
    for c in range(6):
        busy = c in (0, 1, 5) or scale > 5
        outs = {k: (n(scale) if busy and rnd.random() < 0.4 else 0) for k in outcome_keys}
        total = sum(outs.values())
        carried_over = n(2) if busy else 0
        forward = n(2) if busy else 0
        received = total + forward - carried_over
        if received < 0:
            forward -= received
            received = 0
        cols.append(dict(outs, new_received=received, carried_over=carried_over, total_processed=total,
                         carried_forward=forward))
    for k, _, _ in rows:
        vals = [cols[c][k] for c in range(6)]
        t3[k] = vals + [sum(vals)]
    t4 = {}
    for k in T4_KEYS:
        g = [n(scale // 3), n(2), n(2), n(1)]
        t4[k] = g + [sum(g)]
    return {
        "agency": agency, "year": year, "template": template,
        "complete": {"table2": True, "table3": True, "table4": True},
        "table2": t2, "table3": t3, "table4": t4,
        "narrative": {"proactive_total": 50 + n(scale * 200), "applications_received": t3["new_received"][6]},
    }


def fmt(v):
    if v is None:
        return "/"
    if isinstance(v, float):
        return ("%.4f" % v).rstrip("0").rstrip(".")
    return str(v)


def fmt_signed(key, i, v, template):
    """2019 本年增/减 is printed with its sign."""
    if template == "2019" and i == 1 and key not in ("regulations", "normative_documents", "government_procurement") and v is not None and v > 0:
        return "+%d" % v
    return fmt(v)


def prose(r):
    y = r["year"]
    return {
        "intro": "本报告依据《中华人民共和国政府信息公开条例》编制。报告中所列数据的统计期限自%d年1月1日起至%d年12月31日止。"
                 "如对本报告有疑问，请与%s办公室联系（电话：0000-1234567）。" % (y, y, r["agency"]),
        "overview": "%d年，%s认真贯彻落实政务公开工作部署。全年主动公开政府信息%d条，收到政府信息公开申请%d件，均按期答复。"
                    % (y, r["agency"], r["narrative"]["proactive_total"], r["narrative"]["applications_received"]),
        "problems": "政策解读形式还不够丰富。下一步将加强培训，提升公开质量。",
        "other": "本年度未收取政府信息公开信息处理费。" if r["template"] == "2021" else "无其他需要报告的事项。",
        "title": "%s%d年政府信息公开工作年度报告" % (r["agency"], y),
    }


def t2_blocks(r):
    spec = T2_2021 if r["template"] == "2021" else T2_2019
    for head, cols, rows in spec:
        yield head, cols, [(label, [fmt_signed(k, i, v, r["template"]) for i, v in enumerate(r["table2"][k])]) for k, label in rows]


def t3_lines(r):
    """(group, label, values) for every 表三 row."""
    for k, group, label in t3_rows(r["template"]):
        yield group, label, [fmt(v) for v in r["table3"][k]]


def t4_values(r):
    return [fmt(v) for k in T4_KEYS for v in r["table4"][k]]


T4_HEAD1 = ["行政复议", "", "", "", "", "行政诉讼"]
T4_HEAD2 = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉", "", "", "", "", "复议后起诉"]
T4_HEAD3 = [""] * 5 + ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2
T3_NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"


# ---- the text forms --------------------------------------------------------------------------

def render_markdown(r):
    p = prose(r)
    out = ["# " + p["title"], "", p["intro"], "", "## " + SECTIONS[0], "", p["overview"], "", "## " + SECTIONS[1], ""]
    for head, cols, rows in t2_blocks(r):
        width = 4
        out.append("| " + " | ".join([head] + [""] * (width - 1)) + " |")
        out.append("|" + "---|" * width)
        out.append("| " + " | ".join(cols + [""] * (width - len(cols))) + " |")
        for label, vals in rows:
            cells = [label] + vals
            out.append("| " + " | ".join(cells + [""] * (width - len(cells))) + " |")
        out.append("")
    out += ["## " + SECTIONS[2], "", "| " + T3_NOTE + " | | | 申请人情况 | | | | | | |", "|" + "---|" * 10,
            "| | | | 自然人 | 法人或其他组织 | | | | | 总计 |", "| | | | | 商业企业 | 科研机构 | 社会公益组织 | 法律服务机构 | 其他 | |"]
    last_group = None
    for group, label, vals in t3_lines(r):
        g = group if group != last_group else ""
        last_group = group
        if group.startswith(("一", "二", "四")):
            cells = [group, "", ""]
        else:
            cells = ["三、本年度办理结果" if group == "（一）予以公开" else "", g, label]
        out.append("| " + " | ".join(cells + vals) + " |")
    out += ["", "## " + SECTIONS[3], "", "| " + " | ".join(T4_HEAD1 + [""] * 9) + " |", "|" + "---|" * 15,
            "| " + " | ".join(T4_HEAD2 + [""] * 4) + " |", "| " + " | ".join(T4_HEAD3) + " |",
            "| " + " | ".join(t4_values(r)) + " |", ""]
    out += ["## " + SECTIONS[4], "", p["problems"], "", "## " + SECTIONS[5], "", p["other"], ""]
    return "\n".join(out)


def render_tsv(r):
    """Word's "save as text": tab-separated, merged cells padded with empty cells."""
    p = prose(r)
    out = [p["title"], p["intro"], SECTIONS[0], p["overview"], SECTIONS[1]]
    for head, cols, rows in t2_blocks(r):
        out.append(head + "\t\t\t")
        out.append("\t".join(cols) + "\t" * (4 - len(cols)))
        for label, vals in rows:
            out.append("\t".join([label] + vals) + "\t" * (3 - len(vals)))
        out.append("")
    out += [SECTIONS[2], T3_NOTE + "\t\t申请人情况\t\t\t\t\t\t总计\t", "\t\t自然人\t法人或其他组织\t\t\t\t\t\t",
            "\t\t\t商业企业\t科研机构\t社会公益组织\t法律服务机构\t其他\t\t"]
    last_group = None
    for group, label, vals in t3_lines(r):
        if group.startswith(("一", "二", "四")):
            out.append(group + "\t\t" + "\t".join(vals) + "\t")
            continue
        g = group if group != last_group else ""
        last_group = group
        lead = "三、本年度办理结果" if group == "（一）予以公开" else ""
        if label:
            out.append("\t".join([lead, g, label] + vals))
        else:
            out.append("\t".join([lead, g] + vals) + "\t")
    out += ["", SECTIONS[3], "\t".join(T4_HEAD1) + "\t" * 9, "\t".join(T4_HEAD2) + "\t" * 4, "\t".join(T4_HEAD3),
            "\t".join(t4_values(r)), "", SECTIONS[4], p["problems"], SECTIONS[5], p["other"], ""]
    return "\n".join(out)


def render_pipes(r):
    """A portal page scraped to text: one cell per line, each ending in ' |', padding as '|||'."""
    p = prose(r)
    out = ["- 发布机构:" + r["agency"], "- 公文生成日期:%d-01-20" % (r["year"] + 1), SECTIONS[0], p["intro"] + p["overview"], SECTIONS[1]]
    for head, cols, rows in t2_blocks(r):
        out += [head + " |", "|||"] + [c + " |" for c in cols] + ["|" * (5 - len(cols))]
        for label, vals in rows:
            out += [label + " |"] + [v + " |" for v in vals] + ["|" * (4 - len(vals))]
    out += [SECTIONS[2], T3_NOTE + " |", "申请人情况 |", "||||||||", "自 然 人 |", "法人或其他组织 |", "总计 |", "|||||||"]
    out += [a + " |" for a in APPLICANTS[1:]] + ["|||||"]
    for group, label, vals in t3_lines(r):
        if label:
            out += [label + " |"]
        else:
            out += [group + " |"]
        out += [v + " |" for v in vals] + ["||"]
    out += [SECTIONS[3]] + [h + " |" for h in T4_HEAD2 if h] + [v + " |" for v in t4_values(r)]
    out += [SECTIONS[4], p["problems"], SECTIONS[5], p["other"]]
    return "\n".join(out)


def render_cells(r):
    """One cell per line, as some converters write Word tables."""
    p = prose(r)
    out = [p["title"], "", p["intro"], "", SECTIONS[0], "", p["overview"], "", SECTIONS[1], ""]
    for head, cols, rows in t2_blocks(r):
        out += ["\t" + head] + cols
        for label, vals in rows:
            out += [label] + vals
    out += ["", SECTIONS[2], "", T3_NOTE, "申请人情况", "自然人", "法人或其他组织", "总计"] + APPLICANTS[1:]
    last_group = None
    for group, label, vals in t3_lines(r):
        if group != last_group:
            if group == "（一）予以公开":
                out.append("三、本年度办理结果")
            out.append(group)
        last_group = group
        if label:
            out.append(label)
        out += vals
    out += ["", SECTIONS[3], ""] + [h for h in T4_HEAD2 if h] + t4_values(r)
    out += ["", SECTIONS[4], p["problems"], SECTIONS[5], p["other"], ""]
    return "\n".join(out)


def pad(s, w):
    """Pad to display width w (CJK characters are two columns wide)."""
    width = sum(2 if ord(c) > 0x2E80 else 1 for c in s)
    return s + " " * max(1, w - width)


def render_layout(r):
    """What `pdftotext -layout` makes of a Word-exported PDF: aligned columns, a vertical group
    label one character per line, labels wrapped above/around their numbers, page numbers."""
    p = prose(r)
    out = ["            " + r["agency"], "      %d 年政府信息公开工作年度报告" % r["year"], ""]
    # Prose wrapped at 30 characters, as a PDF line would.
    def wrap(t):
        return ["   " + t[i:i + 30] for i in range(0, len(t), 30)]
    out += wrap(p["intro"]) + ["   " + SECTIONS[0]] + wrap(p["overview"]) + ["", "                                           -1-"]
    out += ["   " + SECTIONS[1]]
    for head, cols, rows in t2_blocks(r):
        out += ["              " + head, "", "       " + "".join(pad(c, 16) for c in cols), ""]
        for label, vals in rows:
            out.append(pad(label, 18) + "".join(pad(v, 12) for v in vals))
        out.append("")
    out += ["                  " + SECTIONS[2], "                                                              申请人情况",
            "                                                         法人或其他组织",
            "（本列数据的勾稽关系为：第一项加第二项之和，等",
            "于第三项加第四项之和）",
            "                                             自然人         社会 法律                总计",
            "                                                   商业 科研", "                                                         公益 服务 其他",
            "                                                   企业 机构", "                                                         组织 机构", ""]
    vertical = list("三、本年度办理结果")
    last_group = None
    for i, (group, label, vals) in enumerate(t3_lines(r)):
        numbers = "".join(v.rjust(6) for v in vals)
        if group.startswith(("一", "二", "四")):
            out.append(pad(group, 44) + numbers)
            continue
        if group != last_group and group.startswith("（三）"):
            out.append("                  " + group)
        last_group = group
        side = vertical.pop(0) + " " if vertical and i % 2 == 0 else "   "
        if not label:
            if len(group) > 12:
                out.append(side + "               " + group[:19])
                out.append("                                            " + numbers)
                out.append("                  " + group[19:])
            else:
                out.append(side + "               " + pad(group, 26) + numbers)
        elif len(label) > 16:
            out.append(side + "                         " + label[:14])
            out.append(pad("                            " + label[14:30], 44) + numbers)
            if label[30:]:
                out.append("                            " + label[30:])
        else:
            out.append(side + "                         " + pad(label, 19) + numbers)
        if i == 11:
            out += ["", "                                                                        -3-"]
    out += ["", "     " + SECTIONS[3], "          行政复议                              行政诉讼", "",
            "                              未经复议直接起诉                  复议后起诉", "",
            "结果   结果     其他   尚未", "                    总 计 结果 结果 其他 尚未     结果 结果 其他 尚未",
            "维持   纠正     结果   审结                                               总计",
            "                        维持 纠正 结果 审结     维持 纠正 结果 审结", "", "",
            "".join(v.ljust(5) for v in t4_values(r)), "", "     " + SECTIONS[4]]
    out += wrap(p["problems"]) + ["  " + SECTIONS[5]] + wrap(p["other"]) + ["", "                          -5-", ""]
    return "\n".join(out)


def write_expected(name, expected, findings=()):
    """X.expected.json beside X.<ext>: the values, and the findings a checker must report."""
    exp = dict(expected)
    exp["_findings"] = sorted(findings)
    stem = name.rsplit(".", 1)[0]
    with open(os.path.join(OUT, stem + ".expected.json"), "w", encoding="utf-8") as f:
        json.dump(exp, f, ensure_ascii=False, indent=2)
        f.write("\n")


def write(name, text, expected, encoding="utf-8", findings=()):
    path = os.path.join(OUT, name)
    data = text.encode(encoding)
    if encoding == "utf-16-le":
        data = b"\xff\xfe" + data
    with open(path, "wb") as f:
        f.write(data)
    write_expected(name, expected, findings)


def main():
    os.makedirs(OUT, exist_ok=True)
    a = make_report(1, "青禾市人力资源和社会保障局", 2023, "2021", 8)
    write("a-markdown.md", render_markdown(a), a)

    b = make_report(2, "青禾市溪山区教育局", 2024, "2021", 3)
    b["table2"]["administrative_coercion"] = [None]  # written as '/'
    write("b-word-tsv.txt", render_tsv(b), b)

    c = make_report(3, "青禾市自然资源和规划局", 2023, "2021", 12)
    write("c-portal-pipes.txt", render_pipes(c), c)

    d = make_report(4, "松岭县桐木镇人民政府", 2023, "2021", 1)
    d["table2"]["administrative_fees"] = [None]
    write("d-one-cell-per-line.txt", render_cells(d), d)

    e = make_report(5, "青禾市人民政府", 2024, "2021", 40)
    write("e-pdf-layout.txt", render_layout(e), e)

    f = make_report(6, "青禾市溪山区市场监督管理局", 2020, "2019", 6)
    write("f-2019-template-gbk.txt", render_tsv(f), f, encoding="gb18030")

    # An inconsistent report: the checker must find every planted error, and nothing else.
    g = make_report(7, "松岭县卫生健康委员会", 2023, "2021", 4)
    g["table3"]["carried_forward"][0] += 1
    g["table3"]["carried_forward"][6] += 1
    g["table4"]["review"][4] += 2
    g["narrative"]["applications_received"] += 3
    g["table2"]["regulations"] = [1, 0, 1]
    write("g-inconsistent-utf16.txt", render_tsv(g), g, encoding="utf-16-le",
          findings=["T3-FLOW", "T3-FLOW", "T4-SUM", "NARRATIVE-MISMATCH", "T2-REGULATIONS-AUTHORITY"])

    # A report on 2021 still in the 2019 layout, cut off inside 表三, 表四 missing.
    h = make_report(8, "青禾市溪山区民政局", 2021, "2019", 2)
    full = render_markdown(h)
    cut = full.index("| | | 6.属于四类过程性信息") if "| | | 6.属于四类过程性信息" in full else full.index("6.属于四类过程性信息")
    cut = full.rfind("\n", 0, cut)
    truncated = full[:cut] + "\n\n## " + SECTIONS[4] + "\n\n" + prose(h)["problems"] + "\n"
    keep = [k for k, _, _ in t3_rows("2019")][:9]
    h["table3"] = {k: h["table3"][k] for k in keep}
    h["complete"] = {"table2": True, "table3": False, "table4": False}
    del h["table4"]
    write("h-truncated-2019-on-2021.md", truncated, h,
          findings=["ROW-MISSING", "TABLE-MISSING", "TEMPLATE-YEAR", "SECTION-MISSING", "SECTION-MISSING", "FEE-NOT-REPORTED"])


if __name__ == "__main__":
    main()
