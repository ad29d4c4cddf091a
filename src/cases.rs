//! The rules' own cases (`[[rule.case]]`): each a text with the findings its rule must give
//! on it, or none. `zjlint cases` runs them for the built-in rules and a project's own, and the
//! test suite runs the built-in ones through the same code.

use crate::catalogue::{Catalogue, Rule, RuleCase};
use crate::diagnostic::Applicability;
use crate::docx::fixture;
use crate::fix::{apply_once, FixLevel};
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
    /// The messages of the rule's findings, in the order of `found`.
    pub messages: Vec<String>,
    /// How sure each fix of the rule's findings is, in the order of `found` (findings without
    /// a fix have none).
    pub fixes: Vec<Applicability>,
    pub fixed: String,
    /// The fixed text after the rule's fixes are applied once more: fixing twice must change
    /// nothing.
    pub refixed: String,
}

impl CaseOutcome {
    pub fn findings_match(&self) -> bool {
        self.found == self.case.expect
    }

    /// The case's `message`, when it gives one, is the message of the first finding.
    pub fn message_matches(&self) -> bool {
        self.case
            .message
            .as_ref()
            .is_none_or(|m| self.messages.first() == Some(m))
    }

    pub fn fixes_match(&self) -> bool {
        self.case.fixed.as_ref().is_none_or(|f| *f == self.fixed)
    }

    /// A case that checks its fixes also checks that a second pass changes nothing.
    pub fn fixes_settle(&self) -> bool {
        self.case.fixed.is_none() || self.refixed == self.fixed
    }

    pub fn passed(&self) -> bool {
        self.findings_match() && self.message_matches() && self.fixes_match() && self.fixes_settle()
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
        if let Some(expected) = self
            .case
            .message
            .as_ref()
            .filter(|_| !self.message_matches())
        {
            let actual = self
                .messages
                .first()
                .map_or("（无）".to_string(), |m| quoted(m));
            out.push_str(&format!(
                "  消息应为：{}\n  实际消息：{actual}\n",
                quoted(expected)
            ));
        }
        if let Some(expected) = self.case.fixed.as_ref().filter(|_| !self.fixes_match()) {
            out.push_str(&format!(
                "  修正后应为：{}\n  实际修正为：{}\n",
                quoted(expected),
                quoted(&self.fixed)
            ));
        }
        if self.fixes_match() && !self.fixes_settle() {
            out.push_str(&format!(
                "  再修正一次又有改动：{}\n",
                quoted(&self.refixed)
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
    let first = findings_and_fixed(rule, &case.text, case.markdown, settings);
    let refixed = findings_and_fixed(rule, &first.fixed, case.markdown, settings).fixed;
    CaseOutcome {
        code: rule.def.code.clone(),
        name: rule.def.name.clone(),
        number,
        case: case.clone(),
        found: first.found,
        messages: first.messages,
        fixes: first.fixes,
        fixed: first.fixed,
        refixed,
    }
}

/// What one lint of a case's text gave for its rule.
struct Pass {
    found: Vec<String>,
    messages: Vec<String>,
    fixes: Vec<Applicability>,
    fixed: String,
}

/// The rule's findings on `text` as a case writes them, and the text with the rule's fixes
/// (safe and unsafe) applied by the fix engine, in one pass. (A Word case's fixed text is
/// the paragraphs' own text, so a second pass reads it as plain text.)
fn findings_and_fixed(rule: &Rule, text: &str, markdown: bool, settings: &Settings) -> Pass {
    // A text with lines starting `[自动]` is a Word document with automatic numbers;
    // `markdown = true` reads it as a Markdown file.
    let source = if text.contains(fixture::AUTOMATIC) {
        Source::of_docx("case.docx", None, &fixture::notated(text))
    } else if markdown {
        Source::new("case.md", text)
    } else {
        Source::new("case.txt", text)
    };
    let report = FileReport::of(source.clone(), lint(&source, settings));
    let own: Vec<_> = report
        .diagnostics
        .iter()
        .filter(|d| *d.code() == rule.def.code)
        .collect();
    let found = own
        .iter()
        .map(|d| {
            let start = report.file.position(d.span().start);
            let excerpt = report.file.text()[d.span()].replace('\n', "⏎");
            format!("{}:{} {excerpt}", start.line, start.column)
        })
        .collect();
    let fixed = apply_once(
        report.file.text(),
        own.iter().filter_map(|d| d.fix.as_deref()),
        FixLevel::Unsafe,
    )
    .text;
    Pass {
        found,
        messages: own.iter().map(|d| d.message.to_string()).collect(),
        fixes: own
            .iter()
            .filter_map(|d| Some(d.fix.as_ref()?.applicability))
            .collect(),
        fixed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outcome(fixed: &str, refixed: &str) -> CaseOutcome {
        CaseOutcome {
            code: "ZJ999".into(),
            name: "test".into(),
            number: 1,
            case: RuleCase {
                text: "甲，，乙\n".into(),
                expect: vec!["1:2 ，，".into()],
                fixed: Some("甲，乙\n".into()),
                why: "测试".into(),
                markdown: false,
                message: Some("重复的标点".into()),
            },
            found: vec!["1:2 ，，".into()],
            messages: vec!["重复的标点".into()],
            fixes: vec![Applicability::Safe],
            fixed: fixed.into(),
            refixed: refixed.into(),
        }
    }

    #[test]
    fn a_fix_that_changes_the_text_again_on_a_second_pass_fails_its_case() {
        assert!(outcome("甲，乙\n", "甲，乙\n").passed());
        let unsettled = outcome("甲，乙\n", "甲乙\n");
        assert!(!unsettled.passed());
        let failure = unsettled.failure().expect("a failure");
        assert!(failure.contains("再修正一次又有改动：“甲乙⏎”"), "{failure}");
        assert!(!failure.contains("应报告"), "{failure}");
    }

    #[test]
    fn a_case_with_a_message_fails_on_another_message() {
        let mut worded = outcome("甲，乙\n", "甲，乙\n");
        assert!(worded.passed());
        worded.messages = vec!["标点重复".into()];
        let failure = worded.failure().expect("a failure");
        assert!(
            failure.contains("消息应为：“重复的标点”\n  实际消息：“标点重复”"),
            "{failure}"
        );
        worded.messages.clear();
        assert!(worded
            .failure()
            .expect("a failure")
            .contains("实际消息：（无）"));
    }
}
