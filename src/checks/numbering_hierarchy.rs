//! Check kind `numbering-hierarchy`: heading levels nested in the GB/T 9704 order
//! (`一、` › `（一）` › `1.` › `（1）`).
//!
//! Parameters:
//! - `report`: `"inverted"` (default) reports a level placed under a lower one (`（一）` under
//!   `1.`); `"skipped"` reports a level that skips one (`一、` then `（1）`), but only when the
//!   skipped style is used elsewhere in the same document (on the same side of any text the page
//!   hid): with two levels `一、` then `1.` is accepted practice.
//! - `allow_skipped_level` (bool, default false): never report skipped levels.
//!
//! The rules' cases (rules/numbering.toml, ZJ103 and ZJ104) show what is and is not reported.
//!
//! Each parent is reported once, at its first child. Top-level headings are not judged (an
//! excerpt may start at any level), nor `①`, which practice uses freely below any level.

use super::{filled, params, Check, Context};
use crate::analysis::outline::marker_text;
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use crate::model::{chinese_value, Heading, MarkerFamily, Span};
use crate::shared_regex::Regex;
use foldhash::{HashSet, HashSetExt};
use serde::Deserialize;
use std::sync::{Arc, OnceLock};

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Report {
    #[default]
    Inverted,
    Skipped,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    report: Report,
    #[serde(default)]
    allow_skipped_level: bool,
    #[serde(default)]
    same_level_message: Option<String>,
    #[serde(default)]
    same_level_help: Option<String>,
}

struct NumberingHierarchy {
    params: Params,
}

pub fn build(table: &toml::Table) -> Result<Arc<dyn Check>, String> {
    Ok(Arc::new(NumberingHierarchy {
        params: params(table)?,
    }))
}

const LEVELS: [MarkerFamily; 4] = [
    MarkerFamily::Chinese,
    MarkerFamily::ChineseParen,
    MarkerFamily::Arabic,
    MarkerFamily::ArabicParen,
];

fn prefixed_pattern() -> &'static Regex {
    static PREFIXED: OnceLock<Regex> = OnceLock::new();
    PREFIXED.get_or_init(|| {
        Regex::new(
            r"^([\p{Han}&&[^第一二三四五六七八九十〇零]]{1,4})([一二三四五六七八九十]{1,3})、\S",
        )
        .expect("prefixed ordinal pattern")
    })
}

/// A line that opens with a word and a first-level ordinal (`需求一、更新…`): the word, the
/// ordinal and the span of word and marker.
fn prefixed_ordinal(line: &str) -> Option<(&str, u32, usize)> {
    let pattern = prefixed_pattern();
    // The mark ends a word and an ordinal of at most seven characters: a line without one
    // there (nearly every line) is not searched.
    if !line.chars().take(8).any(|c| c == '、') {
        return None;
    }
    prefixed_ordinal_matched(pattern, line)
}

/// [`prefixed_ordinal`] by its pattern alone.
fn prefixed_ordinal_matched<'l>(pattern: &Regex, line: &'l str) -> Option<(&'l str, u32, usize)> {
    let caps = pattern.captures(line)?;
    let word = caps.get(1)?.as_str();
    let ordinal = chinese_value(caps.get(2)?.as_str())?;
    Some((word, ordinal, caps.get(2)?.end() + '、'.len_utf8()))
}

