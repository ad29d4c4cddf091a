//! The parts of a document (achievements, problems, plans; aims, measures, steps) that the
//! `required-parts` and `part-order` kinds read. Which parts a genre needs, and how each part is
//! recognised, is data: genres, parts and profiles in the rule's TOML table. The part finder:
//! 1. the genre comes from the title's words (`总结` → summary, `计划` → plan, both → combined);
//! 2. the profile of that genre lists its parts, in order;
//! 3. a part is found by its heading (a numbered heading, a Markdown heading or a short line of
//!    its own) and, failing that, by a cue phrase that frames a paragraph (`我们也清醒地看到…`).
//!    The phrase must open the heading (after a year), or, in a top-level heading, close it:
//!    an item such as `（三）整改存在的问题，…` is not taken for the problems part;
//! 4. an `implicit` part (the achievements of a summary, the measures of a plan) is the body
//!    itself: it is present when enough text lies outside the other parts.
//!
//! Phrases are literal text with three tokens: `…` a short gap inside a clause, `……` a gap
//! inside a sentence, `{年}` a year (`2024年`, `20××年`, `明年`; the `year` pattern).

use crate::analysis::packed::{PackedPlaces, PlacePacking, UnpackedPlaces};
use crate::analysis::vocabulary::{self, IdSet, LiteralId, Occurrences};
use crate::checks::{Context, LazyRegex};
use crate::model::{Document, Offsets, Span};
use serde::Deserialize;
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;
use std::sync::{Arc, LazyLock, Mutex, OnceLock, Weak};

/// How many characters `…` (inside a clause) and `……` (inside a sentence) may span.
const CLAUSE_GAP: usize = 30;
const SENTENCE_GAP: usize = 60;
/// Marks that end a sentence.
use crate::analysis::text::{chars_starting_with, first_bytes, is_statement_end, STATEMENT_ENDS};
/// A line ending with one of these is finished.
const CLOSING: &[char] = &[
    '。', '！', '？', '；', '…', '”', '’', '」', '』', '）', ')', '》', '】', '.', '!', '?', ';',
];

/// Parameters shared by the `required-parts` and `part-order` kinds.
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    /// Start from the genres, parts and profiles of this built-in rule (name or code); this
    /// rule's own entries are added to them, replacing entries of the same name.
    #[serde(default)]
    pub profiles_from: Option<String>,
    /// Use this profile for every document instead of choosing one by the title's genre.
    #[serde(default)]
    pub profile: Option<String>,
    /// What may join two parts named in one heading (`存在的问题及下一步打算`).
    #[serde(default)]
    pub joiners: Option<Vec<String>>,
    /// What may follow a part's phrase that closes a top-level heading: another noun joined to
    /// it (`总体要求和政策取向`), not a comma, which starts a clause (`理清工作思路，…`).
    #[serde(default)]
    pub close_joiners: Option<Vec<String>>,
    #[serde(default)]
    pub genres: Vec<GenreDef>,
    #[serde(default)]
    pub parts: Vec<PartDef>,
    #[serde(default)]
    pub profiles: Vec<ProfileDef>,
    /// Regex for `{年}`.
    #[serde(default)]
    pub year: Option<String>,
    /// Regex for what may precede a part's name at the start of a deeper heading (`2024年`).
    #[serde(default)]
    pub heading_prefix: Option<String>,
    /// Text that marks an excerpt (`此处隐藏`, `节选`): any part may have been left out.
    #[serde(default)]
    pub excerpt_marks: Vec<String>,
    /// Regexes on the title that mark a compilation of several documents (`汇编8篇`).
    #[serde(default)]
    pub collection_titles: Vec<String>,
    /// How many Chinese characters of body text an implicit part needs.
    #[serde(default)]
    pub min_body_chars: Option<usize>,
}

/// A genre and the title words that name it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GenreDef {
    pub name: String,
    pub words: Vec<String>,
    /// Longer words that contain a genre word without naming the genre (`计划生育`).
    #[serde(default)]
    pub except: Vec<String>,
    /// Phrases that name the genre in a document's opening sentences when its title does not
    /// (`现将……总结如下`, `下半年的工作……如下`).
    #[serde(default)]
    pub openings: Vec<String>,
}

/// One part of a document and how to recognise it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct PartDef {
    pub name: String,
    /// What satisfies the part, for the help text (its heading phrasings when absent).
    #[serde(default)]
    pub hint: String,
    /// What was looked for and not found, for the message (`未找到陈述不足的句子…`).
    #[serde(default)]
    pub missing: String,
    /// The part may be the body itself, without a heading of its own.
    #[serde(default)]
    pub implicit: bool,
    /// A cue opening a paragraph places the part for the order check (the problems paragraph);
    /// otherwise only headings place it.
    #[serde(default)]
    pub placed_by_cues: bool,
    /// Heading phrasings.
    #[serde(default)]
    pub headings: Vec<String>,
    /// Phrases that frame a paragraph as this part.
    #[serde(default)]
    pub cues: Vec<String>,
    /// Cues as raw regexes, matched on each line (`^` is the line start).
    #[serde(default)]
    pub cue_patterns: Vec<String>,
    /// Phrases that, in a heading, rule this part out (`完成情况` is no plan).
    #[serde(default)]
    pub exclude: Vec<String>,
    /// How a sentence states this part by its meaning (a shortcoming, a plan).
    #[serde(default)]
    pub statement: Option<Box<StatementDef>>,
}

/// How a sentence states a part by its meaning: a predicate of the part (`不足`, `有待`;
/// `将`, `计划`) framed as the writer's own (`同时也要看到，…`, `存在…`; `下一步，…`).
#[derive(Debug, Default, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct StatementDef {
    /// Predicates that state the part wherever they stand (`不足`, `有待`, `将`).
    #[serde(default)]
    pub predicates: Vec<String>,
    /// Nouns that state the part as a predicate or an object (`经营困难，`, `存在…问题。`),
    /// not as a modifier (`困难群众`): a clause end or one of `noun_followers` must follow.
    #[serde(default)]
    pub nouns: Vec<String>,
    #[serde(default)]
    pub noun_followers: Vec<String>,
    /// Characters that open a quantity after a predicate (`不足5%`, `不足三成`): the predicate
    /// then measures, it does not state the part.
    #[serde(default)]
    pub quantity_starts: String,
    /// Phrases in a sentence's first clause that frame it as the part (`同时也要看到`, `下一步`).
    #[serde(default)]
    pub frames: Vec<String>,
    /// Phrases before a predicate in its clause that frame it (`存在`, `面临`, `还`, `仍`).
    #[serde(default)]
    pub markers: Vec<String>,
    /// A year after the one the document is about (the first year of the place that names
    /// its genre), in a sentence's first clause, frames it (`2024年，我将…` in a summary of
    /// 2023).
    #[serde(default)]
    pub later_years: bool,
    /// Phrases before a predicate in its clause that make it something else: the problem
    /// solved, not stated (`解决`, `克服`, `补齐`).
    #[serde(default)]
    pub undo: Vec<String>,
    /// Phrases just after a predicate that do the same (`差距…缩小`).
    #[serde(default)]
    pub undo_after: Vec<String>,
    /// A heading or cue of the part counts only when the text it covers holds a predicate
    /// (`存在的问题及下一步打算` with no shortcoming under it is no problems part).
    #[serde(default)]
    pub confirm: bool,
}

/// The parts one kind of document needs, in order.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ProfileDef {
    pub name: String,
    /// How messages name the document (`工作总结`); the profile's name when absent.
    #[serde(default)]
    pub label: String,
    /// The genres the title must name, all of them and no other.
    #[serde(default)]
    pub genres: Vec<String>,
    /// Parts in their required order: names of `parts` entries, or whole part definitions
    /// written inline (as a user's zjlint.toml `[profiles.*] extra_parts` does).
    pub parts: Vec<PartRef>,
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub(crate) enum PartRef {
    Name(String),
    Inline(PartDef),
}

impl Params {
    /// The rule's parameters with `profiles_from` resolved against the built-in rule packs.
    pub fn resolve(table: &toml::Table) -> Result<Params, String> {
        let own: Params = crate::checks::params(table)?;
        let Some(from) = own.profiles_from.clone() else {
            return Ok(own);
        };
        let mut base = builtin_params(&from)?;
        if base.profiles_from.is_some() {
            return Err(format!(
                "profiles_from = \"{from}\" 指向的规则自己也用了 profiles_from"
            ));
        }
        base.merge(own);
        Ok(base)
    }

    fn merge(&mut self, other: Params) {
        fn upsert<T>(into: &mut Vec<T>, from: Vec<T>, name: impl Fn(&T) -> &str) {
            for item in from {
                match into.iter().position(|i| name(i) == name(&item)) {
                    Some(at) => into[at] = item,
                    None => into.push(item),
                }
            }
        }
        upsert(&mut self.genres, other.genres, |g| &g.name);
        upsert(&mut self.parts, other.parts, |p| &p.name);
        upsert(&mut self.profiles, other.profiles, |p| &p.name);
        self.excerpt_marks.extend(other.excerpt_marks);
        self.collection_titles.extend(other.collection_titles);
        self.profile = other.profile.or(self.profile.take());
        self.year = other.year.or(self.year.take());
        self.heading_prefix = other.heading_prefix.or(self.heading_prefix.take());
        self.min_body_chars = other.min_body_chars.or(self.min_body_chars);
        self.joiners = other.joiners.or(self.joiners.take());
        self.close_joiners = other.close_joiners.or(self.close_joiners.take());
        self.profiles_from = None;
    }
}

/// A word list without empty entries (an empty joiner would match everywhere).
fn non_empty(words: Vec<String>) -> Vec<String> {
    words.into_iter().filter(|w| !w.is_empty()).collect()
}

/// The parameters of a built-in rule, found by name or code: read from the built-in catalogue,
/// which is parsed once per process.
fn builtin_params(key: &str) -> Result<Params, String> {
    let missing = || format!("profiles_from：找不到内置规则“{key}”");
    let catalogue = crate::config::builtin_catalogue().map_err(|_| missing())?;
    let rule = catalogue.get(key).ok_or_else(missing)?;
    crate::checks::params(&rule.def.params)
}

struct Genre {
    name: String,
    words: Vec<String>,
    except: Vec<String>,
    openings: Phrases,
}

pub(crate) struct Part {
    pub name: String,
    pub hint: String,
    pub missing: String,
    implicit: bool,
    placed_by_cues: bool,
    headings: Phrases,
    cues: Phrases,
    cue_patterns: Option<LazyRegex>,
    exclude: Phrases,
    statement: Option<Statement>,
}

/// A compiled [`StatementDef`].
struct Statement {
    predicates: Phrases,
    nouns: Phrases,
    noun_followers: Vec<String>,
    quantity_starts: String,
    frames: Phrases,
    markers: Phrases,
    later_years: bool,
    undo: Phrases,
    undo_after: Phrases,
    confirm: bool,
}

/// Marks that end a clause inside a sentence.
const CLAUSE_END: &[char] = &['，', ',', '：', ':'];
/// The first bytes of the [`CLAUSE_END`] marks, which the byte searches look for (a test
/// holds the two lists together).
const CLAUSE_END_FIRST_BYTES: [u8; 3] = [b',', b':', 0xEF];
/// How far back a predicate's clause, and how far a sentence's first clause, reach.
const CLAUSE_REACH: usize = 60;
/// How many characters of a heading's section are read to confirm it.
const CONFIRM_REACH: usize = 3_000;
/// How many characters after a cue are read to confirm it (its sentence and the next).
const CUE_CONFIRM_REACH: usize = 200;
/// How far after a predicate `undo_after` is looked for.
const UNDO_AFTER_REACH: usize = 8;

impl Statement {
    fn build(def: &StatementDef) -> Result<Statement, String> {
        Ok(Statement {
            predicates: Phrases::new(&def.predicates)?,
            nouns: Phrases::new(&def.nouns)?,
            noun_followers: non_empty(def.noun_followers.clone()),
            quantity_starts: def.quantity_starts.clone(),
            frames: Phrases::new(&def.frames)?,
            markers: Phrases::new(&def.markers)?,
            later_years: def.later_years,
            undo: Phrases::new(&def.undo)?,
            undo_after: Phrases::new(&def.undo_after)?,
            confirm: def.confirm,
        })
    }

