//! Check kind `paired-marks`: quotation marks, title marks and brackets that do not pair
//! within a line of prose (GB/T 15834: 引号、书名号、括号成对使用).
//!
//! ```toml
//! [[rule]]
//! code = "ZJ9xx"
//! name = "my-pairs"
//! category = "punctuation"
//! severity = "warning"
//! kind = "paired-marks"
//! fix = "safe"            # findings whose right form is certain carry a fix
//! message = "{what}：“{match}”"
//! help = "{how}"
//! # Which pairs to check, any of "quotes", "titles", "brackets" (required, not empty).
//! pairs = ["quotes", "titles", "brackets"]
//! # Required: the longest stretch (in characters) between two marks read as one pair.
//! max_chars = 80
//! # Optional: contexts (regexes) that veto a finding they overlap.
//! exclude = []
//! ```
//!
//! What it reports (`{what}` and `{how}` are filled by the kind, in Chinese):
//! - quotes: a second `“` before the first is closed (a closing quote typed as an opening:
//!   `“安全生产月“`; fix `”` when the two lie in one clause), a `”` that opens (`”…”`: the first
//!   becomes `“`), a doubled `““` or `””` (the second deleted), an ASCII `'` that opens a
//!   Chinese quotation closed by `“` or `”` (`'三个服务“` → `“三个服务”`);
//! - titles: a `《` inside another (nested titles use `〈〉`; unsafe fix), a `《` never closed
//!   on its line, a `》` that closes nothing;
//! - brackets: a pair whose two halves differ in width (`（…)` → `（…）`), a `（` never closed on
//!   its line. A lone `)` is left alone: `1)` numbers an item, `:)` smiles.
//!
//! Only marks inside the prose view count, so a URL's or a code span's marks are never read.

use super::{Check, Context};
use crate::analysis::matching::{Excludes, Filter};
use crate::analysis::text::{is_han, SENTENCE_ENDS};
use crate::catalogue::RuleDef;
use crate::diagnostic::{Applicability, Diagnostic, Edit, Edits, Fix};
use crate::model::Span;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    pairs: Vec<String>,
    max_chars: usize,
    #[serde(default)]
    exclude: Vec<String>,
}

struct PairedMarks {
    quotes: bool,
    titles: bool,
    brackets: bool,
    max_chars: usize,
    excludes: Excludes,
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let params: Params = super::params(params)?;
    if params.pairs.is_empty() {
        return Err("pairs 不能为空".into());
    }
    if let Some(other) = params
        .pairs
        .iter()
        .find(|p| !matches!(p.as_str(), "quotes" | "titles" | "brackets"))
    {
        return Err(format!(
            "pairs 中的“{other}”不认识，可用：quotes、titles、brackets"
        ));
    }
    let has = |name: &str| params.pairs.iter().any(|p| p == name);
    Ok(Arc::new(PairedMarks {
        quotes: has("quotes"),
        titles: has("titles"),
        brackets: has("brackets"),
        max_chars: params.max_chars,
        excludes: Excludes::new(&params.exclude)?,
    }))
}

/// One finding before it becomes a diagnostic.
struct Found {
    span: Span,
    what: &'static str,
    how: &'static str,
    /// Most findings make one edit, kept in place.
    edits: Edits,
    safe: bool,
}

impl Found {
    fn new(span: Span, what: &'static str, how: &'static str) -> Self {
        Found {
            span,
            what,
            how,
            edits: Edits::default(),
            safe: false,
        }
    }
    fn edit(mut self, at: usize, old: char, new: &str, safe: bool) -> Self {
        self.edits.push(Edit {
            span: at..at + old.len_utf8(),
            replacement: crate::diagnostic::interned(new),
        });
        self.safe = safe;
        self
    }
}

/// A non-standard quotation mark (`〝` `〞` `〟`) and its standard form.
fn odd_quote(at: usize, c: char, standard: &'static str) -> Found {
    Found::new(
        at..at + c.len_utf8(),
        "用了非标准的引号",
        "中文引号用“”，改为标准引号",
    )
    .edit(at, c, standard, true)
}

/// The marks this kind reads.
const QUOTE_AND_PAIR_MARKS: &[char] = &[
    '“', '”', '〝', '〞', '〟', '\'', '"', '《', '》', '（', '(', '）', ')',
];

/// The characters before and after the one-byte mark at byte `at` of `line`.
fn beside(line: &str, at: usize) -> (Option<char>, Option<char>) {
    let before = line.get(..at).and_then(|s| s.chars().next_back());
    let after = line.get(at + 1..).and_then(|s| s.chars().next());
    (before, after)
}

