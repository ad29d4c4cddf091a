//! Required literals of a regular expression: a small set of strings such that every match
//! contains at least one of them (`下载`, `:` or `：`, `，，`). Finding those strings (one
//! Aho-Corasick pass, shared by every rule: [`crate::analysis::vocabulary`]) tells where matches can be, so an expression is only run around them, or
//! on the lines that hold them ([`LineScreen`]), instead of over the whole text.

use crate::analysis::script::SimplifiedView;
use crate::analysis::vocabulary::{self, IdSet, Occurrences};
use crate::model::Line;
use aho_corasick::AhoCorasick;
use fixedbitset::FixedBitSet;
use foldhash::{HashSet, HashSetExt};
use regex_syntax::hir::{
    Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look, Repetition,
};
use std::sync::OnceLock;

/// The most strings a set may hold; larger sets are not worth screening with.
const MAX_SET: usize = 64;
/// The most repetitions spelled out as one string (`[ ]{4,}` as four spaces).
const MAX_POWER: u32 = 8;
/// The most characters a class may hold to be spelled out as strings.
const MAX_CLASS: usize = 16;

/// A set of strings (UTF-8 bytes) every match contains one of, or `None` when the expression
/// has no such small set (or could match the empty string).
pub(crate) fn required(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let set = required_in(hir)?;
    let set = minimal(set);
    (!set.is_empty() && set.iter().all(|s| !s.is_empty())).then_some(set)
}

/// The required strings of the expression `pattern` (see [`required`]), sorted; None when it
/// has none or does not parse.
pub fn required_strings(pattern: &str) -> Option<Vec<String>> {
    let hir = regex_syntax::parse(pattern).ok()?;
    let mut out: Vec<String> = required(&hir)?
        .into_iter()
        .map(|l| String::from_utf8(l).ok())
        .collect::<Option<_>>()?;
    out.sort();
    Some(out)
}

/// The strings one of which every match of any of `patterns` holds (their required strings
/// together, each found by a shorter one dropped), sorted; None when one of them has none.
/// For expressions searched side by side whose own union is too large for one set.
pub fn required_strings_of_all<'p>(
    patterns: impl IntoIterator<Item = &'p str>,
) -> Option<Vec<String>> {
    let mut all = Vec::new();
    for pattern in patterns {
        all.extend(
            required_strings(pattern)?
                .into_iter()
                .map(String::into_bytes),
        );
    }
    let mut out: Vec<String> = minimal(all)
        .into_iter()
        .map(|s| String::from_utf8(s).ok())
        .collect::<Option<_>>()?;
    out.sort();
    Some(out)
}

/// How many characters after its start every match of `hir` holds one of `set`: at least the
/// first and at most the second number. The set must be the exact strings of a child (or of
/// a run of children) of the expression's top-level sequence, or the first repetitions of a
/// repeated child, and what comes before it must be short (`(?:^|[^0-9])` is 0 or 1
/// character). A screened search then tries, for each occurrence, only the starts it allows.
pub(crate) fn offset_in(hir: &Hir, set: &[Vec<u8>]) -> Option<(usize, usize)> {
    /// The most starts one occurrence may allow.
    const MAX_SPREAD: usize = 4;
    let wanted = sorted(set.to_vec());
    let mut children = Vec::new();
    flatten(hir, &mut children);
    let mut before = Some((0usize, 0usize));
    for (i, child) in children.iter().enumerate() {
        let (min, max) = before?;
        let is_wanted = |strings: &[Vec<u8>]| sorted(strings.to_vec()) == wanted;
        if starts(child).is_some_and(|strings| is_wanted(&strings))
            || run_spells(children[i..].iter().copied(), is_wanted)
        {
            return before;
        }
        before = char_range(child)
            .map(|(lo, hi)| (min.saturating_add(lo), max.saturating_add(hi)))
            .filter(|(lo, hi)| hi - lo <= MAX_SPREAD);
    }
    None
}

/// What may stand in a match before the place where it holds one of a set of strings, for an
/// expression whose set allows no [`offset_in`]: at least `least` characters, of which at most
/// `others` are outside `free`, and any number inside it (`[0-9]+[.．]` before `万元` holds
/// digits and one other character). Walking back from an occurrence over what it allows
/// finds the earliest start a match holding it may have, a few characters back where a line
/// would otherwise be searched.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Lead {
    pub least: usize,
    pub others: usize,
    pub free: ClassUnicode,
}

impl Lead {
    fn then(self, next: Lead) -> Lead {
        let mut free = self.free;
        free.union(&next.free);
        Lead {
            least: self.least.saturating_add(next.least),
            others: self.others.saturating_add(next.others),
            free,
        }
    }

    /// What either allows: for a choice, whichever branch the match took.
    fn or(self, other: Lead) -> Lead {
        let mut free = self.free;
        free.union(&other.free);
        Lead {
            least: self.least.min(other.least),
            others: self.others.max(other.others),
            free,
        }
    }

    fn nothing() -> Lead {
        Lead {
            least: 0,
            others: 0,
            free: ClassUnicode::empty(),
        }
    }
}

/// The most characters outside its free ones a [`Lead`] may allow: more would be walked back
/// over at every occurrence.
const MAX_LEAD_OTHERS: usize = 8;
/// The most Chinese characters a [`Lead`]'s free ones may hold (`年`, not `\p{Han}`).
const MAX_LEAD_HAN: u32 = 16;

/// Whether the strings that the first children of `children` spell together, each known
/// exactly, are `wanted` once one or more of them are taken (`[xX]` then `县` spells `x县`).
fn run_spells<'h>(
    children: impl IntoIterator<Item = &'h Hir>,
    wanted: impl Fn(&[Vec<u8>]) -> bool,
) -> bool {
    let mut run = vec![Vec::new()];
    for child in children {
        let Some(next) = exact(child).and_then(|set| product(&run, &set)) else {
            return false;
        };
        run = next;
        if wanted(&run) {
            return true;
        }
    }
    false
}

/// The [`Lead`] of the strings `set`, which every match of `hir` holds one of: found where a
/// child of its top-level sequence (or of a branch of a choice among them, each branch
/// then) starts with one of them. None when there is no such place, when what stands before
/// it is not known as characters, or when it may be any of many Chinese characters without
/// bound (the walk back would cross whole sentences).
pub(crate) fn lead_in(hir: &Hir, set: &[Vec<u8>]) -> Option<Lead> {
    let lead = lead_within(hir, set, 0)?;
    let han = ClassUnicode::new(
        (crate::analysis::text::HAN_RANGES.iter())
            .map(|r| ClassUnicodeRange::new(*r.start(), *r.end())),
    );
    let mut common = lead.free.clone();
    common.intersect(&han);
    let han: u32 = common.ranges().iter().map(chars_in).sum();
    (lead.others <= MAX_LEAD_OTHERS && han <= MAX_LEAD_HAN).then_some(lead)
}

fn lead_within(hir: &Hir, wanted: &[Vec<u8>], depth: usize) -> Option<Lead> {
    // Choices nested deeper than this are not read.
    const MAX_DEPTH: usize = 4;
    // Each string starts with one of the set (`万人次` with `万`): an occurrence stands at
    // the place.
    let opens_with_one = |strings: &[Vec<u8>]| {
        !strings.is_empty()
            && (strings.iter()).all(|s| wanted.iter().any(|w| !w.is_empty() && s.starts_with(w)))
    };
    let mut children = Vec::new();
    flatten(hir, &mut children);
    let mut before = Lead::nothing();
    for (i, child) in children.iter().enumerate() {
        if starts(child).is_some_and(|strings| opens_with_one(&strings))
            || run_spells(children[i..].iter().copied(), opens_with_one)
        {
            return Some(before);
        }
        let inside = match child.kind() {
            // A string of the set inside a literal (`,` in `a,`): the characters before it.
            HirKind::Literal(lit) => nearest_in(&lit.0, wanted, Edge::First).map(|n| Lead {
                least: n,
                others: n,
                free: ClassUnicode::empty(),
            }),
            HirKind::Alternation(subs) if depth < MAX_DEPTH => subs
                .iter()
                .map(|sub| lead_within(sub, wanted, depth + 1))
                .reduce(|a, b| Some(a?.or(b?)))
                .flatten(),
            HirKind::Repetition(rep) if rep.min >= 1 && depth < MAX_DEPTH => {
                lead_within(&rep.sub, wanted, depth + 1)
            }
            _ => None,
        };
        if let Some(inside) = inside {
            return Some(before.then(inside));
        }
        before = before.then(lead_of(child)?);
    }
    None
}

/// What a whole child before the place stands for: its characters counted when they are
/// bounded, else each free.
fn lead_of(hir: &Hir) -> Option<Lead> {
    if let Some((least, most)) = char_range(hir) {
        return Some(Lead {
            least,
            others: most,
            free: ClassUnicode::empty(),
        });
    }
    Some(Lead {
        least: 0,
        others: 0,
        free: alphabet(hir)?,
    })
}

/// Every character a match of `hir` may hold; None when it matches bytes beyond ASCII.
fn alphabet(hir: &Hir) -> Option<ClassUnicode> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(ClassUnicode::empty()),
        HirKind::Literal(lit) => {
            let text = std::str::from_utf8(&lit.0).ok()?;
            Some(ClassUnicode::new(
                text.chars().map(|c| ClassUnicodeRange::new(c, c)),
            ))
        }
        HirKind::Class(Class::Unicode(class)) => Some(class.clone()),
        HirKind::Class(Class::Bytes(class)) => {
            let ranges = class.ranges().iter().map(|r| {
                (r.end().is_ascii())
                    .then(|| ClassUnicodeRange::new(char::from(r.start()), char::from(r.end())))
            });
            Some(ClassUnicode::new(ranges.collect::<Option<Vec<_>>>()?))
        }
        HirKind::Capture(cap) => alphabet(&cap.sub),
        HirKind::Repetition(rep) => alphabet(&rep.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => {
            subs.iter().try_fold(ClassUnicode::empty(), |mut all, sub| {
                all.union(&alphabet(sub)?);
                Some(all)
            })
        }
    }
}

/// For an expression whose required set (see [`required`]) is `chosen`, all of blanks (spaces,
/// tabs, line feeds): the best other set every match holds one of, from another child of its
/// top-level sequence. Blanks are where documents differ most from the estimate in [`cost`]:
/// indentation, alignment and Markdown's masked markup are runs of them, so a document may
/// hold far more of them than of the other set; the screen then counts both in the document
/// and searches around the rarer.
pub(crate) fn alternative_to_blanks(hir: &Hir, chosen: &[Vec<u8>]) -> Option<Vec<Vec<u8>>> {
    let blank =
        |s: &Vec<u8>| std::str::from_utf8(s).is_ok_and(|s| s.chars().all(char::is_whitespace));
    if !chosen.iter().all(blank) {
        return None;
    }
    best_set_of_a_child(hir, |set| !set.iter().all(blank))
}