    /// The predicates of one sentence that state the part, each with whether a frame or a
    /// marker makes it the writer's own statement.
    /// At most `limit` of them: confirming a section needs one.
    /// `sentence` is a span of the document that `doc` reads; the spans returned are relative
    /// to its start.
    fn predicates_in(
        &self,
        doc: &DocPhrases,
        sentence_span: Span,
        year: &Years,
        document_year: Option<u32>,
        limit: usize,
    ) -> Vec<(Span, bool)> {
        let nouns = doc.find(&self.nouns, sentence_span.clone(), year);
        let predicates = doc.find(&self.predicates, sentence_span.clone(), year);
        // Most sentences state nothing: their frames need not be looked for.
        if nouns.is_empty() && predicates.is_empty() {
            return Vec::new();
        }
        let sentence = &doc.text[sentence_span.clone()];
        let first_clause = clause_around(sentence, 0).end;
        let from = sentence_span.start;
        let mut frames = doc.find(&self.frames, from..from + first_clause, year);
        if let Some(document_year) = document_year.filter(|_| self.later_years) {
            frames.extend(
                years_in(&sentence[..first_clause])
                    .filter(|(_, y)| *y > document_year)
                    .map(|(at, _)| at),
            );
        }
        let mut found = Vec::new();
        let all = predicates
            .into_iter()
            .map(|m| (m, false))
            .chain(nouns.into_iter().map(|m| (m, true)));
        for (m, noun) in all {
            let after = &sentence[m.end..];
            if noun
                && !(after.is_empty()
                    || after.starts_with(CLAUSE_END)
                    || after.starts_with(STATEMENT_ENDS))
                && !self
                    .noun_followers
                    .iter()
                    .any(|f| after.starts_with(f.as_str()))
            {
                continue;
            }
            // `不足5%`, `不足三成`, `不足一半` are quantities, not shortcomings.
            if after.starts_with(|c: char| c.is_numeric() || self.quantity_starts.contains(c)) {
                continue;
            }
            let clause = clause_around(sentence, m.start);
            let before = &sentence[clause.start..m.start];
            if self.undo.is_match(before, year) {
                continue;
            }
            let near = crate::analysis::text::cut_chars(after, UNDO_AFTER_REACH);
            let near = &near[..near.find(CLAUSE_END).unwrap_or(near.len())];
            if self.undo_after.is_match(near, year) {
                continue;
            }
            let framed =
                frames.iter().any(|f| f.start < m.start) || self.markers.is_match(before, year);
            found.push((m, framed));
            if found.len() >= limit {
                break;
            }
        }
        found
    }

    /// Where `span` of the document (a section, a paragraph) holds a predicate of the part,
    /// framed or not.
    fn holds(&self, doc: &DocPhrases, span: Span, year: &Years) -> bool {
        let text = &doc.text[span.clone()];
        sentences(text).any(|s| {
            let sentence = span.start + s.start..span.start + s.end;
            !self.predicates_in(doc, sentence, year, None, 1).is_empty()
        })
    }
}

/// Four-digit years (19xx, 20xx) in a text, with where they stand: runs of exactly four ASCII
/// digits (none joined to another digit) whose value is 1900–2099.
pub(crate) fn years_in(text: &str) -> impl Iterator<Item = (Span, u32)> + '_ {
    let bytes = text.as_bytes();
    digit_runs(bytes).filter_map(move |run| {
        let digits = bytes.get(run.clone()).filter(|d| d.len() == 4)?;
        let year = digits
            .iter()
            .fold(0, |year, d| year * 10 + u32::from(d - b'0'));
        (1900..2100).contains(&year).then_some((run, year))
    })
}

/// The runs of ASCII digits in `bytes`, each as long as it goes, in order.
pub(crate) fn digit_runs(bytes: &[u8]) -> impl Iterator<Item = Span> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = crate::analysis::text::next_digit(bytes, at, None)?;
        let end = bytes[start..]
            .iter()
            .position(|b| !b.is_ascii_digit())
            .map_or(bytes.len(), |n| start + n);
        at = end;
        Some(start..end)
    })
}

/// Ranges merged into disjoint ones, in order, in the list they came in. Ranges of one start
/// may come in either order: their union is the same. As u32 offsets: the lists merged here
/// have one range per heading, and a draft of short sections has a heading every few lines.
fn merged(mut ranges: Vec<Offsets>) -> Vec<Offsets> {
    ranges.sort_unstable_by_key(|r| r.start);
    ranges.dedup_by(|next, kept| {
        let overlaps = next.start <= kept.end;
        if overlaps {
            kept.end = kept.end.max(next.end);
        }
        overlaps
    });
    ranges
}

/// Whether `at` overlaps one of the disjoint, ordered `ranges`.
fn overlapping(ranges: &[Offsets], at: &Span) -> bool {
    let i = ranges.partition_point(|r| r.end as usize <= at.start);
    ranges.get(i).is_some_and(|r| (r.start as usize) < at.end)
}

/// The sentences of a text, as byte ranges (without their closing mark). Most characters are
/// Chinese: stepped over by their first byte, never decoded.
fn sentences(text: &str) -> impl Iterator<Item = Span> + '_ {
    static ENDS: LazyLock<[bool; 256]> =
        LazyLock::new(|| first_bytes(STATEMENT_ENDS.iter().copied().chain(['\n'])));
    let mut start = 0;
    let mut marks = chars_starting_with(text, &ENDS)
        .filter(|&(_, c)| is_statement_end(c) || c == '\n')
        .map(|(i, c)| (i, i + c.len_utf8()))
        .chain(std::iter::once((text.len(), text.len())));
    std::iter::from_fn(move || loop {
        let (end, next) = marks.next()?;
        let span = start..end;
        start = next;
        if !span.is_empty() {
            return Some(span);
        }
    })
}

/// The clause of `sentence` around byte `at`: from the clause mark before it (at most
/// `CLAUSE_REACH` characters back) to the next one (at most as far ahead).
fn clause_around(sentence: &str, at: usize) -> Span {
    // The nearest marks are looked for in bytes, then counted back to: most clauses are
    // shorter than the reach, and only without a mark within it are characters walked.
    let within_reach = |piece: &str| piece.chars().count() <= CLAUSE_REACH;
    let before = &sentence[..at];
    let start = match last_clause_mark(before) {
        Some(mark) if within_reach(&before[mark.start..]) => mark.end,
        _ => (before.char_indices().rev())
            .take(CLAUSE_REACH)
            .last()
            .map_or(at, |(i, _)| i),
    };
    let rest = &sentence[at..];
    let end = match first_clause_mark(rest) {
        Some(mark) if within_reach(&rest[..mark.end]) => mark.start,
        _ => (rest.char_indices())
            .take(CLAUSE_REACH)
            .last()
            .map_or(0, |(i, c)| i + c.len_utf8()),
    };
    start..at + end
}

/// The clause mark (one of [`CLAUSE_END`]) that starts at byte `i` of `text`, if one does.
/// `i` is where a byte search found one of [`CLAUSE_END_FIRST_BYTES`]: an ASCII byte or a
/// lead byte, so the start of a character.
fn clause_mark_at(text: &str, i: usize) -> Option<Span> {
    let c = text.get(i..)?.chars().next()?;
    CLAUSE_END.contains(&c).then(|| i..i + c.len_utf8())
}

/// Where any of [`CLAUSE_END_FIRST_BYTES`] is in `bytes`.
fn clause_mark_bytes(bytes: &[u8]) -> memchr::Memchr3<'_> {
    let [a, b, c] = CLAUSE_END_FIRST_BYTES;
    memchr::memchr3_iter(a, b, c, bytes)
}

/// The last clause mark in `text`, found by its bytes (a reach's worth of characters is at
/// most four bytes each).
fn last_clause_mark(text: &str) -> Option<Span> {
    let from = text.len().saturating_sub(4 * CLAUSE_REACH);
    (clause_mark_bytes(&text.as_bytes()[from..]).rev()).find_map(|i| clause_mark_at(text, from + i))
}

/// The first clause mark in `text`, found by its bytes.
fn first_clause_mark(text: &str) -> Option<Span> {
    let to = text.len().min(4 * CLAUSE_REACH);
    clause_mark_bytes(&text.as_bytes()[..to]).find_map(|i| clause_mark_at(text, i))
}

#[derive(Clone)]
pub(crate) struct Profile {
    pub label: String,
    genres: BTreeSet<String>,
    /// Indices into `Structure::parts`, in order.
    pub parts: Vec<usize>,
}

/// Every genre's words and exceptions in one automaton, with each string's genre and whether
/// it is an exception.
type GenreWords = (aho_corasick::AhoCorasick, Vec<(usize, bool)>);

/// Compiled genres, parts and profiles, ready to find parts in a document.
pub(crate) struct Structure {
    genres: Vec<Genre>,
    /// See [`Structure::genre_words`].
    genre_words: OnceLock<Option<GenreWords>>,
    pub parts: Vec<Part>,
    pub profiles: Vec<Profile>,
    forced: Option<usize>,
    year: Years,
    heading_prefix: LazyRegex,
    excerpt_marks: Vec<String>,
    collection_titles: Vec<LazyRegex>,
    min_body_chars: usize,
    joiners: Vec<String>,
    close_joiners: Vec<String>,
}

/// How strongly a place shows a part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Strength {
    /// A sentence that states the part by its meaning, wherever it stands: the part is
    /// present, but not placed.
    Statement = 0,
    /// A cue phrase in a paragraph.
    Cue = 1,
    /// A heading below the top level, a Markdown heading or a short line of its own.
    Heading = 2,
    /// A top-level numbered heading.
    TopHeading = 3,
}

/// One place where a part shows. Its offsets are u32 (20 bytes, not 40: a draft of short
/// sections has a heading, and so a piece of evidence, every few lines).
#[derive(Debug, Clone)]
pub(crate) struct Evidence {
    span: Offsets,
    range: Offsets,
    pub strength: Strength,
    /// A cue that opens its paragraph (within its first two sentences).
    pub leads: bool,
}

impl Evidence {
    fn new(span: Span, strength: Strength, leads: bool, range: Span) -> Evidence {
        Evidence {
            span: Offsets::of(&span),
            range: Offsets::of(&range),
            strength,
            leads,
        }
    }

    /// The heading's text or the cue phrase.
    pub fn span(&self) -> Span {
        self.span.span()
    }

    /// The stretch of text the part covers from here.
    pub fn range(&self) -> Span {
        self.range.span()
    }
}

/// How much of its document a text holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Excerpt {
    Whole,
    /// Cut short: the parts after the last one present may have been cut off.
    Cut,
    /// Marked as an excerpt: any part may have been left out.
    Marked,
}

/// What the part finder saw in one document.
pub(crate) struct Analysis {
    /// The profile that applies (a copy: the analysis outlives no rule, but is shared by
    /// every rule of the same structure through the document's context).
    pub profile: Profile,
    /// Where the document names its genre (its title, a title line, an opening sentence);
    /// `None` when only its file's name does.
    pub named_at: Option<Span>,
    /// Per profile part (same order as `profile.parts`): where it shows.
    pub evidence: Vec<Vec<Evidence>>,
    /// Per profile part: present at all (implicit parts by their body text).
    pub present: Vec<bool>,
    /// Per profile part: present by a heading, a cue or the body, not only by sentences
    /// stated in passing (what a text cut short shows of its order).
    pub shown: Vec<bool>,
    /// Per profile part: whether a paragraph cue may place it.
    placed_by_cues: Vec<bool>,
    /// Whether the text is whole, cut short, or an excerpt.
    pub excerpt: Excerpt,
}

impl Analysis {
    /// Where a part is placed, for the order: its first top-level heading, else its first
    /// heading, else (for parts placed by cues) its first paragraph-opening cue.
    pub fn anchor(&self, i: usize) -> Option<&Evidence> {
        let evidence = self.evidence.get(i)?;
        let first = |s: Strength| evidence.iter().find(|e| e.strength == s);
        let by_cue = self.placed_by_cues.get(i).copied().unwrap_or(false);
        first(Strength::TopHeading)
            .or_else(|| first(Strength::Heading))
            .or_else(|| evidence.iter().find(|e| by_cue && e.leads))
    }
}

/// One piece of a phrase.
#[derive(Debug, Clone, PartialEq)]
enum Piece {
    Text(String),
    /// Up to this many characters, without a sentence end; commas only in a sentence gap.
    Gap {
        max: usize,
        commas: bool,
    },
    Year,
}

/// Phrases written with the `…`, `……` and `{年}` tokens, matched without regexes: the
/// lists are long and matching them piece by piece is cheap.
#[derive(Debug, Clone, Default)]
pub(crate) struct Phrases {
    list: Vec<Vec<Piece>>,
    /// The indexes in `list` of the phrases that start with text, in order: pattern i of
    /// `firsts` is phrase `text_led[i]`. Kept with the list so a search allocates nothing
    /// per call (a sentence is searched several times per part).
    text_led: Vec<usize>,
    /// The indexes in `list` of the phrases that start with a year.
    year_led: Vec<usize>,
    /// The leading texts of the `text_led` phrases in the document's literal scan (see
    /// [`crate::analysis::vocabulary`]), in the same order; None if one could not be added.
    ids: Option<IdSet>,
    /// The leading text pieces of `list`, searched in one pass (pattern i is the i-th phrase
    /// that starts with text; phrases starting with a year are searched alone). Built when
    /// first searched: only documents whose genre has a profile are.
    firsts: OnceLock<Option<aho_corasick::AhoCorasick>>,
}

impl Phrases {
    fn new(phrases: &[String]) -> Result<Phrases, String> {
        let mut list = Vec::new();
        for phrase in phrases {
            let pieces = pieces(phrase);
            match pieces.first() {
                None => return Err("短语不能为空".into()),
                Some(Piece::Gap { .. }) => return Err(format!("短语“{phrase}”不能以…开头")),
                _ => list.push(pieces),
            }
        }
        let text_led: Vec<usize> = (0..list.len())
            .filter(|&i| matches!(list[i].first(), Some(Piece::Text(t)) if !t.is_empty()))
            .collect();
        let year_led = (0..list.len())
            .filter(|&i| matches!(list[i].first(), Some(Piece::Year)))
            .collect();
        let ids = vocabulary::intern(text_led.iter().map(|&i| match &list[i][0] {
            Piece::Text(text) => text.as_bytes(),
            _ => &[],
        }))
        .into_iter()
        .collect::<Option<Vec<LiteralId>>>()
        .map(|ids| IdSet::new(&ids));
        Ok(Phrases {
            list,
            text_led,
            year_led,
            ids,
            firsts: OnceLock::new(),
        })
    }

