//! Check kind `period-year`: the period a summary or plan names in its title against the
//! periods its body speaks of.
//!
//! ```toml
//! [[rule]]
//! code = "ZJ901"
//! name = "my-period"
//! category = "consistency"
//! severity = "warning"
//! kind = "period-year"
//! message = "…{match}…{expected}…"
//! help = "…"
//! # Required: what to compare.
//! #   "plan-year"     `2016年工作总结及2018年工作计划`: the plan that goes with a summary of
//! #                   year Y is for Y+1 (in the title, or a heading `2018年工作计划`).
//! #   "part-opening"  a summary of a whole year whose opening paragraph starts with part of
//! #                   it (`2016年上半年，…`); a summary of part of a year (`上半年工作总结`)
//! #                   whose opening starts with one of `whole_year` (`一年来，…`).
//! #   "past-period"   a plan for year P that sets out to do something in a period before P
//! #                   (`将…开展2016年下半年…工作` in the 2017 plan).
//! check = "plan-year"
//! # Vocabulary (all required):
//! summary = ["总结"]                   # words that name a summary in a title
//! plan = ["计划", "打算", "安排"]       # words that name a plan in a title or heading
//! parts = ["上半年", "下半年", "季度"]  # words that name part of a year
//! ahead = ["将", "拟", "争取"]          # words of a clause that looks ahead
//! whole_year = ["一年来"]               # optional: openings that speak of a whole year
//! this_year = ["今年"]                  # optional: words for the summary's year (`今年上半年`)
//! deadline = ["前"]                     # optional: after a period, a deadline it sets
//!                                       # (`2016年底前完成`: a plan's, whatever the clause says)
//! ```
//!
//! `{match}` is the text found, `{expected}` the year or period it should be. The title is the
//! document's title line (see `analysis::years::title_line`). A title that itself names part of
//! a year (`上半年工作总结`) is no whole-year summary. Government work reports, which review
//! the year before the one they name, have neither `总结` nor a plan word in their titles and
//! stay out of these checks.

use super::{Check, Context};
use crate::analysis::years::{title_line, years_in};
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use crate::model::Span;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize, Clone, Copy, PartialEq)]
#[serde(rename_all = "kebab-case")]
enum What {
    PlanYear,
    PartOpening,
    PastPeriod,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    check: What,
    summary: Vec<String>,
    plan: Vec<String>,
    parts: Vec<String>,
    ahead: Vec<String>,
    #[serde(default)]
    whole_year: Vec<String>,
    #[serde(default)]
    this_year: Vec<String>,
    #[serde(default)]
    deadline: Vec<String>,
}

struct PeriodYear {
    what: What,
    summary: Vec<String>,
    plan: Vec<String>,
    parts: Vec<String>,
    ahead: Vec<String>,
    whole_year: Vec<String>,
    this_year: Vec<String>,
    deadline: Vec<String>,
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let p: Params = super::params(params)?;
    for (name, words) in [
        ("summary", &p.summary),
        ("plan", &p.plan),
        ("parts", &p.parts),
        ("ahead", &p.ahead),
    ] {
        if words.is_empty() || words.iter().any(String::is_empty) {
            return Err(format!("{name} 不能为空"));
        }
    }
    Ok(Arc::new(PeriodYear {
        what: p.check,
        summary: p.summary,
        plan: p.plan,
        parts: p.parts,
        ahead: p.ahead,
        whole_year: p.whole_year,
        this_year: p.this_year,
        deadline: p.deadline,
    }))
}

/// How many characters after a year its genre word may stand (`2016年度工作总结`).
const NAMED_WITHIN: usize = 8;

/// How many characters (a marker, `#`) may stand before the year of a plan heading.
const HEADING_LEAD: usize = 4;

/// A year in a title or heading and the genre word that follows it.
struct Named {
    year: u32,
    /// From the year to the end of the genre word.
    span: Span,
}

