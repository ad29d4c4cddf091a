//! Matching text against the lists of regular expressions that rules carry: the search that
//! lets neighbouring hits share context, leftmost-longest selection, `exclude` vetoes, and the
//! conditions every finding of a text rule meets (see [`Filter`]).

use crate::analysis::line_feeds::LineFeeds;
use crate::analysis::literals::{self, Lead};
use crate::analysis::start_queue::StartQueue;
use crate::analysis::vocabulary::{self, LiteralId, Occurrences, Starts};
use crate::catalogue::RuleDef;
use crate::checks::Context;
use crate::diagnostic::Diagnostic;
use crate::model::Span;
use crate::shared_regex::{Regex, SharedCache};
use aho_corasick::AhoCorasick;
use regex_automata::util::iter::Searcher;
use regex_automata::{meta, Anchored, Input, PatternID};
use regex_syntax::hir::{ClassUnicode, Hir, Look};
use std::borrow::Cow;
use std::sync::OnceLock;

/// The name of the capture group that marks the reported text inside a match.
pub const HIT_GROUP: &str = "hit";

/// Compile a list of regular expressions, naming the list and the culprit on error.
pub(crate) fn compile_all(key: &str, sources: &[String]) -> Result<Vec<Regex>, String> {
    sources
        .iter()
        .map(|s| Regex::new(s).map_err(|e| format!("{key} 中的正则表达式“{s}”有误：{e}")))
        .collect()
}

/// The longest match (in bytes) whose text is searched again for the next hit.
const SHARED_CONTEXT: usize = 256;

/// Every match found by `next` (the leftmost match, whole and `hit` group, starting at or
/// after a position), as the span of its `hit` group when `grouped`. When the group has
/// context before it and the match is at most [`SHARED_CONTEXT`] bytes long, the search
/// resumes one character after the start of the match, so that context (or the previous hit)
/// can serve as context for the next hit (consecutive form lines, `xx、xx`). Otherwise it
/// resumes at the last character of the match, which may be the context of the next hit
/// (`20xx年20xx年`: the first 年 stands before the second year); no text is searched more
/// than a bounded number of times. Hits found twice or overlapping are merged by
/// [`leftmost_longest`]. Without a group, matches do not overlap and empty ones are dropped.
fn find_hits_by(
    text: &str,
    grouped: bool,
    mut next: impl FnMut(usize) -> Option<(Span, Span)>,
    hits: &mut Vec<Span>,
) {
    let step = |at: usize| {
        text.get(at..)
            .and_then(|rest| rest.chars().next())
            .map(|c| at + c.len_utf8())
    };
    let mut pos = 0;
    while pos <= text.len() {
        let Some((whole, hit)) = next(pos) else {
            break;
        };
        if !hit.is_empty() {
            hits.push(hit.clone());
        }
        let next = if !grouped {
            // Callers give no empty matches here (see [`Expr::find_hits`]).
            Some(whole.end)
        } else if hit.start > whole.start && whole.len() <= SHARED_CONTEXT {
            // Searching again from inside a long match would make the search quadratic
            // ('[^\n]*(?P<hit>完)' on a long line).
            step(whole.start)
        } else {
            text[..whole.end]
                .chars()
                .next_back()
                .map(|last| whole.end - last.len_utf8())
        };
        pos = match next {
            Some(next) if next > pos => next,
            // An empty match at `pos`: step over one character.
            _ => match step(pos) {
                Some(next) => next,
                None => break,
            },
        };
    }
}

/// One expression of a rule, with the strings every match of it contains (when it has a small
/// set of them): the expression then runs only in windows around those strings, which one
/// Aho-Corasick pass finds, instead of over the whole text.
pub(crate) struct Expr {
    /// The parse, kept when compiling is deferred (see [`deferring`]) until the first search
    /// that needs the regex.
    deferred: Option<Box<(Hir, meta::Config)>>,
    /// The regex and the index of its `hit` group; None when it is too large for the engine
    /// (it then matches nothing: a deferred expression is one of a built-in rule, and a test
    /// compiles each of them).
    compiled: OnceLock<Option<Compiled>>,
    literals: Option<Vec<Vec<u8>>>,
    /// Another set of strings every match holds, with its offset (as `literal_offset` is of
    /// `literals`), for an expression whose `literals` are blanks or allow no offset: a
    /// document that holds fewer of these than of `literals` is searched around these
    /// instead (see [`literals::alternative_to_blanks`] and
    /// [`literals::alternative_with_offset`]). Not kept when the engines chosen for
    /// `literal_offset` would search around it unanchored with the PikeVM alone (see
    /// [`Expr::new`]).
    alternative: Option<(Vec<Vec<u8>>, Offset)>,
    /// The longest a match can be, in bytes.
    max_len: Option<usize>,
    /// Every match holds one of `literals` this many characters after its start: at least
    /// the first number, at most the second.
    literal_offset: Offset,
    /// For literals that allow no offset: what may stand before them in a match (see
    /// [`literals::lead_in`]).
    lead: Option<Lead>,
    /// The most line feeds a match holds (None: no bound). A match that holds an occurrence
    /// then lies within that many lines either side of the occurrence's line.
    max_newlines: Option<usize>,
    /// Every match starts at the start of a line (`(?m)^…`) and holds at most
    /// `max_newlines` line feeds: the lines a match around an occurrence may start on are
    /// searched anchored at their starts, where a failing search stops early, and not along
    /// their text.
    line_anchored: bool,
    /// Other sets of strings every match holds one of (see [`literals::companions`]).
    companions: Vec<Vec<Vec<u8>>>,
    /// The characters every match starts with, position by position (see
    /// [`literals::leading_chars`]): an anchored search where the text goes on with others is
    /// not run (most of the searches at line starts and at the offsets a literal allows, each
    /// costing the engine's setup).
    leading: Vec<ClassUnicode>,
    /// The leading characters of a match that starts where no line does, when the expression
    /// asserts a line's start (see [`literals::leading_chars_off_line_start`]).
    leading_off_line_start: Option<Vec<ClassUnicode>>,
}

/// How many characters after its start every match holds one of a set of literals: at least
/// the first number, at most the second (None: no such bound).
type Offset = Option<(usize, usize)>;

/// A compiled expression.
struct Compiled {
    re: meta::Regex,
    /// The index of the `hit` group.
    group: Option<usize>,
    /// The search cache every thread uses, one search at a time (see [`crate::shared_regex`]).
    cache: SharedCache,
}

impl Compiled {
    /// The engine's error, as its message.
    fn new(hir: &Hir, config: meta::Config) -> Result<Self, String> {
        let re = (meta::Builder::new().configure(config))
            .build_from_hir(hir)
            .map_err(|e| e.to_string())?;
        let group = re.group_info().to_index(PatternID::ZERO, HIT_GROUP);
        let cache = SharedCache::new();
        Ok(Compiled { re, group, cache })
    }
}

thread_local! {
    static DEFERRING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Run `build` with the regexes of the expressions it makes compiled at their first search
/// rather than now: for the built-in rules, whose expressions are known to compile. Most of a
/// rule's expressions find none of their strings in a given document, and compiling them
/// was most of what a run on one small file cost. A user's rule is compiled at once, so that
/// an expression too large for the engine is an error when the rule loads.
pub(crate) fn deferring<T>(build: impl FnOnce() -> T) -> T {
    /// Puts the thread's setting back, also when `build` panics.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            DEFERRING.with(|d| d.set(self.0));
        }
    }
    let _restore = Restore(DEFERRING.with(|d| d.replace(true)));
    build()
}

