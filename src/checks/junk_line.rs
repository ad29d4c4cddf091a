//! Check kind `junk-line`: leftover web-page furniture (site chrome, metadata lines, download
//! prompts, editor notes, service notices), found by scoring.
//!
//! Each line is cut into units (sentences, and pieces between wide gaps). A unit scores the
//! weights of the rule's vocabulary terms and shape features it contains, plus generic shape
//! weights (short, long, at the top or bottom of the file, share of the unit that is evidence,
//! a keyword line, the lines around it). A unit with positive evidence that reaches `threshold`
//! is junk. Junk units that cover at least half of a line report the whole line; otherwise the
//! junk part alone is reported. Every number and word lives in the rule's TOML table.

use super::{excerpt, Check, Context, LazyRegex};
use crate::analysis::literals::{LineMarks, LineScreen, Marks, Placement};
use crate::analysis::packed::{PackedPlaces, PlacePacking};
use crate::analysis::script::{self, ViewText};
use crate::analysis::text::is_common_han;
use crate::analysis::vocabulary::{self, IdSet, LiteralId, Occurrences};
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use crate::model::{Offsets, Span};
use crate::shared_regex::Regex;
use aho_corasick::{AhoCorasick, MatchKind};
use fixedbitset::FixedBitSet;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// A unit with evidence scoring at least this is junk.
    threshold: f64,
    /// A unit next to a junk unit on the same line joins it when it has evidence and scores at
    /// least this (a rhetorical question before "以下是小编…").
    #[serde(default)]
    absorb: Option<f64>,
    /// Vocabulary and weights; each term counts once per unit. Negative weights mark official
    /// vocabulary that speaks against junk.
    #[serde(default)]
    terms: BTreeMap<String, f64>,
    /// Vocabulary classes: a name and its words (reader words, offer verbs, metadata keys…).
    /// Features combine them; a pattern may name one as `{name}`.
    #[serde(default)]
    classes: BTreeMap<String, Vec<String>>,
    /// Shape features: a regular expression, or classes that occur together, and its weight,
    /// counted once per unit.
    #[serde(default)]
    features: Vec<FeatureParams>,
    /// Features of the neighbouring non-blank lines.
    #[serde(default)]
    neighbours: Vec<NeighbourParams>,
    /// Weight × the share of the unit's characters covered by evidence.
    #[serde(default)]
    coverage: f64,
    #[serde(default)]
    short: Option<ShortParams>,
    #[serde(default)]
    long: Option<LongParams>,
    #[serde(default)]
    edge: Option<EdgeParams>,
    #[serde(default)]
    keywords: Option<KeywordParams>,
    /// A junk unit of at most this many characters is reported whole; a longer one only where
    /// its evidence lies. A line of at most twice this many characters with junk in it is
    /// reported whole when a neighbouring line is wholly junk.
    whole_chars: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FeatureParams {
    /// A regular expression; `{name}` stands for any word of the class `name`.
    #[serde(default)]
    pattern: Option<String>,
    /// Or: every one of these classes has a word in the unit…
    #[serde(default)]
    all: Vec<String>,
    /// …and none of these…
    #[serde(default)]
    none: Vec<String>,
    /// …and the unit has at most this many characters.
    #[serde(default)]
    max_chars: Option<usize>,
    weight: f64,
    /// Whether the matched text counts towards `coverage` (dates do not: an official line may
    /// be a date alone).
    #[serde(default = "yes")]
    cover: bool,
    /// The match is reported alone, never the text around it (a dateline before the news).
    #[serde(default)]
    alone: bool,
}

fn yes() -> bool {
    true
}

