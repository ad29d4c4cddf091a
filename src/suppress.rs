//! Suppression directives written in the document: a writer silences findings in place.
//!
//! ```text
//! <!-- zjlint-disable ZJ101 -->  …  <!-- zjlint-enable -->
//! <!-- zjlint-disable-next-line ZJ301 -- 原文如此 -->
//! 某行文字 <!-- zjlint-disable-line ZJ301 -->
//! <!-- zjlint-disable-file -->
//! // zjlint-disable-next-line placeholder      (plain text: on a line of its own, // or #)
//! ```
//! Targets are rule codes, code prefixes, names or categories (as in zjlint.toml), separated by
//! spaces or commas; none means every rule; a reason may follow `--`. The directives are read
//! from the text before the rules run and applied to their findings in [`crate::lint::lint`].
//! A directive naming an unknown rule is reported (ZJ001, `invalid-suppression`); a target that
//! suppressed nothing is reported as unused (ZJ002, `unused-suppression`). Both are rules of
//! rules/suppression.toml and can be turned off like any other.

use crate::catalogue::Catalogue;
use crate::checks::filled;
use crate::diagnostic::{Diagnostic, RuleTag};
use crate::lint::Settings;
use crate::model::Span;
use std::collections::BTreeSet;

const PREFIX: &str = "zjlint-";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verb {
    Disable,
    Enable,
    DisableNextLine,
    DisableLine,
    DisableFile,
}

impl Verb {
    fn parse(word: &str) -> Option<Verb> {
        Some(match word {
            "disable" => Verb::Disable,
            "enable" => Verb::Enable,
            "disable-next-line" => Verb::DisableNextLine,
            "disable-line" => Verb::DisableLine,
            "disable-file" => Verb::DisableFile,
            _ => return None,
        })
    }
}

/// What one target of a directive silences.
#[derive(Debug, Clone)]
struct Target {
    /// Rule codes it names; `None` for a directive without targets (every rule).
    codes: Option<BTreeSet<String>>,
    /// What to point at when it is unused: the target's own word, or the directive's name.
    span: Span,
    /// How to name it in the unused message.
    label: String,
    used: bool,
}

/// A byte range in which a target is in force.
#[derive(Debug, Clone)]
struct Region {
    range: Span,
    target: usize,
    /// Codes re-enabled inside the range (`zjlint-enable ZJ101` after `zjlint-disable`).
    except: BTreeSet<String>,
}

/// A disable that is still open, waiting for its enable.
struct Open {
    start: usize,
    target: usize,
    codes: Option<BTreeSet<String>>,
    except: BTreeSet<String>,
}

/// The directives of one document.
#[derive(Debug, Default)]
pub struct Suppressions {
    targets: Vec<Target>,
    regions: Vec<Region>,
    /// Spans of the directives themselves: findings inside them are not the document's.
    directives: Vec<Span>,
    /// Directives or targets that could not be understood: span and reason.
    invalid: Vec<(Span, String)>,
}

/// One directive found in the text.
struct Found {
    /// The whole directive (comment or line content).
    span: Span,
    /// Its name, `zjlint-…`, for messages about the directive itself.
    name: Span,
    /// The text after the name, and where it starts.
    rest: Span,
    /// Index of the line it stands on.
    line: usize,
    /// True when nothing but the directive is on its line.
    own_line: bool,
}

