//! The default output: miette diagnostics in Chinese with the offending text labelled (in a
//! window of its line, see [`super::window`]). The summary line that follows them is
//! [`super::summary`]'s.

use super::window::Window;
use super::FileReport;
use crate::diagnostic::Severity;
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan};
use std::collections::HashMap;
use std::fmt;

/// One finding as miette sees it.
struct Finding<'a> {
    message: String,
    code: &'a str,
    severity: Severity,
    help: String,
    label: LabeledSpan,
    source: &'a Window,
}

impl fmt::Debug for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl fmt::Display for Finding<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}
impl std::error::Error for Finding<'_> {}

impl miette::Diagnostic for Finding<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(self.code))
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(match self.severity {
            Severity::Error => miette::Severity::Error,
            Severity::Warning => miette::Severity::Warning,
            Severity::Info => miette::Severity::Advice,
        })
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        Some(Box::new(&self.help))
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(self.label.clone())))
    }
}

/// Lines shown above and below a finding's lines.
const CONTEXT_LINES: usize = 1;
/// Columns of the report, as miette lays it out.
const WIDTH: usize = 100;
/// Columns before a message's lines (`  × `, `  │ `) and a help's (`  help: `).
const MESSAGE_INDENT: usize = 4;
const HELP_INDENT: usize = 8;

/// Messages and helps wrapped to the report's width, each distinct text once. miette would
/// wrap them for every finding, and a rule's texts recur on each of its findings: on a page
/// with 100,000 findings that was half the report's time. miette, told not to wrap, indents
/// these lines as it indents its own.
#[derive(Default)]
struct Wrapped {
    /// Wrapped texts by indent and text.
    texts: HashMap<usize, HashMap<String, String>>,
    /// How many texts `texts` holds.
    count: usize,
}

/// Wrapped texts kept at most, from file to file (a rule's help recurs in every file): then
/// they are forgotten, and wrapped again as they come.
const WRAPPED_KEPT: usize = 4096;

thread_local! {
    /// The texts wrapped on this thread, for every file it reports.
    static WRAPPED: std::cell::RefCell<Wrapped> = std::cell::RefCell::new(Wrapped::default());
}

impl Wrapped {
    fn get(&mut self, text: &str, indent: usize) -> String {
        if let Some(wrapped) = self.texts.get(&indent).and_then(|texts| texts.get(text)) {
            return wrapped.clone();
        }
        if fits_on_one_line(text, indent) {
            return text.to_string();
        }
        if self.count >= WRAPPED_KEPT {
            self.texts.clear();
            self.count = 0;
        }
        self.count += 1;
        let texts = self.texts.entry(indent).or_default();
        // Wrapped as miette does (its width less two, after the indent), then unindented.
        let pad = " ".repeat(indent);
        let options = textwrap::Options::new(WIDTH - 2)
            .initial_indent(&pad)
            .subsequent_indent(&pad);
        let wrapped = textwrap::fill(text, options)
            .split('\n')
            .map(|line| line.strip_prefix(pad.as_str()).unwrap_or(line))
            .collect::<Vec<_>>()
            .join("\n");
        texts.insert(text.to_string(), wrapped.clone());
        wrapped
    }
}

/// Whether `text`, after `indent` columns, fits on one line of the report as it is: then
/// wrapping leaves it unchanged, and is not run (it splits the text at every character a line
/// may break after, and most messages fit).
fn fits_on_one_line(text: &str, indent: usize) -> bool {
    let plain = |c: char| !c.is_whitespace() || c == ' ';
    text.chars().all(plain)
        && text.trim() == text
        && indent + textwrap::core::display_width(text) <= WIDTH - 2
}

pub fn render(reports: &[FileReport], color: bool) -> String {
    let mut human = Human::new(color);
    reports.iter().map(|report| human.file(report)).collect()
}

/// The human report, made file by file (a streamed run renders each file as it is linted).
pub struct Human {
    handler: GraphicalReportHandler,
}

impl Human {
    pub fn new(color: bool) -> Self {
        let theme = if color {
            GraphicalTheme::unicode()
        } else {
            GraphicalTheme::unicode_nocolor()
        };
        let handler = GraphicalReportHandler::new_themed(theme)
            .with_context_lines(CONTEXT_LINES)
            .with_width(WIDTH)
            .with_wrap_lines(false);
        Human { handler }
    }

