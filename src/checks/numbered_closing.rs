//! Check kind `numbered-closing`: the closing words of a report (`最后，感谢各位领导…`) numbered
//! as the last item of the list before them. Word continues a numbered list on every new
//! paragraph, so a closing typed after the last plan item gets the next number; typed numbers
//! do the same when a writer numbers down to the end.
//!
//! The last heading of a document (or of each piece of a collection) is reported when it has an
//! earlier sibling (it ends a list) and its text opens, after an optional lead word (`最后`,
//! `在此`), with a word of thanks that an addressee follows closely (`感谢各位领导`,
//! `谢谢大家`): the shape of a closing, not of a list item (`5.感谢信的回复` has no addressee).
//!
//! ```toml
//! kind = "numbered-closing"
//! thanks = ["感谢", "谢谢"]            # words of thanks
//! addressees = ["领导", "同事", "大家"]  # whom a closing thanks
//! leads = ["最后", "在此"]              # optional words before the thanks
//! reach = 8                            # characters after the thanks that may hold the addressee
//! ```
//!
//! The message may use `{found}` (the marker), `{excerpt}` (the text's first words) and
//! `{previous}` (the sibling before it).

use super::{params, Check, Context};
use crate::analysis::outline::{line_end, marker_text};
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use foldhash::{HashMap, HashMapExt};
use serde::Deserialize;
use std::sync::Arc;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    thanks: Vec<String>,
    addressees: Vec<String>,
    #[serde(default)]
    leads: Vec<String>,
    #[serde(default = "default_reach")]
    reach: usize,
}

fn default_reach() -> usize {
    8
}

struct NumberedClosing {
    params: Params,
}

pub fn build(table: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let params: Params = params(table)?;
    if params
        .thanks
        .iter()
        .chain(&params.addressees)
        .any(|w| w.is_empty())
        || params.thanks.is_empty()
        || params.addressees.is_empty()
    {
        return Err("thanks 和 addressees 不能为空，也不能含空字符串".into());
    }
    Ok(Arc::new(NumberedClosing { params }))
}

/// Punctuation that may follow a lead word (`最后，`).
const LEAD_MARKS: &[char] = &['，', ',', '、', '：', ':', ' ', '\u{3000}'];

impl NumberedClosing {
    /// Does `text` (a heading's words) open as a closing: lead, thanks, then an addressee?
    fn is_closing(&self, text: &str) -> bool {
        let mut rest = text.trim_start_matches(LEAD_MARKS);
        if let Some(lead) = self
            .params
            .leads
            .iter()
            .find(|l| rest.starts_with(l.as_str()))
        {
            rest = rest[lead.len()..].trim_start_matches(LEAD_MARKS);
        }
        let Some(thanks) = self
            .params
            .thanks
            .iter()
            .find(|t| rest.starts_with(t.as_str()))
        else {
            return false;
        };
        let after: String = rest[thanks.len()..]
            .chars()
            .take(self.params.reach)
            .collect();
        self.params
            .addressees
            .iter()
            .any(|a| after.contains(a.as_str()))
    }
}

impl Check for NumberedClosing {
    fn reads_earlier_findings(&self) -> bool {
        false
    }

    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let headings = &ctx.doc.headings;
        let tree = ctx.outline();
        // The last heading of each segment, and the sibling before it.
        let mut last: HashMap<usize, usize> = HashMap::new();
        for (i, heading) in headings.iter().enumerate() {
            if tree.get(i).is_some_and(|s| s.is_some()) {
                last.insert(heading.segment(), i);
            }
        }
        let mut ends: Vec<usize> = last.into_values().collect();
        ends.sort_unstable();
        for i in ends {
            let heading = &headings[i];
            let parent = tree[i].as_ref().and_then(|s| s.parent());
            let previous = (0..i).rev().find(|&j| {
                headings[j].family == heading.family
                    && headings[j].segment() == heading.segment()
                    && tree[j].as_ref().is_some_and(|s| s.parent() == parent)
            });
            let Some(previous) = previous else {
                continue;
            };
            let line_end = line_end(ctx, heading);
            let text = ctx.text.get(heading.marker().end..line_end).unwrap_or("");
            if !self.is_closing(text) {
                continue;
            }
            let excerpt: String = text
                .trim_start_matches(LEAD_MARKS)
                .chars()
                .take(10)
                .collect();
            let found = marker_text(ctx.text, heading);
            let previous = marker_text(ctx.text, &headings[previous]);
            let args = [
                ("found", found.as_str()),
                ("excerpt", excerpt.as_str()),
                ("previous", previous.as_str()),
            ];
            out.push(ctx.diagnostic(rule, heading.marker(), &args));
        }
    }
}
