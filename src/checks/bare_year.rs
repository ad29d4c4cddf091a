//! Check kind `bare-year`: a year written as four ASCII digits without 年 at the start of a
//! clause of running text (`2024 还有三个月`, `2014是忙碌的一年`): in Chinese prose a year
//! is written `2024年`. Unsafe fix: `年` after the digits, in place of a space that follows them.
//!
//! ```toml
//! [[rule]]
//! code = "ZJ901"
//! name = "my-bare-year"
//! category = "consistency"
//! severity = "warning"
//! kind = "bare-year"
//! message = "“{match}”是年份却没有写“年”"
//! help = "写作“{replacement}”"
//! fix = "unsafe"
//! # Required: what may follow a number without it being a bare year — 年 and its forms
//! # (年度, 届, 版 …) and the measure words of a count (人, 元, 多 …).
//! after = ["年", "届", "人", "元"]
//! ```
//!
//! `{match}` is the digits (with the space after them), `{replacement}` the year with 年.
//! A year is four digits from 1900 to 2099 (`analysis::years::years_in`).
//! Only prose is read, and only lines that are sentences (they hold a Chinese clause or sentence
//! mark): titles, headings, Markdown headings and table-like lines without punctuation are not.
//! The digits must open a clause (start of line, or after a sentence or clause mark other than
//! 、, which lists names such as `2014青奥会`) and be
//! followed, after at most one space, by a Chinese character that does not begin a word of
//! `after`. Digits joined to Latin letters, other digits, `.`, `-` or `/` are not years here.

use super::{Check, Context};
use crate::analysis::text::{is_han, is_space, CLAUSE_MARKS, SENTENCE_ENDS, STATEMENT_ENDS};
use crate::analysis::years::years_in;
use crate::catalogue::RuleDef;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    after: Vec<String>,
}

struct BareYear {
    after: Vec<String>,
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let p: Params = super::params(params)?;
    if p.after.is_empty() {
        return Err("after 不能为空".into());
    }
    Ok(Arc::new(BareYear { after: p.after }))
}

fn opens_clause(c: char) -> bool {
    SENTENCE_ENDS.contains(&c) || STATEMENT_ENDS.contains(&c) || CLAUSE_MARKS.contains(&c)
}

/// After a 、 the digits are an item of a list, often a name (`、2014青奥会`), not a clause.
fn opens_year_clause(c: char) -> bool {
    c != '、' && opens_clause(c)
}

fn is_sentence_line(line: &str) -> bool {
    line.chars()
        .any(|c| opens_clause(c) && !c.is_ascii_punctuation())
}

impl BareYear {
    /// Byte offsets (start, digits end, end of the space after) of the bare years in `line`.
    fn years(&self, line: &str) -> Vec<(usize, usize, usize)> {
        let mut found = Vec::new();
        for (digits, _) in years_in(line) {
            let (start, end) = (digits.start, digits.end);
            let before = line[..start].trim_end_matches(is_space).chars().next_back();
            if before.is_some_and(|c| !opens_year_clause(c)) {
                continue;
            }
            let rest = &line[end..];
            let space = rest.chars().next().filter(|c| is_space(*c));
            let gap = space.map_or(0, char::len_utf8);
            let next = &rest[gap..];
            if !next.chars().next().is_some_and(is_han)
                || self.after.iter().any(|w| next.starts_with(w.as_str()))
            {
                continue;
            }
            found.push((start, end, end + gap));
        }
        found
    }
}

impl Check for BareYear {
    fn reads_earlier_findings(&self) -> bool {
        false
    }

    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let prose = ctx.prose();
        for (i, line) in ctx.doc.lines.iter().enumerate() {
            let in_title = ctx
                .title
                .as_ref()
                .is_some_and(|t| t.start < line.content().end && line.content().start < t.end);
            if line.heading().is_some()
                || line.markdown_level().is_some()
                || in_title
                || ctx.junk_lines.get(i).copied().unwrap_or(false)
            {
                continue;
            }
            let content = &ctx.text[line.content()];
            // Years are rare and found fast: a line without one is not read for its marks.
            let years = self.years(content);
            if years.is_empty() || !is_sentence_line(content) {
                continue;
            }
            for (start, digits_end, end) in years {
                let base = line.content().start;
                let span = base + start..base + end;
                if !prose.contains(&span) {
                    continue;
                }
                let matched = &ctx.text[span.clone()];
                let replacement = format!("{}年", &content[start..digits_end]);
                let fix = Fix::replace(span.clone(), matched, &replacement, Applicability::Unsafe);
                out.push(ctx.diagnostic_with_fix(
                    rule,
                    span,
                    &[("match", matched.trim_end()), ("replacement", &replacement)],
                    fix,
                ));
            }
        }
    }
}
