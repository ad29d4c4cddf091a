//! Every built-in rule's documentation examples are true: the rule reports each example under
//! its `## 错误示例`, and no rule at all reports an example under its `## 正确示例` (a writer
//! may copy it). The docs have the sections 检查什么, 为什么, 错误示例, 正确示例, 修正, once each
//! (修正 says what `--fix` does, or how to fix by hand).
//!
//! Convention (checked here): each of the two sections holds one or more fenced blocks opened
//! with ```` ```text ```` and closed with ```` ``` ````. Each block is a small document of its
//! own and is linted whole, with every built-in rule running (junk rules first, suppression
//! directives applied), exactly as `zjlint check` would. Prose outside the blocks explains the
//! example and is not linted. To revise an example, `zjlint rule CODE` prints a rule's docs and
//! `zjlint check` on a file holding the example shows every finding.

use std::sync::Arc;
use zjlint::catalogue::Catalogue;
use zjlint::diagnostic::Diagnostic;
use zjlint::docx::fixture;
use zjlint::source::{LineIndex, Source};
use zjlint::{lint, Settings};

const WRONG: &str = "## 错误示例";
const RIGHT: &str = "## 正确示例";
/// The sections of every rule's docs, in this order and each once.
const SECTIONS: [&str; 5] = ["## 检查什么", "## 为什么", WRONG, RIGHT, "## 修正"];

/// The text of the section `heading` of `docs`: from the heading to the next `## ` heading
/// outside a fenced block (an example may itself be Markdown with `## ` headings).
fn section<'a>(docs: &'a str, heading: &str) -> Option<&'a str> {
    let start = docs.find(heading)? + heading.len();
    let rest = &docs[start..];
    let mut fenced = false;
    let mut offset = 0;
    for line in rest.split_inclusive('\n') {
        if line.starts_with("```") {
            fenced = !fenced;
        } else if !fenced && line.starts_with("## ") {
            return Some(&rest[..offset]);
        }
        offset += line.len();
    }
    Some(rest)
}

/// The `## ` headings of `docs` outside fenced blocks, in order.
fn headings(docs: &str) -> Vec<&str> {
    let mut fenced = false;
    let mut out = Vec::new();
    for line in docs.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
        } else if !fenced && line.starts_with("## ") {
            out.push(line.trim_end());
        }
    }
    out
}

/// The fenced ```` ```text ```` blocks of a section, or a description of what is wrong with the
/// section's layout.
fn blocks(section: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut current: Option<Vec<&str>> = None;
    for line in section.lines() {
        match (&mut current, line.trim_end()) {
            (None, "```text") => current = Some(Vec::new()),
            (None, fence) if fence.starts_with("```") => {
                return Err(format!("代码块应以 ```text 开头，而不是 {fence}"));
            }
            (Some(lines), "```") => {
                out.push(lines.join("\n") + "\n");
                current = None;
            }
            (Some(lines), text) => lines.push(text),
            (None, _) => {}
        }
    }
    if current.is_some() {
        return Err("代码块没有以 ``` 结束".into());
    }
    if out.is_empty() {
        return Err("没有 ```text 代码块".into());
    }
    Ok(out)
}

/// A finding as "ZJ101 3:1 «四、» message", for a failure message.
fn describe(d: &Diagnostic, text: &str) -> String {
    let pos = LineIndex::new(text).position(text, d.span().start);
    let matched = text.get(d.span()).unwrap_or_default();
    format!(
        "{} {}:{} «{}» {}",
        d.code(),
        pos.line,
        pos.column,
        matched,
        d.message
    )
}

/// The findings of `code`, or of every rule when `code` is `None`, described.
fn findings(diagnostics: &[Diagnostic], code: Option<&str>, text: &str) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| code.is_none_or(|c| d.code() == c))
        .map(|d| describe(d, text))
        .collect()
}

fn indent(text: &str) -> String {
    text.lines().map(|l| format!("    | {l}\n")).collect()
}