impl PeriodYear {
    /// The year `text` names for a summary (`summary` words) or a plan (`plan` words): a year
    /// followed, within a few characters and before any other year, by one of the words.
    fn named(&self, text: &str, words: &[String]) -> Option<Named> {
        let years: Vec<(Span, u32)> = years_in(text).collect();
        for (i, (span, year)) in years.iter().enumerate() {
            let limit = years.get(i + 1).map_or(text.len(), |(next, _)| next.start);
            let after = &text[span.end..limit];
            let near = crate::analysis::text::cut_chars(after, NAMED_WITHIN + 2);
            if let Some(end) = words
                .iter()
                .filter_map(|w| near.find(w.as_str()).map(|at| at + w.len()))
                .min()
            {
                return Some(Named {
                    year: *year,
                    span: span.start..span.end + end,
                });
            }
        }
        None
    }

    fn names_part(&self, text: &str) -> bool {
        self.parts.iter().any(|w| text.contains(w.as_str()))
    }

    fn plan_year(&self, ctx: &Context, title: &Span, out: &mut Vec<(Span, String)>) {
        let text = &ctx.text[title.clone()];
        let Some(summary) = self.named(text, &self.summary) else {
            return;
        };
        if self.names_part(text) {
            return;
        }
        let expected = summary.year + 1;
        let after = &text[summary.span.end..];
        if let Some(plan) = self.named(after, &self.plan) {
            if plan.year != expected {
                let at = title.start + summary.span.end;
                out.push((
                    at + plan.span.start..at + plan.span.end,
                    format!("{expected}年"),
                ));
            }
            return;
        }
        for line in heading_lines(ctx) {
            let content = &ctx.text[line.content()];
            if line.span().start <= title.start || self.names_part(content) {
                continue;
            }
            if let Some(plan) = self.named(content, &self.plan) {
                if plan.year != expected
                    && content[..plan.span.start].chars().count() <= HEADING_LEAD
                {
                    let at = line.content().start;
                    out.push((
                        at + plan.span.start..at + plan.span.end,
                        format!("{expected}年"),
                    ));
                }
            }
        }
    }

    fn part_opening(
        &self,
        ctx: &Context,
        line: usize,
        title: &Span,
        out: &mut Vec<(Span, String)>,
    ) {
        let text = &ctx.text[title.clone()];
        if !self.summary.iter().any(|w| text.contains(w.as_str())) {
            return;
        }
        let Some((start, body)) = opening(ctx, line) else {
            return;
        };
        // A summary of part of a year that opens on the whole year.
        if let Some(part) = self.parts.iter().find(|w| text.contains(w.as_str())) {
            if let Some(whole) = self
                .whole_year
                .iter()
                .find(|w| body.starts_with(w.as_str()))
            {
                out.push((start..start + whole.len(), part.clone()));
            }
            return;
        }
        let Some(summary) = self.named(text, &self.summary) else {
            return;
        };
        let year = format!("{}年", summary.year);
        let rest = body
            .strip_prefix(year.as_str())
            .or_else(|| {
                self.this_year
                    .iter()
                    .find_map(|w| body.strip_prefix(w.as_str()))
            })
            .unwrap_or(body);
        let Some(part) = self.parts.iter().find(|w| rest.starts_with(w.as_str())) else {
            return;
        };
        let end = start + (body.len() - rest.len()) + part.len();
        out.push((start..end, format!("{}全年", summary.year)));
    }