#[derive(Deserialize, Clone, Copy, PartialEq, Eq, Default)]
#[serde(rename_all = "lowercase")]
enum Side {
    Previous,
    Next,
    #[default]
    Either,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NeighbourParams {
    weight: f64,
    /// The neighbouring line must match this pattern (any line if absent).
    #[serde(default)]
    pattern: Option<String>,
    /// The line itself must match this pattern (any line if absent).
    #[serde(default)]
    own: Option<String>,
    #[serde(default)]
    side: Side,
    /// The neighbouring line must itself be junk under this rule.
    #[serde(default)]
    junk: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ShortParams {
    /// At most this many characters (spaces not counted).
    chars: usize,
    weight: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LongParams {
    /// Beyond this many characters, `weight` is taken off for every `per` characters, at most
    /// `max` in all.
    chars: usize,
    per: usize,
    weight: f64,
    max: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EdgeParams {
    /// Among the first or last this many non-blank lines.
    lines: usize,
    weight: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct KeywordParams {
    /// A line of at least `min_tokens` short words (each at most `max_token_chars`) separated by
    /// spaces or commas, all of which occur in one other line among the first `lines` lines
    /// (the title): the keyword line of a page.
    weight: f64,
    min_tokens: usize,
    max_token_chars: usize,
    lines: usize,
}

struct Feature {
    /// Compiled when a line first may hold a match (most features find none of their
    /// strings in a given document).
    regex: LazyRegex,
    /// For an expression without required literals (see [`crate::analysis::literals`]):
    /// `regex` without its anchors and boundaries. It matches wherever `regex` can match in
    /// any piece of the text, so one pass of it over the document tells which lines to try.
    screen: Option<Regex>,
    weight: f64,
    cover: bool,
    alone: bool,
}

/// The expression with every look-around assertion (`^`, `$`, `\b`) made empty: a match of
/// `pattern` inside any slice of a text is then a match of the result in the whole text.
fn screen(pattern: &str, regex: &LazyRegex) -> Result<Regex, String> {
    use regex_syntax::hir::{Capture, Hir, HirKind, Repetition};
    fn relax(hir: &Hir) -> Hir {
        match hir.kind() {
            HirKind::Look(_) => Hir::empty(),
            HirKind::Repetition(r) => Hir::repetition(Repetition {
                sub: Box::new(relax(&r.sub)),
                ..r.clone()
            }),
            HirKind::Capture(c) => Hir::capture(Capture {
                sub: Box::new(relax(&c.sub)),
                ..c.clone()
            }),
            HirKind::Concat(subs) => Hir::concat(subs.iter().map(relax).collect()),
            HirKind::Alternation(subs) => Hir::alternation(subs.iter().map(relax).collect()),
            _ => hir.clone(),
        }
    }
    let hir =
        regex_syntax::parse(pattern).map_err(|e| format!("正则表达式“{pattern}”有误：{e}"))?;
    if hir.properties().look_set().is_empty() {
        return Ok(regex.regex().clone());
    }
    compile(&relax(&hir).to_string())
}

/// Classes that occur together in a unit (see `FeatureParams::all`).
struct Combination {
    all: Vec<usize>,
    none: Vec<usize>,
    max_chars: Option<usize>,
    weight: f64,
    cover: bool,
}

/// The words of every class in one automaton; per word, the classes it belongs to.
struct Classes {
    names: Vec<String>,
    /// Every word of every class, once.
    list: Vec<String>,
    /// See [`Classes::words`].
    words: OnceLock<Option<AhoCorasick>>,
    of_word: Vec<Vec<usize>>,
    /// The words as the shared vocabulary has them (None if one could not be interned or
    /// does not fit in a place): the document's one literal scan then finds them instead of
    /// `words`.
    placed: Option<WordList>,
}

/// Where a word occurs in a document: a class word, or a literal of a feature's or the terms'
/// slot (then `word` is the slot). Eight bytes: a 50 MB file has half a million.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct WordPlace {
    start: u32,
    len: u16,
    word: u16,
}

impl WordPlace {
    fn end(&self) -> u32 {
        self.start + u32::from(self.len)
    }
}

/// Where the features' literals must stand in a unit for the feature to match in it (see
/// [`Placement`]), by slot: a line with two labels (`作者：… 来源：`) holds two colons, and a
/// feature that matches only at a unit's start or end holds one near it.
#[derive(Default)]
struct Placements {
    /// Slots whose every match holds two of their literals or more, at different places.
    twice_mask: u64,
    /// Slots of features that match only at a unit's start, or end…
    from_start_mask: u64,
    to_end_mask: u64,
    /// …and per slot, the most characters between that edge and one of its literals.
    from_start: Vec<usize>,
    to_end: Vec<usize>,
}

impl Placements {
    fn add(&mut self, slot: usize, placement: Placement) {
        if slot >= 64 {
            return;
        }
        if placement.times >= 2 {
            self.twice_mask |= 1 << slot;
        }
        let edge = |mask: &mut u64, reach: &mut Vec<usize>, most: Option<usize>| {
            if let Some(most) = most {
                *mask |= 1 << slot;
                reach.resize(reach.len().max(slot + 1), usize::MAX);
                reach[slot] = most;
            }
        };
        edge(
            &mut self.from_start_mask,
            &mut self.from_start,
            placement.from_start,
        );
        edge(&mut self.to_end_mask, &mut self.to_end, placement.to_end);
    }

    /// Whether the literal at `place` in `unit` (the text of `span`) stands near enough to
    /// the unit's start, and to its end, for a match of its slot's feature to hold it, as
    /// far as the feature is anchored at each.
    fn near_edges(&self, place: &WordPlace, unit: &str, span: &Span) -> (bool, bool) {
        let bit = 1 << place.word;
        let slot = usize::from(place.word);
        let within = |most: usize, between: Option<&str>| {
            between.is_none_or(|between| {
                // A character is one to four bytes: count them only when that may tell.
                between.len() <= most
                    || (between.len() <= most.saturating_mul(4) && between.chars().count() <= most)
            })
        };
        let before = || unit.get(..place.start as usize - span.start);
        let after = || unit.get(place.end() as usize - span.start..);
        (
            self.from_start_mask & bit == 0 || within(self.from_start[slot], before()),
            self.to_end_mask & bit == 0 || within(self.to_end[slot], after()),
        )
    }
}

/// Word places by start, then end, then word: a small text's as a list, a large text's packed
/// as its shared scan is, each with its word's index in the [`WordList`] as its tag.
enum WordPlaces {
    Plain(Vec<WordPlace>),
    Packed {
        places: PackedPlaces,
        len_and_word: Vec<(u16, u16)>,
    },
}

impl WordPlaces {
    /// Call `each` for every place wholly inside `span`, looked for from `hint` (see
    /// [`crate::analysis::partition_point_from`]): a document's units are read in order.
    fn each_within(&self, span: &Span, hint: &mut usize, mut each: impl FnMut(&WordPlace)) {
        let inside = |place: &WordPlace| place.end() as usize <= span.end;
        match self {
            WordPlaces::Plain(places) => {
                let first = crate::analysis::partition_point_from(places, hint, |place| {
                    (place.start as usize) < span.start
                });
                (places[first..].iter())
                    .take_while(|place| (place.start as usize) < span.end)
                    .filter(|place| inside(place))
                    .for_each(each);
            }
            WordPlaces::Packed {
                places,
                len_and_word,
            } => {
                let Ok(from) = u32::try_from(span.start) else {
                    return;
                };
                for (start, k) in places.from(from, hint) {
                    if start as usize >= span.end {
                        break;
                    }
                    let Some(&(len, word)) = len_and_word.get(k as usize) else {
                        continue;
                    };
                    let place = WordPlace { start, len, word };
                    if inside(&place) {
                        each(&place);
                    }
                }
            }
        }
    }

    /// The places, in order.
    #[cfg(test)]
    fn to_vec(&self) -> Vec<WordPlace> {
        let mut all = Vec::new();
        self.each_within(&(0..u32::MAX as usize), &mut 0, |place| all.push(*place));
        all
    }
}

/// Words to place (see [`word_places`]), as the shared vocabulary has them: made once per
/// rule, read for each document.
struct WordList {
    ids: IdSet,
    /// Per word: its length in bytes and its word number, as a place holds them.
    len_and_word: Vec<(u16, u16)>,
}

impl WordList {
    /// From (id, length in bytes, word) of each word; None when a length or word does not fit
    /// in a place.
    fn new(words: impl Iterator<Item = (LiteralId, usize, usize)>) -> Option<WordList> {
        let mut ids = Vec::new();
        let mut len_and_word = Vec::new();
        for (id, len, word) in words {
            ids.push(id);
            len_and_word.push((u16::try_from(len).ok()?, u16::try_from(word).ok()?));
        }
        Some(WordList {
            ids: IdSet::new(&ids),
            len_and_word,
        })
    }
}

/// The places of `words` from the document's shared scan, in one pass over its lists (a
/// rule's words are hundreds, and most occur nowhere). None when the scan did not look for
/// one of them.
fn word_places(shared: &Occurrences, words: &WordList) -> Option<WordPlaces> {
    if shared.is_packed() {
        return packed_word_places(shared, words);
    }
    let mut places = Vec::new();
    let found = shared.each_start_in(&words.ids, |k, start| {
        let (len, word) = words.len_and_word[k];
        places.push(WordPlace { start, len, word });
    });
    // Most words occur nowhere and the rest a few times: one sort of the few places costs
    // less than a merge that sets up a run for every word. The stable sort finds the words'
    // sorted runs and merges them; the unstable one sorted from scratch.
    places.sort();
    found.then_some(WordPlaces::Plain(places))
}

/// [`word_places`] of a large text, packed as they are merged from the words' lists: the
/// places are never all held eight bytes each.
fn packed_word_places(shared: &Occurrences, words: &WordList) -> Option<WordPlaces> {
    let mut lists = Vec::new();
    let found = shared.each_list_in(&words.ids, |k, starts| {
        // By start, then end, then word, as sorted; each place tagged with its word's index.
        lists.push((words.len_and_word[k], k as u32, starts.iter()))
    });
    found.then(|| WordPlaces::Packed {
        places: PlacePacking::merged(lists),
        len_and_word: words.len_and_word.clone(),
    })
}

impl Classes {
    fn new(classes: &BTreeMap<String, Vec<String>>) -> Result<Option<Self>, String> {
        let mut index: BTreeMap<String, usize> = BTreeMap::new();
        let mut of_word: Vec<Vec<usize>> = Vec::new();
        let mut words: Vec<String> = Vec::new();
        for (class, (_, list)) in classes.iter().enumerate() {
            for word in list {
                let word = script::simplified(word).into_owned();
                if word.is_empty() {
                    return Err("词类中不能有空词".into());
                }
                let id = *index.entry(word.clone()).or_insert_with(|| {
                    words.push(word);
                    of_word.push(Vec::new());
                    of_word.len() - 1
                });
                of_word[id].push(class);
            }
        }
        if words.is_empty() {
            return Ok(None);
        }
        let ids: Option<Vec<LiteralId>> = vocabulary::intern(words.iter().map(|w| w.as_bytes()))
            .into_iter()
            .collect();
        let placed = ids.and_then(|ids| {
            let lengths = words.iter().map(String::len);
            WordList::new(
                (ids.into_iter().zip(lengths).enumerate()).map(|(w, (id, len))| (id, len, w)),
            )
        });
        Ok(Some(Classes {
            names: classes.keys().cloned().collect(),
            words: OnceLock::new(),
            list: words,
            of_word,
            placed,
        }))
    }

    /// The automaton over every word, built when a text is searched without the shared scan
    /// (which finds the words for most texts); None if the words are too many for one.
    fn words(&self) -> Option<&AhoCorasick> {
        self.words
            .get_or_init(|| AhoCorasick::new(&self.list).ok())
            .as_ref()
    }

    fn id(&self, name: &str) -> Result<usize, String> {
        self.names
            .iter()
            .position(|n| n == name)
            .ok_or_else(|| format!("未定义的词类“{name}”"))
    }

    /// Per class, the spans of its words in `s` (offsets from `base`), overlaps included, in
    /// the order an overlapping search reports them: by end, then by start.
    fn find(&self, s: &str, base: usize, found: &mut Vec<Vec<Span>>) {
        found.resize_with(self.names.len(), Vec::new);
        found.iter_mut().for_each(Vec::clear);
        for m in self
            .words()
            .iter()
            .flat_map(|words| words.find_overlapping_iter(s))
        {
            for &class in &self.of_word[m.pattern().as_usize()] {
                found[class].push(base + m.start()..base + m.end());
            }
        }
    }

    /// Every occurrence of every word in the scanned text, from the document's shared scan;
    /// None when the scan did not look for them all.
    fn places(&self, shared: Option<&Occurrences>) -> Option<WordPlaces> {
        // `word_places` gives None when one of them was not looked for.
        word_places(shared?, self.placed.as_ref()?)
    }

    /// What [`Classes::find`] finds in `span`, read from the document's `places` instead of
    /// searched again. `inside`: a buffer.
    fn find_in(
        &self,
        places: &WordPlaces,
        span: &Span,
        found: &mut Vec<Vec<Span>>,
        inside: &mut Vec<(u32, u32, u32)>,
        hint: &mut usize,
    ) {
        found.resize_with(self.names.len(), Vec::new);
        found.iter_mut().for_each(Vec::clear);
        inside.clear();
        places.each_within(span, hint, |p| {
            inside.push((p.end(), p.start, u32::from(p.word)))
        });
        inside.sort_unstable();
        for &(end, start, word) in inside.iter() {
            for &class in &self.of_word[word as usize] {
                found[class].push(start as usize..end as usize);
            }
        }
    }
}

/// A neighbour's patterns are compiled at their first search: those of a junk neighbour are
/// tried only next to a line wholly junk, which most documents have none of.
struct Neighbour {
    pattern: Option<LazyRegex>,
    own: Option<LazyRegex>,
    side: Side,
    junk: bool,
    weight: f64,
}

struct JunkLine {
    /// The required literals of the features (one slot each, in order), then the terms,
    /// then the class words, then each neighbour's two patterns: one pass tells which lines
    /// each may match on.
    screen: LineScreen,
    /// The literals of the slots of the features and the terms (each literal's word is its
    /// slot), to tell which units of a line a slot may match in, and the slots screened by
    /// lines only (bit k for slot k); None when there are more than 64 slots, or a literal
    /// does not fit in a place.
    unit_literals: Option<(WordList, u64)>,
    /// Where a feature's literals must stand in a unit it matches in.
    placements: Placements,
    threshold: f64,
    absorb: Option<f64>,
    /// The rule's terms, in simplified script; see [`JunkLine::terms`].
    term_names: Vec<String>,
    terms: OnceLock<Option<AhoCorasick>>,
    term_weights: Vec<f64>,
    features: Vec<Feature>,
    classes: Option<Classes>,
    combinations: Vec<Combination>,
    neighbours: Vec<Neighbour>,
    coverage: f64,
    short: Option<ShortParams>,
    long: Option<LongParams>,
    edge: Option<EdgeParams>,
    keywords: Option<KeywordParams>,
    whole_chars: usize,
}

/// Patterns match the simplified view, so they are read in simplified characters too.
fn compile(pattern: &str) -> Result<Regex, String> {
    Regex::new(&script::simplified(pattern)).map_err(|e| format!("正则表达式“{pattern}”有误：{e}"))
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    Ok(Arc::new(junk_line(params)?))
}

/// The check as its own type, whose parts the tests read.
fn junk_line(params: &toml::Table) -> Result<JunkLine, String> {
    let p: Params = super::params(params)?;
    // Terms match the simplified view; a traditional and a simplified spelling are one term.
    let mut simplified_terms: BTreeMap<String, f64> = BTreeMap::new();
    for (term, weight) in p.terms {
        let slot = simplified_terms
            .entry(script::simplified(&term).into_owned())
            .or_insert(weight);
        *slot = slot.max(weight);
    }
    let (names, term_weights): (Vec<String>, Vec<f64>) = simplified_terms.into_iter().unzip();
    let classes = Classes::new(&p.classes)?;
    let class_ids = |names: &[String]| -> Result<Vec<usize>, String> {
        let classes = classes.as_ref().ok_or("规则没有定义词类（classes）")?;
        names.iter().map(|n| classes.id(n)).collect()
    };
    let mut features = Vec::new();
    let mut feature_literals = Vec::new();
    let mut placements = Placements::default();
    let mut combinations = Vec::new();
    for f in &p.features {
        match (&f.pattern, f.all.is_empty()) {
            (Some(pattern), true) => {
                let expanded = super::expand_vocabulary(pattern, &p.classes)?;
                let pattern = script::simplified(&expanded).into_owned();
                let regex = LazyRegex::screened(pattern.clone())
                    .map_err(|e| format!("正则表达式“{expanded}”有误：{e}"))?;
                let required = regex.required_strings();
                placements.add(features.len(), regex.placement());
                feature_literals.push(required.clone());
                features.push(Feature {
                    screen: match required {
                        Some(_) => None,
                        None => Some(screen(&pattern, &regex)?),
                    },
                    regex,
                    weight: f.weight,
                    cover: f.cover,
                    alone: f.alone,
                });
            }
            (None, false) if f.alone => {
                return Err("alone 只用于 pattern 特征".into());
            }
            (None, false) => combinations.push(Combination {
                all: class_ids(&f.all)?,
                none: class_ids(&f.none)?,
                max_chars: f.max_chars,
                weight: f.weight,
                cover: f.cover,
            }),
            _ => return Err("特征须有 pattern 或 all 二者之一".into()),
        }
    }
    let neighbours: Vec<Neighbour> = p
        .neighbours
        .iter()
        .map(|n| {
            let compile = |pattern: &str| {
                let expanded = super::expand_vocabulary(pattern, &p.classes)?;
                LazyRegex::screened(script::simplified(&expanded).into_owned())
                    .map_err(|e| format!("正则表达式“{expanded}”有误：{e}"))
            };
            Ok(Neighbour {
                pattern: n.pattern.as_deref().map(compile).transpose()?,
                own: n.own.as_deref().map(compile).transpose()?,
                side: n.side,
                junk: n.junk,
                weight: n.weight,
            })
        })
        .collect::<Result<_, String>>()?;
    if let Some(long) = &p.long {
        if long.per == 0 {
            return Err("long.per 必须大于 0".into());
        }
    }
    let mut slots = feature_literals;
    slots.push(Some(names.clone()));
    // A slot with an empty literal is possible everywhere: it is not screened by units.
    let slot_literals: Vec<Option<Vec<(LiteralId, usize)>>> = slots
        .iter()
        .map(|literals| {
            let literals = literals.as_ref()?;
            let ids = vocabulary::intern(literals.iter().map(|l| l.as_bytes()));
            (literals.iter().zip(ids))
                .map(|(l, id)| Some((id?, l.len())))
                .collect()
        })
        .collect();
    let unit_literals = (slot_literals.len() <= 64)
        .then(|| {
            let always = (slot_literals.iter().enumerate())
                .filter(|(_, literals)| literals.is_none())
                .fold(0u64, |always, (slot, _)| always | 1 << slot);
            let literals = (slot_literals.iter().enumerate()).flat_map(|(slot, literals)| {
                (literals.iter().flatten()).map(move |&(id, len)| (id, len, slot))
            });
            Some((WordList::new(literals)?, always))
        })
        .flatten();
    slots.push(Some(
        classes.as_ref().map(|c| c.list.clone()).unwrap_or_default(),
    ));
    // Each neighbour's own pattern, then its pattern (see `JunkLine::neighbour_may_match`):
    // one that is absent is never tried, and needs no marks. Only what is tried on every line
    // is screened: the own pattern of a neighbour that needs no junk beside it, else its
    // pattern. The others are tried next to few lines, and their strings (an office's 局,
    // 会, 部…) would add common characters to the shared scan, whose lists of their places
    // held 2 MB more at a 50 MB file's peak.
    let literals_of = |regex: &Option<LazyRegex>, tried_everywhere: bool| match regex {
        Some(regex) if tried_everywhere => regex.required_strings(),
        Some(_) => None,
        None => Some(Vec::new()),
    };
    for n in &neighbours {
        slots.push(literals_of(&n.own, !n.junk));
        slots.push(literals_of(&n.pattern, !n.junk && n.own.is_none()));
    }
    Ok(JunkLine {
        screen: LineScreen::new(&slots)?,
        unit_literals,
        placements,
        threshold: p.threshold,
        absorb: p.absorb,
        term_names: names,
        terms: OnceLock::new(),
        term_weights,
        features,
        classes,
        combinations,
        neighbours,
        coverage: p.coverage,
        short: p.short,
        long: p.long,
        edge: p.edge,
        keywords: p.keywords,
        whole_chars: p.whole_chars,
    })
}

/// A piece of a line that is scored on its own. Each rule scores every unit of the document
/// (500,000 in a 50 MB file) and keeps them all until it reports: its span is the facts'
/// (see [`LineUnits`]), and what only a unit with evidence has is kept beside the units (see
/// [`UnitHits`]), and whether it has evidence is a bit beside where they are, so that a unit
/// is 12 bytes, not 32 (a rule's units were 7 MB of a 50 MB file's peak at 16).
#[derive(Debug, Clone, Copy)]
#[repr(C, packed(4))]
struct Unit {
    score: f64,
    /// Where its [`UnitHits`] are in [`LineUnits::hits`] (or [`NO_HITS`]), and above them
    /// [`EVIDENCE`].
    hits_and_evidence: u32,
}

/// A unit without hits; also the most hits a rule keeps.
const NO_HITS: u32 = u32::MAX >> 1;
/// The bit of a unit with evidence: some positive term or feature was found.
const EVIDENCE: u32 = !NO_HITS;

/// A piece of positive evidence: where it is, and its weight.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Hit {
    at: Offsets,
    weight: f64,
}

impl Hit {
    /// Offsets past 4 GiB are cut to it (a rule reads no such text, see [`JunkLine::run`]).
    fn new(span: &Span, weight: f64) -> Hit {
        let at = Offsets::of(span);
        Hit { at, weight }
    }

    /// The order in which the evidence a finding names is chosen: the heaviest hit, and of
    /// those the first (the last found, among hits equal in both).
    fn strength(a: &&Hit, b: &&Hit) -> std::cmp::Ordering {
        a.weight
            .total_cmp(&b.weight)
            .then(b.at.start.cmp(&a.at.start))
    }
}

/// What a unit with positive evidence has beyond its score (few units have any), and all that
/// is asked of its hits: where they begin and end, and the strongest. A kept unit is junk,
/// and a unit of page furniture has ten hits or more: kept each, they took 6 MB of a rule on
/// a 50 MB draft of short sections.
#[derive(Debug, Clone, Copy)]
struct UnitHits {
    /// From the start of the first hit to the end of the last.
    extent: Offsets,
    /// The hit a finding names (see [`Hit::strength`]).
    strongest: Hit,
    /// Visible characters of the unit (at most those of a line: a line of four billion is
    /// counted as that many).
    chars: u32,
    /// All its evidence is of features reported alone: never widened to the unit or line.
    alone: bool,
    /// The whole line scored as one unit: reported whole.
    whole_line: bool,
}

/// A unit as it is scored, before [`LineUnits`] keeps it: its score, its positive evidence
/// (none for most) and what [`UnitHits`] says of it.
struct Scored {
    unit: Unit,
    evidence: Box<[Hit]>,
    chars: u32,
    alone: bool,
    whole_line: bool,
}

impl Unit {
    /// A unit of `score` without hits.
    fn new(score: f64, evidence: bool) -> Unit {
        let evidence = if evidence { EVIDENCE } else { 0 };
        Unit {
            score,
            hits_and_evidence: NO_HITS | evidence,
        }
    }

    fn score(&self) -> f64 {
        self.score
    }

    fn evidence(&self) -> bool {
        self.hits_and_evidence & EVIDENCE != 0
    }

    /// Where its hits are in [`LineUnits::hits`] ([`NO_HITS`]: it has none).
    fn hits(&self) -> usize {
        (self.hits_and_evidence & NO_HITS) as usize
    }

    /// Its hits are at `at` (past [`NO_HITS`]: none are kept).
    fn set_hits(&mut self, at: usize) {
        let at = u32::try_from(at).map_or(NO_HITS, |at| at.min(NO_HITS));
        self.hits_and_evidence = (self.hits_and_evidence & EVIDENCE) | at;
    }

    /// Add `weight` to its score, and `evidence`.
    fn add(&mut self, weight: f64, evidence: bool) {
        self.score += weight;
        if evidence {
            self.hits_and_evidence |= EVIDENCE;
        }
    }

    fn is_junk(&self, threshold: f64) -> bool {
        self.evidence() && self.score() >= threshold
    }
}

/// The scored units of the lines that may be junk, in one list, line after line: a line's
/// units as the line facts have them, or the line scored whole alone instead. A line none of
/// whose units is junk can become junk only if a neighbour's weight comes to it later, and
/// most lines are such: their units are not kept (a unit for every unit of the document took
/// 11 MB in a rule on a 50 MB draft), and are scored again should a neighbour's weight come
/// (see [`LineUnits::keep_from`]). The facts' bounds and spans are read, not copied.
struct LineUnits<'f> {
    store: Vec<Unit>,
    /// The lines kept in order, and per kept line where its units start in `store`…
    kept: KeptLines,
    starts: Vec<u32>,
    /// …and those kept after a later line (scored again for a neighbour), with theirs.
    late: FixedBitSet,
    late_starts: BTreeMap<usize, u32>,
    /// The line being set: its index, and where its units and hits start.
    open: Option<OpenLine>,
    /// The hits of the units that have any, in the order they were kept.
    hits: Vec<UnitHits>,
    /// The facts' units (start, end, visible characters) and their bounds per line.
    spans: &'f [[u32; 3]],
    bounds: &'f [u32],
    /// Per line: whether its units were replaced by the line scored whole.
    whole: FixedBitSet,
    /// The lines scored whole, in order, each with its content as its one unit's span.
    whole_spans: Vec<(u32, [u32; 3])>,
    /// The least score a unit with evidence is kept at (see [`LineUnits::keep_from`]).
    keep_from: f64,
}

/// A line whose units are being set (see [`LineUnits::set`]).
#[derive(Clone, Copy)]
struct OpenLine {
    line: usize,
    store: usize,
    hits: usize,
}

/// Which lines are kept, a bit each, and per 64 lines how many are kept before them: a kept
/// line's place among the kept is counted, not looked up. Lines are kept in order.
#[derive(Default)]
struct KeptLines {
    bits: Vec<u64>,
    before: Vec<u32>,
    count: u32,
    /// The line after the last kept.
    next: usize,
}

impl KeptLines {
    /// Whether `line` may be kept next: it comes after every line kept so far.
    fn may_push(&self, line: usize) -> bool {
        line >= self.next
    }

    /// Keep `line`, which comes after every line kept so far (see [`KeptLines::may_push`]).
    fn push(&mut self, line: usize) {
        debug_assert!(self.may_push(line));
        let block = line / 64;
        while self.bits.len() <= block {
            self.bits.push(0);
            self.before.push(self.count);
        }
        self.bits[block] |= 1 << (line % 64);
        self.next = line + 1;
        // At most one a line, and the lines of a text under 4 GiB (see [`LineFacts::new`]).
        self.count = self.count.saturating_add(1);
    }

    /// The place of `line` among the kept lines, if it is kept.
    fn rank(&self, line: usize) -> Option<usize> {
        let (block, bit) = (line / 64, line % 64);
        let word = *self.bits.get(block)?;
        if word >> bit & 1 == 0 {
            return None;
        }
        let below = (word & ((1 << bit) - 1)).count_ones();
        Some((self.before[block] + below) as usize)
    }
}

/// One line's scored units, with what they need of their [`LineUnits`].
#[derive(Clone, Copy)]
struct LineScores<'u> {
    units: &'u [Unit],
    hits: &'u [UnitHits],
    /// The units' spans, one for each.
    spans: &'u [[u32; 3]],
}

impl<'u> LineScores<'u> {
    /// The span of the `k`th unit.
    fn span(&self, k: usize) -> Span {
        let [start, end, _] = self.spans[k];
        start as usize..end as usize
    }