/// A first-level ordinal glued after a heading's title (`三、主要措施一、坚持…`): the span of
/// the glued marker, when the title ends in one of `nouns` and the marker is `一、` or `1.`
/// in the heading's own family.
fn glued_first_item(text: &str, heading: &Heading, nouns: &[String]) -> Option<Span> {
    // The title is at most 12 characters: look no further than that on the line, so that a
    // page flattened to one long line is not scanned once per heading.
    const LOOK_AHEAD: usize = 16;
    let after = text.get(heading.marker().end..)?;
    let reach = after
        .char_indices()
        .nth(LOOK_AHEAD)
        .map_or(after.len(), |(i, _)| i);
    let window = &after[..reach];
    let line = &window[..window.find(['\n', '\r']).unwrap_or(window.len())];
    let (marker, _) = [
        ("一、", MarkerFamily::Chinese),
        ("1.", MarkerFamily::Arabic),
    ]
    .into_iter()
    .find(|(_, family)| *family == heading.family)?;
    let at = line.find(marker)?;
    let title = &line[..at];
    let length = title.chars().count();
    let fits = (2..=12).contains(&length)
        && title.chars().all(crate::analysis::text::is_han)
        && nouns.iter().any(|n| title.ends_with(n.as_str()))
        && line[at + marker.len()..]
            .chars()
            .next()
            .is_some_and(crate::analysis::text::is_han);
    fits.then(|| heading.marker().end + at..heading.marker().end + at + marker.len())
}

impl NumberingHierarchy {
    /// Items written in their parent's level: a run of `需求一、` `需求二、` under a heading, and
    /// a `一、` glued after the title of the `三、` it belongs to. Each parent is reported once.
    fn same_level(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let headings = &ctx.doc.headings;
        let tree = ctx.outline();
        let in_tree = |i: usize| tree.get(i).is_some_and(|s| s.is_some());
        let mut reported = HashSet::new();
        let mut found: Vec<(Span, usize)> = Vec::new();
        for (i, heading) in headings.iter().enumerate() {
            if !in_tree(i) {
                continue;
            }
            if let Some(span) = glued_first_item(ctx.text, heading, ctx.title_nouns) {
                found.push((span, i));
            }
        }
        // Runs of `word + ordinal、` at line starts counting from one, under a heading.
        let mut parent: Option<usize> = None;
        let mut next_heading = 0;
        let mut run: Option<(&str, u32, Span)> = None;
        for (l, line) in ctx.doc.lines.iter().enumerate() {
            while next_heading < headings.len()
                && headings[next_heading].marker().start < line.span().start
            {
                if in_tree(next_heading) {
                    parent = Some(next_heading);
                }
                next_heading += 1;
            }
            let content = ctx.text.get(line.content()).unwrap_or("");
            let item = (line.heading().is_none()
                && !ctx.junk_lines.get(l).copied().unwrap_or(false))
            .then(|| prefixed_ordinal(content))
            .flatten();
            let Some((word, ordinal, end)) = item else {
                continue;
            };
            let span = line.content().start..line.content().start + end;
            match run {
                Some((w, n, ref first)) if w == word && n + 1 == ordinal => {
                    if ordinal == 2 {
                        if let Some(p) = parent {
                            found.push((first.clone(), p));
                        }
                    }
                    run = Some((w, ordinal, first.clone()));
                }
                _ => run = (ordinal == 1).then_some((word, ordinal, span)),
            }
        }
        found.sort_by_key(|(span, _)| span.start);
        for (span, p) in found {
            if !reported.insert(p) {
                continue;
            }
            let parent_heading = &headings[p];
            let marker = marker_text(ctx.text, parent_heading);
            // A glued item ends its parent's title (`三、主要措施` of `三、主要措施一、坚持…`).
            let title_end = match span.start {
                at if (parent_heading.text().start..parent_heading.text().end).contains(&at) => at,
                _ => parent_heading.text().end,
            };
            let parent_text = ctx
                .text
                .get(parent_heading.text().start..title_end)
                .unwrap_or("");
            let parent = format!("{marker}{parent_text}");
            let found = ctx.text.get(span.clone()).unwrap_or("");
            let level = parent_heading.family.standard_level() as usize;
            let expected = LEVELS
                .get(level)
                .unwrap_or(&MarkerFamily::ArabicParen)
                .example();
            let args = [
                ("found", found),
                ("parent", parent.as_str()),
                ("expected", expected),
            ];
            let mut d = ctx.diagnostic(rule, span, &args);
            if let Some(message) = &self.params.same_level_message {
                d.message = filled(message, &args);
            }
            if let Some(help) = &self.params.same_level_help {
                d.help = filled(help, &args);
            }
            out.push(d);
        }
    }
}

