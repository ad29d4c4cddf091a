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
use crate::analysis::outline::outline;
use crate::catalogue::RuleDef;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};
use crate::model::{chinese_numeral, RunIn, RunInKind};
use serde::Deserialize;
use std::collections::HashMap;
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
        .delimiter
        .as_ref()
        .and_then(|d| text.get(d.clone()))
        .unwrap_or("");
    match runin.kind {
        RunInKind::Shi => format!("{}是", chinese_numeral(n)),
        RunInKind::Di => format!("第{}{delimiter}", chinese_numeral(n)),
        RunInKind::Word => text.get(runin.span.clone()).unwrap_or("").to_string(),
    }
}

impl RuninSequence {
    fn sequences(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        // Run-ins restart at every heading and every segment.
        let tree = outline(ctx);
        // (offset, opened by a heading): headings, segment starts and the ends of text the page
        // hid (after which a run may start anywhere, like an excerpt).
        let mut boundaries: Vec<(usize, bool)> = doc
            .headings
            .iter()
            .enumerate()
            .filter(|(i, _)| tree.get(*i).is_some_and(|s| s.is_some()))
            .map(|(_, h)| (h.marker.start, true))
            .chain(doc.segments.iter().map(|s| (s.start, false)))
            .chain(doc.hidden.iter().map(|h| (h.end, false)))
            .collect();
        boundaries.sort_unstable();
        // The last run-in of each run, and the number it should have had.
        let mut previous: HashMap<(usize, RunInKind), (&RunIn, u32)> = HashMap::new();
        for runin in &doc.runins {
            if runin.kind == RunInKind::Word || ctx.is_junk(runin.span.start) {
                continue;
            }
            let scope = boundaries.partition_point(|&(b, _)| b <= runin.span.start);
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
                let found = ctx.text.get(runin.span.clone()).unwrap_or("");
                let expected = runin_with(ctx.text, runin, expected_n);
                let previous = last.map(|(p, _)| ctx.text.get(p.span.clone()).unwrap_or(""));
                let mut args = vec![("found", found), ("expected", expected.as_str())];
                if let Some(previous) = previous {
                    args.push(("previous", previous));
                }
                let span = match runin.kind {
                    // `第三，`: point at `第三`.
                    RunInKind::Di => {
                        runin.span.start
                            ..runin.delimiter.as_ref().map_or(runin.span.end, |d| d.start)
                    }
                    _ => runin.span.clone(),
                };
                out.push(ctx.diagnostic(rule, span, &args));
            }
            previous.insert(key, (runin, should_be));
        }
    }

    fn delimiters(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        for runin in &ctx.doc.runins {
            let Some(delimiter) = &runin.delimiter else {
                continue;
            };
            if runin.kind == RunInKind::Shi
                || ctx.text.get(delimiter.clone()) != Some("、")
                || ctx.is_junk(runin.span.start)
            {
                continue;
            }
            let found = ctx.text.get(runin.span.clone()).unwrap_or("");
            let head = ctx
                .text
                .get(runin.span.start..delimiter.start)
                .unwrap_or("");
            let expected = format!("{head}，");
            let args = [("found", found), ("expected", expected.as_str())];
            let mut diagnostic = ctx.diagnostic(rule, delimiter.clone(), &args);
            diagnostic.fix = Some(Fix {
                title: match &self.params.fix_title {
                    Some(title) => fill(title, &args),
                    None => diagnostic.help.clone(),
                },
                edits: vec![Edit {
                    span: delimiter.clone(),
                    replacement: "，".into(),
                }],
                applicability: Applicability::Safe,
            });
            out.push(diagnostic);
        }
    }
}

impl Check for RuninSequence {
    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        match self.params.target {
            Target::Sequence => self.sequences(rule, ctx, out),
            Target::Delimiter => self.delimiters(rule, ctx, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::run;

    #[test]
    fn a_gap_in_a_run() {
        let text = "一、甲\n主要有三点：一是抓质量，二是抓公平，四是抓队伍。\n";
        assert_eq!(run("ZJ109", text), [(2, 19, "四是".to_string())]);
        let text = "一、甲\n第一，抓质量。第三，抓队伍。\n";
        assert_eq!(run("ZJ109", text), [(2, 8, "第三".to_string())]);
        // One wrong number is reported once.
        let text = "一、甲\n一是甲。二是乙。四是丙。五是丁。\n";
        assert_eq!(run("ZJ109", text), [(2, 9, "四是".to_string())]);
        let text = "一、甲\n一是甲。二是乙。二是丙。三是丁。\n";
        assert_eq!(run("ZJ109", text), [(2, 9, "二是".to_string())]);
    }

    #[test]
    fn runs_restart_at_headings_and_at_one() {
        let text = "一、甲\n一是抓质量。二是抓公平。\n一是继续抓好改革。\n二是继续抓好进校园。\n三是继续抓好均衡。\n二、乙\n一是甲。二是乙。首先，丙。其次，丁。最后，戊。\n";
        assert!(run("ZJ109", text).is_empty());
    }

    #[test]
    fn a_run_after_a_heading_starts_at_one() {
        let text = "（一）落实立德树人根本任务。二是推进改革。三是加强队伍。\n";
        assert_eq!(run("ZJ109", text), [(1, 15, "二是".to_string())]);
        // At the top of an excerpt the run may start anywhere.
        assert!(run("ZJ109", "二是推进改革。三是加强队伍。\n").is_empty());
    }

    #[test]
    fn di_with_a_dun() {
        let text = "第一、加强领导。第二，完善制度。全省第一、二批试点。\n";
        assert_eq!(run("ZJ110", text), [(1, 3, "、".to_string())]);
        assert!(run("ZJ110", "第一，加强领导。首先，完善制度。\n").is_empty());
    }
}
