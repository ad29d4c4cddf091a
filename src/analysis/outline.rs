//! The heading outline that the numbering rules share: the section tree over the headings that
//! are not web-page junk, how markers are written and rewritten, and which form each level
//! uses in a document.

use crate::checks::Context;
use crate::model::{
    chinese_numeral, section_tree_by_markdown, Heading, MarkerFamily, MarkerStyle, Section,
};
use foldhash::{HashMap, HashMapExt, HashSet, HashSetExt};

/// The section tree over the headings that are not on junk lines and not entries of a notes
/// list. In Markdown the `#` count of a heading gives its depth, whatever its marker
/// (`## 1.` › `#### 1.` › `## 2.`). Made once per document, after the junk rules: see
/// [`Context::outline`], which the rules read.
pub(crate) fn outline(ctx: &Context) -> Vec<Option<Section>> {
    let headings = &ctx.doc.headings;
    let notes = note_entries(ctx);
    section_tree_by_markdown(headings, |i| {
        !ctx.is_junk(headings[i].marker().start) && !notes.contains(&i)
    })
}

/// The headings that are entries of a notes list: those after a line that opens one (one of
/// `ctx.notes_headings`, `附注：`; the entries are `1、“三网”融合：是指……`, not headings of the
/// report's outline), up to the next heading of the report's first level (`一、`), which
/// resumes its outline.
fn note_entries(ctx: &Context) -> HashSet<usize> {
    let mut entries = HashSet::new();
    let mut in_notes = false;
    for line in &ctx.doc.lines {
        match line.heading() {
            Some(i) if in_notes && ctx.doc.headings[i].family == MarkerFamily::Chinese => {
                in_notes = false;
            }
            Some(i) if in_notes => {
                entries.insert(i);
            }
            Some(_) => {}
            None => {
                let content = ctx.text[line.content()]
                    .trim_matches(crate::analysis::text::is_blank)
                    .trim_end_matches(is_colon);
                if ctx.notes_headings.iter().any(|n| n == content) {
                    in_notes = true;
                }
            }
        }
    }
    entries
}

fn is_colon(c: char) -> bool {
    matches!(c, '：' | ':')
}

/// The marker as written, with its number replaced by `n` (`（3）` → `（4）`, `3、` → `4、`).
pub(crate) fn marker_with(text: &str, heading: &Heading, n: u32) -> String {
    let prefix = text
        .get(heading.marker().start..heading.numeral().start)
        .unwrap_or("");
    format!(
        "{prefix}{}{}",
        numeral_of(heading, n),
        suffix(text, heading)
    )
}

/// Where the content of the heading's line ends (its own text may end earlier, at a sentence
/// end or the next heading).
pub(crate) fn line_end(ctx: &Context, heading: &Heading) -> usize {
    ctx.doc
        .lines
        .get(heading.line())
        .map_or(heading.text().end, |l| l.content().end)
}

/// The marker as written, delimiter included.
pub(crate) fn marker_text(text: &str, heading: &Heading) -> String {
    let head = text
        .get(heading.marker().start..heading.numeral().end)
        .unwrap_or("");
    format!("{head}{}", suffix(text, heading))
}

/// What follows the numeral: the closing bracket and the delimiter. A marker cut in two by a
/// chunk number keeps its delimiter outside `marker`.
fn suffix(text: &str, heading: &Heading) -> String {
    let mut suffix = text
        .get(heading.numeral().end..heading.marker().end)
        .unwrap_or("")
        .to_string();
    if let Some(delimiter) = &heading.delimiter() {
        if delimiter.start >= heading.marker().end {
            suffix.push_str(text.get(delimiter.clone()).unwrap_or(""));
        }
    }
    suffix
}

/// Numeral `n` written the way `heading` writes its own.
pub(crate) fn numeral_of(heading: &Heading, n: u32) -> String {
    match heading.family {
        MarkerFamily::Chinese | MarkerFamily::ChineseParen => chinese_numeral(n),
        MarkerFamily::Circled => MarkerFamily::Circled.render(n),
        _ if heading.style.full_width_digits => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
            .collect(),
        _ => n.to_string(),
    }
}

/// Which non-standard forms a configuration accepts.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Accept {
    pub accept_arabic_dun: bool,
    pub accept_half_width_brackets: bool,
}

