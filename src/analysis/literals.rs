//! Literal screens: most regular expressions of the junk rules cannot match without one of a
//! few literal strings (`下载`, `:` or `：`, `[`), their required literals. One Aho-Corasick
//! pass over a document for the required literals of many expressions tells on which lines
//! each of them can match; the expressions then search those lines only, and every other line
//! is known to have no match without searching it.

use crate::model::Line;
use aho_corasick::AhoCorasick;
use regex_syntax::hir::{Class, Hir, HirKind};

/// A class of at most this many characters stands for its characters; a larger one (`\d`,
/// `[^，。]`) requires nothing.
const MAX_CLASS: usize = 16;
/// A set of more literals than this is no screen worth its pass.
const MAX_LITERALS: usize = 256;

/// Strings of which every match of `pattern` contains at least one; None when there are none
/// to name (the expression can match the empty string, or only through large classes).
pub fn required(pattern: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::parse(pattern).ok()?;
    let literals = required_of(&hir)?;
    let mut out: Vec<String> = literals
        .into_iter()
        .map(|l| String::from_utf8(l).ok())
        .collect::<Option<_>>()?;
    out.sort();
    out.dedup();
    Some(out)
}

/// Literals (UTF-8 bytes) one of which every match of `hir` contains.
fn required_of(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let set = match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Literal(literal) => Some(vec![literal.0.to_vec()]),
        HirKind::Class(Class::Unicode(class)) => {
            let ranges = class.ranges();
            let size: usize = ranges
                .iter()
                .map(|r| r.end() as usize - r.start() as usize + 1)
                .sum();
            (size <= MAX_CLASS).then(|| {
                ranges
                    .iter()
                    .flat_map(|r| r.start()..=r.end())
                    .map(|c| c.to_string().into_bytes())
                    .collect()
            })
        }
        // Byte classes come only from expressions that may match invalid UTF-8.
        HirKind::Class(Class::Bytes(_)) => None,
        HirKind::Repetition(repetition) if repetition.min > 0 => required_of(&repetition.sub),
        HirKind::Repetition(_) => None,
        HirKind::Capture(capture) => required_of(&capture.sub),
        // Every piece of a sequence is in every match: the most selective piece screens best.
        HirKind::Concat(pieces) => pieces
            .iter()
            .filter_map(required_of)
            .max_by_key(|set| selectivity(set)),
        // A match is a match of one branch: every branch must name its literals.
        HirKind::Alternation(branches) => {
            let mut all = Vec::new();
            for branch in branches {
                all.extend(required_of(branch)?);
            }
            Some(all)
        }
    }?;
    (!set.is_empty() && set.len() <= MAX_LITERALS && set.iter().all(|l| !l.is_empty()))
        .then_some(set)
}

/// Longer and fewer literals are rarer in a text.
fn selectivity(set: &[Vec<u8>]) -> (usize, std::cmp::Reverse<usize>) {
    let shortest = set.iter().map(Vec::len).min().unwrap_or(0);
    (shortest, std::cmp::Reverse(set.len()))
}

/// The literals of several slots (an expression, or a list of words) in one automaton.
pub struct LineScreen {
    automaton: Option<AhoCorasick>,
    /// Per literal of the automaton, the slots it belongs to.
    slots_of: Vec<Vec<usize>>,
    /// Per slot: whether it has literals; a slot without is possible on every line.
    screened: Vec<bool>,
}

impl LineScreen {
    /// One slot per entry: its literals, or None for a slot that no literal screens.
    pub fn new(slots: &[Option<Vec<String>>]) -> Result<Self, String> {
        let mut literals: Vec<&str> = Vec::new();
        let mut slots_of: Vec<Vec<usize>> = Vec::new();
        let mut index: std::collections::HashMap<&str, usize> = Default::default();
        for (slot, set) in slots.iter().enumerate() {
            for literal in set.iter().flatten().filter(|l| !l.is_empty()) {
                let id = *index.entry(literal.as_str()).or_insert_with(|| {
                    literals.push(literal);
                    slots_of.push(Vec::new());
                    literals.len() - 1
                });
                if !slots_of[id].contains(&slot) {
                    slots_of[id].push(slot);
                }
            }
        }
        let automaton = if literals.is_empty() {
            None
        } else {
            Some(AhoCorasick::new(&literals).map_err(|e| e.to_string())?)
        };
        Ok(LineScreen {
            automaton,
            slots_of,
            screened: slots.iter().map(Option::is_some).collect(),
        })
    }

    /// Per line of `lines` and per slot: whether the slot may match on the line (a literal of
    /// it touches the line, or it has no literals).
    pub fn marks(&self, text: &str, lines: &[Line]) -> Marks {
        let width = self.screened.len();
        let mut marks = Marks {
            width,
            flags: vec![false; lines.len() * width],
        };
        for (slot, _) in self.screened.iter().enumerate().filter(|(_, s)| !**s) {
            for line in 0..lines.len() {
                marks.flags[line * width + slot] = true;
            }
        }
        if let Some(automaton) = &self.automaton {
            for m in automaton.find_overlapping_iter(text) {
                for &slot in &self.slots_of[m.pattern().as_usize()] {
                    marks.mark(lines, slot, m.start(), m.end());
                }
            }
        }
        marks
    }
}

/// Per line, per slot: whether the slot may match on the line.
pub struct Marks {
    width: usize,
    flags: Vec<bool>,
}

