//! The rules' own cases (`[[rule.case]]`): each a text with the findings its rule must give
//! on it, or none. `zjlint cases` runs them for the built-in rules and a project's own, and the
//! test suite runs the built-in ones through the same code.

use crate::catalogue::{Catalogue, Rule, RuleCase};
use crate::docx::fixture;
use crate::render::FileReport;
use crate::source::Source;
use crate::{lint, Settings};
use std::sync::Arc;

/// What one case gave: the findings of its rule, as the case writes them (`行:列 摘录`), and
/// the text with the rule's fixes applied.
#[derive(Debug, Clone)]
pub struct CaseOutcome {
    pub code: String,
    pub name: String,
    /// 1-based, in the order the rule lists its cases.
    pub number: usize,
    pub case: RuleCase,
    pub found: Vec<String>,
    pub fixed: String,
}

impl CaseOutcome {
    pub fn findings_match(&self) -> bool {
        self.found == self.case.expect
    }

    pub fn fixes_match(&self) -> bool {
        self.case.fixed.as_ref().is_none_or(|f| *f == self.fixed)
    }

    pub fn passed(&self) -> bool {
        self.findings_match() && self.fixes_match()
    }

    /// What went wrong, in Chinese, for a person fixing the rule or the case.
    pub fn failure(&self) -> Option<String> {
        if self.passed() {
            return None;
        }
        let mut out = format!("{} {} 样例 {}", self.code, self.name, self.number);
        if !self.case.why.is_empty() {
            out.push_str(&format!("（{}）", self.case.why));
        }
        out.push_str(&format!("\n  文本：    {}\n", quoted(&self.case.text)));
        if !self.findings_match() {
            out.push_str(&format!(
                "  应报告：  {}\n  实际报告：{}\n",
                listing(&self.case.expect),
                listing(&self.found)
            ));
        }
        if let Some(expected) = self.case.fixed.as_ref().filter(|_| !self.fixes_match()) {
            out.push_str(&format!(
                "  修正后应为：{}\n  实际修正为：{}\n",
                quoted(expected),
                quoted(&self.fixed)
            ));
        }
        Some(out)
    }
}

fn quoted(text: &str) -> String {
    format!("“{}”", text.replace('\n', "⏎"))
}

fn listing(findings: &[String]) -> String {
    if findings.is_empty() {
        "（无）".to_string()
    } else {
        findings
            .iter()
            .map(|f| quoted(f))
            .collect::<Vec<_>>()
            .join("、")
    }
}

/// Run every case of the rules `selected` (codes, names, or all when empty) in `catalogue`,
/// with every rule on at its default severity.
pub fn run(catalogue: &Arc<Catalogue>, selected: &[String]) -> Vec<CaseOutcome> {
    let settings = Settings::new(catalogue.clone());
    catalogue
        .rules
        .iter()
        .filter(|rule| {
            selected.is_empty()
                || selected
                    .iter()
                    .any(|s| rule.def.code.eq_ignore_ascii_case(s) || rule.def.name == s.as_str())
        })
        .flat_map(|rule| {
            let settings = &settings;
            rule.def
                .cases
                .iter()
                .enumerate()
                .map(move |(i, case)| run_case(rule, i + 1, case, settings))
        })
        .collect()
}

fn run_case(rule: &Rule, number: usize, case: &RuleCase, settings: &Settings) -> CaseOutcome {
    // A text with lines starting `[自动]` is a Word document with automatic numbers;
    // `markdown = true` reads it as a Markdown file.
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
        .filter(|d| d.code == rule.def.code)
        .collect();
    let found = own
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
    CaseOutcome {
        code: rule.def.code.clone(),
        name: rule.def.name.clone(),
        number,
        case: case.clone(),
        found,
        fixed,
    }
}