impl Suppressions {
    /// Read the directives of `text`. Targets are resolved against `catalogue`.
    pub fn parse(text: &str, catalogue: &Catalogue) -> Self {
        // Every directive's name starts with the prefix: a text without it has none, and
        // is not read line by line.
        if memchr::memmem::find(text.as_bytes(), PREFIX.as_bytes()).is_none() {
            return Suppressions::default();
        }
        let lines = line_spans(text);
        let mut found = Vec::new();
        for (i, line) in lines.iter().enumerate() {
            find_directives(text, line.clone(), i, &mut found);
        }
        let mut s = Suppressions::default();
        if found.is_empty() {
            return s;
        }
        let directive_lines: BTreeSet<usize> = found
            .iter()
            .filter(|f| f.own_line)
            .map(|f| f.line)
            .collect();
        let mut open: Vec<Open> = Vec::new();
        for f in &found {
            s.directives.push(f.span.clone());
            let name = &text[f.name.clone()];
            let Some(verb) = name.strip_prefix(PREFIX).and_then(Verb::parse) else {
                s.invalid
                    .push((f.name.clone(), format!("未知的指令“{name}”")));
                continue;
            };
            let targets = s.targets_of(text, f, catalogue);
            match verb {
                Verb::Enable => {
                    let codes = enable_codes(&s.targets, &targets);
                    close(
                        &mut open,
                        &mut s.regions,
                        f.span.start,
                        f.span.end,
                        codes.as_ref(),
                    );
                    // An enable only closes: its own targets are never "used".
                    s.targets.truncate(s.targets.len() - targets.len());
                }
                Verb::Disable => {
                    for t in targets {
                        open.push(Open {
                            start: f.span.end,
                            codes: s.targets[t].codes.clone(),
                            target: t,
                            except: BTreeSet::new(),
                        });
                    }
                }
                Verb::DisableNextLine => {
                    let next = (f.line + 1..lines.len()).find(|&j| {
                        !directive_lines.contains(&j) && !text[lines[j].clone()].trim().is_empty()
                    });
                    if let Some(j) = next {
                        s.add_regions(&targets, lines[j].clone());
                    }
                }
                Verb::DisableLine => {
                    let range = lines.get(f.line).cloned().unwrap_or(f.span.clone());
                    s.add_regions(&targets, range);
                }
                Verb::DisableFile => s.add_regions(&targets, 0..text.len()),
            }
        }
        close(&mut open, &mut s.regions, text.len(), text.len(), None);
        s
    }

    /// Parse the targets of a directive; return the indices of the new targets.
    fn targets_of(&mut self, text: &str, f: &Found, catalogue: &Catalogue) -> Vec<usize> {
        let rest = &text[f.rest.clone()];
        let mut words = Vec::new();
        let mut start = None;
        for (pos, c) in rest
            .char_indices()
            .chain(std::iter::once((rest.len(), ' ')))
        {
            let separator = c.is_whitespace() || matches!(c, ',' | '，' | '、' | ';' | '；');
            match (separator, start) {
                (true, Some(s)) => {
                    words.push(s..pos);
                    start = None;
                }
                (false, None) => start = Some(pos),
                _ => {}
            }
        }
        let mut added = Vec::new();
        for word in words {
            let token = &rest[word.clone()];
            if token == "--" || token.starts_with("--") {
                break; // the reason follows
            }
            let span = f.rest.start + word.start..f.rest.start + word.end;
            match crate::config::resolve_selector(catalogue, token) {
                Some(matched) => {
                    let codes = matched
                        .into_iter()
                        .filter_map(|i| catalogue.rules.get(i))
                        .map(|r| r.def.code.clone())
                        .collect();
                    self.targets.push(Target {
                        codes: Some(codes),
                        span,
                        label: token.to_string(),
                        used: false,
                    });
                    added.push(self.targets.len() - 1);
                }
                None => {
                    let reason = match crate::config::suggest_selector(catalogue, token) {
                        Some(s) => format!("没有名为“{token}”的规则（是不是“{s}”？）"),
                        None => format!("没有名为“{token}”的规则"),
                    };
                    self.invalid.push((span, reason));
                }
            }
        }
        // Every target unknown: the directive does nothing (already reported). No target at
        // all: it applies to every rule.
        if added.is_empty() && !self.invalid.iter().any(|(s, _)| f.rest.contains(&s.start)) {
            self.targets.push(Target {
                codes: None,
                span: f.name.clone(),
                label: text[f.name.clone()].to_string(),
                used: false,
            });
            added.push(self.targets.len() - 1);
        }
        added
    }

    fn add_regions(&mut self, targets: &[usize], range: Span) {
        for &target in targets {
            self.regions.push(Region {
                range: range.clone(),
                target,
                except: BTreeSet::new(),
            });
        }
    }

    /// Remove the findings the directives silence, marking the directives used. Findings
    /// inside a directive itself are dropped without counting.
    pub fn apply(&mut self, diagnostics: &mut Vec<Diagnostic>) {
        self.silence(diagnostics, true);
    }

    fn silence(&mut self, diagnostics: &mut Vec<Diagnostic>, drop_inside_directives: bool) {
        if self.directives.is_empty() {
            return;
        }
        diagnostics.retain(|d| {
            let start = d.span().start;
            if drop_inside_directives && self.directives.iter().any(|s| s.contains(&start)) {
                return false;
            }
            let mut silenced = false;
            for region in &self.regions {
                if !region.range.contains(&start) || region.except.contains(d.code().as_str()) {
                    continue;
                }
                let Some(target) = self.targets.get_mut(region.target) else {
                    continue;
                };
                if target
                    .codes
                    .as_ref()
                    .is_none_or(|c| c.contains(d.code().as_str()))
                {
                    target.used = true;
                    silenced = true;
                }
            }
            !silenced
        });
    }

