//! Check kind `date-form`: dates in running text not written as GB/T 9704 and GB/T 15835 want
//! them (`2024年3月5日`, `二〇〇〇年`), with a fix that writes them so.
//!
//! ```toml
//! [[rule]]
//! code = "ZJ901"
//! name = "my-date-form"
//! category = "consistency"
//! severity = "warning"
//! kind = "date-form"
//! message = "日期“{match}”应写作“{replacement}”"
//! help = "改为“{replacement}”"
//! fix = "safe"
//! # Required, one of:
//! #   "padded"     a month or day with a leading zero: 2024年03月05日 → 2024年3月5日 (safe fix)
//! #   "separated"  a date with dots or slashes: 2022.3.8, 2023/7/21 → 2022年3月8日 (unsafe fix)
//! #   "numeral-zero"  a year in Chinese numerals with an Arabic 0 or a letter O for 〇
//! #                (not the circle ○, which transcriptions of print often carry):
//! #                二000年 → 二〇〇〇年 (safe fix)
//! form = "padded"
//! ```
//!
//! `{match}` is the date found, `{replacement}` the date rewritten. Only prose is read (no
//! addresses, junk lines or markup). A date must be whole: a digit or a Latin letter next to
//! it (`v2022.3.8`, `12022.3.8`) or a third separator (`1.2.3.4`) makes it something else.
//! Times of day (`08时06分`) are left as they are. The dotted form is reported in a line with
//! Chinese text or on a line of its own (a signature's date), not in a line of Latin text
//! (a log or code); its fix is unsafe because the same digits can be a version or a section
//! number.

use super::{Check, Context};
use crate::analysis::text::Needle;
use crate::catalogue::RuleDef;
use crate::diagnostic::{Applicability, Diagnostic, Fix};
use crate::model::Span;
use crate::shared_regex::Regex;
use serde::Deserialize;
use std::sync::{Arc, LazyLock};

#[derive(Deserialize, Clone, Copy, PartialEq)]
#[serde(rename_all = "kebab-case")]
enum Form {
    Padded,
    Separated,
    NumeralZero,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    form: Form,
}

struct DateForm {
    form: Form,
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let params: Params = super::params(params)?;
    Ok(Arc::new(DateForm { form: params.form }))
}

static PADDED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:([0-9]{4})\s?年\s?)?([0-9]{1,2})\s?月(?:\s?([0-9]{1,2})\s?[日号])?")
        .expect("a fixed pattern")
});
static SEPARATED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)[0-9]{2})([./])([0-9]{1,2})([./])([0-9]{1,2})").expect("a fixed pattern")
});
static NUMERAL_YEAR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[〇零一二三四五六七八九0OoＯ０]{4}年").expect("a fixed pattern"));

/// Characters that stand for 〇 in a year written in Chinese numerals.
/// (The circle ○ is left alone: official texts transcribed from print often carry it.)
const ZERO_LOOKALIKES: &[char] = &['0', 'O', 'o', 'Ｏ', '０'];

impl Check for DateForm {
    fn reads_earlier_findings(&self) -> bool {
        false
    }

    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let prose = ctx.prose();
        for span in prose.spans() {
            let piece = &ctx.text[span.clone()];
            // Most paragraphs hold no date: a test of what every match needs (its 月, its
            // separator, its 年 after four numerals) passes them over before a regex reads them.
            let found = match self.form {
                Form::Padded if MONTH.finder().find(piece.as_bytes()).is_some() => padded(piece),
                Form::Separated if memchr::memchr2(b'.', b'/', piece.as_bytes()).is_some() => {
                    separated(piece, line_of(ctx, span.start))
                }
                Form::NumeralZero if may_hold_numeral_year(piece) => numeral_zero(piece),
                _ => continue,
            };
            for (at, replacement) in found {
                let at = span.start + at.start..span.start + at.end;
                let matched = &ctx.text[at.clone()];
                let applicability = match self.form {
                    Form::Separated => Applicability::Unsafe,
                    _ => Applicability::Safe,
                };
                let fix = Fix::replace(at.clone(), matched, &replacement, applicability);
                out.push(ctx.diagnostic_with_fix(
                    rule,
                    at,
                    &[("match", matched), ("replacement", &replacement)],
                    fix,
                ));
            }
        }
    }
}