/// For an expression whose required set `chosen` allows no offset (see [`offset_in`]): the
/// best other set every match holds one of, from another child of its top-level sequence,
/// that allows one (`*` and `＊` for `(?:^|[^*＊])[*＊]+(?:同志|书记|主任)`, whose titles may
/// stand anywhere after a run of stars). A document with fewer of them than of `chosen` is
/// searched anchored at the starts they allow instead of along each line around `chosen`.
pub(crate) fn alternative_with_offset(hir: &Hir, chosen: &[Vec<u8>]) -> Option<Vec<Vec<u8>>> {
    if offset_in(hir, chosen).is_some() {
        return None;
    }
    best_set_of_a_child(hir, |set| offset_in(hir, set).is_some())
}

/// Where an expression's required strings (see [`required`]) stand in each match, beyond
/// its holding one: what a screen that finds them in a short text may also ask.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Placement {
    /// How many of them every match holds at different places: one in each child of the
    /// top-level sequence whose every match holds one (2 for `[:：]\s*\S+\s+\S+[:：]`).
    pub times: usize,
    /// For an expression that matches only at the start of the text searched (`^` without
    /// `(?m)`, `\A`): the most characters before the first of them in a match.
    pub from_start: Option<usize>,
    /// For one that matches only at the end (`$` without `(?m)`, `\z`): the most characters
    /// after the last of them.
    pub to_end: Option<usize>,
}

impl Default for Placement {
    fn default() -> Self {
        Placement {
            times: 1,
            from_start: None,
            to_end: None,
        }
    }
}

/// The [`Placement`] of the strings `set`, which every match of `hir` holds one of.
pub(crate) fn placement(hir: &Hir, set: &[Vec<u8>]) -> Placement {
    let mut children = Vec::new();
    flatten(hir, &mut children);
    // A child's every match holds a string of `set` when each of its own required strings
    // holds one.
    let holds_one = |child: &Hir| {
        required_in(child).is_some_and(|strings| {
            (strings.iter()).all(|s| set.iter().any(|part| contains(s, part)))
        })
    };
    Placement {
        times: children
            .iter()
            .filter(|child| holds_one(child))
            .count()
            .max(1),
        from_start: reach_from_edge(children.iter().copied(), set, Edge::First),
        to_end: reach_from_edge(children.iter().rev().copied(), set, Edge::Last),
    }
}

/// For the children of a sequence read from one edge inward, the first being an anchor at that
/// edge of the text: the most characters between the edge and the nearest string of `set` in
/// a match. The children before the first whose strings are known exactly and each hold one
/// must be of bounded length.
fn reach_from_edge<'h>(
    mut children: impl Iterator<Item = &'h Hir>,
    set: &[Vec<u8>],
    edge: Edge,
) -> Option<usize> {
    let anchor = match edge {
        Edge::First => Look::Start,
        Edge::Last => Look::End,
    };
    if !matches!(children.next()?.kind(), HirKind::Look(look) if *look == anchor) {
        return None;
    }
    // Characters from the edge to the child at hand, at most; and the strings from the edge
    // to its far end, while every child on the way is known exactly.
    let mut before = 0usize;
    let mut run = Some(vec![Vec::new()]);
    let farthest = |strings: &[Vec<u8>]| {
        (strings.iter()).try_fold(0, |most, s| Some(most.max(nearest_in(s, set, edge)?)))
    };
    for child in children {
        let strings = exact(child);
        run = match (run, &strings) {
            (Some(run), Some(strings)) => match edge {
                Edge::First => product(&run, strings),
                Edge::Last => product(strings, &run),
            },
            _ => None,
        };
        if let Some(nearest) = run.as_deref().and_then(farthest) {
            return Some(nearest);
        }
        if let Some(nearest) = strings.as_deref().and_then(farthest) {
            return before.checked_add(nearest);
        }
        before = before.checked_add(char_range(child)?.1)?;
    }
    None
}

/// How many characters of `s` lie between its `edge` and the nearest string of `set` in it;
/// None when it holds none.
fn nearest_in(s: &[u8], set: &[Vec<u8>], edge: Edge) -> Option<usize> {
    let s = std::str::from_utf8(s).ok()?;
    let bytes = s.as_bytes();
    match edge {
        Edge::First => {
            let at = (s.char_indices().map(|(i, _)| i))
                .find(|&i| set.iter().any(|part| bytes[i..].starts_with(part)))?;
            Some(s[..at].chars().count())
        }
        Edge::Last => {
            let ends = (s.char_indices().map(|(i, c)| i + c.len_utf8())).rev();
            let at = ends
                .into_iter()
                .find(|&j| set.iter().any(|part| bytes[..j].ends_with(part)))?;
            Some(s[at..].chars().count())
        }
    }
}

/// The most strings a companion set (see [`companions`]) may hold: each is looked up in its
/// own list of starts at every window.
const MAX_COMPANION: usize = 8;
/// The highest [`cost`] of a companion set: a more common one (`，`, a space) is nearly
/// always near, screens little, and its many occurrences slow the shared scan.
const MAX_COMPANION_COST: f64 = 0.02;

/// Other sets every match of `hir` holds one of, besides the sets `screened` (the strings an
/// expression is searched around): the required sets of the children of its top-level
/// sequence (`在…下，使我` holds `在` and one of `使我`, `使我们`…), small and rare ones only,
/// each once, leaving out those that every string of every screened set holds (always there).
/// A window that lacks one of them holds no match, and is not searched.
pub(crate) fn companions(hir: &Hir, screened: &[&[Vec<u8>]]) -> Vec<Vec<Vec<u8>>> {
    let implied = |set: &Vec<Vec<u8>>| {
        screened.iter().all(|strings| {
            strings
                .iter()
                .all(|s| set.iter().any(|part| contains(s, part)))
        })
    };
    let mut children = Vec::new();
    flatten(hir, &mut children);
    let mut sets: Vec<Vec<Vec<u8>>> = Vec::new();
    for set in children.into_iter().filter_map(required_in).map(minimal) {
        let usable = !set.is_empty()
            && set.len() <= MAX_COMPANION
            && cost(&set) <= MAX_COMPANION_COST
            && set.iter().all(|s| !s.is_empty())
            && !implied(&set)
            && !sets.contains(&set);
        if usable {
            sets.push(set);
        }
    }
    sets
}

/// The rarest required set of a child of the top-level sequence of `hir` that `keep` keeps.
fn best_set_of_a_child(hir: &Hir, keep: impl Fn(&Vec<Vec<u8>>) -> bool) -> Option<Vec<Vec<u8>>> {
    let mut children = Vec::new();
    flatten(hir, &mut children);
    children
        .into_iter()
        .filter_map(required_in)
        .map(minimal)
        .filter(|set| !set.is_empty() && set.iter().all(|s| !s.is_empty()))
        .filter(keep)
        .min_by(|a, b| cost(a).total_cmp(&cost(b)))
}

/// The characters a match of `pattern` can end with, when every match ends at the end of the
/// text searched (`$` without `(?m)`, `\z`): such a text's last character must be one of
/// them, or the pattern cannot match it. None when matches need not end there, can be empty,
/// or the pattern does not parse.
pub fn end_chars(pattern: &str) -> Option<ClassUnicode> {
    let hir = regex_syntax::parse(pattern).ok()?;
    let mut children = Vec::new();
    flatten(&hir, &mut children);
    let (last, before) = children.split_last()?;
    if !matches!(last.kind(), HirKind::Look(Look::End)) {
        return None;
    }
    let mut chars = ClassUnicode::empty();
    for child in before.iter().rev() {
        let (last, may_be_empty) = edge_chars(child, Edge::Last)?;
        chars.union(&last);
        if !may_be_empty {
            return Some(chars);
        }
    }
    None
}

/// Whether `c` is one of the characters of `class` (its ranges are sorted and apart, as
/// regex-syntax keeps them: found by a binary search).
pub fn class_holds(class: &ClassUnicode, c: char) -> bool {
    let ranges = class.ranges();
    let after = ranges.partition_point(|r| r.end() < c);
    ranges.get(after).is_some_and(|r| r.start() <= c)
}

/// Which end of a match [`edge_chars`] reads.
#[derive(Clone, Copy)]
enum Edge {
    First,
    Last,
}

/// The characters every match of `hir` starts with; None when a match can be empty, or the
/// expression matches bytes. An anchored search where the text's next character is not one
/// of them cannot match, and need not be run.
pub(crate) fn first_chars(hir: &Hir) -> Option<ClassUnicode> {
    let (chars, may_be_empty) = edge_chars(hir, Edge::First)?;
    (!may_be_empty).then_some(chars)
}

/// The most positions [`leading_chars`] reads.
const MAX_LEADING: usize = 3;

/// Per position from a match's start, the characters every match of `hir` can have there,
/// for up to [`MAX_LEADING`] positions: those of the children of its top-level sequence that
/// are literals or one character each, then the first character of what follows them (when
/// that cannot be empty). `“[一二三]{1,2}。` starts with `“` and then one of `一二三`. Empty
/// when a match can be empty, or starts with bytes. An anchored search where the text does
/// not go on with them cannot match, and need not be run.
pub(crate) fn leading_chars(hir: &Hir) -> Vec<ClassUnicode> {
    let mut children = Vec::new();
    flatten(hir, &mut children);
    let mut leading = Vec::new();
    for (i, child) in children.iter().enumerate() {
        if leading.len() == MAX_LEADING {
            break;
        }
        if let HirKind::Literal(lit) = child.kind() {
            // A literal's characters, each a place of its own.
            let Ok(chars) = std::str::from_utf8(&lit.0) else {
                break;
            };
            let room = MAX_LEADING - leading.len();
            leading.extend(chars.chars().take(room).map(one_char));
            continue;
        }
        match char_range(child) {
            // Look-around takes no character.
            Some((0, 0)) => continue,
            Some((1, 1)) => match first_chars(child) {
                Some(chars) => leading.push(chars),
                None => break,
            },
            _ => {
                let room = MAX_LEADING - leading.len();
                let branches = match child.kind() {
                    HirKind::Alternation(subs) => subs.iter().map(leading_chars).collect(),
                    _ => Vec::new(),
                };
                let shortest = branches.iter().map(Vec::len).min().unwrap_or(0);
                if shortest > 0 {
                    // A choice: at each place its branches all have, any branch's characters.
                    for place in 0..shortest.min(room) {
                        let mut chars = ClassUnicode::empty();
                        branches.iter().for_each(|b| chars.union(&b[place]));
                        leading.push(chars);
                    }
                } else if let Some((chars, false)) =
                    sequence_edge_chars(children[i..].iter().copied(), Edge::First)
                {
                    leading.push(chars);
                }
                break;
            }
        }
    }
    leading
}