impl Expr {
    pub(crate) fn new(key: &str, source: &str) -> Result<Self, String> {
        let error = |e: &dyn std::fmt::Display| format!("{key} 中的正则表达式“{source}”有误：{e}");
        let hir = regex_syntax::parse(source).map_err(|e| error(&e))?;
        let required = literals::required(&hir);
        let literal_offset = required
            .as_deref()
            .and_then(|set| literals::offset_in(&hir, set));
        let lead = (required.as_deref())
            .filter(|_| literal_offset.is_none())
            .and_then(|set| literals::lead_in(&hir, set));
        let mut config = meta::Config::new();
        if required.is_some() && hir.properties().maximum_len().is_some() {
            // Searched only in windows around its literals, which the shared scan finds: the
            // engine's own literal prefilter would find them again, and building it (Teddy, an
            // Aho-Corasick DFA, the reverse-inner split) cost more than the search.
            config = config.auto_prefilter(false);
        }
        let widely = literals::counts_widely(&hir);
        let alternative = required
            .as_deref()
            .and_then(|set| {
                literals::alternative_to_blanks(&hir, set)
                    .or_else(|| literals::alternative_with_offset(&hir, set))
            })
            .map(|set| {
                let offset = literals::offset_in(&hir, &set);
                (set, offset)
            })
            // The engines are chosen for `literal_offset` (below): a wide expression with an
            // offset has the PikeVM alone, which must not search around the alternative's
            // occurrences unanchored. Without an offset, the engines that search whole lines
            // also search anchored at the starts the alternative allows.
            .filter(|(_, offset)| !(widely && literal_offset.is_some() && offset.is_none()));
        if literal_offset.is_some() && widely {
            // Searched only anchored, at the start each literal allows: the PikeVM there
            // costs the match's length, while a lazy DFA would keep building new states, and
            // the backtracker clears a visited set (states × window) at every start, which
            // for these wide classes cost more than the search (6 % of a large file).
            config = config.hybrid(false).dfa(false).backtrack(false);
        }
        let screened: Vec<&[Vec<u8>]> = (required.as_deref().into_iter())
            .chain(alternative.as_ref().map(|(set, _)| set.as_slice()))
            .collect();
        let companions = if screened.is_empty() {
            Vec::new()
        } else {
            literals::companions(&hir, &screened)
        };
        let max_newlines = literals::max_newlines(&hir);
        let starts = hir.properties().look_set_prefix();
        let line_start = [Look::Start, Look::StartLF, Look::StartCRLF];
        let line_anchored =
            max_newlines.is_some() && line_start.iter().any(|&look| starts.contains(look));
        let max_len = hir.properties().maximum_len();
        let leading = literals::leading_chars(&hir);
        let leading_off_line_start = literals::leading_chars_off_line_start(&hir);
        let (deferred, compiled) = if DEFERRING.with(|d| d.get()) {
            (Some(Box::new((hir, config))), OnceLock::new())
        } else {
            let compiled = Compiled::new(&hir, config).map_err(|e| error(&e))?;
            (None, OnceLock::from(Some(compiled)))
        };
        Ok(Expr {
            deferred,
            compiled,
            literal_offset,
            lead,
            literals: required,
            alternative,
            max_len,
            max_newlines,
            line_anchored,
            companions,
            leading,
            leading_off_line_start,
        })
    }

    /// The regex, compiled now if it was deferred.
    fn compiled(&self) -> Option<&Compiled> {
        self.compiled
            .get_or_init(|| {
                let (hir, config) = self.deferred.as_deref()?;
                Compiled::new(hir, config.clone()).ok()
            })
            .as_ref()
    }

    /// False when no match can start at byte `at` of `text`: the characters there are not
    /// those every match starts with.
    fn may_start_at(&self, text: &str, at: usize) -> bool {
        let mut next = text.get(at..).unwrap_or_default().chars();
        let before = at.checked_sub(1).and_then(|k| text.as_bytes().get(k));
        let off_line_start = before.is_some_and(|&b| b != b'\n' && b != b'\r');
        let leading = match &self.leading_off_line_start {
            Some(leading) if off_line_start => leading,
            _ => &self.leading,
        };
        leading
            .iter()
            .all(|class| next.next().is_some_and(|c| literals::class_holds(class, c)))
    }

    /// Whether the regex is compiled, and compiled without error.
    #[cfg(test)]
    pub(crate) fn is_compiled(&self) -> bool {
        self.compiled.get().is_some_and(Option::is_some)
    }

    /// The hits of this expression in `text` (see [`find_hits_by`]); `starts`: the sorted
    /// start offsets of every occurrence of one of its sets of literals, when it has them,
    /// with that set's offset (see `literal_offset`).
    /// `line_feeds`: where the text's line feeds are, when known.
    /// `companions`: where its companion sets occur in `text`, when known.
    fn find_hits<'t>(
        &self,
        text: &'t str,
        starts: Option<(StartQueue<'t>, Offset, Option<&Lead>)>,
        line_feeds: Option<&'t LineFeeds>,
        companions: Option<&Companions>,
        hits: &mut Vec<Span>,
    ) {
        let Some(Compiled { re, group, cache }) = self.compiled() else {
            return;
        };
        // A large document is searched with a cache of its own, freed on return (see
        // `checks::RunRegexes`).
        let mut own = (text.len() >= crate::checks::OWN_CACHES_FROM).then(|| re.create_cache());
        // Made at the first search that resolves the group.
        let mut caps = None;
        let mut search = |range: Span, anchored: bool| -> Option<(Span, Span)> {
            if anchored && !self.may_start_at(text, range.start) {
                return None;
            }
            // A match lies in the range and holds a string of each companion set.
            if companions.is_some_and(|companions| !companions.all_start_in(&range)) {
                return None;
            }
            let anchored = if anchored {
                Anchored::Yes
            } else {
                Anchored::No
            };
            let input = Input::new(text).range(range).anchored(anchored);
            cache.with_or_own(re, own.as_mut(), |cache| match *group {
                None => re
                    .search_with(cache, &input)
                    .map(|m| (m.range(), m.range())),
                Some(group) => {
                    let caps = caps.get_or_insert_with(|| re.create_captures());
                    re.search_captures_with(cache, &input, caps);
                    let whole = caps.get_match()?.range();
                    let hit = caps.get_group(group).map_or(whole.clone(), |s| s.range());
                    Some((whole, hit))
                }
            })
        };
        match starts {
            Some((starts, offset, lead)) => {
                let mut windows = Windows::new(self, text, starts, offset, line_feeds);
                windows.lead = lead;
                find_hits_by(
                    text,
                    group.is_some(),
                    |pos| windows.next_match(pos, &mut search),
                    hits,
                );
            }
            None if group.is_none() => cache.with_or_own(re, own.as_mut(), |cache| {
                let mut matches = Searcher::new(Input::new(text));
                while let Some(m) = matches.advance(|input| Ok(re.search_with(cache, input))) {
                    if !m.is_empty() {
                        hits.push(m.range());
                    }
                }
            }),
            None => find_hits_by(text, true, |pos| search(pos..text.len(), false), hits),
        }
    }
}

/// The screened search of one expression: the leftmost match at or after a position, found by
/// searching only windows around the occurrences of its literals. A window around an
/// occurrence at `a` holds every match that contains it: such a match starts after `a` minus
/// the longest match and within as many lines before `a`'s as it can hold line feeds, and ends
/// as far after. Windows that overlap are searched as one. Look-around sees the whole text,
/// as in an unscreened search.
struct Windows<'e, 't> {
    expr: &'e Expr,
    text: &'t str,
    starts: StartQueue<'t>,
    /// How many characters after a match's start it holds one of the strings `starts` are of
    /// (see `Expr::literal_offset`).
    offset: Offset,
    /// What may stand before `starts` in a match, when they allow no offset.
    lead: Option<&'e Lead>,
    /// Where the text's line feeds are, when the shared scan found them.
    line_feeds: Option<&'t LineFeeds>,
    /// No match starts between the position asked for and `from`.
    from: usize,
    /// The line last asked for: (start, end), a range of `text` without line feeds.
    line: Option<(usize, usize)>,
    /// The last window searched, (end, seen until): every match that starts from `from`
    /// up to `seen until` ends inside it.
    window: Option<(usize, usize)>,
}

/// Where a window around an occurrence may be searched, and how far it answers for.
struct Window {
    lo: usize,
    hi: usize,
    /// Every match that starts at or after `lo` and at or before this ends by `hi`.
    seen_until: usize,
}