/// The marks of one line, with their byte offsets.
type Marks = Vec<(usize, char)>;

/// How many bytes of lines [`PairedMarks::run`] finds the marks of at a time.
const MARK_BLOCK: usize = 1 << 16;

/// Append the marks of [`QUOTE_AND_PAIR_MARKS`] in `text` to `marks`, with their byte offsets
/// plus `base`, in order. The text is searched for their first bytes (`'`, `(`, `)`,
/// `"`, and 0xE2, 0xE3, 0xEF, which begin the full-width ones), and only the characters found
/// are decoded.
fn marks_in(text: &str, base: usize, marks: &mut Marks) {
    let bytes = text.as_bytes();
    let from = marks.len();
    marks.extend(
        memchr::memchr3_iter(b'\'', b'(', b')', bytes).map(|at| (base + at, char::from(bytes[at]))),
    );
    marks.extend(memchr::memchr_iter(b'"', bytes).map(|at| (base + at, '"')));
    marks.extend(
        memchr::memchr3_iter(0xe2, 0xe3, 0xef, bytes)
            .filter_map(|at| Some((base + at, text.get(at..at + 3)?.chars().next()?)))
            .filter(|(_, c)| QUOTE_AND_PAIR_MARKS.contains(c)),
    );
    marks[from..].sort_unstable_by_key(|(at, _)| *at);
}

impl PairedMarks {
    /// Returns whether a `“` is left open at the end of the line.
    fn quotes(
        &self,
        line: &str,
        base: usize,
        marks: &[(usize, char)],
        carried: bool,
        quotes: &mut Marks,
        found: &mut Vec<Found>,
    ) -> bool {
        // Quote marks of the line: `'` counts when it opens Han text (not an apostrophe).
        quotes.clear();
        quotes.extend(marks.iter().copied().filter_map(|(at, c)| match c {
            '“' | '”' => Some((at, c)),
            '〝' => {
                found.push(odd_quote(at, c, "“"));
                Some((at, '“'))
            }
            '〞' | '〟' => {
                found.push(odd_quote(at, c, "”"));
                Some((at, '”'))
            }
            '\'' => {
                let (before, after) = beside(line, at - base);
                let opens = after.is_some_and(|a| is_han(a) || a.is_ascii_digit())
                    && !before.is_some_and(|b| b.is_ascii_alphanumeric());
                opens.then_some((at, c))
            }
            // A half-width `"` counts between Han text and what is not a letter or digit
            // (`“铁拳"行动`, `"三色”`); not around English or code (`点击"Save"按钮`).
            '"' => {
                let (before, after) = beside(line, at - base);
                let plain = |c: Option<char>| !c.is_some_and(|c| c.is_ascii_alphanumeric());
                let counts = (after.is_some_and(is_han) && plain(before))
                    || (before.is_some_and(is_han) && plain(after));
                counts.then_some((at, c))
            }
            _ => None,
        }));
        // A quotation left open at the end of the previous line (a paragraph broken by a page
        // or by PDF extraction) is closed by this line's first `”`.
        let mut open: Option<(usize, char)> = carried.then_some((usize::MAX, '“'));
        let mut k = 0;
        while k < quotes.len() {
            let (at, c) = quotes[k];
            let next = quotes.get(k + 1).copied();
            let adjacent = |(n, _): (usize, char)| n == at + c.len_utf8();
            match (c, open) {
                ('“', Some((usize::MAX, _))) => open = Some((at, c)),
                ('“', Some((o, '“'))) if o + '“'.len_utf8() == at => {
                    found.push(
                        Found::new(at..at + 3, "引号重复", "删去多余的“").edit(at, c, "", true),
                    );
                }
                ('”', None)
                    if k > 0
                        && quotes[k - 1].1 == '”'
                        && quotes[k - 1].0 + '”'.len_utf8() == at =>
                {
                    found.push(
                        Found::new(at..at + 3, "引号重复", "删去多余的”").edit(at, c, "", true),
                    );
                }
                ('“' | '\'', None) => open = Some((at, c)),
                // A half-width `"` closes an open quotation, else opens one when Han follows.
                ('"', Some((o, opener))) if o != usize::MAX => {
                    let same_clause = self
                        .text_between(line, base, o, at)
                        .is_some_and(|between| !between.contains(SENTENCE_ENDS));
                    let mut f = match opener {
                        '"' => Found::new(o..at + 1, "中文里用了半角引号", "中文引号用“”，改为“”"),
                        _ => Found::new(o..at + 1, "后引号用了半角的\"", "中文引号用“”，把\"改为”"),
                    };
                    if opener != '“' {
                        f = f.edit(o, opener, "“", same_clause);
                    }
                    found.push(f.edit(at, '"', "”", same_clause));
                    open = None;
                }
                ('"', Some(_)) => open = None,
                // Nothing open: a `"` before Han text opens a quotation; one after Han text
                // closes none (`“双减”政策"，`).
                ('"', None) if beside(line, at - base).1.is_some_and(is_han) => {
                    open = Some((at, c));
                }
                ('"', None) => found.push(Found::new(
                    at..at + 1,
                    "多出一个没有配对的半角引号",
                    "删去多余的\"；若是引文的后引号，补上前引号“，并把它改为”",
                )),
                ('“', Some((o, opener))) => {
                    let between = &self.text_between(line, base, o, at);
                    if next.is_some_and(|n| n.1 == '”') && !next.is_some_and(adjacent) {
                        // `“A“B”`: a quotation inside a quotation, or a typo; not certain.
                        found.push(Found::new(
                            at..at + 3,
                            "引号不成对，前一个引号还没有关闭",
                            "引号里再用引号时用单引号‘’；若是引号打错，改为”",
                        ));
                        open = Some((at, c));
                    } else if let Some(between) = between {
                        let mut f = Found::new(
                            o..at + 3,
                            "后引号误用作前引号",
                            "引号成对使用：前引号“，后引号”",
                        );
                        let same_clause = !between.contains(SENTENCE_ENDS);
                        if opener == '\'' || opener == '"' {
                            f = f.edit(o, opener, "“", same_clause);
                        }
                        found.push(f.edit(at, '“', "”", same_clause));
                        open = None;
                    } else {
                        open = Some((at, c));
                    }
                }
                ('”', Some((o, '\''))) => {
                    let f = Found::new(o..at + 3, "半角'用作前引号", "前引号用“");
                    found.push(f.edit(o, '\'', "“", true));
                    open = None;
                }
                ('”', Some((o, '"'))) => {
                    let f = Found::new(o..at + 3, "前引号用了半角的\"", "中文引号用“”，把\"改为“");
                    found.push(f.edit(o, '"', "“", true));
                    open = None;
                }
                ('”', Some(_)) => open = None,
                ('”', None) => {
                    let mut f = Found::new(
                        at..at + 3,
                        "前引号误用作后引号",
                        "引号成对使用：前引号“，后引号”",
                    );
                    let pair = next.filter(|n| n.1 == '”' && !adjacent(*n));
                    if let Some(between) =
                        pair.and_then(|(n, _)| self.text_between(line, base, at, n))
                    {
                        f = f.edit(at, '”', "“", !between.contains(SENTENCE_ENDS));
                        k += 1;
                    }
                    found.push(f);
                }
                ('\'', Some(_)) => {}
                _ => {}
            }
            k += 1;
        }
        open.is_some()
    }