    fn hits_of(&self, unit: &Unit) -> Option<&'u UnitHits> {
        self.hits.get(unit.hits())
    }

    /// Whether all of a unit's evidence is of features reported alone (none for none).
    fn alone(&self, unit: &Unit) -> bool {
        self.hits_of(unit).is_some_and(|h| h.alone)
    }
}

impl<'f> LineUnits<'f> {
    /// Room for the units `spans` of lines bounded as `bounds` says (see
    /// [`LineFacts::units`]).
    fn new(spans: &'f [[u32; 3]], bounds: &'f [u32]) -> Self {
        let lines = bounds.len().saturating_sub(1);
        LineUnits {
            store: Vec::new(),
            kept: KeptLines::default(),
            starts: Vec::new(),
            late: FixedBitSet::with_capacity(lines),
            late_starts: BTreeMap::new(),
            open: None,
            hits: Vec::new(),
            spans,
            bounds,
            whole: FixedBitSet::with_capacity(lines),
            whole_spans: Vec::new(),
            keep_from: f64::NEG_INFINITY,
        }
    }

    /// Keep a line only when a unit with evidence scores at least `least` (the rule's
    /// threshold: a junk unit). Any other line is scored again should a neighbour's weight
    /// come, as a line without evidence is: most lines with evidence are not junk, and their
    /// units and evidence took 9 MB of a rule on a 50 MB draft of short sections.
    fn keep_from(&mut self, least: f64) {
        self.keep_from = least;
    }

    /// The unit of `scored`, its hits kept in the list of hits (while it holds fewer than
    /// [`NO_HITS`] units).
    #[inline]
    fn keep(&mut self, scored: Scored) -> Unit {
        // Most units have none: they are answered here, where the unit is scored.
        match scored.evidence.is_empty() {
            true => scored.unit,
            false => self.keep_hits(scored),
        }
    }

    /// [`LineUnits::keep`] of a unit with hits.
    #[inline(never)]
    fn keep_hits(&mut self, scored: Scored) -> Unit {
        let Scored {
            mut unit,
            evidence,
            chars,
            alone,
            whole_line,
        } = scored;
        let start = evidence.iter().map(|h| h.at.start).min();
        let end = evidence.iter().map(|h| h.at.end).max();
        let strongest = evidence.iter().max_by(Hit::strength);
        let room = self.hits.len() < NO_HITS as usize;
        if let (Some(start), Some(end), Some(&strongest), true) = (start, end, strongest, room) {
            unit.set_hits(self.hits.len());
            self.hits.push(UnitHits {
                extent: Offsets { start, end },
                strongest,
                chars,
                alone,
                whole_line,
            });
        }
        unit
    }

    /// Line `line`'s units, one for each of its units in the facts. The line stays open, to
    /// be scored whole or given its neighbours' weight, until [`LineUnits::settle`].
    fn set(&mut self, line: usize, units: impl Iterator<Item = Scored>) {
        debug_assert!(self.open.is_none() && self.held(line).is_none());
        self.open = Some(OpenLine {
            line,
            store: self.store.len(),
            hits: self.hits.len(),
        });
        for scored in units {
            let unit = self.keep(scored);
            self.store.push(unit);
        }
        debug_assert_eq!(
            self.store.len() - self.open.map_or(0, |o| o.store),
            self.count(line)
        );
    }

    /// Close the open line: kept when a unit has evidence and scores enough (see
    /// [`LineUnits::keep_from`]), or `always`; else dropped (none of its units is junk
    /// unless a neighbour's weight comes, when it is scored again).
    fn settle(&mut self, always: bool) {
        let Some(open) = self.open.take() else {
            return;
        };
        let units = &self.store[open.store..];
        let may_be_junk = |u: &Unit| u.evidence() && u.score() >= self.keep_from;
        if !always && !units.iter().any(may_be_junk) {
            debug_assert!(!self.whole.contains(open.line));
            self.store.truncate(open.store);
            self.hits.truncate(open.hits);
            return;
        }
        // Under 4 GiB of units (see [`LineFacts::new`]).
        let start = crate::model::saturating_u32(open.store);
        if self.kept.may_push(open.line) {
            self.kept.push(open.line);
            self.starts.push(start);
        } else {
            self.late.insert(open.line);
            self.late_starts.insert(open.line, start);
        }
    }

    /// How many units line `line` has in the facts.
    fn count(&self, line: usize) -> usize {
        (self.bounds[line + 1] - self.bounds[line]) as usize
    }

    /// Where the units of line `line` start in the store, if they are kept or open.
    #[inline]
    fn held(&self, line: usize) -> Option<usize> {
        if let Some(open) = self.open.filter(|o| o.line == line) {
            return Some(open.store);
        }
        if let Some(rank) = self.kept.rank(line) {
            return Some(self.starts[rank] as usize);
        }
        if self.late_starts.is_empty() || !self.late.contains(line) {
            return None;
        }
        self.late_starts.get(&line).map(|&start| start as usize)
    }

    /// Whether line `line` has no units to keep, or has them kept or open.
    fn holds(&self, line: usize) -> bool {
        self.count(line) == 0 || self.held(line).is_some()
    }

    /// The open line's units become `scored` alone, in the place of its first. A line
    /// without units has no place for it and keeps none (the one caller asks only of a line
    /// with several).
    fn replace_with(&mut self, line: usize, span: &Span, scored: Scored) {
        let Some(start) = self.held(line).filter(|_| self.count(line) > 0) else {
            debug_assert!(false, "line {line} has no unit to replace");
            return;
        };
        let unit = self.keep(scored);
        self.store[start] = unit;
        self.whole.insert(line);
        // Offsets and counts of a text under 4 GiB (see [`LineFacts::new`]).
        let narrow = crate::model::saturating_u32;
        let facts = self.bounds[line] as usize..self.bounds[line + 1] as usize;
        let chars = self.spans[facts].iter().map(|s| s[2]).sum();
        let whole = (narrow(line), [narrow(span.start), narrow(span.end), chars]);
        let at = (self.whole_spans).partition_point(|&(other, _)| other < whole.0);
        self.whole_spans.insert(at, whole);
    }

    /// Where line `line`'s units are in the store (none when they are not kept).
    #[inline]
    fn range(&self, line: usize) -> Span {
        let Some(start) = self.held(line) else {
            return 0..0;
        };
        match self.whole.contains(line) {
            true => start..start + 1,
            false => start..start + self.count(line),
        }
    }

    /// Line `line`'s scored units alone (most questions need no more).
    #[inline]
    fn units_of(&self, line: usize) -> &[Unit] {
        &self.store[self.range(line)]
    }

    fn of(&self, line: usize) -> LineScores<'_> {
        let range = self.range(line);
        let spans = match (range.is_empty(), self.whole.contains(line)) {
            (true, _) => &[],
            (false, false) => &self.spans[self.bounds[line] as usize..][..range.len()],
            (false, true) => self.whole_span(line),
        };
        LineScores {
            units: &self.store[range],
            hits: &self.hits,
            spans,
        }
    }

    /// The span of line `line` scored whole, as a list of one.
    #[cold]
    fn whole_span(&self, line: usize) -> &[[u32; 3]] {
        let line = line as u32;
        let at = (self.whole_spans).partition_point(|&(whole, _)| whole < line);
        std::slice::from_ref(&self.whole_spans[at].1)
    }

    /// Add `weight` to the scores of the line's units, and `evidence`: evidence of a
    /// neighbour, which is not of a feature reported alone. The line's units must be held
    /// (see [`LineUnits::holds`]).
    fn add(&mut self, line: usize, weight: f64, evidence: bool) {
        debug_assert!(self.holds(line), "line {line}'s units are not kept");
        let range = self.range(line);
        for unit in &mut self.store[range] {
            unit.add(weight, evidence);
            if let Some(hits) = self.hits.get_mut(unit.hits()) {
                hits.alone &= !evidence;
            }
        }
    }
}

/// Unicode's white space (`char::is_whitespace`, which looks a character above ASCII up in a
/// table) and the byte-order mark, as one match.
fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | ' '
            | '\u{85}'
            | '\u{A0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200A}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202F}'
            | '\u{205F}'
            | '\u{3000}'
            | '\u{FEFF}'
    )
}

/// The characters of `s` that are not spaces (see [`is_space`]), counted by bytes: a Han
/// character's lead byte (0xE4–0xE9) is never a space, and only the lead bytes of spaces
/// (0xC2, 0xE1, 0xE2, 0xE3, 0xEF) need the character read.
fn visible_chars(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut count = 0;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let (width, visible) = match b {
            b'\t'..=b'\r' | b' ' => (1, false),
            0x00..=0x7F => (1, true),
            0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF => {
                let c = s[i..].chars().next().unwrap_or(' ');
                (c.len_utf8(), !is_space(c))
            }
            0xC0..=0xDF => (2, true),
            0xE0..=0xEF => (3, true),
            _ => (4, true),
        };
        count += usize::from(visible);
        i += width;
    }
    count
}

/// A line's units, as [`push_units`] cuts them.
#[cfg(test)]
fn units(text: &str, content: &Span) -> Vec<(Span, usize)> {
    let mut out = Vec::new();
    push_units(text, content, |span, visible| out.push((span, visible)));
    out
}

/// Cut a line's content into units, each given to `out`: after a sentence end, and at wide
/// gaps.
/// Each unit comes with its visible characters, counted on the way (trimming takes off only
/// spaces).
fn push_units(text: &str, content: &Span, mut out: impl FnMut(Span, usize)) {
    let line = &text[content.clone()];
    let mut start = 0;
    // Visible characters before `start`, and before the character at hand.
    let mut visible_at_start = 0;
    let mut visible = 0;
    let mut gap_start = None;
    let mut gap_width = 0;
    let mut push = |from: usize, to: usize, visible: usize| {
        let piece = &line[from..to];
        let trimmed = piece.trim_start_matches(is_space);
        let lead = piece.len() - trimmed.len();
        let trimmed = trimmed.trim_end_matches(is_space);
        if !trimmed.is_empty() {
            let s = content.start + from + lead;
            out(s..s + trimmed.len(), visible);
        }
    };
    let bytes = line.as_bytes();
    let mut next = 0;
    while next < bytes.len() {
        // Outside a gap, a character of lead byte 0xE4–0xE9 (see below) only counts as
        // visible: a run of them is stepped over in a tight loop.
        if gap_start.is_none() {
            while let Some(0xE4..=0xE9) = bytes.get(next) {
                next += 3;
                visible += 1;
            }
            if next >= bytes.len() {
                break;
            }
        }
        let i = next;
        // A character from U+4000 to U+9FFF (lead byte 0xE4–0xE9: most Han characters) is
        // neither a space nor a sentence end: it need not be read.
        let c = match bytes[i] {
            0xE4..=0xE9 => None,
            _ => line[i..].chars().next(),
        };
        next += c.map_or(3, char::len_utf8);
        if let Some(c) = c.filter(|&c| is_space(c)) {
            if gap_start.is_none() {
                gap_start = Some(i);
                gap_width = 0;
            }
            gap_width += if c == '\u{3000}' || c == '\t' { 2 } else { 1 };
            continue;
        }
        if let Some(g) = gap_start.take() {
            if gap_width >= 2 {
                push(start, g, visible - visible_at_start);
                start = i;
                visible_at_start = visible;
            }
        }
        visible += 1;
        if let Some(c) = c.filter(|&c| crate::analysis::text::is_statement_end(c)) {
            let end = i + c.len_utf8();
            // Keep closing quotes and brackets with the sentence they close.
            let rest = &line[end..];
            let (mut tail, mut tail_chars) = (0, 0);
            for c in rest
                .chars()
                .take_while(|c| matches!(c, '”' | '’' | '」' | '』' | '）' | ')' | '】'))
            {
                tail += c.len_utf8();
                tail_chars += 1;
            }
            // The closing marks are counted here and again when the loop reaches them.
            push(start, end + tail, visible + tail_chars - visible_at_start);
            start = end + tail;
            visible_at_start = visible + tail_chars;
        }
    }
    push(start, line.len(), visible - visible_at_start);
}

/// What does not depend on a rule's parameters: computed once per document (see
/// `Context::line_facts`) and shared by every junk-line rule. Offsets, counts and line indices
/// are u32 (the rules run on texts under 4 GiB): the lists have an entry per line or unit,
/// and as usize they took 24 MB of a 50 MB file.
pub(crate) struct LineFacts {
    /// The non-blank lines, ascending: also where a line's neighbours are found (a list of
    /// each line's previous and next ones took 10 MB of a 50 MB file).
    nonblank: Vec<u32>,
    /// Every line's units (start, end, visible characters), line after line (none for blank
    /// lines): line `i`'s are `units[unit_bounds[i]..unit_bounds[i + 1]]`. One list, not one
    /// per line: a list per line cost a large file more than the units themselves.
    units: Vec<[u32; 3]>,
    unit_bounds: Vec<u32>,
}

impl LineFacts {
    /// The facts of `lines` of `text`; None when the text is 4 GiB or more.
    fn new(text: &str, lines: &[crate::model::Line]) -> Option<Self> {
        u32::try_from(text.len()).ok()?;
        // Every offset, count and line index is at most the text's length.
        let narrow = |n: usize| n as u32;
        let nonblank = crate::model::nonblank_lines(lines);
        let mut units = Vec::new();
        let mut unit_bounds = Vec::with_capacity(lines.len() + 1);
        for line in lines {
            unit_bounds.push(narrow(units.len()));
            if !line.is_blank() {
                // Straight into the list: a line's own list of wide spans took 24 bytes a
                // unit (10 MB for a 50 MB file on one line).
                push_units(text, &line.content(), |span, n| {
                    units.push([narrow(span.start), narrow(span.end), narrow(n)])
                });
            }
        }
        unit_bounds.push(narrow(units.len()));
        units.shrink_to_fit();
        Some(LineFacts {
            nonblank,
            units,
            unit_bounds,
        })
    }

    /// The indices of the non-blank lines, in order.
    fn nonblank(&self) -> impl ExactSizeIterator<Item = usize> + Clone + '_ {
        self.nonblank.iter().map(|&i| i as usize)
    }

    /// The non-blank lines before and after the `pos`th non-blank line.
    fn around(&self, pos: usize) -> [Option<usize>; 2] {
        let line = |k: usize| self.nonblank.get(k).map(|&j| j as usize);
        [pos.checked_sub(1).and_then(line), line(pos + 1)]
    }

    /// Line `i`'s units with their visible characters.
    fn units_of(&self, i: usize) -> impl Iterator<Item = (Span, usize)> + '_ {
        let (from, to) = (self.unit_bounds[i], self.unit_bounds[i + 1]);
        self.units[from as usize..to as usize]
            .iter()
            .map(|&[start, end, chars]| (start as usize..end as usize, chars as usize))
    }

    /// The visible characters of line `i`'s content: its units' (they leave out only spaces).
    fn chars(&self, i: usize) -> usize {
        self.units_of(i).map(|(_, chars)| chars).sum()
    }
}

/// Buffers that scoring reuses from unit to unit, and the document's class-word places.
#[derive(Default)]
struct Scratch {
    /// Where the literals of the features and the terms occur, (start, end, slot) by start,
    /// and the slots that are possible in every unit (None: units are not screened).
    literals: Option<(WordPlaces, u64)>,
    /// Where the rule's class words occur (None: each unit is searched on its own).
    places: Option<WordPlaces>,
    /// Where the last look into `literals`, and into `places`, ended (see
    /// [`first_place_from`]).
    literal_hint: usize,
    hint: usize,
    found: Vec<Vec<Span>>,
    inside: Vec<(u32, u32, u32)>,
    covered: Vec<Span>,
    /// The unit's evidence as it is found, copied out once, at its size, when there is any.
    hits: Vec<(Span, f64)>,
    /// The terms already counted in the unit (a unit holds few).
    seen_terms: Vec<usize>,
    /// The features' regexes for this run.
    regexes: Option<super::RunRegexes>,
}