impl<'e, 't> Windows<'e, 't> {
    fn new(
        expr: &'e Expr,
        text: &'t str,
        starts: StartQueue<'t>,
        offset: Offset,
        line_feeds: Option<&'t LineFeeds>,
    ) -> Self {
        Windows {
            expr,
            text,
            starts,
            offset,
            lead: None,
            line_feeds,
            from: 0,
            line: None,
            window: None,
        }
    }

    /// The range of the lines from `count` lines before `at`'s to `count` after it, without
    /// the line feeds at its ends.
    fn lines_around(&mut self, at: usize, count: usize) -> (usize, usize) {
        if let Some(feeds) = self.line_feeds {
            return feeds.lines_around(at, count);
        }
        let (mut start, mut end) = self.line_around(at);
        for _ in 0..count {
            if start > 0 {
                start = self.text[..start - 1].rfind('\n').map_or(0, |i| i + 1);
            }
            if end < self.text.len() {
                end = self.text[end + 1..]
                    .find('\n')
                    .map_or(self.text.len(), |i| end + 1 + i);
            }
        }
        (start, end)
    }

    /// The window around an occurrence at `at` (before `from` is applied).
    fn window(&mut self, at: usize) -> Window {
        let text = self.text;
        let mut lo = 0;
        let mut hi = text.len();
        if let Some(max) = self.expr.max_len {
            lo = at.saturating_sub(max);
            hi = hi.min(at.saturating_add(max));
        }
        // A match may start up to `at` and still hold this occurrence.
        let mut seen_until = at;
        if let Some(count) = self.expr.max_newlines {
            let (start, end) = self.lines_around(at, count);
            lo = lo.max(start);
            if end <= hi {
                hi = end;
                // A match starting on this line, even at its line feed, holds no more line
                // feeds than `count` lines after it have.
                seen_until = self.line_around(at).1;
            }
        }
        if hi == text.len() {
            seen_until = hi;
        }
        while !text.is_char_boundary(lo) {
            lo -= 1;
        }
        while !text.is_char_boundary(hi) {
            hi += 1;
        }
        Window { lo, hi, seen_until }
    }

    fn line_around(&mut self, at: usize) -> (usize, usize) {
        if let Some((start, end)) = self.line {
            if start <= at && at <= end {
                return (start, end);
            }
        }
        let (start, end) = match self.line_feeds {
            Some(feeds) => feeds.lines_around(at, 0),
            None => {
                let start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
                let end = self.text[at..]
                    .find('\n')
                    .map_or(self.text.len(), |i| at + i);
                (start, end)
            }
        };
        self.line = Some((start, end));
        (start, end)
    }

    fn next_match(
        &mut self,
        pos: usize,
        search: &mut impl FnMut(Span, bool) -> Option<(Span, Span)>,
    ) -> Option<(Span, Span)> {
        let text = self.text;
        self.from = self.from.max(pos);
        loop {
            self.starts.skip_below(self.from);
            let at = self.starts.first()? as usize;
            // The earliest start a match holding this occurrence may have, and how many
            // characters lie between, when a short walk back finds it.
            let lead = (self.lead)
                .and_then(|lead| Some((lead, earliest_start(text, at, lead, self.from)?)));
            if let (true, Some(count)) = (self.expr.line_anchored, self.expr.max_newlines) {
                let (start, end) = self.line_around(at);
                if lead.is_some_and(|(_, (first, _))| first > start) {
                    // No line starts from there to the occurrence, nor to a later one, whose
                    // earliest start is no earlier: no match starts on this line.
                    if end >= text.len() {
                        return None;
                    }
                    self.from = end + 1;
                    continue;
                }
                // A match holding this occurrence starts at one of the `count` lines before
                // its line, or at its line's start, and ends by `count` lines after it.
                let (first, hi) = self.lines_around(at, count);
                let (start, end) = self.line_around(at);
                // A lone carriage return also starts a line for `(?R)^`: search as below.
                if !has_lone_carriage_return(text, first..hi) {
                    let mut line = first;
                    while line <= start {
                        if line >= self.from {
                            if let Some(found) = search(line..hi, true) {
                                return Some(found);
                            }
                        }
                        match memchr::memchr(b'\n', &text.as_bytes()[line..start]) {
                            Some(feed) => line += feed + 1,
                            None => break,
                        }
                    }
                    if end >= text.len() {
                        return None;
                    }
                    self.from = end + 1;
                    continue;
                }
            }
            if let Some((least, most)) = self.offset {
                // The starts this occurrence allows, each searched anchored, leftmost first.
                // Starts before them were tried with earlier occurrences, whose allowed
                // starts begin no later; those after them, with later ones.
                let first = chars_before(text, at, most).unwrap_or(0).max(self.from);
                let last = chars_before(text, at, least);
                if let Some(found) = self.search_starts(at, first, last, search) {
                    return Some(found);
                }
                self.starts.pop();
                continue;
            }
            // No match holding this occurrence starts before `earliest`; and none holding a
            // later one does, as the earliest start only grows with the occurrence's place.
            let mut earliest = self.from;
            if let Some((lead, (first, walked))) = lead {
                if walked <= MAX_LEAD_STARTS {
                    let last = chars_before(text, at, lead.least);
                    if let Some(found) = self.search_starts(at, first, last, search) {
                        return Some(found);
                    }
                    self.starts.pop();
                    continue;
                }
                earliest = first;
            }
            let (lo, hi, seen_until) = match self.window {
                // The last window answers for this start too.
                Some((hi, seen_until)) if earliest <= seen_until => (self.from, hi, seen_until),
                _ => self.merged_window(at),
            };
            self.window = Some((hi, seen_until));
            match search(lo.max(earliest)..hi, false) {
                Some(found) if found.0.start <= seen_until => return Some(found),
                _ if seen_until >= text.len() => return None,
                // No match starts up to `seen_until`.
                _ => {
                    let c = text[seen_until..].chars().next().map_or(1, char::len_utf8);
                    self.from = seen_until + c;
                }
            }
        }
    }

    /// Search anchored at each start from `first` to `last` (None: none) that a match holding
    /// the occurrence at `at` may have, leftmost first; `from` moves past each start tried.
    fn search_starts(
        &mut self,
        at: usize,
        first: usize,
        last: Option<usize>,
        search: &mut impl FnMut(Span, bool) -> Option<(Span, Span)>,
    ) -> Option<(Span, Span)> {
        let text = self.text;
        // An anchored search stops where the match cannot go on; a line's end spares it only
        // the look at what follows.
        let line_end = match self.expr.max_newlines {
            Some(0) if last.is_some_and(|last| first <= last) => self.line_around(at).1,
            _ => text.len(),
        };
        let mut start = first;
        while last.is_some_and(|last| start <= last) {
            let mut hi = line_end;
            if let Some(max) = self.expr.max_len {
                hi = hi.min(start.saturating_add(max));
            }
            while !text.is_char_boundary(hi) {
                hi += 1;
            }
            if let Some(found) = search(start..hi, true) {
                return Some(found);
            }
            start += text[start..].chars().next().map_or(1, char::len_utf8);
            self.from = start;
        }
        None
    }

    /// The window around the occurrence at `at` joined with those of the occurrences inside
    /// it, and theirs in turn: where occurrences are dense, one search over their run instead
    /// of one per occurrence over the same text. (lo, hi, seen until)
    fn merged_window(&mut self, at: usize) -> (usize, usize, usize) {
        let Window {
            lo,
            mut hi,
            mut seen_until,
        } = self.window(at);
        // Windows' ends and `seen until` grow with the occurrence's position.
        let mut last = 0;
        loop {
            let inside = self.starts.count_below(hi);
            if inside <= last + 1 {
                break;
            }
            last = inside - 1;
            let Some(start) = self.starts.ahead_at(last) else {
                break;
            };
            let next = self.window(start as usize);
            hi = hi.max(next.hi);
            seen_until = seen_until.max(next.seen_until);
        }
        (lo, hi, seen_until)
    }
}

