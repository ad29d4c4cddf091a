//! Matching text against the lists of regular expressions that rules carry: the search that
//! lets neighbouring hits share context, leftmost-longest selection, `exclude` vetoes, and the
//! conditions every finding of a text rule meets (see [`Filter`]).

use crate::catalogue::RuleDef;
use crate::checks::Context;
use crate::diagnostic::Diagnostic;
use crate::model::Span;
use regex::{Regex, RegexSet};

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

/// Every match of `re` in `text`, as the span of its `hit` group when it has one. When the
/// group has context before it and the match is at most [`SHARED_CONTEXT`] bytes long, the
/// search resumes one character after the start of the match, so that context (or the
/// previous hit) can serve as context for the next hit (consecutive form lines, `xx、xx`).
/// Otherwise it resumes at the last character of the match, which may be the context of the
/// next hit (`20xx年20xx年`: the first 年 stands before the second year); no text is searched
/// more than a bounded number of times. Hits found twice or overlapping are merged by
/// [`leftmost_longest`].
pub(crate) fn find_hits(re: &Regex, text: &str, hits: &mut Vec<Span>) {
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
        // Searching again from inside a long match would make the search quadratic
        // ('[^\n]*(?P<hit>完)' on a long line).
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
            // An empty match at `pos`: step over one character.
            _ => match step(pos) {
                Some(next) => next,
                None => break,
            },
        };
    }
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

/// A rule's `patterns`: the expressions, and a `RegexSet` that tells which of them match a
/// document at all, so a rule with many patterns costs one pass over clean text.
pub(crate) struct Patterns {
    set: RegexSet,
    regexes: Vec<Regex>,
}

impl Patterns {
    /// Compile `patterns` (required, not empty).
    pub(crate) fn new(sources: &[String]) -> Result<Self, String> {
        if sources.is_empty() {
            return Err("patterns 不能为空".into());
        }
        let regexes = compile_all("patterns", sources)?;
        let set = RegexSet::new(sources).map_err(|e| format!("patterns：{e}"))?;
        Ok(Patterns { set, regexes })
    }

    /// The hits of all patterns in `text`, sorted, overlaps dropped ([`leftmost_longest`]).
    pub(crate) fn hits(&self, text: &str) -> Vec<Span> {
        let mut hits = Vec::new();
        for i in self.set.matches(text).iter() {
            if let Some(re) = self.regexes.get(i) {
                find_hits(re, text, &mut hits);
            }
        }
        leftmost_longest(hits)
    }
}

/// `exclude` expressions: contexts that veto a finding they overlap.
pub(crate) struct Excludes {
    regexes: Vec<Regex>,
    set: Option<RegexSet>,
}

impl Excludes {
    pub(crate) fn new(sources: &[String]) -> Result<Self, String> {
        let regexes = compile_all("exclude", sources)?;
        let set = if sources.is_empty() {
            None
        } else {
            Some(RegexSet::new(sources).map_err(|e| format!("exclude：{e}"))?)
        };
        Ok(Excludes { regexes, set })
    }

    /// No expressions: for checks whose findings only the common conditions filter.
    pub(crate) fn none() -> Self {
        Excludes {
            regexes: Vec::new(),
            set: None,
        }
    }

    /// All exclude matches in `text`, for [`Vetoes::covers`].
    pub(crate) fn scan(&self, text: &str) -> Vetoes {
        let mut spans = Vec::new();
        if let Some(set) = &self.set {
            for i in set.matches(text).iter() {
                if let Some(re) = self.regexes.get(i) {
                    find_hits(re, text, &mut spans);
                }
            }
        }
        Vetoes::new(spans)
    }
}

/// A set of spans that answers "does anything overlap this span?" in O(log n).
pub(crate) struct Vetoes {
    /// Sorted by start.
    spans: Vec<Span>,
    /// `max_end[i]` is the largest end among `spans[..=i]`.
    max_end: Vec<usize>,
}

impl Vetoes {
    pub(crate) fn new(mut spans: Vec<Span>) -> Self {
        spans.sort_by_key(|s| s.start);
        let mut max_end = Vec::with_capacity(spans.len());
        let mut running = 0;
        for s in &spans {
            running = running.max(s.end);
            max_end.push(running);
        }
        Vetoes { spans, max_end }
    }

    pub(crate) fn covers(&self, span: &Span) -> bool {
        let n = self.spans.partition_point(|s| s.start < span.end);
        n > 0 && self.max_end[n - 1] > span.start
    }
}

/// The common conditions on a finding: not on a junk line, not vetoed by `exclude`, not
/// overlapping a finding of the same category reported by an earlier rule.
pub(crate) struct Filter<'a, 'c> {
    ctx: &'a Context<'c>,
    vetoes: Vetoes,
    reported: Vetoes,
}

impl<'a, 'c> Filter<'a, 'c> {
    /// `scan` false skips the exclude scan (nothing to filter).
    pub(crate) fn new(
        ctx: &'a Context<'c>,
        rule: &RuleDef,
        out: &[Diagnostic],
        excludes: &Excludes,
        scan: bool,
    ) -> Self {
        if !scan {
            return Filter {
                ctx,
                vetoes: Vetoes::new(Vec::new()),
                reported: Vetoes::new(Vec::new()),
            };
        }
        let reported = out
            .iter()
            .filter(|d| d.category == rule.category)
            .map(|d| d.span.clone())
            .collect();
        Filter {
            ctx,
            vetoes: excludes.scan(ctx.text),
            reported: Vetoes::new(reported),
        }
    }

    pub(crate) fn keep(&mut self, span: &Span) -> bool {
        if self.ctx.is_junk(span.start) || self.vetoes.covers(span) || self.reported.covers(span) {
            return false;
        }
        true
    }
}