    /// The text between two marks of one line, when it is short enough to be one quotation.
    fn text_between<'l>(
        &self,
        line: &'l str,
        base: usize,
        from: usize,
        to: usize,
    ) -> Option<&'l str> {
        let start = from - base;
        let start = start + line[start..].chars().next().map_or(0, char::len_utf8);
        let text = line.get(start..to - base)?;
        (text.chars().nth(self.max_chars).is_none()).then_some(text)
    }

    fn titles(&self, marks: &[(usize, char)], found: &mut Vec<Found>) {
        // Open `《`s, each with its place in `inner` when it is nested inside another.
        let mut stack: Vec<(usize, Option<usize>)> = Vec::new();
        // `《` positions nested inside another, with their closing `》` once seen.
        let mut inner: Vec<(usize, Option<usize>)> = Vec::new();
        for &(at, c) in marks {
            match c {
                '《' => {
                    let nested = (!stack.is_empty()).then(|| {
                        inner.push((at, None));
                        inner.len() - 1
                    });
                    stack.push((at, nested));
                }
                '》' => match stack.pop() {
                    Some((_, nested)) => {
                        if let Some(slot) = nested.and_then(|i| inner.get_mut(i)) {
                            slot.1 = Some(at);
                        }
                    }
                    None => found.push(Found::new(
                        at..at + '》'.len_utf8(),
                        "书名号不成对，》前面没有《",
                        "补上《或删去多余的》",
                    )),
                },
                _ => {}
            }
        }
        for (o, close) in inner {
            let mut f = Found::new(
                o..o + '《'.len_utf8(),
                "书名号里又用了书名号",
                "书名号里边还要用书名号时，里边一层用单书名号〈〉",
            );
            if let Some(close) = close {
                f = f.edit(o, '《', "〈", false).edit(close, '》', "〉", false);
            }
            found.push(f);
        }
        // A nested `《` left open is reported above already.
        for (o, _) in stack.into_iter().filter(|(_, nested)| nested.is_none()) {
            found.push(Found::new(
                o..o + '《'.len_utf8(),
                "书名号不成对，《没有关闭",
                "补上》或删去多余的《",
            ));
        }
    }

    fn brackets(&self, marks: &[(usize, char)], found: &mut Vec<Found>) {
        let mut stack: Vec<(usize, char)> = Vec::new();
        for &(at, c) in marks {
            match c {
                '（' | '(' => stack.push((at, c)),
                '）' | ')' => {
                    let Some((o, opener)) = stack.pop() else {
                        continue;
                    };
                    let what = "括号前后宽度不一致";
                    let how = "括号成对使用，中文里用全角（）";
                    match (opener, c) {
                        ('（', ')') => {
                            found.push(Found::new(at..at + 1, what, how).edit(at, ')', "）", true))
                        }
                        ('(', '）') => {
                            found.push(Found::new(o..o + 1, what, how).edit(o, '(', "（", true))
                        }
                        _ => {}
                    }
                }
                _ => {}
            }
        }
        for (o, c) in stack {
            if c == '（' {
                found.push(Found::new(
                    o..o + 3,
                    "括号不成对，（没有关闭",
                    "补上）或删去多余的（",
                ));
            }
        }
    }
}

