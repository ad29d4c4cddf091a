//! Every `[[rule.case]]` of rules/*.toml, run by this one test: the rule gives exactly the
//! findings the case expects (`行:列 摘录`, positions as reported to people), or none, and its
//! fixes give the text the case expects. Cases keep a rule's family honest (true variants, and
//! near misses that must stay quiet) next to the rule itself. `zjlint cases` runs the same code.

mod support;

use std::sync::Arc;
use zjlint::catalogue::Catalogue;
use zjlint::diagnostic::Applicability;

#[test]
fn every_rule_case_gives_exactly_its_findings() {
    let catalogue = Arc::new(Catalogue::builtin().expect("built-in rules load"));
    let outcomes = zjlint::cases::run(&catalogue, &[]);
    assert!(outcomes.len() > 50, "the built-in rules carry their cases");
    let failures: Vec<String> = outcomes.iter().filter_map(|o| o.failure()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_rule_that_reports_has_a_case_that_reports_and_one_that_stays_quiet() {
    let catalogue = Arc::new(Catalogue::builtin().expect("built-in rules load"));
    let outcomes = zjlint::cases::run(&catalogue, &[]);
    let lacking: Vec<String> = catalogue
        .rules
        .iter()
        .filter_map(|rule| {
            let own: Vec<_> = outcomes
                .iter()
                .filter(|o| o.code == rule.def.code)
                .collect();
            let reports = own.iter().any(|o| !o.case.expect.is_empty());
            let quiet = own.iter().any(|o| o.case.expect.is_empty());
            (!reports || !quiet).then(|| {
                format!(
                    "{} {}：{}",
                    rule.def.code,
                    rule.def.name,
                    match (reports, quiet) {
                        (false, false) => "没有样例",
                        (false, true) => "没有应报告的样例",
                        _ => "没有应保持安静的样例",
                    }
                )
            })
        })
        .collect();
    assert!(lacking.is_empty(), "{}", lacking.join("\n"));
}

/// The fix contract: a rule's fixes are no surer than the rule says (`fix = "safe"` or
/// `"unsafe"`), a rule whose findings carry fixes says so, and a rule that says so shows a fix
/// in a case (`fixed`: the text after the fix; the engine checks a second pass changes
/// nothing). A rule that fixes safely may still leave an uncertain fix to `--unsafe-fixes`
/// (a traditional character with two simplified forms): then its `## 修正` says so, which
/// `zjlint rule` prints and `zjlint rules` reads to show `安全/需确认`.
#[test]
fn every_fix_is_declared_and_shown_by_a_case() {
    let catalogue = Arc::new(Catalogue::builtin().expect("built-in rules load"));
    let outcomes = zjlint::cases::run(&catalogue, &[]);
    let mut broken = Vec::new();
    for rule in &catalogue.rules {
        let def = &rule.def;
        let own: Vec<_> = outcomes.iter().filter(|o| o.code == def.code).collect();
        let fixing = def.docs.split("## 修正").nth(1).unwrap_or("");
        for o in &own {
            let allowed = |a: Applicability| match def.fix {
                Some(Applicability::Safe) => {
                    a == Applicability::Safe || fixing.contains("--unsafe-fixes")
                }
                Some(Applicability::Unsafe) => a == Applicability::Unsafe,
                None => false,
            };
            if let Some(wrong) = o.fixes.iter().find(|&&a| !allowed(a)) {
                broken.push(format!(
                    "{} 样例 {}：修正为 {wrong:?}，规则声明 fix = {:?}（“## 修正”未提 --unsafe-fixes）",
                    def.code, o.number, def.fix
                ));
            }
        }
        // A Word case's `fixed` is its paragraphs' text, which differs from the notated text
        // without any fix: a case shows a fix when the rule gave one there.
        let shown = own.iter().any(|o| {
            !o.fixes.is_empty() && o.case.fixed.as_ref().is_some_and(|f| *f != o.case.text)
        });
        if def.fix.is_some() && !shown {
            broken.push(format!(
                "{} 声明了 fix，却没有一条带 fixed 且有修正的样例",
                def.code
            ));
        }
    }
    assert!(broken.is_empty(), "{}", broken.join("\n"));
}

#[test]
fn every_case_says_in_chinese_what_it_shows() {
    let catalogue = Catalogue::builtin().expect("built-in rules load");
    let unexplained: Vec<String> = catalogue
        .rules
        .iter()
        .flat_map(|rule| {
            rule.def
                .cases
                .iter()
                .enumerate()
                .filter_map(move |(i, case)| {
                    let chinese = case.why.chars().any(zjlint::analysis::text::is_han);
                    (!chinese)
                        .then(|| format!("{} 样例 {}：why = {:?}", rule.def.code, i + 1, case.why))
                })
        })
        .collect();
    assert!(unexplained.is_empty(), "{}", unexplained.join("\n"));
}

#[test]
fn cases_command_reports_a_case_that_does_not_hold() {
    let dir = tempfile::tempdir().expect("temporary directory");
    std::fs::write(
        dir.path().join("zjlint.toml"),
        r#"
[[rule]]
code = "X001"
name = "no-stock-phrase"
category = "wording"
severity = "warning"
kind = "phrase"
message = "套话：{match}"
help = "写出具体做了什么"
phrases = ["圆满完成"]

[[rule.case]]
text = "全年圆满完成任务。\n"
expect = ["1:3 圆满完成"]
why = "套话应报告"

[[rule.case]]
text = "全年完成任务12项。\n"
expect = ["1:1 全年"]
why = "故意写错的样例"
"#,
    )
    .expect("config written");
    let out = support::run_in(dir.path(), &["cases", "X001"]);
    assert_eq!(out.code(), Some(1), "{}", out.stderr);
    assert!(
        out.stdout
            .contains("X001 no-stock-phrase 样例 2（故意写错的样例）"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout.contains("应报告：  “1:1 全年”"),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("实际报告：（无）"), "{}", out.stdout);
    assert!(
        out.stdout.ends_with("2 条样例，1 条相符，1 条不符\n"),
        "{}",
        out.stdout
    );
    assert!(!out.stdout.contains("样例 1"), "{}", out.stdout);
}

#[test]
fn cases_command_passes_on_the_built_in_rules_and_names_an_unknown_rule() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let out = support::run_in(dir.path(), &["cases", "--isolated", "ZJ101"]);
    assert_eq!(out.code(), Some(0), "{}{}", out.stdout, out.stderr);
    assert!(out.stdout.contains("条不符"), "{}", out.stdout);
    let out = support::run_in(dir.path(), &["cases", "ZJ999"]);
    assert_eq!(out.code(), Some(2));
    assert!(out.stderr.contains("没有规则“ZJ999”"), "{}", out.stderr);
}