/// [`leading_chars`] of the matches of `hir` that start where no line does (neither at the
/// text's start nor after a line feed or a carriage return): those of `(?:^|[^0-9])[0-9]+`
/// start with a character that is not a digit. None when `hir` asserts no line's start.
pub(crate) fn leading_chars_off_line_start(hir: &Hir) -> Option<Vec<ClassUnicode>> {
    let line_starts = [Look::Start, Look::StartLF, Look::StartCRLF];
    let looks = hir.properties().look_set();
    line_starts
        .iter()
        .any(|&look| looks.contains(look))
        .then(|| leading_chars(&without_line_starts(hir)))
}

/// `hir` with its assertions of a line's or the text's start made to fail.
fn without_line_starts(hir: &Hir) -> Hir {
    match hir.kind() {
        HirKind::Look(Look::Start | Look::StartLF | Look::StartCRLF) => Hir::fail(),
        HirKind::Capture(cap) => Hir::capture(Capture {
            index: cap.index,
            name: cap.name.clone(),
            sub: Box::new(without_line_starts(&cap.sub)),
        }),
        HirKind::Repetition(rep) => Hir::repetition(Repetition {
            min: rep.min,
            max: rep.max,
            greedy: rep.greedy,
            sub: Box::new(without_line_starts(&rep.sub)),
        }),
        HirKind::Concat(subs) => Hir::concat(subs.iter().map(without_line_starts).collect()),
        HirKind::Alternation(subs) => {
            Hir::alternation(subs.iter().map(without_line_starts).collect())
        }
        _ => hir.clone(),
    }
}

/// The characters a match of `hir` can start (or end) with, and whether it can be empty.
/// Look-around is read as empty: it narrows the matches, never widens the characters.
fn edge_chars(hir: &Hir, edge: Edge) -> Option<(ClassUnicode, bool)> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some((ClassUnicode::empty(), true)),
        HirKind::Literal(lit) => {
            let mut chars = std::str::from_utf8(&lit.0).ok()?.chars();
            let c = match edge {
                Edge::First => chars.next()?,
                Edge::Last => chars.next_back()?,
            };
            Some((one_char(c), false))
        }
        HirKind::Class(Class::Unicode(class)) => Some((class.clone(), false)),
        // Nothing (`Hir::fail`): no character, and never empty.
        HirKind::Class(Class::Bytes(class)) if class.ranges().is_empty() => {
            Some((ClassUnicode::empty(), false))
        }
        HirKind::Class(Class::Bytes(_)) => None,
        HirKind::Repetition(rep) if rep.max == Some(0) => Some((ClassUnicode::empty(), true)),
        HirKind::Repetition(rep) => {
            let (chars, may_be_empty) = edge_chars(&rep.sub, edge)?;
            Some((chars, may_be_empty || rep.min == 0))
        }
        HirKind::Capture(cap) => edge_chars(&cap.sub, edge),
        HirKind::Concat(subs) => match edge {
            Edge::First => sequence_edge_chars(subs.iter(), edge),
            Edge::Last => sequence_edge_chars(subs.iter().rev(), edge),
        },
        HirKind::Alternation(subs) => {
            let mut chars = ClassUnicode::empty();
            let mut may_be_empty = false;
            for sub in subs {
                let (next, empty) = edge_chars(sub, edge)?;
                chars.union(&next);
                may_be_empty |= empty;
            }
            Some((chars, may_be_empty))
        }
    }
}

/// The class of the one character `c`.
fn one_char(c: char) -> ClassUnicode {
    ClassUnicode::new([ClassUnicodeRange::new(c, c)])
}

/// [`edge_chars`] of a sequence, its children given from that edge inward.
fn sequence_edge_chars<'h>(
    children: impl Iterator<Item = &'h Hir>,
    edge: Edge,
) -> Option<(ClassUnicode, bool)> {
    let mut chars = ClassUnicode::empty();
    for child in children {
        let (next, may_be_empty) = edge_chars(child, edge)?;
        chars.union(&next);
        if !may_be_empty {
            return Some((chars, false));
        }
    }
    Some((chars, true))
}

/// The children of the top-level sequence of `hir`, captures opened.
fn flatten<'h>(hir: &'h Hir, out: &mut Vec<&'h Hir>) {
    match hir.kind() {
        HirKind::Capture(cap) => flatten(&cap.sub, out),
        HirKind::Concat(subs) => subs.iter().for_each(|sub| flatten(sub, out)),
        _ => out.push(hir),
    }
}

/// The fewest and the most characters a match of `hir` has, when bounded.
fn char_range(hir: &Hir) -> Option<(usize, usize)> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some((0, 0)),
        HirKind::Literal(lit) => {
            let n = std::str::from_utf8(&lit.0).ok()?.chars().count();
            Some((n, n))
        }
        HirKind::Class(Class::Unicode(_)) => Some((1, 1)),
        HirKind::Class(Class::Bytes(class)) => class
            .ranges()
            .iter()
            .all(|r| r.end().is_ascii())
            .then_some((1, 1)),
        HirKind::Capture(cap) => char_range(&cap.sub),
        HirKind::Repetition(rep) => {
            let (lo, hi) = char_range(&rep.sub)?;
            let max = rep.max? as usize;
            Some((lo.saturating_mul(rep.min as usize), hi.checked_mul(max)?))
        }
        HirKind::Concat(subs) => subs.iter().try_fold((0usize, 0usize), |(lo, hi), sub| {
            let (a, b) = char_range(sub)?;
            Some((lo.saturating_add(a), hi.checked_add(b)?))
        }),
        HirKind::Alternation(subs) => subs.iter().try_fold((usize::MAX, 0), |(lo, hi), sub| {
            let (a, b) = char_range(sub)?;
            Some((lo.min(a), hi.max(b)))
        }),
    }
}

/// Whether `hir` repeats a class of several characters up to many times (`[^()]{0,40}`): a
/// DFA for it must count, and an unanchored search over Chinese text keeps meeting new
/// states, so a lazy DFA rebuilds itself on every window.
pub(crate) fn counts_widely(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Repetition(rep) => {
            let wide =
                rep.max.is_some_and(|max| max >= 8) && matches!(rep.sub.kind(), HirKind::Class(_));
            wide || counts_widely(&rep.sub)
        }
        HirKind::Capture(cap) => counts_widely(&cap.sub),
        HirKind::Concat(subs) | HirKind::Alternation(subs) => subs.iter().any(counts_widely),
        _ => false,
    }
}

/// The most line feeds a match of `hir` can contain; None when it has no bound (`\s+`).
pub(crate) fn max_newlines(hir: &Hir) -> Option<usize> {
    let holds_newline = |yes: bool| Some(usize::from(yes));
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(0),
        HirKind::Literal(lit) => Some(lit.0.iter().filter(|&&b| b == b'\n').count()),
        HirKind::Class(Class::Unicode(class)) => holds_newline(
            class
                .ranges()
                .iter()
                .any(|r| r.start() <= '\n' && '\n' <= r.end()),
        ),
        HirKind::Class(Class::Bytes(class)) => holds_newline(
            class
                .ranges()
                .iter()
                .any(|r| r.start() <= b'\n' && b'\n' <= r.end()),
        ),
        HirKind::Repetition(rep) => match (rep.max, max_newlines(&rep.sub)?) {
            (Some(0), _) | (_, 0) => Some(0),
            (Some(max), each) => usize::try_from(max).ok()?.checked_mul(each),
            (None, _) => None,
        },
        HirKind::Capture(cap) => max_newlines(&cap.sub),
        HirKind::Concat(subs) => subs
            .iter()
            .try_fold(0usize, |sum, sub| sum.checked_add(max_newlines(sub)?)),
        HirKind::Alternation(subs) => subs
            .iter()
            .try_fold(0usize, |most, sub| Some(most.max(max_newlines(sub)?))),
    }
}

fn required_in(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    required_within(hir, MAX_SET, true)
}

/// [`required_in`] with at most `limit` strings; `fewer`: whether an alternation whose
/// branches' strings are too many may try fewer of each (not one inside another alternation,
/// which is tried whole first: its own strings, too many, give way to those of what comes
/// around it).
fn required_within(hir: &Hir, limit: usize, fewer: bool) -> Option<Vec<Vec<u8>>> {
    let small = |set: &Vec<Vec<u8>>| set.len() <= limit;
    // A literal's or a class's candidate: its exact strings, when none is empty and they
    // are few.
    let exact_candidate =
        |exact: Option<Vec<Vec<u8>>>| exact.filter(|set| no_empty(set) && small(set));
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => None,
        HirKind::Literal(_) | HirKind::Class(_) => exact_candidate(exact(hir)),
        HirKind::Capture(cap) => required_within(&cap.sub, limit, fewer),
        HirKind::Repetition(rep) if rep.min >= 1 => {
            // `[ ]{4,}` holds four spaces, far rarer than one.
            (power(hir).filter(small)).or_else(|| required_within(&rep.sub, limit, fewer))
        }
        HirKind::Repetition(_) => None,
        HirKind::Alternation(subs) => {
            let union_within =
                |each: usize| union_of(subs, limit, |sub| required_within(sub, each, false));
            // The rarest strings of each branch, else fewer of them (`(?i)https?://|www\.`:
            // `://` rather than the 64 ways to write `https://`, which with the eight of
            // `www.` are too many).
            union_within(limit)
                .or_else(|| fewer.then(|| union_within(limit / subs.len().max(1)))?)
        }
        HirKind::Concat(subs) => {
            // Each child's exact strings, spelled once: a literal's or a class's also make its
            // candidate.
            let exacts: Vec<Option<Vec<Vec<u8>>>> = subs.iter().map(exact).collect();
            let mut candidates: Vec<Vec<Vec<u8>>> = (subs.iter().zip(&exacts))
                .filter_map(|(sub, exact)| match sub.kind() {
                    HirKind::Literal(_) | HirKind::Class(_) => exact_candidate(exact.clone()),
                    _ => required_within(sub, limit, fewer),
                })
                .collect();
            // Runs of children whose strings are known exactly, spelled out together: `，，`
            // is far rarer than `，`.
            let mut run: Option<Vec<Vec<u8>>> = None;
            for exact in exacts {
                match exact {
                    Some(set) => {
                        run = match run.take() {
                            None => Some(set),
                            Some(prefix) => product(&prefix, &set).or(Some(set)),
                        };
                        if let Some(run) = run.as_ref().filter(|run| small(run)) {
                            if no_empty(run) {
                                candidates.push(run.clone());
                            }
                        }
                    }
                    None => run = None,
                }
            }
            // Each set's cost once; the first of the cheapest.
            (candidates.into_iter())
                .map(|set| {
                    let set = minimal(set);
                    (cost(&set), set)
                })
                .min_by(|a, b| a.0.total_cmp(&b.0))
                .map(|(_, set)| set)
        }
    }
}

/// For a repetition of at least 2 (up to [`MAX_POWER`]) of something with few strings: the
/// strings its first repetitions spell, one of which starts every match of it.
fn power(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    let HirKind::Repetition(rep) = hir.kind() else {
        return None;
    };
    if !(2..=MAX_POWER).contains(&rep.min) {
        return None;
    }
    let one = exact(&rep.sub).filter(|one| no_empty(one))?;
    (1..rep.min).try_fold(one.clone(), |power, _| product(&power, &one))
}

