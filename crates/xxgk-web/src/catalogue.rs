//! Every text of the workspace's pages, in Chinese and English, by key: pages and handlers name
//! the key, never a language.

use xxgk_core::Lang;

const TEXTS: &[(&str, &str, &str)] = &[
    ("app", "政府信息公开工作年度报告审核", "Annual report review"),
    ("reports", "报告", "Reports"),
    ("report", "报告", "Report"),
    ("organ", "机关", "Organ"),
    ("year", "年度", "Year"),
    ("template", "模板", "Template"),
    ("level", "层级", "Level"),
    ("region", "地区", "Region"),
    ("errors", "错误", "Errors"),
    ("warnings", "警告", "Warnings"),
    ("format", "格式", "Format"),
    ("source", "来源文件", "Source file"),
    ("code", "问题代码", "Finding code"),
    ("severity", "严重程度", "Severity"),
    ("any", "全部", "any"),
    ("error", "错误", "error"),
    ("warning", "警告", "warning"),
    ("text", "正文检索", "Text search"),
    ("sort", "排序", "Sort"),
    ("sort_organ", "按机关", "by organ"),
    ("sort_year", "按年度（新在前）", "by year (newest first)"),
    ("sort_errors", "按错误数", "by errors"),
    ("filter", "筛选", "Filter"),
    ("total", "共 {n} 份报告", "{n} reports"),
    ("page", "第 {p} / {n} 页", "page {p} of {n}"),
    ("previous", "上一页", "previous"),
    ("next", "下一页", "next"),
    ("none", "没有符合条件的报告", "No report matches"),
    ("findings", "发现的问题", "Findings"),
    ("no_findings", "没有发现问题", "No findings"),
    ("tables", "表格", "Tables"),
    ("published", "发布日期", "Published"),
    ("unknown", "未识别", "unknown"),
    ("blank", "空", "blank"),
    ("corrections", "更正记录", "Corrections"),
    ("no_corrections", "没有更正", "No corrections"),
    ("correct", "更正单元格", "Correct a cell"),
    ("cell", "单元格", "Cell"),
    ("value", "更正后的数值（留空表示空白）", "Corrected value (empty for blank)"),
    ("reason", "理由", "Reason"),
    ("author", "审核人", "Reviewer"),
    ("save", "保存更正", "Save correction"),
    ("saved", "已保存，发布值保留不变", "Saved; the published value is kept"),
    ("when", "时间", "When"),
    ("no_report", "没有这份报告", "No such report"),
    ("csrf", "请求缺少有效的安全令牌（CSRF），已拒绝", "refused: the request lacks a valid CSRF token"),
    ("reason_author", "请填写理由和审核人", "a reason and a reviewer are required"),
    ("switch", "English", "中文"),
    ("confirm", "确认问题", "Confirm"),
    ("organ_page", "机关各年度", "The organ across years"),
    ("no_organ", "没有这个机关", "No such organ"),
    ("names", "署名", "Signed as"),
    ("division", "行政区划代码", "Division code"),
    ("across", "跨年度核对", "Checks across years"),
    ("figures", "主要数据", "Key figures"),
    ("changes", "与上年相比变化的数值", "Values changed from the year before"),
    ("no_changes", "没有变化", "No change"),
    ("cells_changed", "{n} 格变化", "{n} cells changed"),
    ("dismiss", "不是问题", "Not a problem"),
    ("reopen", "重新打开", "Reopen"),
    ("state_open", "待审核", "open"),
    ("state_confirmed", "已确认", "confirmed"),
    ("state_dismissed", "不是问题", "dismissed"),
    ("dismiss_reason", "不是问题的理由", "Why it is not a problem"),
    ("reviewed", "已审核", "Reviewed"),
    ("status", "审核状态", "Review"),
    ("corrected_note", "更正不覆盖发布的数值；问题按发布的数值列出，“xxgk check --db --corrected”按更正后的数值复核", "Corrections never overwrite the published values; findings are of the published values (xxgk check --db --corrected re-checks the corrected ones)"),
];

/// The text of `key` in `lang`; the key itself where the catalogue lacks it.
pub fn text(lang: Lang, key: &str) -> &str {
    TEXTS.iter().find(|(k, _, _)| *k == key).map_or(key, |(_, zh, en)| if lang == Lang::En { en } else { zh })
}

/// Every text of `lang` by key, for the templates.
pub fn all(lang: Lang) -> std::collections::BTreeMap<&'static str, &'static str> {
    TEXTS.iter().map(|(k, zh, en)| (*k, if lang == Lang::En { *en } else { *zh })).collect()
}
