//! Check kind `junk-collection`: several documents pasted into one file (a 范文 page's `篇一` …
//! `篇八`, or numbered copies `…工作总结1` `…工作总结2`), read from the model's segments.
//!
//! `report = "collection"` gives one finding on the first document's marker line, saying how
//! many documents the file holds; `report = "markers"` gives one finding on each later marker
//! line, so the other rules skip those lines.
//!
//! A page often shows only one piece of its collection, the first one included (`第一篇：…`,
//! `…工作总结(一)`, `…工作总结1`). `pieces` are the shapes of such a lone marker, as regular
//! expressions over each line (simplified script; `{class}` names a word class of
//! `vocabulary`; the named group `junk` is the span reported): with no collection in the file,
//! `report = "markers"` reports every line that has one, and a single marker the parser found.

use super::{Check, Context, LazyRegex};
use crate::analysis::literals::LineScreen;
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use crate::model::Span;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
enum Report {
    Collection,
    Markers,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    report: Report,
    /// Fewer marker lines than this is not a collection.
    min_documents: usize,
    /// Shapes of a lone piece marker.
    #[serde(default)]
    pieces: Vec<String>,
    /// Word classes that `pieces` name as `{class}`.
    #[serde(default)]
    vocabulary: BTreeMap<String, Vec<String>>,
}

struct JunkCollection {
    report: Report,
    min_documents: usize,
    pieces: Vec<LazyRegex>,
    /// The strings each piece needs, found by the document's literal scan: a line holding
    /// none of a piece's strings is not searched for it.
    screen: LineScreen,
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let p: Params = super::params(params)?;
    let pieces = p
        .pieces
        .iter()
        .map(|pattern| super::lazy_view_regex(pattern, &p.vocabulary))
        .collect::<Result<Vec<LazyRegex>, String>>()?;
    let slots: Vec<Option<Vec<String>>> = pieces.iter().map(LazyRegex::required_strings).collect();
    Ok(Arc::new(JunkCollection {
        report: p.report,
        min_documents: p.min_documents.max(2),
        pieces,
        screen: LineScreen::new(&slots)?,
    }))
}

impl JunkCollection {
    /// Lone piece markers: the `junk` span (else the line) of each line with one.
    fn lone_markers(&self, ctx: &Context) -> Vec<Span> {
        let mut out = Vec::new();
        // The simplified view has every character at its offset in the text.
        let simplified = ctx.simplified();
        let lines = &ctx.doc.lines;
        let marks =
            (self.screen).marks_in_view(simplified, lines, Some(ctx.simplified_occurrences()));
        for (i, line) in lines.iter().enumerate() {
            let possible = marks.line(i);
            if !possible.any() {
                continue;
            }
            let view = simplified.slice(&line.content());
            let caps = (self.pieces.iter().enumerate())
                // Most lines match no piece: told without making a capture list.
                .filter(|&(k, r)| possible.get(k) && r.is_match(view))
                .find_map(|(_, r)| r.captures(view));
            let Some(caps) = caps else {
                continue;
            };
            let found = caps.name("junk").or_else(|| caps.get(0));
            if let Some(m) = found.filter(|m| !m.is_empty()) {
                out.push(line.content().start + m.start()..line.content().start + m.end());
            }
        }
        out
    }
}

/// The content span of the line where each sub-document starts.
pub(crate) fn marker_lines(ctx: &Context) -> Vec<Span> {
    let doc = ctx.doc;
    let mut out: Vec<Span> = Vec::new();
    for (i, segment) in doc.segments.iter().enumerate() {
        let line = doc
            .lines
            .partition_point(|l| l.span().start <= segment.start)
            .saturating_sub(1);
        let Some(line) = doc.lines.get(line) else {
            continue;
        };
        // The first segment starts at 0: it is a document only when a marker is on that line.
        let is_marker = i > 0
            || doc
                .collection_markers
                .iter()
                .any(|m| m.start >= line.span().start && m.start <= line.span().end);
        if is_marker && !line.is_blank() && out.last() != Some(&line.content()) {
            out.push(line.content());
        }
    }
    out
}

impl JunkCollection {
    /// No collection: each lone piece marker, and the one marker line the parser found.
    fn report_lone(
        &self,
        rule: &RuleDef,
        ctx: &Context,
        parsed: Vec<Span>,
        out: &mut Vec<Diagnostic>,
    ) {
        let lone = self.lone_markers(ctx);
        // (span, is the marker alone): a marker line the parser found is a title with its
        // marker, which only a person can cut apart; a lone marker is the marker alone.
        let mut spans: Vec<(Span, bool)> = parsed
            .into_iter()
            .filter(|p| !lone.iter().any(|l| l.start < p.end && p.start < l.end))
            .map(|p| (p, false))
            .collect();
        spans.extend(lone.into_iter().map(|l| (l, true)));
        spans.sort_by_key(|(s, _)| s.start);
        for (span, alone) in spans {
            let text = ctx.text[span.clone()]
                .trim_matches(['*', '_', ' '])
                .to_string();
            let mut diagnostic =
                ctx.diagnostic(rule, span.clone(), &[("text", text.as_str()), ("nth", "")]);
            if alone {
                diagnostic.fix = ctx.deletion(rule, &span);
            }
            out.push(diagnostic);
        }
    }
}

impl Check for JunkCollection {
    fn reads_earlier_findings(&self) -> bool {
        false
    }

    fn compile_fully(&self) {
        for piece in &self.pieces {
            piece.regex();
        }
    }

    fn is_compiled(&self) -> bool {
        self.pieces.iter().all(LazyRegex::is_compiled)
    }

    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let markers = marker_lines(ctx);
        if markers.len() < self.min_documents {
            if self.report == Report::Markers {
                self.report_lone(rule, ctx, markers, out);
            }
            return;
        }
        let count = markers.len().to_string();
        match self.report {
            Report::Collection => {
                let first = markers[0].clone();
                let title = ctx.text[first.clone()]
                    .trim_matches(['*', '_', ' '])
                    .to_string();
                out.push(ctx.diagnostic(
                    rule,
                    first,
                    &[("count", count.as_str()), ("text", title.as_str())],
                ));
            }
            Report::Markers => {
                for (n, span) in markers.iter().enumerate().skip(1) {
                    let nth = format!("（第 {} 篇）", n + 1);
                    let title = ctx.text[span.clone()]
                        .trim_matches(['*', '_', ' '])
                        .to_string();
                    out.push(ctx.diagnostic(
                        rule,
                        span.clone(),
                        &[
                            ("count", count.as_str()),
                            ("nth", nth.as_str()),
                            ("text", title.as_str()),
                        ],
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::run;

    #[test]
    fn one_document_is_not_a_collection() {
        let text =
            "教育局2023年工作总结\n\n一、主要工作\n\n全年完成投资1.2亿元。\n\n二、存在问题\n";
        assert!(run("ZJ409", text).is_empty());
        assert!(run("ZJ410", text).is_empty());
    }
}
