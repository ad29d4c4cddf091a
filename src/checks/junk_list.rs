//! Check kind `junk-list`: a list of links left by a page (`相关文章:` followed by title lines
//! ending in dates, `推荐阅读:` and its titles), usually at the bottom of the file.
//!
//! A header line is a header word alone on its line (after an optional `【…】` topic and before
//! a colon), or followed after the colon by two or more titles apart by spaces or bars
//! (`更多相关：社区工作总结 社区工作计划`). The list goes on over short lines without a
//! sentence end; a long line (an excerpt shown under a link) stays in the list only when a
//! dated title follows it. The list is junk when it runs to the end of the file or holds
//! enough dated titles; one finding covers it all. A page flattened onto one line ends in
//! such a list after its text: the header and its titles at the end of the last line.

use super::{Check, Context};
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use crate::shared_regex::Regex;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    /// Header words (`相关文章`, `推荐阅读`).
    headers: Vec<String>,
    /// A list item has at most this many characters.
    item_max_chars: usize,
    /// A title ending in a date (`教育局年度工作总结12-26`).
    dated_item: String,
    /// A list that does not reach the end of the file needs this many dated titles.
    min_dated: usize,
}

struct JunkList {
    headers: Vec<String>,
    /// The first characters of the headers, sorted: a line starting with none is no header.
    header_starts: Vec<char>,
    /// The longest header, in bytes.
    longest_header: usize,
    item_max_chars: usize,
    dated_item: Regex,
    min_dated: usize,
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let p: Params = super::params(params)?;
    let dated_item =
        Regex::new(&p.dated_item).map_err(|e| format!("正则表达式“{}”有误：{e}", p.dated_item))?;
    let mut header_starts: Vec<char> = p.headers.iter().filter_map(|h| h.chars().next()).collect();
    header_starts.sort_unstable();
    header_starts.dedup();
    let longest_header = p.headers.iter().map(String::len).max().unwrap_or(0);
    Ok(Arc::new(JunkList {
        headers: p.headers,
        header_starts,
        longest_header,
        item_max_chars: p.item_max_chars,
        dated_item,
        min_dated: p.min_dated.max(1),
    }))
}

use crate::analysis::text::STATEMENT_ENDS;