    /// The automaton over the phrases' leading texts (None when none starts with text, or
    /// in the unlikely case that it cannot be built: then only year phrases are found).
    fn firsts(&self) -> Option<&aho_corasick::AhoCorasick> {
        self.firsts
            .get_or_init(|| {
                let leading: Vec<&str> = self
                    .text_led
                    .iter()
                    .filter_map(|&i| match self.list[i].first() {
                        Some(Piece::Text(text)) => Some(text.as_str()),
                        _ => None,
                    })
                    .collect();
                if leading.is_empty() {
                    return None;
                }
                aho_corasick::AhoCorasick::new(&leading).ok()
            })
            .as_ref()
    }

    fn is_compiled(&self) -> bool {
        self.firsts.get().is_some()
    }

    fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Every match of every phrase, as byte ranges of `hay`: from each place a phrase can
    /// start, its shortest match.
    fn find_all(&self, hay: &str, year: &Years) -> Vec<Span> {
        let mut found = Vec::new();
        // Phrases that start with text: every place any of them starts, in one pass.
        if let Some(firsts) = self.firsts() {
            for m in firsts.find_overlapping_iter(hay) {
                let Some(pieces) = self
                    .text_led
                    .get(m.pattern().as_usize())
                    .and_then(|&i| self.list.get(i))
                else {
                    continue;
                };
                if let Some(end) = match_at(pieces, hay, m.start(), year) {
                    if end > m.start() {
                        found.push(m.start()..end);
                    }
                }
            }
        }
        self.push_year_led(hay, year, &mut found);
        found.sort_by_key(|span| (span.start, span.end));
        found
    }

    fn is_match(&self, hay: &str, year: &Years) -> bool {
        !self.find_all(hay, year).is_empty()
    }

    /// Where the leading texts of the phrases occur in the whole of `text`, sorted: from the
    /// document's literal scan when it looked for them, else by a search of their own.
    fn leads_in(&self, text: &str, occurrences: Option<&Occurrences>) -> Leads {
        if let Some(packed) = occurrences
            .filter(|o| o.is_packed())
            .and_then(|o| self.packed_leads(o))
        {
            return Leads::Packed(packed);
        }
        let narrow = crate::model::saturating_u32;
        let mut leads = Vec::new();
        let scanned = occurrences.zip(self.ids.as_ref()).is_some_and(|(o, ids)| {
            o.each_start_in(ids, |k, start| {
                let i = self.text_led[k];
                if let Some(Piece::Text(_)) = self.list[i].first() {
                    leads.push((start, narrow(i)));
                }
            })
        });
        if !scanned {
            if let Some(firsts) = self.firsts() {
                for m in firsts.find_overlapping_iter(text) {
                    if let Some(&i) = self.text_led.get(m.pattern().as_usize()) {
                        leads.push((narrow(m.start()), narrow(i)));
                    }
                }
            }
        }
        // Leads that compare equal are the same: the unstable sort orders them as the stable
        // one would, without its scratch (as large as the leads, on top of them).
        leads.sort_unstable();
        Leads::Plain(leads)
    }

    /// [`Phrases::leads_in`] of a large text, packed as they are merged from the strings'
    /// lists of the literal scan: never all held eight bytes each. None when the scan did not
    /// look for all of the leading texts.
    fn packed_leads(&self, occurrences: &Occurrences) -> Option<PackedPlaces> {
        let ids = self.ids.as_ref()?;
        let mut lists = Vec::new();
        let scanned = occurrences.each_list_in(ids, |k, starts| {
            let i = self.text_led[k];
            if let Some(Piece::Text(_)) = self.list[i].first() {
                let phrase = crate::model::saturating_u32(i);
                lists.push((phrase, phrase, starts.iter()));
            }
        });
        // By start, then phrase, as the list of a small text is sorted.
        scanned.then(|| PlacePacking::merged(lists))
    }

    /// [`Phrases::find_all`] of `&text[span]`, from the leads of the whole text (see
    /// [`Phrases::leads_in`]): the same matches, relative to `span.start`.
    fn find_in(&self, leads: &Leads, text: &str, span: Span, year: &Years) -> Vec<Span> {
        let hay = &text[span.clone()];
        let mut found = Vec::new();
        for (start, i) in self.leads_within(leads, &span, None) {
            let pos = start as usize - span.start;
            if let Some(end) = match_at(&self.list[i as usize], hay, pos, year) {
                if end > pos {
                    found.push(pos..end);
                }
            }
        }
        self.push_year_led(hay, year, &mut found);
        found.sort_by_key(|span| (span.start, span.end));
        found
    }

    /// The leads whose whole leading text lies in `span`, looked for from `hint` if any (see
    /// [`Leads::from`]).
    fn leads_within<'l>(
        &'l self,
        leads: &'l Leads,
        span: &Span,
        hint: Option<&mut usize>,
    ) -> impl Iterator<Item = Lead> + 'l {
        let end = span.end;
        (leads.from(crate::model::saturating_u32(span.start), hint))
            .take_while(move |&(start, _)| (start as usize) < end)
            .filter(move |&(start, i)| start as usize + self.lead_len(i) <= end)
    }

    /// The length of phrase `i`'s leading text (0 for a phrase led by a year, which has no
    /// leads).
    fn lead_len(&self, i: u32) -> usize {
        match self.list.get(i as usize).and_then(|pieces| pieces.first()) {
            Some(Piece::Text(lead)) => lead.len(),
            _ => 0,
        }
    }

    /// The matches of the phrases that start with a year, into `found` (which the callers
    /// sort): the years are searched for once, not once a phrase.
    fn push_year_led(&self, hay: &str, year: &Years, found: &mut Vec<Span>) {
        if self.year_led.is_empty() {
            return;
        }
        for start in year.any.find_iter(hay).map(|m| m.start()) {
            for pieces in self.year_led.iter().map(|&i| &self.list[i]) {
                if let Some(end) = match_at(pieces, hay, start, year) {
                    if end > start {
                        found.push(start..end);
                    }
                }
            }
        }
    }
}

/// Where a phrase's leading text occurs: (start, index of the phrase in its list), as u32 (8
/// bytes, not 16: a draft of short sections holds a lead in most of its lines). Its end is
/// the start and the length of the phrase's leading text.
type Lead = (u32, u32);

/// A list's leads, by start then phrase: a small text's as a list, a large text's packed as
/// its literal scan is (about 3 bytes a lead: the parts analysis held 7 MB of leads on a
/// 50 MB draft of short sections).
enum Leads {
    Plain(Vec<Lead>),
    Packed(PackedPlaces),
}

impl Leads {
    /// The leads from the first that starts at or after `start`, looked for from `hint`
    /// (see [`crate::analysis::partition_point_from`]) when the looks ascend, else by halving.
    fn from(&self, start: u32, hint: Option<&mut usize>) -> LeadsFrom<'_> {
        let before = |&(at, _): &Lead| at < start;
        match (self, hint) {
            (Leads::Plain(leads), Some(hint)) => {
                let first = crate::analysis::partition_point_from(leads, hint, before);
                LeadsFrom::Plain(leads[first..].iter())
            }
            (Leads::Plain(leads), None) => {
                LeadsFrom::Plain(leads[leads.partition_point(before)..].iter())
            }
            (Leads::Packed(places), hint) => {
                LeadsFrom::Packed(places.from(start, hint.unwrap_or(&mut 0)))
            }
        }
    }
}

/// The leads of a [`Leads`] from some lead on.
enum LeadsFrom<'l> {
    Plain(std::slice::Iter<'l, Lead>),
    Packed(UnpackedPlaces<'l>),
}

impl Iterator for LeadsFrom<'_> {
    type Item = Lead;

    fn next(&mut self) -> Option<Lead> {
        match self {
            LeadsFrom::Plain(leads) => leads.next().copied(),
            LeadsFrom::Packed(places) => places.next(),
        }
    }
}

/// The phrase lists of one document, each searched once over the whole text when first asked
/// (from the document's literal scan): a sentence, read once per part, then reads only the
/// leads inside it.
struct DocPhrases<'c> {
    text: &'c str,
    occurrences: Option<&'c Occurrences>,
    /// Per list (by its address): its leads in `text`, kept as they were found (a shared
    /// slice would be a copy, made while the list is still held).
    leads: RefCell<Vec<(usize, Rc<Leads>)>>,
}

impl<'c> DocPhrases<'c> {
    fn new(ctx: &'c Context) -> Self {
        DocPhrases {
            text: ctx.text,
            occurrences: ctx.occurrences(ctx.text),
            leads: RefCell::new(Vec::new()),
        }
    }

    /// The matches of `phrases` in `span` of the text, relative to `span.start`: what
    /// `phrases.find_all(&text[span])` finds.
    fn find(&self, phrases: &Phrases, span: Span, year: &Years) -> Vec<Span> {
        phrases.find_in(&self.leads_of(phrases), self.text, span, year)
    }

    /// Where the leading texts of `phrases` occur in the text (see [`Phrases::leads_in`]).
    fn leads_of(&self, phrases: &Phrases) -> Rc<Leads> {
        let key = phrases as *const Phrases as usize;
        let known = self
            .leads
            .borrow()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, leads)| leads.clone());
        known.unwrap_or_else(|| {
            let leads = Rc::new(phrases.leads_in(self.text, self.occurrences));
            self.leads.borrow_mut().push((key, leads.clone()));
            leads
        })
    }

    /// A reading of whether `phrases` may match in each of a run of spans (see
    /// [`LeadScreen`]).
    fn screen<'p>(&self, phrases: &'p Phrases) -> LeadScreen<'p> {
        LeadScreen {
            leads: phrases.year_led.is_empty().then(|| self.leads_of(phrases)),
            phrases,
            hint: 0,
        }
    }
}

/// Whether a list of phrases may match in each span of a run (ascending, disjoint), asked
/// span after span: a span may hold a match when it holds the whole leading text of one of
/// them, or some phrase starts with a year (those are not screened). What
/// [`DocPhrases::find`] finds in a span that may not is nothing.
struct LeadScreen<'p> {
    /// None when a phrase starts with a year.
    leads: Option<Rc<Leads>>,
    phrases: &'p Phrases,
    /// Where the look for the last span asked about began.
    hint: usize,
}

impl LeadScreen<'_> {
    fn may_match(&mut self, span: &Span) -> bool {
        let Some(leads) = &self.leads else {
            return true;
        };
        // The spans ascend: each looks on from where the last one started.
        self.phrases
            .leads_within(leads, span, Some(&mut self.hint))
            .next()
            .is_some()
    }
}

fn pieces(phrase: &str) -> Vec<Piece> {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut rest = phrase;
    while let Some(c) = rest.chars().next() {
        let (piece, used) = if rest.starts_with("……") {
            (
                Some(Piece::Gap {
                    max: SENTENCE_GAP,
                    commas: true,
                }),
                "……".len(),
            )
        } else if c == '…' {
            (
                Some(Piece::Gap {
                    max: CLAUSE_GAP,
                    commas: false,
                }),
                c.len_utf8(),
            )
        } else if rest.starts_with("{年}") {
            (Some(Piece::Year), "{年}".len())
        } else {
            if let Some(Piece::Text(text)) = pieces.last_mut() {
                text.push(c);
            } else {
                pieces.push(Piece::Text(c.to_string()));
            }
            (None, c.len_utf8())
        };
        pieces.extend(piece);
        rest = &rest[used..];
    }
    pieces
}

/// The `{年}` pattern, anchored and free.
pub(crate) struct Years {
    anchored: LazyRegex,
    any: LazyRegex,
}

/// Raw regexes joined into one.
fn patterns_regex(patterns: &[String]) -> Result<Option<LazyRegex>, String> {
    for pattern in patterns {
        LazyRegex::new(pattern.clone()).map_err(|e| format!("正则“{pattern}”有误：{e}"))?;
    }
    if patterns.is_empty() {
        return Ok(None);
    }
    let joined = patterns
        .iter()
        .map(|p| format!("(?:{p})"))
        .collect::<Vec<_>>()
        .join("|");
    LazyRegex::new(joined).map(Some).map_err(|e| e.to_string())
}

/// Where `pieces` matched from `pos` end, trying the shortest gaps first.
fn match_at(pieces: &[Piece], hay: &str, pos: usize, year: &Years) -> Option<usize> {
    let Some((first, rest)) = pieces.split_first() else {
        return Some(pos);
    };
    let tail = hay.get(pos..)?;
    match first {
        Piece::Text(text) => {
            if tail.starts_with(text.as_str()) {
                match_at(rest, hay, pos + text.len(), year)
            } else {
                None
            }
        }
        Piece::Year => {
            let m = year.anchored.find(tail)?;
            match_at(rest, hay, pos + m.end(), year)
        }
        Piece::Gap { max, commas } => {
            let mut at = pos;
            let mut chars = tail.chars();
            for _ in 0..=*max {
                if let Some(end) = match_at(rest, hay, at, year) {
                    return Some(end);
                }
                let c = chars.next()?;
                let stops = is_statement_end(c)
                    || c == '\n'
                    || c == '\r'
                    || (!commas && matches!(c, '，' | ',' | '：' | ':'));
                if stops {
                    return None;
                }
                at += c.len_utf8();
            }
            None
        }
    }
}