    fn past_period(&self, ctx: &Context, title: &Span, out: &mut Vec<(Span, String)>) {
        let text = &ctx.text[title.clone()];
        // Where the plan starts and the year it is for.
        let plan = match self.named(text, &self.plan) {
            Some(plan) if self.named(text, &self.summary).is_none() => Some((title.end, plan.year)),
            _ => heading_lines(ctx).find_map(|line| {
                let content = &ctx.text[line.content()];
                (line.span().start > title.end)
                    .then(|| self.named(content, &self.plan))
                    .flatten()
                    .map(|plan| (line.span().end, plan.year))
            }),
        };
        let Some((from, plan_year)) = plan else {
            return;
        };
        let prose = ctx.prose();
        for piece in prose.spans().filter(|s| s.start >= from) {
            let piece_text = &ctx.text[piece.clone()];
            for (span, year) in years_in(piece_text) {
                if year >= plan_year || !piece_text[span.end..].starts_with('年') {
                    continue;
                }
                let after = &piece_text[span.end + '年'.len_utf8()..];
                let Some(part) = self.parts.iter().find(|w| after.starts_with(w.as_str())) else {
                    continue;
                };
                let clause_start = piece_text[..span.start]
                    .rfind(['，', ',', '；', ';', '。', '：'])
                    .unwrap_or(0);
                let clause = &piece_text[clause_start..span.start];
                if !self.ahead.iter().any(|w| clause.contains(w.as_str()))
                    && !self.sets_deadline(&after[part.len()..])
                {
                    continue;
                }
                let end = span.end + '年'.len_utf8() + part.len();
                out.push((
                    piece.start + span.start..piece.start + end,
                    format!("{plan_year}年"),
                ));
            }
        }
    }
}

impl PeriodYear {
    /// Whether the text after a period makes it a deadline of something to do: `前完成`, not
    /// `前，` or `前已` (what was done by then).
    fn sets_deadline(&self, after_period: &str) -> bool {
        self.deadline.iter().any(|word| {
            (after_period.strip_prefix(word.as_str()))
                .and_then(|rest| rest.chars().next())
                .is_some_and(|next| crate::analysis::text::is_han(next) && next != '已')
        })
    }
}

/// The first paragraph after the title line (not a heading): where its text starts, and the
/// text.
fn opening<'t>(ctx: &Context<'t>, title_line: usize) -> Option<(usize, &'t str)> {
    let (_, line) = ctx
        .doc
        .lines
        .iter()
        .enumerate()
        .skip(title_line + 1)
        .find(|(i, l)| !l.is_blank() && !ctx.junk_lines[*i])?;
    if line.heading().is_some() {
        return None;
    }
    let content = &ctx.text[line.content()];
    let body = content.trim_start_matches(crate::analysis::text::is_space);
    Some((line.content().start + (content.len() - body.len()), body))
}

/// How many characters a line without a marker may have to count as a heading.
const SHORT_HEADING: usize = 24;

/// The lines that can head a part: numbered or Markdown headings, and short lines that do not
/// end a sentence (`2017年工作计划`).
fn heading_lines<'c, 'a>(
    ctx: &'c Context<'a>,
) -> impl Iterator<Item = &'c crate::model::Line> + use<'c, 'a> {
    ctx.doc
        .lines
        .iter()
        .enumerate()
        .filter_map(move |(i, line)| {
            if line.is_blank() || ctx.junk_lines[i] {
                return None;
            }
            let short = || {
                let content = ctx.text[line.content()].trim_end();
                // At most SHORT_HEADING characters, counted no further than one past them.
                content.chars().nth(SHORT_HEADING).is_none()
                    && !content.ends_with(['。', '；', '，', '：', ';', ',', ':'])
            };
            (line.heading().is_some() || line.markdown_level().is_some() || short()).then_some(line)
        })
}

impl Check for PeriodYear {
    fn reads_earlier_findings(&self) -> bool {
        false
    }

    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let Some((line, title)) = title_line(ctx) else {
            return;
        };
        let mut found = Vec::new();
        match self.what {
            What::PlanYear => self.plan_year(ctx, &title, &mut found),
            What::PartOpening => self.part_opening(ctx, line, &title, &mut found),
            What::PastPeriod => self.past_period(ctx, &title, &mut found),
        }
        for (span, expected) in found {
            let matched = &ctx.text[span.clone()];
            out.push(ctx.diagnostic(
                rule,
                span.clone(),
                &[("match", matched), ("expected", &expected)],
            ));
        }
    }
}
