//! The national templates as data (SPEC §2).
//!
//! One static description per template drives extraction (labels and aliases to match rows),
//! checks (row roles and column kinds), and the JSON schema. A local variant or a future template
//! is added here as data, not as branches in the extractor.

use std::fmt;

/// Which template a report follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TemplateId {
    /// 国办公开办函〔2021〕30号, reports on 2021 onwards.
    T2021,
    /// 国办公开办函〔2019〕60号, reports on 2019 and 2020.
    T2019,
    /// No recognisable template (free-form reports before 2019, or no tables at all).
    Other,
}

impl TemplateId {
    /// Every template, the one a report matched none of last.
    pub const ALL: [TemplateId; 3] = [TemplateId::T2021, TemplateId::T2019, TemplateId::Other];

    /// The key stored and exported: `2021`, `2019`, `other`.
    pub fn as_str(self) -> &'static str {
        match self {
            TemplateId::T2021 => "2021",
            TemplateId::T2019 => "2019",
            TemplateId::Other => "other",
        }
    }

    /// The template a report on `year` follows: 2021's from 2021 on, 2019's before.
    pub fn for_year(year: i32) -> TemplateId {
        if year >= 2021 {
            TemplateId::T2021
        } else {
            TemplateId::T2019
        }
    }

    /// The template named by its key (`2021`, `2019`); anything else is `Other`.
    pub fn from_key(key: &str) -> TemplateId {
        match key {
            "2021" => TemplateId::T2021,
            "2019" => TemplateId::T2019,
            _ => TemplateId::Other,
        }
    }

    /// 表三's layout: with the single （六）其他处理 row (`Some(true)`) or the three rows of 2021
    /// (`Some(false)`), as the report prints it; where it shows neither (a table cut off before
    /// them), this template's own.
    pub fn table3(self, single_other_row: Option<bool>) -> &'static TableDef {
        match single_other_row {
            Some(true) => &TABLE3_2019,
            Some(false) => &TABLE3_2021,
            None if self == TemplateId::T2021 => &TABLE3_2021,
            None => &TABLE3_2019,
        }
    }

    /// The 表二 layout of this template (`None` for free-form reports).
    pub fn table2(self) -> Option<&'static TableDef> {
        match self {
            TemplateId::T2021 => Some(&TABLE2_2021),
            TemplateId::T2019 => Some(&TABLE2_2019),
            TemplateId::Other => None,
        }
    }
}

impl fmt::Display for TemplateId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The three statistical tables of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TableId {
    /// 表二: 主动公开政府信息情况 (proactive disclosure).
    Table2,
    /// 表三: 收到和处理政府信息公开申请情况 (applications received and handled).
    Table3,
    /// 表四: 政府信息公开行政复议、行政诉讼情况 (administrative review and litigation).
    Table4,
}

impl TableId {
    /// The three tables, in the order the reports print them.
    pub const ALL: [TableId; 3] = [TableId::Table2, TableId::Table3, TableId::Table4];

    /// The JSON key: `table2`, `table3`, `table4`.
    pub fn key(self) -> &'static str {
        match self {
            TableId::Table2 => "table2",
            TableId::Table3 => "table3",
            TableId::Table4 => "table4",
        }
    }

    /// The name a reviewer uses, in `lang`: `表三（收到和处理政府信息公开申请情况）`.
    pub fn name(self, lang: crate::Lang) -> String {
        crate::i18n::text(lang, &format!("{}{}", crate::diagnostic::TABLE_NAMES, self.key()))
    }

    /// 表二, 表三, 表四.
    pub fn short_zh(self) -> &'static str {
        match self {
            TableId::Table2 => "表二",
            TableId::Table3 => "表三",
            TableId::Table4 => "表四",
        }
    }

    /// The table's place in [`crate::Report::tables`]: 0, 1, 2.
    pub fn index(self) -> usize {
        self as usize
    }
}

/// What a column may hold (SPEC §4 VALUE-DOMAIN).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A count: integer ≥ 0.
    Count,
    /// An amount (万元, 采购总金额): decimal ≥ 0.
    Amount,
    /// 本年增/减: signed integer.
    Delta,
}

/// One column of a template table.
#[derive(Debug, PartialEq)]
pub struct Column {
    /// The key in JSON, cell paths and stores: `natural_person`.
    pub key: &'static str,
    /// The heading exactly as the template prints it: `自然人`.
    pub label: &'static str,
    /// What its values may be.
    pub kind: Kind,
}

/// The part a 表三 row plays in the template's own arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Not part of any identity (表二, 表四 rows).
    Plain,
    /// 一、本年新收
    Received,
    /// 二、上年结转
    CarriedOver,
    /// One of the outcomes （一）…（六） that add up to （七）总计.
    Outcome,
    /// （七）总计
    Total,
    /// 四、结转下年度继续办理
    CarriedForward,
}

