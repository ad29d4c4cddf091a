//! Check kind `sentence-end`: how a paragraph of prose ends (GB/T 15834: 句末用句号、问号或叹号;
//! 逗号、顿号不出现在一段的末尾).
//!
//! ```toml
//! [[rule]]
//! code = "ZJ9xx"
//! name = "my-sentence-end"
//! category = "punctuation"
//! severity = "warning"
//! kind = "sentence-end"
//! fix = "unsafe"
//! message = "…“{match}”…"
//! help = "…"
//! # Required: "missing" reports a paragraph of several clauses that ends with a Han character
//! # and no mark; "dangling" reports a paragraph that ends with a comma or an enumeration comma
//! # (or a semicolon right before the next part's heading).
//! mode = "missing"
//! # Required with "missing" (and only there): the fewest characters of a paragraph read as a
//! # sentence (shorter lines are labels, table cells, signatures), and the writer's own style:
//! # the document must end at least `min_ended` such paragraphs with a sentence end, and at
//! # least `min_share` (0 to 1) of them; otherwise (lists written without marks, text broken
//! # into lines by a PDF) it stays quiet.
//! min_chars = 12
//! min_ended = 3
//! min_share = 0.6
//! # Required with "dangling" (and only there): more paragraphs ending in a comma than
//! # `max_dangling_count`, and than `max_dangling_share` (0 to 1) of all paragraphs, are read
//! # as lines broken inside sentences (a PDF's or a site's hard wrapping): it stays quiet.
//! max_dangling_share = 0.1
//! max_dangling_count = 2
//! # Optional: contexts (regexes) that veto a finding when they overlap its paragraph.
//! exclude = []
//! ```
//!
//! A paragraph is a line of the document (a Word paragraph, a line of a text file). Headings
//! that open a section (their next line is body text), Markdown headings, the title line and
//! junk lines are never read. With a fix, "missing" appends `。` and "dangling" replaces the
//! mark by `。`.

use super::{Check, Context};
use crate::analysis::matching::{Excludes, Filter};
use crate::analysis::text::{is_han, is_space, CLOSING_MARKS, SENTENCE_ENDS};
use crate::catalogue::RuleDef;
use crate::diagnostic::{Diagnostic, Edit, Fix};
use crate::model::Span;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize, Clone, Copy, PartialEq)]
#[serde(rename_all = "kebab-case")]
enum ModeName {
    Missing,
    Dangling,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    mode: ModeName,
    min_chars: Option<usize>,
    min_ended: Option<usize>,
    min_share: Option<f64>,
    max_dangling_share: Option<f64>,
    max_dangling_count: Option<usize>,
    #[serde(default)]
    exclude: Vec<String>,
}

/// What a mode reports, with its thresholds (see the module's documentation).
enum Mode {
    Missing {
        min_chars: usize,
        min_ended: usize,
        min_share: f64,
    },
    Dangling {
        max_share: f64,
        max_count: usize,
    },
}

struct SentenceEnd {
    mode: Mode,
    excludes: Excludes,
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let params: Params = super::params(params)?;
    fn required<T>(value: Option<T>, key: &str, mode: &str) -> Result<T, String> {
        value.ok_or_else(|| format!("mode = \"{mode}\" 需要参数 {key}"))
    }
    fn share(value: f64, key: &str) -> Result<f64, String> {
        if (0.0..=1.0).contains(&value) {
            Ok(value)
        } else {
            Err(format!("{key} 应在 0 到 1 之间，现在是 {value}"))
        }
    }
    let mode = match params.mode {
        ModeName::Missing => {
            if params.max_dangling_share.is_some() || params.max_dangling_count.is_some() {
                return Err(
                    "max_dangling_share、max_dangling_count 只用于 mode = \"dangling\"".into(),
                );
            }
            Mode::Missing {
                min_chars: required(params.min_chars, "min_chars", "missing")?,
                min_ended: required(params.min_ended, "min_ended", "missing")?,
                min_share: share(
                    required(params.min_share, "min_share", "missing")?,
                    "min_share",
                )?,
            }
        }
        ModeName::Dangling => {
            if params.min_chars.is_some()
                || params.min_ended.is_some()
                || params.min_share.is_some()
            {
                return Err("min_chars、min_ended、min_share 只用于 mode = \"missing\"".into());
            }
            Mode::Dangling {
                max_share: share(
                    required(params.max_dangling_share, "max_dangling_share", "dangling")?,
                    "max_dangling_share",
                )?,
                max_count: required(params.max_dangling_count, "max_dangling_count", "dangling")?,
            }
        }
    };
    let excludes = Excludes::new(&params.exclude)?;
    Ok(Arc::new(SentenceEnd { mode, excludes }))
}

