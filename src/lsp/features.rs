//! What the editor asks of a linted document: hover with a rule's docs, and code actions.

use super::convert::{self, Text};
use super::params;
use crate::catalogue::Catalogue;
use crate::diagnostic::{Applicability, Diagnostic};
use crate::fix::FixLevel;
use lsp_types as lsp;
use serde::Serialize;
use std::collections::BTreeMap;

/// An open document, its latest findings, and what produced them.
pub struct Document {
    /// The URI exactly as the client wrote it (answers name the document the same way).
    pub uri: String,
    pub version: i32,
    pub markdown: bool,
    pub text: Text,
    /// Findings on the current text (the server lints before answering when a lint is due).
    pub findings: Vec<Diagnostic>,
}

/// Markdown for the findings under `position`: message, help and the rule's docs.
pub fn hover(doc: &Document, catalogue: &Catalogue, position: lsp::Position) -> Option<lsp::Hover> {
    let at = lsp::Range::new(position, position);
    let mut parts = Vec::new();
    let mut range: Option<lsp::Range> = None;
    for d in &doc.findings {
        let r = doc.text.range(&d.span());
        if !convert::touches(&r, &at) {
            continue;
        }
        range.get_or_insert(r);
        let mut part = format!(
            "**{}** `{}` · {}\n\n{}\n\n{}",
            d.code(),
            d.rule(),
            d.severity().label(),
            d.message,
            d.help
        );
        if let Some(rule) = catalogue.get(d.code()) {
            if !rule.def.docs.trim().is_empty() {
                part.push_str("\n\n");
                part.push_str(rule.def.docs.trim());
            }
        }
        parts.push(part);
    }
    if parts.is_empty() {
        return None;
    }
    Some(lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value: parts.join("\n\n---\n\n"),
        }),
        range,
    })
}

/// A protocol `CodeAction` that edits one document, named by the client's own URI string
/// (lsp-types keys edits by its `Uri`, which cannot hold every name a client sends).
#[derive(Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QuickFix {
    pub title: String,
    pub kind: lsp::CodeActionKind,
    pub diagnostics: Vec<lsp::Diagnostic>,
    pub edit: WorkspaceEdit,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub is_preferred: Option<bool>,
}

#[derive(Debug, PartialEq, Serialize)]
pub struct WorkspaceEdit {
    pub changes: BTreeMap<String, Vec<lsp::TextEdit>>,
}

impl WorkspaceEdit {
    fn of(doc: &Document, edits: Vec<lsp::TextEdit>) -> Self {
        WorkspaceEdit {
            changes: BTreeMap::from([(doc.uri.clone(), edits)]),
        }
    }
}

/// Quick fixes for the findings in `range`: each rule's own fix where it has one, and one
/// "disable on this line" per rule and line. The editor's own list of our diagnostics in
/// `context` also gets the disable action, so it works even on a finding we no longer hold.
pub fn code_actions(doc: &Document, params: &params::CodeAction) -> Vec<QuickFix> {
    if !wanted(params, &lsp::CodeActionKind::QUICKFIX) {
        return Vec::new();
    }
    let mut fixes = Vec::new();
    // (line, code) → the diagnostics it silences, in order of first appearance.
    let mut disables: Vec<((u32, String), Vec<lsp::Diagnostic>)> = Vec::new();
    let mut add_disable = |d: &lsp::Diagnostic| {
        let Some(lsp::NumberOrString::String(code)) = &d.code else {
            return;
        };
        let key = (d.range.start.line, code.clone());
        match disables.iter_mut().find(|(k, _)| *k == key) {
            Some((_, list)) => {
                if !list.contains(d) {
                    list.push(d.clone())
                }
            }
            None => disables.push((key, vec![d.clone()])),
        }
    };
    for finding in &doc.findings {
        let shown = convert::diagnostic(&doc.text, finding);
        if !convert::touches(&params.range, &shown.range) {
            continue;
        }
        if let Some(fix) = &finding.fix {
            fixes.push(QuickFix {
                title: fix.title.to_string(),
                kind: lsp::CodeActionKind::QUICKFIX,
                diagnostics: vec![shown.clone()],
                edit: WorkspaceEdit::of(doc, convert::text_edits(&doc.text, fix)),
                is_preferred: Some(fix.applicability == Applicability::Safe),
            });
        }
        add_disable(&shown);
    }
    for d in &params.context.diagnostics {
        if d.source.as_deref() == Some(convert::SOURCE) {
            add_disable(d);
        }
    }
    let disables = disables.into_iter().map(|((line, code), diagnostics)| {
        let edit = convert::suppression_edit(&doc.text, line, &code, doc.markdown);
        QuickFix {
            title: format!("在此行禁用 {code}"),
            kind: lsp::CodeActionKind::QUICKFIX,
            diagnostics,
            edit: WorkspaceEdit::of(doc, vec![edit]),
            is_preferred: None,
        }
    });
    fixes.into_iter().chain(disables).collect()
}