/// Whether `text[range]` holds a carriage return that no line feed follows.
fn has_lone_carriage_return(text: &str, range: Span) -> bool {
    let bytes = text.as_bytes();
    let start = range.start;
    (memchr::memchr_iter(b'\r', &bytes[range])).any(|at| bytes.get(start + at + 1) != Some(&b'\n'))
}

/// The most starts a [`Lead`] may leave before an occurrence for each to be searched
/// anchored; with more, the window from the earliest is searched.
const MAX_LEAD_STARTS: usize = 6;
/// The most characters walked back from an occurrence for its earliest start.
const MAX_LEAD_WALK: usize = 48;

/// The earliest start, not before `floor`, that `lead` allows a match holding the occurrence
/// at `at` (both character boundaries), with how many characters lie between them; None when
/// that is more than [`MAX_LEAD_WALK`].
fn earliest_start(text: &str, at: usize, lead: &Lead, floor: usize) -> Option<(usize, usize)> {
    let mut others = lead.others;
    for (walked, (i, c)) in text[floor..at].char_indices().rev().enumerate() {
        if walked >= MAX_LEAD_WALK {
            return None;
        }
        if !literals::class_holds(&lead.free, c) {
            if others == 0 {
                return Some((floor + i + c.len_utf8(), walked));
            }
            others -= 1;
        }
    }
    Some((floor, text[floor..at].chars().count()))
}

/// The position `count` characters before `at`, if the text has that many.
fn chars_before(text: &str, at: usize, count: usize) -> Option<usize> {
    // Back over each character's continuation bytes to its first byte (`at` is a
    // character boundary of a valid text, so every step lands on one).
    let bytes = text.as_bytes();
    let mut pos = at;
    for _ in 0..count {
        pos = pos.checked_sub(1)?;
        while pos > 0 && bytes[pos] & 0xc0 == 0x80 {
            pos -= 1;
        }
    }
    Some(pos)
}

/// Sort spans and drop those overlapping an earlier one (leftmost, then longest, wins).
pub(crate) fn leftmost_longest(mut spans: Vec<Span>) -> Vec<Span> {
    spans.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let mut kept: Vec<Span> = Vec::with_capacity(spans.len());
    for span in spans {
        if kept.last().is_none_or(|last| span.start >= last.end) {
            kept.push(span);
        }
    }
    kept
}

/// A list of expressions, each with the ids of its literals in the shared vocabulary, so the
/// document's one literal scan ([`Occurrences`]) says where each can match.
struct Exprs {
    exprs: Vec<Expr>,
    /// Per expression: its literals' ids (None when it has no literals).
    ids: Vec<Option<Vec<LiteralId>>>,
    /// Per expression: the ids of its alternative literals (see `Expr::alternative`).
    alternative_ids: Vec<Option<Vec<LiteralId>>>,
    /// Per expression: the ids of each of its companion sets (see `Expr::companions`).
    companion_ids: Vec<Vec<Vec<LiteralId>>>,
    /// The largest of the expressions' ids (see [`vocabulary::largest_id`]).
    largest: Option<LiteralId>,
    /// For a text the shared scan did not cover: one automaton over this list's literals,
    /// built when first needed.
    own: OnceLock<Option<OwnScreen>>,
}

/// The starts of the literals an expression is searched around, with how many characters
/// after a match's start it holds one (see `Expr::literal_offset`).
/// The last: whether they are of the expression's required strings (not its alternative's).
type Screened<'s> = (StartQueue<'s>, Offset, bool);

/// The literals of one list in an automaton of their own.
struct OwnScreen {
    automaton: AhoCorasick,
    /// For each string of `automaton`, the expressions that contain it.
    owners: Vec<Vec<usize>>,
}

impl Exprs {
    fn new(key: &str, sources: &[String]) -> Result<Self, String> {
        let exprs = sources
            .iter()
            .map(|s| Expr::new(key, s))
            .collect::<Result<Vec<_>, _>>()?;
        let intern = |literals: &Vec<Vec<u8>>| {
            vocabulary::intern(literals.iter().map(Vec::as_slice))
                .into_iter()
                .collect::<Option<Vec<_>>>()
        };
        let ids: Vec<Option<Vec<LiteralId>>> = exprs
            .iter()
            .map(|expr| intern(expr.literals.as_ref()?))
            .collect();
        let alternative_ids = exprs
            .iter()
            .map(|expr| intern(&expr.alternative.as_ref()?.0))
            .collect();
        let companion_ids = exprs
            .iter()
            .map(|expr| expr.companions.iter().filter_map(intern).collect())
            .collect();
        let all: Vec<LiteralId> = ids.iter().flatten().flatten().copied().collect();
        Ok(Exprs {
            exprs,
            largest: vocabulary::largest_id(&all),
            ids,
            alternative_ids,
            companion_ids,
            own: OnceLock::new(),
        })
    }

    fn own_screen(&self) -> Option<&OwnScreen> {
        self.own
            .get_or_init(|| {
                let mut strings: Vec<&[u8]> = Vec::new();
                let mut owners: Vec<Vec<usize>> = Vec::new();
                let screened = self.exprs.iter().zip(&self.ids).enumerate();
                for (i, (expr, _)) in screened.filter(|(_, (_, ids))| ids.is_some()) {
                    for literal in expr.literals.iter().flatten() {
                        match strings.iter().position(|s| *s == literal.as_slice()) {
                            Some(k) => owners[k].push(i),
                            None => {
                                strings.push(literal);
                                owners.push(vec![i]);
                            }
                        }
                    }
                }
                if strings.is_empty() {
                    return None;
                }
                let automaton = AhoCorasick::new(&strings).ok()?;
                Some(OwnScreen { automaton, owners })
            })
            .as_ref()
    }

    /// Per expression, the sorted starts of its literals in `text`, with their offset (see
    /// `Expr::literal_offset`), from this list's own automaton: for a text the shared scan
    /// does not cover. None for a text of 4 GiB or more, whose offsets do not fit: it is
    /// searched whole.
    fn own_starts(&self, text: &str) -> Option<Vec<Option<Screened<'static>>>> {
        u32::try_from(text.len()).ok()?;
        let mut starts: Vec<Vec<u32>> = vec![Vec::new(); self.exprs.len()];
        if let Some(own) = self.own_screen() {
            for m in own.automaton.find_overlapping_iter(text) {
                for &i in &own.owners[m.pattern().as_usize()] {
                    starts[i].push(m.start() as u32);
                }
            }
        }
        let screened = starts
            .into_iter()
            .zip(&self.exprs)
            .map(|(mut starts, expr)| {
                // Each literal's starts are sorted already: the stable sort merges those runs
                // (the unstable one sorted from scratch).
                starts.sort();
                starts.dedup();
                let starts = StartQueue::holding(Cow::Owned(starts));
                Some((starts, expr.literal_offset, true))
            });
        Some(screened.collect())
    }

    /// Expression `i`'s starts from the shared scan, which covers its literals (an expression
    /// of one literal reads that literal's list itself), or of its alternative literals when
    /// the text holds fewer of those. None when one of them was not looked for.
    /// Made for one expression at a time: a large file's lists of one expression run to
    /// megabytes, and its regex is searched before the next one's are made.
    fn shared_starts<'s>(&self, i: usize, shared: &'s Occurrences) -> Option<Screened<'s>> {
        let (expr, mut ids) = (&self.exprs[i], self.ids[i].as_deref()?);
        let (mut offset, mut required) = (expr.literal_offset, true);
        let count = |ids: &[LiteralId]| -> Option<usize> {
            ids.iter()
                .map(|&id| shared.starts_of(id).map(|s| s.len()))
                .sum()
        };
        let alternative = (self.alternative_ids[i].as_deref())
            .filter(|alternative| shared.covers(alternative))
            .zip(expr.alternative.as_ref());
        if let Some((alternative, (_, their_offset))) = alternative {
            if let (Some(theirs), Some(own)) = (count(alternative), count(ids)) {
                if theirs < own {
                    (ids, offset, required) = (alternative, *their_offset, false);
                }
            }
        }
        let starts = match ids {
            &[id] => StartQueue::of(shared.starts_of(id)?),
            // Every list is there: `count` found each.
            ids => StartQueue::merged(count(ids)?, ids.iter().flat_map(|&id| shared.starts_of(id))),
        };
        Some((starts, offset, required))
    }

    /// The hits of every expression, appended to `hits` unsorted. `shared`: the document's
    /// literal scan, when `text` is the text it scanned.
    fn find_hits(&self, text: &str, shared: Option<&Occurrences>, hits: &mut Vec<Span>) {
        let covering = shared.filter(|s| s.covers_up_to(self.largest));
        let mut own = match covering {
            Some(_) => None,
            None => match self.own_starts(text) {
                Some(own) => Some(own),
                None => {
                    for expr in &self.exprs {
                        expr.find_hits(text, None, None, None, hits);
                    }
                    return;
                }
            },
        };
        let line_feeds = shared.and_then(Occurrences::line_feeds);
        let listed = self.ids.iter().zip(&self.companion_ids);
        for (i, (expr, (ids, companion_ids))) in self.exprs.iter().zip(listed).enumerate() {
            let screened = match (&mut own, covering) {
                (Some(own), _) => own[i].take(),
                (None, Some(shared)) => match ids {
                    // None of its strings occurs (the alternative is read only when fewer of
                    // its own do): nothing to search. Most expressions find none.
                    Some(ids) if !ids.iter().any(|&id| shared.may_hold(id)) => continue,
                    Some(_) => self.shared_starts(i, shared),
                    None => None,
                },
                (None, _) => None,
            };
            let Some((mut starts, offset, required)) = screened.filter(|_| ids.is_some()) else {
                expr.find_hits(text, None, None, None, hits);
                continue;
            };
            // An expression whose strings do not occur, or one of whose companion sets does
            // not, is not searched, nor compiled if compiling it was deferred.
            if starts.first().is_none()
                || shared.is_some_and(|shared| lacks_a_set(shared, companion_ids))
            {
                continue;
            }
            let companions = shared.and_then(|shared| Companions::new(shared, companion_ids));
            let lead = expr.lead.as_ref().filter(|_| required);
            let starts = Some((starts, offset, lead));
            expr.find_hits(text, starts, line_feeds, companions.as_ref(), hits);
        }
    }
}