    /// Findings about the directives: invalid ones (ZJ001) and unused targets (ZJ002), for
    /// the rules that run under `settings`. They can themselves be silenced by a directive.
    pub fn findings(&mut self, settings: &Settings) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        if let Some(active) = settings.active("invalid-suppression") {
            for (span, reason) in &self.invalid {
                out.push(make(active, span.clone(), &[("reason", reason)]));
            }
        }
        // Silencing the invalid-directive findings uses directives: count that first.
        self.silence(&mut out, false);
        if let Some(active) = settings.active("unused-suppression") {
            let mut unused = Vec::new();
            for target in &self.targets {
                if target.used || !runs_some(target, settings) {
                    continue;
                }
                unused.push(make(
                    active,
                    target.span.clone(),
                    &[("target", &target.label)],
                ));
            }
            self.silence(&mut unused, false);
            out.extend(unused);
        }
        out
    }
}

/// Is any rule the target names running? A directive about a rule the configuration turned
/// off is not reported as unused; nor is one that silences the unused reports themselves.
fn runs_some(target: &Target, settings: &Settings) -> bool {
    settings.rules.iter().any(|a| {
        a.rule.def.name != "unused-suppression"
            && target
                .codes
                .as_ref()
                .is_none_or(|c| c.contains(&a.rule.def.code))
    })
}

fn make(active: &crate::lint::ActiveRule, span: Span, args: &[(&str, &str)]) -> Diagnostic {
    let def = &active.rule.def;
    Diagnostic::new(
        RuleTag::new(&def.code, &def.name, &def.category, active.severity),
        filled(&def.message, args),
        filled(&def.help, args),
        span,
    )
}

/// The codes an enable re-enables: `None` for all.
fn enable_codes(targets: &[Target], new: &[usize]) -> Option<BTreeSet<String>> {
    let mut codes = BTreeSet::new();
    for &t in new {
        match targets.get(t).and_then(|t| t.codes.as_ref()) {
            Some(c) => codes.extend(c.iter().cloned()),
            None => return None,
        }
    }
    Some(codes)
}

/// Close open disables at `at` (for `codes`, or all); what stays disabled reopens at `resume`.
fn close(
    open: &mut Vec<Open>,
    regions: &mut Vec<Region>,
    at: usize,
    resume: usize,
    codes: Option<&BTreeSet<String>>,
) {
    let mut still = Vec::new();
    for o in open.drain(..) {
        let affected = match (codes, &o.codes) {
            (None, _) => true,
            (Some(_), None) => true,
            (Some(c), Some(own)) => !own.is_disjoint(c),
        };
        if !affected {
            still.push(o);
            continue;
        }
        regions.push(Region {
            range: o.start..at,
            target: o.target,
            except: o.except.clone(),
        });
        let Some(c) = codes else { continue };
        match o.codes {
            None => {
                let mut except = o.except;
                except.extend(c.iter().cloned());
                still.push(Open {
                    start: resume,
                    target: o.target,
                    codes: None,
                    except,
                });
            }
            Some(own) => {
                let left: BTreeSet<String> = own.difference(c).cloned().collect();
                if !left.is_empty() {
                    still.push(Open {
                        start: resume,
                        target: o.target,
                        codes: Some(left),
                        except: o.except,
                    });
                }
            }
        }
    }
    *open = still;
}

/// Byte spans of the lines, without their terminators (`\n`, `\r\n` or a lone `\r`).
fn line_spans(text: &str) -> Vec<Span> {
    let bytes = text.as_bytes();
    let mut lines = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        if matches!(bytes[i], b'\n' | b'\r') {
            lines.push(start..i);
            if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                i += 1;
            }
            start = i + 1;
        }
        i += 1;
    }
    lines.push(start..text.len());
    lines
}