/// Where a unit lies: what its score depends on beyond its own text.
struct Place<'a> {
    /// Its line.
    line: usize,
    /// Among the first or last lines of the file.
    edge: bool,
    /// The lines a keyword line repeats the words of.
    titles: &'a [(usize, &'a str)],
    /// The line's marks from the screen: which features, and whether terms and class words,
    /// may occur on it.
    maybe: LineMarks<'a>,
    /// The marks of the first 64 features as bits: a unit tries only the features both its
    /// line's marks and its own literals allow, found by their bits.
    features_maybe: u64,
}

/// The evidence scored in a unit: its weight, whether any was positive, the spans of the
/// positive ones, and how many of those are of features reported alone.
#[derive(Default)]
struct Found<'h> {
    score: f64,
    evidence: bool,
    hits: &'h [(Span, f64)],
    alone_hits: usize,
}

impl JunkLine {
    /// Whether neighbour `k`'s own pattern (`own`) or its pattern may match on the line of
    /// `marks`: its slot follows those of the features, the terms and the classes.
    fn neighbour_may_match(&self, marks: &LineMarks, k: usize, own: bool) -> bool {
        marks.get(self.features.len() + 2 + 2 * k + usize::from(!own))
    }

    /// The patterns of the rule's neighbours.
    fn neighbour_regexes(&self) -> impl Iterator<Item = &LazyRegex> {
        (self.neighbours.iter()).flat_map(|n| n.pattern.iter().chain(n.own.iter()))
    }

    /// The automaton over the terms, built when a unit first may hold one (most documents
    /// hold none); None when there are none, or too many for one automaton.
    fn terms(&self) -> Option<&AhoCorasick> {
        self.terms
            .get_or_init(|| {
                (!self.term_names.is_empty())
                    .then(|| {
                        AhoCorasick::builder()
                            .match_kind(MatchKind::LeftmostLongest)
                            .build(&self.term_names)
                            .ok()
                    })
                    .flatten()
            })
            .as_ref()
    }

    /// Where the literals of the features and the terms occur in the scanned text, and the
    /// slots without literals; None when the shared scan did not look for them all or there
    /// are too many slots for a mask.
    fn literal_places(&self, shared: Option<&Occurrences>) -> Option<(WordPlaces, u64)> {
        let (literals, always) = self.unit_literals.as_ref()?;
        Some((word_places(shared?, literals)?, *always))
    }

    /// The slots of the features and the terms that may match inside `span`, whose text is
    /// `unit`: a match holds one of its slot's literals where its [`Placement`] says, and a
    /// unit is searched on its own.
    fn possible_in(
        &self,
        literals: &Option<(WordPlaces, u64)>,
        unit: &str,
        span: &Span,
        hint: &mut usize,
    ) -> u64 {
        let Some((places, always)) = literals else {
            return u64::MAX;
        };
        // Per slot: a literal found, two found, and one found near enough to the start, and
        // to the end, when its feature's matches are anchored there.
        let (mut once, mut twice, mut near_start, mut near_end) = (0u64, 0u64, 0u64, 0u64);
        places.each_within(span, hint, |p| {
            let bit = 1 << p.word;
            twice |= once & bit;
            once |= bit;
            let (start, end) = self.placements.near_edges(p, unit, span);
            near_start |= if start { bit } else { 0 };
            near_end |= if end { bit } else { 0 };
        });
        let Placements {
            twice_mask,
            from_start_mask,
            to_end_mask,
            ..
        } = self.placements;
        let missing =
            (twice_mask & !twice) | (from_start_mask & !near_start) | (to_end_mask & !near_end);
        (once & !missing) | always
    }

    /// Whether no unit of the document can hold evidence, so none is junk: no feature, term,
    /// class word or neighbour's pattern may match on any line (`maybe`), no keyword line is
    /// looked for, and every neighbour that needs no junk line beside it has a pattern to
    /// match (one without would add its weight to every line).
    fn nothing_can_be_junk(&self, maybe: &Marks) -> bool {
        !maybe.any_marked()
            && self.keywords.is_none()
            && (self.neighbours.iter()).all(|n| n.junk || n.pattern.is_some() || n.own.is_some())
    }

    /// Whether no feature, term or class word may match on the line of `place`, and no
    /// keyword line is looked for (most lines of most rules): its units are scored by their
    /// shape alone, and hold no evidence.
    fn shape_only(&self, place: &Place) -> bool {
        let n = self.features.len();
        let nothing_marked =
            place.features_maybe == 0 && n <= 64 && !place.maybe.get(n) && !place.maybe.get(n + 1);
        nothing_marked && self.keywords.is_none()
    }

    /// Score the unit `span`, of `chars` visible characters, on a line where something may
    /// match (a line that is [`JunkLine::shape_only`] has its units scored by their shape).
    fn score(
        &self,
        text: ViewText,
        span: &Span,
        chars: usize,
        place: &Place,
        scratch: &mut Scratch,
    ) -> Scored {
        let Place {
            line,
            edge,
            titles,
            maybe,
            features_maybe,
        } = *place;
        let n = self.features.len();
        let s = &text[span.clone()];
        let mut score = 0.0;
        let mut evidence = false;
        let hits = &mut scratch.hits;
        hits.clear();
        let covered = &mut scratch.covered;
        covered.clear();
        let possible_bits = self.possible_in(&scratch.literals, s, span, &mut scratch.literal_hint);
        let possible = |slot: usize| slot >= 64 || possible_bits & (1 << slot) != 0;
        let terms_here = maybe.get(n) && possible(n);
        let classes_here = maybe.get(n + 1);
        if let Some(ac) = terms_here.then(|| self.terms()).flatten() {
            let seen = &mut scratch.seen_terms;
            seen.clear();
            for m in ac.find_iter(s) {
                let id = m.pattern().as_usize();
                let weight = self.term_weights.get(id).copied().unwrap_or(0.0);
                let hit = span.start + m.start()..span.start + m.end();
                if weight > 0.0 {
                    hits.push((hit.clone(), weight));
                    covered.push(hit);
                }
                if id < self.term_weights.len() && !seen.contains(&id) {
                    seen.push(id);
                    score += weight;
                    evidence |= weight > 0.0;
                }
            }
        }
        let mut alone_hits = 0;
        // In order: the first 64 by their bits, then any beyond.
        let mut tried = features_maybe & possible_bits;
        let first = std::iter::from_fn(|| {
            let k = tried.trailing_zeros() as usize;
            tried &= tried.wrapping_sub(1);
            (k < 64).then_some(k)
        });
        let beyond = (64..n).filter(|&k| maybe.get(k));
        for (k, feature) in first.chain(beyond).map(|k| (k, &self.features[k])) {
            let mut found = false;
            let regex = match &scratch.regexes {
                Some(regexes) => regexes.get(k, &feature.regex),
                None => feature.regex.regex(),
            };
            for m in regex.find_iter(s) {
                if m.as_str().is_empty() {
                    continue;
                }
                found = true;
                let hit = span.start + m.start()..span.start + m.end();
                if feature.weight > 0.0 {
                    hits.push((hit.clone(), feature.weight));
                    alone_hits += usize::from(feature.alone);
                    if feature.cover {
                        covered.push(hit);
                    }
                }
            }
            if found {
                score += feature.weight;
                evidence |= feature.weight > 0.0;
            }
        }
        if let Some(classes) = self.classes.as_ref().filter(|_| classes_here) {
            let found = &mut scratch.found;
            match &scratch.places {
                Some(places) => {
                    classes.find_in(places, span, found, &mut scratch.inside, &mut scratch.hint)
                }
                None => classes.find(s, span.start, found),
            }
            for c in &self.combinations {
                let fits = c.max_chars.is_none_or(|max| chars <= max)
                    && c.all.iter().all(|&k| !found[k].is_empty())
                    && c.none.iter().all(|&k| found[k].is_empty());
                if !fits {
                    continue;
                }
                score += c.weight;
                evidence |= c.weight > 0.0;
                if c.weight > 0.0 {
                    for hit in c.all.iter().flat_map(|&k| found[k].iter()) {
                        hits.push((hit.clone(), c.weight));
                        if c.cover {
                            covered.push(hit.clone());
                        }
                    }
                }
            }
        }
        if let Some(k) = &self.keywords {
            let others = titles.iter().filter(|(i, _)| *i != line).map(|(_, t)| *t);
            if is_keyword_line(s, k, others) {
                score += k.weight;
                evidence = true;
                hits.push((span.clone(), k.weight));
                covered.push(span.clone());
            }
        }
        if self.coverage != 0.0 && !covered.is_empty() {
            let share = covered_chars(text, covered) as f64 / chars.max(1) as f64;
            score += self.coverage * share.min(1.0);
        }
        let found = Found {
            score,
            evidence,
            hits,
            alone_hits,
        };
        self.unit(chars, edge, found)
    }

    /// A unit of `visible` characters (`edge`: on an edge line): what was `found` in it, with
    /// what its shape adds.
    fn unit(&self, visible: usize, edge: bool, found: Found) -> Scored {
        let Found {
            mut score,
            evidence,
            hits,
            alone_hits,
        } = found;
        let chars = visible.max(1);
        if let Some(short) = &self.short {
            if chars <= short.chars {
                score += short.weight;
            }
        }
        if let Some(long) = &self.long {
            if chars > long.chars {
                let penalty = long.weight * (chars - long.chars) as f64 / long.per as f64;
                score -= penalty.min(long.max);
            }
        }
        if let Some(e) = &self.edge {
            if edge {
                score += e.weight;
            }
        }
        Scored {
            unit: Unit::new(score, evidence),
            evidence: hits
                .iter()
                .map(|(span, weight)| Hit::new(span, *weight))
                .collect(),
            chars: crate::model::saturating_u32(visible),
            alone: alone_hits == hits.len(),
            whole_line: false,
        }
    }

    /// The junk spans of one line, and whether they cover at least half of it.
    /// `chars`: the visible characters of `content`. Asked only of a line with a junk unit
    /// (see `junk_of` in [`JunkLine::run`]): absorbing needs one to spread from, and without
    /// one there are no spans.
    fn line_junk(
        &self,
        text: ViewText,
        content: &Span,
        chars: usize,
        scores: LineScores,
    ) -> (Vec<Span>, bool) {
        let units = scores.units;
        let mut junk: Vec<bool> = units.iter().map(|u| u.is_junk(self.threshold)).collect();
        if let Some(absorb) = self.absorb {
            // Spread to neighbouring units that lean the same way.
            let mut changed = true;
            while changed {
                changed = false;
                for i in 0..units.len() {
                    if junk[i] || !units[i].evidence() || units[i].score() < absorb {
                        continue;
                    }
                    let left = i > 0 && junk[i - 1];
                    let right = i + 1 < units.len() && junk[i + 1];
                    if left || right {
                        junk[i] = true;
                        changed = true;
                    }
                }
            }
        }
        // Runs of junk units; a lone unit reports the part its evidence spans.
        let mut spans = Vec::new();
        let mut i = 0;
        while i < units.len() {
            if !junk[i] {
                i += 1;
                continue;
            }
            let mut j = i;
            while j + 1 < units.len() && junk[j + 1] {
                j += 1;
            }
            if j > i {
                spans.push(scores.span(i).start..scores.span(j).end);
            } else {
                let hits = scores.hits_of(&units[i]);
                spans.push(self.evidence_extent(text, scores.span(i), hits));
            }
            i = j + 1;
        }
        if spans.is_empty() {
            return (spans, false);
        }
        let total = chars.max(1);
        let junk_chars: usize = spans.iter().map(|s| visible_chars(&text[s.clone()])).sum();
        let alone = (units.iter().zip(&junk)).all(|(u, junk)| !junk || scores.alone(u));
        if alone && junk_chars < total {
            return (spans, false);
        }
        if junk_chars * 2 >= total {
            return (vec![content.clone()], true);
        }
        (spans, false)
    }
}

impl JunkLine {
    /// The part of a unit its evidence spans: the whole unit when it is short or the evidence
    /// is most of it, else from the first hit to the last, widened to enclosing brackets.
    fn evidence_extent(&self, text: ViewText, span: Span, hits: Option<&UnitHits>) -> Span {
        let Some(hits) = hits else {
            return span;
        };
        let Span { start, end } = hits.extent.span();
        let unit_chars = hits.chars as usize;
        if hits.alone {
            return widen_to_brackets(text, &span, start..end);
        }
        if hits.whole_line
            || unit_chars <= self.whole_chars
            || visible_chars(&text[start..end]) * 2 >= unit_chars
        {
            return span;
        }
        // A short name glued after the evidence belongs to it (`官方抖音号公文写作小助手`).
        const TAIL: usize = 8;
        let rest = &text[end..span.end];
        let end = if rest.chars().count() <= TAIL && rest.chars().all(char::is_alphanumeric) {
            span.end
        } else {
            end
        };
        widen_to_brackets(text, &span, start..end)
    }
}

/// Characters (spaces not counted) covered by the union of spans.
fn covered_chars(text: ViewText, spans: &mut [Span]) -> usize {
    spans.sort_by_key(|s| (s.start, s.end));
    let mut total = 0;
    let mut current: Option<Span> = None;
    for s in spans.iter() {
        match &mut current {
            Some(c) if s.start <= c.end => c.end = c.end.max(s.end),
            _ => {
                if let Some(c) = current.take() {
                    total += text.get(c).map_or(0, visible_chars);
                }
                current = Some(s.clone());
            }
        }
    }
    if let Some(c) = current {
        total += text.get(c).map_or(0, visible_chars);
    }
    total
}

/// Widen `inner` to the brackets around it when they are close (`(此文内容仅供参考…)`), or to
/// the dash runs a site puts around an injected notice (`---本文来源于网络…---`).
fn widen_to_brackets(text: ViewText, within: &Span, inner: Span) -> Span {
    const MAX_GAP: usize = 12;
    const OPEN: &[char] = &['(', '（', '【', '[', '〔'];
    const CLOSE: &[char] = &[')', '）', '】', ']', '〕'];
    let is_dash = |c: char| matches!(c, '-' | '－');
    let before = &text[within.start..inner.start];
    let after = &text[inner.end..within.end];
    // Scanning back: an opening bracket, or the start of a run of two or more dashes.
    let mut open = None;
    let mut dashes = 0;
    for (i, c) in before.char_indices().rev().take(MAX_GAP) {
        if is_dash(c) {
            dashes += 1;
            open = (dashes >= 2).then_some(i);
            continue;
        }
        if open.is_some() {
            break;
        }
        dashes = 0;
        if OPEN.contains(&c) {
            open = Some(i);
            break;
        }
        if CLOSE.contains(&c) {
            break;
        }
    }
    let mut close = None;
    let mut dashes = 0;
    for (i, c) in after.char_indices().take(MAX_GAP) {
        if is_dash(c) {
            dashes += 1;
            close = (dashes >= 2).then_some(i + c.len_utf8());
            continue;
        }
        if close.is_some() {
            break;
        }
        dashes = 0;
        if CLOSE.contains(&c) {
            close = Some(i + c.len_utf8());
            break;
        }
        if OPEN.contains(&c) {
            break;
        }
    }
    match (open, close) {
        (Some(o), Some(c)) => within.start + o..inner.end + c,
        _ => inner,
    }
}

/// What separates the keywords of a keyword line.
fn separates_keywords(c: char) -> bool {
    is_space(c) || matches!(c, ',' | '，' | '、' | '|' | '/')
}

/// Marks of a sentence, which a keyword line never holds.
const NOT_IN_KEYWORD_LINES: [char; 10] = ['。', '！', '？', '；', '：', ':', '“', '”', '《', '》'];