/// A paragraph read as running text: where its prose ends, and its last character. Its line
/// and offsets are u32s (16 bytes, not 32: there is one for every line of prose).
struct Paragraph {
    line: u32,
    /// The prose of the line, trimmed.
    start: u32,
    end: u32,
    last: char,
}

/// A mark inside a sentence, between its clauses (a match: a list of characters as the
/// pattern is compared with each in turn).
fn is_clause_mark(c: char) -> bool {
    matches!(c, '，' | ',' | '；' | ';' | '。' | '！' | '？')
}

impl Paragraph {
    fn line(&self) -> usize {
        self.line as usize
    }

    fn span(&self) -> Span {
        self.start as usize..self.end as usize
    }

    /// Whether the paragraph reads as a sentence: at least `min_chars` characters, with a
    /// clause mark before its last. Asked only by the rule of missing ends, which reads only
    /// as many characters as it needs.
    fn is_sentence(&self, text: &str, min_chars: usize) -> bool {
        let trimmed = &text[self.span()];
        let body = &trimmed[..trimmed.len() - self.last.len_utf8()];
        trimmed.chars().take(min_chars).count() == min_chars && body.contains(is_clause_mark)
    }
}

const DANGLING: &[char] = &['，', '、', ','];

impl SentenceEnd {
    /// The paragraphs, in order, read as they are asked for: a large file has one in most
    /// lines, and a list of them was a rule's peak (6 MB on a draft of short sections).
    fn paragraphs<'c, 'a>(ctx: &'c Context<'a>) -> impl Iterator<Item = Paragraph> + use<'c, 'a> {
        let text = ctx.text;
        let prose = ctx.prose().offsets();
        let mut at = 0;
        ctx.doc
            .lines
            .iter()
            .enumerate()
            .filter_map(move |(i, line)| {
                if line.is_blank() || ctx.junk_lines.get(i).copied().unwrap_or(false) {
                    return None;
                }
                if line.markdown_level().is_some()
                    || ctx.title.as_ref().is_some_and(|t| {
                        t.start >= line.content().start && t.end <= line.content().end
                    })
                {
                    return None;
                }
                while at < prose.len() && prose[at].end as usize <= line.content().start {
                    at += 1;
                }
                let mut first = None;
                let mut last = None;
                let mut k = at;
                while k < prose.len() && (prose[k].start as usize) < line.content().end {
                    first.get_or_insert(prose[k].start as usize);
                    last = Some(prose[k].end as usize);
                    k += 1;
                }
                let (Some(start), Some(end)) = (first, last) else {
                    return None;
                };
                let piece = &text[start..end];
                let trimmed = piece
                    .trim_end_matches(|c: char| is_space(c) || c == '\r' || c == '*' || c == '_');
                let last_char = trimmed.chars().next_back()?;
                // Offsets and line indices of a text under 4 GiB (the parse reads no more).
                let narrow = crate::model::saturating_u32;
                Some(Paragraph {
                    line: narrow(i),
                    start: narrow(start),
                    end: narrow(start + trimmed.len()),
                    last: last_char,
                })
            })
    }

