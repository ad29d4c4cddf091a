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

/// Which rules run, and how severe their findings are.
#[derive(Debug, Clone)]
pub struct Settings {
    pub catalogue: Arc<Catalogue>,
    pub rules: Vec<ActiveRule>,
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
        Settings { catalogue, rules }
    }
}

/// Lint one document. Junk rules run first: the lines they cover are skipped by the others.
pub fn lint(source: &Source, settings: &Settings) -> Vec<Diagnostic> {
    let doc = crate::parse::parse(&source.text);
    let mut ctx = Context::new(&source.text, &doc);
    let mut diagnostics = Vec::new();
    let (junk, rest): (Vec<_>, Vec<_>) = settings
        .rules
        .iter()
        .partition(|active| active.rule.def.category == "junk");
    for active in &junk {
        run_rule(active, &ctx, &mut diagnostics);
    }
    ctx.mark_junk(&diagnostics);
    for active in &rest {
        run_rule(active, &ctx, &mut diagnostics);
    }
    diagnostics.retain(|d| d.span.end <= source.text.len() && d.span.start <= d.span.end);
    diagnostics.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.code).cmp(&(b.span.start, b.span.end, &b.code))
    });
    // Two rules of one category on the same text say the same thing twice: keep the first.
    diagnostics.dedup_by(|later, earlier| {
        later.span == earlier.span && later.category == earlier.category
    });
    diagnostics
}

fn run_rule(active: &ActiveRule, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let start = out.len();
    active.rule.check.run(&active.rule.def, ctx, out);
    for diagnostic in &mut out[start..] {
        diagnostic.severity = active.severity;
    }
}
