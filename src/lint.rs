//! The one entry point: `lint(source, settings)`. The CLI, the language server and any page call
//! this and only render what it returns.

use crate::catalogue::{Catalogue, Rule};
use crate::checks::Context;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::Source;
use std::sync::Arc;

/// A rule as it will run for one file: severity after configuration.
#[derive(Debug, Clone)]
pub struct ActiveRule {
    pub rule: Rule,
    pub severity: Severity,
}

impl ActiveRule {
    /// The rule with its TOML parameters changed by `overlays` (from the configuration, in
    /// order; see [`merge_params`]) and its check rebuilt from them. A bad option gives the
    /// check kind's own error.
    pub fn with_overlays(
        rule: &Rule,
        severity: Severity,
        overlays: &[&toml::Table],
    ) -> Result<ActiveRule, String> {
        if overlays.is_empty() {
            return Ok(ActiveRule {
                rule: rule.clone(),
                severity,
            });
        }
        let mut def = (*rule.def).clone();
        for overlay in overlays {
            merge_params(&mut def.params, overlay);
        }
        let check = crate::checks::build(&def.kind, &def.params)?;
        Ok(ActiveRule {
            rule: Rule {
                def: Arc::new(def),
                check,
            },
            severity,
        })
    }
}

/// Merge configuration values into a rule's parameters: a key replaces the parameter of that
/// name, except `extra_<name>` with an array, which is appended to the array parameter
/// `<name>` when the rule has one (`extra_phrases = [...]` adds to `phrases`).
pub fn merge_params(params: &mut toml::Table, overlay: &toml::Table) {
    for (key, value) in overlay {
        if let (Some(base), toml::Value::Array(extra)) = (key.strip_prefix("extra_"), value) {
            if let Some(toml::Value::Array(list)) = params.get_mut(base) {
                list.extend(extra.iter().cloned());
                continue;
            }
        }
        params.insert(key.clone(), value.clone());
    }
}

/// Which rules run, and how severe their findings are.
#[derive(Debug, Clone)]
pub struct Settings {
    pub catalogue: Arc<Catalogue>,
    pub rules: Vec<ActiveRule>,
    /// Findings at or above this severity make `zjlint check` exit with status 1.
    pub fail_on: Severity,
}

impl Settings {
    /// Every rule of the catalogue at its default severity.
    pub fn new(catalogue: Arc<Catalogue>) -> Self {
        let rules = catalogue
            .rules
            .iter()
            .map(|rule| ActiveRule {
                rule: rule.clone(),
                severity: rule.def.severity,
            })
            .collect();
        Settings {
            catalogue,
            rules,
            fail_on: Severity::Warning,
        }
    }

    /// The rule `key` (code or name) if it runs under these settings.
    pub fn active(&self, key: &str) -> Option<&ActiveRule> {
        self.rules
            .iter()
            .find(|a| a.rule.def.code.eq_ignore_ascii_case(key) || a.rule.def.name == key)
    }
}

/// Lint one document. Junk rules run first: the lines they cover are skipped by the others.
pub fn lint(source: &Source, settings: &Settings) -> Vec<Diagnostic> {
    lint_with(source, settings, true)
}

/// `lint`, optionally without tidying the findings for people (merging runs of junk lines,
/// dropping findings inside junk): the checks' unit tests look at each check's own findings.
pub(crate) fn lint_with(source: &Source, settings: &Settings, merge_runs: bool) -> Vec<Diagnostic> {
    let doc = crate::parse::parse(&source.text);
    let mut ctx = Context::new(&source.text, &doc);
    ctx.running = settings.rules.iter().map(|a| a.rule.def.clone()).collect();
    let mut suppressions = crate::suppress::Suppressions::parse(&source.text, &settings.catalogue);
    let mut diagnostics = Vec::new();
    let (junk, rest): (Vec<_>, Vec<_>) = settings
        .rules
        .iter()
        .partition(|active| active.rule.def.category == "junk");
    for active in &junk {
        run_rule(active, &ctx, &mut diagnostics);
    }
    // A finding the writer suppressed does not make its line junk for the other rules.
    suppressions.apply(&mut diagnostics);
    ctx.mark_junk(&diagnostics);
    for active in &rest {
        run_rule(active, &ctx, &mut diagnostics);
    }
    // Before de-duplication: silencing one rule must not hide another rule's finding.
    suppressions.apply(&mut diagnostics);
    diagnostics.retain(|d| d.span.end <= source.text.len() && d.span.start <= d.span.end);
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.code).cmp(&(b.span.start, b.span.end, &b.code))
    });
    // Two rules of one category on the same text say the same thing twice: keep the first.
    diagnostics.dedup_by(|later, earlier| {
        later.span == earlier.span && later.category == earlier.category
    });
    if merge_runs {
        drop_findings_inside_junk(&mut diagnostics);
    }
    if merge_runs {
        merge_junk_runs(&mut diagnostics, &doc);
    }
    let directives = suppressions.findings(settings);
    if !directives.is_empty() {
        diagnostics.extend(directives);
        diagnostics.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.code).cmp(&(b.span.start, b.span.end, &b.code))
        });
    }
    diagnostics
}

