//! Word's automatic numbering: the label (`一、`, `（二）`, `3.`) drawn before a paragraph.
//!
//! A paragraph is numbered by its own `w:numPr` or its style's (following `w:basedOn`); `w:numId`
//! names a `w:num`, which names a `w:abstractNum` (possibly through a numbering style,
//! `w:numStyleLink`) whose `w:lvl` give start, format and text, and which the `w:num` may override
//! (`w:lvlOverride`: `w:startOverride` or a whole `w:lvl`).
//!
//! Counting follows Word: one set of counters per abstract numbering, shared by every `w:num`
//! that uses it, so a list continues across other paragraphs and across such `w:num`s; the
//! first paragraph of a `w:num` with overrides restarts the overridden levels; using a level
//! restarts the deeper ones (unless their `w:lvlRestart` says otherwise). A level not yet used
//! shows its start value minus one, as Word's “0.1” under no heading 1 does.

use super::reader::NumberingProperties;
use super::xml::{attribute, Namespace, XmlReader};
use super::{DocxError, Paragraph};
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;

/// Levels per list (`w:ilvl` 0–8).
const LEVELS: usize = 9;
/// The longest `w:lvlText` kept, in characters: Word's own are a few characters, and every
/// numbered paragraph copies it, so a huge one would multiply memory.
const MAX_LEVEL_TEXT: usize = 64;
/// The widest zero-padded custom format (`0001, 0002, …`) taken; wider ones count as unknown.
const MAX_ZERO_PADDING: usize = 9;
/// How far `w:basedOn` and `w:numStyleLink` chains are followed (real ones are short; a cycle
/// must end).
const MAX_CHAIN: usize = 32;

/// Sets each paragraph's `label` from its numbering properties, numbering.xml and styles.xml.
pub fn assign_labels(
    paragraphs: &mut [Paragraph],
    properties: &[NumberingProperties],
    numbering_xml: Option<&[u8]>,
    styles_xml: Option<&[u8]>,
) -> Result<(), DocxError> {
    let Some(numbering_xml) = numbering_xml else {
        return Ok(());
    };
    let definitions = Definitions::parse(numbering_xml)?;
    let styles = match styles_xml {
        Some(xml) => Styles::parse(xml)?,
        None => Styles::default(),
    };
    let mut counters = Counters::default();
    for (paragraph, properties) in paragraphs.iter_mut().zip(properties) {
        paragraph.label = None;
        if properties.duplicate {
            continue;
        }
        let Some((num_id, level)) = numbering_of(properties, &styles, &definitions) else {
            continue;
        };
        paragraph.label = counters.label(&definitions, &styles, num_id, level);
    }
    Ok(())
}

/// The `w:num` and level a paragraph is numbered with, if it is.
fn numbering_of(
    properties: &NumberingProperties,
    styles: &Styles,
    definitions: &Definitions,
) -> Option<(u32, usize)> {
    let style_id = properties
        .style
        .as_deref()
        .or(styles.default_paragraph.as_deref());
    let style = style_id.map(|id| styles.numbering(id)).unwrap_or_default();
    let num_id = match &properties.num_id {
        Some(value) => parse_number(value)?,
        None => style.num_id?,
    };
    if num_id == 0 {
        return None;
    }
    let level = match properties.level.as_deref().and_then(parse_number) {
        Some(level) => Some(level),
        None => style.level,
    };
    let level = match (level, style_id) {
        (Some(level), _) => level,
        // A style that names the list but not the level: the level linked to that style.
        (None, Some(style_id)) => definitions
            .linked_level(num_id, style_id, styles)
            .unwrap_or(0) as u32,
        (None, None) => 0,
    };
    Some((num_id, (level as usize).min(LEVELS - 1)))
}

fn parse_number(value: &str) -> Option<u32> {
    value.trim().parse().ok()
}

fn parse_signed(value: &str) -> Option<i64> {
    value.trim().parse().ok()
}

