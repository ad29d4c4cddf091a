//! Check kind `script-mix`: traditional characters in a text that should be in simplified
//! script (`教育督導體系`), with a fix that writes the simplified forms (data/t2s.txt, from
//! OpenCC).
//!
//! ```toml
//! [[rule]]
//! code = "ZJ603"
//! name = "traditional-characters"
//! category = "wording"
//! severity = "warning"
//! kind = "script-mix"
//! message = "“{match}”中有繁体字"
//! help = "改为简体：“{simplified}”"
//! fix = "safe"
//! # Required: `mixed` reports, in a simplified document, each clause's traditional
//! # characters (from the first to the last of them); `document` reports, in a document
//! # written in traditional script (a converted web page), each line that has them.
//! mode = "mixed"
//! # Optional, default 0.1: the share of a document's Han characters that must be
//! # traditional-only for it to be a traditional document.
//! traditional_share = 0.1
//! # Optional: characters the table converts that simplified text writes too
//! # (`覆盖`, `瞭望`, `乾坤`): never counted as traditional.
//! also_simplified = "覆瞭乾"
//! # Optional: traditional characters whose simplified form depends on the word (`畫` is
//! # `画` or `划`): a finding with one of them gets an unsafe fix.
//! several_readings = "畫劃"
//! ```
//!
//! `{match}` is the reported text, `{simplified}` the same text in simplified script. The fix
//! converts only the traditional characters of the finding; it is safe when the table has one
//! reading for each of them, unsafe otherwise. Only the prose view is read.

use super::{Check, Context};
use crate::analysis::matching::{Excludes, Filter};
use crate::analysis::script::simplified_char;
use crate::analysis::text::{is_han, Needle, CLAUSE_MARKS, SENTENCE_ENDS};
use crate::catalogue::RuleDef;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::model::Span;
use foldhash::HashSet;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Mode {
    Mixed,
    Document,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    mode: Mode,
    #[serde(default = "default_share")]
    traditional_share: f64,
    #[serde(default)]
    also_simplified: String,
    #[serde(default)]
    several_readings: String,
}

fn default_share() -> f64 {
    0.1
}

struct ScriptMix {
    mode: Mode,
    share: f64,
    also_simplified: HashSet<char>,
    several_readings: HashSet<char>,
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let params: Params = super::params(params)?;
    if !(params.traditional_share > 0.0 && params.traditional_share <= 1.0) {
        return Err("traditional_share 应在 0 与 1 之间".into());
    }
    Ok(Arc::new(ScriptMix {
        mode: params.mode,
        share: params.traditional_share,
        also_simplified: params.also_simplified.chars().collect(),
        several_readings: params.several_readings.chars().collect(),
    }))
}

impl ScriptMix {
    fn is_traditional(&self, c: char) -> bool {
        !c.is_ascii() && simplified_char(c) != c && !self.also_simplified.contains(&c)
    }