/// Whether the scan found no string of one of the sets `sets` (each a list of ids) in its text.
/// A set with a string the scan did not look for may be there.
fn lacks_a_set(shared: &Occurrences, sets: &[Vec<LiteralId>]) -> bool {
    sets.iter().any(|set| {
        set.iter()
            .all(|&id| shared.starts_of(id).is_some_and(|starts| starts.len() == 0))
    })
}

/// Where the companion sets of an expression (see `Expr::companions`) occur in one text: per
/// set, the starts of each of its strings.
struct Companions<'s> {
    sets: Vec<Vec<&'s [u32]>>,
}

impl<'s> Companions<'s> {
    /// None when there are none, or when one of them was not looked for or is kept packed
    /// (a large text's lists are read in order only).
    fn new(shared: &'s Occurrences, sets: &[Vec<LiteralId>]) -> Option<Self> {
        if sets.is_empty() {
            return None;
        }
        let plain = |&id: &LiteralId| match shared.starts_of(id)? {
            Starts::Plain(starts) => Some(starts),
            Starts::Packed(_) => None,
        };
        let sets = (sets.iter())
            .map(|set| set.iter().map(plain).collect())
            .collect::<Option<_>>()?;
        Some(Companions { sets })
    }

    /// Whether a string of every set starts in `range`.
    fn all_start_in(&self, range: &Span) -> bool {
        self.sets.iter().all(|set| {
            set.iter().any(|starts| {
                let first = starts.partition_point(|&s| (s as usize) < range.start);
                starts.get(first).is_some_and(|&s| (s as usize) < range.end)
            })
        })
    }
}

/// A rule's `patterns`: expressions screened by their literals (see [`Expr`]), so a rule
/// costs one literal pass over clean text.
pub(crate) struct Patterns {
    exprs: Exprs,
}

impl Patterns {
    /// Compile `patterns` (required, not empty).
    pub(crate) fn new(sources: &[String]) -> Result<Self, String> {
        if sources.is_empty() {
            return Err("patterns 不能为空".into());
        }
        Ok(Patterns {
            exprs: Exprs::new("patterns", sources)?,
        })
    }

    /// The hits of all patterns in `text`, sorted, overlaps dropped ([`leftmost_longest`]).
    /// `shared`: the document's literal scan, when `text` is the text it scanned (see
    /// [`Context::occurrences`]).
    pub(crate) fn hits(&self, text: &str, shared: Option<&Occurrences>) -> Vec<Span> {
        let mut hits = Vec::new();
        self.exprs.find_hits(text, shared, &mut hits);
        leftmost_longest(hits)
    }
}

/// `exclude` expressions: contexts that veto a finding they overlap.
pub(crate) struct Excludes {
    exprs: Option<Exprs>,
}

impl Excludes {
    pub(crate) fn new(sources: &[String]) -> Result<Self, String> {
        let exprs = if sources.is_empty() {
            None
        } else {
            Some(Exprs::new("exclude", sources)?)
        };
        Ok(Excludes { exprs })
    }

    /// No expressions: for checks whose findings only the common conditions filter.
    pub(crate) fn none() -> Self {
        Excludes { exprs: None }
    }

    /// All exclude matches in `text`, for [`Vetoes::covers`].
    pub(crate) fn scan(&self, text: &str, shared: Option<&Occurrences>) -> Vetoes {
        let mut spans = Vec::new();
        if let Some(exprs) = &self.exprs {
            exprs.find_hits(text, shared, &mut spans);
        }
        Vetoes::new(spans)
    }
}

/// A set of spans that answers "does anything overlap this span?" in O(log n).
pub(crate) struct Vetoes {
    /// The spans, those that overlap merged into one: sorted by start, and so by end too.
    /// (A span only touching the one before stays apart: an empty span between them overlaps
    /// neither.)
    merged: Vec<Span>,
}

impl Vetoes {
    pub(crate) fn new(mut spans: Vec<Span>) -> Self {
        spans.sort_by_key(|s| s.start);
        // Merged in place: a category's earlier findings on a 50 MB file are 260,000 spans.
        crate::model::merge_overlapping(&mut spans);
        spans.shrink_to_fit();
        Vetoes { merged: spans }
    }

    pub(crate) fn covers(&self, span: &Span) -> bool {
        let n = self.merged.partition_point(|s| s.start < span.end);
        n > 0 && self.merged[n - 1].end > span.start
    }
}

/// The common conditions on a finding: not on a junk line, not vetoed by `exclude`, not
/// overlapping a finding of the same category reported by an earlier rule. The exclude
/// matches are looked for at the first finding asked about, so a rule with none costs nothing.
pub(crate) struct Filter<'a, 'c> {
    ctx: &'a Context<'c>,
    excludes: &'a Excludes,
    vetoes: Option<Vetoes>,
    reported: Vetoes,
}

impl<'a, 'c> Filter<'a, 'c> {
    /// `scan` false skips the exclude scan (nothing to filter).
    pub(crate) fn new(
        ctx: &'a Context<'c>,
        rule: &RuleDef,
        out: &[Diagnostic],
        excludes: &'a Excludes,
        scan: bool,
    ) -> Self {
        if !scan {
            return Filter {
                ctx,
                excludes,
                vetoes: Some(Vetoes::new(Vec::new())),
                reported: Vetoes::new(Vec::new()),
            };
        }
        let reported = out
            .iter()
            .filter(|d| *d.category() == rule.category)
            .map(|d| d.span())
            .collect();
        Filter {
            ctx,
            excludes,
            vetoes: None,
            reported: Vetoes::new(reported),
        }
    }

    pub(crate) fn keep(&mut self, span: &Span) -> bool {
        if self.ctx.is_junk(span.start) || self.reported.covers(span) {
            return false;
        }
        let (excludes, text) = (self.excludes, self.ctx.text);
        !self
            .vetoes
            .get_or_insert_with(|| excludes.scan(text, self.ctx.occurrences(text)))
            .covers(span)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::start_queue::MERGED_IN_BLOCKS_FROM;
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};

