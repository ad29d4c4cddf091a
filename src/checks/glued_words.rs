//! Check kind `glued-words`: two English words written without the space between them
//! (`andthen`, `beready`) inside English sentences quoted in a Chinese text, with a fix
//! that puts the space back.
//!
//! ```toml
//! [[rule]]
//! code = "ZJ620"
//! name = "glued-english-words"
//! category = "wording"
//! severity = "warning"
//! kind = "glued-words"
//! fix = "unsafe"
//! message = "“{match}”像是两个英文词连在了一起"
//! help = "改为“{replacement}”"
//! # Required: the short words that the glued token must start with (`and`, `be`, `or`).
//! first_words = ["and", "be", "or"]
//! # Optional, default 5: the fewest English words the run around the token must have, so
//! # that names and identifiers in Chinese sentences (`getname`, `userid`) are left alone.
//! min_words = 5
//! # Optional, default 5: the shortest token looked at.
//! min_len = 5
//! # Optional: words the list lacks that are written as one (`online`, `inline`, `foreach`).
//! known = ["online"]
//! ```
//!
//! A token is reported when it is all lowercase, is no word of the English list
//! (data/english_words.txt), and is one of `first_words` followed by a word of the list.
//! Only prose is read; the list is loaded the first time a document has such a token.

use super::{Check, Context};
use crate::analysis::matching::{Excludes, Filter};
use crate::analysis::text::{latin_words, next_ascii};
use crate::catalogue::RuleDef;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::model::Span;
use foldhash::HashSet;
use serde::Deserialize;
use std::sync::{Arc, OnceLock};

const WORD_LIST: &str = include_str!("../../data/english_words.txt");

/// The English words, loaded when first needed.
fn english_words() -> &'static HashSet<&'static str> {
    static WORDS: OnceLock<HashSet<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        WORD_LIST
            .lines()
            .filter(|line| !line.starts_with('#') && !line.is_empty())
            .collect()
    })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    first_words: Vec<String>,
    #[serde(default = "five")]
    min_words: usize,
    #[serde(default = "five")]
    min_len: usize,
    #[serde(default)]
    known: Vec<String>,
}

fn five() -> usize {
    5
}

struct GluedWords {
    first_words: Vec<String>,
    min_words: usize,
    min_len: usize,
    /// Words written as one that the list lacks.
    known: HashSet<String>,
    excludes: Excludes,
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let params: Params = super::params(params)?;
    if params.first_words.is_empty() {
        return Err("first_words 不能为空".into());
    }
    if let Some(bad) = params
        .first_words
        .iter()
        .find(|w| w.is_empty() || !w.bytes().all(|b| b.is_ascii_lowercase()))
    {
        return Err(format!("first_words 中的“{bad}”不是小写英文词"));
    }
    let mut first_words = params.first_words;
    // The longest first word wins: `another` is tried as `an` + … only after longer ones.
    first_words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    Ok(Arc::new(GluedWords {
        first_words,
        min_words: params.min_words,
        min_len: params.min_len.max(2),
        known: params.known.into_iter().collect(),
        excludes: Excludes::new(&[])?,
    }))
}

/// Characters of English running text: letters, apostrophes, spaces and the marks between
/// words. A run of them is one stretch of English in the Chinese text.
fn in_english_run(c: char) -> bool {
    // Most characters of the text are Chinese: answered before any lookup.
    c.is_ascii() && (c.is_ascii_alphabetic() || b" ',.;:!?()/-\"".contains(&(c as u8)))
}

/// How many runs of ASCII letters `run` has.
fn letter_runs(run: &str) -> usize {
    let mut in_letters = false;
    let mut count = 0;
    for b in run.bytes() {
        let letter = b.is_ascii_alphabetic();
        if letter && !in_letters {
            count += 1;
        }
        in_letters = letter;
    }
    count
}