/// One row of a template table.
#[derive(Debug, PartialEq)]
pub struct RowDef {
    /// The key in JSON, cell paths and stores: `new_received`.
    pub key: &'static str,
    /// The label exactly as the template prints it.
    pub label: &'static str,
    /// Other wordings seen in real reports (abbreviations, older names).
    pub aliases: &'static [&'static str],
    /// The row's columns, in the template's order.
    pub columns: &'static [Column],
    /// The part it plays in 表三's arithmetic ([`Role::Plain`] in the other tables).
    pub role: Role,
}

impl RowDef {
    /// The label and its aliases.
    pub fn labels(&self) -> impl Iterator<Item = &'static str> {
        std::iter::once(self.label).chain(self.aliases.iter().copied())
    }
}

/// One table's layout in a template: which table it is and its rows.
#[derive(Debug, PartialEq)]
pub struct TableDef {
    /// Which of the three tables it is.
    pub id: TableId,
    /// Its rows, in the template's order.
    pub rows: &'static [RowDef],
}

const fn count(key: &'static str, label: &'static str) -> Column {
    Column { key, label, kind: Kind::Count }
}

// ---- 表二 ----------------------------------------------------------------------------------

const DOCS_2021: &[Column] =
    &[count("issued", "本年制发件数"), count("repealed", "本年废止件数"), count("in_force", "现行有效件数")];
const DECISIONS_2021: &[Column] = &[count("decisions", "本年处理决定数量")];
const FEES_2021: &[Column] =
    &[Column { key: "amount", label: "本年收费金额（单位：万元）", kind: Kind::Amount }];

const DOCS_2019: &[Column] = &[
    count("new_made", "本年新制作数量"),
    count("new_published", "本年新公开数量"),
    count("total_published", "对外公开总数量"),
];
const ITEMS_2019: &[Column] = &[
    count("previous_items", "上一年项目数量"),
    Column { key: "change", label: "本年增/减", kind: Kind::Delta },
    count("decisions", "处理决定数量"),
];
const FEES_2019: &[Column] =
    &[count("previous_items", "上一年项目数量"), Column { key: "change", label: "本年增/减", kind: Kind::Delta }];
const PROCUREMENT_2019: &[Column] =
    &[count("items", "采购项目数量"), Column { key: "amount", label: "采购总金额", kind: Kind::Amount }];

const fn plain(
    key: &'static str,
    label: &'static str,
    aliases: &'static [&'static str],
    columns: &'static [Column],
) -> RowDef {
    RowDef { key, label, aliases, columns, role: Role::Plain }
}

/// 表二 of the 2021 template: documents issued, decisions made, fees collected.
pub static TABLE2_2021: TableDef = TableDef {
    id: TableId::Table2,
    rows: &[
        plain("regulations", "规章", &[], DOCS_2021),
        plain("normative_documents", "行政规范性文件", &["规范性文件"], DOCS_2021),
        plain("administrative_licensing", "行政许可", &[], DECISIONS_2021),
        plain("administrative_punishment", "行政处罚", &[], DECISIONS_2021),
        plain("administrative_coercion", "行政强制", &[], DECISIONS_2021),
        plain("administrative_fees", "行政事业性收费", &[], FEES_2021),
    ],
};

/// 表二 of the 2019 template: documents made and published, items and their yearly change,
/// procurement.
pub static TABLE2_2019: TableDef = TableDef {
    id: TableId::Table2,
    rows: &[
        plain("regulations", "规章", &[], DOCS_2019),
        plain("normative_documents", "规范性文件", &["行政规范性文件"], DOCS_2019),
        plain("administrative_licensing", "行政许可", &[], ITEMS_2019),
        plain("other_management_services", "其他对外管理服务事项", &[], ITEMS_2019),
        plain("administrative_punishment", "行政处罚", &[], ITEMS_2019),
        plain("administrative_coercion", "行政强制", &[], ITEMS_2019),
        plain("administrative_fees", "行政事业性收费", &[], FEES_2019),
        plain("government_procurement", "政府集中采购", &[], PROCUREMENT_2019),
    ],
};

// ---- 表三 ----------------------------------------------------------------------------------

/// 表三's seven applicant columns.
pub const APPLICANT_COLUMNS: &[Column] = &[
    count("natural_person", "自然人"),
    count("commercial_enterprise", "商业企业"),
    count("research_institution", "科研机构"),
    count("social_welfare_organization", "社会公益组织"),
    count("legal_service_institution", "法律服务机构"),
    count("other", "其他"),
    count("total", "总计"),
];

const fn t3(key: &'static str, label: &'static str, aliases: &'static [&'static str], role: Role) -> RowDef {
    RowDef { key, label, aliases, columns: APPLICANT_COLUMNS, role }
}