    /// The traditional characters of the prose, in order: each with its byte offset and the
    /// index of its prose span. Read once to decide and once to report, not kept: a list of
    /// them held 24 bytes a character.
    fn traditional_in_prose<'c>(
        &'c self,
        ctx: &'c Context,
    ) -> impl Iterator<Item = (usize, char, usize)> + 'c {
        // The parse noted them in the whole text, in order: those inside a prose span are
        // kept. (Not read from the simplified view, which the junk rules have freed by now:
        // making it again copied every line with a traditional character, a whole 50 MB
        // line at once.)
        let prose = ctx.prose();
        (ctx.doc.traditional.iter()).filter_map(|&at| {
            let at = at as usize;
            let index = prose.index_around(at)?;
            let c = ctx.text.get(at..)?.chars().next()?;
            (!self.also_simplified.contains(&c)).then_some((at, c, index))
        })
    }

    /// Is the document written in traditional script? `traditional` are its traditional
    /// characters (see [`ScriptMix::traditional_in_prose`]).
    fn traditional_document(
        &self,
        ctx: &Context,
        traditional: impl Iterator<Item = (usize, char, usize)>,
    ) -> bool {
        let traditional = traditional.filter(|(_, c, _)| is_han(*c)).count();
        // Without a traditional character no share is reached: the Han characters need no count.
        if traditional == 0 {
            return false;
        }
        let han: usize = ctx
            .prose()
            .spans()
            .map(|span| han_count(&ctx.text[span.clone()]))
            .sum();
        han > 0 && traditional as f64 >= self.share * han as f64
    }

    /// The spans to report: per clause (mixed) or per line (document), from the first to the
    /// last traditional character.
    fn findings(
        &self,
        ctx: &Context,
        traditional: impl Iterator<Item = (usize, char, usize)>,
    ) -> Vec<Span> {
        let text = ctx.text;
        let mut found: Vec<Span> = Vec::new();
        // The part being gathered: (span so far, the line it is on, its prose span).
        let mut open: Option<(Span, usize, usize)> = None;
        let line_of = |at: usize| ctx.doc.lines.partition_point(|l| l.span().start <= at);
        for (at, c, piece) in traditional {
            let end = at + c.len_utf8();
            let line = line_of(at);
            let joins = open.as_ref().is_some_and(|(s, l, p)| {
                *l == line
                    && (self.mode == Mode::Document
                        // A clause mark from the part's end through this character ends it.
                        || (*p == piece && !text[s.end..end].contains(ends_clause)))
            });
            match open.as_mut() {
                Some((s, _, _)) if joins => s.end = end,
                _ => {
                    found.extend(open.take().map(|(s, _, _)| s));
                    open = Some((at..end, line, piece));
                }
            }
        }
        found.extend(open.map(|(s, _, _)| s));
        found
    }
}

fn ends_clause(c: char) -> bool {
    CLAUSE_MARKS.contains(&c) || SENTENCE_ENDS.contains(&c)
}

/// How many Han characters `text` has, read from the first two bytes of each character.
/// U+4E00–U+9FFF and most of U+3400–U+4DBF begin E4–E9: those bytes are counted, in u8
/// counts of 255 bytes, which the compiler turns into vector instructions (it did not for
/// `filter().count()`, which read Chinese text at four instructions a byte); less the E4 B7
/// of U+4DC0–U+4DFF, which are not Han. The first bytes
/// of the few others (E3 90+ for U+3400–U+3FFF, EF A4–AB for U+F900–U+FAFF, F0 for four
/// bytes) are found with memchr and read. Continuation bytes (80–BF) are never a first byte.
fn han_count(text: &str) -> usize {
    let bytes = text.as_bytes();
    let common: usize = (bytes.chunks(255))
        .map(|chunk| {
            chunk
                .iter()
                .fold(0u8, |n, &b| n + u8::from(b.wrapping_sub(0xe4) < 6))
        })
        .map(usize::from)
        .sum();
    static HEXAGRAM_LEAD: Needle = Needle::of_bytes(&[0xe4, 0xb7]);
    let hexagrams = HEXAGRAM_LEAD.finder().find_iter(bytes).count();
    let others = memchr::memchr3_iter(0xe3, 0xef, 0xf0, bytes)
        .filter(|&at| match (bytes[at], bytes.get(at + 1)) {
            (0xe3, Some(&second)) => second >= 0x90,
            (0xef, Some(&second)) => (0xa4..=0xab).contains(&second),
            _ => (text.get(at..))
                .and_then(|rest| rest.chars().next())
                .is_some_and(is_han),
        })
        .count();
    common - hexagrams + others
}