    proptest::proptest! {
        #[test]
        fn chars_before_counts_characters_back_from_a_boundary(
            text in "[a\\n：完𠀀é]{0,12}",
            count in 0usize..14,
        ) {
            for (at, _) in text.char_indices().chain([(text.len(), ' ')]) {
                let chars: Vec<usize> = text[..at].char_indices().map(|(i, _)| i).collect();
                let expected = match count {
                    0 => Some(at),
                    n => chars.len().checked_sub(n).map(|k| chars[k]),
                };
                proptest::prop_assert_eq!(chars_before(&text, at, count), expected, "{} {}", at, count);
            }
        }

        #[test]
        fn vetoes_cover_what_some_span_overlaps(
            spans in proptest::collection::vec((0usize..30, 0usize..6), 0..12),
            asked in proptest::collection::vec((0usize..36, 0usize..6), 1..12),
        ) {
            let spans: Vec<Span> = spans.iter().map(|&(s, len)| s..s + len).collect();
            let vetoes = Vetoes::new(spans.clone());
            for (s, len) in asked {
                let span = s..s + len;
                let overlaps = spans.iter().any(|v| v.start < span.end && span.start < v.end);
                proptest::prop_assert_eq!(vetoes.covers(&span), overlaps, "{:?} {:?}", spans, span);
            }
        }
    }

    /// The unscreened definition: each expression searched over the whole text.
    fn reference_hits(re: &Regex, text: &str, hits: &mut Vec<Span>) {
        let Some(group) = re.capture_names().position(|n| n == Some(HIT_GROUP)) else {
            hits.extend(
                re.find_iter(text)
                    .filter(|m| !m.is_empty())
                    .map(|m| m.range()),
            );
            return;
        };
        let step = |at: usize| {
            text.get(at..)
                .and_then(|rest| rest.chars().next())
                .map(|c| at + c.len_utf8())
        };
        let mut pos = 0;
        while pos <= text.len() {
            let Some(caps) = re.captures_at(text, pos) else {
                break;
            };
            let Some(whole) = caps.get(0) else {
                break;
            };
            let hit = caps.get(group).unwrap_or(whole);
            if !hit.is_empty() {
                hits.push(hit.range());
            }
            let next = if hit.start() > whole.start() && whole.len() <= SHARED_CONTEXT {
                step(whole.start())
            } else {
                text[..whole.end()]
                    .chars()
                    .next_back()
                    .map(|last| whole.end() - last.len_utf8())
            };
            pos = match next {
                Some(next) if next > pos => next,
                _ => match step(pos) {
                    Some(next) => next,
                    None => break,
                },
            };
        }
    }

    /// Every `patterns` and `exclude` expression of the built-in rules.
    fn builtin_sources() -> Vec<String> {
        let files = [
            include_str!("../../rules/placeholder.toml"),
            include_str!("../../rules/wording.toml"),
            include_str!("../../rules/punctuation.toml"),
            include_str!("../../rules/consistency.toml"),
            include_str!("../../rules/structure.toml"),
            include_str!("../../rules/junk.toml"),
            include_str!("../../rules/numbering.toml"),
        ];
        let mut sources = Vec::new();
        for file in files {
            let doc: toml::Table = toml::from_str(file).expect("rules parse");
            let rules = doc.get("rule").and_then(|r| r.as_array()).cloned();
            for rule in rules.unwrap_or_default() {
                for key in ["patterns", "exclude"] {
                    let list = rule.get(key).and_then(|v| v.as_array()).cloned();
                    for source in list.unwrap_or_default() {
                        if let Some(source) = source.as_str() {
                            sources.push(source.to_string());
                        }
                    }
                }
            }
        }
        sources
    }

    /// Each expression's hits, found with the document's shared literal scan and with the
    /// list's own automaton, are those of the whole-text search.
    fn check(cases: &[(Regex, Exprs)], text: &str) -> Result<(), TestCaseError> {
        let shared = Occurrences::scan(text);
        for (re, exprs) in cases {
            let mut expected = Vec::new();
            reference_hits(re, text, &mut expected);
            for scan in [Some(&shared), None] {
                let mut found = Vec::new();
                exprs.find_hits(text, scan, &mut found);
                prop_assert_eq!(&found, &expected, "{} on {:?}", re.as_str(), text);
            }
        }
        Ok(())
    }

    /// `check` on `count` texts of up to `most` tokens each.
    fn agree_on_texts(cases: &[(Regex, Exprs)], tokens: &[&str], most: usize, count: u32) {
        let tokens: Vec<String> = tokens.iter().map(|t| t.to_string()).collect();
        let token = proptest::sample::select(tokens);
        let text = proptest::collection::vec(token, 0..most).prop_map(|t| t.concat());
        let mut runner = TestRunner::new(Config {
            cases: count,
            ..Config::default()
        });
        runner
            .run(&text, |text| check(cases, &text))
            .expect("screened and whole-text hits agree");
    }

    /// Each expression compiled both ways: for the whole-text search and screened.
    fn compiled(sources: &[impl AsRef<str>]) -> Vec<(Regex, Exprs)> {
        sources
            .iter()
            .map(|s| {
                let s = s.as_ref();
                let re = Regex::new(s).expect("the expression compiles");
                let exprs = Exprs::new("patterns", &[s.to_string()]).expect("compiles screened");
                (re, exprs)
            })
            .collect()
    }

    #[test]
    fn a_long_merged_list_of_starts_finds_what_a_short_one_does() {
        // Starts of two strings, more than are merged at once: the windows read them a block
        // at a time, in the same order, and find what the whole-text search does.
        let cases = compiled(&[r"(?m)^[ \t]*(?P<hit>[，、])", r"[，、]\p{Han}"]);
        let text = "甲，乙、\n、甲，\n".repeat(MERGED_IN_BLOCKS_FROM / 4 + 1);
        let shared = Occurrences::scan(&text);
        for (_, exprs) in &cases {
            let (starts, _, _) = exprs.shared_starts(0, &shared).expect("covered");
            let starts = starts.drain();
            assert!(starts.len() >= MERGED_IN_BLOCKS_FROM);
            assert!(starts.windows(2).all(|pair| pair[0] < pair[1]));
        }
        check(&cases, &text).expect("the same hits");
    }

    #[test]
    fn an_anchored_search_is_run_only_where_a_match_can_start() {
        let exprs = Exprs::new("patterns", &[r"(?m)^[ \t]*(?P<hit>[，。])".to_string()]).unwrap();
        let expr = &exprs.exprs[0];
        // Only where a line starts: off one, `^` cannot match.
        let text = "，工，\n，\t。";
        let at: Vec<bool> = (text.char_indices())
            .map(|(i, _)| expr.may_start_at(text, i))
            .collect();
        assert_eq!(at, [true, false, false, false, true, false, false]);
        // Off a line's start, a choice of it and a class leaves the class.
        let priced = Exprs::new("patterns", &[r"(?:^|[^0-9])[0-9]+元".to_string()]).unwrap();
        let text = "12元，x3元";
        let at: Vec<bool> = (text.char_indices())
            .map(|(i, _)| priced.exprs[0].may_start_at(text, i))
            .collect();
        assert_eq!(at, [true, false, false, false, true, false, false]);
        assert!(
            !expr.may_start_at(text, text.len()),
            "nothing starts at the end"
        );
        // Nor where the characters after the first are not those every match has next.
        let quoted = Exprs::new("patterns", &["“[一二三](?P<hit>。)".to_string()]).unwrap();
        let text = "“一。“工。";
        let at: Vec<bool> = (text.char_indices())
            .map(|(i, _)| quoted.exprs[0].may_start_at(text, i))
            .collect();
        assert_eq!(at, [true, false, false, false, false, false]);
        // A match that may be empty starts anywhere.
        let empty = Exprs::new("patterns", &[r"(?m)^[ ]*".to_string()]).unwrap();
        assert!(empty.exprs[0].may_start_at(text, 0));
    }