/// The structures built so far, by their parameters (see [`Structure::shared`]).
type Built = Vec<(Params, Weak<Structure>)>;

impl Structure {
    /// The structure of a rule's parameters, shared by every rule whose parameters resolve
    /// to the same (`part-order` reads those of `required-parts` with `profiles_from`): built
    /// once per process, not once per rule.
    pub fn shared(table: &toml::Table) -> Result<Arc<Structure>, String> {
        static BUILT: OnceLock<Mutex<Built>> = OnceLock::new();
        let params = Params::resolve(table)?;
        let built = BUILT.get_or_init(Default::default);
        // A panic while the list was held leaves it whole: keep using it.
        let mut built = built
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        built.retain(|(_, structure)| structure.strong_count() > 0);
        if let Some(structure) = (built.iter())
            .filter(|(p, _)| *p == params)
            .find_map(|(_, structure)| structure.upgrade())
        {
            return Ok(structure);
        }
        let structure = Arc::new(Structure::build(params.clone())?);
        built.push((params, Arc::downgrade(&structure)));
        Ok(structure)
    }

    fn build(params: Params) -> Result<Structure, String> {
        let year = params
            .year
            .clone()
            .unwrap_or_else(|| r"\d{4}年度?".to_string());
        let years = Years {
            anchored: LazyRegex::new(format!("^(?:{year})"))
                .map_err(|e| format!("year 正则有误：{e}"))?,
            any: LazyRegex::new(year.clone()).map_err(|e| format!("year 正则有误：{e}"))?,
        };
        let genres = params
            .genres
            .iter()
            .map(|g| {
                if g.words.iter().any(|w| w.is_empty()) {
                    return Err(format!("体裁“{}”的 words 有空词", g.name));
                }
                Ok(Genre {
                    name: g.name.clone(),
                    words: g.words.clone(),
                    except: g.except.iter().filter(|e| !e.is_empty()).cloned().collect(),
                    openings: Phrases::new(&g.openings)
                        .map_err(|e| format!("体裁“{}”的 openings：{e}", g.name))?,
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let mut part_defs = params.parts.clone();
        for profile in &params.profiles {
            for part in &profile.parts {
                if let PartRef::Inline(def) = part {
                    part_defs.retain(|p| p.name != def.name);
                    part_defs.push(def.clone());
                }
            }
        }
        let mut parts = Vec::new();
        for def in &part_defs {
            let context = |e: String| format!("部分“{}”：{e}", def.name);
            if parts.iter().any(|p: &Part| p.name == def.name) {
                return Err(context("名称重复".into()));
            }
            parts.push(Part {
                name: def.name.clone(),
                hint: if def.hint.is_empty() {
                    def.headings
                        .iter()
                        .take(3)
                        .map(|h| format!("“{h}”"))
                        .collect::<Vec<_>>()
                        .join("、")
                } else {
                    def.hint.clone()
                },
                missing: if def.missing.is_empty() {
                    "未找到它的标题或段落".to_string()
                } else {
                    def.missing.replace(
                        "{min_body_chars}",
                        &params.min_body_chars.unwrap_or(100).to_string(),
                    )
                },
                implicit: def.implicit,
                placed_by_cues: def.placed_by_cues,
                headings: Phrases::new(&def.headings).map_err(context)?,
                cues: Phrases::new(&def.cues).map_err(context)?,
                cue_patterns: patterns_regex(&def.cue_patterns).map_err(context)?,
                statement: def
                    .statement
                    .as_ref()
                    .map(|def| Statement::build(def))
                    .transpose()
                    .map_err(context)?,
                exclude: Phrases::new(&def.exclude).map_err(context)?,
            });
        }
        let mut profiles = Vec::new();
        for def in &params.profiles {
            let mut indices = Vec::new();
            for part in &def.parts {
                let name = match part {
                    PartRef::Name(name) => name,
                    PartRef::Inline(def) => &def.name,
                };
                let index = parts
                    .iter()
                    .position(|p| &p.name == name)
                    .ok_or_else(|| format!("配置“{}”用到未定义的部分“{name}”", def.name))?;
                indices.push(index);
            }
            for genre in &def.genres {
                if !genres.iter().any(|g| &g.name == genre) {
                    return Err(format!("配置“{}”用到未定义的体裁“{genre}”", def.name));
                }
            }
            profiles.push(Profile {
                label: if def.label.is_empty() {
                    def.name.clone()
                } else {
                    def.label.clone()
                },
                genres: def.genres.iter().cloned().collect(),
                parts: indices,
            });
        }
        let forced = match &params.profile {
            Some(name) => Some(
                params
                    .profiles
                    .iter()
                    .position(|p| &p.name == name)
                    .ok_or_else(|| format!("profile = \"{name}\"：没有这个配置"))?,
            ),
            None => None,
        };
        let prefix = params
            .heading_prefix
            .clone()
            .unwrap_or_default()
            .replace("{年}", &format!("(?:{year})"));
        let heading_prefix = LazyRegex::new(format!("^(?:{prefix})*"))
            .map_err(|e| format!("heading_prefix 正则有误：{e}"))?;
        let collection_titles = params
            .collection_titles
            .iter()
            .map(|p| {
                LazyRegex::new(p.clone())
                    .map_err(|e| format!("collection_titles 正则“{p}”有误：{e}"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Structure {
            genres,
            genre_words: OnceLock::new(),
            parts,
            profiles,
            forced,
            year: years,
            heading_prefix,
            excerpt_marks: params
                .excerpt_marks
                .into_iter()
                .filter(|m| !m.is_empty())
                .collect(),
            collection_titles,
            min_body_chars: params.min_body_chars.unwrap_or(100),
            joiners: non_empty(params.joiners.unwrap_or_default()),
            close_joiners: non_empty(params.close_joiners.unwrap_or_default()),
        })
    }

    /// Build now what is otherwise built when a document first needs it (the phrase
    /// automata, the regexes).
    pub fn compile_fully(&self) {
        for phrases in self.phrase_lists() {
            phrases.firsts();
        }
        for regex in self.regexes() {
            regex.regex();
        }
    }

    /// Whether all of it is built (see [`Structure::compile_fully`]).
    pub fn is_compiled(&self) -> bool {
        self.phrase_lists().all(Phrases::is_compiled) && self.regexes().all(LazyRegex::is_compiled)
    }

    fn phrase_lists(&self) -> impl Iterator<Item = &Phrases> {
        let genres = self.genres.iter().map(|g| &g.openings);
        let parts = self.parts.iter().flat_map(|part| {
            let statement = part.statement.iter().flat_map(|s| {
                [
                    &s.predicates,
                    &s.nouns,
                    &s.frames,
                    &s.markers,
                    &s.undo,
                    &s.undo_after,
                ]
            });
            [&part.headings, &part.cues, &part.exclude]
                .into_iter()
                .chain(statement)
        });
        genres.chain(parts)
    }

    fn regexes(&self) -> impl Iterator<Item = &LazyRegex> {
        let cues = self.parts.iter().filter_map(|p| p.cue_patterns.as_ref());
        [&self.year.anchored, &self.year.any, &self.heading_prefix]
            .into_iter()
            .chain(&self.collection_titles)
            .chain(cues)
    }

    /// The genres a title names.
    fn genres_of(&self, title: &str) -> BTreeSet<String> {
        let Some((automaton, owners)) = self.genre_words() else {
            return self.genres_by_search(title);
        };
        // Each string's occurrences as `match_indices` gives them: none overlapping another
        // of the same string (the automaton reports overlapping ones, by their ends).
        let mut last_end: Vec<usize> = Vec::new();
        let mut found: Vec<(usize, bool, Span)> = Vec::new();
        for m in automaton.find_overlapping_iter(title) {
            let string = m.pattern().as_usize();
            if last_end.is_empty() {
                last_end = vec![0; owners.len()];
            } else if m.start() < last_end[string] {
                continue;
            }
            last_end[string] = m.end();
            let (genre, except) = owners[string];
            found.push((genre, except, m.range()));
        }
        let mut named = BTreeSet::new();
        for (genre, _, word) in found.iter().filter(|(_, except, _)| !except) {
            let excepted = found.iter().any(|(of, except, x)| {
                *except && of == genre && x.start <= word.start && word.end <= x.end
            });
            if !excepted {
                named.insert(self.genres[*genre].name.clone());
            }
        }
        named
    }

    /// Every genre's words and exceptions in one automaton, each string with its genre and
    /// whether it is an exception (None if it cannot be built).
    fn genre_words(&self) -> Option<&GenreWords> {
        self.genre_words
            .get_or_init(|| {
                let mut strings: Vec<&str> = Vec::new();
                let mut owners = Vec::new();
                for (i, genre) in self.genres.iter().enumerate() {
                    for (list, except) in [(&genre.words, false), (&genre.except, true)] {
                        strings.extend(list.iter().map(String::as_str));
                        owners.extend(list.iter().map(|_| (i, except)));
                    }
                }
                let automaton = aho_corasick::AhoCorasick::new(&strings).ok()?;
                Some((automaton, owners))
            })
            .as_ref()
    }

    /// [`Structure::genres_of`] by searching for each word and exception in turn.
    fn genres_by_search(&self, title: &str) -> BTreeSet<String> {
        let mut found = BTreeSet::new();
        for genre in &self.genres {
            let excepted: Vec<Span> = genre
                .except
                .iter()
                .flat_map(|e| title.match_indices(e.as_str()).map(|(i, m)| i..i + m.len()))
                .collect();
            let named = genre.words.iter().any(|w| {
                title.match_indices(w.as_str()).any(|(i, m)| {
                    !excepted
                        .iter()
                        .any(|x| x.start <= i && i + m.len() <= x.end)
                })
            });
            if named {
                found.insert(genre.name.clone());
            }
        }
        found
    }

    /// The genres a document names, and where it names them (`None`: by its file's name).
    ///
    /// The title comes first. A document whose title names no genre may name it on a line of
    /// its own before the body (a Markdown title below a site's header), in its opening
    /// sentences (`现将我这一年的工作总结如下`), or, failing all of these, by its file's name
    /// (`年度总结.docx`).
    fn named_genres(&self, ctx: &Context) -> (BTreeSet<String>, Option<Span>) {
        let title = ctx.title.clone();
        let genres = self.genres_of(title.clone().and_then(|t| ctx.text.get(t)).unwrap_or(""));
        if !genres.is_empty() {
            return (genres, title);
        }
        let mut body_lines = 0;
        for (index, line) in ctx.doc.lines.iter().enumerate() {
            if body_lines == 2 {
                break;
            }
            if line.is_blank() || ctx.junk_lines.get(index).copied().unwrap_or(false) {
                continue;
            }
            let Some(content) = ctx.text.get(line.content()) else {
                continue;
            };
            let body = content.chars().count() >= 40 || content.contains(STATEMENT_ENDS);
            let in_title = title
                .as_ref()
                .is_some_and(|t| t.start < line.content().end && line.content().start < t.end);
            if body || line.heading().is_some() {
                body_lines += 1;
            } else if body_lines == 0 && !in_title {
                let genres = self.genres_of(content);
                if !genres.is_empty() {
                    return (genres, Some(trimmed(ctx.text, line.content())));
                }
            }
            let mut genres = BTreeSet::new();
            let mut first: Option<Span> = None;
            for genre in &self.genres {
                if let Some(m) = genre
                    .openings
                    .find_all(content, &self.year)
                    .into_iter()
                    .next()
                {
                    genres.insert(genre.name.clone());
                    let at = line.content().start + m.start..line.content().start + m.end;
                    if first.as_ref().is_none_or(|f| at.start < f.start) {
                        first = Some(at);
                    }
                }
            }
            if !genres.is_empty() {
                return (genres, first);
            }
        }
        // A title on a line of its own that names no genre is another kind of text; a title
        // cut from the first sentence of the body is no title at all.
        let own_line = title.as_ref().is_some_and(|t| {
            ctx.doc
                .lines
                .iter()
                .find(|l| l.content().start <= t.start && t.start < l.content().end)
                .is_some_and(|l| trimmed(ctx.text, l.content()).end <= t.end)
        });
        if own_line {
            return (BTreeSet::new(), None);
        }
        let stem = std::path::Path::new(&ctx.file_name)
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("");
        (self.genres_of(stem), None)
    }

    /// The profile for this document, if its genre is known and it is a single document, and
    /// where the document names its genre.
    fn profile_for(&self, ctx: &Context) -> Option<(&Profile, BTreeSet<String>, Option<Span>)> {
        if ctx.doc.segments.len() > 1 {
            return None;
        }
        let title = ctx
            .title
            .clone()
            .and_then(|t| ctx.text.get(t))
            .unwrap_or("");
        if self.collection_titles.iter().any(|r| r.is_match(title)) {
            return None;
        }
        let (genres, named_at) = self.named_genres(ctx);
        if let Some(forced) = self.forced {
            return Some((self.profiles.get(forced)?, genres, ctx.title.clone()));
        }
        if genres.is_empty() {
            return None;
        }
        let profile = self.profiles.iter().find(|p| p.genres == genres)?;
        Some((profile, genres, named_at))
    }

    /// Find the parts of the document's profile. `None` when no profile applies.
    ///
    /// Computed once per document and structure: `required-parts` and `part-order` read the
    /// same analysis from the document's context.
    pub fn analyse(&self, ctx: &Context) -> Option<Arc<Analysis>> {
        let key = self as *const Structure as usize;
        let cached = |ctx: &Context| {
            let analyses = ctx.part_analyses.lock().unwrap_or_else(|e| e.into_inner());
            analyses
                .iter()
                .find(|(k, _)| *k == key)
                .map(|(_, analysis)| analysis.clone())
        };
        if let Some(analysis) = cached(ctx) {
            return analysis;
        }
        let analysis = crate::timing::measure(crate::timing::PARTS_ANALYSIS, "", || {
            self.analyse_uncached(ctx).map(Arc::new)
        });
        let mut analyses = ctx.part_analyses.lock().unwrap_or_else(|e| e.into_inner());
        analyses.push((key, analysis.clone()));
        analysis
    }

    fn analyse_uncached(&self, ctx: &Context) -> Option<Analysis> {
        let (profile, title_genres, named_at) = self.profile_for(ctx)?;
        let candidates = heading_candidates(ctx);
        let mut evidence: Vec<Vec<Evidence>> = vec![Vec::new(); profile.parts.len()];
        for candidate in &candidates {
            let text = candidate.text(ctx);
            let Some(heading) = ctx.text.get(text.clone()) else {
                continue;
            };
            // A line of its own naming the document's genres is a copy of the title.
            if !candidate.numbered()
                && !title_genres.is_empty()
                && self.genres_of(heading) == title_genres
            {
                continue;
            }
            let top = candidate.top(ctx.doc);
            for (slot, _) in self.match_heading(profile, heading, top) {
                let strength = if top {
                    Strength::TopHeading
                } else {
                    Strength::Heading
                };
                let range = candidate.range(ctx.doc);
                let found = Evidence::new(text.clone(), strength, true, range);
                evidence[slot].push(found);
            }
        }
        let doc = DocPhrases::new(ctx);
        self.find_cues(ctx, &doc, profile, &candidates, &mut evidence);
        self.confirm(ctx, &doc, profile, &mut evidence);
        let named = named_at.as_ref();
        self.find_statements(ctx, &doc, profile, candidates, named, &mut evidence);
        for list in &mut evidence {
            list.sort_by_key(|e| e.span.start);
        }
        let implicit: Vec<bool> = (0..profile.parts.len())
            .map(|slot| {
                self.parts[profile.parts[slot]].implicit
                    && self.has_body_chars(ctx, &evidence, slot, self.min_body_chars)
            })
            .collect();
        let present = (0..profile.parts.len())
            .map(|slot| !evidence[slot].is_empty() || implicit[slot])
            .collect();
        let shown = (0..profile.parts.len())
            .map(|slot| {
                evidence[slot]
                    .iter()
                    .any(|e| e.strength != Strength::Statement)
                    || implicit[slot]
            })
            .collect();
        let excerpt = self.excerpt(ctx);
        let placed_by_cues = profile
            .parts
            .iter()
            .map(|&i| self.parts[i].placed_by_cues)
            .collect();
        Some(Analysis {
            profile: profile.clone(),
            named_at,
            evidence,
            present,
            shown,
            placed_by_cues,
            excerpt,
        })
    }

    /// The parts a heading names, as (profile slot, span inside the heading).
    ///
    /// A part's phrase must open the heading (after a year such as `2024年`), or follow a part
    /// already found, joined by 及/和/与. In a top-level heading it may also close the heading:
    /// a Chinese noun phrase ends with its head (`过去五年工作回顾`). Where phrases overlap,
    /// the one ending last wins (`重点工作完成情况` is about what was done, not a plan).
    fn match_heading(&self, profile: &Profile, heading: &str, top: bool) -> Vec<(usize, Span)> {
        let mut found: Vec<(usize, Span)> = Vec::new();
        for (slot, &index) in profile.parts.iter().enumerate() {
            let part = &self.parts[index];
            if part.headings.is_empty() || part.exclude.is_match(heading, &self.year) {
                continue;
            }
            found.extend(
                part.headings
                    .find_all(heading, &self.year)
                    .into_iter()
                    .map(|m| (slot, m)),
            );
        }
        found.sort_by(|a, b| b.1.end.cmp(&a.1.end).then(b.1.len().cmp(&a.1.len())));
        let mut chosen: Vec<(usize, Span)> = Vec::new();
        for (slot, span) in found {
            if !chosen
                .iter()
                .any(|(_, c)| c.start < span.end && span.start < c.end)
            {
                chosen.push((slot, span));
            }
        }
        chosen.sort_by_key(|(_, span)| span.start);
        let closes = |span: &Span| {
            heading.get(span.end..).is_some_and(|rest| {
                rest.is_empty()
                    || self
                        .close_joiners
                        .iter()
                        .any(|j| rest.starts_with(j.as_str()))
            })
        };
        let mut allowed = vec![0, self.prefix_end(heading, 0)];
        let mut kept: Vec<(usize, Span)> = Vec::new();
        for (slot, span) in chosen {
            if !(allowed.contains(&span.start) || (top && closes(&span))) {
                continue;
            }
            let next = span.end;
            if let Some(joiner) = self.joiners.iter().find(|j| {
                heading
                    .get(next..)
                    .is_some_and(|r| r.starts_with(j.as_str()))
            }) {
                allowed.push(next + joiner.len());
                allowed.push(self.prefix_end(heading, next + joiner.len()));
            }
            if !kept.iter().any(|(s, _)| *s == slot) {
                kept.push((slot, span));
            }
        }
        kept
    }

    /// Where a year or period prefix starting at `from` ends.
    fn prefix_end(&self, heading: &str, from: usize) -> usize {
        heading
            .get(from..)
            .and_then(|rest| self.heading_prefix.find(rest))
            .map_or(from, |m| from + m.end())
    }

    /// Cue phrases in paragraphs: not in the title, junk or heading texts.
    fn find_cues(
        &self,
        ctx: &Context,
        phrases: &DocPhrases,
        profile: &Profile,
        candidates: &[Candidate],
        evidence: &mut [Vec<Evidence>],
    ) {
        let doc = ctx.doc;
        let title = ctx.title.clone().unwrap_or(0..0);
        for (index, line) in doc.lines.iter().enumerate() {
            if line.is_blank() || ctx.junk_lines.get(index).copied().unwrap_or(false) {
                continue;
            }
            let Some(content) = ctx.text.get(line.content()) else {
                continue;
            };
            // Heading texts on this line, and where each heading marker starts.
            // Candidates are sorted by where their markers start.
            let first = candidates.partition_point(|c| c.marker_start(doc) < line.span().start);
            let last = candidates.partition_point(|c| c.marker_start(doc) <= line.span().end);
            let headings = candidates.get(first..last).unwrap_or(&[]);
            let texts = || headings.iter().map(|c| c.text(ctx));
            for (slot, &part_index) in profile.parts.iter().enumerate() {
                let part = &self.parts[part_index];
                let mut matches = phrases.find(&part.cues, line.content(), &self.year);
                if let Some(patterns) = &part.cue_patterns {
                    matches.extend(patterns.find_iter(content).map(|m| m.range()));
                }
                for m in matches {
                    let span = line.content().start + m.start..line.content().start + m.end;
                    let in_title = span.start < title.end && title.start < span.end;
                    let in_heading =
                        texts().any(|text| span.start < text.end && text.start < span.end);
                    if in_title || in_heading || m.is_empty() {
                        continue;
                    }
                    // The paragraph starts at the line or after the last heading before it.
                    let paragraph = texts()
                        .filter(|text| text.end <= span.start)
                        .map(|text| text.end)
                        .max()
                        .unwrap_or(line.content().start);
                    let before = ctx.text.get(paragraph..span.start).unwrap_or("");
                    let leads = before.matches(STATEMENT_ENDS).count() <= 1;
                    let end = headings
                        .iter()
                        .map(|c| c.marker_start(doc))
                        .filter(|&s| s > span.start)
                        .min()
                        .unwrap_or(line.content().end);
                    let range = span.start..end.max(span.end);
                    evidence[slot].push(Evidence::new(span, Strength::Cue, leads, range));
                }
            }
        }
    }

    /// Drop the headings and cues of a part that must be confirmed when the text they cover
    /// states nothing of the part (a problems heading with no shortcoming under it).
    fn confirm(
        &self,
        ctx: &Context,
        doc: &DocPhrases,
        profile: &Profile,
        evidence: &mut [Vec<Evidence>],
    ) {
        for (slot, &index) in profile.parts.iter().enumerate() {
            let Some(statement) = self.parts[index].statement.as_ref().filter(|s| s.confirm) else {
                continue;
            };
            evidence[slot].retain(|e| {
                // A heading's own words are no statement; a cue's are.
                let from = if e.strength <= Strength::Cue {
                    e.span().start
                } else {
                    e.span().end
                };
                // A section states its shortcomings early: a bounded look keeps many
                // nested sections linear.
                let reach = if e.strength <= Strength::Cue {
                    CUE_CONFIRM_REACH
                } else {
                    CONFIRM_REACH
                };
                let Some(section) = ctx.text.get(from..e.range().end.max(from)) else {
                    return false;
                };
                let covered = crate::analysis::text::cut_chars(section, reach);
                statement.holds(doc, from..from + covered.len(), &self.year)
            });
        }
    }

    /// Sentences that state a part by their meaning: a framed predicate, outside the title,
    /// headings and junk. They make the part present, but do not place it for the order:
    /// a shortcoming named in passing is no part of its own. The last to read the heading
    /// `candidates`, it turns them into their words in their own room (a draft of short
    /// sections has a candidate every few lines).
    fn find_statements(
        &self,
        ctx: &Context,
        doc: &DocPhrases,
        profile: &Profile,
        candidates: Vec<Candidate>,
        named_at: Option<&Span>,
        evidence: &mut [Vec<Evidence>],
    ) {
        let document_year = named_at
            .and_then(|at| ctx.text.get(at.clone()))
            .and_then(|named| years_in(named).next())
            .map(|(_, year)| year);
        let title = [Offsets::of(&ctx.title.clone().unwrap_or(0..0))];
        // A heading's words, without a run-in body glued to it (`1、自查不足：对于…`), made in
        // the candidates' own room, whose rest is then given back.
        let mut headings: Vec<Offsets> = candidates
            .into_iter()
            .map(|c| {
                let span = c.text(ctx);
                let text = ctx.text.get(span.clone()).unwrap_or("");
                let end = text
                    .find(|ch: char| {
                        STATEMENT_ENDS.contains(&ch) || CLAUSE_END.contains(&ch) || ch == '\t'
                    })
                    .unwrap_or(text.len());
                Offsets::of(&(span.start..span.start + end))
            })
            .collect();
        headings.shrink_to_fit();
        // The sections of each part's headings: a shortcoming stated inside the plan's section
        // is the reason for a measure, not a problems part.
        let sections: Vec<Vec<Offsets>> = evidence
            .iter()
            .map(|list| {
                merged(
                    list.iter()
                        .filter(|e| e.strength >= Strength::Heading)
                        .map(|e| e.range)
                        .collect(),
                )
            })
            .collect();
        let headings = merged(headings);
        // Per part that a sentence can state: the screens of its nouns and its predicates.
        // The body's sentences are read once, for all of them, and not kept (a draft of a
        // million sentences held 7 MB of them).
        let mut stated: Vec<(usize, &Statement, LeadScreen, LeadScreen)> = (profile.parts)
            .iter()
            .enumerate()
            .filter_map(|(slot, &index)| Some((slot, self.parts[index].statement.as_ref()?)))
            .map(|(slot, statement)| {
                let nouns = doc.screen(&statement.nouns);
                (slot, statement, nouns, doc.screen(&statement.predicates))
            })
            .collect();
        if stated.is_empty() {
            return;
        }
        for (line_index, line) in ctx.doc.lines.iter().enumerate() {
            if line.is_blank() || ctx.junk_lines.get(line_index).copied().unwrap_or(false) {
                continue;
            }
            let Some(content) = ctx.text.get(line.content()) else {
                continue;
            };
            let base = line.content().start;
            for sentence in sentences(content) {
                let span = base + sentence.start..base + sentence.end;
                if overlapping(&title, &span) {
                    continue;
                }
                for (slot, statement, nouns, predicates) in &mut stated {
                    // Most sentences hold none of the part's nouns and predicates: they are
                    // not read. Both screens look at every sentence, as they move on.
                    let (noun, predicate) = (nouns.may_match(&span), predicates.may_match(&span));
                    if !(noun || predicate) {
                        continue;
                    }
                    // A heading's words name a part (`存在的问题`); they state nothing.
                    let in_heading = |at: &Span| overlapping(&headings, at);
                    let framed = statement
                        .predicates_in(doc, span.clone(), &self.year, document_year, usize::MAX)
                        .into_iter()
                        .filter(|(_, framed)| *framed)
                        .map(|(p, _)| span.start + p.start..span.start + p.end)
                        .find(|at| !in_heading(at));
                    let Some(at) = framed else {
                        continue;
                    };
                    let slot = *slot;
                    let in_later_part = sections.iter().enumerate().any(|(other, ranges)| {
                        other > slot
                            && !overlapping(&sections[slot], &at)
                            && overlapping(ranges, &at)
                    });
                    if in_later_part {
                        continue;
                    }
                    evidence[slot].push(Evidence::new(
                        at,
                        Strength::Statement,
                        false,
                        span.clone(),
                    ));
                }
            }
        }
    }

    /// Whether at least `least` Chinese characters of body text lie outside the parts other
    /// than `slot`: the body an implicit part can claim. Counting stops once there are
    /// enough, most often within the first lines of the body.
    fn has_body_chars(
        &self,
        ctx: &Context,
        evidence: &[Vec<Evidence>],
        slot: usize,
        least: usize,
    ) -> bool {
        let mut covered: Vec<Offsets> = evidence
            .iter()
            .enumerate()
            .filter(|(s, _)| *s != slot)
            .flat_map(|(_, list)| list.iter().map(|e| e.range))
            .collect();
        if let Some(title) = ctx.title.clone() {
            covered.push(Offsets::of(&title));
        }
        // Disjoint ranges, in order, so one pointer walks them.
        let merged = merged(covered);
        let mut count = 0;
        let mut next = 0; // index into merged
        for (index, line) in ctx.doc.lines.iter().enumerate() {
            if ctx.junk_lines.get(index).copied().unwrap_or(false) {
                continue;
            }
            let Some(content) = ctx.text.get(line.content()) else {
                continue;
            };
            for (offset, c) in content.char_indices() {
                let at = line.content().start + offset;
                while merged.get(next).is_some_and(|r| r.end as usize <= at) {
                    next += 1;
                }
                let inside = merged.get(next).is_some_and(|r| r.start as usize <= at);
                if !inside && crate::analysis::text::is_han(c) {
                    count += 1;
                    if count >= least {
                        return true;
                    }
                }
            }
        }
        count >= least
    }

    /// An excerpt marked as such (`此处隐藏`), or a text cut short: ending in the middle of a
    /// sentence, or with a top-level numbering that stops at its first item (a list of one).
    fn excerpt(&self, ctx: &Context) -> Excerpt {
        if !ctx.doc.hidden.is_empty()
            || self
                .excerpt_marks
                .iter()
                .any(|m| ctx.text.contains(m.as_str()))
        {
            Excerpt::Marked
        } else if ends_abruptly(ctx) || list_of_one(ctx) {
            Excerpt::Cut
        } else {
            Excerpt::Whole
        }
    }
}

/// A place that may be a part's heading: a numbered heading, or a line standing alone (a
/// Markdown heading without a number, a short line after the body began). It names the
/// heading or the line, whose spans are read from the document: 8 bytes, not 20 with its own
/// spans (a draft of short sections has one every few lines, all held while the parts are
/// found); the parse reads at most 4 GiB.
struct Candidate {
    /// The index of the heading in `Document::headings`, or with [`Candidate::ALONE`] set of
    /// the line in `Document::lines`.
    source: u32,
    /// Where its range ends: at the next heading of the same or a higher level.
    end: u32,
}

impl Candidate {
    /// The bit of a line standing alone: no document read has 2^31 lines (see
    /// `io::DOCUMENT_LIMIT`).
    const ALONE: u32 = 1 << 31;

    fn heading(index: usize) -> Candidate {
        Candidate {
            source: crate::model::saturating_u32(index) & !Candidate::ALONE,
            end: 0,
        }
    }

    fn alone(line: usize) -> Candidate {
        Candidate {
            source: crate::model::saturating_u32(line) | Candidate::ALONE,
            end: 0,
        }
    }

    /// A numbered heading, not a Markdown heading or a line standing alone.
    fn numbered(&self) -> bool {
        self.source & Candidate::ALONE == 0
    }

    fn source(&self) -> usize {
        (self.source & !Candidate::ALONE) as usize
    }

    fn numbered_heading<'d>(&self, doc: &'d Document) -> Option<&'d crate::model::Heading> {
        self.numbered().then(|| doc.headings.get(self.source()))?
    }

    /// A top-level numbered heading.
    fn top(&self, doc: &Document) -> bool {
        self.numbered_heading(doc).is_some_and(|h| h.depth() <= 1)
    }

    /// Its depth as the ranges are found: a numbered heading's is 1 or more, a line standing
    /// alone's [`ALONE`].
    fn depth(&self, doc: &Document) -> usize {
        match self.numbered() {
            true => self.numbered_heading(doc).map_or(1, |h| h.depth().max(1)),
            false => ALONE as usize,
        }
    }

    /// Where its marker starts: a line standing alone's content.
    fn marker_start(&self, doc: &Document) -> usize {
        match self.numbered() {
            true => self.numbered_heading(doc).map_or(0, |h| h.marker().start),
            false => doc
                .lines
                .get(self.source())
                .map_or(0, |l| l.content().start),
        }
    }

    /// Its text (after the marker), without emphasis marks, brackets and colons around it.
    fn text(&self, ctx: &Context) -> Span {
        let span = match self.numbered() {
            true => self.numbered_heading(ctx.doc).map(|h| h.text()),
            false => ctx.doc.lines.get(self.source()).map(|l| l.content()),
        };
        trimmed(ctx.text, span.unwrap_or(0..0))
    }

    /// From the marker up to the next heading of the same or a higher level.
    fn range(&self, doc: &Document) -> Span {
        let start = self.marker_start(doc);
        start..(self.end as usize).max(start)
    }
}

/// Numbered headings, Markdown headings and short lines standing alone after the body began;
/// not on junk lines, not in the title.
fn heading_candidates(ctx: &Context) -> Vec<Candidate> {
    let doc: &Document = ctx.doc;
    let text = ctx.text;
    let title = ctx.title.clone().unwrap_or(0..0);
    let overlaps_title = |s: &Span| s.start < title.end && title.start < s.end;
    let narrow = crate::model::saturating_u32;
    let mut found: Vec<Candidate> = Vec::new();
    for (index, heading) in doc.headings.iter().enumerate() {
        if ctx.is_junk(heading.marker().start) || overlaps_title(&heading.text()) {
            continue;
        }
        found.push(Candidate::heading(index));
    }
    let mut body_started = false;
    for (index, line) in doc.lines.iter().enumerate() {
        let Some(content) = text.get(line.content()) else {
            continue;
        };
        if content.is_empty() {
            continue;
        }
        let junk = ctx.junk_lines.get(index).copied().unwrap_or(false);
        let chars = content.chars().count();
        let is_body = chars >= 40 || content.contains(STATEMENT_ENDS);
        let stands_alone = line.heading().is_none()
            && !junk
            && !overlaps_title(&line.content())
            && chars <= 20
            && !content.trim_end_matches([':', '：']).contains(|c: char| {
                STATEMENT_ENDS.contains(&c) || matches!(c, '，' | ',' | ':' | '：')
            });
        if stands_alone && (body_started || line.markdown_level().is_some()) {
            found.push(Candidate::alone(index));
        }
        if is_body && !junk {
            body_started = true;
        }
    }
    found.sort_by_key(|f| f.marker_start(doc));
    // Each candidate's range ends at the next candidate of the same or a higher level: a
    // numbered heading of depth ≤ its own, and for a line standing alone a top-level heading.
    // Lines standing alone end every range (key 0). Scanning backwards with the nearest
    // candidate of each key keeps this linear; each depth is read before its end replaces it.
    let max_key = found.iter().map(|f| f.depth(doc)).max().unwrap_or(0);
    let text_end = narrow(text.len());
    let mut nearest = vec![text_end; max_key + 1];
    for f in found.iter_mut().rev() {
        let key = f.depth(doc);
        let limit = key.max(1).min(max_key);
        let end = nearest[..=limit].iter().copied().min().unwrap_or(text_end);
        let start = narrow(f.marker_start(doc));
        nearest[key] = start;
        f.end = end.max(start);
    }
    // A Markdown heading without a number runs to the next Markdown heading of its level or
    // a higher one (`## 2017年工作计划` holds its `### 一、…` sections).
    let markdown: Vec<(usize, usize, u8)> = doc
        .lines
        .iter()
        .filter_map(|l| {
            l.markdown_level()
                .map(|level| (l.content().start, l.span().start, level))
        })
        .collect();
    for f in found.iter_mut() {
        if f.numbered() {
            continue;
        }
        let start = f.marker_start(doc);
        let at = markdown.partition_point(|m| m.0 < start);
        let Some(&(content_start, _, level)) = markdown.get(at) else {
            continue;
        };
        if content_start != start {
            continue;
        }
        let end = markdown[at + 1..]
            .iter()
            .find(|m| m.2 <= level)
            .map_or(text_end, |m| narrow(m.1));
        f.end = end.max(narrow(start));
    }
    found
}

/// The depth of a line standing alone, not numbered, as [`heading_candidates`] reads it (a
/// numbered heading's is 1 or more).
const ALONE: u32 = 0;

/// The span without emphasis marks, brackets and trailing colons around it.
fn trimmed(text: &str, span: Span) -> Span {
    let Some(s) = text.get(span.clone()) else {
        return span;
    };
    let start_trim = s.len()
        - s.trim_start_matches(['*', '_', ' ', '\u{3000}', '【', '['])
            .len();
    let rest = &s[start_trim..];
    let kept = rest
        .trim_end_matches(['*', '_', ' ', '\u{3000}', '】', ']', ':', '：', '。'])
        .len();
    span.start + start_trim..span.start + start_trim + kept
}

/// The text ends in the middle of a sentence: its last line of body text (before a sign-off of
/// short lines such as the unit and the date) has no closing punctuation, or it ends with a
/// heading that has nothing under it.
fn ends_abruptly(ctx: &Context) -> bool {
    let mut short_lines = 0;
    for (index, line) in ctx.doc.lines.iter().enumerate().rev() {
        if line.is_blank() || ctx.junk_lines.get(index).copied().unwrap_or(false) {
            continue;
        }
        let Some(content) = ctx.text.get(line.content()) else {
            continue;
        };
        let content = content.trim_end_matches(['*', '_', ' ', '\u{3000}']);
        if content.ends_with(CLOSING) {
            return false;
        }
        let sign_off = line.heading().is_none()
            && content.chars().count() <= 30
            && !content.contains(|c: char| STATEMENT_ENDS.contains(&c) || matches!(c, '，' | ','));
        if sign_off && short_lines < 3 {
            short_lines += 1;
            continue;
        }
        return true;
    }
    false
}

/// The top-level numbering has a single item, numbered one: the rest of the list was cut off.
fn list_of_one(ctx: &Context) -> bool {
    let doc = ctx.doc;
    let mut top = doc
        .headings
        .iter()
        .filter(|h| h.depth() == 1 && !ctx.is_junk(h.marker().start));
    match (top.next(), top.next()) {
        (Some(only), None) => only.ordinal == 1,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;
    use crate::checks::testing::run;
    use std::sync::Arc;

    /// Messages and helps of one rule's findings.
    pub(crate) fn findings(code: &str, text: &str) -> Vec<(String, String)> {
        let catalogue = Catalogue::builtin().expect("built-in rules load");
        let settings = crate::lint::Settings::new(Arc::new(catalogue));
        let source = crate::source::Source::new("test.txt", text);
        crate::lint::lint(&source, &settings)
            .into_iter()
            .filter(|d| d.code() == code)
            .map(|d| (head(&d.message).to_string(), d.help.to_string()))
            .collect()
    }

    /// A message without what was looked for (`：未找到……`).
    fn head(message: &str) -> &str {
        message.split('：').next().unwrap_or(message)
    }

    const ACHIEVEMENTS: &str = "今年以来，我局坚持以人民为中心的发展思想，扎实推进各项工作，全年新建改扩建学校七所，新增学位三千二百个，教育教学质量稳步提升，群众满意度明显提高。全面落实教师培训计划，组织骨干教师培训二十期，培训教师一千余人次，教师队伍整体素质进一步提升。";

    fn summary(parts: &[&str]) -> String {
        let mut text = String::from("城关镇教育办2023年工作总结\n\n");
        for part in parts {
            text.push_str(part);
            text.push('\n');
        }
        text
    }

    /// The definition of [`clause_around`]: every character within reach read in turn.
    fn clause_around_by_walking(sentence: &str, at: usize) -> Span {
        let before = sentence[..at].char_indices().rev().take(CLAUSE_REACH);
        let start = match before.clone().find(|(_, c)| CLAUSE_END.contains(c)) {
            Some((i, c)) => i + c.len_utf8(),
            None => before.last().map_or(at, |(i, _)| i),
        };
        let after = sentence[at..].char_indices().take(CLAUSE_REACH);
        let end = match after.clone().find(|(_, c)| CLAUSE_END.contains(c)) {
            Some((i, _)) => i,
            None => after.last().map_or(0, |(i, c)| i + c.len_utf8()),
        };
        start..at + end
    }

    #[test]
    fn heading_candidates_read_their_spans_and_ranges_from_the_document() {
        // The title, a top heading, a nested one, the body, a short line standing alone, a
        // second top heading.
        let text = "某局工作总结\n一、主要成绩\n（一）抓好落实。\n全年完成投资十二亿元，比上年增长百分之六，各项工作稳步推进。\n**存在的问题**\n二、明年打算：\n正文。\n";
        let doc = crate::parse::parse(text);
        let ctx = Context::new(text, &doc);
        let read: Vec<(&str, &str, bool, bool)> = heading_candidates(&ctx)
            .iter()
            .map(|c| {
                let range = c.range(&doc);
                let first_line = &text[range.clone()].lines().next().unwrap_or("");
                (&text[c.text(&ctx)], *first_line, c.top(&doc), c.numbered())
            })
            .collect();
        assert_eq!(
            read,
            [
                ("主要成绩", "一、主要成绩", true, true),
                ("抓好落实", "（一）抓好落实。", false, true),
                // Emphasis marks and a closing colon are not the heading's words.
                ("存在的问题", "**存在的问题**", false, false),
                ("明年打算", "二、明年打算：", true, true),
            ]
        );
        let ends: Vec<usize> = (heading_candidates(&ctx).iter())
            .map(|c| c.range(&doc).end)
            .collect();
        let at = |s: &str| text.find(s).unwrap_or(usize::MAX);
        // A top heading runs to the next line standing alone or top heading; the nested one
        // to the line standing alone; the last to the end.
        assert_eq!(ends, [at("**存在"), at("**存在"), at("二、"), text.len()]);
    }

    #[test]
    fn a_heading_candidate_and_its_evidence_are_small() {
        // One for every heading and short line standing alone, all held while parts are found.
        assert_eq!(std::mem::size_of::<super::Candidate>(), 8);
        // One for each heading that names a part, and each cue and statement.
        assert_eq!(std::mem::size_of::<super::Evidence>(), 20);
        // One for each place a phrase's leading text occurs.
        assert_eq!(std::mem::size_of::<super::Lead>(), 8);
    }

    #[test]
    fn every_clause_mark_is_read_by_its_bytes() {
        for c in CLAUSE_END {
            let first = c.to_string().as_bytes()[0];
            assert!(CLAUSE_END_FIRST_BYTES.contains(&first), "{c}");
            let text = format!("甲{c}乙");
            let at = "甲".len();
            assert_eq!(clause_mark_at(&text, at), Some(at..at + c.len_utf8()));
            assert_eq!(first_clause_mark(&text), Some(at..at + c.len_utf8()));
            assert_eq!(last_clause_mark(&text), Some(at..at + c.len_utf8()));
        }
        // Other characters of the same first bytes are no marks.
        assert_eq!(clause_mark_at("（", 0), None);
        assert_eq!(first_clause_mark("（；a.甲"), None);
    }

    #[test]
    fn a_clause_runs_between_marks_within_reach() {
        let sentence = "一是抓学习，二是抓落实：成效明显,群众满意";
        let at = sentence.find("落实").unwrap();
        assert_eq!(&sentence[clause_around(sentence, at)], "二是抓落实");
        let at = sentence.find("群众").unwrap();
        assert_eq!(&sentence[clause_around(sentence, at)], "群众满意");
        // A mark beyond the reach is not read: the clause stops at the reach.
        let long = format!("甲，{}乙", "字".repeat(CLAUSE_REACH));
        let at = long.find('乙').unwrap();
        let clause = clause_around(&long, at);
        assert_eq!(long[clause.clone()].chars().count(), CLAUSE_REACH + 1);
        assert_eq!(clause.end, long.len());
        // A mark that is the reach's last character either way is read.
        let back = format!("，{}乙", "字".repeat(CLAUSE_REACH - 1));
        let at = back.find('乙').unwrap();
        assert_eq!(clause_around(&back, at).start, "，".len());
        let ahead = format!("乙{}，", "字".repeat(CLAUSE_REACH - 2));
        assert_eq!(clause_around(&ahead, 0).end, ahead.len() - "，".len());
    }

    proptest::proptest! {
        /// Merged ranges cover what the ranges covered, each range lies in one of them, and
        /// they are in order with a gap between each two (ranges that touch are one).
        #[test]
        fn merged_ranges_are_the_disjoint_cover_of_the_ranges(
            ranges in proptest::collection::vec((0usize..40, 0usize..8), 0..24),
        ) {
            let ranges: Vec<Offsets> = ranges.into_iter().map(|(start, len)| Offsets::of(&(start..start + len))).collect();
            let cover = merged(ranges.clone());
            for at in 0..50 {
                let covered = |list: &[Offsets]| list.iter().any(|r| r.start <= at && at < r.end);
                proptest::prop_assert_eq!(covered(&cover), covered(&ranges), "{}", at);
                // What `overlapping` finds in the cover is what any of the ranges covers.
                proptest::prop_assert_eq!(overlapping(&cover, &(at as usize..at as usize + 1)), covered(&ranges));
            }
            for range in &ranges {
                let within = |r: &Offsets| r.start <= range.start && range.end <= r.end;
                proptest::prop_assert!(cover.iter().any(within), "{:?} in {:?}", range, cover);
            }
            for pair in cover.windows(2) {
                proptest::prop_assert!(pair[0].end < pair[1].start, "{:?}", cover);
            }
            proptest::prop_assert!(cover.len() <= ranges.len());
        }
    }

    proptest::proptest! {
        /// Sentences found by the first bytes of their ends are those every character shows.
        #[test]
        fn sentences_are_cut_at_every_end_and_line(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "工作", "。", "！", "？", "；", "!", "?", ";", "\n", "，", "、", "a", "𠀀", "\u{3000}", "。。",
            ]), 0..30),
        ) {
            let text = pieces.concat();
            let mut expected = Vec::new();
            let mut start = 0;
            for (i, c) in text.char_indices() {
                if STATEMENT_ENDS.contains(&c) || c == '\n' {
                    expected.push(start..i);
                    start = i + c.len_utf8();
                }
            }
            expected.push(start..text.len());
            expected.retain(|s| !s.is_empty());
            proptest::prop_assert_eq!(sentences(&text).collect::<Vec<_>>(), expected);
        }
    }

    proptest::proptest! {
        /// Clauses found by the marks' bytes are those read a character at a time.
        #[test]
        fn clauses_are_found_as_by_reading_every_character(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "工作", "，", "：", ",", ":", "a", "𠀀", "。", "（", "\u{3000}", "抓落实", "ab",
            ]), 0..90),
            cut in proptest::prelude::any::<proptest::sample::Index>(),
        ) {
            let text = pieces.concat();
            let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let at = *cut.get(&bounds);
            proptest::prop_assert_eq!(clause_around(&text, at), clause_around_by_walking(&text, at));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]
        /// The genres a title names, from one automaton, are those found by searching for
        /// each word and exception (words inside exceptions, repeated and overlapping ones).
        #[test]
        fn genres_named_in_one_pass_are_those_of_each_word_searched(
            title in crate::checks::testing::text_of(&["总结", "工作总结", "总结表彰", "表彰", "计划", "计划生育", "生育", "报告", "调研报告", "述职", "计", "划", "总", "。", "甲"]),
        ) {
            let catalogue = crate::config::builtin_catalogue().expect("built-in rules");
            let params = &catalogue.get("ZJ201").expect("required-parts").def.params;
            let structure = Structure::shared(params).expect("built-in structure");
            proptest::prop_assert_eq!(structure.genres_of(&title), structure.genres_by_search(&title));
        }
    }