/// The whole line holding byte `offset`.
fn line_of<'t>(ctx: &Context<'t>, offset: usize) -> &'t str {
    let i = ctx
        .doc
        .lines
        .partition_point(|l| l.span().start <= offset)
        .saturating_sub(1);
    ctx.doc.lines.get(i).map_or("", |l| &ctx.text[l.content()])
}

/// Is the match at `at` in `text` whole: no digit, Latin letter or `.`/`/` joined to it?
fn whole(text: &str, at: &Span) -> bool {
    let before = text[..at.start].chars().next_back();
    let after = text[at.end..].chars().next();
    let joined =
        |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.' || c == '/');
    !joined(before) && !joined(after)
}

fn valid(month: u32, day: Option<u32>) -> bool {
    (1..=12).contains(&month) && day.is_none_or(|d| (1..=31).contains(&d))
}

fn padded(text: &str) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    for caps in PADDED.captures_iter(text) {
        let Some(whole_match) = caps.get(0) else {
            continue;
        };
        let (year, month, day) = (caps.get(1), &caps[2], caps.get(3));
        // A month alone (`03月份`) is no date; a date must name its year or its day.
        if year.is_none() && day.is_none() {
            continue;
        }
        let before = text[..whole_match.start()].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_digit()) {
            continue;
        }
        let month_value: u32 = month.parse().unwrap_or(0);
        let day_value = day.and_then(|d| d.as_str().parse().ok());
        let zero = |s: &str| s.len() == 2 && s.starts_with('0');
        if !valid(month_value, day_value) || !(zero(month) || day.is_some_and(|d| zero(d.as_str())))
        {
            continue;
        }
        // Rewrite only the digits, keeping the text between them.
        let mut replacement = String::new();
        let mut at = whole_match.start();
        for group in [caps.get(2), day].into_iter().flatten() {
            replacement.push_str(&text[at..group.start()]);
            replacement.push_str(group.as_str().trim_start_matches('0'));
            at = group.end();
        }
        replacement.push_str(&text[at..whole_match.end()]);
        out.push((whole_match.range(), replacement));
    }
    out
}

fn separated(text: &str, line: &str) -> Vec<(Span, String)> {
    // In a line of Latin text (a log, code) the compact form is the writer's convention
    // (read only when the text has a date in it).
    let latin_line = || {
        let chinese = line.chars().any(crate::analysis::text::is_han);
        let latin = line.chars().any(|c| c.is_ascii_alphabetic());
        !chinese && latin
    };
    if !SEPARATED.is_match(text) || latin_line() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for caps in SEPARATED.captures_iter(text) {
        let Some(m) = caps.get(0) else { continue };
        if caps[2] != caps[4] || !whole(text, &m.range()) {
            continue;
        }
        let month: u32 = caps[3].parse().unwrap_or(0);
        let day: u32 = caps[5].parse().unwrap_or(0);
        if !valid(month, Some(day)) {
            continue;
        }
        out.push((m.range(), format!("{}年{month}月{day}日", &caps[1])));
    }
    out
}

/// The characters of a year in Chinese numerals that [`NUMERAL_YEAR`] reads.
fn is_year_numeral(c: char) -> bool {
    matches!(
        c,
        '〇' | '零'
            | '一'
            | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '0'
            | 'O'
            | 'o'
            | 'Ｏ'
            | '０'
    )
}

/// `年` and `月`, searched for in each paragraph.
static YEAR: Needle = Needle::new("年");
static MONTH: Needle = Needle::new("月");

