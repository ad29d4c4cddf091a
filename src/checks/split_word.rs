//! Check kind `split-word`: Chinese words cut in two by a space or a line break, as PDF
//! extraction leaves them (`我 们坚持`, `稳 妥有序`, `学习贯彻习⏎近平`), with a fix that joins
//! the two halves.
//!
//! ```toml
//! [[rule]]
//! code = "ZJ602"
//! name = "split-word"
//! category = "wording"
//! severity = "warning"
//! kind = "split-word"
//! message = "“{match}”：{problem}"
//! help = "删去{gap}，把“{word}”连起来"
//! fix = "unsafe"
//! # Required: common two-character words. A space or line break between their two
//! # characters is evidence of extraction damage.
//! words = ["我们", "发展", "落实"]
//! # Optional, default 3: how many splits of a listed word a document must show before
//! # anything is reported. Damage repeats over a page; a clean text has spaces only as
//! # separators (after a heading number, between a name and a title, in tables).
//! min_splits = 3
//! ```
//!
//! In a document that shows the damage, every single space between two Han characters of its
//! prose is reported (the space has no place in Chinese prose, whether or not it cuts a listed
//! word), and every line break that cuts a listed word, when neither line is a heading and the
//! first line does not end a sentence (not in Markdown, whose paragraphs may be wrapped
//! anywhere). `{match}` is the two characters and the gap between
//! them, `{gap}` says 空格 or 换行, `{problem}` says whether the gap cuts a listed word
//! (`词语中间有空格`) or only stands between two characters (`汉字之间有多余的空格`), `{word}` the
//! joined characters. The fix deletes the gap; it
//! is unsafe, because even in a damaged page a space may separate a name from a title.

use super::{Check, Context};
use crate::analysis::matching::{Excludes, Filter};
use crate::analysis::text::{is_han, spaces_in};
use crate::catalogue::RuleDef;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::model::Span;
use foldhash::{HashSet, HashSetExt};
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    words: Vec<String>,
    #[serde(default = "default_min_splits")]
    min_splits: usize,
}

fn default_min_splits() -> usize {
    3
}

struct SplitWord {
    words: HashSet<(char, char)>,
    min_splits: usize,
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let params: Params = super::params(params)?;
    let mut words = HashSet::new();
    for word in &params.words {
        let chars: Vec<char> = word.chars().collect();
        match chars[..] {
            [a, b] if is_han(a) && is_han(b) => words.insert((a, b)),
            _ => return Err(format!("words 中的“{word}”不是两个汉字")),
        };
    }
    if words.is_empty() {
        return Err("words 不能为空".into());
    }
    Ok(Arc::new(SplitWord {
        words,
        min_splits: params.min_splits.max(1),
    }))
}

/// A gap between two Han characters: the span from the first to the second character, the
/// gap itself, and whether it is a line break.
struct Gap {
    span: Span,
    gap: Span,
    line_break: bool,
    splits_word: bool,
}

impl SplitWord {
    fn gaps(&self, ctx: &Context) -> Vec<Gap> {
        let text = ctx.text;
        let mut gaps = Vec::new();
        for span in ctx.prose().spans() {
            let piece = &text[span.clone()];
            // Spaces are rare: only a byte that can start one is decoded, and each space is
            // looked at with the characters around it.
            for (s_at, s) in spaces_in(piece) {
                let b_at = s_at + s.len_utf8();
                let (Some(a), Some(b)) = (
                    piece[..s_at].chars().next_back(),
                    piece[b_at..].chars().next(),
                ) else {
                    continue;
                };
                if is_han(a) && is_han(b) {
                    let start = span.start + s_at - a.len_utf8();
                    gaps.push(Gap {
                        span: start..span.start + b_at + b.len_utf8(),
                        gap: span.start + s_at..span.start + b_at,
                        line_break: false,
                        splits_word: self.words.contains(&(a, b)),
                    });
                }
            }
        }
        // A Markdown paragraph may be wrapped anywhere: its line breaks are not damage.
        if crate::analysis::markdown::is_markdown_name(&ctx.file_name) {
            gaps.sort_by_key(|g| g.span.start);
            return gaps;
        }
        let lines = &ctx.doc.lines;
        for (i, pair) in lines.windows(2).enumerate() {
            let (first, second) = (&pair[0], &pair[1]);
            if first.is_blank()
                || second.is_blank()
                || first.heading().is_some()
                || second.heading().is_some()
                || ctx.junk_lines.get(i).copied().unwrap_or(true)
                || ctx.junk_lines.get(i + 1).copied().unwrap_or(true)
            {
                continue;
            }
            let (Some(a), Some(b)) = (
                text[first.content()].chars().next_back(),
                text[second.content()].chars().next(),
            ) else {
                continue;
            };
            let a_at = first.content().end - a.len_utf8();
            let b_end = second.content().start + b.len_utf8();
            // Only where the line ends right before the break and the next starts at its
            // first column: an indented line is a new paragraph.
            if first.content().end != first.span().end
                || second.content().start != second.span().start
                || !self.words.contains(&(a, b))
                || !ctx.prose().contains(&(a_at..first.content().end))
                || !ctx.prose().contains(&(second.content().start..b_end))
            {
                continue;
            }
            gaps.push(Gap {
                span: a_at..b_end,
                gap: first.span().end..second.span().start,
                line_break: true,
                splits_word: true,
            });
        }
        gaps.sort_by_key(|g| g.span.start);
        gaps
    }
}

impl Check for SplitWord {
    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let gaps = self.gaps(ctx);
        if gaps.iter().filter(|g| g.splits_word).count() < self.min_splits {
            return;
        }
        let no_excludes = Excludes::none();
        let mut filter = Filter::new(ctx, rule, out, &no_excludes, true);
        for gap in gaps {
            if !filter.keep(&gap.span) {
                continue;
            }
            let text = ctx.text;
            let word = format!(
                "{}{}",
                &text[gap.span.start..gap.gap.start],
                &text[gap.gap.end..gap.span.end]
            );
            let what = if gap.line_break { "换行" } else { "空格" };
            let fix = Fix {
                title: crate::diagnostic::interned(format!("删去{what}")),
                edits: crate::diagnostic::Edits::One(Edit {
                    span: gap.gap.clone(),
                    replacement: crate::diagnostic::SharedText::empty(),
                }),
                applicability: Applicability::Unsafe,
            };
            let problem = if gap.splits_word {
                format!("词语中间有{what}")
            } else {
                format!("汉字之间有多余的{what}")
            };
            let found = text[gap.span.clone()].replace('\n', "⏎").replace('\r', "");
            out.push(ctx.diagnostic_with_fix(
                rule,
                gap.span,
                &[
                    ("match", &found),
                    ("gap", what),
                    ("problem", &problem),
                    ("word", &word),
                ],
                fix,
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::accepts;

    #[test]
    fn bad_parameters_are_errors() {
        assert!(accepts(super::build, r#"words = ["我们"]"#).is_ok());
        assert!(accepts(super::build, "words = []").is_err());
        assert!(accepts(super::build, r#"words = ["进一步"]"#).is_err());
        assert!(accepts(super::build, r#"words = ["ab"]"#).is_err());
        assert!(accepts(super::build, "words = [\"我们\"]\nmin_split = 2").is_err());
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        #[test]
        fn any_text_gives_sound_findings(text in crate::checks::testing::text_of(&["我", "们", "发展", "落", "实", " ", "\u{3000}", "\n", "\r\n", "。", "一、", "# ", "𠀀", "a"])) {
            crate::checks::testing::assert_sound("ZJ602", &text);
        }
    }
}