impl GluedWords {
    /// Could `token` be two glued words at all (before the word list is read)?
    fn candidate(&self, token: &str) -> bool {
        token.len() >= self.min_len
            && token.bytes().all(|b| b.is_ascii_lowercase() || b == b'\'')
            && !token.starts_with('\'')
            && !token.ends_with('\'')
            && self
                .first_words
                .iter()
                .any(|w| token.starts_with(w.as_str()))
    }

    /// Where `token` splits into a first word and a known word, if it is no word itself.
    fn split(&self, token: &str) -> Option<usize> {
        let words = english_words();
        if words.contains(token) || self.known.contains(token) {
            return None;
        }
        self.first_words
            .iter()
            .filter(|w| token.starts_with(w.as_str()))
            .map(|w| w.len())
            .find(|&k| token.len() - k >= 2 && words.contains(&token[k..]))
    }

    /// Glued tokens of one prose piece starting at byte `base`: span and split point.
    fn find(&self, piece: &str, base: usize, found: &mut Vec<(Span, usize)>) {
        let check_run = |from: usize, to: usize, found: &mut Vec<(Span, usize)>| {
            let run = &piece[from..to];
            // UAX #29 never cuts a run of letters, so a run with fewer such runs than
            // `min_words` has fewer words too: most runs are a name or two (`Redis`).
            if letter_runs(run) < self.min_words {
                return;
            }
            // Words as UAX #29 cuts them: `you're` is one word, `and2` is not `and`.
            let tokens: Vec<Span> = latin_words(run).collect();
            let words = tokens
                .iter()
                .filter(|t| run[(*t).clone()].bytes().any(|b| b.is_ascii_alphabetic()))
                .count();
            if words < self.min_words {
                return;
            }
            for token in tokens {
                let text = &run[token.clone()];
                if !self.candidate(text) {
                    continue;
                }
                if let Some(k) = self.split(text) {
                    let start = base + from + token.start;
                    found.push((start..start + text.len(), k));
                }
            }
        };
        // Every character of a run is ASCII: the others are skipped a block at a time, and
        // each stretch of ASCII is read byte by byte, cut into runs where a byte is not of
        // one (a digit, a line feed); a run also ends with its stretch.
        let bytes = piece.as_bytes();
        let mut next = 0;
        while let Some(start) = next_ascii(bytes, next) {
            let end = (bytes[start..].iter())
                .position(|b| !b.is_ascii())
                .map_or(bytes.len(), |p| start + p);
            // A run of `min_words` words has as many letters and a mark between each two: a
            // shorter stretch (a line feed, a number) holds none.
            if end - start < (2 * self.min_words).saturating_sub(1) {
                next = end;
                continue;
            }
            let mut run_start = None;
            for (at, &byte) in bytes.iter().enumerate().take(end).skip(start) {
                if in_english_run(char::from(byte)) {
                    run_start.get_or_insert(at);
                } else if let Some(from) = run_start.take() {
                    check_run(from, at, found);
                }
            }
            if let Some(from) = run_start {
                check_run(from, end, found);
            }
            next = end;
        }
    }
}