/// One `w:lvl`.
#[derive(Debug, Clone, Default)]
struct Level {
    start: Option<i64>,
    format: Option<Format>,
    /// `w:lvlText`; `None` when absent, empty for `w:null`.
    text: Option<String>,
    /// `w:lvlRestart`: restart after the use of this (1-based) level or a higher one; 0 never.
    restart: Option<u32>,
    legal: bool,
    /// `w:pStyle`: the paragraph style linked to this level.
    style: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct AbstractNum {
    levels: [Option<Level>; LEVELS],
    /// `w:numStyleLink`: the definition is that of the numbering style of this id.
    style_link: Option<String>,
}

#[derive(Debug, Clone, Default)]
struct LevelOverride {
    start: Option<i64>,
    level: Option<Level>,
}

#[derive(Debug, Clone, Default)]
struct Num {
    abstract_id: Option<String>,
    overrides: [Option<LevelOverride>; LEVELS],
}

/// numbering.xml.
#[derive(Debug, Default)]
struct Definitions {
    abstracts: HashMap<String, AbstractNum>,
    nums: HashMap<u32, Num>,
}

impl Definitions {
    fn parse(xml: &[u8]) -> Result<Self, DocxError> {
        let mut definitions = Definitions::default();
        let mut current_abstract: Option<(String, AbstractNum)> = None;
        let mut current_num: Option<(u32, Num)> = None;
        let mut override_level: Option<usize> = None;
        let mut level: Option<(usize, Level)> = None;
        walk(xml, "word/numbering.xml", |visit| match visit {
            Visit::Open {
                path,
                name,
                element,
            } => match (path.parent(), name) {
                ("numbering", "abstractNum") => {
                    current_abstract = attribute(element, "abstractNumId")
                        .map(|id| (id.trim().to_owned(), AbstractNum::default()));
                }
                ("numbering", "num") => {
                    current_num = attribute(element, "numId")
                        .and_then(|id| parse_number(&id))
                        .map(|id| (id, Num::default()));
                }
                ("abstractNum", "numStyleLink") => {
                    if let Some((_, abstract_num)) = &mut current_abstract {
                        abstract_num.style_link = attribute(element, "val");
                    }
                }
                ("num", "abstractNumId") => {
                    if let Some((_, num)) = &mut current_num {
                        num.abstract_id = attribute(element, "val").map(|id| id.trim().to_owned());
                    }
                }
                ("num", "lvlOverride") => override_level = level_index(element),
                ("lvlOverride", "startOverride") => {
                    if let (Some((_, num)), Some(index)) = (&mut current_num, override_level) {
                        num.overrides[index]
                            .get_or_insert_with(Default::default)
                            .start =
                            attribute(element, "val").and_then(|value| parse_signed(&value));
                    }
                }
                ("abstractNum" | "lvlOverride", "lvl") => {
                    level = level_index(element)
                        .or(override_level)
                        .map(|index| (index, Level::default()));
                }
                ("lvl", child) => {
                    if let Some((_, level)) = &mut level {
                        read_level_property(level, child, element);
                    }
                }
                _ => {}
            },
            Visit::Close { name } => match name {
                "abstractNum" => {
                    if let Some((id, abstract_num)) = current_abstract.take() {
                        definitions.abstracts.entry(id).or_insert(abstract_num);
                    }
                }
                "num" => {
                    if let Some((id, num)) = current_num.take() {
                        definitions.nums.entry(id).or_insert(num);
                    }
                }
                "lvlOverride" => override_level = None,
                "lvl" => {
                    if let Some((index, finished)) = level.take() {
                        store_level(
                            index,
                            finished,
                            override_level,
                            &mut current_abstract,
                            &mut current_num,
                        );
                    }
                }
                _ => {}
            },
        })?;
        Ok(definitions)
    }

    /// The abstract numbering a `w:num` uses, following numbering-style links.
    fn abstract_of(&self, num_id: u32, styles: &Styles) -> Option<(&str, &AbstractNum)> {
        let mut num = self.nums.get(&num_id)?;
        for _ in 0..MAX_CHAIN {
            let id = num.abstract_id.as_deref()?;
            let abstract_num = self.abstracts.get(id)?;
            let Some(link) = &abstract_num.style_link else {
                return Some((id, abstract_num));
            };
            let linked = styles.numbering(link).num_id?;
            num = self.nums.get(&linked)?;
        }
        None
    }

    /// The level of `num_id`'s list that is linked to the paragraph style `style_id`.
    fn linked_level(&self, num_id: u32, style_id: &str, styles: &Styles) -> Option<usize> {
        let (_, abstract_num) = self.abstract_of(num_id, styles)?;
        abstract_num.levels.iter().position(|level| {
            level
                .as_ref()
                .is_some_and(|level| level.style.as_deref() == Some(style_id))
        })
    }

