//! Regular expressions whose search caches the threads share.
//!
//! The `regex` crate gives each thread that searches with a regex a cache of its own (a lazy
//! DFA's states, the PikeVM's sets). Over the built-in rules' hundreds of expressions that
//! came to about 15 MB a thread when many files were checked at once. Here each expression
//! has one cache, made at its first search and locked for one search step. A step runs no
//! other expression, so no thread holds one cache while it waits for another.
//!
//! [`Regex`] offers the part of `regex::Regex` the checks use, with the same syntax, the same
//! engine settings and the same matches.

use regex_automata::meta;
use regex_automata::util::captures;
use regex_automata::util::iter::Searcher;
use regex_automata::Input;
use std::sync::{Arc, Mutex};

/// A compiled regular expression (see the module's doc).
pub struct Regex {
    meta: meta::Regex,
    source: Arc<str>,
    cache: SharedCache,
}

/// Why a regular expression did not compile, worded as `regex::Error` words it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error(String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl Regex {
    /// Compile `source` as `regex::Regex::new` does (its size limits, leftmost-first
    /// matching, no empty match inside a character).
    pub fn new(source: &str) -> Result<Regex, Error> {
        let config = meta::Config::new()
            .nfa_size_limit(Some(10 * (1 << 20)))
            .hybrid_cache_capacity(2 * (1 << 20))
            .match_kind(regex_automata::MatchKind::LeftmostFirst)
            .utf8_empty(true);
        let syntax = regex_automata::util::syntax::Config::new().utf8(true);
        let meta = (meta::Builder::new().configure(config).syntax(syntax))
            .build(source)
            .map_err(|e| {
                Error(match (e.size_limit(), e.syntax_error()) {
                    (Some(limit), _) => {
                        format!("Compiled regex exceeds size limit of {limit} bytes.")
                    }
                    (None, Some(syntax)) => syntax.to_string(),
                    (None, None) => e.to_string(),
                })
            })?;
        Ok(Regex {
            meta,
            source: Arc::from(source),
            cache: SharedCache::new(),
        })
    }

    /// The source it was compiled from.
    pub fn as_str(&self) -> &str {
        &self.source
    }

    pub fn is_match(&self, haystack: &str) -> bool {
        self.is_match_at(haystack, 0)
    }

    /// Whether a match starts at or after byte `start` (look-around sees the whole haystack).
    pub fn is_match_at(&self, haystack: &str, start: usize) -> bool {
        let input = Input::new(haystack)
            .earliest(true)
            .span(start..haystack.len());
        (self.cache).with(&self.meta, |cache| {
            self.meta.search_half_with(cache, &input).is_some()
        })
    }

    /// The leftmost-first match.
    pub fn find<'h>(&self, haystack: &'h str) -> Option<Match<'h>> {
        self.find_at(haystack, 0)
    }

    /// The leftmost-first match at or after byte `start`.
    pub fn find_at<'h>(&self, haystack: &'h str, start: usize) -> Option<Match<'h>> {
        let input = Input::new(haystack).span(start..haystack.len());
        (self.cache)
            .with(&self.meta, |cache| self.meta.search_with(cache, &input))
            .map(|m| Match::new(haystack, m.start(), m.end()))
    }

    /// Every match, left to right, none overlapping.
    pub fn find_iter<'r, 'h>(&'r self, haystack: &'h str) -> Matches<'r, 'h> {
        Matches {
            regex: self,
            haystack,
            searcher: Searcher::new(Input::new(haystack)),
        }
    }

    /// The leftmost-first match with its groups.
    pub fn captures<'h>(&self, haystack: &'h str) -> Option<Captures<'h>> {
        self.captures_at(haystack, 0)
    }

    /// The leftmost-first match at or after byte `start`, with its groups.
    pub fn captures_at<'h>(&self, haystack: &'h str, start: usize) -> Option<Captures<'h>> {
        let input = Input::new(haystack).span(start..haystack.len());
        let mut caps = self.meta.create_captures();
        (self.cache).with(&self.meta, |cache| {
            self.meta.search_captures_with(cache, &input, &mut caps)
        });
        caps.is_match().then_some(Captures { haystack, caps })
    }

    /// Every match with its groups, left to right, none overlapping.
    pub fn captures_iter<'r, 'h>(&'r self, haystack: &'h str) -> CaptureMatches<'r, 'h> {
        CaptureMatches {
            regex: self,
            haystack,
            caps: self.meta.create_captures(),
            searcher: Searcher::new(Input::new(haystack)),
        }
    }

    /// The names of the groups, in order, None for unnamed ones (the whole match first).
    pub fn capture_names(&self) -> impl Iterator<Item = Option<&str>> {
        self.meta
            .group_info()
            .pattern_names(regex_automata::PatternID::ZERO)
    }

    /// One step of an iterator over the matches: `search` from where `searcher` stands, with
    /// this expression's cache locked for that step only (the iterators' callers run other
    /// expressions between steps).
    fn step(
        &self,
        searcher: &mut Searcher<'_>,
        mut search: impl FnMut(
            &meta::Regex,
            &mut meta::Cache,
            &Input<'_>,
        ) -> Option<regex_automata::Match>,
    ) -> Option<regex_automata::Match> {
        (self.cache).with(&self.meta, |cache| {
            searcher.advance(|input| Ok(search(&self.meta, cache, input)))
        })
    }
}