impl Check for NumberingHierarchy {
    fn reads_earlier_findings(&self) -> bool {
        false
    }

    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        if self.params.report == Report::Skipped && self.params.allow_skipped_level {
            return;
        }
        if self.params.report == Report::Inverted {
            self.same_level(rule, ctx, out);
        }
        let headings = &ctx.doc.headings;
        let tree = ctx.outline();
        // Families used in each stretch of continuous text of each segment: what the page hid
        // is unknown, so a level used only across such a gap is no evidence.
        let used: HashSet<(usize, usize, MarkerFamily)> = headings
            .iter()
            .zip(tree)
            .filter(|(_, s)| s.is_some())
            .map(|(h, _)| (h.segment(), h.stretch(), h.family))
            .collect();
        let mut judged_parents = HashSet::new();
        for (i, heading) in headings.iter().enumerate() {
            let Some(parent) = tree
                .get(i)
                .and_then(|s| s.as_ref())
                .and_then(|s| s.parent())
            else {
                continue;
            };
            let parent_heading = &headings[parent];
            if heading.family == MarkerFamily::Circled
                || parent_heading.family == MarkerFamily::Circled
                || !judged_parents.insert(parent)
            {
                continue;
            }
            let level = heading.family.standard_level();
            let parent_level = parent_heading.family.standard_level();
            // Made only for a finding: most headings have none.
            let markers = || {
                let found = marker_text(ctx.text, heading);
                (found, marker_text(ctx.text, parent_heading))
            };
            match self.params.report {
                Report::Inverted if level < parent_level => {
                    let (found, parent_marker) = markers();
                    let args = [
                        ("found", found.as_str()),
                        ("parent", parent_marker.as_str()),
                        ("level", &level.to_string()),
                        ("parent_level", &parent_level.to_string()),
                    ];
                    out.push(ctx.diagnostic(rule, heading.marker(), &args));
                }
                Report::Skipped if level > parent_level + 1 => {
                    let skipped: Vec<&str> = LEVELS
                        .iter()
                        .filter(|f| {
                            (parent_level + 1..level).contains(&f.standard_level())
                                && used.contains(&(heading.segment(), heading.stretch(), **f))
                        })
                        .map(|f| f.example())
                        .collect();
                    if let Some(first) = skipped.first() {
                        let (found, parent_marker) = markers();
                        let args = [
                            ("found", found.as_str()),
                            ("parent", parent_marker.as_str()),
                            ("skipped", first),
                        ];
                        out.push(ctx.diagnostic(rule, heading.marker(), &args));
                    }
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Lines without `、` among their first eight characters are not searched, and
        /// nothing is lost by it.
        #[test]
        fn a_prefixed_ordinal_is_found_as_by_its_pattern(
            line in crate::checks::testing::text_of(&["需求", "甲", "𠀀", "二十", "一", "、", "第", " ", "a", "更新"]),
        ) {
            proptest::prop_assert_eq!(
                prefixed_ordinal(&line),
                prefixed_ordinal_matched(prefixed_pattern(), &line)
            );
        }
    }

    #[test]
    fn a_word_of_four_and_an_ordinal_of_three_characters_are_read() {
        // `、` is the eighth character; a four-byte Han character counts as one.
        assert_eq!(
            prefixed_ordinal("需求甲𠀀二十一、更新"),
            Some(("需求甲𠀀", 21, 25))
        );
        assert_eq!(prefixed_ordinal("需求甲乙丙二十一、更新"), None);
        assert_eq!(prefixed_ordinal("需求一、更新"), Some(("需求", 1, 12)));
    }
}