    /// Level `index` of `num_id` as the num draws it (its overrides applied).
    fn level(&self, num_id: u32, index: usize, styles: &Styles) -> Option<Level> {
        let num = self.nums.get(&num_id)?;
        let (_, abstract_num) = self.abstract_of(num_id, styles)?;
        let override_ = num.overrides[index].as_ref();
        let mut level = override_
            .and_then(|override_| override_.level.clone())
            .or_else(|| abstract_num.levels[index].clone())?;
        if let Some(start) = override_.and_then(|override_| override_.start) {
            level.start = Some(start);
        }
        Some(level)
    }
}

fn level_index(element: &BytesStart) -> Option<usize> {
    attribute(element, "ilvl")
        .and_then(|value| parse_number(&value))
        .map(|index| index as usize)
        .filter(|&index| index < LEVELS)
}

fn store_level(
    index: usize,
    level: Level,
    override_level: Option<usize>,
    current_abstract: &mut Option<(String, AbstractNum)>,
    current_num: &mut Option<(u32, Num)>,
) {
    match (override_level, current_num, current_abstract) {
        (Some(_), Some((_, num)), _) => {
            num.overrides[index]
                .get_or_insert_with(Default::default)
                .level = Some(level);
        }
        (None, _, Some((_, abstract_num))) => {
            abstract_num.levels[index].get_or_insert(level);
        }
        _ => {}
    }
}

fn read_level_property(level: &mut Level, name: &str, element: &BytesStart) {
    let value = attribute(element, "val");
    match name {
        "start" => level.start = value.as_deref().and_then(parse_signed),
        // Word wraps a format older readers do not know in mc:AlternateContent: the choice
        // comes first, so the first format that can be read wins and the fallback fills in.
        "numFmt" if level.format.is_none() => {
            level.format = match value.as_deref() {
                Some("custom") => attribute(element, "format").and_then(|f| Format::custom(&f)),
                Some(value) => Some(Format::parse(value)),
                None => None,
            };
        }
        "lvlText" => {
            let null = attribute(element, "null").is_some_and(|null| is_true(&null));
            level.text = Some(if null {
                String::new()
            } else {
                value
                    .unwrap_or_default()
                    .chars()
                    .take(MAX_LEVEL_TEXT)
                    .collect()
            });
        }
        "lvlRestart" => level.restart = value.as_deref().and_then(parse_number),
        "isLgl" => level.legal = value.as_deref().is_none_or(is_true),
        "pStyle" => level.style = value,
        _ => {}
    }
}

fn is_true(value: &str) -> bool {
    !matches!(value.trim(), "0" | "false" | "off")
}

/// An element of numbering.xml or styles.xml opening (with the elements around it) or closing.
enum Visit<'v, 'x> {
    Open {
        path: &'v Path,
        name: &'v str,
        element: &'v BytesStart<'x>,
    },
    Close {
        name: &'v str,
    },
}

/// Streams a part, telling `visit` of every element's start and end (an empty element has
/// both).
fn walk(xml: &[u8], part: &'static str, mut visit: impl FnMut(Visit)) -> Result<(), DocxError> {
    let mut path = Path::default();
    let mut reader = XmlReader::new(xml, part);
    while let Some(item) = reader.next()? {
        match &item.event {
            Event::Start(element) | Event::Empty(element) => {
                let name = path.name_of(item.namespace, element);
                visit(Visit::Open {
                    path: &path,
                    name: &name,
                    element,
                });
                if matches!(item.event, Event::Empty(_)) {
                    visit(Visit::Close { name: &name });
                } else {
                    path.push(name);
                }
            }
            Event::End(_) => {
                if let Some(name) = path.pop() {
                    visit(Visit::Close { name: &name });
                }
            }
            _ => {}
        }
    }
    Ok(())
}

/// The open elements of numbering.xml or styles.xml, by local name: WordprocessingML elements
/// by name, `mc:AlternateContent` and `mc:Choice` transparent, everything else opaque.
#[derive(Default)]
struct Path {
    names: Vec<String>,
}

impl Path {
    fn name_of(&self, namespace: Namespace, element: &BytesStart) -> String {
        match namespace {
            Namespace::Word | Namespace::Compatibility => element.local_name().as_ref().to_owned(),
            Namespace::Other => String::new(),
        }
    }