/// Directives on one line: HTML comments `<!-- zjlint-… -->` anywhere, or the whole line when
/// it starts with `//` or `#` followed by `zjlint-`.
fn find_directives(text: &str, line: Span, index: usize, out: &mut Vec<Found>) {
    let content = &text[line.clone()];
    let trimmed = content.trim_start_matches([' ', '\t', '\u{3000}', '\u{feff}']);
    let lead = line.start + content.len() - trimmed.len();
    for marker in ["//", "#"] {
        if let Some(after) = trimmed.strip_prefix(marker) {
            let body = after.trim_start_matches([' ', '\t', '#', '/']);
            if body.starts_with(PREFIX) {
                let name_start = lead + trimmed.len() - body.len();
                let trimmed_end = line.start + content.trim_end().len();
                push_found(
                    text,
                    name_start..trimmed_end,
                    lead..trimmed_end,
                    index,
                    true,
                    out,
                );
                return;
            }
        }
    }
    let mut from = 0;
    while let Some(open) = content[from..].find("<!--") {
        let open = from + open;
        let inner_start = open + 4;
        let Some(close) = content[inner_start..].find("-->") else {
            break;
        };
        let close = inner_start + close;
        let inner = &content[inner_start..close];
        let body = inner.trim_start();
        if body.starts_with(PREFIX) {
            let name_start = line.start + inner_start + inner.len() - body.len();
            let body_end = line.start + inner_start + inner.trim_end().len();
            let span = line.start + open..line.start + close + 3;
            let own_line =
                content[..open].trim().is_empty() && content[close + 3..].trim().is_empty();
            push_found(text, name_start..body_end, span, index, own_line, out);
        }
        from = close + 3;
    }
}