fn is_keyword_line<'t>(
    s: &str,
    k: &KeywordParams,
    mut title_lines: impl Iterator<Item = &'t str>,
) -> bool {
    let separates = separates_keywords;
    let tokens = || s.split(separates).filter(|t| !t.is_empty());
    // The token test first, in one walk that stops at the first long piece (a sentence's
    // first clause): every token is short and holds a letter or digit.
    let mut count = 0;
    let (mut chars, mut alphanumeric) = (0, false);
    for c in s.chars().chain([' ']) {
        // A common Han character (most of a line) is neither a separator nor ever without
        // a letter: told by its range, as the separator test and the table behind
        // `is_alphanumeric` are slow to read for one.
        let han = is_common_han(c);
        if !han && separates(c) {
            if chars > 0 {
                if !alphanumeric {
                    return false;
                }
                count += 1;
            }
            (chars, alphanumeric) = (0, false);
            continue;
        }
        chars += 1;
        if chars > k.max_token_chars {
            return false;
        }
        // Asked until one is found.
        alphanumeric = alphanumeric || han || c.is_alphanumeric();
    }
    count >= k.min_tokens
        && !s.contains(NOT_IN_KEYWORD_LINES)
        && title_lines.any(|line| line != s && tokens().all(|t| line.contains(t)))
}

impl Check for JunkLine {
    fn reads_earlier_findings(&self) -> bool {
        false
    }

    fn compile_fully(&self) {
        for feature in &self.features {
            feature.regex.regex();
        }
        for regex in self.neighbour_regexes() {
            regex.regex();
        }
        self.terms();
        if let Some(classes) = &self.classes {
            classes.words();
        }
    }