/// A copy shares the compiled program and starts with an empty cache of its own, which is
/// freed with it.
impl Clone for Regex {
    fn clone(&self) -> Regex {
        Regex {
            meta: self.meta.clone(),
            source: Arc::clone(&self.source),
            cache: SharedCache::new(),
        }
    }
}

impl std::fmt::Debug for Regex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("Regex").field(&self.source).finish()
    }
}

impl std::fmt::Display for Regex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.source)
    }
}

/// The search cache of one expression, shared by the threads: made at the first search,
/// locked for one search at a time.
pub(crate) struct SharedCache(Mutex<Option<Box<meta::Cache>>>);

impl SharedCache {
    pub(crate) fn new() -> SharedCache {
        SharedCache(Mutex::new(None))
    }

    /// Run `search` with the cache of `regex` (this cache must be used with no other). A
    /// search that panicked leaves a fresh cache behind, not one it was changing.
    pub(crate) fn with<R>(
        &self,
        regex: &meta::Regex,
        search: impl FnOnce(&mut meta::Cache) -> R,
    ) -> R {
        let mut cache = self.0.lock().unwrap_or_else(|poisoned| {
            self.0.clear_poison();
            let mut cache = poisoned.into_inner();
            *cache = None;
            cache
        });
        search(cache.get_or_insert_with(|| Box::new(regex.create_cache())))
    }

    /// Run `search` with `own`, a cache of the caller's, when given; else as [`Self::with`].
    pub(crate) fn with_or_own<R>(
        &self,
        regex: &meta::Regex,
        own: Option<&mut meta::Cache>,
        search: impl FnOnce(&mut meta::Cache) -> R,
    ) -> R {
        match own {
            Some(own) => search(own),
            None => self.with(regex, search),
        }
    }
}

/// A match: where it is in the haystack, and its text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Match<'h> {
    haystack: &'h str,
    start: usize,
    end: usize,
}

impl<'h> Match<'h> {
    fn new(haystack: &'h str, start: usize, end: usize) -> Match<'h> {
        Match {
            haystack,
            start,
            end,
        }
    }

    pub fn start(&self) -> usize {
        self.start
    }

    pub fn end(&self) -> usize {
        self.end
    }

    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    pub fn as_str(&self) -> &'h str {
        &self.haystack[self.start..self.end]
    }
}

/// A match with its groups.
#[derive(Clone, Debug)]
pub struct Captures<'h> {
    haystack: &'h str,
    caps: captures::Captures,
}

