//! Check kind `runin-sequence`: run-in ordinals inside paragraphs (`一是…二是…`,
//! `第一，…第二，…`, `首先，…其次，…`).
//!
//! Parameters:
//! - `target`:
//!   - `"sequence"` (default): a gap, repeat or step back in a run of `X是` or `第X，`. A run is
//!     the run-ins of one kind between two headings; `一是` (`第一`) starts a new run, so several
//!     paragraphs may each count from one. The first run-in after a heading must be `一是`.
//!     `首先…其次…最后` are not counted.
//!   - `"delimiter"`: `第一、` `首先、`: these ordinals take a comma, never `、`; fixed to `，`.
//! - `fix_title`: the title of the fix (`{expected}`).

use super::{fill, params, Check, Context};
use crate::catalogue::RuleDef;
use crate::diagnostic::{Diagnostic, Edit};
use crate::model::{chinese_numeral, RunIn, RunInKind};
use foldhash::{HashMap, HashMapExt};
use serde::Deserialize;
use std::sync::Arc;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Target {
    #[default]
    Sequence,
    Delimiter,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    target: Target,
    #[serde(default)]
    fix_title: Option<String>,
}

struct RuninSequence {
    params: Params,
}

pub fn build(table: &toml::Table) -> Result<Arc<dyn Check>, String> {
    Ok(Arc::new(RuninSequence {
        params: params(table)?,
    }))
}

/// The run-in as it would read with ordinal `n`: `三是`, `第三，`.
fn runin_with(text: &str, runin: &RunIn, n: u32) -> String {
    let delimiter = runin
        .delimiter()
        .as_ref()
        .and_then(|d| text.get(d.clone()))
        .unwrap_or("");
    match runin.kind {
        RunInKind::Shi => format!("{}是", chinese_numeral(n)),
        RunInKind::Di => format!("第{}{delimiter}", chinese_numeral(n)),
        RunInKind::Word => text.get(runin.span()).unwrap_or("").to_string(),
    }
}

impl RuninSequence {
    fn sequences(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        // Run-ins restart at every heading and every segment.
        let tree = ctx.outline();
        // (offset, opened by a heading): headings, segment starts and the ends of text the page
        // hid (after which a run may start anywhere, like an excerpt).
        let mut boundaries: Vec<(usize, bool)> = doc
            .headings
            .iter()
            .enumerate()
            .filter(|(i, _)| tree.get(*i).is_some_and(|s| s.is_some()))
            .map(|(_, h)| (h.marker().start, true))
            .chain(doc.segments.iter().map(|s| (s.start, false)))
            .chain(doc.hidden.iter().map(|h| (h.end, false)))
            .collect();
        boundaries.sort_unstable();
        // The last run-in of each run, and the number it should have had.
        let mut previous: HashMap<(usize, RunInKind), (&RunIn, u32)> = HashMap::new();
        for runin in &doc.runins {
            if runin.kind == RunInKind::Word || ctx.is_junk(runin.span().start) {
                continue;
            }
            let scope = boundaries.partition_point(|&(b, _)| b <= runin.span().start);
            let key = (scope, runin.kind);
            let last = previous.get(&key).copied();
            // After a wrong number either reading of the count is accepted, so one fault is
            // reported once (`一是…二是…四是…五是`).
            let (expected_n, also_fits) = match last {
                Some((p, should_be)) => (p.ordinal + 1, should_be + 1),
                // The first run-in after a heading; at the top of a document or segment an
                // excerpt may start anywhere.
                None if scope
                    .checked_sub(1)
                    .and_then(|b| boundaries.get(b))
                    .is_some_and(|&(_, heading)| heading) =>
                {
                    (1, 1)
                }
                None => (runin.ordinal, runin.ordinal),
            };
            let mut should_be = runin.ordinal;
            if runin.ordinal != 1 && runin.ordinal != expected_n && runin.ordinal != also_fits {
                should_be = also_fits;
                let found = ctx.text.get(runin.span()).unwrap_or("");
                let expected = runin_with(ctx.text, runin, expected_n);
                let previous = last.map(|(p, _)| ctx.text.get(p.span()).unwrap_or(""));
                let mut args = vec![("found", found), ("expected", expected.as_str())];
                if let Some(previous) = previous {
                    args.push(("previous", previous));
                }
                let span = match runin.kind {
                    // `第三，`: point at `第三`.
                    RunInKind::Di => {
                        runin.span().start
                            ..runin
                                .delimiter()
                                .as_ref()
                                .map_or(runin.span().end, |d| d.start)
                    }
                    _ => runin.span(),
                };
                out.push(ctx.diagnostic(rule, span, &args));
            }
            previous.insert(key, (runin, should_be));
        }
    }

    fn delimiters(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        for runin in &ctx.doc.runins {
            let Some(delimiter) = &runin.delimiter() else {
                continue;
            };
            if runin.kind == RunInKind::Shi
                || ctx.text.get(delimiter.clone()) != Some("、")
                || ctx.is_junk(runin.span().start)
            {
                continue;
            }
            let found = ctx.text.get(runin.span()).unwrap_or("");
            let head = ctx
                .text
                .get(runin.span().start..delimiter.start)
                .unwrap_or("");
            let expected = format!("{head}，");
            let args = [("found", found), ("expected", expected.as_str())];
            let mut diagnostic = ctx.diagnostic(rule, delimiter.clone(), &args);
            let title = match &self.params.fix_title {
                Some(title) => fill(title, &args),
                None => diagnostic.help.to_string(),
            };
            let edit = Edit {
                span: delimiter.clone(),
                replacement: crate::diagnostic::shared("，"),
            };
            diagnostic.fix = ctx.fix(rule, title, vec![edit]);
            out.push(diagnostic);
        }
    }
}

impl Check for RuninSequence {
    fn reads_earlier_findings(&self) -> bool {
        false
    }

    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        match self.params.target {
            Target::Sequence => self.sequences(rule, ctx, out),
            Target::Delimiter => self.delimiters(rule, ctx, out),
        }
    }
}