impl Check for GluedWords {
    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let text = ctx.text;
        let mut found = Vec::new();
        for span in ctx.prose().spans() {
            self.find(&text[span.clone()], span.start, &mut found);
        }
        let mut filter = Filter::new(ctx, rule, out, &self.excludes, !found.is_empty());
        for (span, k) in found {
            if !filter.keep(&span) {
                continue;
            }
            let token = &text[span.clone()];
            let replacement = format!("{} {}", &token[..k], &token[k..]);
            let fix = Fix {
                title: crate::diagnostic::interned(format!("改为“{replacement}”")),
                edits: crate::diagnostic::Edits::One(Edit {
                    span: span.start + k..span.start + k,
                    replacement: crate::diagnostic::shared(" "),
                }),
                applicability: Applicability::Unsafe,
            };
            out.push(ctx.diagnostic_with_fix(
                rule,
                span,
                &[("match", token), ("replacement", &replacement)],
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
        assert!(accepts(super::build, r#"first_words = ["and"]"#).is_ok());
        assert!(accepts(super::build, "first_words = []").is_err());
        assert!(accepts(super::build, r#"first_words = ["And"]"#).is_err());
        assert!(accepts(super::build, r#"first_words = [""]"#).is_err());
        assert!(accepts(super::build, "first_words = [\"and\"]\nmin_word = 3").is_err());
    }

    #[test]
    fn the_word_list_knows_words_and_not_glued_ones() {
        let words = super::english_words();
        for word in ["become", "ready", "we're", "and", "database"] {
            assert!(words.contains(word), "{word}");
        }
        for glued in ["beready", "andwe're", "oreven"] {
            assert!(!words.contains(glued), "{glued}");
        }
        assert!(!words.iter().any(|w| w.starts_with('#')));
    }

    #[test]
    fn a_glued_token_splits_after_its_first_word() {
        let check = super::GluedWords {
            first_words: vec!["and".into(), "be".into(), "or".into()],
            min_words: 5,
            min_len: 5,
            known: ["online".to_string()].into_iter().collect(),
            excludes: super::Excludes::new(&[]).unwrap(),
        };
        assert_eq!(check.split("beready"), Some(2));
        assert_eq!(check.split("andwe're"), Some(3));
        assert_eq!(check.split("become"), None);
        assert_eq!(check.split("orbxyz"), None);
        assert_eq!(check.split("online"), None);
        let mut found = Vec::new();
        check.find("if you are new andwe're in control", 0, &mut found);
        assert_eq!(found, vec![(15..23, 3)]);
        found.clear();
        check.find("调用 andwe're 方法", 0, &mut found);
        assert!(found.is_empty(), "a lone token is not English prose");
        // A digit or a Chinese character ends a run: the words after it are another.
        check.find("be and if you are new andwe're in", 0, &mut found);
        assert_eq!(found, vec![(22..30, 3)]);
        found.clear();
        for cut in ["1", "。", "\n"] {
            check.find(
                &"be and if you 1are new andwe're in".replace('1', cut),
                0,
                &mut found,
            );
            assert!(found.is_empty(), "{cut}");
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// The screen never skips a run with enough words.
        #[test]
        fn a_run_has_no_more_words_than_letter_runs(run in "[a-zA-Z ',.;:!?()/\\-\"]{0,40}") {
            let words = crate::analysis::text::latin_words(&run)
                .filter(|t| run[t.clone()].bytes().any(|b| b.is_ascii_alphabetic()))
                .count();
            proptest::prop_assert!(super::letter_runs(&run) >= words);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// A piece is read as its runs of English (ASCII letters, spaces and marks between
        /// words), each on its own: cut by a digit, a line feed or a Chinese character.
        #[test]
        fn a_piece_is_read_as_its_runs(
            words in proptest::collection::vec(proptest::sample::select(vec!["beready", "andwe're", "you", "are", "new", " ", ",", "1", "#", "\n", "。", "而"]), 0..40),
        ) {
            let check = super::GluedWords {
                first_words: vec!["and".into(), "be".into()],
                min_words: 3,
                min_len: 5,
                known: Default::default(),
                excludes: super::Excludes::new(&[]).unwrap(),
            };
            let piece = words.concat();
            let mut found = Vec::new();
            check.find(&piece, 7, &mut found);
            let mut by_runs = Vec::new();
            let mut run: Option<usize> = None;
            for (at, c) in piece.char_indices().chain([(piece.len(), '\n')]) {
                match (super::in_english_run(c) && at < piece.len(), run) {
                    (true, None) => run = Some(at),
                    (false, Some(from)) => {
                        check.find(&piece[from..at], 7 + from, &mut by_runs);
                        run = None;
                    }
                    _ => {}
                }
            }
            proptest::prop_assert_eq!(found, by_runs);
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        #[test]
        fn any_text_gives_sound_findings(text in crate::checks::testing::text_of(&["beready", "you", "are", "become", " ", ",", "。", "而", "\n", "'"])) {
            crate::checks::testing::assert_sound("ZJ620", &text);
        }
    }
}