    #[test]
    fn a_word_found_overlapping_itself_counts_once_as_a_search_finds_it() {
        // A search finds `哈哈` at 1 in `嘿哈哈哈`, inside the exception `嘿哈哈`, and not again
        // at 2 (it would overlap): the title names nothing.
        let catalogue = crate::config::builtin_catalogue().expect("built-in rules");
        let mut params = catalogue
            .get("ZJ201")
            .expect("required-parts")
            .def
            .params
            .clone();
        let words = |list: &[&str]| {
            toml::Value::from(list.iter().map(|w| w.to_string()).collect::<Vec<_>>())
        };
        let genres = params
            .get_mut("genres")
            .and_then(toml::Value::as_array_mut)
            .expect("genres");
        for genre in genres.iter_mut().filter_map(toml::Value::as_table_mut) {
            if genre.get("name").and_then(toml::Value::as_str) == Some("summary") {
                genre.insert("words".into(), words(&["哈哈"]));
                genre.insert("except".into(), words(&["嘿哈哈"]));
            }
        }
        let structure = Structure::shared(&params).expect("structure");
        assert!(structure.genres_of("嘿哈哈哈").is_empty());
        assert_eq!(
            structure.genres_of("嘿哈哈哈"),
            structure.genres_by_search("嘿哈哈哈")
        );
    }