    /// The nearest open element that is not markup compatibility's.
    fn parent(&self) -> &str {
        self.names
            .iter()
            .rev()
            .find(|name| !matches!(name.as_str(), "AlternateContent" | "Choice" | "Fallback"))
            .map_or("", String::as_str)
    }

    fn ends_with(&self, names: &[&str]) -> bool {
        self.names.len() >= names.len()
            && self.names[self.names.len() - names.len()..]
                .iter()
                .zip(names)
                .all(|(open, name)| open == name)
    }

    fn push(&mut self, name: String) {
        self.names.push(name);
    }

    fn pop(&mut self) -> Option<String> {
        self.names.pop()
    }
}

/// What a style says about numbering.
#[derive(Debug, Clone, Copy, Default)]
struct StyleNumbering {
    num_id: Option<u32>,
    level: Option<u32>,
}

#[derive(Debug, Clone, Default)]
struct Style {
    based_on: Option<String>,
    num_id: Option<u32>,
    level: Option<u32>,
}

/// styles.xml, as far as numbering goes.
#[derive(Debug, Default)]
struct Styles {
    styles: HashMap<String, Style>,
    /// The paragraph style of paragraphs that name none (`w:default="1"`).
    default_paragraph: Option<String>,
}

impl Styles {
    fn parse(xml: &[u8]) -> Result<Self, DocxError> {
        let mut styles = Styles::default();
        let mut current: Option<(String, Style)> = None;
        walk(xml, "word/styles.xml", |visit| match visit {
            Visit::Open {
                path,
                name,
                element,
            } => {
                let value = || attribute(element, "val");
                let in_numbering = path.ends_with(&["style", "pPr", "numPr"]);
                match (path.parent(), name) {
                    ("styles", "style") => {
                        current = attribute(element, "styleId").map(|id| (id, Style::default()));
                        let paragraph =
                            attribute(element, "type").is_none_or(|kind| kind == "paragraph");
                        let default = attribute(element, "default").is_some_and(|d| is_true(&d));
                        if paragraph && default && styles.default_paragraph.is_none() {
                            styles.default_paragraph = current.as_ref().map(|(id, _)| id.clone());
                        }
                    }
                    ("style", "basedOn") => {
                        if let Some((_, style)) = &mut current {
                            style.based_on = value();
                        }
                    }
                    ("numPr", "numId") if in_numbering => {
                        if let Some((_, style)) = &mut current {
                            style.num_id = value().as_deref().and_then(parse_number);
                        }
                    }
                    ("numPr", "ilvl") if in_numbering => {
                        if let Some((_, style)) = &mut current {
                            style.level = value().as_deref().and_then(parse_number);
                        }
                    }
                    _ => {}
                }
            }
            Visit::Close { name } => {
                if name == "style" {
                    if let Some((id, style)) = current.take() {
                        styles.styles.entry(id).or_insert(style);
                    }
                }
            }
        })?;
        Ok(styles)
    }

