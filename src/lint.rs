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
    let doc = crate::parse::parse(&source.text);
    let mut ctx = Context::new(&source.text, &doc);
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
    let directives = suppressions.findings(settings);
    if !directives.is_empty() {
        diagnostics.extend(directives);
        diagnostics.sort_by(|a, b| {
            (a.span.start, a.span.end, &a.code).cmp(&(b.span.start, b.span.end, &b.code))
        });
    }
    diagnostics
}

fn run_rule(active: &ActiveRule, ctx: &Context, out: &mut Vec<Diagnostic>) {
    let start = out.len();
    active.rule.check.run(&active.rule.def, ctx, out);
    for diagnostic in &mut out[start..] {
        diagnostic.severity = active.severity;
    }
}