    #[test]
    fn a_sentence_without_a_phrase_s_leading_text_may_not_match_it() {
        let text = "甲。存在一些问题。乙不足。丙不";
        let at = |s: &str| text.find(s).expect("in the text");
        let spans = [
            0..at("存"),
            at("存")..at("乙"),
            at("乙")..at("丙"),
            // `不足` would start here but not end: its leading text is not whole in the span.
            at("丙")..text.len(),
        ];
        let doc = DocPhrases {
            text,
            occurrences: None,
            leads: RefCell::new(Vec::new()),
        };
        let year = Years {
            anchored: LazyRegex::new(r"^(?:\d{4}年度?)".into()).expect("regex"),
            any: LazyRegex::new(r"\d{4}年度?".into()).expect("regex"),
        };
        let phrases = Phrases::new(&["存在…问题".into(), "不足".into()]).unwrap();
        let screened = |phrases: &Phrases| -> Vec<bool> {
            let mut screen = doc.screen(phrases);
            spans.iter().map(|span| screen.may_match(span)).collect()
        };
        assert_eq!(screened(&phrases), [false, true, true, false]);
        // Each span that may not match finds nothing.
        for (span, may) in spans.iter().zip(screened(&phrases)) {
            assert!(may || doc.find(&phrases, span.clone(), &year).is_empty());
        }
        // Spans passed over are passed over: the third alone still may.
        let mut screen = doc.screen(&phrases);
        assert!(screen.may_match(&spans[2]) && !screen.may_match(&spans[3]));
        // A phrase that starts with a year is not screened.
        let years = Phrases::new(&["{年}年".into(), "不足".into()]).unwrap();
        assert_eq!(screened(&years), [true; 4]);
    }