    /// The numbering style `id` gives, following `w:basedOn`: the nearest style that names a
    /// list gives it, the nearest that names a level gives that.
    fn numbering(&self, id: &str) -> StyleNumbering {
        let mut numbering = StyleNumbering::default();
        let mut next = Some(id);
        for _ in 0..MAX_CHAIN {
            let Some(style) = next.and_then(|id| self.styles.get(id)) else {
                break;
            };
            numbering.num_id = numbering.num_id.or(style.num_id);
            numbering.level = numbering.level.or(style.level);
            next = style.based_on.as_deref();
        }
        numbering
    }
}

/// The counters of every list as the document goes on.
#[derive(Default)]
struct Counters {
    /// Per abstract numbering: the last number used at each level (`None`: not yet used since
    /// the list began or the level restarted).
    lists: HashMap<String, [Option<i64>; LEVELS]>,
    /// The `w:num`s whose overrides have been applied (at their first paragraph).
    started: std::collections::HashSet<u32>,
}

impl Counters {
    /// Counts a paragraph of `num_id` at `level` and returns the label Word draws for it.
    fn label(
        &mut self,
        definitions: &Definitions,
        styles: &Styles,
        num_id: u32,
        level: usize,
    ) -> Option<String> {
        let (abstract_id, _) = definitions.abstract_of(num_id, styles)?;
        let levels: Vec<Option<Level>> = (0..LEVELS)
            .map(|index| definitions.level(num_id, index, styles))
            .collect();
        let current = levels[level].as_ref()?;
        let counters = self.lists.entry(abstract_id.to_owned()).or_default();
        if self.started.insert(num_id) {
            if let Some(num) = definitions.nums.get(&num_id) {
                for (index, override_) in num.overrides.iter().enumerate() {
                    let restarts = override_.as_ref().is_some_and(|override_| {
                        override_.start.is_some()
                            || override_.level.as_ref().is_some_and(|l| l.start.is_some())
                    });
                    if restarts {
                        counters[index] = None;
                    }
                }
            }
        }
        let start_of = |index: usize| {
            levels[index]
                .as_ref()
                .and_then(|level| level.start)
                .unwrap_or(0)
        };
        counters[level] = Some(match counters[level] {
            Some(last) => last.saturating_add(1),
            None => start_of(level),
        });
        for (deeper, counter) in counters.iter_mut().enumerate().skip(level + 1) {
            let restart = levels[deeper].as_ref().and_then(|level| level.restart);
            let restarts = match restart {
                None => true,
                Some(0) => false,
                Some(after) => level < after as usize,
            };
            if restarts {
                *counter = None;
            }
        }
        if current.format == Some(Format::Bullet) {
            return None;
        }
        let text = current.text.as_deref()?;
        let label = expand_level_text(text, |index| {
            let value = counters[index].unwrap_or_else(|| start_of(index).saturating_sub(1));
            let format = if current.legal {
                Format::Decimal
            } else {
                levels[index]
                    .as_ref()
                    .and_then(|level| level.format)
                    .unwrap_or(Format::Decimal)
            };
            format.render(value)
        });
        (!label.is_empty()).then_some(label)
    }
}

/// `w:lvlText` with `%1`…`%9` replaced by the numbers of levels 0–8.
fn expand_level_text(text: &str, mut number: impl FnMut(usize) -> String) -> String {
    let mut label = String::new();
    let mut chars = text.chars().peekable();
    while let Some(character) = chars.next() {
        match (character, chars.peek().and_then(|next| next.to_digit(10))) {
            ('%', Some(digit @ 1..=9)) => {
                chars.next();
                label.push_str(&number(digit as usize - 1));
            }
            _ => label.push(character),
        }
    }
    label
}

/// `w:numFmt`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Decimal,
    /// `decimalZero`, or a custom `01, 02, …` of that width.
    ZeroPadded(usize),
    Bullet,
    None,
    LowerLetter,
    UpperLetter,
    LowerRoman,
    UpperRoman,
    Ordinal,
    /// 一…十, 十一, 二十, 一百零一.
    ChineseCounting,
    /// 壹贰叁, 壹拾, 壹佰零壹.
    ChineseLegalSimplified,
    /// 壹貳參, 壹拾, 壹佰零壹.
    ChineseLegalTraditional,
    /// 一…十, 十一, 百, 百一.
    JapaneseCounting,
    /// 〇一二, digit by digit.
    IdeographDigital,
    /// 甲乙丙丁…癸, then decimal.
    IdeographTraditional,
    /// 子丑寅卯…亥, then decimal.
    IdeographZodiac,
    /// ①…⑳…㊿, then decimal.
    EnclosedCircle,
    /// ㊀…㊉, then decimal.
    IdeographEnclosedCircle,
    /// ⑴…⒇, then decimal.
    EnclosedParen,
    /// ⒈…⒛, then decimal.
    EnclosedFullstop,
    /// １２３.
    FullWidth,
}