    /// One file's findings, each followed by a blank line (nothing when it has none).
    pub fn file(&mut self, report: &FileReport) -> String {
        let mut out = String::new();
        for d in &report.diagnostics {
            out.push_str(&self.finding(report, d));
        }
        out
    }

    /// [`Human::file`] written finding by finding: a file with very many findings is never
    /// held rendered.
    pub fn write_file(
        &mut self,
        report: &FileReport,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        for d in &report.diagnostics {
            out.write_all(self.finding(report, d).as_bytes())?;
        }
        Ok(())
    }

    /// One finding, followed by a blank line.
    fn finding(&mut self, report: &FileReport, d: &crate::diagnostic::Diagnostic) -> String {
        let source = Window::new(&report.file, &d.span(), CONTEXT_LINES);
        let finding = Finding {
            message: WRAPPED.with_borrow_mut(|w| w.get(&d.message, MESSAGE_INDENT)),
            code: d.code(),
            severity: d.severity(),
            help: WRAPPED.with_borrow_mut(|w| w.get(&d.help, HELP_INDENT)),
            label: LabeledSpan::new_with_span(None, source.label()),
            source: &source,
        };
        let mut shown = String::new();
        if self.handler.render_report(&mut shown, &finding).is_err() {
            shown = format!("{finding}\n");
        }
        let mut shown = in_paragraphs(report, &d.span(), shown);
        shown.push('\n');
        shown
    }
}