    #[test]
    fn a_summary_without_its_problems_part_is_reported() {
        let text = summary(&[
            "一、主要工作及成效",
            ACHIEVEMENTS,
            "二、2024年工作计划",
            "明年，我们将继续推进学校建设，新建学校两所。",
        ]);
        assert_eq!(
            run("ZJ201", &text),
            [(1, 1, "城关镇教育办2023年工作总结".into())]
        );
        let found = findings("ZJ201", &text);
        assert_eq!(found[0].0, "工作总结缺少“问题”部分");
        // The message says what was looked for.
        let catalogue = Catalogue::builtin().expect("built-in rules load");
        let settings = crate::lint::Settings::new(Arc::new(catalogue));
        let source = crate::source::Source::new("test.txt", text.as_str());
        let message = crate::lint::lint(&source, &settings)
            .into_iter()
            .find(|d| d.code() == "ZJ201")
            .map(|d| d.message);
        assert_eq!(
            message.as_deref(),
            Some("工作总结缺少“问题”部分：未找到陈述不足的句子（如“不足”“差距”“有待”）")
        );
        assert!(found[0].1.contains("存在的问题"), "{}", found[0].1);
        assert!(found[0].1.contains("我们也清醒地看到"), "{}", found[0].1);
    }

    #[test]
    fn a_combined_document_without_its_plan_is_reported() {
        let text = format!(
            "城关镇2023年工作总结及2024年工作计划\n\n一、2023年工作成效\n{ACHIEVEMENTS}\n\n二、存在的不足\n在肯定成绩的同时，我们也清醒地看到，工作中还存在一些不足。\n"
        );
        assert_eq!(
            run("ZJ201", &text),
            [(1, 1, "城关镇2023年工作总结及2024年工作计划".into())]
        );
        assert_eq!(findings("ZJ201", &text)[0].0, "总结及计划缺少“计划”部分");
        // With its plan, and the problems as a sub-heading.
        let complete = format!(
            "城关镇2023年工作总结及2024年工作计划\n一、2023年工作总结\n（一）主要成绩\n{ACHIEVEMENTS}\n（二）存在问题\n教师结构性缺编。\n二、2024年工作计划\n新建学校两所。\n"
        );
        assert_eq!(run("ZJ201", &complete), []);
    }

    /// The achievements part of a summary needs no heading: it is the body outside the other
    /// parts, when that holds at least `min_body_chars` (100) Chinese characters.
    #[test]
    fn an_unheaded_body_of_enough_characters_is_the_achievements_part() {
        // n Han characters, then a full stop (not counted).
        let body = |n: usize| -> String {
            let words: Vec<char> = "学校建设稳步推进师资队伍不断加强".chars().collect();
            let mut s: String = (0..n).map(|i| words[i % words.len()]).collect();
            s.push('。');
            s
        };
        let document = |n: usize| {
            summary(&[
                &body(n),
                "一、存在的问题",
                "教师结构性缺编。",
                "二、2024年工作计划",
                "新建学校两所。",
            ])
        };
        assert_eq!(run("ZJ201", &document(100)), []);
        let short = document(99);
        assert_eq!(
            run("ZJ201", &short),
            [(1, 1, "城关镇教育办2023年工作总结".into())]
        );
        assert_eq!(findings("ZJ201", &short)[0].0, "工作总结缺少“成绩”部分");
    }

