//! The output forms: the publication formats (HTML, DOCX) and the text conversions reports
//! circulate in (markdown, Word's tab-separated text, portal scrapes, one cell per line, and the
//! space-aligned text of a PDF).

mod docx;
mod html;
mod layout;
mod text;
mod xlsx;

pub use xlsx::workbook;

use crate::blocks::{Block, Voice};

/// A form a report is written in: a publication format or a text conversion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Form {
    /// An HTML page: the article alone, or, for a generated document, a portal page around it.
    Html,
    /// Markdown, the tables as pipe tables.
    Md,
    /// A Word document (DOCX) with real merged cells.
    Docx,
    /// Word's "save as text": a table row per line, its cells separated by tabs.
    Tsv,
    /// A portal page scraped to text: each cell on its own line followed by `|`.
    Pipes,
    /// One cell per line, with no mark between cells.
    Lines,
    /// What `pdftotext -layout` makes of a PDF export: space-aligned columns, wrapped labels and
    /// page numbers.
    Layout,
}

impl Form {
    /// Every form, in the order the command line offers them.
    pub const ALL: [Form; 7] = [Form::Html, Form::Md, Form::Docx, Form::Tsv, Form::Pipes, Form::Lines, Form::Layout];

    /// The key the command line and sample file stems name the form by: `html`, `md`, `docx`,
    /// `tsv`, `pipes`, `lines`, `layout`.
    pub fn name(self) -> &'static str {
        match self {
            Form::Html => "html",
            Form::Md => "md",
            Form::Docx => "docx",
            Form::Tsv => "tsv",
            Form::Pipes => "pipes",
            Form::Lines => "lines",
            Form::Layout => "layout",
        }
    }

    /// The form named by its key ([`Form::name`]).
    pub fn from_name(s: &str) -> Option<Form> {
        Form::ALL.into_iter().find(|f| f.name() == s)
    }

    /// The file extension a rendered file gets.
    pub fn extension(self) -> &'static str {
        match self {
            Form::Html => "html",
            Form::Md => "md",
            Form::Docx => "docx",
            Form::Tsv | Form::Pipes | Form::Lines | Form::Layout => "txt",
        }
    }

    /// Whether a blank cell can be written as nothing at all. Forms that write one cell per
    /// line (or align cells by spaces) lose an empty cell without trace, so a report in those
    /// forms always marks its blanks (`/`, `—`), as real ones do.
    pub fn keeps_empty_cells(self) -> bool {
        matches!(self, Form::Html | Form::Md | Form::Docx | Form::Tsv)
    }

    /// Whether the form is a text conversion of a paged or scraped document, where page
    /// numbers, wrapped labels and duplicated merged cells occur.
    pub fn is_conversion(self) -> bool {
        !matches!(self, Form::Html | Form::Docx)
    }
}

/// A letter (a 审核意见) as a Word document: the blocks in the 公文 layout with a page number
/// at the foot of every page.
pub fn letter_docx(blocks: &[Block]) -> Vec<u8> {
    docx::paged(blocks)
}

/// Write `blocks` in `form`. A generated test document's HTML is a portal page around the
/// article, as reports are found on the web; an author's is the publishable page alone.
pub fn render(blocks: &[Block], form: Form, voice: Voice) -> Vec<u8> {
    match form {
        Form::Html => html::render(blocks, voice == Voice::Synthetic).into_bytes(),
        Form::Docx => docx::render(blocks),
        Form::Md => text::markdown(blocks).into_bytes(),
        Form::Tsv => text::tsv(blocks).into_bytes(),
        Form::Pipes => text::pipes(blocks).into_bytes(),
        Form::Lines => text::lines(blocks).into_bytes(),
        Form::Layout => layout::render(blocks).into_bytes(),
    }
}