    fn is_compiled(&self) -> bool {
        self.features.iter().all(|f| f.regex.is_compiled())
            && self.neighbour_regexes().all(LazyRegex::is_compiled)
            && (self.term_names.is_empty() || self.terms.get().is_some_and(Option::is_some))
            && (self.classes.as_ref()).is_none_or(|c| c.words.get().is_some_and(Option::is_some))
    }

    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let lines = &ctx.doc.lines;
        // The shared facts count in u32: none for a text of 4 GiB or more. No document read
        // is this large (see `io::DOCUMENT_LIMIT`); one handed to `lint` is left to the other
        // rules.
        if u32::try_from(ctx.text.len()).is_err() {
            return;
        }
        // Match on the simplified view, a line at a time; show the text as written.
        let view = ctx.simplified();
        let line_text = |i: usize| view.line_of(&lines[i].content());
        let content = |i: usize| view.slice(&lines[i].content());
        let edge_lines = self.edge.as_ref().map_or(0, |e| e.lines);
        // The document's one literal scan, and one pass per feature that has no literals:
        // which lines to search. Slots: one per feature, then the terms, then the classes.
        let shared = Some(ctx.simplified_occurrences());
        let mut maybe = self.screen.marks_in_view(view, lines, shared);
        for (k, feature) in self.features.iter().enumerate() {
            let Some(screen) = &feature.screen else {
                continue;
            };
            maybe.clear(k);
            // The screen tells which lines to try: it reads the text as written, and then
            // each line the view changes as the view has it (a match of the feature in a
            // unit is a match of the screen in the unit's line).
            for m in screen.find_iter(ctx.text) {
                maybe.mark(lines, k, m.start(), m.end());
            }
            for changed in view.changed_spans() {
                for m in screen.find_iter(view.slice(&changed)) {
                    maybe.mark(lines, k, changed.start + m.start(), changed.start + m.end());
                }
            }
        }
        if self.nothing_can_be_junk(&maybe) {
            return;
        }
        let facts = ctx
            .line_facts
            .get_or_init(|| LineFacts::new(ctx.text, lines));
        let Some(facts) = facts else {
            return;
        };
        let titles: Vec<(usize, &str)> = match &self.keywords {
            Some(k) => (facts.nonblank())
                .take(k.lines)
                .map(|i| (i, content(i).trim()))
                .collect(),
            None => Vec::new(),
        };
        let mut scratch = Scratch {
            places: self.classes.as_ref().and_then(|c| c.places(shared)),
            literals: self.literal_places(shared),
            regexes: Some(super::RunRegexes::new(ctx.text, self.features.len())),
            ..Scratch::default()
        };
        let nonblank = facts.nonblank();
        // The `pos`th non-blank line's neighbours on the sides `n` looks at.
        let sides = |n: &Neighbour, pos: usize| {
            let [previous, next] = facts.around(pos);
            let previous = previous.filter(|_| n.side != Side::Next);
            let next = next.filter(|_| n.side != Side::Previous);
            previous.into_iter().chain(next)
        };
        // A line is tried with a pattern only where the screen allows it a match.
        let own_matches = |k: usize, n: &Neighbour, i: usize| {
            n.own.as_ref().is_none_or(|r| {
                self.neighbour_may_match(&maybe.line(i), k, true) && r.is_match(content(i))
            })
        };
        let pattern_matches = |k: usize, n: &Neighbour, j: usize| {
            n.pattern.as_ref().is_none_or(|r| {
                self.neighbour_may_match(&maybe.line(j), k, false) && r.is_match(content(j))
            })
        };
        // Score the `pos`th non-blank line, `i`: its units, the line whole, and the weight of
        // the neighbours that do not depend on junk status (it reads no score). The line is
        // left open, for the caller to settle.
        let score_line = |pos: usize, i: usize, units: &mut LineUnits, scratch: &mut Scratch| {
            let place = Place {
                line: i,
                edge: pos < edge_lines || nonblank.len() - pos <= edge_lines,
                titles: &titles,
                maybe: maybe.line(i),
                features_maybe: maybe.line(i).first_bits(self.features.len()),
            };
            if self.shape_only(&place) {
                // Nor does the whole line: it is never junk on its own.
                let shape = |(_, chars)| self.unit(chars, place.edge, Found::default());
                units.set(i, facts.units_of(i).map(shape));
            } else {
                let content = &lines[i].content();
                units.set(
                    i,
                    facts.units_of(i).map(|(span, chars)| {
                        self.score(line_text(i), &span, chars, &place, scratch)
                    }),
                );
                // A short line cut by wide gaps (`发布者：admin  浏览：1234次`) is also scored
                // whole.
                if units.units_of(i).len() > 1 && facts.chars(i) <= self.whole_chars * 2 {
                    let chars = facts.chars(i);
                    let mut whole = self.score(line_text(i), content, chars, &place, scratch);
                    whole.whole_line = true;
                    if whole.unit.is_junk(self.threshold) {
                        units.replace_with(i, content, whole);
                    }
                }
            }
            let (mut bonus, mut evidence) = (0.0, false);
            for (k, n) in self.neighbours.iter().enumerate().filter(|(_, n)| !n.junk) {
                if !own_matches(k, n, i) {
                    continue;
                }
                let found = sides(n, pos).any(|j| pattern_matches(k, n, j));
                if found {
                    bonus += n.weight;
                    evidence |= n.weight > 0.0;
                }
            }
            if bonus != 0.0 || evidence {
                units.add(i, bonus, evidence);
            }
        };
        let mut units = LineUnits::new(&facts.units, &facts.unit_bounds);
        units.keep_from(self.threshold);
        for (pos, i) in nonblank.clone().enumerate() {
            score_line(pos, i, &mut units, &mut scratch);
            units.settle(false);
        }
        // Line `i`'s junk spans, and whether they cover half of it. Most lines have no junk
        // unit, and are answered without reading their text.
        let junk_of = |i: usize, units: &LineUnits| {
            if !units.units_of(i).iter().any(|u| u.is_junk(self.threshold)) {
                return (Vec::new(), false);
            }
            let content = lines[i].content();
            self.line_junk(line_text(i), &content, facts.chars(i), units.of(i))
        };
        // Neighbour features that need a junk neighbour: spread until nothing changes.
        // Per line a bit, not a byte: these flags are a rule's own, on top of the findings so
        // far (a byte each for the lines and the neighbours took 10 MB of a 50 MB draft with
        // a heading every few lines, in a rule with three junk neighbours).
        let mut whole = FixedBitSet::with_capacity(lines.len());
        for i in nonblank.clone() {
            whole.set(i, junk_of(i, &units).1);
        }
        let junk_neighbours: Vec<(usize, &Neighbour)> = self
            .neighbours
            .iter()
            .enumerate()
            .filter(|(_, n)| n.junk)
            .collect();
        let slots = lines.len() * junk_neighbours.len();
        let mut applied = FixedBitSet::with_capacity(slots);
        // Whether a line fails a neighbour's `own` pattern, asked once per line: whether it
        // was asked, and the answer.
        let (mut own_asked, mut own_fails) = (FixedBitSet::with_capacity(slots), applied.clone());
        for _round in 0..8 {
            let mut changed = false;
            for (pos, i) in nonblank.clone().enumerate() {
                if whole.contains(i) {
                    continue;
                }
                for (k, &(index, n)) in junk_neighbours.iter().enumerate() {
                    let slot = i * junk_neighbours.len() + k;
                    // A wholly junk neighbour first: most lines have none, and need no
                    // pattern tried.
                    if applied.contains(slot) || !sides(n, pos).any(|j| whole.contains(j)) {
                        continue;
                    }
                    if !own_asked.put(slot) {
                        own_fails.set(slot, !own_matches(index, n, i));
                    }
                    if own_fails.contains(slot) {
                        continue;
                    }
                    let found =
                        sides(n, pos).any(|j| whole.contains(j) && pattern_matches(index, n, j));
                    if found {
                        applied.insert(slot);
                        // A line without evidence was not kept: scored again, the same.
                        if !units.holds(i) {
                            score_line(pos, i, &mut units, &mut scratch);
                            units.settle(true);
                        }
                        units.add(i, n.weight, n.weight > 0.0);
                        if junk_of(i, &units).1 {
                            whole.insert(i);
                            changed = true;
                        }
                    }
                }
            }
            if !changed {
                break;
            }
        }
        // A short line with some junk, next to a wholly junk line, is junk as a whole. Few
        // lines have junk: their spans are kept by line, not a list per line.
        let mut reported_whole = FixedBitSet::with_capacity(lines.len());
        let mut reported: BTreeMap<usize, Vec<Span>> = BTreeMap::new();
        for i in nonblank.clone() {
            let (spans, whole) = junk_of(i, &units);
            reported_whole.set(i, whole);
            if !spans.is_empty() {
                reported.insert(i, spans);
            }
        }
        for _round in 0..8 {
            let mut changed = false;
            for (pos, i) in nonblank.clone().enumerate() {
                let scores = units.of(i);
                let alone = (scores.units.iter())
                    .filter(|u| u.is_junk(self.threshold))
                    .all(|u| scores.alone(u));
                if reported_whole.contains(i)
                    || !reported.contains_key(&i)
                    || alone
                    || facts.chars(i) > self.whole_chars * 2
                {
                    continue;
                }
                let beside = (facts.around(pos).into_iter())
                    .flatten()
                    .any(|j| reported_whole.contains(j));
                if beside {
                    reported.insert(i, vec![lines[i].content()]);
                    reported_whole.insert(i);
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        for (i, spans) in reported {
            for span in spans {
                let shown = excerpt(&ctx.text[span.clone()]);
                let evidence = strongest(ctx.text, units.of(i), &span);
                let mut diagnostic = ctx.diagnostic(
                    rule,
                    span.clone(),
                    &[("text", shown.as_str()), ("evidence", evidence.as_str())],
                );
                // A whole line of page furniture goes with its line break; a piece of a line
                // (a dateline, a note after a sentence) is left to the writer, who may need
                // to mend the sentence around it.
                if ctx.whole_lines(&span).is_some() {
                    diagnostic.fix = ctx.deletion(rule, &span);
                }
                out.push(diagnostic);
            }
        }
    }
}

/// The text of the strongest evidence inside `span`, of the units it overlaps. A span found
/// holds all the hits of each unit it overlaps (a unit's run, its hits' extent, the line), so
/// each unit's strongest hit is read.
fn strongest(text: &str, scores: LineScores, span: &Span) -> String {
    // A unit's evidence lies inside it, and units are in order: only those that overlap the
    // span are read (a long line has many spans, and many units).
    let first = (scores.spans).partition_point(|&[_, end, _]| end as usize <= span.start);
    (scores.units.iter().zip(scores.spans).skip(first))
        .take_while(|(_, &[start, _, _])| (start as usize) < span.end)
        .filter_map(|(u, _)| scores.hits_of(u).map(|hits| &hits.strongest))
        .filter(|h| h.at.start as usize >= span.start && h.at.end as usize <= span.end)
        .max_by(Hit::strength)
        .map(|h| excerpt(text[h.at.span()].trim()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::run;

    #[test]
    fn a_lines_neighbours_are_the_nonblank_lines_around_it_and_its_characters_its_units() {
        let text = "甲\n\n乙乙  丙丙丙\n \n丁\n";
        let doc = crate::parse::parse(text);
        let facts = super::LineFacts::new(text, &doc.lines).expect("a short text");
        assert_eq!(facts.nonblank().collect::<Vec<_>>(), [0, 2, 4]);
        assert_eq!(facts.around(0), [None, Some(2)]);
        assert_eq!(facts.around(1), [Some(0), Some(4)]);
        assert_eq!(facts.around(2), [Some(2), None]);
        // Two units cut at the wide gap, five characters between them; a blank line has none.
        assert_eq!(facts.units_of(2).count(), 2);
        assert_eq!((facts.chars(0), facts.chars(2), facts.chars(3)), (1, 5, 0));
    }

    #[test]
    fn word_places_merge_each_words_starts_by_start_then_end() {
        use super::{word_places, WordList, WordPlace, WordPlaces};
        use crate::analysis::vocabulary::{intern, Occurrences};
        let words = ["先进", "先进个人", "个人"];
        let ids: Vec<_> = intern(words.iter().map(|w| w.as_bytes()))
            .into_iter()
            .map(Option::unwrap)
            .collect();
        let text = "先进个人，个人先进";
        let mut shared = Occurrences::scan(text);
        let listed =
            (ids.iter().zip(words).enumerate()).map(|(word, (&id, w))| (id, w.len(), word));
        let listed = WordList::new(listed).expect("each fits in a place");
        let place = |start, len, word| WordPlace { start, len, word };
        let expected = vec![
            place(0, 6, 0),
            place(0, 12, 1),
            place(6, 6, 2),
            place(15, 6, 2),
            place(21, 6, 0),
        ];
        let plain = word_places(&shared, &listed).expect("words scanned");
        assert!(matches!(plain, WordPlaces::Plain(_)) && plain.to_vec() == expected);
        // A large text's lists are packed, and its places too: the same, in the same order.
        shared.pack();
        let packed = word_places(&shared, &listed).expect("words scanned");
        assert!(matches!(packed, WordPlaces::Packed { .. }) && packed.to_vec() == expected);
        let mut within = Vec::new();
        packed.each_within(&(6..21), &mut 0, |place| within.push(*place));
        assert!(within == expected[2..4]);
        // A length that does not fit in a place: no places, and the rule searches instead.
        assert!(WordList::new([(ids[0], 1 << 16, 0)].into_iter()).is_none());
        // A word the scan did not look for: no places either.
        let later = intern(["词位测试扫描之后才加的词".as_bytes()])[0].unwrap();
        let listed = WordList::new([(ids[0], 6, 0), (later, 36, 1)].into_iter()).unwrap();
        assert!(word_places(&shared, &listed).is_none());
    }

    fn found(code: &str, text: &str) -> Vec<(usize, usize, String)> {
        run(code, text)
    }

    fn at(line: usize, column: usize, text: &str) -> (usize, usize, String) {
        (line, column, text.to_string())
    }

    #[test]
    fn a_kept_unit_keeps_its_hits_extent_and_the_strongest_hit() {
        use super::{Hit, LineUnits, Scored, Unit};
        // Hits in the order found: the two heaviest tie, the first of them is named.
        let hits = [(9, 1.0), (6, 3.0), (3, 3.0), (12, 2.0)];
        let scored = Scored {
            unit: Unit::new(3.0, true),
            evidence: hits.map(|(at, w)| Hit::new(&(at..at + 3), w)).into(),
            chars: 6,
            alone: false,
            whole_line: false,
        };
        let (spans, bounds) = ([[0, 18, 6]], [0, 1]);
        let mut units = LineUnits::new(&spans, &bounds);
        units.set(0, std::iter::once(scored));
        units.settle(false);
        let line = units.of(0);
        let kept = line
            .hits_of(&line.units[0])
            .map(|h| (h.extent, h.strongest));
        let extent = crate::model::Offsets { start: 3, end: 15 };
        assert_eq!(kept, Some((extent, Hit::new(&(3..6), 3.0))));
        // Among hits equal in weight and start, the last found.
        let same = [Hit::new(&(3..6), 1.0), Hit::new(&(3..9), 1.0)];
        assert_eq!(same.iter().max_by(Hit::strength), Some(&same[1]));
    }

    #[test]
    fn a_lines_units_keep_their_hits_and_take_a_neighbours_evidence() {
        use super::{Hit, LineUnits, Scored, Unit};
        let scored = |start: usize, alone: bool| Scored {
            unit: Unit::new(1.0, true),
            evidence: Box::new([Hit::new(&(start..start + 3), 1.0)]),
            chars: 1,
            alone,
            whole_line: false,
        };
        // Line 0 is blank; line 1 has two units.
        let (spans, bounds) = ([[0, 3, 1], [3, 6, 1]], [0, 0, 2]);
        let mut units = LineUnits::new(&spans, &bounds);
        units.set(0, std::iter::empty());
        units.settle(false);
        units.set(1, [scored(0, true), scored(3, false)].into_iter());
        units.settle(false);
        let line = units.of(1);
        assert!(units.of(0).units.is_empty());
        let strongest = |unit| line.hits_of(unit).map(|hits| hits.strongest);
        assert_eq!(strongest(&line.units[1]), Some(Hit::new(&(3..6), 1.0)));
        assert_eq!((line.span(0), line.span(1)), (0..3, 3..6));
        assert_eq!(
            (line.alone(&line.units[0]), line.alone(&line.units[1])),
            (true, false)
        );
        // A neighbour's weight without evidence leaves evidence reported alone as it was.
        units.add(1, 0.5, false);
        let line = units.of(1);
        assert!(line.alone(&line.units[0]));
        assert_eq!(line.units[0].score(), 1.5);
        // A neighbour's evidence is not of a feature reported alone.
        units.add(1, 0.5, true);
        let line = units.of(1);
        assert!(!line.alone(&line.units[0]));
        assert_eq!(line.units[1].score(), 2.0);
        // Scored whole, the line is its one unit, with its own hits and the line's span.
        units.replace_with(1, &(0..7), scored(0, true));
        let line = units.of(1);
        assert_eq!(line.units.len(), 1);
        assert_eq!(line.span(0), 0..7);
        assert!(line.alone(&line.units[0]));
        let strongest = line.hits_of(&line.units[0]).map(|hits| hits.strongest);
        assert_eq!(strongest, Some(Hit::new(&(0..3), 1.0)));
    }

    /// The evidence named for a span is the strongest inside it, wherever the span starts and
    /// ends among the line's units (read only where they overlap it).
    #[test]
    fn the_evidence_named_is_the_strongest_inside_the_span() {
        use super::{strongest, Hit, LineUnits, Scored, Unit};
        let text = "甲乙丙丁戊己庚辛壬癸子丑";
        // Units of two characters (6 bytes), each with one hit: on its first character for
        // an odd unit, on its second for an even one.
        let scored = |k: u32, weight: f64| Scored {
            unit: Unit::new(weight, true),
            evidence: {
                let hit = 6 * k as usize + if k % 2 == 1 { 0 } else { 3 };
                Box::new([Hit::new(&(hit..hit + 3), weight)])
            },
            chars: 2,
            alone: false,
            whole_line: false,
        };
        let spans: Vec<[u32; 3]> = (0..6).map(|k| [6 * k, 6 * k + 6, 2]).collect();
        let bounds = [0, 6];
        let mut units = LineUnits::new(&spans, &bounds);
        let weights = [5.0, 1.0, 2.0, 3.0, 1.0, 4.0];
        units.set(0, (0..6).map(|k| scored(k, weights[k as usize])));
        units.settle(false);
        let named = |span: std::ops::Range<usize>| strongest(text, units.of(0), &span);
        assert_eq!(named(0..36), "乙");
        // From the middle of the first unit: its hit is inside, and the strongest.
        assert_eq!(named(3..12), "乙");
        assert_eq!(named(6..24), "庚");
        // Ending in the middle of a unit: its hit before the end counts, one across it not.
        assert_eq!(named(12..21), "庚");
        assert_eq!(named(6..20), "己");
        assert_eq!(named(12..36), "子");
        // A span with no hit inside names none.
        assert_eq!(named(9..15), "");
    }

    /// A line without units has nowhere to put the line scored whole: the next line's units
    /// stay as they were (a debug build says so).
    #[test]
    #[cfg_attr(debug_assertions, should_panic(expected = "has no unit to replace"))]
    fn a_line_without_units_is_not_replaced() {
        use super::{LineUnits, Scored, Unit};
        let scored = |score: f64| Scored {
            unit: Unit::new(score, false),
            evidence: Box::default(),
            chars: 1,
            alone: false,
            whole_line: false,
        };
        let (spans, bounds) = ([[5, 8, 1]], [0, 0, 1]);
        let mut units = LineUnits::new(&spans, &bounds);
        units.set(0, std::iter::empty());
        units.settle(true);
        units.set(1, std::iter::once(scored(1.0)));
        units.settle(true);
        units.replace_with(0, &(0..4), scored(2.0));
        assert!(units.of(0).units.is_empty());
        let line = units.of(1);
        assert_eq!((line.span(0), line.units[0].score()), (5..8, 1.0));
    }

    /// A line none of whose units has evidence is not kept, unless asked; a line scored
    /// again after later lines were kept is found as any other.
    #[test]
    fn only_lines_with_evidence_are_kept_until_a_neighbour_asks() {
        use super::{LineUnits, Scored, Unit};
        let scored = |score: f64, evidence: bool| Scored {
            unit: Unit::new(score, evidence),
            evidence: Box::default(),
            chars: 1,
            alone: false,
            whole_line: false,
        };
        // Lines 0, 1 and 2 have a unit each, line 3 two.
        let spans = [[0, 1, 1], [2, 3, 1], [4, 5, 1], [6, 7, 1], [8, 9, 1]];
        let bounds = [0, 1, 2, 3, 5];
        let mut units = LineUnits::new(&spans, &bounds);
        units.set(0, std::iter::once(scored(1.0, false)));
        units.settle(false);
        units.set(1, std::iter::once(scored(2.0, true)));
        units.settle(false);
        units.set(2, std::iter::once(scored(3.0, false)));
        // Open, a line is held until it settles.
        assert!(units.holds(2));
        units.settle(false);
        units.set(3, [scored(4.0, false), scored(5.0, true)].into_iter());
        units.settle(false);
        assert!(!units.holds(0) && units.holds(1) && !units.holds(2) && units.holds(3));
        assert!(units.units_of(0).is_empty() && units.of(2).spans.is_empty());
        let scores = |units: &LineUnits, line| {
            units
                .units_of(line)
                .iter()
                .map(Unit::score)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            (scores(&units, 1), scores(&units, 3)),
            (vec![2.0], vec![4.0, 5.0])
        );
        assert_eq!(units.of(3).span(1), 8..9);
        // Line 0 scored again, for a neighbour's weight, is kept after line 3.
        units.set(0, std::iter::once(scored(1.0, false)));
        units.settle(true);
        units.add(0, 0.5, true);
        assert!(units.holds(0) && units.units_of(0)[0].is_junk(1.5));
        let all = [0, 1, 3].map(|line| scores(&units, line));
        assert_eq!(all, [vec![1.5], vec![2.0], vec![4.0, 5.0]]);
        assert_eq!(units.of(0).span(0), 0..1);
    }

    #[test]
    fn only_lines_with_a_unit_scoring_enough_are_kept_until_asked() {
        use super::{LineUnits, Scored, Unit};
        let scored = |score: f64, evidence: bool| Scored {
            unit: Unit::new(score, evidence),
            evidence: Box::new([]),
            chars: 1,
            alone: false,
            whole_line: false,
        };
        // Four lines of one unit each.
        let (spans, bounds) = (
            [[0, 1, 1], [2, 3, 1], [4, 5, 1], [6, 7, 1]],
            [0, 1, 2, 3, 4],
        );
        let mut units = LineUnits::new(&spans, &bounds);
        units.keep_from(2.0);
        for (line, score, evidence) in [(0, 1.5, true), (1, 2.0, true), (2, 3.0, false)] {
            units.set(line, std::iter::once(scored(score, evidence)));
            units.settle(false);
        }
        // Below the least, or without evidence: not kept; at it: kept.
        assert_eq!(
            [0, 1, 2].map(|line| units.holds(line)),
            [false, true, false]
        );
        // Scored again for a neighbour's weight, a line is kept whatever its score.
        units.set(3, std::iter::once(scored(0.5, true)));
        units.settle(true);
        assert!(units.holds(3));
    }

    /// A kept line's place among the kept lines is counted across the words of the bits.
    #[test]
    fn kept_lines_are_counted_across_words() {
        let lines = [0, 3, 63, 64, 65, 127, 200, 1000];
        let mut kept = super::KeptLines::default();
        for &line in &lines {
            assert!(kept.may_push(line));
            kept.push(line);
        }
        assert!(!kept.may_push(1000) && !kept.may_push(5) && kept.may_push(1001));
        for line in 0..1100 {
            assert_eq!(
                kept.rank(line),
                lines.iter().position(|&l| l == line),
                "{line}"
            );
        }
    }

    #[test]
    fn a_scored_unit_is_small() {
        // Every unit of a document is scored by each rule: a 50 MB file has 400,000.
        assert_eq!(std::mem::size_of::<super::Unit>(), 12);
        // A unit with evidence: its hits' extent and strongest hit, not each hit.
        assert_eq!(std::mem::size_of::<super::UnitHits>(), 32);
        assert_eq!(std::mem::size_of::<super::Hit>(), 16);
    }

    #[test]
    fn a_units_evidence_and_where_its_hits_are_share_a_word_apart() {
        use super::{Unit, NO_HITS};
        let mut unit = Unit::new(1.0, false);
        assert_eq!((unit.hits(), unit.evidence()), (NO_HITS as usize, false));
        unit.set_hits(7);
        unit.add(0.5, true);
        assert_eq!((unit.hits(), unit.evidence(), unit.score()), (7, true, 1.5));
        // Evidence once found stays; hits past the most kept are none.
        unit.add(1.0, false);
        assert!(unit.evidence() && unit.is_junk(2.5) && !unit.is_junk(2.6));
        unit.set_hits(usize::MAX);
        assert_eq!((unit.hits(), unit.evidence()), (NO_HITS as usize, true));
        assert!(!Unit::new(5.0, false).is_junk(1.0));
    }

    /// Every junk-line rule, to check that official text is left alone.
    const LINE_RULES: &[&str] = &["ZJ401", "ZJ402", "ZJ403", "ZJ405", "ZJ406", "ZJ407"];

    fn build_error(params: &str) -> String {
        let table: toml::Table = toml::from_str(params).expect("test TOML");
        match super::build(&table) {
            Ok(_) => String::new(),
            Err(e) => e,
        }
    }

    #[test]
    fn a_class_name_in_a_pattern_stands_for_its_words_and_an_unknown_one_is_an_error() {
        let mut classes = std::collections::BTreeMap::new();
        classes.insert(
            "key".to_string(),
            vec!["来源".to_string(), "来源单位".to_string()],
        );
        classes.insert("empty".to_string(), vec![]);
        assert_eq!(
            crate::checks::expand_vocabulary("^(?:{key})\\s{2,}", &classes).as_deref(),
            Ok("^(?:(?:来源单位|来源))\\s{2,}")
        );
        let unknown = crate::checks::expand_vocabulary("{key}{other}", &classes);
        assert!(unknown.is_err_and(|e| e.contains("“other”")));
        assert!(crate::checks::expand_vocabulary("{empty}", &classes).is_err());
        assert_eq!(
            crate::checks::expand_vocabulary("\\p{Han}{key}", &classes).as_deref(),
            Ok("\\p{Han}(?:来源单位|来源)")
        );
    }

    #[test]
    fn class_features_are_checked_when_the_rule_loads() {
        let base = "threshold = 3.5\nwhole_chars = 36\n";
        let unknown = format!("{base}features = [{{ all = [\"reader\"], weight = 1.0 }}]\n[classes]\noffer = [\"整理\"]");
        assert_eq!(build_error(&unknown), "未定义的词类“reader”");
        let both = format!("{base}features = [{{ pattern = 'a', all = [\"offer\"], weight = 1.0 }}]\n[classes]\noffer = [\"整理\"]");
        assert_eq!(build_error(&both), "特征须有 pattern 或 all 二者之一");
        let none = format!("{base}features = [{{ all = [\"offer\"], weight = 1.0 }}]");
        assert_eq!(build_error(&none), "规则没有定义词类（classes）");
        let fine = format!("{base}features = [{{ all = [\"offer\"], weight = 1.0 }}]\n[classes]\noffer = [\"整理\"]");
        assert_eq!(build_error(&fine), "");
    }

    #[test]
    fn a_feature_too_large_for_the_engine_is_an_error_when_a_users_rule_loads() {
        let params = "threshold = 3.5\nwhole_chars = 36\nfeatures = [{ pattern = '来源\\w{1000}{1000}', weight = 1.0 }]";
        let table: toml::Table = toml::from_str(params).expect("test TOML");
        // Built, its feature waits for a line that may hold `来源`; a user's rule is compiled
        // whole when it loads, and fails then.
        let check = super::build(&table).expect("the syntax is right");
        assert!(!check.is_compiled());
        let error = crate::checks::build_now("junk-line", &table).err();
        assert!(error.is_some_and(|e| e.contains("太大")));
        let small = params.replace("{1000}{1000}", "{2}");
        let table: toml::Table = toml::from_str(&small).expect("test TOML");
        assert!(crate::checks::build_now("junk-line", &table).is_ok());
    }

    #[test]
    fn a_neighbour_is_compiled_at_its_first_search_and_when_a_users_rule_loads() {
        let params = "threshold = 3.5\nwhole_chars = 36\nfeatures = [{ pattern = '来源', weight = 1.0 }]\nneighbours = [{ own = '^\\w{1000}{1000}$', junk = true, weight = 1.0 }]";
        let table: toml::Table = toml::from_str(params).expect("test TOML");
        let check = super::build(&table).expect("the syntax is right");
        check.compile_fully();
        assert!(!check.is_compiled());
        let error = crate::checks::build_now("junk-line", &table).err();
        assert!(error.is_some_and(|e| e.contains("太大")));
        // A small one: compiled whole with the rule's other patterns.
        let small = params.replace("{1000}{1000}", "{2}");
        let table: toml::Table = toml::from_str(&small).expect("test TOML");
        let check = super::build(&table).expect("the syntax is right");
        check.compile_fully();
        assert!(check.is_compiled());
        assert!(crate::checks::build_now("junk-line", &table).is_ok());
        // A broken one is an error when the rule is built.
        let broken = params.replace("{1000}{1000}", "{2");
        let table: toml::Table = toml::from_str(&broken).expect("test TOML");
        assert!(super::build(&table)
            .err()
            .is_some_and(|e| e.contains("有误")));
    }

    #[test]
    fn a_neighbour_is_tried_only_on_lines_that_hold_its_strings() {
        use crate::checks::Check;
        let params = "threshold = 3.5\nwhole_chars = 36\n\
                      features = [{ pattern = '来源', weight = 1.0 }]\n\
                      neighbours = [{ own = '^时间[:：]\\S+$', pattern = '^\\S+局$', \
                      side = \"previous\", weight = 1.0 }]";
        let table: toml::Table = toml::from_str(params).expect("test TOML");
        let catalogue = crate::catalogue::Catalogue::builtin().expect("built-in rules load");
        let def = (catalogue.rules.iter())
            .find(|r| r.def.kind == "junk-line")
            .map(|r| r.def.clone())
            .expect("a built-in junk-line rule");
        let neighbour_compiled = |text: &str| {
            let check = super::junk_line(&table).expect("the rule builds");
            let doc = crate::parse::parse(text);
            let ctx = crate::checks::Context::new(text, &doc);
            check.run(&def, &ctx, &mut Vec::new());
            let n = &check.neighbours[0];
            let compiled =
                |r: &Option<super::LazyRegex>| r.as_ref().is_some_and(|r| r.is_compiled());
            (compiled(&n.own), compiled(&n.pattern))
        };
        // No line holds `时间`: its own pattern is tried on none, and so its pattern too.
        assert_eq!(
            neighbour_compiled("来源：本站\n正文第一段。\n某县局\n"),
            (false, false)
        );
        assert_eq!(
            neighbour_compiled("某县教育局\n时间：2019/1/2\n来源：本站\n"),
            (true, true)
        );
    }

    #[test]
    fn only_the_neighbour_patterns_tried_on_every_line_are_screened() {
        // Screened: the own pattern of a neighbour that needs no junk beside it, and the
        // pattern of one without an own. Not: a pattern beside an own one, and a junk
        // neighbour's (both tried next to few lines).
        let params = "threshold = 3.5\nwhole_chars = 36\n\
                      features = [{ pattern = '来源', weight = 1.0 }]\nneighbours = [\
                      { own = '^邻居甲$', pattern = '^邻居乙$', weight = 1.0 }, \
                      { pattern = '^邻居丙$', weight = 1.0 }, \
                      { own = '^邻居丁$', pattern = '^邻居戊$', junk = true, weight = 1.0 }]";
        let table: toml::Table = toml::from_str(params).expect("test TOML");
        let check = super::junk_line(&table).expect("the rule builds");
        let literals = check.screen.literals();
        let screened = |word: &str| literals.iter().any(|l| l == word);
        assert!(screened("邻居甲") && screened("邻居丙"));
        assert!(!screened("邻居乙") && !screened("邻居丁") && !screened("邻居戊"));
    }

    /// A junk-line rule of its own (TOML) with `features`, each worth a finding alone.
    fn rule_with_features(features: &str) -> String {
        format!(
            "[[rule]]\ncode = \"ZJ998\"\nname = \"test-junk-line\"\ncategory = \"junk\"\n\
             severity = \"warning\"\nkind = \"junk-line\"\nmessage = \"“{{text}}”\"\n\
             help = \"删除\"\nthreshold = 3.0\nwhole_chars = 36\nfeatures = [{features}]\n"
        )
    }

    #[test]
    fn a_feature_screened_by_its_expression_finds_a_line_only_the_view_matches() {
        // Four of a class of eighteen: too many to spell out, so the feature is screened by
        // its expression, over the text as written, where `點擊下載` does not match it.
        let pattern = "^[点击下载上一页首尾末跳转返回顶部前后]{4}$";
        let regex = super::LazyRegex::screened(pattern.to_string()).unwrap();
        assert_eq!(regex.required_strings(), None);
        let rule = rule_with_features(&format!("{{ pattern = '{pattern}', weight = 3.5 }}"));
        let text = "正文第一段。\n點擊下載\n正文第二段。\n下载点击\n";
        let found = crate::checks::testing::run_toml(&rule, text);
        assert_eq!(found, [at(2, 1, "點擊下載"), at(4, 1, "下载点击")]);
    }

    #[test]
    fn a_line_where_nothing_may_match_is_scored_by_its_shape() {
        // `短行` holds no feature's literal, term or class word: it is scored by its shape
        // alone (short 1.0, among the first two lines 1.0), and with its neighbour's 1.5 it
        // reaches the threshold of 3.0 only if both count.
        let rule = rule_with_features("{ pattern = '^页脚甲$', weight = 3.5 }")
            + "short = { chars = 12, weight = 1.0 }\nedge = { lines = 2, weight = 1.0 }\n\
               neighbours = [{ own = '^短行$', pattern = '^标题行$', side = \"previous\", \
               weight = 1.5 }]\n";
        let text = "标题行\n短行\n正文第一段。\n正文第二段。\n正文第三段。\n";
        let found = crate::checks::testing::run_toml(&rule, text);
        assert_eq!(found, [at(2, 1, "短行")]);
        // Past the first two lines, the same pair falls short.
        let text = "正文第一段。\n正文第二段。\n标题行\n短行\n正文第三段。\n正文第四段。\n";
        assert_eq!(crate::checks::testing::run_toml(&rule, text), []);
    }

    #[test]
    fn a_neighbour_without_a_pattern_is_evidence_where_nothing_else_matches() {
        // No feature's literal occurs, but a neighbour with no pattern of its own adds its
        // weight, as evidence, to every line beside another: the document is still read.
        let rule = rule_with_features("{ pattern = '^页脚甲$', weight = 3.5 }")
            + "short = { chars = 4, weight = 1.0 }\n\
               neighbours = [{ side = \"next\", weight = 2.0 }]\n";
        let text = "短行\n正文第一段写得很长。\n";
        let found = crate::checks::testing::run_toml(&rule, text);
        assert_eq!(found, [at(1, 1, "短行")]);
        // A document where nothing matches and no neighbour may: nothing, as before.
        let quiet = rule_with_features("{ pattern = '^页脚甲$', weight = 3.5 }")
            + "short = { chars = 4, weight = 3.0 }\n";
        assert_eq!(crate::checks::testing::run_toml(&quiet, text), []);
    }

    /// A rule whose features' literals are placed (see `Placements`): two colons; a title
    /// word that opens the unit; a count of pages after at most one character; a time; a
    /// word that closes it; and a page at each end.
    fn placed_rule() -> super::JunkLine {
        let params = "threshold = 3.0\nwhole_chars = 36\nfeatures = [\
             { pattern = '\\p{Han}{1,4}\\s*[:：]\\s*\\S+\\s+\\p{Han}{1,4}\\s*[:：]', weight = 1.5 }, \
             { pattern = '^(?:所谓)?(?:工作总结|心得体会)', weight = 1.0 }, \
             { pattern = '^[•·]?共\\d+页$', weight = 3.0 }, \
             { pattern = '\\d{1,2}:\\d{2}', weight = 1.0 }, \
             { pattern = '(?:经验|资源)(?:上传|分享)$', weight = 1.0 }, \
             { pattern = '^页[^页]{0,6}页$', weight = 1.0 }]";
        let table: toml::Table = toml::from_str(params).expect("test TOML");
        super::junk_line(&table).expect("the rule builds")
    }

    /// The feature slots `rule` may match in the unit `span` of `text`, by its screen.
    fn possible(rule: &super::JunkLine, text: &str, span: std::ops::Range<usize>) -> u64 {
        let scan = crate::analysis::vocabulary::Occurrences::scan(text);
        let places = rule.literal_places(Some(&scan));
        assert!(places.is_some(), "the scan looked for every literal");
        rule.possible_in(&places, &text[span.clone()], &span, &mut 0)
    }

    #[test]
    fn a_feature_is_tried_only_where_its_literals_stand_as_a_match_holds_them() {
        let rule = placed_rule();
        let placements = &rule.placements;
        assert_eq!(placements.twice_mask, 0b100001, "two colons, two pages");
        assert_eq!(
            placements.from_start_mask, 0b100110,
            "a title word, a count, a page"
        );
        assert_eq!(placements.to_end_mask, 0b110000, "a closing word, a page");
        // The six features' slots (the terms' and the classes' come after them).
        const FEATURES: u64 = 0b111111;
        let unit = |text: &str| possible(&rule, text, 0..text.len()) & FEATURES;
        assert_eq!(unit("作者：张三 来源：网络"), 0b0001);
        assert_eq!(unit("作者：张三"), 0, "one colon");
        assert_eq!(unit("工作总结 2023"), 0b0010);
        assert_eq!(unit("所谓工作总结"), 0b0010, "two characters before it");
        assert_eq!(unit("个人的工作总结"), 0, "three characters before it");
        assert_eq!(unit("•共12页"), 0b0100);
        assert_eq!(unit("全文共12页"), 0, "two characters before 共");
        assert_eq!(
            unit("10:30 工作总结"),
            0b1000,
            "a time, but no title word first"
        );
        assert_eq!(unit("工作总结 10:30"), 0b1010);
        assert_eq!(unit("资源分享"), 0b10000);
        assert_eq!(unit("资源分享。"), 0, "a character after it");
        // One page near the start and another near the end: each edge has one.
        assert_eq!(unit("页，第二页"), 0b100000);
        assert_eq!(unit("页，第二页。"), 0);
        // A unit inside a line: its start is where the title word must stand.
        let text = "前文。工作总结";
        assert_eq!(
            possible(&rule, text, "前文。".len()..text.len()) & FEATURES,
            0b0010
        );
        assert_eq!(possible(&rule, text, 0..text.len()) & FEATURES, 0);
    }

    proptest::proptest! {
        /// The screen never leaves out a feature that matches in the unit.
        #[test]
        fn a_feature_that_matches_a_unit_is_possible_in_it(
            pieces in proptest::collection::vec(
                proptest::sample::select(vec![
                    "作者", "：", ":", " ", "张三", "工作总结", "所谓", "个人", "12", "3", "共",
                    "页", "•", "x", "。", "资源", "分享", "上传",
                ]),
                0..8,
            ),
            cut in 0usize..4,
        ) {
            let rule = placed_rule();
            let text = pieces.concat();
            let start: usize = pieces.iter().take(cut).map(|p| p.len()).sum();
            let bits = possible(&rule, &text, start..text.len());
            for (k, feature) in rule.features.iter().enumerate() {
                if feature.regex.regex().is_match(&text[start..]) {
                    prop_assert!(bits & 1 << k != 0, "feature {} in {:?}", k, &text[start..]);
                }
            }
        }
    }

    #[test]
    fn features_beyond_the_sixty_fourth_are_tried_too() {
        // 66 features: the first 64 are tried by bits, the 65th and 66th by their marks.
        let mut features: Vec<String> = (0..64)
            .map(|k| format!("{{ pattern = '^无关的第{k}项$', weight = 3.5 }}"))
            .collect();
        features.push("{ pattern = '^页脚甲$', weight = 3.5 }".to_string());
        features.push("{ pattern = '^页脚乙$', weight = 3.5 }".to_string());
        let rule = rule_with_features(&features.join(", "));
        let text =
            "正文第一段。\n页脚甲\n正文第二段。\n无关的第3项\n正文第三段。\n页脚乙\n正文。\n";
        let found = crate::checks::testing::run_toml(&rule, text);
        assert_eq!(
            found,
            [
                at(2, 1, "页脚甲"),
                at(4, 1, "无关的第3项"),
                at(6, 1, "页脚乙")
            ]
        );
    }

    #[test]
    fn classes_score_together_not_alone() {
        // 为您 and 整理 on one short line: the site speaking to the reader.
        let text = "城关镇2023年工作总结\n一年来，我们扎实推进各项工作。\n这篇总结是特意为您整理的，请收下。\n全年完成投资12亿元。\n全年完成投资12亿元。\n全年完成投资12亿元。\n";
        assert_eq!(
            found("ZJ405", text),
            [at(3, 1, "这篇总结是特意为您整理的，请收下。")]
        );
        // 整理 alone is the office's own work.
        let text = "城关镇2023年工作总结\n全年整理档案1200卷，完成投资12亿元。\n";
        assert!(found("ZJ405", text).is_empty());
    }

    #[test]
    fn traditional_text_matches_simplified_words_at_its_own_offsets() {
        let text = "某鎮2023年工作總結\n點擊下載全文\n";
        assert_eq!(found("ZJ403", text), [at(2, 1, "點擊下載全文")]);
    }

    #[test]
    fn units_split_at_sentence_ends_and_wide_gaps() {
        let text = "甲乙。丙丁？”  戊己  庚";
        let spans = super::units(text, &(0..text.len()));
        let pieces: Vec<&str> = spans.iter().map(|(s, _)| &text[s.clone()]).collect();
        assert_eq!(pieces, ["甲乙。", "丙丁？”", "戊己", "庚"]);
        let counts: Vec<usize> = spans.iter().map(|(_, n)| *n).collect();
        assert_eq!(counts, [3, 4, 2, 1]);
    }

    #[test]
    fn site_chrome_lines() {
        let text = "您好,欢迎访问三七文档\n当前位置:首页 > 办公文档 > 组织学习教育 > 市教育局2023年教育工作总结\n市教育局2023年教育工作总结\n2023年，全市教育系统坚持立德树人。\n";
        assert_eq!(
            found("ZJ401", text),
            [
                at(1, 1, "您好,欢迎访问三七文档"),
                at(
                    2,
                    1,
                    "当前位置:首页 > 办公文档 > 组织学习教育 > 市教育局2023年教育工作总结"
                ),
            ]
        );
    }

    #[test]
    fn chrome_variants_not_in_any_list() {
        let text = "欢迎光临公文范文网\n首页 | 工作总结 | 工作计划 | 述职报告\n某县水利局2023年工作总结\n上一篇：2022年水利局工作总结\n";
        assert_eq!(
            found("ZJ401", text),
            [
                at(1, 1, "欢迎光临公文范文网"),
                at(2, 1, "首页 | 工作总结 | 工作计划 | 述职报告"),
                at(4, 1, "上一篇：2022年水利局工作总结"),
            ]
        );
    }

    #[test]
    fn share_and_follow_prompts_but_not_official_new_media_work() {
        let text = "某县政务服务中心2023年工作总结\n分享到：微信 微博 QQ空间\n加强政务新媒体建设，开通微信公众号、微博账号，及时发布权威信息。\n更多精彩内容，请关注我们的微信公众号！\n建成智慧校园客户端，实现扫码入校，家长可通过微信订阅通知。\n";
        assert_eq!(
            found("ZJ401", text),
            [
                at(2, 1, "分享到：微信 微博 QQ空间"),
                at(4, 1, "更多精彩内容，请关注我们的微信公众号！"),
            ]
        );
    }

    #[test]
    fn a_breadcrumb_broken_over_lines() {
        let text = "当前位置：\n首页\n>\n政务信息\n>\n宁夏要闻\n2026年宁夏回族自治区政府工作报告\n各位代表：\n";
        let lines: Vec<usize> = found("ZJ401", text).iter().map(|f| f.0).collect();
        assert_eq!(lines, [1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn metadata_lines() {
        let text = "教育局的年度工作总结\n\n时间:2021-05-22 10:10:08 年度工作总结 我要投稿\n\n20**年，是佛山教育继往开来的一年。\n";
        assert_eq!(
            found("ZJ402", text),
            [at(3, 1, "时间:2021-05-22 10:10:08 年度工作总结 我要投稿")]
        );
        let text = "• 18.19 KB\n  • 2021-04-22 发布\n\n精编教育局上半年工作总结\n\n  • 10页\n发布者：admin  浏览：1234次  更新：2023-05-01\n";
        assert_eq!(
            found("ZJ402", text),
            [
                at(1, 1, "• 18.19 KB"),
                at(2, 3, "• 2021-04-22 发布"),
                at(6, 3, "• 10页"),
                at(7, 1, "发布者：admin  浏览：1234次  更新：2023-05-01"),
            ]
        );
    }

    #[test]
    fn a_keyword_line_repeats_the_title() {
        let text = "2023年县教育和科技局年度工作总结.docx\n2023 教育 科技局 年度工作 总结\n一年来，我县教育工作稳步推进。\n";
        assert_eq!(
            found("ZJ402", text),
            [at(2, 1, "2023 教育 科技局 年度工作 总结")]
        );
        // Names are not keywords: they do not come from the title.
        let text = "某县教育局2023年工作总结\n领导小组成员：\n张三 李四 王五 赵六\n";
        assert!(found("ZJ402", text).is_empty());
    }

    #[test]
    fn a_download_prompt_inside_a_metadata_line_is_marked_alone() {
        let text = "更新时间:2022-10-02 18:35:16 发布时间:24小时内 作者:文/会员上传 下载doxc\n";
        assert_eq!(found("ZJ403", text), [at(1, 47, "下载doxc")]);
        let text = "城区教育局工作总结范文.docx\n\n将本文的Word文档下载到电脑\n\n推荐度:\n\n下载\n";
        assert_eq!(
            found("ZJ403", text),
            [
                at(1, 1, "城区教育局工作总结范文.docx"),
                at(3, 1, "将本文的Word文档下载到电脑"),
                at(5, 1, "推荐度:"),
                at(7, 1, "下载"),
            ]
        );
    }

    #[test]
    fn editor_notes_take_their_lead_in_with_them() {
        let text = "# 教育局工作计划\n\n新的一年即将开始，做好计划能让工作有条不紊。那么计划应该怎么写呢？以下是小编为大家收集的计划范文，仅供参考，大家一起来看看吧。\n\n一、指导思想\n";
        let found = found("ZJ405", text);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].0, found[0].1), (3, 1));
        assert!(found[0].2.starts_with("新的一年即将开始") && found[0].2.ends_with("看看吧。"));
    }

    #[test]
    fn an_editor_note_at_the_end_of_a_body_paragraph_is_marked_alone() {
        let text = "2023年，我局认真贯彻落实上级决策部署，扎实推进各项工作，全年新建学校3所，改扩建学校12所，新增学位5000个，教育发展取得明显成效。以下是小编为大家整理的范文，希望对大家有所帮助。\n";
        assert_eq!(
            found("ZJ405", text),
            [at(
                1,
                70,
                "以下是小编为大家整理的范文，希望对大家有所帮助。"
            )]
        );
    }

    #[test]
    fn service_notices() {
        let body = "一年来，我局扎实推进各项工作。\n";
        let text = format!(
            "教育局上半年工作总结\n{}  • 当前文档由用户上传发布,收益归属用户\n  4. 网站客服QQ:403074932\n{}",
            body.repeat(4),
            body.repeat(4)
        );
        assert_eq!(
            found("ZJ406", &text),
            [
                at(6, 3, "• 当前文档由用户上传发布,收益归属用户"),
                at(7, 3, "4. 网站客服QQ:403074932"),
            ]
        );
        let text = "导語:鄉鎮衛生院年度工作總結一文來源于網友上傳,不代表本站觀點,如需原創文章請聯繫客服,歡迎參考。\n";
        // Read in simplified characters: the upload notice of the site.
        assert_eq!(first(&found("ZJ406", text)), [(1, 20)]);
        // A blog's licence notice (its link, in a Markdown file, is markup and says nothing).
        let notice =
            "本文采用「署名 4.0 国际 (CC BY 4.0)」协议授权，欢迎转发或改编后使用，但请注明出处。";
        let text = format!("2021岁末总结\n{notice}\n{}", body.repeat(4));
        assert_eq!(found("ZJ406", &text), [at(2, 1, notice)]);
    }

    #[test]
    fn end_of_post_markers() {
        let body = "一年来，我局扎实推进各项工作。\n";
        let text = format!("工作总结\n{}--EOF\n", body.repeat(4));
        assert_eq!(found("ZJ401", &text), [at(6, 1, "--EOF")]);
    }

    #[test]
    fn page_address_lines() {
        let text = "正文最后一句。\n本文标题:市教育局2023年教育工作总结范文参考\n链接地址:https://www.777doc.com/doc-12107804 .html";
        assert_eq!(
            found("ZJ407", text),
            [
                at(2, 1, "本文标题:市教育局2023年教育工作总结范文参考"),
                at(3, 1, "链接地址:https://www.777doc.com/doc-12107804 .html"),
            ]
        );
    }

    #[test]
    fn official_sentences_with_site_words_are_not_junk() {
        let text = "关于2023年度工作情况的报告

时间：2023年5月10日上午9:00
地点：局三楼会议室

一、主要工作
（一）严厉打击侵权假冒行为，加强知识产权保护，全年查处侵权案件120件。
（二）建立共建共享机制，推动优质教育资源分享，开通12345客服电话，群众满意度达98%。
（三）村集体经营性收益归集体所有，资金来源为县级财政专项资金。
（四）推进政务服务网上办理，实现电子证照在线下载打印，办事群众可登录政务服务网查询。
（五）规范网络下载服务管理。
责任单位：县教育局；完成时间：2023年12月底。
现将有关情况整理如下，供大家参考。
以上数据仅供参考，以统计部门公布为准。
组长：张三 副组长：李四
附件
2023年工作要点
温馨提示：请各校于12月底前报送材料。
中共某县教育局委员会   某县教育局
2023年12月30日
";
        for code in LINE_RULES {
            assert!(
                found(code, text).is_empty(),
                "{code}: {:?}",
                found(code, text)
            );
        }
    }

    #[test]
    fn a_report_title_and_its_dateline_are_not_junk() {
        let text = "政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n国务院总理 李强\n各位代表：\n";
        for code in LINE_RULES {
            assert!(found(code, text).is_empty(), "{code}");
        }
    }

    #[test]
    fn odd_inputs_do_not_panic() {
        let inputs = [
            "",
            "\n",
            "　　\n",
            "---",
            "-- --",
            "【",
            "】\n【",
            "□",
            "'",
            "`",
            "\\*",
            ">\n>\n>",
            "篇一",
            "相关文章:",
            "相关文章:\n",
            "小编。。。",
            "(",
            "（此文",
            "\u{feff}时间:",
            "𠀀\n当前位置:首页 > 𠀀 > 𠀀",
            "a\r\nb\r\n",
            "下载\t\t下载",
        ];
        let catalogue = crate::catalogue::Catalogue::builtin().expect("rules load");
        let settings = crate::lint::Settings::new(std::sync::Arc::new(catalogue));
        for text in inputs {
            let source = crate::source::Source::new("test.txt", text);
            for d in crate::lint::lint(&source, &settings) {
                assert!(text.get(d.span()).is_some(), "{text:?}: {d:?}");
            }
        }
        // A position after a character outside the BMP is counted in characters.
        assert_eq!(found("ZJ401", "𠀀\n您好,欢迎访问三七文档\n正文。")[0].0, 2);
    }

    #[test]
    fn a_space_is_unicode_white_space_or_the_byte_order_mark() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let expected = c.is_whitespace() || c == '\u{feff}';
            assert_eq!(super::is_space(c), expected, "{c:?}");
        }
    }

    #[test]
    fn visible_chars_agrees_with_is_space_on_every_character() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let expected = usize::from(!super::is_space(c));
            assert_eq!(super::visible_chars(&c.to_string()), expected, "{c:?}");
        }
    }