/// Text that a junk finding covers is to be deleted: another rule's finding inside it (a
/// template note inside a site's injected notice) would only repeat the point.
fn drop_findings_inside_junk(diagnostics: &mut Vec<Diagnostic>) {
    // `diagnostics` is sorted by start; junk spans with the running furthest end.
    let mut junk: Vec<(usize, usize)> = Vec::new();
    let mut furthest = 0;
    for d in diagnostics.iter().filter(|d| d.category == "junk") {
        furthest = furthest.max(d.span.end);
        junk.push((d.span.start, furthest));
    }
    if junk.is_empty() {
        return;
    }
    diagnostics.retain(|d| {
        if d.category == "junk" || d.category == "suppression" {
            return true;
        }
        let before = junk.partition_point(|&(start, _)| start <= d.span.start);
        !(before > 0 && junk[before - 1].1 >= d.span.end)
    });
}

/// A block of page furniture (a breadcrumb of six short lines, a run of download notices) is one
/// thing to delete: whole-line junk findings of one rule on consecutive lines (blank lines
/// between allowed) become one finding over the block.
fn merge_junk_runs(diagnostics: &mut Vec<Diagnostic>, doc: &crate::model::Document) {
    let whole_line = |d: &Diagnostic| -> Option<usize> {
        if d.category != "junk" || d.fix.is_some() {
            return None;
        }
        let line = doc
            .lines
            .partition_point(|l| l.span.start <= d.span.start)
            .checked_sub(1)?;
        let content = &doc.lines.get(line)?.content;
        (d.span.start <= content.start && d.span.end >= content.end).then_some(line)
    };
    let mut merged: Vec<Diagnostic> = Vec::with_capacity(diagnostics.len());
    // For the last kept finding: the last line it covers and how many lines it holds.
    let mut last: Option<(usize, usize)> = None;
    for d in diagnostics.drain(..) {
        let line = whole_line(&d);
        if let (Some(line), Some((last_line, count)), Some(previous)) =
            (line, last, merged.last_mut())
        {
            let between_blank = doc
                .lines
                .get(last_line + 1..line)
                .is_some_and(|lines| lines.iter().all(|l| l.is_blank()));
            if previous.code == d.code && line > last_line && between_blank {
                previous.span.end = previous.span.end.max(d.span.end);
                last = Some((line, count + 1));
                continue;
            }
        }
        if let (Some((_, count)), Some(previous)) = (last, merged.last_mut()) {
            if count > 1 {
                previous.message.push_str(&format!("（连续 {count} 行）"));
            }
        }
        last = line.map(|l| (l, 1));
        merged.push(d);
    }
    if let (Some((_, count)), Some(previous)) = (last, merged.last_mut()) {
        if count > 1 {
            previous.message.push_str(&format!("（连续 {count} 行）"));
        }
    }
    *diagnostics = merged;
}

fn run_rule(active: &ActiveRule, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let start = out.len();
    active.rule.check.run(&active.rule.def, ctx, out);
    for diagnostic in &mut out[start..] {
        diagnostic.severity = active.severity;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;

    #[test]
    fn a_block_of_page_furniture_is_one_finding() {
        let text = "某县教育局2024年工作总结\n\n当前位置：\n首页\n>\n政务信息\n\n一、主要工作\n全年完成各项任务。\n";
        let settings = Settings::new(Arc::new(Catalogue::builtin().expect("built-in rules")));
        let source = Source::new("t.txt", text);
        let junk: Vec<_> = lint(&source, &settings)
            .into_iter()
            .filter(|d| d.category == "junk")
            .collect();
        assert_eq!(junk.len(), 1, "{junk:#?}");
        assert_eq!(&text[junk[0].span.clone()], "当前位置：\n首页\n>\n政务信息");
        assert!(
            junk[0].message.ends_with("（连续 4 行）"),
            "{}",
            junk[0].message
        );
        // The checks themselves still report each line.
        assert_eq!(
            lint_with(&source, &settings, false)
                .iter()
                .filter(|d| d.category == "junk")
                .count(),
            4
        );
    }
}