impl Check for PairedMarks {
    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let text = ctx.text;
        let prose = ctx.prose();
        let mut found = Vec::new();
        let mut carried = false;
        let lines = &ctx.doc.lines;
        // The marks of a block of lines at a time: a list for the whole text held 16 bytes a
        // mark, 8 MB on a 50 MB file.
        let mut all_marks = Marks::new();
        let mut block_end = 0;
        let mut next_mark = 0;
        // A line's quotes, in a list kept from line to line.
        let mut quotes = Marks::new();
        for (k, line) in lines.iter().enumerate() {
            if line.content().end > block_end {
                let start = line.content().start;
                let last =
                    k + lines[k..].partition_point(|l| l.content().end <= start + MARK_BLOCK);
                block_end = lines[last.max(k + 1) - 1].content().end;
                all_marks.clear();
                marks_in(&text[start..block_end], start, &mut all_marks);
                next_mark = 0;
            }
            // The marks of the block are in order, as the lines are.
            let first = next_mark
                + all_marks[next_mark..].partition_point(|(at, _)| *at < line.content().start);
            next_mark =
                first + all_marks[first..].partition_point(|(at, _)| *at < line.content().end);
            if line.is_blank() || first == next_mark {
                continue;
            }
            let content = &text[line.content()];
            let base = line.content().start;
            // The line's marks in prose, kept in place at the front of its own: a copy of them
            // held 16 bytes a mark more on a long line.
            let line_marks = &mut all_marks[first..next_mark];
            let mut kept = 0;
            for k in 0..line_marks.len() {
                let (at, c) = line_marks[k];
                if prose.contains(&(at..at + c.len_utf8())) {
                    line_marks[kept] = line_marks[k];
                    kept += 1;
                }
            }
            let marks = &line_marks[..kept];
            if self.quotes {
                carried = self.quotes(content, base, marks, carried, &mut quotes, &mut found);
            }
            if self.titles {
                self.titles(marks, &mut found);
            }
            if self.brackets {
                self.brackets(marks, &mut found);
            }
        }
        // The marks are not read again: their lists go before the diagnostics are made.
        drop((all_marks, quotes));
        found.sort_by_key(|f| (f.span.start, f.span.end));
        let mut filter = Filter::new(ctx, rule, out, &self.excludes, true);
        super::each_releasing(found, |f| {
            if !filter.keep(&f.span) {
                return;
            }
            let found_text = &text[f.span.clone()];
            let args = [("match", found_text), ("what", f.what), ("how", f.how)];
            let applicability = match rule.fix {
                Some(Applicability::Safe) if f.safe => Some(Applicability::Safe),
                Some(_) => Some(Applicability::Unsafe),
                None => None,
            };
            match applicability {
                Some(applicability) if !f.edits.is_empty() => {
                    let fix = Fix {
                        title: crate::diagnostic::shared(f.how),
                        edits: f.edits,
                        applicability,
                    };
                    out.push(ctx.diagnostic_with_fix(rule, f.span, &args, fix));
                }
                _ => out.push(ctx.diagnostic(rule, f.span, &args)),
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::{accepts, h, run};

    #[test]
    fn nonstandard_quotes_are_reported_and_pair_like_standard_ones() {
        assert_eq!(
            run("ZJ507", "工作总结\n以“三个代表〞重要思想为指导。\n"),
            vec![h(2, 7, "〞")]
        );
    }

    #[test]
    fn a_quotation_broken_across_lines_closes_on_the_next_line() {
        assert_eq!(
            run(
                "ZJ507",
                "工作总结\n牢固树立“四个意\n识”、坚定“四个自信”。\n"
            ),
            vec![]
        );
    }

    #[test]
    fn each_line_reads_only_its_own_marks() {
        // The lists of marks and quotes are kept from line to line: a line's marks are not
        // read again with the next line's: the open `（` once, the `“` closed on the next
        // line, the `《` left open not closed by the next line's `》`, and a line opening
        // with `“` after one left open read from its own `“`.
        let text = "工作总结\n（甲\n“乙\n丙”。\n《丁\n戊》。\n己“辛\n“庚”。\n";
        assert_eq!(
            run("ZJ507", text),
            vec![h(2, 1, "（"), h(5, 1, "《"), h(6, 2, "》")]
        );
    }

    #[test]
    fn titles_nested_twice_and_left_open_are_each_reported_once() {
        // 一行：《甲《乙《丙》》》 套了两层；《丁《戊 两个都没关闭，里层的只按“套用”报告一次。
        let text = "工作总结\n学习《甲《乙《丙》》》和《丁《戊。\n";
        assert_eq!(
            run("ZJ507", text),
            vec![h(2, 5, "《"), h(2, 7, "《"), h(2, 13, "《"), h(2, 15, "《")]
        );
    }

    #[test]
    fn marks_are_found_in_every_block_of_a_long_text() {
        // About 90 KB of lines: the marks are found a block of lines at a time, and a line
        // longer than a block is a block of its own.
        let mut text = String::from("工作总结\n");
        let mut expected = Vec::new();
        for line in 2..=1500 {
            if line % 500 == 0 {
                text.push_str("学习《甲《乙》》和（丙）。\n");
                expected.push(h(line, 5, "《"));
            } else {
                text.push_str("坚持“两个确立”，做到（一）和（二），推进各项工作。\n");
            }
        }
        let long = "坚持“两个确立”。".repeat(5000);
        text.push_str(&long);
        text.push_str("又《一。\n");
        expected.push(h(1501, long.chars().count() + 2, "《"));
        assert!(text.len() > 3 * super::MARK_BLOCK);
        assert_eq!(run("ZJ507", &text), expected);
    }

    /// The definition of [`super::marks_in`]: every character read, the marks kept.
    fn marks_by_chars(text: &str) -> Vec<(usize, char)> {
        text.char_indices()
            .filter(|(_, c)| super::QUOTE_AND_PAIR_MARKS.contains(c))
            .collect()
    }

    #[test]
    fn marks_are_found_as_the_characters_are_read() {
        let text = "“甲”〝乙〞〟'《丙》（丁）(戊)，。、：ａ𠀀'\"";
        assert_eq!(marks_in(text).len(), 14);
        assert_eq!(marks_in(text), marks_by_chars(text));
    }

    /// [`super::marks_in`] of a whole text.
    fn marks_in(text: &str) -> super::Marks {
        let mut marks = super::Marks::new();
        super::marks_in(text, 0, &mut marks);
        marks
    }

    proptest::proptest! {
        #[test]
        fn marks_of_any_text_are_those_the_characters_show(text in ".{0,40}") {
            proptest::prop_assert_eq!(marks_in(&text), marks_by_chars(&text));
        }
    }

    #[test]
    fn max_chars_is_required() {
        assert!(accepts(super::build, "pairs = [\"quotes\"]").is_err());
        assert!(accepts(super::build, "pairs = [\"quotes\"]\nmax_chars = 80").is_ok());
    }

    #[test]
    fn arbitrary_marks_never_panic() {
        for text in [
            "“",
            "”",
            "'",
            "《》》《",
            "（)(）)",
            "'“'”“”〝〞〟",
            "a'b“c",
            "\n“\n”\n",
        ] {
            let _ = run("ZJ507", text);
        }
    }
}