    /// Texts of class words, their pieces, spaces and other characters.
    fn pieces() -> impl proptest::strategy::Strategy<Value = String> {
        let piece = proptest::sample::select(vec![
            "来源",
            "来源单位",
            "单位",
            "源",
            "下载",
            "载",
            "为您",
            "整理",
            "您整",
            " ",
            "\u{3000}",
            "\u{a0}",
            "\u{feff}",
            "\u{2009}",
            "\t",
            "。",
            "a",
            "𠀀",
            "工作",
            "？”",
            "）",
            "!",
        ]);
        proptest::collection::vec(piece, 0..24).prop_map(|p| p.concat())
    }

    fn test_classes() -> super::Classes {
        let mut classes = std::collections::BTreeMap::new();
        let words = |w: &[&str]| w.iter().map(|w| w.to_string()).collect::<Vec<_>>();
        classes.insert(
            "key".to_string(),
            words(&["来源", "来源单位", "单位", "源"]),
        );
        classes.insert("offer".to_string(), words(&["下载", "整理", "您整", "源"]));
        classes.insert("reader".to_string(), words(&["为您", "下载"]));
        super::Classes::new(&classes)
            .expect("classes")
            .expect("words")
    }

    /// The definition of [`super::units`]: every character read, spans only.
    fn units_by_definition(line: &str) -> Vec<std::ops::Range<usize>> {
        let mut out = Vec::new();
        let (mut start, mut gap_start, mut gap_width) = (0, None, 0);
        let push = |out: &mut Vec<_>, from: usize, to: usize| {
            let piece: &str = &line[from..to];
            let trimmed = piece.trim_start_matches(super::is_space);
            let lead = piece.len() - trimmed.len();
            let trimmed = trimmed.trim_end_matches(super::is_space);
            if !trimmed.is_empty() {
                out.push(from + lead..from + lead + trimmed.len());
            }
        };
        for (i, c) in line.char_indices() {
            if super::is_space(c) {
                gap_start.get_or_insert(i);
                gap_width += if c == '\u{3000}' || c == '\t' { 2 } else { 1 };
                continue;
            }
            if let Some(g) = gap_start.take() {
                if gap_width >= 2 {
                    push(&mut out, start, g);
                    start = i;
                }
            }
            gap_width = 0;
            if crate::analysis::text::STATEMENT_ENDS.contains(&c) {
                let end = i + c.len_utf8();
                let tail: usize = line[end..]
                    .chars()
                    .take_while(|c| matches!(c, '”' | '’' | '」' | '』' | '）' | ')' | '】'))
                    .map(char::len_utf8)
                    .sum();
                push(&mut out, start, end + tail);
                start = end + tail;
            }
        }
        push(&mut out, start, line.len());
        out
    }

