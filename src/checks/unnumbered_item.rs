//! Check kind `unnumbered-item`: the last block of a numbered list that lost its number and
//! title. A text laid out as blocks, each a numbered title line with its body right under it
//! (`3、VCG数据分析` then its paragraphs) and blank lines between the blocks, ends with one more
//! block of body text and no title: the writer forgot its number and heading, or deleted them.
//!
//! Reported at the block's first line when:
//! - at least `min_items` top-level headings of one family (at line starts, counting 1, 2, 3…)
//!   each open a block, and every block from the first to the last opens with a heading;
//! - after the last one, one block runs to the end of the document (or of its piece of a
//!   collection), after a gap of blank lines at least as wide as the narrowest gap before a
//!   numbered block;
//! - that block is body text (its first line is longer than `min_chars` characters or ends a
//!   sentence), and does not open with one of `closing_leads` (`总之`, `以上`, `最后`): a
//!   conclusion, a signature or a date is no item.
//!
//! ```toml
//! kind = "unnumbered-item"
//! min_items = 3
//! min_chars = 20
//! closing_leads = ["总之", "以上", "最后"]
//! ```
//!
//! The message may use `{expected}` (the number the block would have) and `{previous}`.

use super::{params, Check, Context};
use crate::analysis::outline::marker_with;
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default = "default_min_items")]
    min_items: usize,
    #[serde(default = "default_min_chars")]
    min_chars: usize,
    #[serde(default)]
    closing_leads: Vec<String>,
}

fn default_min_items() -> usize {
    3
}

fn default_min_chars() -> usize {
    20
}

struct UnnumberedItem {
    params: Params,
}

pub fn build(table: &toml::Table) -> Result<Arc<dyn Check>, String> {
    Ok(Arc::new(UnnumberedItem {
        params: params(table)?,
    }))
}

/// A run of non-blank lines: its first line and the number of blank lines before it.
struct Block {
    first: usize,
    gap: usize,
}

impl Check for UnnumberedItem {
    fn reads_earlier_findings(&self) -> bool {
        false
    }

    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        let headings = &doc.headings;
        let tree = ctx.outline();
        if doc.segments.len() > 1 {
            return;
        }
        let mut blocks: Vec<Block> = Vec::new();
        let mut blank = 0;
        for (l, line) in doc.lines.iter().enumerate() {
            if line.is_blank() || ctx.junk_lines.get(l).copied().unwrap_or(false) {
                blank += 1;
                continue;
            }
            let previous_blank = l > 0 && blank > 0;
            if previous_blank || blocks.is_empty() {
                blocks.push(Block {
                    first: l,
                    gap: blank,
                });
            }
            blank = 0;
        }
        // The numbered blocks: a top-level heading opening the block's first line.
        let top = |b: &Block| {
            doc.lines[b.first].heading().filter(|&h| {
                tree.get(h)
                    .and_then(|s| s.as_ref())
                    .is_some_and(|s| s.parent().is_none())
            })
        };
        let Some(start) = blocks.iter().position(|b| top(b).is_some()) else {
            return;
        };
        let Some((last_block, rest)) = blocks[start..].split_last() else {
            return;
        };
        let numbered: Vec<usize> = rest.iter().map_while(top).collect();
        let orphan = last_block;
        if numbered.len() != rest.len()
            || numbered.len() < self.params.min_items
            || top(orphan).is_some()
        {
            return;
        }
        // (`min_items = 0` in a project's options leaves no first block to compare with.)
        let Some(&first) = numbered.first() else {
            return;
        };
        let first = &headings[first];
        let counts = numbered.iter().enumerate().all(|(k, &h)| {
            headings[h].family == first.family && headings[h].ordinal == first.ordinal + k as u32
        });
        let narrowest = rest[1..].iter().map(|b| b.gap).min().unwrap_or(1);
        let line = &doc.lines[orphan.first];
        let content = ctx.text.get(line.content()).unwrap_or("");
        let body = content.chars().count() > self.params.min_chars
            || content.ends_with(['。', '！', '；']);
        let closing = self
            .params
            .closing_leads
            .iter()
            .any(|lead| content.starts_with(lead.as_str()));
        if !counts || orphan.gap < narrowest.max(1) || !body || closing || line.heading().is_some()
        {
            return;
        }
        let Some(&last) = numbered.last() else {
            return;
        };
        let previous_heading = &headings[last];
        let expected = marker_with(ctx.text, previous_heading, previous_heading.ordinal + 1);
        let previous = crate::analysis::outline::marker_text(ctx.text, previous_heading);
        let end = line.content().start
            + content
                .char_indices()
                .nth(12)
                .map_or(content.len(), |(i, _)| i);
        let args = [
            ("expected", expected.as_str()),
            ("previous", previous.as_str()),
        ];
        out.push(ctx.diagnostic(rule, line.content().start..end, &args));
    }
}
