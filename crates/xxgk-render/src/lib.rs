//! xxgk-render: the standard annual report written from its values — as a portal page, a Word
//! document, or any of the text conversions reports circulate in — and corpora of generated
//! reports whose every value and finding is known in advance.
//!
//! ```
//! use xxgk_core::TemplateId;
//! use xxgk_render::{render, Filled, Form};
//!
//! let report = Filled::blank("青禾市审计局", 2024, TemplateId::T2021);
//! let page = String::from_utf8(render(&report, Form::Md, "")).unwrap();
//! assert!(page.contains("青禾市审计局2024年政府信息公开工作年度报告"), "{page}");
//! ```

pub mod blocks;
pub mod cell;
pub mod filled;
pub mod forms;
pub mod grid;
pub mod synth;

pub use filled::{FillError, Filled};
pub use forms::Form;

/// The whole report in `form`, blank cells written as `blank`: only what `f` states, a
/// placeholder where it holds no text (see [`blocks::Voice::Author`]).
pub fn render(f: &Filled, form: Form, blank: &str) -> Vec<u8> {
    forms::render(&blocks::blocks(f, blank, blocks::Voice::Author), form, blocks::Voice::Author)
}