/// Whether the client asks for actions of `kind`: it asks for all kinds when it names none,
/// and naming a kind asks for the kinds under it (`source` covers `source.fixAll.zjlint`).
fn wanted(params: &params::CodeAction, kind: &lsp::CodeActionKind) -> bool {
    let Some(only) = &params.context.only else {
        return true;
    };
    only.iter().any(|asked| {
        let asked = asked.as_str();
        kind.as_str() == asked
            || kind
                .as_str()
                .strip_prefix(asked)
                .is_some_and(|rest| rest.starts_with('.') || asked.is_empty())
    })
}

/// The kind of the action that applies every safe fix of the document (as on save).
pub fn fix_all_kind() -> lsp::CodeActionKind {
    lsp::CodeActionKind::new("source.fixAll.zjlint")
}

/// Whether the client asks for [`fix_all`]: only by name (`source`, `source.fixAll`, …: on save,
/// or in its source action menu), since it lints the document several times, which the quick
/// fixes under the cursor must not wait for.
pub fn fix_all_wanted(params: &params::CodeAction) -> bool {
    params.context.only.is_some() && wanted(params, &fix_all_kind())
}

/// An open document's text, as [`fix_all`] reads it (off the message loop).
pub struct FixAllJob {
    pub uri: String,
    pub text: Text,
    pub settings: std::sync::Arc<crate::Settings>,
    pub path: std::path::PathBuf,
}