    /// Does the paragraph end a section, a list item or the document (rather than open a
    /// section as its heading)?
    fn closes(&self, ctx: &Context, line: usize) -> bool {
        let lines = &ctx.doc.lines;
        match next_read_line(ctx, line) {
            None => true,
            // A heading is a list item when the next heading is its sibling (same marker
            // family), not its first child.
            Some(j) => match (lines[line].heading(), lines[j].heading()) {
                (None, _) => true,
                (Some(this), Some(next)) => {
                    ctx.doc.headings[this].family == ctx.doc.headings[next].family
                }
                (Some(_), None) => lines[j].markdown_level().is_some(),
            },
        }
    }

    fn next_is_part(&self, ctx: &Context, line: usize) -> bool {
        let lines = &ctx.doc.lines;
        match next_read_line(ctx, line) {
            None => true,
            Some(j) => {
                (lines[j].heading().is_some() || lines[j].markdown_level().is_some())
                    && lines[line].heading().is_none()
                    && (j > line + 1 || lines[j].markdown_level().is_some())
            }
        }
    }
}

/// The next line after `line` that is neither blank nor junk.
fn next_read_line(ctx: &Context, line: usize) -> Option<usize> {
    let lines = &ctx.doc.lines;
    (line + 1..lines.len())
        .find(|&j| !lines[j].is_blank() && !ctx.junk_lines.get(j).copied().unwrap_or(false))
}

fn ends_sentence(c: char) -> bool {
    SENTENCE_ENDS.contains(&c) || CLOSING_MARKS.contains(c) || c == '：' || c == '；'
}