impl Marks {
    /// Mark every line the text `start..end` touches (an empty span touches its own line).
    pub fn mark(&mut self, lines: &[Line], slot: usize, start: usize, end: usize) {
        let end = end.max(start + 1);
        let first = lines.partition_point(|l| l.span.end <= start);
        for (i, line) in lines.iter().enumerate().skip(first) {
            if line.span.start >= end {
                break;
            }
            self.flags[i * self.width + slot] = true;
        }
    }

    /// Forget the marks of one slot (before marking it another way).
    pub fn clear(&mut self, slot: usize) {
        for line in self.flags.chunks_mut(self.width) {
            line[slot] = false;
        }
    }

    /// The slots of line `i`.
    pub fn line(&self, i: usize) -> &[bool] {
        &self.flags[i * self.width..(i + 1) * self.width]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(words: &[&str]) -> Option<Vec<String>> {
        let mut v: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        v.sort();
        Some(v)
    }

    #[test]
    fn the_most_selective_piece_is_required() {
        assert_eq!(
            required("^(?:上一篇|下一篇)\\s*[:：]"),
            sorted(&["上一篇", "下一篇"])
        );
        assert_eq!(required("\\d{1,2}:\\d{2}"), sorted(&[":"]));
        assert_eq!(required("(?i)QQ"), sorted(&["Q", "q"]));
        assert_eq!(required("[？?]$"), sorted(&["?", "？"]));
        assert_eq!(required("全文\\s*共?\\s*\\d+\\s*字"), sorted(&["全文"]));
    }

    #[test]
    fn what_can_match_without_a_literal_requires_none() {
        assert_eq!(required("\\d+"), None);
        assert_eq!(required("(?:下载)?\\d"), None);
        assert_eq!(required("^$"), None);
        assert_eq!(required("下载|\\d"), None);
        assert_eq!(required("[^，。]{2,}"), None);
    }

    /// The expressions the junk rules search line by line (junk-line features, junk-inline
    /// patterns), compiled as the rules compile them.
    fn junk_expressions() -> Vec<regex::Regex> {
        let rules: toml::Table =
            toml::from_str(include_str!("../../rules/junk.toml")).expect("rules/junk.toml");
        let mut out = Vec::new();
        for rule in rules["rule"].as_array().expect("rules") {
            let words = |key: &str| -> std::collections::BTreeMap<String, Vec<String>> {
                rule.get(key)
                    .cloned()
                    .map(|v| v.try_into().expect("word classes"))
                    .unwrap_or_default()
            };
            let (list, classes) = match rule["kind"].as_str() {
                Some("junk-line") => ("features", words("classes")),
                Some("junk-inline") => ("patterns", words("vocabulary")),
                _ => continue,
            };
            let entries = rule.get(list).and_then(|l| l.as_array());
            for entry in entries.into_iter().flatten() {
                if let Some(pattern) = entry.get("pattern").and_then(|p| p.as_str()) {
                    out.push(crate::checks::view_regex(pattern, &classes).expect("pattern"));
                }
            }
        }
        out
    }

    /// Lines of `text` split at `\n`, as the model has them.
    fn lines_of(text: &str) -> Vec<Line> {
        let mut lines = Vec::new();
        let mut start = 0;
        for piece in text.split('\n') {
            let span = start..start + piece.len();
            lines.push(Line {
                span: span.clone(),
                content: span,
                markdown_level: None,
                heading: None,
            });
            start += piece.len() + 1;
        }
        lines
    }

    #[test]
    fn most_junk_expressions_have_literals() {
        let expressions = junk_expressions();
        let screened = expressions
            .iter()
            .filter(|r| required(r.as_str()).is_some())
            .count();
        assert!(expressions.len() > 50, "{}", expressions.len());
        assert!(screened * 10 >= expressions.len() * 9, "{screened}");
    }

    fn fragments() -> Vec<String> {
        let mut out: Vec<String> = junk_expressions()
            .iter()
            .filter_map(|r| required(r.as_str()))
            .flatten()
            .collect();
        out.sort();
        out.dedup();
        let common = "甲乙丙工作总结下载本站来源作者时间2023年12月01:30 a.bQk|｜>》【】()（）[]:：，。？?.-~ ";
        out.extend(common.chars().map(String::from));
        out.extend(["\n", "  ", "\u{3000}", "www.", ".com", "docx"].map(String::from));
        out
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Screened matching finds what unscreened matching finds: a line (or any piece of it
        /// between spaces) on which an expression matches is marked for it.
        #[test]
        fn a_line_with_a_match_is_marked(
            picks in proptest::collection::vec(proptest::prelude::any::<proptest::sample::Index>(), 0..48)
        ) {
            use std::sync::OnceLock;
            static CASES: OnceLock<(Vec<regex::Regex>, LineScreen, Vec<String>)> = OnceLock::new();
            let (expressions, screen, fragments) = CASES.get_or_init(|| {
                let expressions = junk_expressions();
                let slots: Vec<_> = expressions.iter().map(|r| required(r.as_str())).collect();
                let screen = LineScreen::new(&slots).expect("screen");
                (expressions, screen, fragments())
            });
            let text: String = picks.iter().map(|i| i.get(fragments).as_str()).collect();
            let lines = lines_of(&text);
            let marks = screen.marks(&text, &lines);
            for (i, line) in lines.iter().enumerate() {
                let content = &text[line.span.clone()];
                let mut pieces = vec![content];
                pieces.extend(content.split(' '));
                for (k, regex) in expressions.iter().enumerate() {
                    let found = pieces
                        .iter()
                        .any(|p| regex.find_iter(p).any(|m| !m.is_empty()));
                    proptest::prop_assert!(
                        !found || marks.line(i)[k],
                        "{} on {content:?}",
                        regex.as_str()
                    );
                }
            }
        }
    }
}
