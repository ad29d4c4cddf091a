//! Check kind `required-parts`: a work summary must have its achievements, its problems and its
//! plans; a work plan its aims, its measures and its steps. The parts are found by the shared
//! part finder in src/analysis/parts.rs; this kind reports the parts a document lacks.

use super::{Check, Context};
use crate::analysis::parts::{Excerpt, Part, Structure};
use crate::analysis::text::STATEMENT_ENDS;
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use crate::model::Span;
use std::sync::Arc;

struct RequiredParts {
    /// Shared with the other rules of the same parts (see [`Structure::shared`]).
    structure: Arc<Structure>,
}

impl Check for RequiredParts {
    fn reads_earlier_findings(&self) -> bool {
        false
    }

    fn compile_fully(&self) {
        self.structure.compile_fully();
    }

    fn is_compiled(&self) -> bool {
        self.structure.is_compiled()
    }

    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let Some(analysis) = self.structure.analyse(ctx) else {
            return;
        };
        // A text cut short may have lost its last parts, not those before a part it has.
        let reported = match analysis.excerpt {
            Excerpt::Marked => return,
            Excerpt::Cut => analysis.shown.iter().rposition(|&p| p).unwrap_or(0),
            Excerpt::Whole => analysis.present.len(),
        };
        let missing: Vec<&Part> = analysis
            .profile
            .parts
            .iter()
            .zip(&analysis.present)
            .take(reported)
            .filter(|(_, present)| !**present)
            .map(|(&index, _)| &self.structure.parts[index])
            .collect();
        if missing.is_empty() {
            return;
        }
        let names: String = missing.iter().map(|p| format!("“{}”", p.name)).collect();
        let hints = missing
            .iter()
            .map(|p| format!("“{}”部分：{}", p.name, p.hint))
            .collect::<Vec<_>>()
            .join("；");
        let why = missing
            .iter()
            .filter(|p| !p.missing.is_empty())
            .map(|p| p.missing.as_str())
            .collect::<Vec<_>>()
            .join("；");
        let order = analysis
            .profile
            .parts
            .iter()
            .map(|&i| self.structure.parts[i].name.as_str())
            .collect::<Vec<_>>()
            .join("、");
        let span = analysis
            .named_at
            .clone()
            .unwrap_or_else(|| document_start(ctx));
        out.push(ctx.diagnostic(
            rule,
            span,
            &[
                ("genre", &analysis.profile.label),
                ("parts", &names),
                ("hints", &hints),
                ("why", &why),
                ("order", &order),
            ],
        ));
    }
}

/// The first sentence of the first line that is not junk: where a document without a title
/// starts.
fn document_start(ctx: &Context) -> Span {
    for (index, line) in ctx.doc.lines.iter().enumerate() {
        if line.is_blank() || ctx.junk_lines.get(index).copied().unwrap_or(false) {
            continue;
        }
        let content = ctx.text.get(line.content()).unwrap_or("");
        let end = content.find(STATEMENT_ENDS).unwrap_or(content.len());
        return line.content().start..line.content().start + end;
    }
    0..0
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    Ok(Arc::new(RequiredParts {
        structure: Structure::shared(params)?,
    }))
}