#[test]
fn every_rule_reports_its_wrong_example_and_not_its_right_one() {
    let catalogue = Catalogue::builtin().expect("built-in rules load");
    let codes: Vec<(String, String, String)> = catalogue
        .rules
        .iter()
        .map(|r| (r.def.code.clone(), r.def.name.clone(), r.def.docs.clone()))
        .collect();
    assert!(!codes.is_empty(), "没有内置规则");
    let settings = Settings::new(Arc::new(catalogue));
    let mut failures = Vec::new();
    for (code, name, docs) in &codes {
        let found = headings(docs);
        if found != SECTIONS {
            failures.push(format!(
                "{code} {name}：文档的小节应依次为 {}，实际是 {}",
                SECTIONS.join(" "),
                found.join(" ")
            ));
        }
        for (heading, must_fire) in [(WRONG, true), (RIGHT, false)] {
            let label = &heading[3..];
            let Some(text) = section(docs, heading) else {
                failures.push(format!("{code} {name}：文档没有“{label}”一节"));
                continue;
            };
            let examples = match blocks(text) {
                Ok(examples) => examples,
                Err(why) => {
                    failures.push(format!("{code} {name}：“{label}”{why}"));
                    continue;
                }
            };
            for (i, example) in examples.iter().enumerate() {
                let name = format!("{code}-{label}-{}", i + 1);
                // `[自动]` marks a paragraph numbered by Word: such an example is a .docx.
                let source = if example.contains(fixture::AUTOMATIC) {
                    Source::of_docx(&name, None, &fixture::notated(example))
                } else {
                    Source::new(name.clone(), example.clone())
                };
                let diagnostics = lint(&source, &settings);
                let own = findings(&diagnostics, Some(code), example);
                let all = findings(&diagnostics, None, example);
                let problem = if must_fire && own.is_empty() {
                    let all = if all.is_empty() {
                        "无".to_string()
                    } else {
                        all.join("；")
                    };
                    format!("没有报告（其他规则的报告：{all}）")
                } else if !must_fire && !own.is_empty() {
                    format!("被本规则报告：{}", own.join("；"))
                } else if !must_fire && !all.is_empty() {
                    // A right example is text a writer may copy: no rule may find fault with it.
                    format!("被其他规则报告：{}", all.join("；"))
                } else {
                    continue;
                };
                failures.push(format!(
                    "{code} {name}：{label}第 {} 段{problem}\n{}",
                    i + 1,
                    indent(example)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} 处规则文档示例与规则不符：\n\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn examples_are_read_from_text_fences_only() {
    let docs =
        "## 错误示例\n说明\n```text\n甲\n乙\n```\n```text\n丙\n```\n\n## 正确示例\n```\n丁\n```\n";
    let wrong = section(docs, WRONG).expect("section");
    assert_eq!(blocks(wrong), Ok(vec!["甲\n乙\n".into(), "丙\n".into()]));
    let right = section(docs, RIGHT).expect("section");
    assert!(blocks(right).is_err());
    assert!(blocks("说明\n").is_err());
    assert!(blocks("```text\n甲\n").is_err());
    // An example may be Markdown with headings of its own.
    let docs = "## 错误示例\n```text\n## 篇一\n甲\n```\n## 正确示例\n```text\n乙\n```\n";
    let wrong = section(docs, WRONG).expect("section");
    assert_eq!(blocks(wrong), Ok(vec!["## 篇一\n甲\n".into()]));
}

/// `zjlint rule CODE` says whether the rule has a fix and prints its fix section; `zjlint
/// rules` marks each rule's fix.
#[test]
fn rule_and_rules_show_the_fix() {
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_zjlint"))
            .args(args)
            .env("NO_COLOR", "1")
            .output()
            .expect("zjlint runs");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        String::from_utf8(out.stdout).expect("UTF-8 output")
    };
    let shown = run(&["rule", "--isolated", "ZJ101"]);
    assert!(shown.contains("　修正：需确认\n"), "{shown}");
    assert!(shown.contains("\n## 修正\n有修正，需确认"), "{shown}");
    let shown = run(&["rule", "--isolated", "ZJ301"]);
    assert!(shown.contains("　修正：—\n"), "{shown}");
    let listed = run(&["rules", "--isolated"]);
    let line = |code: &str| {
        listed
            .lines()
            .find(|l| l.starts_with(code))
            .unwrap_or_default()
            .to_string()
    };
    assert!(line("ZJ106").contains(" 安全 "), "{listed}");
    // Safe, but a character with two simplified forms is left to `--unsafe-fixes`.
    assert!(line("ZJ603").contains(" 安全/需确认 "), "{listed}");
    assert!(line("ZJ101").contains(" 需确认 "), "{listed}");
    assert!(line("ZJ201").contains(" — "), "{listed}");
}
