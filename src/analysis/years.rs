//! Years and counts in a document: the year its title names (the year the document is about),
//! four-digit years in a text, and Chinese numerals (`九十`, `一百零一`, `两`) read as numbers.
//! The consistency rules compare what the body says against these.

use crate::analysis::text::cut_chars;
use crate::checks::Context;
use crate::model::Span;

pub(crate) use crate::analysis::parts::years_in;

/// How many of the first non-blank lines may hold the title when the first one does not name a
/// year (a site's line before it, a title written as a numbered heading).
const TITLE_LINES: usize = 3;

/// Words that make a line a document's title (its genre). Shared by every rule that reads the
/// document's year, so that they agree on which line is the title.
const TITLE_WORDS: &[&str] = &[
    "总结", "计划", "报告", "要点", "方案", "打算", "安排", "汇报", "述职", "總結", "計劃", "報告",
];

/// The line that holds the document's title: the title line when it names a year, else the
/// first of the first lines that names a genre and a year, else the title line. The span is
/// the title's text.
pub fn title_line(ctx: &Context) -> Option<(usize, Span)> {
    let title = ctx.title.clone().map(|title| {
        let i = ctx
            .doc
            .lines
            .partition_point(|l| l.span().end < title.start);
        (i, title)
    });
    if let Some((i, title)) = title.clone() {
        if years_in(&ctx.text[title.clone()]).next().is_some() {
            return Some((i, title));
        }
    }
    ctx.doc
        .lines
        .iter()
        .enumerate()
        .filter(|(i, l)| !l.is_blank() && !ctx.junk_lines[*i])
        .take(TITLE_LINES)
        .find_map(|(i, line)| {
            let head = cut_chars(&ctx.text[line.content()], 40);
            // A year first: one pass over the bytes, and most lines have none.
            let titled =
                years_in(head).next().is_some() && TITLE_WORDS.iter().any(|w| head.contains(w));
            titled.then(|| (i, line.content().start..line.content().start + head.len()))
        })
        .or(title)
}

/// The year the document is about: the first four-digit year of its title line (see
/// [`title_line`]), else of the file's name; with where it stands (empty when it comes from
/// the file name). None when neither names a year.
pub fn document_year(ctx: &Context) -> Option<(Span, u32)> {
    if let Some((_, title)) = title_line(ctx) {
        if let Some((at, year)) = years_in(&ctx.text[title.clone()]).next() {
            return Some((title.start + at.start..title.start + at.end, year));
        }
    }
    let name = ctx.file_name.rsplit(['/', '\\']).next().unwrap_or("");
    years_in(name).next().map(|(_, year)| (0..0, year))
}

/// A count written in Arabic digits (`4`) or Chinese numerals (`四`, `两`, `九十`, `一百零一`),
/// up to 9999. None for anything else.
pub fn number(text: &str) -> Option<u32> {
    if text.is_empty() {
        return None;
    }
    if text.chars().all(|c| c.is_ascii_digit()) {
        return text.parse().ok().filter(|n| *n < 10_000);
    }
    let mut total = 0u32;
    let mut digit: Option<u32> = None;
    let mut last_unit = u32::MAX;
    for c in text.chars() {
        let unit = match c {
            '十' => 10,
            '百' => 100,
            '千' => 1000,
            // `一百零一`: 零 only holds a place
            '零' | '〇' if total > 0 && digit.is_none() => continue,
            _ => {
                if digit.is_some() {
                    return None;
                }
                digit = Some(digit_value(c)?);
                continue;
            }
        };
        if unit >= last_unit {
            return None;
        }
        last_unit = unit;
        // `十` alone at the start is 10; `二百` is 200.
        total += digit.take().unwrap_or(1) * unit;
    }
    Some(total + digit.unwrap_or(0))
}

/// Is `c` a numeral on its own (`4`, `四`, `两`, `十`, `零`): what [`number`] reads of one
/// character.
pub fn is_numeral(c: char) -> bool {
    c.is_ascii_digit() || digit_value(c).is_some() || matches!(c, '十' | '百' | '千')
}

/// A digit of a count: those of heading numerals, and `两` (`两项`).
fn digit_value(c: char) -> Option<u32> {
    match c {
        '两' => Some(2),
        c => crate::model::chinese_digit(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_arabic_counts() {
        assert_eq!(number("4"), Some(4));
        assert_eq!(number("两"), Some(2));
        assert_eq!(number("十"), Some(10));
        assert_eq!(number("九十"), Some(90));
        assert_eq!(number("七十五"), Some(75));
        assert_eq!(number("一百"), Some(100));
        assert_eq!(number("一百零一"), Some(101));
        assert_eq!(number("十十"), None);
        assert_eq!(number("三四"), None);
        assert_eq!(number("个"), None);
        assert_eq!(number(""), None);
        for c in "0九两十百千零〇个a".chars() {
            assert_eq!(is_numeral(c), number(&c.to_string()).is_some(), "{c}");
        }
        assert_eq!(number("九千九百九十九"), Some(9999));
        assert_eq!(number("一千零五十"), Some(1050));
    }

    #[test]
    fn counts_too_large_for_the_text_are_none_not_an_overflow() {
        assert_eq!(number("99999999999"), None);
        assert_eq!(number("10000"), None);
        assert_eq!(number("九千九百九十九千"), None);
        assert_eq!(number("一十一十一十"), None);
        // Years: four digits standing alone, none inside a longer run.
        assert_eq!(
            years_in("99999999999年，2023年")
                .map(|(_, y)| y)
                .collect::<Vec<_>>(),
            [2023]
        );
    }

    fn year_of(name: &str, text: &str) -> Option<u32> {
        let doc = crate::parse::parse(text);
        let mut ctx = Context::new(text, &doc);
        ctx.file_name = name.to_string();
        document_year(&ctx).map(|(_, y)| y)
    }

    #[test]
    fn the_document_year_comes_from_the_title_then_the_file_name() {
        assert_eq!(year_of("a.txt", "县局2023年工作总结\n正文。\n"), Some(2023));
        assert_eq!(
            year_of("a.txt", "一、镇2022年度妇联工作总结\n正文。\n"),
            Some(2022)
        );
        assert_eq!(
            year_of("dir/2021年总结.txt", "工作总结\n正文。\n"),
            Some(2021)
        );
        assert_eq!(year_of("a.txt", "工作总结\n2019年我们完成了任务。\n"), None);
    }
}