fn push_found(
    text: &str,
    body: Span,
    span: Span,
    line: usize,
    own_line: bool,
    out: &mut Vec<Found>,
) {
    let s = &text[body.clone()];
    let name_len = s.find(char::is_whitespace).unwrap_or(s.len());
    out.push(Found {
        span,
        name: body.start..body.start + name_len,
        rest: body.start + name_len..body.end,
        line,
        own_line,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;
    use std::sync::Arc;

    /// A finding of `code` on every line that contains `mark`.
    fn findings(text: &str, code: &str, mark: &str) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            if let Some(p) = line.find(mark) {
                out.push(Diagnostic::new(
                    RuleTag::new(code, "r", "numbering", Severity::Warning),
                    "".into(),
                    "".into(),
                    offset + p..offset + p + mark.len(),
                ));
            }
            offset += line.len();
        }
        out
    }

    fn settings() -> Settings {
        static SETTINGS: std::sync::OnceLock<Settings> = std::sync::OnceLock::new();
        SETTINGS
            .get_or_init(|| {
                Settings::new(Arc::new(Catalogue::builtin().expect("built-in rules load")))
            })
            .clone()
    }

    /// Lines of the findings left after `apply`, and of the directive findings.
    fn run(text: &str, mark: &str) -> (Vec<usize>, Vec<(String, usize, String)>) {
        run_code(text, "ZJ001", mark)
    }

    fn run_code(text: &str, code: &str, mark: &str) -> (Vec<usize>, Vec<(String, usize, String)>) {
        let settings = settings();
        let mut s = Suppressions::parse(text, &settings.catalogue);
        let mut ds = findings(text, code, mark);
        s.apply(&mut ds);
        let index = crate::source::LineIndex::new(text);
        let left = ds
            .iter()
            .map(|d| index.position(text, d.span().start).line)
            .collect();
        let own = s
            .findings(&settings)
            .into_iter()
            .map(|d| {
                let line = index.position(text, d.span().start).line;
                (d.code().to_string(), line, text[d.span()].to_string())
            })
            .collect();
        (left, own)
    }

    #[test]
    fn lines_end_at_every_terminator() {
        let text = "甲\r\n乙\n丙\r丁";
        let lines: Vec<&str> = line_spans(text).into_iter().map(|l| &text[l]).collect();
        assert_eq!(lines, ["甲", "乙", "丙", "丁"]);
    }

    #[test]
    fn disable_next_line_silences_only_that_line() {
        let text = "甲★\n<!-- zjlint-disable-next-line ZJ001 -->\n\n乙★\n丙★\n";
        let (left, own) = run(text, "★");
        assert_eq!(left, vec![1, 5]);
        assert!(own.is_empty(), "{own:?}");
    }

    #[test]
    fn disable_enable_range() {
        let text = "甲★\n<!-- zjlint-disable ZJ001 -->\n乙★\n丙★\n<!-- zjlint-enable -->\n丁★\n";
        let (left, own) = run(text, "★");
        assert_eq!(left, vec![1, 6]);
        assert!(own.is_empty(), "{own:?}");
    }

    #[test]
    fn disable_all_then_enable_one_code() {
        let text = "<!-- zjlint-disable -->\n甲★\n<!-- zjlint-enable ZJ001 -->\n乙★\n";
        let (left, own) = run(text, "★");
        assert_eq!(left, vec![4]);
        assert!(own.is_empty(), "{own:?}");
    }

    #[test]
    fn disable_file_and_disable_line() {
        let (left, _) = run(
            "甲★\n<!-- zjlint-disable-file invalid-suppression -->\n乙★\n",
            "★",
        );
        assert!(left.is_empty());
        let (left, own) = run("甲★ <!-- zjlint-disable-line ZJ001 -->\n乙★\n", "★");
        assert_eq!(left, vec![2]);
        assert!(own.is_empty(), "{own:?}");
    }

    #[test]
    fn plain_text_directives() {
        let text =
            "// zjlint-disable-next-line ZJ001\n甲★\n# zjlint-disable-next-line ZJ0\n乙★\n丙★\n";
        let (left, own) = run(text, "★");
        assert_eq!(left, vec![5]);
        assert!(own.is_empty(), "{own:?}");
    }

    #[test]
    fn unknown_rule_and_unknown_directive_are_reported() {
        let text = "<!-- zjlint-disable-next-line ZJ9999 -->\n甲★\n<!-- zjlint-disabel ZJ001 -->\n";
        let (left, own) = run(text, "★");
        assert_eq!(left, vec![2], "an unknown target silences nothing");
        assert_eq!(
            own,
            vec![
                ("ZJ001".into(), 1, "ZJ9999".into()),
                ("ZJ001".into(), 3, "zjlint-disabel".into()),
            ]
        );
    }

    #[test]
    fn unused_target_is_reported_on_its_own_word() {
        let text = "<!-- zjlint-disable-next-line ZJ002，ZJ001 -- 理由 -->\n甲★\n";
        let (left, own) = run_code(text, "ZJ002", "★");
        assert!(left.is_empty());
        assert_eq!(own, vec![("ZJ002".into(), 1, "ZJ001".into())]);
        let (_, own) = run("<!-- zjlint-disable-next-line -->\n甲\n", "★");
        assert_eq!(
            own,
            vec![("ZJ002".into(), 1, "zjlint-disable-next-line".into())]
        );
    }

    #[test]
    fn unused_report_can_be_silenced_in_place() {
        let text = "<!-- zjlint-disable-file unused-suppression -->\n<!-- zjlint-disable-next-line ZJ001 -->\n甲\n";
        let (_, own) = run(text, "★");
        assert!(own.is_empty(), "{own:?}");
    }

    #[test]
    fn findings_inside_directives_are_dropped() {
        let text = "<!-- zjlint-disable-file ZJ001 ★ -->\n";
        let settings = settings();
        let mut s = Suppressions::parse(text, &settings.catalogue);
        let mut ds = findings(text, "ZJ999", "★");
        s.apply(&mut ds);
        assert!(ds.is_empty());
    }

    proptest::proptest! {
        #[test]
        fn never_panics(parts in proptest::collection::vec(
            proptest::sample::select(vec![
                "<!--", "-->", " zjlint-disable", "zjlint-enable", "-next-line", "-line", "-file",
                " ZJ001", "，ZJ002", " junk", " -- 理由", "\n", "\r\n", "// ", "# ", "𠀀", "一、", " ",
            ]),
            0..40,
        )) {
            let text: String = parts.concat();
            let settings = settings();
            let mut s = Suppressions::parse(&text, &settings.catalogue);
            let mut ds = findings(&text, "ZJ001", "一");
            s.apply(&mut ds);
            for d in s.findings(&settings) {
                let span = d.span();
                proptest::prop_assert!(text.is_char_boundary(span.start));
                proptest::prop_assert!(text.is_char_boundary(span.end));
                proptest::prop_assert!(span.start <= span.end && span.end <= text.len());
            }
        }
    }

    #[test]
    fn no_directive_no_cost_and_no_panic_on_odd_text() {
        let catalogue = Catalogue::builtin().expect("built-in rules load");
        for text in [
            "",
            "<!--",
            "<!-- zjlint-",
            "// zjlint-",
            "#zjlint-disable\r\n𠀀",
            "<!--zjlint-enable-->",
        ] {
            let s = Suppressions::parse(text, &catalogue);
            let _ = s.targets.len();
        }
    }
}