impl Check for ScriptMix {
    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let wanted = match self.mode {
            Mode::Mixed => false,
            Mode::Document => true,
        };
        let traditional = || self.traditional_in_prose(ctx);
        if traditional().next().is_none() || self.traditional_document(ctx, traditional()) != wanted
        {
            return;
        }
        let found = self.findings(ctx, traditional());
        let no_excludes = Excludes::none();
        let mut filter = Filter::new(ctx, rule, out, &no_excludes, !found.is_empty());
        for span in found {
            if !filter.keep(&span) {
                continue;
            }
            let original = &ctx.text[span.clone()];
            let simplify = |c: char| {
                if self.is_traditional(c) {
                    simplified_char(c)
                } else {
                    c
                }
            };
            // Counted first, so that a long span's edits are not a list grown by doubling.
            let count = original.chars().filter(|&c| self.is_traditional(c)).count();
            let mut edits = Vec::with_capacity(count);
            let mut unsure = false;
            for (at, c) in original.char_indices() {
                if self.is_traditional(c) {
                    unsure |= self.several_readings.contains(&c);
                    let at = span.start + at;
                    edits.push(Edit {
                        span: at..at + c.len_utf8(),
                        replacement: crate::diagnostic::interned(
                            simplified_char(c).encode_utf8(&mut [0; 4]),
                        ),
                    });
                }
            }
            let fix = Fix {
                title: crate::diagnostic::shared("改为简体字"),
                edits: edits.into(),
                applicability: if unsure {
                    Applicability::Unsafe
                } else {
                    Applicability::Safe
                },
            };
            // Characters are made simplified one for one, blanks and `…` left as they are: the
            // excerpt of the simplified span is the excerpt made simplified.
            let shown = super::excerpt(original);
            let shown_simplified: String = shown.chars().map(simplify).collect();
            out.push(ctx.diagnostic_with_fix(
                rule,
                span,
                &[("match", &shown), ("simplified", &shown_simplified)],
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
        assert!(accepts(super::build, r#"mode = "mixed""#).is_ok());
        assert!(accepts(super::build, r#"mode = "document""#).is_ok());
        assert!(accepts(super::build, r#"mode = "all""#).is_err());
        assert!(accepts(super::build, "mode = \"mixed\"\ntraditional_share = 0.0").is_err());
        assert!(accepts(super::build, "mode = \"mixed\"\ntraditional_share = 1.5").is_err());
    }

    #[test]
    fn han_characters_are_counted_as_read() {
        let text = "中文〇㐀䷀乾隆𠀀豈，a。ｚ";
        let by_chars = text
            .chars()
            .filter(|&c| crate::analysis::text::is_han(c))
            .count();
        assert_eq!(super::han_count(text), 7);
        assert_eq!(super::han_count(text), by_chars);
    }

    proptest::proptest! {
        #[test]
        fn han_count_is_the_count_of_han_characters(text in ".{0,40}") {
            let by_chars = text.chars().filter(|&c| crate::analysis::text::is_han(c)).count();
            proptest::prop_assert_eq!(super::han_count(&text), by_chars);
        }
    }

    proptest::proptest! {
        /// The traditional characters read from the parse's list are those a reading of each
        /// prose span finds (the definition), and the simplified view is not made for them.
        #[test]
        fn traditional_characters_in_prose_are_those_each_span_holds(
            text in crate::checks::testing::text_of(&["點擊", "體系", "乾", "覆", "教育", "。", "\n", "```\n", "# ", "<!-- x -->", "<!-- zjlint-disable -->", "http://a.cn/體", " "]),
            junk in proptest::collection::vec(proptest::bool::ANY, 0..40),
        ) {
            let check = super::ScriptMix {
                mode: super::Mode::Mixed,
                share: 0.5,
                also_simplified: ['乾'].into_iter().collect(),
                several_readings: Default::default(),
            };
            let doc = crate::parse::parse(&text);
            let mut ctx = crate::checks::Context::new(&text, &doc);
            // Junk lines are no prose: characters between the spans.
            for (line, junk) in ctx.junk_lines.iter_mut().zip(junk) {
                *line = junk;
            }
            let mut expected = Vec::new();
            for (index, span) in ctx.prose().spans().enumerate() {
                for (at, c, _) in crate::analysis::script::traditional_chars(&text[span.clone()]) {
                    if c != '乾' {
                        expected.push((span.start + at, c, index));
                    }
                }
            }
            proptest::prop_assert_eq!(check.traditional_in_prose(&ctx).collect::<Vec<_>>(), expected);
            proptest::prop_assert!(ctx.simplified.get().is_none(), "the view was made");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        #[test]
        fn any_text_gives_sound_findings(text in crate::checks::testing::text_of(&["點擊", "下載", "體系", "畫", "劃", "覆", "乾", "教育", "。", "，", "\n", "\r\n", " ", "𠀀"])) {
            for code in ["ZJ603", "ZJ604"] {
                crate::checks::testing::assert_sound(code, &text);
            }
        }
    }
}
