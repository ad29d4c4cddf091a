//! Between zjlint's byte spans and the protocol's (line, UTF-16 column) positions.
//!
//! Everything here is a pure function of the text, so it is unit-tested exactly below.

use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::model::Span;
use crate::source::{SourceFile, Unit};
use lsp_types as lsp;
use std::ops::Deref;

/// The `source` of every diagnostic the server publishes.
pub const SOURCE: &str = "zjlint";

/// An open document's text and its line index: the [`SourceFile`] every renderer reads, with
/// the protocol's positions (0-based line, UTF-16 column) on top. Lines end at `\n`, `\r\n`
/// and a lone `\r` here as in the editor, so the server's copy follows every change exactly.
#[derive(Debug, Clone)]
pub struct Text(SourceFile);

impl Deref for Text {
    type Target = SourceFile;
    fn deref(&self) -> &SourceFile {
        &self.0
    }
}

impl Text {
    pub fn new(text: String) -> Self {
        Text(SourceFile::protocol(String::new(), text))
    }

    /// Protocol position of a byte offset (0-based line, UTF-16 column).
    pub fn position(&self, offset: usize) -> lsp::Position {
        let pos = self.0.position(offset);
        lsp::Position::new(
            crate::model::saturating_u32(pos.line.saturating_sub(1)),
            crate::model::saturating_u32(pos.utf16_column),
        )
    }

    pub fn range(&self, span: &Span) -> lsp::Range {
        lsp::Range::new(self.position(span.start), self.position(span.end))
    }

    /// Byte offset of a protocol position, clamped to its line and to the text.
    pub fn offset(&self, position: lsp::Position) -> usize {
        self.0.offset_at(
            position.line as usize,
            position.character as usize,
            Unit::Utf16,
        )
    }

    /// Apply one `didChange` content change: a whole new text, or a replacement of a range.
    pub fn apply(&mut self, change: &lsp::TextDocumentContentChangeEvent) {
        match change.range {
            None => self.0.set_text(change.text.clone()),
            Some(range) => {
                let span = self.offset(range.start)..self.offset(range.end);
                self.0.replace_range(span, &change.text);
            }
        }
    }

    /// How lines end in this text, for inserted lines.
    pub fn eol(&self) -> &'static str {
        self.0.eol()
    }
}

pub fn severity(severity: Severity) -> lsp::DiagnosticSeverity {
    match severity {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
    }
}

/// A finding as the editor shows it. The rule's help and docs are served by hover.
pub fn diagnostic(text: &Text, d: &Diagnostic) -> lsp::Diagnostic {
    lsp::Diagnostic {
        range: text.range(&d.span()),
        severity: Some(severity(d.severity())),
        code: Some(lsp::NumberOrString::String(d.code().to_string())),
        source: Some(SOURCE.to_string()),
        message: d.message.to_string(),
        ..Default::default()
    }
}

/// A fix's edits as protocol edits. They all refer to the text before any of them is applied,
/// as both zjlint and the protocol require.
pub fn text_edits(text: &Text, fix: &Fix) -> Vec<lsp::TextEdit> {
    fix.edits
        .iter()
        .map(|edit| lsp::TextEdit::new(text.range(&edit.span), edit.replacement.to_string()))
        .collect()
}

/// The comment that silences `code` on the next line: HTML comment in Markdown, `//` in text.
pub fn suppression_directive(code: &str, markdown: bool) -> String {
    if markdown {
        format!("<!-- zjlint-disable-next-line {code} -->")
    } else {
        format!("// zjlint-disable-next-line {code}")
    }
}

/// Insert the directive for `code` as a new line above 0-based `line`.
pub fn suppression_edit(text: &Text, line: u32, code: &str, markdown: bool) -> lsp::TextEdit {
    let at = lsp::Position::new(line, 0);
    let new_text = format!("{}{}", suppression_directive(code, markdown), text.eol());
    lsp::TextEdit::new(lsp::Range::new(at, at), new_text)
}