impl Format {
    fn parse(value: &str) -> Format {
        match value {
            "decimalZero" => Format::ZeroPadded(2),
            "bullet" => Format::Bullet,
            "none" => Format::None,
            "lowerLetter" => Format::LowerLetter,
            "upperLetter" => Format::UpperLetter,
            "lowerRoman" => Format::LowerRoman,
            "upperRoman" => Format::UpperRoman,
            "ordinal" => Format::Ordinal,
            "chineseCounting"
            | "chineseCountingThousand"
            | "taiwaneseCounting"
            | "taiwaneseCountingThousand" => Format::ChineseCounting,
            "chineseLegalSimplified" => Format::ChineseLegalSimplified,
            "ideographLegalTraditional" => Format::ChineseLegalTraditional,
            "japaneseCounting" => Format::JapaneseCounting,
            "ideographDigital" | "taiwaneseDigital" | "japaneseDigitalTenThousand" => {
                Format::IdeographDigital
            }
            "ideographTraditional" => Format::IdeographTraditional,
            "ideographZodiac" => Format::IdeographZodiac,
            "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" => Format::EnclosedCircle,
            "ideographEnclosedCircle" => Format::IdeographEnclosedCircle,
            "decimalEnclosedParen" => Format::EnclosedParen,
            "decimalEnclosedFullstop" => Format::EnclosedFullstop,
            "decimalFullWidth" | "decimalFullWidth2" => Format::FullWidth,
            _ => Format::Decimal,
        }
    }

    /// A `w:numFmt w:val="custom" w:format="01, 02, 03, ..."` (Word 2010 and later): the
    /// format its first number shows, if it is one of the known ones.
    fn custom(format: &str) -> Option<Format> {
        let first = format.split(',').next()?.trim();
        if (2..=MAX_ZERO_PADDING).contains(&first.len())
            && first.bytes().all(|byte| byte.is_ascii_digit())
        {
            return Some(Format::ZeroPadded(first.len()));
        }
        Some(match first {
            "1" => Format::Decimal,
            "一" => Format::ChineseCounting,
            "壹" => Format::ChineseLegalSimplified,
            "甲" => Format::IdeographTraditional,
            "子" => Format::IdeographZodiac,
            "①" => Format::EnclosedCircle,
            "⑴" => Format::EnclosedParen,
            "⒈" => Format::EnclosedFullstop,
            "１" => Format::FullWidth,
            "a" => Format::LowerLetter,
            "A" => Format::UpperLetter,
            "i" => Format::LowerRoman,
            "I" => Format::UpperRoman,
            _ => return None,
        })
    }

    fn render(self, value: i64) -> String {
        if value <= 0 {
            return match self {
                Format::None | Format::Bullet => String::new(),
                Format::ChineseCounting | Format::JapaneseCounting | Format::IdeographDigital
                    if value == 0 =>
                {
                    "〇".to_owned()
                }
                Format::ChineseLegalSimplified | Format::ChineseLegalTraditional if value == 0 => {
                    "零".to_owned()
                }
                _ => value.to_string(),
            };
        }
        let n = value as u64;
        match self {
            Format::Decimal => n.to_string(),
            Format::Ordinal => format!("{n}{}", ordinal_suffix(n)),
            Format::ZeroPadded(width) => format!("{n:0width$}"),
            Format::Bullet | Format::None => String::new(),
            Format::LowerLetter => letters(n, b'a'),
            Format::UpperLetter => letters(n, b'A'),
            Format::LowerRoman => roman(n).to_ascii_lowercase(),
            Format::UpperRoman => roman(n),
            Format::ChineseCounting => chinese(n, &CHINESE_LOWER),
            Format::ChineseLegalSimplified => chinese(n, &CHINESE_LEGAL_SIMPLIFIED),
            Format::ChineseLegalTraditional => chinese(n, &CHINESE_LEGAL_TRADITIONAL),
            Format::JapaneseCounting => japanese(n),
            Format::IdeographDigital => n
                .to_string()
                .bytes()
                .map(|digit| IDEOGRAPH_DIGITS[(digit - b'0') as usize])
                .collect(),
            Format::IdeographTraditional => from_list(n, &HEAVENLY_STEMS),
            Format::IdeographZodiac => from_list(n, &EARTHLY_BRANCHES),
            Format::EnclosedCircle => match n {
                1..=20 => offset_char(0x2460, n),
                21..=35 => offset_char(0x3251 - 21 + 1, n),
                36..=50 => offset_char(0x32B1 - 36 + 1, n),
                _ => n.to_string(),
            },
            Format::IdeographEnclosedCircle if n <= 10 => offset_char(0x3280, n),
            Format::EnclosedParen if n <= 20 => offset_char(0x2474, n),
            Format::EnclosedFullstop if n <= 20 => offset_char(0x2488, n),
            Format::FullWidth => n
                .to_string()
                .chars()
                .filter_map(|digit| char::from_u32(digit as u32 - '0' as u32 + 0xFF10))
                .collect(),
            Format::IdeographEnclosedCircle | Format::EnclosedParen | Format::EnclosedFullstop => {
                n.to_string()
            }
        }
    }
}