impl JunkList {
    /// The header word, when the line is a header, and how many titles follow it on the line
    /// itself (`更多相关：社区工作总结 社区工作计划`: two; none when the header is alone).
    fn header<'a>(&'a self, line: &str) -> Option<(&'a str, usize)> {
        let rest = without_topic(line.trim()).trim_start_matches(['【', '[']);
        // Most lines start with no header word: told before any other reading of the line.
        let first = rest.chars().next()?;
        self.header_starts.binary_search(&first).ok()?;
        let mut with_titles = None;
        for header in &self.headers {
            let Some(after) = rest.strip_prefix(header.as_str()) else {
                continue;
            };
            if after.chars().all(|c| HEADER_END.contains(&c)) {
                return Some((header, 0));
            }
            if with_titles.is_none() {
                with_titles = self.titles(after).map(|count| (header.as_str(), count));
            }
        }
        with_titles
    }

    /// How many titles follow a header on its line: after a colon, two or more, apart by
    /// spaces or bars.
    fn titles(&self, after_header: &str) -> Option<usize> {
        let titles = (after_header.trim_start_matches(['】', ']', ' ', '\u{3000}']))
            .strip_prefix(['：', ':'])?;
        let mut count = 0;
        for title in titles.split(TITLE_GAPS) {
            if title.is_empty() {
                continue;
            }
            if !self.is_item(title) {
                return None;
            }
            count += 1;
        }
        (count >= 2).then_some(count)
    }

    /// A list at the end of a line that holds text before it (a page flattened onto one line:
    /// `…加强客户回访。 相关推荐：销售工作总结 销售工作计划`): where its header starts, after a
    /// space or a sentence's end, and the header word. Read from the line's end, one piece
    /// between spaces at a time, while the pieces are titles: the earliest header among them
    /// with two or more titles after it.
    fn list_ending(&self, line: &str) -> Option<(usize, &str)> {
        // A header, its colon and a title span at most this many bytes: only so much of a
        // piece is read, however long the line's last paragraph.
        let reach = self.longest_header + 16 + 4 * self.item_max_chars;
        // Most last lines end a sentence, which no title does.
        if line.ends_with(STATEMENT_ENDS) {
            return None;
        }
        let mut titles_after = 0;
        let mut earliest = None;
        let mut end = line.len();
        while end > 0 {
            let mut window = end.saturating_sub(reach);
            while !line.is_char_boundary(window) {
                window += 1;
            }
            let gap = line[window..end].rfind(TITLE_GAPS).map(|at| window + at);
            let start = gap.map_or(window, |at| {
                at + line[at..].chars().next().map_or(1, char::len_utf8)
            });
            // The piece is all between two gaps, or the end of a longer one (then no title).
            let whole = gap.is_some() || window == 0;
            let piece = &line[start..end];
            end = line[..start].trim_end_matches(TITLE_GAPS).len();
            if piece.is_empty() {
                continue;
            }
            // A header opens the piece, or follows the last sentence's end in it.
            let from = match piece.rfind(STATEMENT_ENDS) {
                Some(at) => Some(at + piece[at..].chars().next().map_or(1, char::len_utf8)),
                None => whole.then_some(0),
            };
            let header =
                from.and_then(|from| Some((from, self.header_with_colon(&piece[from..])?)));
            if let Some((from, (header, first))) = header {
                let titles = titles_after + usize::from(self.is_title_among_text(first));
                if titles >= 2 && start + from > 0 {
                    earliest = Some((start + from, header));
                }
            }
            if !whole || !self.is_title_among_text(piece) {
                break;
            }
            titles_after += 1;
        }
        earliest
    }

    /// A title of a list at the end of a line of text: an item without a comma (a piece with
    /// one is a clause of the text).
    fn is_title_among_text(&self, piece: &str) -> bool {
        !piece.is_empty() && self.is_item(piece) && !piece.contains(['，', ','])
    }

    /// The header word that opens `piece` before a colon, and what follows the colon.
    fn header_with_colon<'p>(&self, piece: &'p str) -> Option<(&str, &'p str)> {
        let first = piece.chars().next()?;
        self.header_starts.binary_search(&first).ok()?;
        self.headers.iter().find_map(|header| {
            let after = piece.strip_prefix(header.as_str())?;
            let after = after.trim_start_matches(['】', ']']);
            Some((header.as_str(), after.strip_prefix(['：', ':'])?))
        })
    }

    fn is_item(&self, line: &str) -> bool {
        line.chars().count() <= self.item_max_chars && !line.contains(STATEMENT_ENDS)
    }
}

/// What stands between the titles of a list on one line.
const TITLE_GAPS: &[char] = &[' ', '\u{3000}', '\t', '|', '｜'];

/// What may close a header alone on its line.
const HEADER_END: &[char] = &[':', '：', '>', '»', '›', ' ', '\u{3000}', '】', ']'];

/// The line without a topic in brackets before a header: `【教育局的年度工作总结】相关文章:`.
fn without_topic(line: &str) -> &str {
    let mut rest = line;
    for (open, close) in [('【', '】'), ('[', ']'), ('〖', '〗')] {
        if let Some(after) = rest.strip_prefix(open) {
            if let Some(end) = after.find(close) {
                rest = after[end + close.len_utf8()..].trim_start();
            }
        }
    }
    rest
}