impl Check for SentenceEnd {
    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let mut found: Vec<(Span, Option<Edit>)> = Vec::new();
        match self.mode {
            Mode::Missing {
                min_chars,
                min_ended,
                min_share,
            } => {
                let vetoes = self.excludes.scan(ctx.text, ctx.occurrences(ctx.text));
                // Only the open sentences are kept: on a large file, a list of every sentence
                // was the rule's peak.
                let (mut ended, mut open) = (0, Vec::new());
                let sentences = SentenceEnd::paragraphs(ctx)
                    .filter(|q| q.is_sentence(ctx.text, min_chars) && !vetoes.covers(&q.span()));
                for q in sentences {
                    if ends_sentence(q.last) {
                        ended += 1;
                    } else if is_han(q.last) {
                        open.push(q);
                    }
                }
                if ended < min_ended || (ended as f64) < min_share * (ended + open.len()) as f64 {
                    return;
                }
                for q in open {
                    if !self.closes(ctx, q.line()) {
                        continue;
                    }
                    let end = q.end as usize;
                    let start = ctx.text[..end]
                        .char_indices()
                        .rev()
                        .take(6)
                        .last()
                        .map_or(q.span().start, |(i, _)| i.max(q.span().start));
                    found.push((
                        start..end,
                        Some(Edit {
                            span: end..end,
                            replacement: crate::diagnostic::shared("。"),
                        }),
                    ));
                }
            }
            Mode::Dangling {
                max_share,
                max_count,
            } => {
                // Counted in one reading, reported in a second.
                let (mut dangling, mut paragraphs) = (0, 0);
                for q in SentenceEnd::paragraphs(ctx) {
                    paragraphs += 1;
                    dangling += usize::from(DANGLING.contains(&q.last));
                }
                if dangling as f64 > (max_share * paragraphs as f64).max(max_count as f64) {
                    return;
                }
                let word = ctx.file_name.to_lowercase().ends_with(".docx");
                for q in SentenceEnd::paragraphs(ctx) {
                    let end = q.end as usize;
                    let mark = end - q.last.len_utf8()..end;
                    let report = if DANGLING.contains(&q.last) {
                        let lines = &ctx.doc.lines;
                        let next = (q.line() + 1..lines.len()).find(|&j| !lines[j].is_blank());
                        word || next
                            .is_none_or(|j| j > q.line() + 1 || lines[j].heading().is_some())
                    } else {
                        matches!(q.last, '；' | ';') && self.next_is_part(ctx, q.line())
                    };
                    if report {
                        found.push((
                            mark.clone(),
                            Some(Edit {
                                span: mark,
                                replacement: crate::diagnostic::shared("。"),
                            }),
                        ));
                    }
                }
            }
        }
        let mut filter = Filter::new(ctx, rule, out, &self.excludes, true);
        super::each_releasing(found, |(span, edit)| {
            if !filter.keep(&span) {
                return;
            }
            let found_text = &ctx.text[span.clone()];
            match (rule.fix, edit) {
                (Some(applicability), Some(edit)) => {
                    let fix = Fix {
                        title: crate::diagnostic::shared("句末改用句号"),
                        edits: edit.into(),
                        applicability,
                    };
                    out.push(ctx.diagnostic_with_fix(rule, span, &[("match", found_text)], fix));
                }
                _ => out.push(ctx.diagnostic(rule, span, &[("match", found_text)])),
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{accepts, h, run};

    #[test]
    fn a_heading_with_subsections_is_not_a_sentence_left_open() {
        let text = "工作总结\n一、深入学习理论，促进工作发展\n（一）加强学习，提高认识。\n（二）完善制度，落实责任。\n（三）强化考核，严格奖惩。\n二、存在问题\n工作方式不够成熟，业务知识不够全面。\n";
        assert_eq!(run("ZJ513", text), vec![]);
    }

    #[test]
    fn the_last_paragraph_left_open_is_reported() {
        let text = "工作总结\n全年完成投资12亿元，同比增长8%。\n工作方式不够成熟，业务知识不够全面。\n加强自身学习，提高自身素质，积累经验。\n抓好体育与卫生工作，抓好大课间活动，创学校特色\n";
        assert_eq!(run("ZJ513", text), vec![h(5, 18, "，创学校特色")]);
    }

    #[test]
    fn a_sentence_has_enough_characters_and_a_clause_mark_before_its_last() {
        let paragraph = |text: &str| super::Paragraph {
            line: 0,
            start: 0,
            end: text.len() as u32,
            last: text.chars().next_back().expect("not empty"),
        };
        let text = "甲乙，丙丁";
        assert!(paragraph(text).is_sentence(text, 5));
        assert!(paragraph(text).is_sentence(text, 0));
        assert!(!paragraph(text).is_sentence(text, 6));
        // A mark that is the last character is not a clause before it.
        for text in ["甲乙丙丁，", "甲乙丙丁"] {
            assert!(!paragraph(text).is_sentence(text, 4), "{text}");
        }
        for mark in ['，', ',', '；', ';', '。', '！', '？'] {
            let text = format!("甲{mark}乙");
            assert!(paragraph(&text).is_sentence(&text, 3), "{text}");
        }
    }

    #[test]
    fn thresholds_are_required_per_mode_and_shares_lie_in_0_to_1() {
        let missing = "mode = \"missing\"\nmin_chars = 12\nmin_ended = 3\nmin_share = 0.6";
        assert!(accepts(super::build, missing).is_ok());
        assert!(accepts(super::build, "mode = \"missing\"\nmin_chars = 12").is_err());
        let over = missing.replace("0.6", "60");
        assert!(accepts(super::build, &over).is_err());
        let mixed = format!("{missing}\nmax_dangling_share = 0.1");
        assert!(accepts(super::build, &mixed).is_err());
        let dangling = "mode = \"dangling\"\nmax_dangling_share = 0.1\nmax_dangling_count = 2";
        assert!(accepts(super::build, dangling).is_ok());
        let mixed = format!("{dangling}\nmin_chars = 12");
        assert!(accepts(super::build, &mixed).is_err());
    }

    #[test]
    fn empty_and_odd_documents_never_panic() {
        for text in ["", "\n\n", "，", "、\n、\n", "一、\n二、，\n"] {
            let _ = run("ZJ513", text);
            let _ = run("ZJ514", text);
        }
    }
}