/// Apply every safe fix of the document, as `zjlint check --fix` does (the same engine, fixes
/// applied until nothing changes), as one action of minimal edits. `None` when there is nothing
/// to fix.
pub fn fix_all(job: &FixAllJob) -> Option<QuickFix> {
    let source = crate::source::Source {
        name: job.path.display().to_string(),
        path: Some(job.path.clone()),
        text: job.text.text().to_string(),
        origin: Default::default(),
    };
    let (fixed, changes) = crate::fix::fix_source_traced(&source, &job.settings, FixLevel::Safe);
    if changes.is_empty() {
        return None;
    }
    let edits = changes
        .iter()
        .map(|change| {
            let replacement = fixed.text[change.fixed.clone()].to_string();
            lsp::TextEdit::new(job.text.range(&change.original), replacement)
        })
        .collect();
    Some(QuickFix {
        title: format!("zjlint：应用全部安全修正（{} 处）", fixed.fixed),
        kind: fix_all_kind(),
        diagnostics: Vec::new(),
        edit: WorkspaceEdit {
            changes: BTreeMap::from([(job.uri.clone(), edits)]),
        },
        is_preferred: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Edit, Fix, Severity};

    const RULES: &str = r#"
[[rule]]
code = "ZJ901"
name = "test-rule"
category = "numbering"
severity = "warning"
kind = "phrase"
message = "三级标题序号后用了顿号"
help = "改为“1.”"
phrases = ["1、"]
docs = """
## 检查什么
三级标题的序号写成“1、”。
"""
"#;

    fn document(text: &str, markdown: bool) -> Document {
        let text = Text::new(text.to_string());
        let at = text.text.find("1、").unwrap() + 1;
        let mut finding = Diagnostic::new(
            crate::diagnostic::RuleTag::new("ZJ901", "test-rule", "numbering", Severity::Warning),
            "三级标题序号后用了顿号".into(),
            "改为“1.”".into(),
            at..at + "、".len(),
        );
        finding.fix = Some(Box::new(Fix {
            title: "把“、”改为“.”".into(),
            edits: crate::diagnostic::Edits::One(Edit {
                span: at..at + "、".len(),
                replacement: ".".into(),
            }),
            applicability: Applicability::Safe,
        }));
        Document {
            uri: "file:///w/a.md".to_string(),
            version: 1,
            markdown,
            text,
            findings: vec![finding],
        }
    }

    fn params(
        doc: &Document,
        range: lsp::Range,
        context: Vec<lsp::Diagnostic>,
    ) -> params::CodeAction {
        params::CodeAction {
            text_document: params::DocumentId {
                uri: doc.uri.clone(),
            },
            range,
            context: params::CodeActionContext {
                diagnostics: context,
                only: None,
            },
        }
    }

    fn actions(list: Vec<QuickFix>) -> Vec<(String, Vec<lsp::TextEdit>)> {
        list.into_iter()
            .map(|mut a| {
                assert_eq!(a.edit.changes.len(), 1);
                let edits = a.edit.changes.remove("file:///w/a.md").unwrap();
                (a.title, edits)
            })
            .collect()
    }

    fn at(line: u32, a: u32, b: u32) -> lsp::Range {
        lsp::Range::new(lsp::Position::new(line, a), lsp::Position::new(line, b))
    }

    #[test]
    fn fix_and_disable_actions() {
        let doc = document("# 标题\n𠀀1、落实\n", true);
        let got = actions(code_actions(&doc, &params(&doc, at(1, 3, 3), vec![])));
        assert_eq!(
            got,
            vec![
                (
                    "把“、”改为“.”".to_string(),
                    vec![lsp::TextEdit::new(at(1, 3, 4), ".".into())]
                ),
                (
                    "在此行禁用 ZJ901".to_string(),
                    vec![lsp::TextEdit::new(
                        at(1, 0, 0),
                        "<!-- zjlint-disable-next-line ZJ901 -->\n".into()
                    )]
                ),
            ]
        );
        // Nothing outside the finding.
        assert!(code_actions(&doc, &params(&doc, at(0, 0, 1), vec![])).is_empty());
    }

    #[test]
    fn disable_from_the_editors_diagnostics_in_text_files() {
        let doc = document("标题\r\n1、落实\r\n", false);
        let theirs = lsp::Diagnostic {
            range: at(0, 0, 2),
            code: Some(lsp::NumberOrString::String("ZJ300".into())),
            source: Some("zjlint".into()),
            ..Default::default()
        };
        let other_tool = lsp::Diagnostic {
            source: Some("cspell".into()),
            ..theirs.clone()
        };
        let got = actions(code_actions(
            &doc,
            &params(&doc, at(0, 0, 0), vec![theirs, other_tool]),
        ));
        assert_eq!(
            got,
            vec![(
                "在此行禁用 ZJ300".to_string(),
                vec![lsp::TextEdit::new(
                    at(0, 0, 0),
                    "// zjlint-disable-next-line ZJ300\r\n".into()
                )]
            )]
        );
        let mut only = params(&doc, at(1, 0, 9), vec![]);
        only.context.only = Some(vec![lsp::CodeActionKind::REFACTOR]);
        assert!(code_actions(&doc, &only).is_empty());
        only.context.only = Some(vec![lsp::CodeActionKind::QUICKFIX]);
        assert_eq!(code_actions(&doc, &only).len(), 2);
    }

    #[test]
    fn hover_shows_the_rules_docs() {
        let mut catalogue = Catalogue::default();
        catalogue.add_file("test.toml", RULES).unwrap();
        let doc = document("# 标题\n𠀀1、落实\n", true);
        let hover = hover(&doc, &catalogue, lsp::Position::new(1, 4)).unwrap();
        assert_eq!(hover.range, Some(at(1, 3, 4)));
        let lsp::HoverContents::Markup(markup) = hover.contents else {
            panic!("markdown expected");
        };
        assert_eq!(markup.kind, lsp::MarkupKind::Markdown);
        assert_eq!(
            markup.value,
            "**ZJ901** `test-rule` · 警告\n\n三级标题序号后用了顿号\n\n改为“1.”\n\n## 检查什么\n三级标题的序号写成“1、”。"
        );
        assert!(super::hover(&doc, &catalogue, lsp::Position::new(1, 5)).is_none());
    }

    #[test]
    fn fix_all_applies_the_safe_fixes_as_minimal_utf16_edits() {
        let settings = crate::Settings::new(std::sync::Arc::new(Catalogue::builtin().unwrap()));
        let doc = document(
            "𠀀年度工作总结1、\r\n一.总体情况\r\n（一）、基本面𠀀\r\n𠀀今年完成了任务，，成绩显著。\r\n",
            false,
        );
        let mut asked = params(&doc, at(0, 0, 0), vec![]);
        // Not offered unless asked for by name: it lints the document several times.
        assert!(!fix_all_wanted(&asked));
        for only in ["source", "source.fixAll", "source.fixAll.zjlint"] {
            asked.context.only = Some(vec![lsp::CodeActionKind::new(only)]);
            assert!(fix_all_wanted(&asked), "{only}");
        }
        for only in ["quickfix", "source.fixAll.other", "sourc"] {
            asked.context.only = Some(vec![lsp::CodeActionKind::new(only)]);
            assert!(!fix_all_wanted(&asked), "{only}");
        }
        let job = FixAllJob {
            uri: doc.uri.clone(),
            text: doc.text.clone(),
            settings: std::sync::Arc::new(settings),
            path: "/w/a.txt".into(),
        };
        let action = fix_all(&job).expect("safe fixes");
        assert_eq!(action.kind.as_str(), "source.fixAll.zjlint");
        assert_eq!(
            action.edit.changes["file:///w/a.md"],
            vec![
                lsp::TextEdit::new(at(1, 1, 2), "、".into()),
                lsp::TextEdit::new(at(2, 3, 4), "".into()),
                // After 𠀀 (two UTF-16 units) and seven characters: the second of `，，`.
                lsp::TextEdit::new(at(3, 10, 11), "".into()),
            ]
        );
    }
}