impl Accept {
    /// The options `accept_arabic_dun` and `accept_half_width_brackets` of a rule's parameters
    /// (false when absent).
    pub fn from_params(params: &toml::Table) -> Accept {
        let flag = |key: &str| params.get(key).and_then(|v| v.as_bool()).unwrap_or(false);
        Accept {
            accept_arabic_dun: flag("accept_arabic_dun"),
            accept_half_width_brackets: flag("accept_half_width_brackets"),
        }
    }
}

/// Is the heading's marker in an accepted form: `一、` `（一）` `1.` (`1．`) `（1）` `①`?
pub(crate) fn acceptable(heading: &Heading, accept: Accept) -> bool {
    let style = &heading.style;
    match heading.family {
        MarkerFamily::Chinese => style.delimiter == Some('、'),
        MarkerFamily::ChineseParen | MarkerFamily::ArabicParen => {
            style.delimiter.is_none()
                && (style.full_width_brackets == Some(true) || accept.accept_half_width_brackets)
        }
        MarkerFamily::Arabic => {
            matches!(style.delimiter, Some('.') | Some('．'))
                || (accept.accept_arabic_dun && style.delimiter == Some('、'))
        }
        MarkerFamily::Circled => true,
    }
}

/// A marker cut in two by a chunk number: its delimiter lies outside `marker`.
pub(crate) fn is_split(heading: &Heading) -> bool {
    heading
        .delimiter()
        .as_ref()
        .is_some_and(|d| d.start >= heading.marker().end)
}

/// Is the marker alone wrapped in Markdown emphasis (`# **2.** 安全生产`): markup ends where it
/// starts and starts where it ends? Emphasis over the whole heading (`**一、总体情况**`) is not.
pub(crate) fn emphasised(ctx: &Context, heading: &Heading) -> bool {
    let ends_at = |at: usize| {
        let i = ctx.markup.partition_point(|r| r.end < at);
        ctx.markup.get(i).is_some_and(|r| r.end == at)
    };
    let starts_at = |at: usize| {
        let i = ctx.markup.partition_point(|r| r.start < at);
        ctx.markup.get(i).is_some_and(|r| r.start == at)
    };
    ends_at(heading.marker().start) && starts_at(heading.marker().end)
}

/// A marker that differs from the accepted majority form of its level.
pub(crate) struct Minority {
    pub heading: usize,
    /// A heading written in the majority form.
    pub example: usize,
}

/// The markers that differ from the majority form of their level and document. With
/// `accepted_majority_only`, a level whose majority form is not accepted has no minorities
/// (its markers are a matter for the rule on marker forms).
pub(crate) fn minorities(
    ctx: &Context,
    accept: Accept,
    accepted_majority_only: bool,
) -> Vec<Minority> {
    let headings = &ctx.doc.headings;
    let tree = ctx.outline();
    let mut groups: HashMap<(usize, MarkerFamily), Vec<usize>> = HashMap::new();
    for (i, heading) in headings.iter().enumerate() {
        if tree.get(i).is_some_and(|s| s.is_some()) {
            groups
                .entry((heading.segment(), heading.family))
                .or_default()
                .push(i);
        }
    }
    let mut found = Vec::new();
    for members in groups.values() {
        // Count each form (with the marker's own emphasis in Markdown); ties go to an
        // accepted form, then to the earliest.
        let form = |i: usize| (&headings[i].style, emphasised(ctx, &headings[i]));
        let mut counts: Vec<((&MarkerStyle, bool), usize, usize)> = Vec::new();
        for &i in members {
            let style = form(i);
            match counts.iter_mut().find(|(s, _, _)| *s == style) {
                Some(entry) => entry.1 += 1,
                None => counts.push((style, 1, i)),
            }
        }
        if counts.len() < 2 {
            continue;
        }
        let Some(&(majority, _, example)) = counts.iter().max_by_key(|(_, count, first)| {
            (
                *count,
                acceptable(&headings[*first], accept),
                std::cmp::Reverse(*first),
            )
        }) else {
            continue;
        };
        if accepted_majority_only && !acceptable(&headings[example], accept) {
            continue;
        }
        for &i in members {
            if form(i) != majority {
                found.push(Minority {
                    heading: i,
                    example,
                });
            }
        }
    }
    found.sort_by_key(|m| m.heading);
    found
}