    #[test]
    fn several_missing_parts_are_one_finding() {
        let text = format!("城关镇2023年工作总结\n{ACHIEVEMENTS}\n\n城关镇教育办\n2024年1月11日\n");
        assert_eq!(run("ZJ201", &text), [(1, 1, "城关镇2023年工作总结".into())]);
        assert_eq!(
            findings("ZJ201", &text)[0].0,
            "工作总结缺少“问题”“计划”部分"
        );
    }

    #[test]
    fn copies_of_the_title_are_not_parts() {
        // The title repeated on a line of its own after the opening names 总结 and 计划.
        let text = format!(
            "城关镇工作总结及工作计划\n{ACHIEVEMENTS}\n2023年工作总结及工作计划\n一、主要成绩\n{ACHIEVEMENTS}\n二、存在的问题\n人手不足。\n"
        );
        assert_eq!(findings("ZJ201", &text)[0].0, "总结及计划缺少“计划”部分");
        assert_eq!(run("ZJ202", &text), []);
    }

    #[test]
    fn junk_lines_and_the_title_are_not_parts() {
        // The title names 计划, but is no plan part.
        let text = format!("城关镇2023年工作总结和工作计划\n{ACHIEVEMENTS}\n我们也清醒地看到，工作中还存在一些不足。\n");
        assert_eq!(findings("ZJ201", &text)[0].0, "总结及计划缺少“计划”部分");
    }

    /// Messages and lines of ZJ201's findings on a file of this name.
    fn named(name: &str, text: &str) -> Vec<(String, usize)> {
        let catalogue = Catalogue::builtin().expect("built-in rules load");
        let settings = crate::lint::Settings::new(Arc::new(catalogue));
        let source = crate::source::Source::new(name, text);
        crate::lint::lint(&source, &settings)
            .into_iter()
            .filter(|d| d.code() == "ZJ201")
            .map(|d| {
                let line = text[..d.span().start].matches('\n').count() + 1;
                (head(&d.message).to_string(), line)
            })
            .collect()
    }

    #[test]
    fn a_file_name_names_the_genre_of_a_text_without_a_title() {
        let text = format!("一、主要工作\n{ACHIEVEMENTS}\n二、心得体会\n{ACHIEVEMENTS}\n");
        assert_eq!(
            named("docs/2023年度总结.txt", &text),
            [("工作总结缺少“问题”“计划”部分".to_string(), 1)]
        );
        assert_eq!(named("docs/笔记.txt", &text), []);
        // A title of its own that names no genre wins over the file's name.
        let titled = format!("城关镇教育办情况说明\n{text}");
        assert_eq!(named("docs/2023年度总结.txt", &titled), []);
        // A log is no plan.
        assert_eq!(named("工作计划日志.txt", &text), []);
    }

    /// `part-order` reads the parts of `missing-part` (`profiles_from`): both rules use one
    /// structure, built once; other parameters build their own.
    #[test]
    fn rules_of_the_same_parts_share_one_structure() {
        let catalogue = Catalogue::builtin().expect("rules");
        let params = |code: &str| catalogue.get(code).expect(code).def.params.clone();
        let missing = Structure::shared(&params("ZJ201")).expect("ZJ201");
        let order = Structure::shared(&params("ZJ202")).expect("ZJ202");
        assert!(Arc::ptr_eq(&missing, &order));
        let mut forced = params("ZJ202");
        forced.insert("profile".into(), "plan".into());
        let other = Structure::shared(&forced).expect("forced profile");
        assert!(!Arc::ptr_eq(&missing, &other));
        assert!(other.forced.is_some() && missing.forced.is_none());
    }

    #[test]
    fn headings_name_parts_by_their_last_phrase() {
        let catalogue = Catalogue::builtin().expect("rules");
        let rule = catalogue.get("ZJ201").expect("ZJ201");
        let structure = Structure::shared(&rule.def.params).expect("build");
        let summary = &structure.profiles[0];
        let names = |heading: &str, top: bool| -> Vec<String> {
            structure
                .match_heading(summary, heading, top)
                .into_iter()
                .map(|(slot, _)| structure.parts[summary.parts[slot]].name.clone())
                .collect()
        };
        assert_eq!(names("重点工作完成情况", true), ["成绩"]);
        assert_eq!(names("2023年工作回顾", false), ["成绩"]);
        assert_eq!(names("存在的问题及下一步打算", false), ["问题", "计划"]);
        assert_eq!(names("2024年工作计划", false), ["计划"]);
        assert_eq!(names("认真整改存在的问题", true), Vec::<String>::new());
        assert_eq!(
            names("加强队伍建设，补齐存在的不足", false),
            Vec::<String>::new()
        );
        assert_eq!(names("圆满完成年度主要任务", true), Vec::<String>::new());
        // Verb and object: an achievement, not the plan part.
        assert_eq!(
            names("理清工作思路，明确发展方向", true),
            Vec::<String>::new()
        );
        assert_eq!(names("认真制定工作计划", true), Vec::<String>::new());
        // Government reports: the part's name closes the heading.
        assert_eq!(names("过去五年工作回顾", true), ["成绩"]);
        assert_eq!(
            names("2024年经济社会发展总体要求和政策取向", true),
            ["计划"]
        );
        assert_eq!(names("存在问题，下步打算", true), ["问题", "计划"]);
        assert_eq!(names("过去五年工作回顾", false), Vec::<String>::new());
    }

    #[test]
    fn a_user_rule_can_force_and_extend_the_profiles() {
        let mut catalogue = Catalogue::default();
        catalogue
            .add_file(
                "zjlint.toml",
                r#"
[[rule]]
code = "ZJ901"
name = "my-parts"
category = "structure"
severity = "warning"
kind = "required-parts"
message = "{genre}缺少{parts}部分"
help = "{hints}"
profiles_from = "missing-part"
profile = "summary"

[[rule.parts]]
name = "问题"
hint = "“短处”一节"
headings = ["短处"]
"#,
            )
            .expect("user rule loads");
        let settings = crate::lint::Settings::new(Arc::new(catalogue));
        let lint = |text: &str| {
            let source = crate::source::Source::new("t.txt", text);
            crate::lint::lint(&source, &settings)
                .into_iter()
                .map(|d| (text[d.span()].to_string(), d.message.to_string()))
                .collect::<Vec<_>>()
        };
        // No genre word in the title (here the first clause of the first line): the forced
        // profile applies.
        let text = format!("{ACHIEVEMENTS}\n存在的问题\n人手不足。\n下一步，我们将新建学校。\n");
        assert_eq!(
            lint(&text),
            [("今年以来".to_string(), "工作总结缺少“问题”部分".to_string())]
        );
        // The replaced part knows only its own phrasing.
        let ok = text.replace("存在的问题", "短处");
        assert_eq!(lint(&ok), []);
    }

    #[test]
    fn bad_profiles_are_errors() {
        let bad = |extra: &str| {
            let mut catalogue = Catalogue::default();
            let text = format!(
                "[[rule]]\ncode = \"ZJ902\"\nname = \"x\"\ncategory = \"structure\"\nseverity = \"warning\"\nkind = \"required-parts\"\nmessage = \"m\"\nhelp = \"h\"\n{extra}"
            );
            catalogue.add_file("x.toml", &text).is_err()
        };
        assert!(bad("profiles_from = \"no-such-rule\"\n"));
        assert!(bad("profile = \"none\"\n"));
        assert!(bad("unknown = 1\n"));
        assert!(bad(
            "[[rule.profiles]]\nname = \"p\"\nlabel = \"l\"\ngenres = []\nparts = [\"无\"]\n"
        ));
        assert!(!bad("profiles_from = \"missing-part\"\n"));
    }

    /// The definition of [`years_in`]: at each byte, four digits with none on either side.
    fn years_by_definition(text: &str) -> Vec<(Span, u32)> {
        let bytes = text.as_bytes();
        let digit = |i: Option<&u8>| i.is_some_and(u8::is_ascii_digit);
        (0..bytes.len().saturating_sub(3))
            .filter(|&i| {
                (i == 0 || !digit(bytes.get(i - 1)))
                    && bytes[i..i + 4].iter().all(u8::is_ascii_digit)
                    && !digit(bytes.get(i + 4))
            })
            .filter_map(|i| {
                let year: u32 = text[i..i + 4].parse().ok()?;
                (1900..2100).contains(&year).then_some((i..i + 4, year))
            })
            .collect()
    }

    #[test]
    fn years_stand_alone_in_any_text() {
        let text = "1999年、20245年，2023\n2100年0:2000x1899 2099";
        let years: Vec<u32> = years_in(text).map(|(_, y)| y).collect();
        assert_eq!(years, [1999, 2023, 2000, 2099]);
        assert_eq!(
            years_in(text).collect::<Vec<_>>(),
            years_by_definition(text)
        );
    }

    proptest::proptest! {
        /// A part of a document searched from the whole document's leads (found by the shared
        /// literal scan, or by the list's own search) gives what searching the part alone does.
        #[test]
        fn phrases_in_a_span_are_found_as_in_its_slice(
            text in crate::checks::testing::text_of(&["存在", "问题", "不足", "差距", "2023年", "计划", "，", "。", "\n", "甲", "𠀀", "存"]),
            from in 0usize..80,
            len in 0usize..80,
        ) {
            let phrases = Phrases::new(&[
                "存在…问题".into(), "不足".into(), "差距……问题".into(), "{年}…计划".into(),
                "问题".into(), "存".into(), "存在".into(),
            ])
            .expect("phrases");
            let year = Years {
                anchored: LazyRegex::new(r"^(?:\d{4}年度?)".into()).expect("regex"),
                any: LazyRegex::new(r"\d{4}年度?".into()).expect("regex"),
            };
            let start = crate::source::snap(&text, from);
            let span = start..crate::source::snap(&text, start + len);
            let expected = phrases.find_all(&text[span.clone()], &year);
            let scanned = Occurrences::scan(&text);
            // A large text's scan, packed: its leads are packed too.
            let mut packed = scanned.clone();
            packed.pack();
            for occurrences in [None, Some(&scanned), Some(&packed)] {
                let leads = phrases.leads_in(&text, occurrences);
                let is_packed = matches!(leads, Leads::Packed(_));
                proptest::prop_assert_eq!(is_packed, occurrences.is_some_and(|o| o.is_packed()));
                proptest::prop_assert_eq!(&phrases.find_in(&leads, &text, span.clone(), &year), &expected);
            }
        }

        #[test]
        fn years_are_found_as_the_definition_finds_them(text in crate::checks::testing::text_of(&["2023", "1999", "2", "0", "19", "20245", "年", "，", "a", " ", "１", "\n", "𠀀", "12345678"])) {
            proptest::prop_assert_eq!(years_in(&text).collect::<Vec<_>>(), years_by_definition(&text));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// Any text built from the pieces these rules look at: no panic, spans on characters.
        #[test]
        fn any_text_is_safe(pieces in proptest::collection::vec(proptest::sample::select(vec![
            "工作总结", "工作计划", "及", "\n", "一、", "二、", "（一）", "1.", "存在的问题",
            "下一步工作打算", "我们也清醒地看到，", "与要求相比，还有差距", "。", "，", "𠀀",
            "2024年", "篇一", "此处隐藏", "九月份：", "以", "为指导", "…", "{年}", "  ", "## ",
        ]), 0..40)) {
            let text: String = pieces.concat();
            static SETTINGS: std::sync::OnceLock<crate::lint::Settings> = std::sync::OnceLock::new();
            let settings = SETTINGS.get_or_init(|| {
                crate::lint::Settings::new(Arc::new(Catalogue::builtin().expect("rules")))
            });
            let source = crate::source::Source::new("t.txt", text.as_str());
            for d in crate::lint::lint(&source, settings) {
                proptest::prop_assert!(text.is_char_boundary(d.span().start));
                proptest::prop_assert!(text.is_char_boundary(d.span().end));
            }
        }
    }

    #[test]
    fn odd_text_never_panics() {
        for text in [
            "",
            "\n",
            "总结",
            "工作总结\n一、",
            "计划\n（一）\n1.",
            "\u{feff}报告\r\n存在的问题\r\n",
            "𠀀总结\n下一步，",
        ] {
            let _ = run("ZJ201", text);
            let _ = run("ZJ202", text);
        }
    }

    /// The official reports of the corpus have all their parts (the 2018 excerpt stops after
    /// its problems paragraph and is an excerpt by its list of one).
    #[test]
    fn official_reports_give_nothing() {
        let Some(dir) = crate::checks::testing::real_corpus("official_reports_give_nothing") else {
            return;
        };
        let entries = std::fs::read_dir(&dir).expect("shared corpus readable");
        let mut checked = 0;
        for entry in entries.flatten() {
            let path = entry.path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default()
                .to_string();
            if !name.starts_with("github_") {
                continue;
            }
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            let Ok(text) = String::from_utf8(bytes) else {
                continue; // GBK: read by the formats layer, not here
            };
            for code in ["ZJ201", "ZJ202"] {
                assert_eq!(run(code, &text), [], "{code} on {name}");
            }
            checked += 1;
        }
        assert!(checked >= 3, "only {checked} reports read");
    }
}
