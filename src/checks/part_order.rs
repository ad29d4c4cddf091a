//! Check kind `part-order`: the parts a document's profile lists must come in that order
//! (a summary: 成绩, then 问题, then 计划). Parts are found as `required-parts` finds them (the
//! same parameters, usually shared with `profiles_from`); each part is placed at its first
//! top-level heading, else its first heading, else its first cue that opens a paragraph.
//!
//! When parts are out of order, the largest set of parts (weighing headings above cues) that is
//! in order stays, preferring the parts the document places first; every other part is
//! reported at its own heading or cue. Two parts found only
//! by cues never conflict: a cue inside another part's paragraphs is a mention, not a part.

use super::{Check, Context};
use crate::analysis::parts::{Evidence, Strength, Structure};
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use std::sync::Arc;

/// More parts than this are not ordered (the search tries every subset).
const MAX_PARTS: usize = 16;

struct PartOrder {
    /// Shared with the other rules of the same parts (see [`Structure::shared`]).
    structure: Arc<Structure>,
}

/// A part placed in the document.
struct Placed<'a> {
    /// Position in the profile.
    slot: usize,
    anchor: &'a Evidence,
}

impl Placed<'_> {
    fn weight(&self) -> usize {
        self.anchor.strength as usize
    }
}

fn conflict(a: &Placed, b: &Placed) -> bool {
    let (pa, pb) = (a.anchor.span().start, b.anchor.span().start);
    let inverted = (a.slot < b.slot && pa > pb) || (a.slot > b.slot && pa < pb);
    let both_cues = a.anchor.strength == Strength::Cue && b.anchor.strength == Strength::Cue;
    inverted && !both_cues
}

/// The parts to keep: no two in conflict, the most weight, then the parts the document places
/// first (so a problems part after the plan is the one reported, at its own heading).
fn keep(placed: &[Placed]) -> Vec<bool> {
    let n = placed.len();
    let mut best: Option<(usize, Vec<usize>, u32)> = None; // (weight, kept positions, mask)
    for mask in 0u32..(1u32 << n) {
        let members: Vec<usize> = (0..n).filter(|i| mask & (1 << i) != 0).collect();
        let consistent = members.iter().all(|&i| {
            members
                .iter()
                .all(|&j| i >= j || !conflict(&placed[i], &placed[j]))
        });
        if !consistent {
            continue;
        }
        let weight: usize = members.iter().map(|&i| placed[i].weight()).sum();
        let mut positions: Vec<usize> = members
            .iter()
            .map(|&i| placed[i].anchor.span().start)
            .collect();
        positions.sort_unstable();
        let better = match &best {
            None => true,
            Some((w, p, _)) => weight > *w || (weight == *w && positions < *p),
        };
        if better {
            best = Some((weight, positions, mask));
        }
    }
    let mask = best.map_or(0, |b| b.2);
    (0..n).map(|i| mask & (1 << i) != 0).collect()
}

impl Check for PartOrder {
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
        let placed: Vec<Placed> = (0..analysis.profile.parts.len())
            .filter_map(|slot| analysis.anchor(slot).map(|anchor| Placed { slot, anchor }))
            .collect();
        if placed.len() < 2 || placed.len() > MAX_PARTS {
            return;
        }
        let kept = keep(&placed);
        let name = |slot: usize| {
            analysis
                .profile
                .parts
                .get(slot)
                .and_then(|&i| self.structure.parts.get(i))
                .map_or("", |p| p.name.as_str())
        };
        let order = analysis
            .profile
            .parts
            .iter()
            .filter_map(|&i| self.structure.parts.get(i))
            .map(|p| format!("“{}”", p.name))
            .collect::<Vec<_>>()
            .join("→");
        for (i, part) in placed.iter().enumerate() {
            if kept[i] {
                continue;
            }
            // The kept part it clashes with: the strongest, then the nearest.
            let Some(other) = placed
                .iter()
                .enumerate()
                .filter(|(j, o)| kept[*j] && conflict(part, o))
                .map(|(_, o)| o)
                .max_by_key(|o| {
                    (
                        o.weight(),
                        usize::MAX - o.anchor.span().start.abs_diff(part.anchor.span().start),
                    )
                })
            else {
                continue;
            };
            let (position, expected) = if part.anchor.span().start < other.anchor.span().start {
                ("之前", "之后")
            } else {
                ("之后", "之前")
            };
            out.push(ctx.diagnostic(
                rule,
                part.anchor.span(),
                &[
                    ("genre", &analysis.profile.label),
                    ("part", name(part.slot)),
                    ("other", name(other.slot)),
                    ("position", position),
                    ("expected", expected),
                    ("order", &order),
                ],
            ));
        }
    }
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    Ok(Arc::new(PartOrder {
        structure: Structure::shared(params)?,
    }))
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::run;

    const BODY: &str = "今年以来，我局坚持以人民为中心的发展思想，扎实推进各项工作，全年新建改扩建学校七所，新增学位三千二百个，教育教学质量稳步提升，群众满意度明显提高。";

    fn messages(text: &str) -> Vec<String> {
        let catalogue = crate::catalogue::Catalogue::builtin().expect("rules");
        let settings = crate::lint::Settings::new(std::sync::Arc::new(catalogue));
        let source = crate::source::Source::new("t.txt", text);
        crate::lint::lint(&source, &settings)
            .into_iter()
            .filter(|d| d.code() == "ZJ202")
            .map(|d| format!("{}|{}", d.message, d.help))
            .collect()
    }

    #[test]
    fn a_plan_before_the_achievements_is_reported() {
        let text = format!(
            "城关镇2023年工作总结\n一、2024年工作计划\n新建学校两所。\n二、2023年工作回顾\n{BODY}\n三、存在的问题\n人手不足。\n"
        );
        assert_eq!(run("ZJ202", &text), [(2, 3, "2024年工作计划".into())]);
        assert_eq!(
            messages(&text),
            ["“计划”部分放在了“成绩”部分之前|工作总结各部分的顺序是“成绩”→“问题”→“计划”：把“计划”部分移到“成绩”部分之后"]
        );
    }

    #[test]
    fn swapped_headings_are_reported_once() {
        let text = format!(
            "城关镇2023年工作总结\n一、主要成绩\n{BODY}\n二、下一步工作打算\n新建学校两所。\n三、存在的问题\n人手不足。\n"
        );
        assert_eq!(run("ZJ202", &text), [(6, 3, "存在的问题".into())]);
        assert_eq!(
            messages(&text),
            ["“问题”部分放在了“计划”部分之后|工作总结各部分的顺序是“成绩”→“问题”→“计划”：把“问题”部分移到“计划”部分之前"]
        );
    }
}