/// Can [`NUMERAL_YEAR`] match in `text`: is a 年 there after four of its numerals?
fn may_hold_numeral_year(text: &str) -> bool {
    YEAR.finder().find_iter(text.as_bytes()).any(|at| {
        text[..at]
            .chars()
            .rev()
            .take(4)
            .filter(|&c| is_year_numeral(c))
            .count()
            == 4
    })
}

fn numeral_zero(text: &str) -> Vec<(Span, String)> {
    let mut out = Vec::new();
    for m in NUMERAL_YEAR.find_iter(text) {
        let year = m.as_str().trim_end_matches('年');
        let has_numeral = year.chars().any(|c| "一二三四五六七八九".contains(c));
        let has_lookalike = year.chars().any(|c| ZERO_LOOKALIKES.contains(&c));
        let before = text[..m.start()].chars().next_back();
        let glued = before.is_some_and(|c| {
            c.is_ascii_alphanumeric() || "〇○零一二三四五六七八九十Ｏ０".contains(c)
        });
        if !has_numeral || !has_lookalike || glued {
            continue;
        }
        let fixed: String = m
            .as_str()
            .chars()
            .map(|c| {
                if ZERO_LOOKALIKES.contains(&c) {
                    '〇'
                } else {
                    c
                }
            })
            .collect();
        out.push((m.range(), fixed));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(found: Vec<(Span, String)>, text: &str) -> Vec<(String, String)> {
        found
            .into_iter()
            .map(|(at, r)| (text[at].to_string(), r))
            .collect()
    }

    fn pair(a: &str, b: &str) -> (String, String) {
        (a.to_string(), b.to_string())
    }

    #[test]
    fn padded_months_and_days_lose_their_zero() {
        let text = "2023年06月18日，2024年05月12日 09时15分，4月05日，2024年3月5日，03月份，2023年13月01日";
        assert_eq!(
            texts(padded(text), text),
            vec![
                pair("2023年06月18日", "2023年6月18日"),
                pair("2024年05月12日", "2024年5月12日"),
                pair("4月05日", "4月5日"),
            ]
        );
    }

    #[test]
    fn dotted_and_slashed_dates_in_chinese_lines() {
        let text = "日期：2022.3.8，v2022.3.8，1.2022.3.8，2023/7/21，2022.13.8，2022.3/8";
        assert_eq!(
            texts(separated(text, text), text),
            vec![
                pair("2022.3.8", "2022年3月8日"),
                pair("2023/7/21", "2023年7月21日")
            ]
        );
        assert_eq!(separated("09:45 2023/7/21", "09:45 2023/7/21").len(), 1);
        assert!(separated("release 2022.3.8", "release 2022.3.8").is_empty());
    }

    #[test]
    fn the_numeral_year_screen_passes_every_text_the_regex_matches() {
        for text in [
            "二000年",
            "x二00三年底",
            "二〇〇〇年",
            "十二000年",
            "000年",
            "二0年",
            "年",
        ] {
            assert_eq!(
                may_hold_numeral_year(text),
                NUMERAL_YEAR.is_match(text),
                "{text}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn screened_pieces_hold_no_numeral_year(text in crate::checks::testing::text_of(&["二", "〇", "0", "O", "o", "Ｏ", "０", "零", "年", "十", "a", "，", "𠀀"])) {
            proptest::prop_assert_eq!(may_hold_numeral_year(&text), NUMERAL_YEAR.is_match(&text));
        }
    }

    #[test]
    fn chinese_numeral_years_with_an_arabic_zero() {
        let text = "二000年，二00三年底，二〇〇〇年，二零零零年，2000年，十二000年";
        assert_eq!(
            texts(numeral_zero(text), text),
            vec![
                pair("二000年", "二〇〇〇年"),
                pair("二00三年", "二〇〇三年")
            ]
        );
    }
}