impl<'h> Captures<'h> {
    /// Group `i` (0: the whole match), when it took part in the match.
    pub fn get(&self, i: usize) -> Option<Match<'h>> {
        (self.caps.get_group(i)).map(|span| Match::new(self.haystack, span.start, span.end))
    }

    /// The group called `name`, when it took part in the match.
    pub fn name(&self, name: &str) -> Option<Match<'h>> {
        (self.caps.get_group_by_name(name))
            .map(|span| Match::new(self.haystack, span.start, span.end))
    }

    /// Each group in order (the whole match first), when it took part in the match.
    pub fn iter(&self) -> impl Iterator<Item = Option<Match<'h>>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// How many groups the expression has, the whole match counted.
    pub fn len(&self) -> usize {
        self.caps.group_len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// The text of group `i`; panics when it took no part in the match, as `regex` does.
impl std::ops::Index<usize> for Captures<'_> {
    type Output = str;

    fn index(&self, i: usize) -> &str {
        self.get(i)
            .map(|m| m.as_str())
            .unwrap_or_else(|| panic!("no group at index '{i}'"))
    }
}

/// The text of the group called `name`; panics when it took no part in the match.
impl std::ops::Index<&str> for Captures<'_> {
    type Output = str;

    fn index(&self, name: &str) -> &str {
        self.name(name)
            .map(|m| m.as_str())
            .unwrap_or_else(|| panic!("no group named '{name}'"))
    }
}

/// The matches of [`Regex::find_iter`]; the cache is locked for each step only.
pub struct Matches<'r, 'h> {
    regex: &'r Regex,
    haystack: &'h str,
    searcher: Searcher<'h>,
}

impl<'h> Iterator for Matches<'_, 'h> {
    type Item = Match<'h>;

    fn next(&mut self) -> Option<Match<'h>> {
        let m = (self.regex).step(&mut self.searcher, |meta, cache, input| {
            meta.search_with(cache, input)
        })?;
        Some(Match::new(self.haystack, m.start(), m.end()))
    }
}

/// The matches of [`Regex::captures_iter`]; the cache is locked for each step only.
pub struct CaptureMatches<'r, 'h> {
    regex: &'r Regex,
    haystack: &'h str,
    caps: captures::Captures,
    searcher: Searcher<'h>,
}