    #[test]
    fn a_deferred_expression_compiles_at_its_first_search_that_needs_it() {
        let sources = ["(?P<hit>xx)年".to_string(), "[0-9]+亿元".to_string()];
        let eager = Patterns::new(&sources).expect("compiles");
        let deferred = deferring(|| Patterns::new(&sources)).expect("parses");
        let compiled =
            |p: &Patterns| -> Vec<bool> { p.exprs.exprs.iter().map(Expr::is_compiled).collect() };
        assert_eq!(compiled(&eager), [true, true]);
        assert_eq!(compiled(&deferred), [false, false]);
        // Neither expression's strings occur: nothing is compiled.
        let clean = "全年完成投资十二亿。";
        let scan = Occurrences::scan(clean);
        assert_eq!(deferred.hits(clean, Some(&scan)), Vec::<Span>::new());
        assert_eq!(compiled(&deferred), [false, false]);
        // `xx年` occurs: the first expression is compiled, and finds what the eager one finds.
        let text = "20xx年完成投资。";
        let scan = Occurrences::scan(text);
        assert_eq!(deferred.hits(text, Some(&scan)), vec![2..4]);
        assert_eq!(
            deferred.hits(text, Some(&scan)),
            eager.hits(text, Some(&scan))
        );
        assert_eq!(compiled(&deferred), [true, false]);
        // Compiling is deferred only inside `deferring`.
        assert_eq!(
            compiled(&Patterns::new(&sources).expect("compiles")),
            [true, true]
        );
    }

    #[test]
    fn an_expression_missing_a_companion_is_not_searched_nor_compiled() {
        let source =
            r"在[^，。\n]{1,40}?(?:关心|帮助)下[，,][ ]*(?P<hit>使)(?:我|我们)".to_string();
        let deferred = deferring(|| Patterns::new(std::slice::from_ref(&source))).expect("parses");
        let compiled = |p: &Patterns| p.exprs.exprs[0].is_compiled();
        // `关心下，` is there (the expression's strings), `使` is not.
        let text = "在领导的关心下，工作顺利完成。";
        assert_eq!(
            deferred.hits(text, Some(&Occurrences::scan(text))),
            Vec::<Span>::new()
        );
        assert!(!compiled(&deferred));
        // Without `在`, `使` is not enough.
        let text = "领导的关心下，使我们进步。";
        assert_eq!(
            deferred.hits(text, Some(&Occurrences::scan(text))),
            Vec::<Span>::new()
        );
        assert!(!compiled(&deferred));
        let text = "在领导的关心下，使我们进步。";
        assert_eq!(
            deferred.hits(text, Some(&Occurrences::scan(text))),
            vec![24..27]
        );
        assert!(compiled(&deferred));
    }

    #[test]
    fn a_companion_counts_where_it_starts_inside_the_range() {
        let ids: Vec<LiteralId> = vocabulary::intern(["在".as_bytes(), "乙丙".as_bytes()])
            .into_iter()
            .map(|id| id.expect("interned"))
            .collect();
        // `在` at bytes 3 and 15, `乙丙` at 6.
        let text = "甲在乙丙丁在";
        let scan = Occurrences::scan(text);
        let only = |id| Companions::new(&scan, &[vec![id]]).expect("plain lists");
        let at = only(ids[0]);
        assert!(at.all_start_in(&(3..4)));
        assert!(at.all_start_in(&(0..18)));
        assert!(!at.all_start_in(&(4..15)));
        assert!(at.all_start_in(&(4..16)));
        assert!(!at.all_start_in(&(0..3)));
        assert!(!at.all_start_in(&(16..18)));
        // Every set must have one in the range; a set has one when any of its strings does.
        let both = Companions::new(&scan, &[vec![ids[0]], vec![ids[1]]]).expect("plain");
        assert!(both.all_start_in(&(3..7)));
        assert!(!both.all_start_in(&(4..15)));
        let either = Companions::new(&scan, std::slice::from_ref(&ids)).expect("plain");
        assert!(either.all_start_in(&(4..15)));
        assert!(Companions::new(&scan, &[]).is_none());
    }

    #[test]
    fn screened_hits_are_the_hits_of_the_whole_text_search() {
        let sources = builtin_sources();
        assert!(sources.len() > 50, "the rules were read");
        let cases = compiled(&sources);
        let screened = cases
            .iter()
            .filter(|(_, e)| e.ids.iter().all(Option::is_some))
            .count();
        assert!(screened * 2 > cases.len(), "most expressions are screened");
        let anchored = cases
            .iter()
            .filter(|(_, e)| e.exprs[0].literal_offset.is_some())
            .count();
        assert!(
            anchored * 3 > cases.len(),
            "many are searched at the one start each literal allows: {anchored} of {}",
            cases.len()
        );
        // The rules' own strings, and characters around them.
        let mut vocabulary: Vec<String> = cases
            .iter()
            .flat_map(|(_, e)| e.exprs.iter().flat_map(|x| x.literals.iter().flatten()))
            .map(|l| String::from_utf8(l.clone()).expect("literals are UTF-8"))
            .collect();
        vocabulary.extend(
            "\n\r \t\u{3000}xX×*＊_＿年月日县市某□，。、；：,.;:!?？“”（）()[]【】《》0123456789-－~～…\
             同志的进行了从到是和工作完成总结aZ\\#>\u{FEFF}"
                .chars()
                .map(String::from),
        );
        vocabulary.sort();
        vocabulary.dedup();
        let vocabulary: Vec<&str> = vocabulary.iter().map(String::as_str).collect();
        agree_on_texts(&cases, &vocabulary, 60, 300);
    }

    /// Expressions screened by blanks, which a document may hold far more of than of their
    /// other literals (indentation, Markdown's masked markup): such a document is searched
    /// around the other literals, with the same hits.
    #[test]
    fn a_document_with_more_blanks_is_searched_around_the_other_literals() {
        let sources = [
            r"(?mR)(?:^|[ \t\x{3000}])(?P<hit>\p{Han}{2,5}[：:])[ \t\x{3000}]{2,}\p{Han}{2,5}[：:]",
            r"[\p{Han}）)”](?P<hit>[,;，；][ \t\x{3000}]+)\p{Han}",
            // Wide, and with no offset for its blanks; one for its colons.
            r"(?mR)\p{Han}{1,5}[：:](?:[^\n]{0,30}?[^ \t\x{3000}\n])?[ \t\x{3000}]{2,}(?P<hit>\p{Han}{2,5}[：:])[ \t\x{3000}]*\r?$",
        ];
        let cases = compiled(&sources);
        for (re, exprs) in &cases {
            let expr = &exprs.exprs[0];
            let blank = |l: &Vec<u8>| String::from_utf8_lossy(l).chars().all(char::is_whitespace);
            assert!(expr.literals.iter().flatten().all(blank), "{}", re.as_str());
            assert!(expr.alternative.is_some(), "{}", re.as_str());
        }
        let text = format!(
            "{}组长：    副组长：\n好，  好。{}",
            "      \n".repeat(20),
            "\u{3000}\u{3000}".repeat(10)
        );
        let shared = Occurrences::scan(&text);
        let starts = cases[0].1.shared_starts(0, &shared).expect("scanned");
        let colons: Vec<u32> = text.match_indices('：').map(|(i, _)| i as u32).collect();
        assert_eq!(starts.0.drain(), colons.as_slice());
        let alternative = cases[0].1.exprs[0].alternative.as_ref().map(|a| a.1);
        assert_eq!(Some(starts.1), alternative);
        // A document with few blanks keeps them.
        let plain = "组长：  副组长：\n成员：张三";
        let shared = Occurrences::scan(plain);
        let starts = cases[0].1.shared_starts(0, &shared).expect("scanned");
        assert_eq!(starts.0.drain(), [plain.find("  ").expect("blanks") as u32]);
        assert_eq!(starts.1, cases[0].1.exprs[0].literal_offset);
        check(&cases, &text).unwrap();
        let tokens = [
            " ", "  ", "\u{3000}", "\t", "\n", "：", ":", "，", ";", "组长", "成员", "好", "。",
            "x",
        ];
        agree_on_texts(&cases, &tokens, 40, 500);
    }

