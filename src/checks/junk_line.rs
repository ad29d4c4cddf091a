//! Check kind `junk-line`: leftover web-page furniture (site chrome, metadata lines, download
//! prompts, editor notes, service notices), found by scoring.
//!
//! Each line is cut into units (sentences, and pieces between wide gaps). A unit scores the
//! weights of the rule's vocabulary terms and shape features it contains, plus generic shape
//! weights (short, long, at the top or bottom of the file, share of the unit that is evidence,
//! a keyword line, the lines around it). A unit with positive evidence that reaches `threshold`
//! is junk. Junk units that cover at least half of a line report the whole line; otherwise the
//! junk part alone is reported. Every number and word lives in the rule's TOML table.

use super::{Check, Context};
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use crate::model::Span;
use aho_corasick::{AhoCorasick, MatchKind};
use regex::Regex;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// A unit with evidence scoring at least this is junk.
    threshold: f64,
    /// A unit next to a junk unit on the same line joins it when it has evidence and scores at
    /// least this (a rhetorical question before "以下是小编…").
    #[serde(default)]
    absorb: Option<f64>,
    /// Vocabulary and weights; each term counts once per unit. Negative weights mark official
    /// vocabulary that speaks against junk.
    #[serde(default)]
    terms: BTreeMap<String, f64>,
    /// Shape features: a regular expression and its weight, counted once per unit.
    #[serde(default)]
    features: Vec<FeatureParams>,
    /// Features of the neighbouring non-blank lines.
    #[serde(default)]
    neighbours: Vec<NeighbourParams>,
    /// Weight × the share of the unit's characters covered by evidence.
    #[serde(default)]
    coverage: f64,
    #[serde(default)]
    short: Option<ShortParams>,
    #[serde(default)]
    long: Option<LongParams>,
    #[serde(default)]
    edge: Option<EdgeParams>,
    #[serde(default)]
    keywords: Option<KeywordParams>,
    /// A junk unit of at most this many characters is reported whole; a longer one only where
    /// its evidence lies. A line of at most twice this many characters with junk in it is
    /// reported whole when a neighbouring line is wholly junk.
    whole_chars: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FeatureParams {
    pattern: String,
    weight: f64,
    /// Whether the matched text counts towards `coverage` (dates do not: an official line may
    /// be a date alone).
    #[serde(default = "yes")]
    cover: bool,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
enum Side {
    Previous,
    Next,
    #[default]
    Either,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NeighbourParams {
    weight: f64,
    /// The neighbouring line must match this pattern (any line if absent).
    #[serde(default)]
    pattern: Option<String>,
    /// The line itself must match this pattern (any line if absent).
    #[serde(default)]
    own: Option<String>,
    #[serde(default)]
    side: Side,
    /// The neighbouring line must itself be junk under this rule.
    #[serde(default)]
    junk: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ShortParams {
    /// At most this many characters (spaces not counted).
    chars: usize,
    weight: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LongParams {
    /// Beyond this many characters, `weight` is taken off for every `per` characters, at most
    /// `max` in all.
    chars: usize,
    per: usize,
    weight: f64,
    max: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EdgeParams {
    /// Among the first or last this many non-blank lines.
    lines: usize,
    weight: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeywordParams {
    /// A line of at least `min_tokens` short words (each at most `max_token_chars`) separated by
    /// spaces or commas, all of which occur in one other line among the first `lines` lines
    /// (the title): the keyword line of a page.
    weight: f64,
    min_tokens: usize,
    max_token_chars: usize,
    lines: usize,
}

struct Feature {
    regex: Regex,
    weight: f64,
    cover: bool,
}

struct Neighbour {
    pattern: Option<Regex>,
    own: Option<Regex>,
    side: Side,
    junk: bool,
    weight: f64,
}

struct JunkLine {
    threshold: f64,
    absorb: Option<f64>,
    terms: Option<AhoCorasick>,
    term_weights: Vec<f64>,
    features: Vec<Feature>,
    neighbours: Vec<Neighbour>,
    coverage: f64,
    short: Option<ShortParams>,
    long: Option<LongParams>,
    edge: Option<EdgeParams>,
    keywords: Option<KeywordParams>,
    whole_chars: usize,
}

fn compile(pattern: &str) -> Result<Regex, String> {
    Regex::new(pattern).map_err(|e| format!("正则表达式“{pattern}”有误：{e}"))
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let p: Params = super::params(params)?;
    let (names, term_weights): (Vec<String>, Vec<f64>) = p.terms.into_iter().unzip();
    let terms = if names.is_empty() {
        None
    } else {
        Some(
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&names)
                .map_err(|e| e.to_string())?,
        )
    };
    let features = p
        .features
        .iter()
        .map(|f| {
            Ok(Feature {
                regex: compile(&f.pattern)?,
                weight: f.weight,
                cover: f.cover,
            })
        })
        .collect::<Result<_, String>>()?;
    let neighbours = p
        .neighbours
        .iter()
        .map(|n| {
            Ok(Neighbour {
                pattern: n.pattern.as_deref().map(compile).transpose()?,
                own: n.own.as_deref().map(compile).transpose()?,
                side: n.side,
                junk: n.junk,
                weight: n.weight,
            })
        })
        .collect::<Result<_, String>>()?;
    if let Some(long) = &p.long {
        if long.per == 0 {
            return Err("long.per 必须大于 0".into());
        }
    }
    Ok(Arc::new(JunkLine {
        threshold: p.threshold,
        absorb: p.absorb,
        terms,
        term_weights,
        features,
        neighbours,
        coverage: p.coverage,
        short: p.short,
        long: p.long,
        edge: p.edge,
        keywords: p.keywords,
        whole_chars: p.whole_chars,
    }))
}

/// A piece of a line that is scored on its own.
#[derive(Debug, Clone)]
struct Unit {
    span: Span,
    score: f64,
    /// Some positive term or feature was found.
    evidence: bool,
    /// Spans of positive evidence, with their weights.
    hits: Vec<(Span, f64)>,
    /// The whole line scored as one unit: reported whole.
    whole_line: bool,
}

impl Unit {
    fn is_junk(&self, threshold: f64) -> bool {
        self.evidence && self.score >= threshold
    }
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{feff}'
}

fn visible_chars(s: &str) -> usize {
    s.chars().filter(|&c| !is_space(c)).count()
}

/// Cut a line's content into units: after a sentence end, and at wide gaps.
pub(crate) fn units(text: &str, content: &Span) -> Vec<Span> {
    let line = &text[content.clone()];
    let mut out = Vec::new();
    let mut start = 0;
    let mut gap_start = None;
    let mut gap_width = 0;
    let push = |out: &mut Vec<Span>, from: usize, to: usize| {
        let piece = &line[from..to];
        let trimmed = piece.trim_start_matches(is_space);
        let lead = piece.len() - trimmed.len();
        let trimmed = trimmed.trim_end_matches(is_space);
        if !trimmed.is_empty() {
            let s = content.start + from + lead;
            out.push(s..s + trimmed.len());
        }
    };
    for (i, c) in line.char_indices() {
        if is_space(c) {
            if gap_start.is_none() {
                gap_start = Some(i);
                gap_width = 0;
            }
            gap_width += if c == '\u{3000}' || c == '\t' { 2 } else { 1 };
            continue;
        }
        if let Some(g) = gap_start.take() {
            if gap_width >= 2 {
                push(&mut out, start, g);
                start = i;
            }
        }
        if matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';') {
            let end = i + c.len_utf8();
            // Keep closing quotes and brackets with the sentence they close.
            let rest = &line[end..];
            let tail: usize = rest
                .chars()
                .take_while(|c| matches!(c, '”' | '’' | '」' | '』' | '）' | ')' | '】'))
                .map(char::len_utf8)
                .sum();
            push(&mut out, start, end + tail);
            start = end + tail;
        }
    }
    push(&mut out, start, line.len());
    out
}

/// Per non-blank line: the index of the previous and next non-blank lines.
struct Neighbourhood {
    previous: Vec<Option<usize>>,
    next: Vec<Option<usize>>,
}

impl JunkLine {
    fn score(
        &self,
        text: &str,
        span: &Span,
        edge: bool,
        titles: &[(usize, &str)],
        line: usize,
    ) -> Unit {
        let s = &text[span.clone()];
        let mut score = 0.0;
        let mut evidence = false;
        let mut hits: Vec<(Span, f64)> = Vec::new();
        let mut covered: Vec<Span> = Vec::new();
        if let Some(ac) = &self.terms {
            let mut seen = vec![false; self.term_weights.len()];
            for m in ac.find_iter(s) {
                let id = m.pattern().as_usize();
                let weight = self.term_weights.get(id).copied().unwrap_or(0.0);
                let hit = span.start + m.start()..span.start + m.end();
                if weight > 0.0 {
                    hits.push((hit.clone(), weight));
                    covered.push(hit);
                }
                if let Some(seen) = seen.get_mut(id) {
                    if !*seen {
                        *seen = true;
                        score += weight;
                        evidence |= weight > 0.0;
                    }
                }
            }
        }
        for feature in &self.features {
            let mut found = false;
            for m in feature.regex.find_iter(s) {
                if m.as_str().is_empty() {
                    continue;
                }
                found = true;
                let hit = span.start + m.start()..span.start + m.end();
                if feature.weight > 0.0 {
                    hits.push((hit.clone(), feature.weight));
                    if feature.cover {
                        covered.push(hit);
                    }
                }
            }
            if found {
                score += feature.weight;
                evidence |= feature.weight > 0.0;
            }
        }
        if let Some(k) = &self.keywords {
            let others: Vec<&str> = titles
                .iter()
                .filter(|(i, _)| *i != line)
                .map(|(_, t)| *t)
                .collect();
            if is_keyword_line(s, k, &others) {
                score += k.weight;
                evidence = true;
                hits.push((span.clone(), k.weight));
                covered.push(span.clone());
            }
        }
        let chars = visible_chars(s).max(1);
        if self.coverage != 0.0 && !covered.is_empty() {
            let share = covered_chars(text, &mut covered) as f64 / chars as f64;
            score += self.coverage * share.min(1.0);
        }
        if let Some(short) = &self.short {
            if chars <= short.chars {
                score += short.weight;
            }
        }
        if let Some(long) = &self.long {
            if chars > long.chars {
                let penalty = long.weight * (chars - long.chars) as f64 / long.per as f64;
                score -= penalty.min(long.max);
            }
        }
        if let Some(e) = &self.edge {
            if edge {
                score += e.weight;
            }
        }
        Unit {
            span: span.clone(),
            score,
            evidence,
            hits,
            whole_line: false,
        }
    }

    /// The junk spans of one line, and whether they cover at least half of it.
    fn line_junk(&self, text: &str, content: &Span, units: &[Unit]) -> (Vec<Span>, bool) {
        let mut junk: Vec<bool> = units.iter().map(|u| u.is_junk(self.threshold)).collect();
        if let Some(absorb) = self.absorb {
            // Spread to neighbouring units that lean the same way.
            let mut changed = true;
            while changed {
                changed = false;
                for i in 0..units.len() {
                    if junk[i] || !units[i].evidence || units[i].score < absorb {
                        continue;
                    }
                    let left = i > 0 && junk[i - 1];
                    let right = i + 1 < units.len() && junk[i + 1];
                    if left || right {
                        junk[i] = true;
                        changed = true;
                    }
                }
            }
        }
        // Runs of junk units; a lone unit reports the part its evidence spans.
        let mut spans = Vec::new();
        let mut i = 0;
        while i < units.len() {
            if !junk[i] {
                i += 1;
                continue;
            }
            let mut j = i;
            while j + 1 < units.len() && junk[j + 1] {
                j += 1;
            }
            if j > i {
                spans.push(units[i].span.start..units[j].span.end);
            } else {
                spans.push(self.evidence_extent(text, &units[i]));
            }
            i = j + 1;
        }
        if spans.is_empty() {
            return (spans, false);
        }
        let total = visible_chars(&text[content.clone()]).max(1);
        let junk_chars: usize = spans.iter().map(|s| visible_chars(&text[s.clone()])).sum();
        if junk_chars * 2 >= total {
            return (vec![content.clone()], true);
        }
        (spans, false)
    }
}

impl JunkLine {
    /// The part of a unit its evidence spans: the whole unit when it is short or the evidence
    /// is most of it, else from the first hit to the last, widened to enclosing brackets.
    fn evidence_extent(&self, text: &str, unit: &Unit) -> Span {
        let start = unit.hits.iter().map(|(s, _)| s.start).min();
        let end = unit.hits.iter().map(|(s, _)| s.end).max();
        let (Some(start), Some(end)) = (start, end) else {
            return unit.span.clone();
        };
        let unit_chars = visible_chars(&text[unit.span.clone()]);
        if unit.whole_line
            || unit_chars <= self.whole_chars
            || visible_chars(&text[start..end]) * 2 >= unit_chars
        {
            return unit.span.clone();
        }
        // A short name glued after the evidence belongs to it (`官方抖音号体制内材料助手`).
        const TAIL: usize = 8;
        let rest = &text[end..unit.span.end];
        let end = if rest.chars().count() <= TAIL && rest.chars().all(char::is_alphanumeric) {
            unit.span.end
        } else {
            end
        };
        widen_to_brackets(text, &unit.span, start..end)
    }
}

/// Characters (spaces not counted) covered by the union of spans.
fn covered_chars(text: &str, spans: &mut [Span]) -> usize {
    spans.sort_by_key(|s| (s.start, s.end));
    let mut total = 0;
    let mut current: Option<Span> = None;
    for s in spans.iter() {
        match &mut current {
            Some(c) if s.start <= c.end => c.end = c.end.max(s.end),
            _ => {
                if let Some(c) = current.take() {
                    total += text.get(c).map_or(0, visible_chars);
                }
                current = Some(s.clone());
            }
        }
    }
    if let Some(c) = current {
        total += text.get(c).map_or(0, visible_chars);
    }
    total
}

/// Widen `inner` to the brackets around it when they are close (`(此文内容仅供参考…)`), or to
/// the dash runs a site puts around an injected notice (`---本文来源于网络…---`).
fn widen_to_brackets(text: &str, within: &Span, inner: Span) -> Span {
    const MAX_GAP: usize = 12;
    const OPEN: &[char] = &['(', '（', '【', '[', '〔'];
    const CLOSE: &[char] = &[')', '）', '】', ']', '〕'];
    let is_dash = |c: char| matches!(c, '-' | '－');
    let before = &text[within.start..inner.start];
    let after = &text[inner.end..within.end];
    // Scanning back: an opening bracket, or the start of a run of two or more dashes.
    let mut open = None;
    let mut dashes = 0;
    for (i, c) in before.char_indices().rev().take(MAX_GAP) {
        if is_dash(c) {
            dashes += 1;
            open = (dashes >= 2).then_some(i);
            continue;
        }
        if open.is_some() {
            break;
        }
        dashes = 0;
        if OPEN.contains(&c) {
            open = Some(i);
            break;
        }
        if CLOSE.contains(&c) {
            break;
        }
    }
    let mut close = None;
    let mut dashes = 0;
    for (i, c) in after.char_indices().take(MAX_GAP) {
        if is_dash(c) {
            dashes += 1;
            close = (dashes >= 2).then_some(i + c.len_utf8());
            continue;
        }
        if close.is_some() {
            break;
        }
        dashes = 0;
        if CLOSE.contains(&c) {
            close = Some(i + c.len_utf8());
            break;
        }
        if OPEN.contains(&c) {
            break;
        }
    }
    match (open, close) {
        (Some(o), Some(c)) => within.start + o..inner.end + c,
        _ => inner,
    }
}

fn is_keyword_line(s: &str, k: &KeywordParams, title_lines: &[&str]) -> bool {
    if s.contains(['。', '！', '？', '；', '：', ':', '“', '”', '《', '》']) {
        return false;
    }
    let tokens: Vec<&str> = s
        .split(|c: char| is_space(c) || matches!(c, ',' | '，' | '、' | '|' | '/'))
        .filter(|t| !t.is_empty())
        .collect();
    if tokens.len() < k.min_tokens
        || tokens
            .iter()
            .any(|t| t.chars().count() > k.max_token_chars || !t.chars().any(char::is_alphanumeric))
    {
        return false;
    }
    title_lines
        .iter()
        .filter(|line| **line != s)
        .any(|line| tokens.iter().all(|t| line.contains(t)))
}

impl Check for JunkLine {
    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let text = ctx.text;
        let lines = &ctx.doc.lines;
        let nonblank: Vec<usize> = (0..lines.len()).filter(|&i| !lines[i].is_blank()).collect();
        let mut hood = Neighbourhood {
            previous: vec![None; lines.len()],
            next: vec![None; lines.len()],
        };
        for pair in nonblank.windows(2) {
            hood.next[pair[0]] = Some(pair[1]);
            hood.previous[pair[1]] = Some(pair[0]);
        }
        let titles: Vec<(usize, &str)> = match &self.keywords {
            Some(k) => nonblank
                .iter()
                .take(k.lines)
                .map(|&i| (i, text[lines[i].content.clone()].trim()))
                .collect(),
            None => Vec::new(),
        };
        let edge_lines = self.edge.as_ref().map_or(0, |e| e.lines);
        let mut units: Vec<Vec<Unit>> = vec![Vec::new(); lines.len()];
        for (pos, &i) in nonblank.iter().enumerate() {
            let edge = pos < edge_lines || nonblank.len() - pos <= edge_lines;
            let content = &lines[i].content;
            units[i] = self::units(text, content)
                .iter()
                .map(|span| self.score(text, span, edge, &titles, i))
                .collect();
            // A short line cut by wide gaps (`发布者：admin  浏览：1234次`) is also scored whole.
            if units[i].len() > 1 && visible_chars(&text[content.clone()]) <= self.whole_chars * 2 {
                let mut whole = self.score(text, content, edge, &titles, i);
                whole.whole_line = true;
                if whole.is_junk(self.threshold) {
                    units[i] = vec![whole];
                }
            }
        }
        let content = |i: usize| &text[lines[i].content.clone()];
        // Neighbour features that do not depend on junk status.
        let mut bonus = vec![0.0f64; lines.len()];
        let mut bonus_evidence = vec![false; lines.len()];
        let sides = |n: &Neighbour, i: usize| -> Vec<usize> {
            let mut v = Vec::new();
            if n.side != Side::Next {
                v.extend(hood.previous[i]);
            }
            if n.side != Side::Previous {
                v.extend(hood.next[i]);
            }
            v
        };
        for &i in &nonblank {
            for n in self.neighbours.iter().filter(|n| !n.junk) {
                if n.own.as_ref().is_some_and(|r| !r.is_match(content(i))) {
                    continue;
                }
                let found = sides(n, i)
                    .into_iter()
                    .any(|j| n.pattern.as_ref().is_none_or(|r| r.is_match(content(j))));
                if found {
                    bonus[i] += n.weight;
                    bonus_evidence[i] |= n.weight > 0.0;
                }
            }
        }
        let apply = |units: &mut Vec<Unit>, weight: f64, evidence: bool| {
            for u in units.iter_mut() {
                u.score += weight;
                u.evidence |= evidence;
            }
        };
        for &i in &nonblank {
            let (b, e) = (bonus[i], bonus_evidence[i]);
            if b != 0.0 || e {
                apply(&mut units[i], b, e);
            }
        }
        // Neighbour features that need a junk neighbour: spread until nothing changes.
        let mut whole = vec![false; lines.len()];
        for &i in &nonblank {
            whole[i] = self.line_junk(text, &lines[i].content, &units[i]).1;
        }
        let junk_neighbours: Vec<&Neighbour> = self.neighbours.iter().filter(|n| n.junk).collect();
        let mut applied = vec![false; lines.len() * junk_neighbours.len()];
        for _round in 0..8 {
            let mut changed = false;
            for &i in &nonblank {
                if whole[i] {
                    continue;
                }
                for (k, n) in junk_neighbours.iter().enumerate() {
                    let slot = i * junk_neighbours.len() + k;
                    if applied[slot] || n.own.as_ref().is_some_and(|r| !r.is_match(content(i))) {
                        continue;
                    }
                    let found = sides(n, i).into_iter().any(|j| {
                        whole[j] && n.pattern.as_ref().is_none_or(|r| r.is_match(content(j)))
                    });
                    if found {
                        applied[slot] = true;
                        apply(&mut units[i], n.weight, n.weight > 0.0);
                        if self.line_junk(text, &lines[i].content, &units[i]).1 {
                            whole[i] = true;
                            changed = true;
                        }
                    }
                }
            }
            if !changed {
                break;
            }
        }
        // A short line with some junk, next to a wholly junk line, is junk as a whole.
        let mut results: Vec<(Vec<Span>, bool)> = vec![(Vec::new(), false); lines.len()];
        for &i in &nonblank {
            results[i] = self.line_junk(text, &lines[i].content, &units[i]);
        }
        for _round in 0..8 {
            let mut changed = false;
            for &i in &nonblank {
                let (spans, whole) = &results[i];
                if *whole || spans.is_empty() || visible_chars(content(i)) > self.whole_chars * 2 {
                    continue;
                }
                let beside = [hood.previous[i], hood.next[i]]
                    .into_iter()
                    .flatten()
                    .any(|j| results[j].1);
                if beside {
                    results[i] = (vec![lines[i].content.clone()], true);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        for &i in &nonblank {
            let spans = std::mem::take(&mut results[i].0);
            for span in spans {
                let shown = excerpt(&text[span.clone()]);
                let evidence = strongest(text, &units[i], &span);
                out.push(ctx.diagnostic(
                    rule,
                    span,
                    &[("text", shown.as_str()), ("evidence", evidence.as_str())],
                ));
            }
        }
    }
}

/// The text of the strongest evidence inside `span`.
fn strongest(text: &str, units: &[Unit], span: &Span) -> String {
    units
        .iter()
        .flat_map(|u| u.hits.iter())
        .filter(|(s, _)| s.start >= span.start && s.end <= span.end)
        .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.start.cmp(&a.0.start)))
        .map(|(s, _)| excerpt(text[s.clone()].trim()))
        .unwrap_or_default()
}

/// At most 24 characters of `s`, with an ellipsis when cut.
pub(crate) fn excerpt(s: &str) -> String {
    const MAX: usize = 24;
    let s = s.trim();
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let cut: String = s.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::run;

    fn texts(found: &[(usize, usize, String)]) -> Vec<&str> {
        found.iter().map(|f| f.2.as_str()).collect()
    }

    #[test]
    fn units_split_at_sentence_ends_and_wide_gaps() {
        let text = "甲乙。丙丁？  戊己  庚";
        let spans = super::units(text, &(0..text.len()));
        let pieces: Vec<&str> = spans.iter().map(|s| &text[s.clone()]).collect();
        assert_eq!(pieces, ["甲乙。", "丙丁？", "戊己", "庚"]);
    }
}