impl<'h> Iterator for CaptureMatches<'_, 'h> {
    type Item = Captures<'h>;

    fn next(&mut self) -> Option<Captures<'h>> {
        let caps = &mut self.caps;
        (self.regex).step(&mut self.searcher, |meta, cache, input| {
            meta.search_captures_with(cache, input, caps);
            caps.get_match()
        });
        caps.is_match().then(|| Captures {
            haystack: self.haystack,
            caps: caps.clone(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Regex;
    use proptest::prelude::*;

    /// Expressions of the shapes the rules use: groups, named groups, classes of Han
    /// characters, look-around at line starts, and matches that may be empty.
    const SOURCES: &[&str] = &[
        r"(?P<hit>20[0-9x]{2})年",
        r"[^。\n]{0,3}(工作)?",
        r"(?m)^\s*([一二三四五六七八九十]+)、",
        r"\p{Han}{2}(?:总结|计划)",
        r"x*",
        r"(a)|(b)",
        r"\b\w+\b",
    ];

    fn haystack() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop::sample::select(vec![
                "一、", "工作", "总结", "计划", "。", "\n", " ", "2025年", "20xx年", "a", "b", "x",
                "ab", "，", "😀", "年度",
            ]),
            0..24,
        )
        .prop_map(|parts| parts.concat())
    }

    fn spans_of(m: Option<regex::Match>) -> Option<(usize, usize)> {
        m.map(|m| (m.start(), m.end()))
    }

    proptest! {
        /// Every search gives what `regex::Regex` gives on the same expression and text.
        #[test]
        fn searches_match_those_of_the_regex_crate(
            which in 0..SOURCES.len(),
            text in haystack(),
            start in 0usize..64,
        ) {
            let source = SOURCES[which];
            let ours = Regex::new(source).unwrap();
            let theirs = regex::Regex::new(source).unwrap();
            let start = (0..=start.min(text.len())).rev().find(|&k| text.is_char_boundary(k)).unwrap();
            prop_assert_eq!(ours.is_match(&text), theirs.is_match(&text));
            prop_assert_eq!(
                ours.find_at(&text, start).map(|m| (m.start(), m.end(), m.as_str())),
                theirs.find_at(&text, start).map(|m| (m.start(), m.end(), m.as_str()))
            );
            let all: Vec<_> = ours.find_iter(&text).map(|m| m.range()).collect();
            let expected: Vec<_> = theirs.find_iter(&text).map(|m| m.range()).collect();
            prop_assert_eq!(all, expected);
            let groups: Vec<Vec<_>> = (ours.captures_iter(&text))
                .map(|c| c.iter().map(|g| g.map(|g| (g.start(), g.end()))).collect())
                .collect();
            let expected: Vec<Vec<_>> = (theirs.captures_iter(&text))
                .map(|c| c.iter().map(spans_of).collect())
                .collect();
            prop_assert_eq!(groups, expected);
            let at = ours.captures_at(&text, start).map(|c| c.iter().map(|g| g.map(|g| g.range())).collect::<Vec<_>>());
            let expected = theirs.captures_at(&text, start).map(|c| c.iter().map(|g| g.map(|g| g.range())).collect::<Vec<_>>());
            prop_assert_eq!(at, expected);
            prop_assert!(ours.capture_names().eq(theirs.capture_names()));
        }
    }

    #[test]
    fn errors_are_worded_as_the_regex_crate_words_them() {
        for source in ["第(一", r"\p{NoSuchClass}", r"\w{1000}\w{1000}", "[z-a]"] {
            let ours = Regex::new(source).unwrap_err().to_string();
            let theirs = regex::Regex::new(source).unwrap_err().to_string();
            assert_eq!(ours, theirs, "{source}");
        }
    }

    #[test]
    fn groups_are_read_by_index_and_name() {
        let regex = Regex::new(r"(?P<year>\d{4})年(\d{1,2})月").unwrap();
        let caps = regex.captures("于2025年12月召开").unwrap();
        assert_eq!((&caps["year"], &caps[2], caps.len()), ("2025", "12", 3));
        assert_eq!(caps.get(0).unwrap().range(), 3..15);
        assert!(caps.name("month").is_none());
    }

    /// Threads searching with one expression at once find what one thread finds alone.
    #[test]
    fn threads_share_one_expression() {
        let regex = Regex::new(r"(?P<hit>\p{Han}{2})工作").unwrap();
        let texts: Vec<String> = (0..8)
            .map(|k| "做好宣传工作，抓好安全工作。".repeat(k + 1) + &"x".repeat(k))
            .collect();
        let alone: Vec<Vec<(usize, usize)>> = (texts.iter())
            .map(|t| regex.find_iter(t).map(|m| (m.start(), m.end())).collect())
            .collect();
        let together: Vec<Vec<(usize, usize)>> = std::thread::scope(|scope| {
            let handles: Vec<_> = (texts.iter())
                .map(|t| {
                    let regex = &regex;
                    scope.spawn(move || {
                        (0..200)
                            .map(|_| regex.find_iter(t).map(|m| (m.start(), m.end())).collect())
                            .reduce(|a: Vec<_>, b| if a == b { a } else { Vec::new() })
                            .unwrap()
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).collect()
        });
        assert_eq!(together, alone);
        assert_eq!(alone[0], [(6, 18), (27, 39)]);
    }

    /// A search that panicked leaves the expression usable.
    #[test]
    fn a_panic_in_a_search_does_not_break_the_expression() {
        let regex = Regex::new("工作").unwrap();
        let panicked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            regex
                .cache
                .with(&regex.meta, |_| panic!("a search that fails"))
        }));
        assert!(panicked.is_err());
        assert_eq!(regex.find("总结工作").map(|m| m.range()), Some(6..12));
    }
}