    use proptest::prelude::*;

    /// A keyword line by its definition: every piece between separators short and holding a
    /// letter or digit, enough of them, no sentence marks, and all in another title line.
    fn keyword_line_by_definition(s: &str, k: &super::KeywordParams, titles: &[&str]) -> bool {
        let tokens: Vec<&str> = s
            .split(super::separates_keywords)
            .filter(|t| !t.is_empty())
            .collect();
        tokens
            .iter()
            .all(|t| t.chars().count() <= k.max_token_chars && t.chars().any(char::is_alphanumeric))
            && tokens.len() >= k.min_tokens
            && !s.contains(super::NOT_IN_KEYWORD_LINES)
            && titles
                .iter()
                .any(|line| *line != s && tokens.iter().all(|t| line.contains(t)))
    }

    #[test]
    fn a_common_han_character_is_alphanumeric_and_separates_no_keywords() {
        let han = (char::MIN..=char::MAX).filter(|&c| super::is_common_han(c));
        let (mut count, mut odd) = (0, Vec::new());
        for c in han {
            count += 1;
            if !c.is_alphanumeric() || super::separates_keywords(c) {
                odd.push(c);
            }
        }
        assert_eq!((count, odd), (0x5200, Vec::new()));
    }

    proptest::proptest! {
        #[test]
        fn keyword_lines_are_found_as_by_their_definition(
            words in proptest::collection::vec(
                proptest::sample::select(vec!["年度", "总结", "a1", "工作计划", "-", "·", " ", "，", "、", "|", "/", "\u{3000}", "。"]),
                0..10,
            ),
            max_token_chars in 1usize..6,
            min_tokens in 0usize..4,
        ) {
            let s = words.concat();
            let k = super::KeywordParams { weight: 1.0, min_tokens, max_token_chars, lines: 12 };
            let titles = ["2023年度工作总结", "工作计划 a1 年度", &s];
            prop_assert_eq!(
                super::is_keyword_line(&s, &k, titles.iter().copied()),
                keyword_line_by_definition(&s, &k, &titles)
            );
        }

        #[test]
        fn units_are_cut_as_by_their_definition(text in pieces()) {
            let spans: Vec<_> = super::units(&text, &(0..text.len())).into_iter().map(|(s, _)| s).collect();
            prop_assert_eq!(spans, units_by_definition(&text));
        }

        #[test]
        fn units_count_their_visible_characters(text in pieces()) {
            for (span, n) in super::units(&text, &(0..text.len())) {
                prop_assert_eq!(n, super::visible_chars(&text[span]));
            }
        }

        #[test]
        fn visible_chars_counts_the_characters_that_are_not_spaces(text in pieces()) {
            let slow = text.chars().filter(|&c| !super::is_space(c)).count();
            prop_assert_eq!(super::visible_chars(&text), slow);
        }

        #[test]
        fn class_words_from_the_shared_scan_are_those_the_automaton_finds(
            text in pieces(),
            cuts in (any::<proptest::sample::Index>(), any::<proptest::sample::Index>()),
        ) {
            let classes = test_classes();
            let mut shared = crate::analysis::vocabulary::Occurrences::scan(&text);
            let bounds: Vec<usize> = (0..=text.len()).filter(|&i| text.is_char_boundary(i)).collect();
            let (a, b) = (cuts.0.get(&bounds), cuts.1.get(&bounds));
            let span = *a.min(b)..*a.max(b);
            let mut slow = Vec::new();
            classes.find(&text[span.clone()], span.start, &mut slow);
            // As a small text's places, then packed as a large text's.
            for packed in [false, true] {
                if packed {
                    shared.pack();
                }
                let places = classes.places(Some(&shared)).expect("words scanned");
                let (mut fast, mut inside) = (Vec::new(), Vec::new());
                // A hint anywhere: before, at or after the span's places.
                let mut hint = cuts.0.index(places.to_vec().len() + 2);
                classes.find_in(&places, &span, &mut fast, &mut inside, &mut hint);
                prop_assert_eq!(&slow, &fast);
            }
        }
    }

    /// A seed of the corpus fixtures, by file-name prefix.
    fn seed(prefix: &str) -> Option<String> {
        let dir = crate::checks::testing::corpus_dir().join("seeds");
        let entries = std::fs::read_dir(dir).ok()?;
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with(prefix) {
                return std::fs::read_to_string(entry.path()).ok();
            }
        }
        None
    }

    fn first(found: &[(usize, usize, String)]) -> Vec<(usize, usize)> {
        found.iter().map(|f| (f.0, f.1)).collect()
    }

    #[test]
    fn seeds_show_their_junk() {
        let s000 = seed("000_").expect("corpus fixture seed 000");
        assert_eq!(first(&found("ZJ402", &s000)), [(3, 1)]);
        assert_eq!(first(&found("ZJ405", &s000)), [(7, 3)]);
        let s001 = seed("001_").expect("seed 001");
        assert_eq!(found("ZJ403", &s001)[0], at(3, 47, "下载doxc"));
        let chrome: Vec<_> = found("ZJ401", &s001).iter().map(|f| f.2.clone()).collect();
        assert!(chrome.contains(&"热门标签: 工作总结".to_string()));
        assert!(chrome.contains(&"为您推荐".to_string()));
        let s002 = seed("002_").expect("seed 002");
        assert_eq!(first(&found("ZJ402", &s002)), [(1, 1), (2, 3), (6, 3)]);
        assert_eq!(
            first(&found("ZJ406", &s002)),
            [(7, 3), (8, 3), (9, 3), (11, 3)]
        );
        assert_eq!(first(&found("ZJ403", &s002)), [(10, 3)]);
        let s003 = seed("003_").expect("seed 003");
        assert_eq!(first(&found("ZJ401", &s003)), [(1, 1), (2, 1)]);
        assert_eq!(first(&found("ZJ407", &s003)), [(4, 1), (5, 1)]);
        let s004 = seed("004_").expect("seed 004");
        assert_eq!(first(&found("ZJ405", &s004)), [(5, 1)]);
    }
}