/// Strings one of which starts every match of `hir`, as [`required_in`] picks them for it
/// when it is repeated, a choice or a sequence: the first repetitions of a repeated child (`xx`
/// for `[xX]{2,}`), the strings of a child repeated at least once (a space or a tab for
/// `[ \t]+`), those of each branch of a choice (`\x{3000}{2,}|[ ]{4,}`), a literal's or a
/// small class's own, and a sequence's when they open it (`“` for `“[ ]*”`, so `“[ ]*”|《`
/// starts with `“` or `《`).
fn starts(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Repetition(rep) if rep.min >= 1 => {
            power(hir).or_else(|| exact(&rep.sub).filter(|one| no_empty(one)))
        }
        HirKind::Alternation(subs) => union_of(subs, MAX_SET, starts),
        HirKind::Capture(cap) => starts(&cap.sub),
        HirKind::Literal(_) | HirKind::Class(_) => exact(hir).filter(|set| no_empty(set)),
        HirKind::Concat(subs) => {
            let picked = sorted(required_within(hir, MAX_SET, false)?);
            // Strings that open every match: the first child's own, or those its leading
            // children spell together (each whole: a string that only ends one does not
            // start the match).
            let opens = |set: Vec<Vec<u8>>| no_empty(&set) && sorted(set) == picked;
            if subs.first().and_then(starts).is_some_and(opens) {
                return Some(picked);
            }
            run_spells(subs, |run| opens(run.to_vec())).then_some(picked)
        }
        _ => None,
    }
}

/// `strings` sorted, each once: sets compare equal whatever their order.
fn sorted(mut strings: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    strings.sort();
    strings.dedup();
    strings
}

/// The strings `each` gives for every branch of a choice together, when they are at most
/// `limit` (None when one branch has none).
fn union_of(
    subs: &[Hir],
    limit: usize,
    each: impl Fn(&Hir) -> Option<Vec<Vec<u8>>>,
) -> Option<Vec<Vec<u8>>> {
    let mut union = Vec::new();
    for sub in subs {
        union.extend(each(sub)?);
        if union.len() > limit {
            return None;
        }
    }
    Some(union)
}

/// Every string `hir` can match, when there are few.
fn exact(hir: &Hir) -> Option<Vec<Vec<u8>>> {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(vec![Vec::new()]),
        HirKind::Literal(lit) => Some(vec![lit.0.to_vec()]),
        HirKind::Class(Class::Unicode(class)) => {
            // Counted before any is spelled: most classes (`[^。！？]`) are far too large.
            let size: u32 = (class.ranges().iter()).map(chars_in).sum();
            if size as usize > MAX_CLASS {
                return None;
            }
            let chars = class.ranges().iter().flat_map(|r| r.start()..=r.end());
            Some(chars.map(|c| c.to_string().into_bytes()).collect())
        }
        HirKind::Class(Class::Bytes(class)) => {
            let size: usize = (class.ranges().iter())
                .map(|r| usize::from(r.end() - r.start()) + 1)
                .sum();
            // A lone byte above ASCII is not a string of the text.
            let ascii = class.ranges().iter().all(|r| r.end().is_ascii());
            if size > MAX_CLASS || !ascii {
                return None;
            }
            let bytes = class.ranges().iter().flat_map(|r| r.start()..=r.end());
            Some(bytes.map(|b| vec![b]).collect())
        }
        HirKind::Capture(cap) => exact(&cap.sub),
        HirKind::Repetition(rep) => {
            let max = rep.max.filter(|&max| max <= 3)?;
            let one = exact(&rep.sub)?;
            let mut power = vec![Vec::new()];
            let mut union = Vec::new();
            for n in 0..=max {
                if n >= rep.min {
                    union.extend(power.iter().cloned());
                }
                if n < max {
                    power = product(&power, &one)?;
                }
            }
            (union.len() <= MAX_SET).then_some(union)
        }
        HirKind::Concat(subs) => subs
            .iter()
            .try_fold(vec![Vec::new()], |acc, sub| product(&acc, &exact(sub)?)),
        HirKind::Alternation(subs) => union_of(subs, MAX_SET, exact),
    }
}

/// How many characters `range` holds (none of the surrogates it may span).
fn chars_in(range: &ClassUnicodeRange) -> u32 {
    let (start, end) = (u32::from(range.start()), u32::from(range.end()));
    let surrogates = if start < 0xD800 && end > 0xDFFF {
        0x800
    } else {
        0
    };
    end - start + 1 - surrogates
}

fn product(a: &[Vec<u8>], b: &[Vec<u8>]) -> Option<Vec<Vec<u8>>> {
    if a.len() * b.len() > MAX_SET {
        return None;
    }
    Some(
        a.iter()
            .flat_map(|x| b.iter().map(move |y| [x.as_slice(), y].concat()))
            .collect(),
    )
}

fn no_empty(set: &[Vec<u8>]) -> bool {
    set.iter().all(|s| !s.is_empty())
}

/// Drop strings that contain another string of the set: finding the shorter one suffices.
/// The strings are kept shortest first, each length in the order given.
fn minimal(mut set: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
    set.sort_by_key(Vec::len);
    // A string is dropped when one of its stretches as long as a string kept is one: looked
    // up, not compared with each string kept (a set has up to `MAX_SET` strings).
    let mut kept: HashSet<&[u8]> = HashSet::with_capacity(set.len());
    let mut lengths: Vec<usize> = Vec::new();
    let keep: Vec<bool> = (set.iter())
        .map(|s| {
            let holds_one = lengths.iter().any(|&len| {
                len == 0 || (len <= s.len() && s.windows(len).any(|w| kept.contains(w)))
            });
            if !holds_one {
                kept.insert(s);
                if lengths.last() != Some(&s.len()) {
                    lengths.push(s.len());
                }
            }
            !holds_one
        })
        .collect();
    (set.into_iter().zip(keep))
        .filter_map(|(s, keep)| keep.then_some(s))
        .collect()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    // The first byte compared before the rest: most windows differ in it.
    let Some((&first, rest)) = needle.split_first() else {
        return true;
    };
    (haystack.windows(needle.len())).any(|w| w[0] == first && &w[1..] == rest)
}

/// A rough expected number of occurrences per character of Chinese prose: the set with the
/// lowest cost screens best.
fn cost(set: &[Vec<u8>]) -> f64 {
    set.iter()
        .map(|s| {
            String::from_utf8_lossy(s)
                .chars()
                .map(|c| match c {
                    '，' | '。' | '、' | '；' | '：' | '“' | '”' | '（' | '）' => 0.05,
                    '\u{4E00}'..='\u{9FFF}' => 0.01,
                    c if c.is_ascii_alphanumeric() || c == ' ' || c == '\n' => 0.02,
                    c if c.is_ascii() => 0.005,
                    _ => 0.001,
                })
                .product::<f64>()
        })
        .sum()
}

/// The literals of several slots (an expression, or a list of words), found by the document's
/// shared literal scan (see [`crate::analysis::vocabulary`]).
pub struct LineScreen {
    /// The distinct literals, their ids in the shared vocabulary, and the slots each belongs to.
    literals: Vec<String>,
    ids: IdSet,
    slots_of: Vec<Vec<usize>>,
    /// Per slot: whether it has literals; a slot without is possible on every line.
    screened: Vec<bool>,
    /// For a text the shared scan did not cover: an automaton of this screen's own.
    own: OnceLock<Option<AhoCorasick>>,
}

impl LineScreen {
    /// One slot per entry: its literals, or None for a slot that no literal screens.
    pub fn new(slots: &[Option<Vec<String>>]) -> Result<Self, String> {
        let mut literals: Vec<String> = Vec::new();
        let mut slots_of: Vec<Vec<usize>> = Vec::new();
        let mut index: std::collections::HashMap<&str, usize> = Default::default();
        for (slot, set) in slots.iter().enumerate() {
            for literal in set.iter().flatten().filter(|l| !l.is_empty()) {
                let id = *index.entry(literal.as_str()).or_insert_with(|| {
                    literals.push(literal.clone());
                    slots_of.push(Vec::new());
                    literals.len() - 1
                });
                if !slots_of[id].contains(&slot) {
                    slots_of[id].push(slot);
                }
            }
        }
        let ids = vocabulary::intern(literals.iter().map(|l| l.as_bytes()))
            .into_iter()
            .collect::<Option<Vec<_>>>()
            .ok_or("词语太多，无法建立索引")?;
        Ok(LineScreen {
            literals,
            ids: IdSet::new(&ids),
            slots_of,
            screened: slots.iter().map(Option::is_some).collect(),
            own: OnceLock::new(),
        })
    }

    /// Every literal of the screen, in the order first met.
    #[cfg(test)]
    pub fn literals(&self) -> &[String] {
        &self.literals
    }

    /// [`LineScreen::marks`] of a simplified view, from the view's literal scan. Strings the
    /// scan did not look for (a rule compiled after it) are searched in the text as written,
    /// and every changed line is then tried in every slot.
    pub fn marks_in_view(
        &self,
        view: &SimplifiedView,
        lines: &[Line],
        shared: Option<&Occurrences>,
    ) -> Marks {
        if let Some(shared) = shared.filter(|shared| shared.covers_up_to(self.ids.largest())) {
            return self.marks(view.text(), lines, Some(shared));
        }
        let mut marks = self.marks(view.text(), lines, None);
        for span in view.changed_spans() {
            for slot in (0..self.screened.len()).filter(|&slot| self.screened[slot]) {
                marks.mark(lines, slot, span.start, span.end);
            }
        }
        marks
    }

    /// Per line of `lines` and per slot: whether the slot may match on the line (a literal of
    /// it touches the line, or it has no literals). `shared`: the document's literal scan,
    /// when `text` is the text it scanned.
    pub fn marks(&self, text: &str, lines: &[Line], shared: Option<&Occurrences>) -> Marks {
        let width = self.screened.len();
        let mut marks = Marks::new(lines.len(), width);
        for (slot, _) in self.screened.iter().enumerate().filter(|(_, s)| !**s) {
            for line in 0..lines.len() {
                marks.flags.insert(line * width + slot);
            }
            marks.marked[slot] = !lines.is_empty();
        }
        match shared.filter(|shared| shared.covers_up_to(self.ids.largest())) {
            Some(shared) => {
                // A literal's starts ascend: each one's line is found from the last one's, once
                // for all the literal's slots.
                let (mut literal, mut line) = (usize::MAX, 0);
                shared.each_start_in(&self.ids, |local, start| {
                    if local != literal {
                        (literal, line) = (local, 0);
                    }
                    let (start, len) = (start as usize, self.literals[local].len());
                    let ends_before = |l: &Line| l.span().end <= start;
                    line = super::partition_point_from(lines, &mut line, ends_before);
                    for &slot in &self.slots_of[local] {
                        marks.mark_from(lines, line, slot, start, start + len);
                    }
                });
            }
            None => {
                let own = self.own.get_or_init(|| {
                    (!self.literals.is_empty())
                        .then(|| AhoCorasick::new(&self.literals).ok())
                        .flatten()
                });
                for m in own.iter().flat_map(|a| a.find_overlapping_iter(text)) {
                    for &slot in &self.slots_of[m.pattern().as_usize()] {
                        marks.mark(lines, slot, m.start(), m.end());
                    }
                }
            }
        }
        marks
    }
}