    #[test]
    fn a_document_with_fewer_of_the_literals_that_allow_an_offset_is_searched_around_them() {
        let sources = [r"(?:^|[^*＊])(?P<hit>[*＊]+)(?:同志|书记)"];
        let cases = compiled(&sources);
        let expr = &cases[0].1.exprs[0];
        assert_eq!(expr.literal_offset, None);
        assert_eq!(expr.alternative.as_ref().map(|a| a.1), Some(Some((0, 1))));
        let text = "张同志、李书记和王同志。**同志好";
        let shared = Occurrences::scan(text);
        let starts = cases[0].1.shared_starts(0, &shared).expect("scanned");
        let stars: Vec<u32> = text.match_indices('*').map(|(i, _)| i as u32).collect();
        assert_eq!(starts.0.drain(), stars.as_slice());
        check(&cases, text).unwrap();
        let tokens = ["*", "＊", "同志", "书记", "同", "志", "好", "\n", "x"];
        agree_on_texts(&cases, &tokens, 30, 500);
    }

    /// Expressions whose literal may sit at several distances from the start of a match:
    /// each occurrence allows several starts, and starts allowed by neighbouring occurrences
    /// interleave.
    #[test]
    fn starts_allowed_by_nearby_occurrences_agree() {
        let sources = [
            r"(?:^|[^a])(?P<hit>[xX]{2,})县",
            r"(?:^|[^*])(?P<hit>\*\*)同志",
            r"(?:a|bb)?(?P<hit>x)",
            r"[ab]{1,3}[^ab]xx",
            r"(?m)(?:^|b)(?P<hit>x)a?$",
            r"(?:ab|a)(?P<hit>x)(?:b|$)",
        ];
        let cases = compiled(&sources);
        for ((re, exprs), source) in cases.iter().zip(sources) {
            assert!(exprs.exprs[0].literal_offset.is_some(), "{}", re.as_str());
            assert_eq!(re.as_str(), source);
        }
        let tokens = ["a", "b", "x", "X", "*", "县", "同志", "\n"];
        agree_on_texts(&cases, &tokens, 40, 500);
    }

    /// Expressions whose matches hold a bounded number of line feeds, searched in windows of
    /// lines around each occurrence, joined where they overlap.
    #[test]
    fn windows_of_lines_agree() {
        let sources = [
            r"(?:^|[^a])(?P<hit>x+y*)(?:[^ab]|$)",
            r"(?m)^[ ]*(?P<hit>ab?[：])[ ]*\r?\n[ ]*a[：][ ]*$",
            r"(?:\n|c)x+(?:\n|d)",
            r"x(?:\r?\n){1,2}y*",
            r"(?P<hit>：)[^\n]*\n[^\n]*\n[^\n]*：",
            // Searched anchored at the starts of the lines around each occurrence.
            r"(?mR)^[ ]*(?P<hit>ab?[：])[ ]*\r?\n[ ]*a[：][ ]*$",
            r"(?m)^[^\n：]+\n[^\n：]*\n[^\n：]*：",
        ];
        let cases = compiled(&sources);
        let bounds: Vec<_> = cases.iter().map(|(_, e)| e.exprs[0].max_newlines).collect();
        assert_eq!(
            bounds,
            [
                Some(2),
                Some(1),
                Some(2),
                Some(2),
                Some(2),
                Some(1),
                Some(2)
            ]
        );
        let anchored: Vec<_> = cases
            .iter()
            .map(|(_, e)| e.exprs[0].line_anchored)
            .collect();
        assert_eq!(anchored, [false, true, false, false, false, true, true]);
        for (re, exprs) in &cases {
            assert!(exprs.ids[0].is_some(), "{} is screened", re.as_str());
            assert_eq!(
                exprs.exprs[0].max_len,
                None,
                "{} has no longest match",
                re.as_str()
            );
        }
        let tokens = [
            "a", "b", "c", "d", "x", "y", "：", " ", "\n", "\r", "\r\n", "完成",
        ];
        agree_on_texts(&cases, &tokens, 60, 1000);
        // A match that starts lines before its only literal; one that starts after a lone
        // carriage return, where `(?R)^` matches too.
        for text in [
            "ab\nab\nab：",
            "cd\nab\nab\nab：",
            "x\ra：\na：",
            "x\ra：\r\na：",
        ] {
            check(&cases, text).unwrap();
        }
    }

    #[test]
    fn the_earliest_start_is_found_walking_back_over_what_a_lead_allows() {
        let digits = ClassUnicode::new([regex_syntax::hir::ClassUnicodeRange::new('0', '9')]);
        let lead = Lead {
            least: 0,
            others: 1,
            free: digits,
        };
        let text = "工作12x";
        let at = text.find('x').unwrap();
        // Over the digits and one other character, to the start of `作`.
        assert_eq!(earliest_start(text, at, &lead, 0), Some((3, 3)));
        // Not before the floor.
        assert_eq!(earliest_start(text, at, &lead, 6), Some((6, 2)));
        // No further than the walk may go.
        let far = format!("{}x", "1".repeat(MAX_LEAD_WALK + 1));
        assert_eq!(earliest_start(&far, far.len() - 1, &lead, 0), None);
        let near = format!("{}x", "1".repeat(MAX_LEAD_WALK));
        assert_eq!(
            earliest_start(&near, near.len() - 1, &lead, 0),
            Some((0, MAX_LEAD_WALK))
        );
    }

    /// Expressions whose literals allow no offset but a lead: searched anchored at the few
    /// starts a walk back allows, or from the earliest of many, or along the window when the
    /// walk is too long; a line-anchored one skips lines where its literal stands too far in.
    #[test]
    fn starts_found_by_a_lead_agree() {
        let sources = [
            r"(?:^|[^0-9a])(?P<hit>[0-9]*[xX][0-9xX]*)(?:万元|元)",
            r"(?mR)(?:^[ \t]*|[。；])(?P<hit>年)(?:是|全)",
            r"[ab]{0,6}(?P<hit>x)y",
            r"(?:[0-9]+[.．]|[*＊]+)(?P<hit>万元)",
            r"(?m)^[ ]*\d{1,3}(?P<hit>[：])",
            r"[0-9a]*b{0,2}(?P<hit>x)",
        ];
        let cases = compiled(&sources);
        for (re, exprs) in &cases {
            let expr = &exprs.exprs[0];
            assert!(
                expr.literal_offset.is_none(),
                "{} has no offset",
                re.as_str()
            );
            assert!(expr.lead.is_some(), "{} has a lead", re.as_str());
        }
        let digits = "1234567890".repeat(6);
        let tokens = [
            "0", "1", "a", "b", "x", "X", "y", ".", "．", "*", "万元", "元", "年", "是", "全",
            "。", "；", " ", "\t", "\n", "\r\n", "：", "12345678", &digits,
        ];
        agree_on_texts(&cases, &tokens, 40, 1000);
        for text in [
            "共12x元，3xx万元",
            "年是\n  年全。年是；年全",
            "aaaaaaxy bbxy",
            "12.万元 **万元",
            "12：\n 1234：\n 1：",
            "a1a1a1a1a1bbx x",
            &format!("{digits}x"),
        ] {
            check(&cases, text).unwrap();
        }
    }

    #[test]
    fn long_lines_and_far_matches_agree() {
        let sources = [
            r"(?m)^[ \t]*(?P<hit>a)b*$",
            r"(?P<hit>完)[^\n]*",
            r"[\s\S]*?(?P<hit>完)",
            r"(?P<hit>x)",
            r"xy+",
        ];
        let cases = compiled(&sources);
        let long = "完成xy，".repeat(300);
        for text in [
            format!("{long}\n  abbb\n{long}a\n"),
            format!("\n\na\n{long}完"),
            "xyyyyx\n完".to_string(),
        ] {
            check(&cases, &text).unwrap();
        }
    }
}