/// The character `n - 1` places after `first` (so `first` for 1).
fn offset_char(first: u32, n: u64) -> String {
    char::from_u32(first + n as u32 - 1).map_or_else(|| n.to_string(), String::from)
}

fn from_list(n: u64, list: &[&str]) -> String {
    list.get(n as usize - 1)
        .map_or_else(|| n.to_string(), |item| (*item).to_owned())
}

fn ordinal_suffix(n: u64) -> &'static str {
    match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    }
}

/// Word's letters: a…z, then aa…zz, aaa…
fn letters(n: u64, first: u8) -> String {
    if n > 780 {
        return n.to_string();
    }
    let letter = (first + ((n - 1) % 26) as u8) as char;
    std::iter::repeat_n(letter, ((n - 1) / 26 + 1) as usize).collect()
}

fn roman(mut n: u64) -> String {
    if n >= 4000 {
        return n.to_string();
    }
    const NUMERALS: [(u64, &str); 13] = [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut text = String::new();
    for (value, numeral) in NUMERALS {
        while n >= value {
            text.push_str(numeral);
            n -= value;
        }
    }
    text
}

const HEAVENLY_STEMS: [&str; 10] = ["甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸"];
const EARTHLY_BRANCHES: [&str; 12] = [
    "子", "丑", "寅", "卯", "辰", "巳", "午", "未", "申", "酉", "戌", "亥",
];
const IDEOGRAPH_DIGITS: [char; 10] = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'];

/// Digits 0–9, then the units 十, 百, 千, 万.
struct ChineseNumerals {
    digits: [&'static str; 10],
    units: [&'static str; 4],
    /// Whether 10–19 drop the leading 一 (十一, not 一十一).
    bare_ten: bool,
}

const CHINESE_LOWER: ChineseNumerals = ChineseNumerals {
    digits: ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"],
    units: ["十", "百", "千", "万"],
    bare_ten: true,
};
const CHINESE_LEGAL_SIMPLIFIED: ChineseNumerals = ChineseNumerals {
    digits: ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"],
    units: ["拾", "佰", "仟", "万"],
    bare_ten: false,
};
const CHINESE_LEGAL_TRADITIONAL: ChineseNumerals = ChineseNumerals {
    digits: ["零", "壹", "貳", "參", "肆", "伍", "陸", "柒", "捌", "玖"],
    units: ["拾", "佰", "仟", "萬"],
    bare_ten: false,
};

/// A number in Chinese words (below 10⁸; larger ones in digits): 十一, 二十, 一百零一, 一千零十.
fn chinese(n: u64, numerals: &ChineseNumerals) -> String {
    if n >= 100_000_000 {
        return n.to_string();
    }
    let (high, low) = (n / 10_000, n % 10_000);
    let mut text = String::new();
    if high > 0 {
        text.push_str(&below_ten_thousand(high, numerals, true));
        text.push_str(numerals.units[3]);
        if low > 0 && low < 1000 {
            text.push_str(numerals.digits[0]);
        }
    }
    if low > 0 {
        text.push_str(&below_ten_thousand(low, numerals, high == 0));
    }
    text
}

/// 1–9999 in Chinese words; `leading`: nothing comes before (so 十一 may drop its 一).
fn below_ten_thousand(n: u64, numerals: &ChineseNumerals, leading: bool) -> String {
    let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let mut text = String::new();
    let mut pending_zero = false;
    for (position, &digit) in digits.iter().enumerate() {
        let unit = 3 - position;
        if digit == 0 {
            pending_zero = !text.is_empty();
            continue;
        }
        if pending_zero {
            text.push_str(numerals.digits[0]);
            pending_zero = false;
        }
        let bare = unit == 1 && digit == 1 && text.is_empty() && leading && numerals.bare_ten;
        if !bare {
            text.push_str(numerals.digits[digit as usize]);
        }
        if unit > 0 {
            text.push_str(numerals.units[unit - 1]);
        }
    }
    text
}

/// Japanese counting: no 零, no 一 before 十, 百 and 千: 十一, 百一, 千十.
fn japanese(n: u64) -> String {
    if n >= 10_000 {
        return n.to_string();
    }
    let digits = [n / 1000, n / 100 % 10, n / 10 % 10, n % 10];
    let mut text = String::new();
    for (position, &digit) in digits.iter().enumerate() {
        let unit = 3 - position;
        if digit == 0 {
            continue;
        }
        if digit > 1 || unit == 0 {
            text.push(IDEOGRAPH_DIGITS[digit as usize]);
        }
        if unit > 0 {
            text.push_str(CHINESE_LOWER.units[unit - 1]);
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numbers() {
        let render = |n| Format::ChineseCounting.render(n);
        let cases = [
            (1, "一"),
            (10, "十"),
            (11, "十一"),
            (20, "二十"),
            (21, "二十一"),
            (100, "一百"),
            (101, "一百零一"),
            (110, "一百一十"),
            (1000, "一千"),
            (1010, "一千零一十"),
            (10_001, "一万零一"),
            (0, "〇"),
        ];
        for (n, text) in cases {
            assert_eq!(render(n), text, "{n}");
        }
        assert_eq!(Format::ChineseLegalSimplified.render(10), "壹拾");
        assert_eq!(Format::ChineseLegalSimplified.render(101), "壹佰零壹");
        assert_eq!(Format::ChineseLegalTraditional.render(23), "貳拾參");
        assert_eq!(Format::JapaneseCounting.render(11), "十一");
        assert_eq!(Format::JapaneseCounting.render(101), "百一");
        assert_eq!(Format::JapaneseCounting.render(1234), "千二百三十四");
        assert_eq!(Format::IdeographDigital.render(105), "一〇五");
    }

    #[test]
    fn other_formats() {
        let cases = [
            (Format::IdeographTraditional, 4, "丁"),
            (Format::IdeographTraditional, 11, "11"),
            (Format::IdeographZodiac, 12, "亥"),
            (Format::EnclosedCircle, 1, "①"),
            (Format::EnclosedCircle, 20, "⑳"),
            (Format::EnclosedCircle, 21, "㉑"),
            (Format::EnclosedCircle, 36, "㊱"),
            (Format::EnclosedCircle, 51, "51"),
            (Format::IdeographEnclosedCircle, 3, "㊂"),
            (Format::EnclosedParen, 1, "⑴"),
            (Format::EnclosedParen, 20, "⒇"),
            (Format::EnclosedFullstop, 2, "⒉"),
            (Format::FullWidth, 12, "１２"),
            (Format::ZeroPadded(2), 7, "07"),
            (Format::ZeroPadded(3), 7, "007"),
            (Format::LowerLetter, 27, "aa"),
            (Format::UpperLetter, 2, "B"),
            (Format::LowerRoman, 14, "xiv"),
            (Format::UpperRoman, 1999, "MCMXCIX"),
            (Format::Ordinal, 22, "22nd"),
            (Format::Ordinal, 12, "12th"),
            (Format::None, 3, ""),
            (Format::Decimal, 0, "0"),
        ];
        for (format, n, text) in cases {
            assert_eq!(format.render(n), text, "{format:?} {n}");
        }
    }

    #[test]
    fn formats_by_name() {
        assert_eq!(
            Format::parse("chineseCountingThousand"),
            Format::ChineseCounting
        );
        assert_eq!(
            Format::parse("decimalEnclosedCircleChinese"),
            Format::EnclosedCircle
        );
        assert_eq!(Format::parse("someFutureFormat"), Format::Decimal);
        assert_eq!(
            Format::custom("001, 002, 003, ..."),
            Some(Format::ZeroPadded(3))
        );
        assert_eq!(
            Format::custom("一, 二, 三, ..."),
            Some(Format::ChineseCounting)
        );
        assert_eq!(Format::custom("α, β"), None);
        assert_eq!(Format::custom(&"0".repeat(10)), None);
    }

    #[test]
    fn level_text_placeholders() {
        let label = expand_level_text("%1.%2%%3（%9）%0", |index| (index + 1).to_string());
        assert_eq!(label, "1.2%3（9）%0");
    }
}