/// Per line, per slot: whether the slot may match on the line. A bit each: a 50 MB file has
/// 240,000 lines and the junk rules 40 slots.
pub struct Marks {
    width: usize,
    flags: FixedBitSet,
    /// Per slot: whether any line is marked (most slots find none of their literals in a
    /// document, and a rule need not ask each line).
    marked: Vec<bool>,
}

impl Marks {
    fn new(lines: usize, width: usize) -> Self {
        Marks {
            width,
            flags: FixedBitSet::with_capacity(lines * width),
            marked: vec![false; width],
        }
    }

    /// Whether `slot` is marked on any line.
    pub fn slot_marked(&self, slot: usize) -> bool {
        self.marked.get(slot).copied().unwrap_or(false)
    }

    /// Whether any slot is marked on any line.
    pub fn any_marked(&self) -> bool {
        self.marked.contains(&true)
    }

    /// Mark every line the text `start..end` touches (an empty span touches its own line).
    pub fn mark(&mut self, lines: &[Line], slot: usize, start: usize, end: usize) {
        let first = lines.partition_point(|l| l.span().end <= start);
        self.mark_from(lines, first, slot, start, end);
    }

    /// [`Marks::mark`], where `first` is the first line that ends after `start`.
    fn mark_from(&mut self, lines: &[Line], first: usize, slot: usize, start: usize, end: usize) {
        let end = end.max(start + 1);
        for (i, line) in lines.iter().enumerate().skip(first) {
            if line.span().start >= end {
                break;
            }
            self.flags.insert(i * self.width + slot);
            self.marked[slot] = true;
        }
    }

    /// Forget the marks of one slot (before marking it another way).
    pub fn clear(&mut self, slot: usize) {
        let lines = self.flags.len() / self.width.max(1);
        for i in 0..lines {
            self.flags.set(i * self.width + slot, false);
        }
        if let Some(marked) = self.marked.get_mut(slot) {
            *marked = false;
        }
    }

    /// The slots of line `i`.
    pub fn line(&self, i: usize) -> LineMarks<'_> {
        LineMarks {
            marks: self,
            base: i * self.width,
        }
    }
}

/// The marks of one line (see [`Marks::line`]).
#[derive(Clone, Copy)]
pub struct LineMarks<'a> {
    marks: &'a Marks,
    base: usize,
}

