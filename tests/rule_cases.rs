//! Every `[[rule.case]]` of rules/*.toml, run by this one test: the rule gives exactly the
//! findings the case expects (`行:列 摘录`, positions as reported to people), or none. Cases
//! keep a rule's family honest (true variants, and near misses that must stay quiet) next to
//! the rule itself.

use std::sync::Arc;
use zjlint::catalogue::{Catalogue, RuleCase};
use zjlint::docx::fixture;
use zjlint::render::FileReport;
use zjlint::source::Source;
use zjlint::{lint, Settings};

/// The findings of rule `code` on a case's text, as the case writes them, and the text with
/// their fixes applied.
fn found(code: &str, case: &RuleCase, settings: &Settings) -> (Vec<String>, String) {
    let source = if case.text.contains(fixture::AUTOMATIC) {
        Source::of_docx("case.docx", None, &fixture::notated(&case.text))
    } else if case.markdown {
        Source::new("case.md", case.text.clone())
    } else {
        Source::new("case.txt", case.text.clone())
    };
    let report = FileReport::of(source.clone(), lint(&source, settings));
    let own: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .collect();
    let listed = own
        .iter()
        .map(|d| {
            let start = report.file.position(d.span.start);
            let excerpt = report.file.text()[d.span.clone()].replace('\n', "⏎");
            format!("{}:{} {excerpt}", start.line, start.column)
        })
        .collect();
    let mut edits: Vec<_> = own
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .flat_map(|f| f.edits.iter())
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
    let mut fixed = report.file.text().to_string();
    for edit in edits {
        fixed.replace_range(edit.span.clone(), &edit.replacement);
    }
    (listed, fixed)
}

#[test]
fn every_rule_case_gives_exactly_its_findings() {
    let catalogue = Arc::new(Catalogue::builtin().expect("built-in rules load"));
    let settings = Settings::new(catalogue.clone());
    let mut failures = Vec::new();
    let mut cases = 0;
    for rule in &catalogue.rules {
        for (i, case) in rule.def.cases.iter().enumerate() {
            cases += 1;
            let (found, fixed) = found(&rule.def.code, case, &settings);
            if let Some(expected) = case.fixed.as_ref().filter(|e| **e != fixed) {
                failures.push(format!(
                    "{} {} case {}（{}）: after the fixes\n  expected {expected:?}\n  found    {fixed:?}",
                    rule.def.code,
                    rule.def.name,
                    i + 1,
                    case.why,
                ));
            }
            if found != case.expect {
                failures.push(format!(
                    "{} {} case {}（{}）:\n  expected {:?}\n  found    {:?}\n  text: {:?}",
                    rule.def.code,
                    rule.def.name,
                    i + 1,
                    case.why,
                    case.expect,
                    found,
                    case.text
                ));
            }
        }
    }
    assert!(cases > 0, "no [[rule.case]] in rules/*.toml");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