/// A .docx finding's header names its paragraph and character (`[报告.docx 第12段 第5字]`)
/// instead of the line and column miette writes, with the automatic number the reader sees
/// before the paragraph when the finding starts there.
fn in_paragraphs(report: &FileReport, span: &crate::model::Span, shown: String) -> String {
    let crate::source::Origin::Docx(map) = &report.origin else {
        return shown;
    };
    let region = report.file.region(span);
    let at = report.file.position(region.start);
    let header = format!("[{}:{}:{}]", report.file.name(), at.line, at.column);
    let (paragraph, column) = map.paragraph_position(report.file.index(), region.start);
    let label = match map.label(paragraph - 1) {
        Some(label) if column == 1 => format!("（自动编号“{label}”）"),
        _ => String::new(),
    };
    let place = format!(
        "[{} 第{paragraph}段 第{column}字{label}]",
        report.file.name()
    );
    shown.replacen(&header, &place, 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn handler(theme: GraphicalTheme, wrap: bool) -> GraphicalReportHandler {
        GraphicalReportHandler::new_themed(theme)
            .with_context_lines(CONTEXT_LINES)
            .with_width(WIDTH)
            .with_wrap_lines(wrap)
    }

    #[test]
    fn wrapping_once_lays_out_as_miette_does() {
        let message = format!(
            "{}见 https://example.com/一个很长的地址-that-cannot-break-anywhere-0123456789",
            "年份仍是占位符“20xx年”，没有填写实际年份；".repeat(5)
        );
        let help = format!(
            "{}\n第二行：{}",
            "把“20xx年”改成实际年份，例如“2024年”。".repeat(4),
            "甲乙 ".repeat(30)
        );
        let file = SourceFile::new("a.txt", "标题\n20xx年\n");
        let window = Window::new(&file, &(7..14), CONTEXT_LINES);
        let mut wrapped = Wrapped::default();
        for severity in [Severity::Error, Severity::Warning, Severity::Info] {
            for theme in [GraphicalTheme::unicode_nocolor(), GraphicalTheme::unicode()] {
                let finding = |message: String, help: String| Finding {
                    message,
                    code: "ZJ302",
                    severity,
                    help,
                    label: LabeledSpan::new_with_span(None, window.label()),
                    source: &window,
                };
                let mut ours = String::new();
                let ours_finding = finding(
                    wrapped.get(&message, MESSAGE_INDENT),
                    wrapped.get(&help, HELP_INDENT),
                );
                handler(theme.clone(), false)
                    .render_report(&mut ours, &ours_finding)
                    .unwrap();
                let mut theirs = String::new();
                handler(theme, true)
                    .render_report(&mut theirs, &finding(message.clone(), help.clone()))
                    .unwrap();
                assert_eq!(ours, theirs);
                assert!(ours.lines().count() > 12, "{ours}");
            }
        }
    }

    proptest::proptest! {
        /// A text that fits on one line reads as textwrap would wrap it, at each indent.
        #[test]
        fn a_text_left_unwrapped_is_what_wrapping_gives(
            wide in proptest::prop_oneof![0..50usize, 43..49usize],
            head in "[ 甲a\t\n]{0,3}",
            tail in "[ 甲乙，。a-z0-9“”\u{3000}\t\n\u{1b}\\[m]{0,12}",
            indent in proptest::sample::select(vec![MESSAGE_INDENT, HELP_INDENT]),
        ) {
            // Around the width where a line is full, with spaces, breaks and escapes anywhere.
            let text = format!("{head}{}{tail}", "甲".repeat(wide));
            let pad = " ".repeat(indent);
            let options = textwrap::Options::new(WIDTH - 2)
                .initial_indent(&pad)
                .subsequent_indent(&pad);
            let slow = textwrap::fill(&text, options)
                .split('\n')
                .map(|line| line.strip_prefix(pad.as_str()).unwrap_or(line))
                .collect::<Vec<_>>()
                .join("\n");
            proptest::prop_assert_eq!(Wrapped::default().get(&text, indent), slow);
        }
    }

    #[test]
    fn wrapped_texts_kept_are_bounded_and_wrap_the_same_when_forgotten() {
        let mut wrapped = Wrapped::default();
        let long = |k: usize| format!("{k}{}", "甲".repeat(60));
        let first = wrapped.get(&long(0), HELP_INDENT);
        assert!(first.contains('\n'), "{first}");
        for k in 1..WRAPPED_KEPT + 10 {
            wrapped.get(&long(k), HELP_INDENT);
            let held: usize = wrapped.texts.values().map(|texts| texts.len()).sum();
            assert!(held <= WRAPPED_KEPT && held == wrapped.count, "{held}");
        }
        assert!(!wrapped.texts[&HELP_INDENT].contains_key(&long(0)));
        assert_eq!(wrapped.get(&long(0), HELP_INDENT), first);
    }

    #[test]
    fn texts_that_fit_a_line_and_no_more_are_left_unwrapped() {
        // 45 two-column characters and a space: 91 columns, after 4 or 8 of indent (98 fit).
        let text = format!("{} {}", "甲".repeat(22), "乙".repeat(23));
        assert!(fits_on_one_line(&text, MESSAGE_INDENT));
        assert!(!fits_on_one_line(&text, HELP_INDENT));
        assert!(!fits_on_one_line(&format!("{text}\n"), MESSAGE_INDENT));
        assert!(!fits_on_one_line(&format!(" {text}"), MESSAGE_INDENT));
        let mut wrapped = Wrapped::default();
        assert_eq!(wrapped.get(&text, MESSAGE_INDENT), text);
        // After 8 columns, 90 are left: a line may break after any Chinese character.
        assert_eq!(
            wrapped.get(&text, HELP_INDENT),
            format!("{} {}\n乙", "甲".repeat(22), "乙".repeat(22))
        );
    }

    #[test]
    fn windows_on_a_long_chinese_line_fit_the_report_width() {
        use crate::diagnostic::{Diagnostic, RuleTag};
        use unicode_width::UnicodeWidthStr;
        let filler = "甲".repeat(300);
        let text = format!("标题\n{filler}20xx年{filler}{}{filler}\n", "乙".repeat(200));
        let finding = |span: crate::model::Span| {
            let tag = RuleTag::new("ZJ201", "placeholder-year", "placeholder", Severity::Error);
            Diagnostic::new(tag, "年份仍是占位符".into(), "填写实际年份".into(), span)
        };
        let year = text.find("20xx").unwrap();
        let long = text.find('乙').unwrap();
        let diagnostics = vec![
            finding(year..year + "20xx年".len()),
            finding(long..long + 200 * "乙".len()),
        ];
        let report = FileReport::new("a.txt".to_string(), text.clone(), diagnostics);
        let out = render(&[report], false);
        let shown: Vec<&str> = out.lines().filter(|line| line.contains('甲')).collect();
        assert_eq!(shown.len(), 2, "{out}");
        for line in out.lines() {
            assert!(line.width() <= WIDTH, "{} columns: {line}", line.width());
        }
        // Without the gutter (` 2 │ `), the short finding's line is 40 columns either side.
        let first = shown[0].split_once("│ ").unwrap().1;
        assert_eq!(first.width(), 1 + 40 + 6 + 40 + 1, "{first}");
    }
}