impl LineMarks<'_> {
    /// Whether `slot` may match on the line (false for a slot the screen does not have).
    pub fn get(&self, slot: usize) -> bool {
        slot < self.marks.width && self.marks.flags.contains(self.base + slot)
    }

    /// The first `count` slots (at most 64), slot k as bit k: read from the blocks of the set
    /// that hold them, not a slot at a time (a junk rule asks it of every line).
    pub fn first_bits(&self, count: usize) -> u64 {
        let count = count.min(64).min(self.marks.width);
        let blocks = self.marks.flags.as_slice();
        let block_bits = fixedbitset::Block::BITS as usize;
        let (mut bits, mut read, mut at) = (0u64, 0, self.base);
        while read < count {
            let block = blocks.get(at / block_bits).map_or(0, |&b| b as u64);
            let shift = at % block_bits;
            bits |= (block >> shift) << read;
            read += block_bits - shift;
            at += block_bits - shift;
        }
        match count {
            64 => bits,
            _ => bits & ((1 << count) - 1),
        }
    }

    /// Whether any slot may match on the line.
    pub fn any(&self) -> bool {
        (0..self.marks.width).any(|k| self.get(k))
    }

    /// Every slot, in order.
    pub fn to_vec(&self) -> Vec<bool> {
        (0..self.marks.width).map(|k| self.get(k)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lits(re: &str) -> Option<Vec<String>> {
        let hir = regex_syntax::parse(re).unwrap();
        required(&hir).map(|set| {
            set.into_iter()
                .map(|s| String::from_utf8(s).unwrap())
                .collect()
        })
    }

    fn offset(re: &str) -> Option<(usize, usize)> {
        let hir = regex_syntax::parse(re).unwrap();
        offset_in(&hir, &required(&hir)?)
    }

    /// The definition of [`minimal`]: each string, shortest first, kept unless it contains
    /// one kept before it.
    fn minimal_by_comparing(mut set: Vec<Vec<u8>>) -> Vec<Vec<u8>> {
        set.sort_by_key(Vec::len);
        let mut kept: Vec<Vec<u8>> = Vec::new();
        for s in set {
            if !kept.iter().any(|k| contains(&s, k)) {
                kept.push(s);
            }
        }
        kept
    }

    #[test]
    fn a_minimal_set_keeps_the_shortest_strings_in_order() {
        let set = |strings: &[&str]| strings.iter().map(|s| s.as_bytes().to_vec()).collect();
        let got = minimal(set(&[
            "工作总结",
            "，",
            "总结",
            "。",
            "，",
            "年度总结",
            "结",
            "x",
        ]));
        assert_eq!(got, set(&["x", "，", "。", "结"]), "by length in bytes");
        let got = minimal(set(&["ab", "", "b"]));
        assert_eq!(got, set(&[""]), "the empty string is in every string");
    }

    proptest::proptest! {
        /// Looking stretches up keeps what comparing every pair keeps, in the same order.
        #[test]
        fn a_minimal_set_is_the_one_comparing_gives(
            set in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(vec![b'a', b'b', 0xE4, 0x80]), 0..5),
                0..20,
            ),
        ) {
            proptest::prop_assert_eq!(minimal(set.clone()), minimal_by_comparing(set));
        }
    }

    #[test]
    fn containment_compares_the_first_byte_and_then_the_rest() {
        assert!(contains(b"abcabd", b"abd"));
        assert!(contains(b"abc", b""));
        assert!(contains(b"abc", b"abc"));
        assert!(!contains(b"ab", b"abc"));
        assert!(!contains(b"xbc", b"abc"));
        assert!(!contains(b"abx", b"aby"));
    }

    #[test]
    fn a_class_is_spelled_out_only_when_it_holds_at_most_sixteen_characters() {
        let spelled = |re: &str| {
            let hir = regex_syntax::ParserBuilder::new()
                .utf8(false)
                .build()
                .parse(re)
                .unwrap();
            exact(&hir).map(|set| {
                set.into_iter()
                    .map(|s| s.escape_ascii().to_string())
                    .collect::<Vec<_>>()
            })
        };
        assert_eq!(spelled("[a-p]").map(|set| set.len()), Some(16));
        assert_eq!(spelled("[a-q]"), None);
        assert_eq!(spelled("[^a]"), None);
        // One range across the surrogates, which are no characters: two of them.
        let across = spelled("[\u{D7FF}\u{E000}]").unwrap();
        assert_eq!(across, ["\\xed\\x9f\\xbf", "\\xee\\x80\\x80"]);
        // Bytes: ASCII ones only, at most sixteen.
        assert_eq!(spelled("(?-u:[a-p])").map(|set| set.len()), Some(16));
        assert_eq!(spelled("(?-u:[a-q])"), None);
        assert_eq!(spelled("(?-u:[a\\xFF])"), None);
        assert_eq!(spelled("(?-u:[ab])").unwrap(), ["a", "b"]);
    }

    /// [`lead_in`] of `re` for the strings `set`, as (least, others, free characters).
    fn lead(re: &str, set: &[&str]) -> Option<(usize, usize, String)> {
        let hir = regex_syntax::parse(re).unwrap();
        let set: Vec<Vec<u8>> = set.iter().map(|s| s.as_bytes().to_vec()).collect();
        let lead = lead_in(&hir, &set)?;
        let free = (lead.free.ranges().iter())
            .flat_map(|r| r.start()..=r.end())
            .collect();
        Some((lead.least, lead.others, free))
    }

    #[test]
    fn a_lead_counts_what_may_stand_before_the_literals() {
        // A character of context, then digits as many as they come.
        assert_eq!(
            lead(r"(?:^|[^0-9])[0-9]*[xX]+(?:万元|元)", &["x", "X"]),
            Some((0, 1, "0123456789".into()))
        );
        // Bounded children count, unbounded ones lend their characters.
        assert_eq!(
            lead(r"[a-c]{1,2}[.．]*[ ]?年", &["年"]),
            Some((1, 3, ".．".into()))
        );
        // A choice before the place: any branch's characters.
        assert_eq!(
            lead(r"(?:[0-9]+[.．]|[*＊]+)万元", &["万元"]),
            Some((0, 0, "*.0123456789＊．".into()))
        );
        // The place inside a choice: each branch's own, the widest of them.
        assert_eq!(
            lead(r"(?:[a-z]{1,2},|[0-9]+;)\p{Han}", &[",", ";"]),
            Some((0, 2, "0123456789".into()))
        );
        // A string of the set that starts a longer one stands at its place.
        assert_eq!(
            lead(r"[0-9]+万人次", &["万"]),
            Some((0, 0, "0123456789".into()))
        );
        // A few Chinese characters may be free; not a whole class of them.
        assert_eq!(
            lead(r"(?:年|月)*万元", &["万元"]),
            Some((0, 0, "年月".into()))
        );
        assert_eq!(lead(r"\p{Han}+万元", &["万元"]), None);
        // Not when too many other characters may stand before the place.
        assert_eq!(lead(r"[a-z]{9}x", &["x"]), None);
        assert!(lead(r"[a-z]{8}x", &["x"]).is_some());
        // Inside a literal: the characters before it there count.
        assert_eq!(
            lead(r"[0-9]+万元", &["元"]),
            Some((1, 1, "0123456789".into()))
        );
        // Nor when a branch of the choice holding them has them nowhere known.
        assert_eq!(lead(r"(?:a[,;]b|[0-9]+,)c", &[","]), None);
        assert_eq!(
            lead(r"(?:a,|[0-9]+,)c", &[","]),
            Some((0, 1, "0123456789".into()))
        );
    }

    #[test]
    fn off_a_lines_start_its_assertions_fail() {
        let leading = |re: &str| {
            let hir = regex_syntax::parse(re).unwrap();
            leading_chars_off_line_start(&hir).map(|places| {
                (places.iter())
                    .map(|class| class.ranges().iter().flat_map(|r| r.start()..=r.end()))
                    .map(|chars| chars.collect::<String>())
                    .collect::<Vec<_>>()
            })
        };
        // `^` or a class: the class.
        assert_eq!(leading(r"(?:^|[^0-9])[0-9]+元").unwrap()[1], "0123456789");
        assert_eq!(leading(r"(?:^|[ab])x").unwrap(), ["ab", "x"]);
        // Only `^`: nothing can start there.
        assert_eq!(leading(r"(?m)^[ ]*x").unwrap()[0], "");
        assert_eq!(leading(r"\Ax").unwrap()[0], "");
        // No line's start asserted: as everywhere.
        assert_eq!(leading(r"[ab]x$"), None);
    }

    #[test]
    fn literal_offsets_count_the_fixed_characters_before_them() {
        assert_eq!(offset(r"\p{Han}(?P<hit>[,;])\p{Han}"), Some((1, 1)));
        assert_eq!(offset(r"(?P<hit>\([^()]{0,40}\))[，。]"), Some((0, 0)));
        assert_eq!(offset(r"[\p{Han}》”]\p{Han}{2}，(?P<hit>，)"), Some((3, 3)));
        // A look-around takes no character.
        assert_eq!(offset(r"(?m)^\p{Han}：(?P<hit>:)"), Some((1, 1)));
        // Context that is the start of the text or one character.
        assert_eq!(offset(r"(?:^|[^0-9])年度"), Some((0, 1)));
        // The first repetitions of a repeated child: `xx` starts every `[xX]{2,}`.
        assert_eq!(offset(r"(?:^|[^a-z])(?P<hit>[xX]{2,})县"), Some((0, 1)));
        // One of the strings of a child repeated at least once starts it: `[ \t]+` starts
        // with a space or a tab, wherever else in the run they are.
        let blanks = [b" ".to_vec(), b"\t".to_vec()];
        let offset_of_blanks = |re: &str| offset_in(&regex_syntax::parse(re).unwrap(), &blanks);
        assert_eq!(
            offset_of_blanks(r"\p{Han}(?P<hit>[,;][ \t]+)\p{Han}"),
            Some((2, 2))
        );
        assert_eq!(
            offset_of_blanks(r"\p{Han}(?P<hit>[,;][\t ]{1,3})\p{Han}"),
            Some((2, 2))
        );
        // Not when the run may be empty, or holds other characters first.
        assert_eq!(offset_of_blanks(r"\p{Han}(?P<hit>[,;][ \t]*)\p{Han}"), None);
        assert_eq!(
            offset_of_blanks(r"\p{Han}(?P<hit>[,;][ \tx]+)\p{Han}"),
            None
        );
        // Each branch of a choice starts with its own strings.
        assert_eq!(
            offset(r"[\p{Han}，](?P<hit>\x{3000}{2,}|[ ]{4,})(?:同志|主任)"),
            Some((1, 1))
        );
        assert_eq!(
            offset(r"[\p{Han}，](?P<hit>\x{3000}{2,}|[ ]{4,}|\p{Han})(?:同志|主任)"),
            None
        );
        // A branch that is a sequence starts with the strings it is screened by when they
        // open it: its first child's, or those its leading children spell.
        assert_eq!(
            offset(r"(?P<hit>“[ \x{3000}]*”|《[ \x{3000}]*》)"),
            Some((0, 0))
        );
        assert_eq!(offset(r"\p{Han}(?:工作计划|总结[:：])"), Some((1, 1)));
        // Not when a branch's strings come after something else: `“` after spaces, `年`
        // after any character but a digit.
        assert_eq!(offset(r"(?P<hit>[ ]*“|《[ ]*》)"), None);
        assert_eq!(offset(r"(?P<hit>[^0-9]年|年度[ ]*)x"), None);
        // A branch that is one literal or a small class starts with it.
        assert_eq!(offset(r"\p{Han}(?P<hit>“[ ]*”|《|[「『])"), Some((1, 1)));
        // What comes before the literal is unbounded, or too varied.
        assert_eq!(offset(r"[A-Za-z]+(?P<hit>,)\p{Han}"), None);
        assert_eq!(offset(r"[0-9]{0,8}(?P<hit>,)\p{Han}"), None);
        // The literal is one of several strings inside a child: where it sits is not known.
        assert_eq!(offset(r"\p{Han}(?:完成|已经完成)了"), None);
    }

    #[test]
    fn a_placement_counts_the_children_holding_a_string_and_reads_an_opening_one() {
        let placed = |re: &str| {
            let hir = regex_syntax::parse(re).unwrap();
            placement(&hir, &required(&hir).unwrap())
        };
        let times = |re: &str| placed(re).times;
        assert_eq!(times(r"\p{Han}{1,4}[:：]\s*\S+\s+\p{Han}{1,4}[:：]"), 2);
        assert_eq!(
            times(r"[:：]\S*(?:作者|来源)[:：]|[:：]{2}"),
            1,
            "a choice is one child"
        );
        assert_eq!(
            times(r"\d{1,2}:\d{2}(?::\d{2})?"),
            1,
            "the second colon may be missing"
        );
        assert_eq!(times(r"(?:作者：|来源：)\S+\s+(?:作者：|来源：)"), 2);
        // `作者：` spans two children here, and neither holds it alone: counted once.
        assert_eq!(times(r"(?:作者|来源)：\S+ (?:作者|来源)："), 1);
        let from_start = |re: &str| placed(re).from_start;
        assert_eq!(from_start(r"^(?:所谓)?(?:工作总结|心得体会)"), Some(2));
        assert_eq!(from_start(r"^[•·]?共\d+页$"), Some(1));
        // `总结` is the string looked for, also inside `工作总结`.
        assert_eq!(from_start(r"^(?:所谓)?(?:工作总结|个人总结|总结)"), Some(4));
        // Only at the start of the text searched: not at a line's, nor after another choice.
        assert_eq!(from_start(r"(?m)^工作总结"), None);
        assert_eq!(from_start(r"(?:^|\s)工作总结"), None);
        assert_eq!(
            from_start(r"^\s*工作总结"),
            None,
            "after any number of spaces"
        );
        let to_end = |re: &str| placed(re).to_end;
        assert_eq!(to_end(r"(?:经验|资源)(?:上传|分享)$"), Some(0));
        assert_eq!(to_end(r"(?:上传|分享)\d{1,2}次$"), Some(3));
        assert_eq!(
            to_end(r"^[•·]?共\d+页$"),
            None,
            "the digits before the end are unbounded"
        );
        assert_eq!(to_end(r"上传\s*$"), None);
        assert_eq!(to_end(r"(?m)上传$"), None);
    }

    #[test]
    fn a_set_without_an_offset_has_an_alternative_with_one() {
        let re = r"(?:^|[^*＊])(?P<hit>[*＊]+)(?:同志|书记|主任|局长)";
        let hir = regex_syntax::parse(re).unwrap();
        let chosen = required(&hir).unwrap();
        assert_eq!(offset_in(&hir, &chosen), None, "{chosen:?}");
        let mut stars = alternative_with_offset(&hir, &chosen).unwrap();
        stars.sort();
        assert_eq!(stars, ["*".as_bytes(), "＊".as_bytes()]);
        assert_eq!(offset_in(&hir, &stars), Some((0, 1)));
        // None for a set that allows an offset, or when no other set does.
        assert_eq!(alternative_with_offset(&hir, &stars), None);
        let hir = regex_syntax::parse(r"\p{Han}+(?:同志|书记)").unwrap();
        assert_eq!(
            alternative_with_offset(&hir, &required(&hir).unwrap()),
            None
        );
    }

    #[test]
    fn wide_counting_is_seen() {
        let wide = |re: &str| counts_widely(&regex_syntax::parse(re).unwrap());
        assert!(wide(r"\([^()]{0,40}\p{Han}[^()]{0,40}\)"));
        assert!(!wide(r"\p{Han}{2}，"));
        assert!(!wide(r"[0-9]{4}年"));
    }

    #[test]
    fn picks_the_rarest_required_strings() {
        assert_eq!(
            lits(r"\p{Han}(?P<hit>[,;])\p{Han}"),
            Some(vec![",".into(), ";".into()])
        );
        assert_eq!(lits(r"[\p{Han}）]。(?P<hit>。)"), Some(vec!["。。".into()]));
        assert_eq!(lits(r"(?:^|x)(?P<hit>某{2,})"), Some(vec!["某某".into()]));
        assert_eq!(
            lits(r"\p{Han}(?P<hit>\x{3000}{2,}|[ ]{4,})局"),
            Some(vec!["    ".into(), "\u{3000}\u{3000}".into()])
        );
        assert_eq!(lits(r"a|b"), Some(vec!["a".into(), "b".into()]));
    }

    /// The companion sets of `pattern` beside its required set, each sorted.
    fn companion_sets(pattern: &str) -> Vec<Vec<String>> {
        let hir = regex_syntax::parse(pattern).unwrap();
        let required = required(&hir).unwrap();
        let text = |s: Vec<u8>| String::from_utf8(s).unwrap();
        companions(&hir, &[&required])
            .into_iter()
            .map(|set| {
                let mut set: Vec<String> = set.into_iter().map(text).collect();
                set.sort();
                set
            })
            .collect()
    }

    #[test]
    fn companions_are_the_other_required_sets_of_the_sequence() {
        // Screened by `关心下，` and the like: `在`, `使` and `我` are each held by every match
        // too; the sets that every screened string holds (`关心`/`帮助`, `下`, `，`/`,`) are
        // always there, and a class of many characters is no set.
        let pattern = r"在[^，。\n]{1,40}?(?:关心|帮助)下[，,][ ]*(?P<hit>使)(?:我|我们)";
        assert_eq!(
            companion_sets(pattern),
            [vec!["在"], vec!["使"], vec!["我"]]
        );
        // Each set once; an optional part holds none; eight strings at most.
        let from_to = "(?P<hit>从)[^，]{1,8}从(?:经)?[^，]{1,10}到";
        assert_eq!(lits(from_to), Some(vec!["从".into()]));
        assert_eq!(companion_sets(from_to), [vec!["到"]]);
        let eight = "《[^，]{1,3}[①②③④⑤⑥⑦⑧]+[^，]{1,3}》";
        assert_eq!(lits(eight), Some(vec!["《".into()]));
        assert_eq!(
            companion_sets(eight),
            [vec!["①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧"], vec!["》"]]
        );
        let nine = "《[^，]{1,3}[①②③④⑤⑥⑦⑧⑨]+[^，]{1,3}》";
        assert_eq!(companion_sets(nine), [vec!["》"]]);
        // Common marks screen little: `“` and `，` are left out.
        let common = "《[^，]{1,3}“[^，]{1,3}，[^，]{1,3}》";
        assert_eq!(companion_sets(common), [vec!["》"]]);
        // Two half-width marks and their full-width forms (cost 0.012) are a companion of
        // a year range screened by `年`: a document without a dash is not searched.
        let years = r"[0-9]{4}(?P<hit>-{1,3}|－|~|～)[0-9]{4}年";
        assert_eq!(lits(years), Some(vec!["年".into()]));
        assert_eq!(companion_sets(years), [vec!["-", "~", "－", "～"]]);
    }

    /// Expressions anchored at the end of the text, as junk-inline's line patterns are.
    const ENDING: [&str; 6] = [
        r"^[^\n]{2,60}?\s*(?:[.·…．]\s?){4,}\s*\d{1,3}$",
        r"^[^。！？；\n]{4,50}?(?P<junk>[(（_]\s*(?:19|20)\d\d(?:0[1-9]|1[0-2])\s*[)）]?)\s*$",
        r"(?:x|目录)+$",
        r"(?i)完?END\z",
        r"(?:第[一二三]页|\[\d\])\s*$",
        r"a(?:b|c?)$",
    ];

    #[test]
    fn a_class_holds_the_characters_of_its_ranges_and_no_other() {
        for pattern in [r"\d", r"\p{Han}", "[a-cx-z]", "[一]", r"\s"] {
            let Some(class) = end_chars(&format!("{pattern}$")) else {
                panic!("{pattern}");
            };
            let by_ranges = |c: char| {
                class
                    .ranges()
                    .iter()
                    .any(|r| r.start() <= c && c <= r.end())
            };
            let edges = class.ranges().iter().flat_map(|r| [r.start(), r.end()]);
            let near = edges.flat_map(|c| {
                [
                    u32::from(c).saturating_sub(1),
                    u32::from(c),
                    u32::from(c) + 1,
                ]
            });
            for c in near.chain(0..0x3100).filter_map(char::from_u32) {
                assert_eq!(class_holds(&class, c), by_ranges(c), "{pattern} {c:?}");
            }
        }
    }

    #[test]
    fn the_characters_a_match_ending_the_text_can_end_with() {
        let digits = end_chars(ENDING[0]).unwrap();
        assert!(
            class_holds(&digits, '3') && class_holds(&digits, '３') && !class_holds(&digits, '。')
        );
        assert!(!class_holds(&digits, ' '));
        let dated = end_chars(ENDING[1]).unwrap();
        for c in ['）', ')', ' ', '\u{3000}', '9'] {
            assert!(class_holds(&dated, c), "{c:?}");
        }
        assert!(!class_holds(&dated, '。') && !class_holds(&dated, '_'));
        let words = end_chars(ENDING[2]).unwrap();
        assert!(
            class_holds(&words, 'x') && class_holds(&words, '录') && !class_holds(&words, '目')
        );
        let end = end_chars(ENDING[3]).unwrap();
        assert!(class_holds(&end, 'D') && class_holds(&end, 'd') && !class_holds(&end, 'E'));
        // An optional last part lets the one before it end a match.
        let optional = end_chars(ENDING[5]).unwrap();
        assert!(
            class_holds(&optional, 'a')
                && class_holds(&optional, 'b')
                && class_holds(&optional, 'c')
        );
        // Matches that need not end the text, that may be empty, or end a line of several.
        for pattern in ["abc", "a?$", "(?m)a$", "a$|b$", "^$", "[^\\x00-\\x7f]$"] {
            assert_eq!(
                end_chars(pattern).is_some(),
                pattern == "[^\\x00-\\x7f]$",
                "{pattern}"
            );
        }
    }

    proptest::proptest! {
        /// A text an expression matches ends with one of its end characters.
        #[test]
        fn a_text_matched_ends_with_one_of_the_end_characters(
            text in crate::checks::testing::text_of(&[
                "目录", "x", "．", ".", "…", " ", "\u{3000}", "12", "３", "（", "2023", "0115", "）",
                "第一页", "[1]", "END", "end", "完", "ab", "c", "。", "_", "工作",
            ]),
        ) {
            for pattern in ENDING {
                let re = crate::shared_regex::Regex::new(pattern).unwrap();
                let chars = end_chars(pattern).unwrap();
                if re.is_match(&text) {
                    let last = text.chars().next_back();
                    proptest::prop_assert!(last.is_some_and(|c| class_holds(&chars, c)), "{} {:?}", pattern, text);
                }
            }
        }
    }

    /// Expressions searched anchored, as the pattern kinds search at line starts and at the
    /// offsets their literals allow.
    const STARTING: [&str; 6] = [
        r"(?m)^[ \t]*(?:[0-9]{1,2}、)?(?P<hit>[，、。])[\p{Han}“]",
        r"(?:^|x)(?P<hit>y+)",
        r"\b(?i:end)",
        r"(?:目录|x)?[一二三]",
        r"[（(][ ]*[)）]|“[ ]*”",
        r"a?(?:b|c?)d",
    ];

    fn first_chars_of(pattern: &str) -> Option<ClassUnicode> {
        first_chars(&regex_syntax::parse(pattern).unwrap())
    }

    #[test]
    fn the_characters_a_match_can_start_with() {
        let holds = |pattern: &str, chars: &str| {
            let class = first_chars_of(pattern).unwrap();
            chars
                .chars()
                .filter(|&c| class_holds(&class, c))
                .collect::<String>()
        };
        let some = " \t\u{3000}07，、。；“工一目x（(ydDeE";
        assert_eq!(holds(STARTING[0], some), " \t07，、。");
        // Look-around is read as empty: after it, the next part's characters.
        assert_eq!(holds(STARTING[1], some), "xy");
        assert_eq!(holds(STARTING[2], some), "eE");
        // An optional first part lets the part after it start a match.
        assert_eq!(holds(STARTING[3], some), "一目x");
        assert_eq!(holds(STARTING[4], some), "“（(");
        assert_eq!(holds(STARTING[5], "abcde"), "abcd");
        // Matches that may be empty tell nothing; nor do expressions of bytes.
        for pattern in ["a*", "(?:a|)b?", "^", r"(?m)^$", r"(?-u:[a-z])x"] {
            assert!(first_chars_of(pattern).is_none(), "{pattern}");
        }
    }

    proptest::proptest! {
        /// Where an expression matches, anchored, the text's next character is one of its first
        /// characters.
        #[test]
        fn an_anchored_match_starts_with_one_of_the_first_characters(
            text in crate::checks::testing::text_of(&[
                "目录", "x", "y", " ", "\t", "\n", "12", "、", "，", "。", "工作", "“", "”", "（", ")",
                "end", "END", "a", "b", "c", "d", "一", "三",
            ]),
        ) {
            use regex_automata::{meta::Regex, Anchored, Input};
            for pattern in STARTING {
                let re = Regex::new(pattern).unwrap();
                let chars = first_chars_of(pattern).unwrap();
                for (at, c) in text.char_indices() {
                    let input = Input::new(&text).range(at..).anchored(Anchored::Yes);
                    if re.is_match(input) {
                        proptest::prop_assert!(class_holds(&chars, c), "{} {:?} at {}", pattern, text, at);
                    }
                }
            }
        }
    }

    /// Expressions whose matches start with one-character parts.
    const LEADING: [&str; 6] = [
        r"“[一二三]{1,2}(?P<hit>[.．。])[一二三]”",
        r"[\p{Han}）)”](?P<hit>[,;，；][ \t]+)\p{Han}",
        r"\bx(?P<hit>[yY])\b[12]",
        r"(?m)^(?:目录|x)?[一二三]",
        r"(?:y|一)?“",
        r"(?P<hit>“[ ]*”|《[ ]*》)x",
    ];

    fn leading_of(pattern: &str) -> Vec<String> {
        let some = " \t07，、。“”工一三xyY12";
        let leading = leading_chars(&regex_syntax::parse(pattern).unwrap());
        (leading.iter())
            .map(|class| some.chars().filter(|&c| class_holds(class, c)).collect())
            .collect()
    }

    #[test]
    fn the_characters_a_match_has_first_second_and_third() {
        assert_eq!(leading_of(LEADING[0]), ["“", "一三"]);
        assert_eq!(leading_of(LEADING[1]), ["”工一三", "，", " \t"]);
        // Look-around takes no place.
        assert_eq!(leading_of(LEADING[2]), ["x", "yY", "12"]);
        // After an optional part, the first character only.
        assert_eq!(leading_of(LEADING[3]), ["一三x"]);
        assert_eq!(leading_of(LEADING[4]), ["“一y"]);
        // A choice: each place its branches have, from all of them.
        assert_eq!(leading_of(LEADING[5]), ["“", " ”"]);
        assert_eq!(leading_of(r"(?:“一|y)二"), ["“y"]);
        // No more than three places; nothing for a match that may be empty.
        assert_eq!(leading_of(r"一二三四"), ["一", "", "三"]);
        assert_eq!(leading_of(r"“一[二三]"), ["“", "一", "三"]);
        assert!(leading_of(r"(?:一|)二?").is_empty());
    }

    proptest::proptest! {
        /// Where an expression matches, anchored, the text goes on with its leading characters.
        #[test]
        fn an_anchored_match_starts_with_the_leading_characters(
            text in crate::checks::testing::text_of(&[
                "x", "y", "Y", " ", "\t", "\n", "1", "2", "，", "。", ".", "工作", "“", "”", "一",
                "三", "目录", "《", "》",
            ]),
        ) {
            use regex_automata::{meta::Regex, Anchored, Input};
            for pattern in LEADING.iter().chain(&STARTING) {
                let re = Regex::new(pattern).unwrap();
                let leading = leading_chars(&regex_syntax::parse(pattern).unwrap());
                for (at, _) in text.char_indices() {
                    let input = Input::new(&text).range(at..).anchored(Anchored::Yes);
                    if re.is_match(input) {
                        let mut next = text[at..].chars();
                        for class in &leading {
                            let c = next.next();
                            proptest::prop_assert!(c.is_some_and(|c| class_holds(class, c)), "{} {:?} at {}", pattern, text, at);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn branches_whose_rarest_strings_are_too_many_give_fewer() {
        // `(?i)https://` is 64 strings: with `www.` (8), too many; `://` is one.
        let mut urls = lits(r"(?i)(?:https?://|www\.)[^\s，。]*").unwrap();
        urls.sort();
        assert_eq!(urls.len(), 9);
        assert_eq!(urls[0], "://");
        assert!(urls.contains(&"WwW.".to_string()));
        // Each branch in its share of the limit.
        let pattern = r"(?i)©|\(c\)\s*\d{4}|all\s+rights\s+reserved|copyright";
        let marks = lits(pattern).unwrap();
        assert!(marks.contains(&"©".to_string()));
        let re = crate::shared_regex::Regex::new(pattern).unwrap();
        for text in [
            "版权所有©2024",
            "(C) 2023 某某网",
            "ALL Rights  reserved.",
            "CopyRight 声明",
        ] {
            let found = re.find(text).expect("a match").as_str();
            assert!(marks.iter().any(|m| found.contains(m.as_str())), "{found}");
        }
        // Nested alternations whose strings are too many are not tried again: trying each
        // again at every level would take 2^40 steps here.
        let nested = format!("{}x{}", "(aa|bb|c[a-z]|".repeat(40), ")".repeat(40));
        assert_eq!(lits(&nested), None);
    }

    #[test]
    fn no_set_when_a_match_needs_none() {
        assert_eq!(lits(r"\p{Han}{2}"), None);
        assert_eq!(lits(r"a|\p{Han}"), None);
        assert_eq!(lits(r"x*"), None);
        assert_eq!(lits(r"^"), None);
    }

    #[test]
    fn newlines_in_matches() {
        let nl = |re: &str| max_newlines(&regex_syntax::parse(re).unwrap());
        assert_eq!(nl(r"a\s"), Some(1));
        assert_eq!(nl(r"[^x]"), Some(1));
        assert_eq!(nl(r"(?m)^[^\n]*$"), Some(0));
        assert_eq!(nl(r"a\r?"), Some(0));
        assert_eq!(nl(r"\s+"), None);
        assert_eq!(nl(r"x*"), Some(0));
        assert_eq!(nl(r"(?:^|[^0-9])x+[^*]?"), Some(2));
        assert_eq!(nl(r"a\n\nb|\n"), Some(2));
        assert_eq!(nl(r"(?:\r?\n){2,3}"), Some(3));
        assert_eq!(nl(r"[ \t]*\r?\n[ \t]*"), Some(1));
    }

    #[test]
    fn what_can_match_without_a_literal_requires_none() {
        assert_eq!(required_strings("\\d+"), None);
        assert_eq!(required_strings("(?:下载)?\\d"), None);
        assert_eq!(required_strings("^$"), None);
        assert_eq!(required_strings("下载|\\d"), None);
        assert_eq!(required_strings("[^，。]{2,}"), None);
    }

    /// The expressions the junk rules search line by line (junk-line features, junk-inline
    /// patterns), compiled as the rules compile them.
    fn junk_expressions() -> Vec<crate::shared_regex::Regex> {
        let rules: toml::Table =
            toml::from_str(include_str!("../../rules/junk.toml")).expect("rules/junk.toml");
        let mut out = Vec::new();
        for rule in rules["rule"].as_array().expect("rules") {
            let words = |key: &str| -> std::collections::BTreeMap<String, Vec<String>> {
                rule.get(key)
                    .cloned()
                    .map(|v| v.try_into().expect("word classes"))
                    .unwrap_or_default()
            };
            let (list, classes) = match rule["kind"].as_str() {
                Some("junk-line") => ("features", words("classes")),
                Some("junk-inline") => ("patterns", words("vocabulary")),
                _ => continue,
            };
            let entries = rule.get(list).and_then(|l| l.as_array());
            for entry in entries.into_iter().flatten() {
                if let Some(pattern) = entry.get("pattern").and_then(|p| p.as_str()) {
                    out.push(crate::checks::view_regex(pattern, &classes).expect("pattern"));
                }
            }
        }
        out
    }

    /// Lines of `text` split at `\n`, as the model has them.
    fn lines_of(text: &str) -> Vec<Line> {
        let mut lines = Vec::new();
        let mut start = 0;
        for piece in text.split('\n') {
            let span = start..start + piece.len();
            lines.push(Line::new(span.clone(), span, None, None));
            start += piece.len() + 1;
        }
        lines
    }

    #[test]
    fn most_junk_expressions_have_literals() {
        let expressions = junk_expressions();
        let screened = expressions
            .iter()
            .filter(|r| required_strings(r.as_str()).is_some())
            .count();
        assert!(expressions.len() > 50, "{}", expressions.len());
        assert!(screened * 10 >= expressions.len() * 9, "{screened}");
    }

    fn fragments() -> Vec<String> {
        let mut out: Vec<String> = junk_expressions()
            .iter()
            .filter_map(|r| required_strings(r.as_str()))
            .flatten()
            .collect();
        out.sort();
        out.dedup();
        let common = "甲乙丙工作总结下载本站来源作者时间2023年12月01:30 a.bQk|｜>》【】()（）[]:：，。？?.-~ ";
        out.extend(common.chars().map(String::from));
        out.extend(["\n", "  ", "\u{3000}", "www.", ".com", "docx"].map(String::from));
        out
    }

    #[test]
    fn a_view_marks_from_its_own_scan_or_else_tries_its_changed_lines() {
        let slots = vec![
            Some(vec!["点击".to_string()]),
            Some(vec!["网友".to_string()]),
        ];
        let screen = LineScreen::new(&slots).expect("screen");
        let text = "點擊下載\n正文\n网友\n網友\n";
        let view = SimplifiedView::new(text);
        let lines = lines_of(text);
        let marked = |marks: &Marks| -> Vec<Vec<bool>> {
            (0..lines.len()).map(|i| marks.line(i).to_vec()).collect()
        };
        // From the view's own scan: where each string occurs in the view.
        let mut shared = Occurrences::scan(text);
        let changed: Vec<_> = view.changed_chars().collect();
        shared.apply(&shared.changes(text, &changed, crate::analysis::script::simplified));
        let exact = vec![
            vec![true, false],
            vec![false, false],
            vec![false, true],
            vec![false, true],
            vec![false, false],
        ];
        assert_eq!(
            marked(&screen.marks_in_view(&view, &lines, Some(&shared))),
            exact
        );
        // Without a scan that looked for them, from the text as written, and every slot on
        // the lines the view changes (the first and the fourth).
        let tried = vec![
            vec![true, true],
            vec![false, false],
            vec![false, true],
            vec![true, true],
            vec![false, false],
        ];
        assert_eq!(marked(&screen.marks_in_view(&view, &lines, None)), tried);
    }

    proptest::proptest! {
        /// A line's first slots read from the blocks are those read one at a time.
        #[test]
        fn first_bits_are_the_first_slots(
            width in 1usize..140,
            marked in proptest::collection::vec((0usize..8, 0usize..140), 0..60),
            count in 0usize..80,
        ) {
            let text = "甲\n".repeat(8);
            let lines = lines_of(&text);
            let mut marks = Marks::new(lines.len(), width);
            for (line, slot) in marked {
                marks.mark(&lines, slot % width, 4 * line, 4 * line + 1);
            }
            for i in 0..lines.len() {
                let line = marks.line(i);
                let expected = (0..count.min(64).min(width))
                    .filter(|&k| line.get(k))
                    .fold(0u64, |bits, k| bits | 1 << k);
                proptest::prop_assert_eq!(line.first_bits(count), expected);
            }
        }
    }

    proptest::proptest! {
        /// The marks read from the shared scan are those the screen's own search makes,
        /// marking each match alone: literals on one line, across a line feed or starting
        /// at one, several on a line, one literal in two slots.
        #[test]
        fn marks_from_the_shared_scan_are_those_of_each_match(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec!["甲乙", "乙", "丙", "\n", "丁\n丙", "。", "\r\n"]),
                0..40,
            ),
        ) {
            let slots = vec![
                Some(vec!["甲乙".to_string(), "丙".to_string()]),
                Some(vec!["乙".to_string(), "\n丁".to_string()]),
                Some(vec!["丁\n丙".to_string(), "丙".to_string()]),
                None,
            ];
            let screen = LineScreen::new(&slots).expect("screen");
            let text = pieces.concat();
            let lines = lines_of(&text);
            let rows = |marks: &Marks| -> Vec<Vec<bool>> {
                (0..lines.len()).map(|i| marks.line(i).to_vec()).collect()
            };
            let shared = Occurrences::scan(&text);
            let mut read = screen.marks(&text, &lines, Some(&shared));
            let searched = screen.marks(&text, &lines, None);
            proptest::prop_assert_eq!(rows(&read), rows(&searched), "{:?}", text);
            // A slot is marked somewhere when a line has it, until it is cleared.
            for slot in 0..slots.len() {
                let somewhere = rows(&read).iter().any(|row| row[slot]);
                proptest::prop_assert_eq!(read.slot_marked(slot), somewhere);
                proptest::prop_assert_eq!(searched.slot_marked(slot), somewhere);
            }
            read.clear(0);
            proptest::prop_assert!(!read.slot_marked(0));
        }
    }

    #[test]
    fn marks_are_kept_per_line_and_slot() {
        let text = "甲\n乙乙\n丙\n丁";
        let lines = lines_of(text);
        let mut marks = Marks::new(lines.len(), 3);
        // A span over the first two lines, and an empty one at the start of the fourth.
        marks.mark(&lines, 1, 0, 5);
        marks.mark(&lines, 2, 15, 15);
        marks.mark(&lines, 0, 4, 7);
        let rows: Vec<Vec<bool>> = (0..lines.len()).map(|i| marks.line(i).to_vec()).collect();
        assert_eq!(
            rows,
            vec![
                vec![false, true, false],
                vec![true, true, false],
                vec![false, false, false],
                vec![false, false, true],
            ]
        );
        assert_eq!(marks.line(1).first_bits(3), 0b011);
        assert_eq!(marks.line(1).first_bits(1), 0b001);
        assert_eq!(marks.line(3).first_bits(64), 0b100);
        assert!(!marks.line(2).any() && marks.line(3).any());
        // A slot the screen does not have is never marked.
        assert!(!marks.line(0).get(3));
        marks.clear(1);
        assert_eq!(marks.line(0).to_vec(), vec![false, false, false]);
        assert_eq!(marks.line(1).to_vec(), vec![true, false, false]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Screened matching finds what unscreened matching finds: a line (or any piece of it
        /// between spaces) on which an expression matches is marked for it.
        #[test]
        fn a_line_with_a_match_is_marked(
            picks in proptest::collection::vec(proptest::prelude::any::<proptest::sample::Index>(), 0..48)
        ) {
            static CASES: OnceLock<(Vec<crate::shared_regex::Regex>, LineScreen, Vec<String>)> = OnceLock::new();
            let (expressions, screen, fragments) = CASES.get_or_init(|| {
                let expressions = junk_expressions();
                let slots: Vec<_> = expressions.iter().map(|r| required_strings(r.as_str())).collect();
                let screen = LineScreen::new(&slots).expect("screen");
                (expressions, screen, fragments())
            });
            let text: String = picks.iter().map(|i| i.get(fragments).as_str()).collect();
            let lines = lines_of(&text);
            let shared = Occurrences::scan(&text);
            let by_own = screen.marks(&text, &lines, None);
            let marks = screen.marks(&text, &lines, Some(&shared));
            proptest::prop_assert_eq!(&marks.flags, &by_own.flags);
            for (i, line) in lines.iter().enumerate() {
                let content = &text[line.span()];
                let mut pieces = vec![content];
                pieces.extend(content.split(' '));
                for (k, regex) in expressions.iter().enumerate() {
                    let found = pieces
                        .iter()
                        .any(|p| regex.find_iter(p).any(|m| !m.is_empty()));
                    proptest::prop_assert!(
                        !found || marks.line(i).get(k),
                        "{} on {content:?}",
                        regex.as_str()
                    );
                }
            }
        }
    }
}