/// Does `inner` lie within `outer`, ends included (a cursor just after a finding still hits it)?
pub fn touches(outer: &lsp::Range, inner: &lsp::Range) -> bool {
    let le = |a: &lsp::Position, b: &lsp::Position| (a.line, a.character) <= (b.line, b.character);
    le(&outer.start, &inner.end) && le(&inner.start, &outer.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Applicability, Edit};

    fn pos(line: u32, character: u32) -> lsp::Position {
        lsp::Position::new(line, character)
    }

    fn range(a: (u32, u32), b: (u32, u32)) -> lsp::Range {
        lsp::Range::new(pos(a.0, a.1), pos(b.0, b.1))
    }

    fn finding(span: Span, fix: Option<Fix>) -> Diagnostic {
        let mut d = Diagnostic::new(
            crate::diagnostic::RuleTag::new(
                "ZJ201",
                "placeholder-year",
                "placeholder",
                Severity::Error,
            ),
            "年份仍是占位符“20xx年”".into(),
            "填写实际年份".into(),
            span,
        );
        d.fix = fix.map(Box::new);
        d
    }

    #[test]
    fn ranges_count_utf16_units_after_astral_characters() {
        // 𠀀 (U+20000) is one character, four bytes, two UTF-16 units.
        let text = Text::new("标题\n𠀀20xx年，我局\n".to_string());
        let start = text.text.find("20xx").unwrap();
        let d = diagnostic(&text, &finding(start..start + "20xx年".len(), None));
        assert_eq!(d.range, range((1, 2), (1, 7)));
        assert_eq!(d.severity, Some(lsp::DiagnosticSeverity::ERROR));
        assert_eq!(d.code, Some(lsp::NumberOrString::String("ZJ201".into())));
        assert_eq!(d.source.as_deref(), Some("zjlint"));
        assert_eq!(d.message, "年份仍是占位符“20xx年”");
        assert_eq!(d.code_description, None);
    }

    #[test]
    fn a_leading_bom_is_one_unit_of_line_zero_as_the_protocol_counts() {
        let mut text = Text::new("\u{feff}甲".to_string());
        let jia = "\u{feff}".len();
        assert_eq!(text.position(jia), pos(0, 1));
        assert_eq!(text.offset(pos(0, 1)), jia);
        let d = diagnostic(&text, &finding(jia..jia + "甲".len(), None));
        assert_eq!(d.range, range((0, 1), (0, 2)));
        // The editor deletes the BOM: the server's copy must lose the BOM, not 甲.
        text.apply(&lsp::TextDocumentContentChangeEvent {
            range: Some(range((0, 0), (0, 1))),
            range_length: None,
            text: String::new(),
        });
        assert_eq!(text.text(), "甲");
        assert_eq!(text.position(text.text().len()), pos(0, 1));
    }

    #[test]
    fn crlf_and_end_of_text_positions() {
        let text = Text::new("一、甲\r\n𠀀乙".to_string());
        let end = text.text.len();
        assert_eq!(text.position(end), pos(1, 3));
        // The end of the first line's content, before \r\n.
        assert_eq!(text.position("一、甲".len()), pos(0, 3));
        // A span that takes the whole first line with its terminator ends at the next line.
        assert_eq!(
            text.range(&(0..text.text.find('𠀀').unwrap())),
            range((0, 0), (1, 0))
        );
        assert_eq!(text.eol(), "\r\n");
        // Positions past the line end clamp to it; past the text, to its end.
        assert_eq!(text.offset(pos(0, 99)), "一、甲".len());
        assert_eq!(text.offset(pos(9, 0)), end);
    }

    #[test]
    fn fix_edits_become_utf16_ranges() {
        let text = Text::new("𠀀（一）工作\n𠀀1、落实\n".to_string());
        let at = text.text.find("1、").unwrap() + 1;
        let fix = Fix {
            title: "改为“1.”".into(),
            edits: vec![
                Edit {
                    span: at..at + "、".len(),
                    replacement: ".".into(),
                },
                Edit {
                    span: 0..4,
                    replacement: crate::diagnostic::SharedText::empty(),
                },
            ]
            .into(),
            applicability: Applicability::Safe,
        };
        assert_eq!(
            text_edits(&text, &fix),
            vec![
                lsp::TextEdit::new(range((1, 3), (1, 4)), ".".into()),
                lsp::TextEdit::new(range((0, 0), (0, 2)), String::new()),
            ]
        );
    }

    #[test]
    fn suppression_lines_for_markdown_and_text() {
        let md = Text::new("# 标题\n一、甲\n".to_string());
        assert_eq!(
            suppression_edit(&md, 1, "ZJ101", true),
            lsp::TextEdit::new(
                range((1, 0), (1, 0)),
                "<!-- zjlint-disable-next-line ZJ101 -->\n".into()
            )
        );
        let txt = Text::new("标题\r\n一、甲\r\n".to_string());
        assert_eq!(
            suppression_edit(&txt, 0, "ZJ101", false).new_text,
            "// zjlint-disable-next-line ZJ101\r\n"
        );
    }

    #[test]
    fn incremental_changes_apply_utf16_ranges() {
        let mut text = Text::new("𠀀甲\n乙".to_string());
        let change = |range: Option<lsp::Range>, new: &str| lsp::TextDocumentContentChangeEvent {
            range,
            range_length: None,
            text: new.to_string(),
        };
        // Insert after 𠀀 (two units), replace 乙, append a line, delete 甲.
        text.apply(&change(Some(range((0, 2), (0, 2))), "20xx年"));
        assert_eq!(text.text, "𠀀20xx年甲\n乙");
        text.apply(&change(Some(range((1, 0), (1, 1))), "丙丁"));
        text.apply(&change(Some(range((1, 2), (1, 2))), "\n𠀀"));
        assert_eq!(text.text, "𠀀20xx年甲\n丙丁\n𠀀");
        text.apply(&change(Some(range((0, 7), (0, 8))), ""));
        assert_eq!(text.text, "𠀀20xx年\n丙丁\n𠀀");
        // Deleting across a line break, and a range given end-first, stay on char boundaries.
        text.apply(&change(Some(range((0, 7), (1, 1))), ""));
        assert_eq!(text.text, "𠀀20xx年丁\n𠀀");
        text.apply(&change(Some(range((1, 2), (1, 0))), "戊"));
        assert_eq!(text.text, "𠀀20xx年丁\n戊");
        // The line index follows the text.
        assert_eq!(text.position(text.text.len()), pos(1, 1));
        // A change without a range replaces everything.
        text.apply(&change(None, "全新"));
        assert_eq!(text.text, "全新");
        assert_eq!(text.index().line_count(), 1);
    }

    #[test]
    fn cr_only_document_follows_the_editor() {
        // Old Mac line ends: the editor counts three lines. Each change lands where the editor
        // put it, so the server's copy stays the editor's text.
        let mut text = Text::new("一、甲\r二、乙\r三、丙".to_string());
        let change = |range: lsp::Range, new: &str| lsp::TextDocumentContentChangeEvent {
            range: Some(range),
            range_length: None,
            text: new.to_string(),
        };
        text.apply(&change(range((1, 3), (1, 3)), "丁"));
        assert_eq!(text.text, "一、甲\r二、乙丁\r三、丙");
        text.apply(&change(range((2, 0), (2, 1)), "四"));
        assert_eq!(text.text, "一、甲\r二、乙丁\r四、丙");
        // A new line typed in the middle, then an edit on the line after it.
        text.apply(&change(range((0, 3), (0, 3)), "\r𠀀"));
        text.apply(&change(range((1, 2), (1, 2)), "戊"));
        assert_eq!(text.text, "一、甲\r𠀀戊\r二、乙丁\r四、丙");
        assert_eq!(text.position(text.text.find('四').unwrap()), pos(3, 0));
        assert_eq!(text.eol(), "\r");
        assert_eq!(
            suppression_edit(&text, 3, "ZJ101", false).new_text,
            "// zjlint-disable-next-line ZJ101\r"
        );
    }

    #[test]
    fn touching_ranges() {
        let finding = range((1, 2), (1, 7));
        assert!(touches(&range((1, 7), (1, 7)), &finding));
        assert!(touches(&range((0, 0), (5, 0)), &finding));
        assert!(!touches(&range((1, 8), (1, 9)), &finding));
        assert!(!touches(&range((0, 0), (1, 1)), &finding));
    }
}
