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

/// The findings of rule `code` on a case's text, as the case writes them.
fn found(code: &str, case: &RuleCase, settings: &Settings) -> Vec<String> {
    let source = if case.text.contains(fixture::AUTOMATIC) {
        Source::of_docx("case.docx", None, &fixture::notated(&case.text))
    } else {
        Source::new("case.txt", case.text.clone())
    };
    let report = FileReport::of(source.clone(), lint(&source, settings));
    report
        .diagnostics
        .iter()
        .filter(|d| d.code == code)
        .map(|d| {
            let start = report.file.position(d.span.start);
            let excerpt = report.file.text()[d.span.clone()].replace('\n', "⏎");
            format!("{}:{} {excerpt}", start.line, start.column)
        })
        .collect()
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
            let found = found(&rule.def.code, case, &settings);
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