impl Check for JunkList {
    fn reads_earlier_findings(&self) -> bool {
        false
    }

    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let text = ctx.text;
        let lines = crate::model::nonblank_lines(&ctx.doc.lines);
        let line = |k: usize| &ctx.doc.lines[lines[k] as usize];
        let content = |k: usize| &text[line(k).content()];
        let mut k = 0;
        while k < lines.len() {
            let Some((header, inline)) = self.header(content(k)) else {
                k += 1;
                continue;
            };
            let mut last = k;
            let mut dated = 0;
            let mut items = inline;
            let mut j = k + 1;
            while j < lines.len() {
                let line = content(j);
                if self.is_item(line) {
                    items += 1;
                    if self.dated_item.is_match(line) {
                        dated += 1;
                    }
                    last = j;
                } else if j + 1 < lines.len()
                    && self.dated_item.is_match(content(j + 1))
                    && self.is_item(content(j + 1))
                {
                    // An excerpt shown under a link, before the next dated title.
                    last = j;
                } else {
                    break;
                }
                j += 1;
            }
            let to_end = j == lines.len();
            if items > 0 && (to_end || dated >= self.min_dated) {
                let start = line(k).content().start;
                let end = line(last).content().end;
                // The lines of titles: the header's own when they are on it.
                let count = (last - k).max(usize::from(inline > 0)).to_string();
                let mut diagnostic = ctx.diagnostic(
                    rule,
                    start..end,
                    &[("header", header), ("count", count.as_str())],
                );
                diagnostic.fix = ctx.deletion(rule, &(start..end));
                out.push(diagnostic);
                k = last + 1;
            } else {
                k += 1;
            }
        }
        // A page flattened onto one line ends in its list of links, after the text.
        let Some(&last) = lines.last() else {
            return;
        };
        let last = &ctx.doc.lines[last as usize];
        if out
            .last()
            .is_some_and(|d| d.span().end >= last.content().end)
        {
            return;
        }
        if let Some((at, header)) = self.list_ending(&text[last.content()]) {
            let span = last.content().start + at..last.content().end;
            let mut diagnostic =
                ctx.diagnostic(rule, span.clone(), &[("header", header), ("count", "1")]);
            diagnostic.fix = ctx.deletion(rule, &span);
            out.push(diagnostic);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::checks::testing::run;

    const BODY: &str = "上述问题要逐步加以解决。\n\n";

    #[test]
    fn a_related_articles_footer_is_one_finding() {
        let text = format!(
            "{BODY}【教育局的年度工作总结】相关文章:\n\n教育局年度的工作总结范文12-21\n\n教育局年度工作总结12-26\n\n县教育局年度工作总结范文12-24\n"
        );
        let found = run("ZJ408", &text);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].0, found[0].1), (3, 1));
        assert!(found[0].2.starts_with("【教育局的年度工作总结】相关文章:"));
        assert!(found[0].2.ends_with("县教育局年度工作总结范文12-24"));
    }

    #[test]
    fn a_flattened_page_s_list_is_read_from_the_end_of_its_line() {
        // Titles apart by ideographic spaces and bars; the earliest header of two.
        let text = "上述问题要逐步加以解决。\u{3000}推荐阅读：年度总结｜年度计划 相关推荐：述职报告 心得体会\n";
        let found = run("ZJ408", text);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].0, found[0].1), (1, 14));
        assert!(found[0].2.starts_with("推荐阅读：年度总结"));
        assert!(found[0].2.ends_with("心得体会"));
        // A long line of short pieces is read once, and a header among them found.
        let long = format!("{}相关推荐：甲 乙\n", "本段 ".repeat(200_000));
        let found = run("ZJ408", &long);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, 600_001);
        // A long paragraph is read only at its end.
        let paragraph = format!("{}。相关推荐：甲 乙\n", "段".repeat(100_000));
        let found = run("ZJ408", &paragraph);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].1, 100_002);
        let paragraph = format!("{}相关推荐：甲 乙\n", "段".repeat(100_000));
        assert!(run("ZJ408", &paragraph).is_empty());
    }

    #[test]
    fn a_footer_runs_over_excerpts_between_dated_titles() {
        let text = format!(
            "{BODY}推荐阅读:\n\n  市教育局工作总结范文\n\n为您推荐\n\n电信个人总结\n\n第一篇:仓库管理个人工作总结2014年悄然已逝,回顾过去一年的工作历程,收获不少。在各层领导的帮助下,我学习了不少仓库管理知识。\n\n个人工作总结2022-05-03\n"
        );
        let found = run("ZJ408", &text);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].0, found[0].1), (3, 1));
        assert!(found[0].2.ends_with("个人工作总结2022-05-03"));
    }
}