macro_rules! table3_rows {
    ($($other:expr),+ $(,)?) => {
        &[
            t3("new_received", "一、本年新收政府信息公开申请数量", &["本年新收申请数量"], Role::Received),
            t3("carried_over", "二、上年结转政府信息公开申请数量", &["上年结转申请数量"], Role::CarriedOver),
            t3("granted", "（一）予以公开", &[], Role::Outcome),
            t3("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", &["部分公开"], Role::Outcome),
            t3("withheld_state_secret", "1.属于国家秘密", &[], Role::Outcome),
            t3("withheld_prohibited_by_law", "2.其他法律行政法规禁止公开", &[], Role::Outcome),
            t3("withheld_three_safeties_one_stability", "3.危及“三安全一稳定”", &[], Role::Outcome),
            t3("withheld_third_party_rights", "4.保护第三方合法权益", &[], Role::Outcome),
            t3("withheld_internal_affairs", "5.属于三类内部事务信息", &[], Role::Outcome),
            t3("withheld_process_information", "6.属于四类过程性信息", &[], Role::Outcome),
            t3("withheld_law_enforcement_files", "7.属于行政执法案卷", &[], Role::Outcome),
            t3("withheld_administrative_query", "8.属于行政查询事项", &[], Role::Outcome),
            t3("unable_not_held", "1.本机关不掌握相关政府信息", &[], Role::Outcome),
            t3("unable_needs_creation", "2.没有现成信息需要另行制作", &[], Role::Outcome),
            t3("unable_unclear_after_correction", "3.补正后申请内容仍不明确", &[], Role::Outcome),
            t3("not_processed_petition_complaint", "1.信访举报投诉类申请", &[], Role::Outcome),
            t3("not_processed_repeated", "2.重复申请", &[], Role::Outcome),
            t3("not_processed_publication", "3.要求提供公开出版物", &[], Role::Outcome),
            t3("not_processed_excessive", "4.无正当理由大量反复申请", &[], Role::Outcome),
            t3("not_processed_confirm_reissue", "5.要求行政机关确认或重新出具已获取信息", &[], Role::Outcome),
            $($other,)+
            t3("total_processed", "（七）总计", &[], Role::Total),
            t3("carried_forward", "四、结转下年度继续办理", &["结转下年度继续办理"], Role::CarriedForward),
        ]
    };
}

/// 表三 with the three （六）其他处理 rows of the 2021 template.
pub static TABLE3_2021: TableDef = TableDef {
    id: TableId::Table3,
    rows: table3_rows![
        t3(
            "other_no_correction",
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            &[],
            Role::Outcome
        ),
        t3(
            "other_unpaid_fee",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            &[],
            Role::Outcome
        ),
        t3("other_other", "3.其他", &[], Role::Outcome),
    ],
};

/// 表三 with the single （六）其他处理 row of the 2019 template (also seen under 2021 表二).
pub static TABLE3_2019: TableDef = TableDef {
    id: TableId::Table3,
    rows: table3_rows![t3("other_handling", "（六）其他处理", &[], Role::Outcome)],
};

// ---- 表四 ----------------------------------------------------------------------------------

const REVIEW_COLUMNS: &[Column] = &[
    count("upheld", "结果维持"),
    count("corrected", "结果纠正"),
    count("other", "其他结果"),
    count("pending", "尚未审结"),
    count("total", "总计"),
];

/// 表四, the same in both templates: reviews and lawsuits by outcome.
pub static TABLE4: TableDef = TableDef {
    id: TableId::Table4,
    rows: &[
        plain("review", "行政复议", &[], REVIEW_COLUMNS),
        plain("litigation_direct", "未经复议直接起诉", &[], REVIEW_COLUMNS),
        plain("litigation_after_review", "复议后起诉", &[], REVIEW_COLUMNS),
    ],
};

/// Every table layout, for the schema.
pub fn all_tables() -> [&'static TableDef; 5] {
    [&TABLE2_2021, &TABLE2_2019, &TABLE3_2021, &TABLE3_2019, &TABLE4]
}

/// Phrases that only one template's 表二 prints (SPEC §2 detection cues), compared on
/// [`crate::normalize::compact`] text.
pub const CUES_2021: &[&str] = &["本年制发件数", "本年废止件数", "现行有效件数", "本年处理决定数量", "本年收费金额"];
/// Phrases that only the 2019 template's 表二 prints.
pub const CUES_2019: &[&str] = &[
    "本年新制作数量",
    "本年新公开数量",
    "对外公开总数量",
    "上一年项目数量",
    "第二十条第(九)项",
    "政府集中采购",
    "采购项目数量",
];
/// Phrases of the three-row （六）其他处理 block of the 2021 表三.
pub const CUES_T3_2021: &[&str] = &["逾期不补正", "逾期未按收费通知", "不再处理其政府信息公开申请"];
