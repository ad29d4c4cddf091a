//! In a Markdown file, markup is not text: code, block-quote markers, link targets, HTML
//! comments, tags and entities, emphasis delimiters and escapes are what the writer typed for
//! the renderer, not words of the document. [`mask`] gives the rules a copy of the text in
//! which every byte of such markup is an ASCII space (line ends are kept), so that the rules
//! scan only the words and every byte offset still points into the original file.
//!
//! Headings (`#`) and list bullets stay: the parser reads them as structure. The scan is one
//! pass over each line, linear in the text whatever it holds.

use crate::model::Span;
use foldhash::{HashMap, HashMapExt};

/// A Markdown text with its markup blanked out.
#[derive(Debug, Clone)]
pub struct Masked {
    /// The text with each masked byte replaced by a space; same length as the original.
    pub text: String,
    /// The masked byte ranges, sorted and not overlapping.
    pub ranges: Vec<Span>,
}

impl Masked {
    /// Does `span` touch masked markup?
    pub fn touches(&self, span: &Span) -> bool {
        let after = self.ranges.partition_point(|r| r.end <= span.start);
        self.ranges
            .get(after)
            .is_some_and(|r| r.start < span.end.max(span.start + 1))
    }
}

/// Is the file, by its name, Markdown?
pub fn is_markdown_name(name: &str) -> bool {
    let ext = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(ext.as_deref(), Some("md" | "markdown" | "mdown" | "mkd"))
}

/// The text with its Markdown markup replaced by spaces of equal length. A run of `*`
/// directly followed by one of `placeholder_followers` (`**万元`, `**县`) opens no emphasis:
/// it is a placeholder, and stays unless it closes a bold opened before it (`**九**月`).
pub fn mask(text: &str, placeholder_followers: &str) -> Masked {
    let mut masker = Masker {
        text,
        placeholder_followers,
        ranges: Vec::new(),
        fence: None,
        in_comment: false,
    };
    let mut start = front_matter_end(text).unwrap_or(0);
    masker.blank(0..start);
    while start < text.len() {
        let rest = &text[start..];
        let end = start + memchr::memchr2(b'\n', b'\r', rest.as_bytes()).unwrap_or(rest.len());
        masker.line(start, end);
        start = end + eol_len(&text[end..]);
    }
    masker.finish()
}

/// YAML front matter: `---` alone on the first line, up to the next `---` or `...` line.
/// Where it ends (after that line's terminator).
fn front_matter_end(text: &str) -> Option<usize> {
    let mut lines = text.split_inclusive('\n');
    if lines.next()?.trim_end_matches(['\n', '\r']) != "---" {
        return None;
    }
    let mut offset = text.find('\n')? + 1;
    for line in lines {
        offset += line.len();
        if matches!(line.trim_end_matches(['\n', '\r']), "---" | "...") {
            return Some(offset);
        }
    }
    None
}

fn eol_len(rest: &str) -> usize {
    if rest.starts_with("\r\n") {
        2
    } else {
        usize::from(rest.starts_with(['\n', '\r']))
    }
}

struct Masker<'t> {
    text: &'t str,
    placeholder_followers: &'t str,
    ranges: Vec<Span>,
    /// Inside a fenced code block: its fence character and length.
    fence: Option<(u8, usize)>,
    /// Inside an HTML comment that began on an earlier line.
    in_comment: bool,
}

/// A run of emphasis delimiters (`**`, `_`, `~~`) that may open or close.
struct Delimiter {
    at: usize,
    len: usize,
    byte: u8,
    opens: bool,
    closes: bool,
}

impl Masker<'_> {
    fn blank(&mut self, span: Span) {
        if span.start < span.end {
            self.ranges.push(span);
        }
    }

    fn line(&mut self, start: usize, end: usize) {
        let line = &self.text[start..end];
        let indent = line.len() - line.trim_start_matches(' ').len();
        let content = &line[indent..];
        if let Some((byte, len)) = self.fence {
            let run = content.bytes().take_while(|&b| b == byte).count();
            if run >= len && content[run..].trim().is_empty() {
                self.fence = None;
            }
            self.blank(start..end);
            return;
        }
        if self.in_comment {
            match line.find("-->") {
                Some(close) => {
                    self.in_comment = false;
                    self.blank(start..start + close + 3);
                    self.inline(start + close + 3, end, false);
                }
                None => self.blank(start..end),
            }
            return;
        }
        if indent <= 3 {
            let fence = content.bytes().next().filter(|b| matches!(b, b'`' | b'~'));
            if let Some(byte) = fence {
                let run = content.bytes().take_while(|&b| b == byte).count();
                if run >= 3 && !(byte == b'`' && content[run..].contains('`')) {
                    self.fence = Some((byte, run));
                    self.blank(start..end);
                    return;
                }
            }
            if is_rule_line(content) || is_link_definition(content) || is_table_delimiter(content) {
                self.blank(start..end);
                return;
            }
        }
        // A table row (`| 甲 | 乙 |`): its pipes are cell borders.
        let table_row = content.starts_with('|');
        // Block-quote markers, nested ones too: `> > 正文`.
        let mut at = start + indent.min(3);
        while self.text[at..end].starts_with('>') {
            let marker = if self.text[at + 1..end].starts_with(' ') {
                2
            } else {
                1
            };
            self.blank(at..at + marker);
            at += marker;
            at += self.text[at..end].len() - self.text[at..end].trim_start_matches(' ').len();
        }
        self.inline(at, end, table_row);
    }

    /// Markup inside a line: code spans, comments, tags, autolinks, entities, links, escapes
    /// and emphasis.
    fn inline(&mut self, start: usize, end: usize, table_row: bool) {
        let line = &self.text[start..end];
        let bytes = line.as_bytes();
        // Most lines hold no code span and no link: their tables are not made.
        let closing_backticks = match memchr::memchr(b'`', bytes) {
            Some(_) => backtick_partners(bytes),
            None => HashMap::new(),
        };
        let (next_close_bracket, next_close_paren) = match memchr::memchr(b']', bytes) {
            Some(_) => (next_of(bytes, b']'), next_of(bytes, b')')),
            None => (Vec::new(), Vec::new()),
        };
        let mut delimiters: Vec<Delimiter> = Vec::new();
        // The masked target of the link being scanned: (where it starts, where it ends).
        let mut target: Option<(usize, usize)> = None;
        let mut i = 0;
        while i < bytes.len() {
            if let Some((from, to)) = target {
                if i >= from {
                    target = None;
                    i = to;
                    continue;
                }
            }
            let at = start + i;
            match bytes[i] {
                b'`' => {
                    let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
                    match closing_backticks.get(&i) {
                        Some(&close) => {
                            self.blank(at..start + close + run);
                            i = close + run;
                        }
                        None => i += run,
                    }
                    continue;
                }
                b'\\' if bytes.get(i + 1).is_some_and(|b| b.is_ascii_punctuation()) => {
                    self.blank(at..at + 1);
                    i += 2;
                    continue;
                }
                b'<' => {
                    if line[i..].starts_with("<!--") {
                        match line[i + 4..].find("-->") {
                            Some(close) => {
                                let close = i + 4 + close + 3;
                                self.blank(at..start + close);
                                i = close;
                            }
                            None => {
                                self.blank(at..end);
                                self.in_comment = true;
                                i = bytes.len();
                            }
                        }
                        continue;
                    }
                    if let Some(len) = tag_or_autolink(&line[i..]) {
                        self.blank(at..at + len);
                        i += len;
                        continue;
                    }
                }
                b'|' if table_row => {
                    self.blank(at..at + 1);
                }
                b'&' => {
                    if let Some(len) = entity(&line[i..]) {
                        self.blank(at..at + len);
                        i += len;
                        continue;
                    }
                }
                b'[' | b'!' => {
                    let open = if bytes[i] == b'!' {
                        if bytes.get(i + 1) != Some(&b'[') {
                            i += 1;
                            continue;
                        }
                        2
                    } else {
                        1
                    };
                    let link = self.link(
                        start,
                        i,
                        open,
                        bytes,
                        &next_close_bracket,
                        &next_close_paren,
                    );
                    if link.is_some() {
                        // The link text stays and is scanned on; the target is skipped.
                        target = link;
                        i += open;
                        continue;
                    }
                }
                b'*' | b'_' | b'~' => {
                    let byte = bytes[i];
                    let run = bytes[i..].iter().take_while(|&&b| b == byte).count();
                    if byte != b'~' || run == 2 {
                        let before = line[..i].chars().next_back();
                        let after = line[i + run..].chars().next();
                        let space = |c: Option<char>| c.is_none_or(char::is_whitespace);
                        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
                        // `**万元`, `**名`: stars before a unit stand for a number and open no
                        // emphasis. They may still close one: `**九**月` is bold.
                        let placeholder = byte == b'*'
                            && after.is_some_and(|c| self.placeholder_followers.contains(c));
                        let mut opens = !space(after) && !placeholder;
                        let mut closes = !space(before);
                        // `_` inside a word is text (`snake_case`, `___年___月` to fill in).
                        if byte == b'_' {
                            opens &= !word(before);
                            closes &= !word(after);
                        }
                        delimiters.push(Delimiter {
                            at,
                            len: run,
                            byte,
                            opens,
                            closes,
                        });
                    }
                    i += run;
                    continue;
                }
                _ => {}
            }
            // On to the next byte that may open markup: all are ASCII, so `i` is at the start
            // of a character whenever the line is read there, and Chinese text is stepped over
            // eight bytes at a time.
            i += 1;
            while let Some(&b) = bytes.get(i) {
                if !b.is_ascii() {
                    i = crate::analysis::text::next_ascii(bytes, i).unwrap_or(bytes.len());
                } else if MAY_OPEN[usize::from(b)] {
                    break;
                } else {
                    i += 1;
                }
            }
        }
        self.pair_emphasis(delimiters);
    }

    /// `[text](target)`, `![alt](src)`, `[text][ref]` opening at `i`: mask the brackets and
    /// the target, and give the target's bounds in the line (from the closing `]`). `None` when
    /// no link starts here (`[此处填入…]` is text).
    fn link(
        &mut self,
        start: usize,
        i: usize,
        open: usize,
        bytes: &[u8],
        next_close_bracket: &[usize],
        next_close_paren: &[usize],
    ) -> Option<(usize, usize)> {
        let found = |next: &[usize], at: usize| next.get(at).copied().filter(|&i| i < bytes.len());
        let close = found(next_close_bracket, i + open)?;
        let target_end = match bytes.get(close + 1) {
            Some(b'(') => found(next_close_paren, close + 1)? + 1,
            Some(b'[') => found(next_close_bracket, close + 1)? + 1,
            _ => return None,
        };
        self.blank(start + i..start + i + open);
        // A path on the writer's own computer (`C:\Users\…`, `file:///…`) points nowhere for
        // a reader: it stays as text, for the junk rules to report; only `](` and `)` are markup.
        let inner = &bytes[(close + 2).min(target_end)..target_end.saturating_sub(1)];
        // (The same places ZJ413 reports: file:///, a drive letter, a home directory.)
        let drive = inner.len() > 3 && inner[0].is_ascii_alphabetic() && &inner[1..3] == b":\\";
        let local = bytes[close + 1] == b'('
            && (drive
                || [&b"file:///"[..], b"/Users/", b"/home/"]
                    .iter()
                    .any(|p| inner.starts_with(p)));
        if local {
            self.blank(start + close..start + close + 2);
            self.blank(start + target_end - 1..start + target_end);
        } else {
            self.blank(start + close..start + target_end);
        }
        Some((close, target_end))
    }

    /// Pair openers with closers of the same character and length on the line; mask both.
    fn pair_emphasis(&mut self, delimiters: Vec<Delimiter>) {
        // How far down the stack a closer looks for its opener: keeps hostile lines linear.
        const REACH: usize = 8;
        let mut openers: Vec<&Delimiter> = Vec::new();
        let mut pairs: Vec<Span> = Vec::new();
        for delimiter in &delimiters {
            if delimiter.closes {
                let found = openers
                    .iter()
                    .rev()
                    .take(REACH)
                    .position(|o| o.byte == delimiter.byte && o.len == delimiter.len);
                if let Some(depth) = found {
                    let index = openers.len() - 1 - depth;
                    let opener = openers[index];
                    pairs.push(opener.at..opener.at + opener.len);
                    pairs.push(delimiter.at..delimiter.at + delimiter.len);
                    openers.truncate(index);
                    continue;
                }
            }
            if delimiter.opens {
                openers.push(delimiter);
            }
        }
        for pair in pairs {
            self.blank(pair);
        }
    }

    fn finish(mut self) -> Masked {
        // Emphasis is paired after the rest of its line: sort, then merge what touches.
        self.ranges.sort_by_key(|r| r.start);
        let mut merged: Vec<Span> = Vec::with_capacity(self.ranges.len());
        for range in std::mem::take(&mut self.ranges) {
            match merged.last_mut() {
                Some(last) if last.end >= range.start => last.end = last.end.max(range.end),
                _ => merged.push(range),
            }
        }
        self.ranges = merged;
        let mut bytes = self.text.as_bytes().to_vec();
        for range in &self.ranges {
            for b in &mut bytes[range.clone()] {
                if !matches!(*b, b'\n' | b'\r') {
                    *b = b' ';
                }
            }
        }
        // Whole characters are masked, so the bytes stay UTF-8; never fail the user anyway.
        let text = String::from_utf8(bytes).unwrap_or_else(|_| self.text.to_string());
        Masked {
            text,
            ranges: self.ranges,
        }
    }
}

/// The bytes at which [`Masker::inline`] may find markup.
const MAY_OPEN: [bool; 256] = {
    let mut table = [false; 256];
    let opening = b"`\\<|&[!*_~";
    let mut k = 0;
    while k < opening.len() {
        table[opening[k] as usize] = true;
        k += 1;
    }
    table
};

/// For each backtick run that opens a code span, the index of the run of equal length that
/// closes it (CommonMark: the next run of exactly that length).
fn backtick_partners(bytes: &[u8]) -> HashMap<usize, usize> {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'`' {
            let run = bytes[i..].iter().take_while(|&&b| b == b'`').count();
            runs.push((i, run));
            i += run;
        } else {
            i += 1;
        }
    }
    // The next run of the same length after each run, found from the right in one pass.
    let mut next_same = vec![None; runs.len()];
    let mut seen: HashMap<usize, usize> = HashMap::new();
    for (index, &(_, len)) in runs.iter().enumerate().rev() {
        next_same[index] = seen.insert(len, index);
    }
    let mut partners = HashMap::new();
    let mut index = 0;
    while index < runs.len() {
        match next_same[index] {
            Some(close) => {
                partners.insert(runs[index].0, runs[close].0);
                // Runs between the pair are inside the code span.
                index = close + 1;
            }
            None => index += 1,
        }
    }
    partners
}

/// For each index, the index of the next `byte` at or after it (`usize::MAX` when none).
fn next_of(bytes: &[u8], byte: u8) -> Vec<usize> {
    let mut next = vec![usize::MAX; bytes.len() + 1];
    for i in (0..bytes.len()).rev() {
        next[i] = if bytes[i] == byte { i } else { next[i + 1] };
    }
    next
}

/// The length of an HTML tag (`<br/>`, `</span>`, `<img src="…">`) or an autolink
/// (`<https://…>`, `<a@b.cn>`) at the start of `s`.
fn tag_or_autolink(s: &str) -> Option<usize> {
    const MAX: usize = 512;
    let close = s.get(1..)?.find(['>', '<', '\n', '\r'])? + 1;
    if close > MAX || !s[close..].starts_with('>') {
        return None;
    }
    let inner = &s[1..close];
    let name = inner.strip_prefix('/').unwrap_or(inner);
    let tag_name: String = name
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    let tag = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name[tag_name.len()..]
            .chars()
            .next()
            .is_none_or(|c| c.is_whitespace() || c == '/');
    let scheme = inner.split_once(':').is_some_and(|(scheme, rest)| {
        (2..=32).contains(&scheme.len())
            && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
            && scheme
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
            && !rest.contains(char::is_whitespace)
    });
    let email = inner.contains('@') && !inner.contains(char::is_whitespace);
    (tag || scheme || email).then_some(close + 1)
}

/// The length of an HTML entity (`&nbsp;`, `&#160;`, `&#x3000;`) at the start of `s`.
fn entity(s: &str) -> Option<usize> {
    let body = s.get(1..)?;
    // Looked for in bytes: the 33rd byte may fall inside a Chinese character after the entity.
    let semicolon = body.bytes().take(33).position(|b| b == b';')?;
    let name = &body[..semicolon];
    let valid = if let Some(hex) = name.strip_prefix("#x").or(name.strip_prefix("#X")) {
        (1..=6).contains(&hex.len()) && hex.chars().all(|c| c.is_ascii_hexdigit())
    } else if let Some(decimal) = name.strip_prefix('#') {
        (1..=7).contains(&decimal.len()) && decimal.chars().all(|c| c.is_ascii_digit())
    } else {
        name.len() >= 2
            && name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name.chars().all(|c| c.is_ascii_alphanumeric())
    };
    valid.then_some(semicolon + 2)
}

/// A thematic break or a setext underline: `---`, `***`, `___`, `===` (spaces allowed).
fn is_rule_line(content: &str) -> bool {
    let trimmed = content.trim_end();
    let Some(first) = trimmed.chars().next() else {
        return false;
    };
    matches!(first, '-' | '*' | '_' | '=')
        && trimmed.chars().filter(|&c| c == first).count() >= 3
        && trimmed.chars().all(|c| c == first || c == ' ')
}

/// The delimiter row under a table's header: `|---|:---:|`.
fn is_table_delimiter(content: &str) -> bool {
    let trimmed = content.trim_end();
    trimmed.contains('|')
        && trimmed.contains('-')
        && trimmed.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// A link reference definition: `[名称]: https://…`.
fn is_link_definition(content: &str) -> bool {
    let Some(rest) = content.strip_prefix('[') else {
        return false;
    };
    let Some(close) = rest.find("]:") else {
        return false;
    };
    close > 0
        && rest[close + 2..]
            .trim_start()
            .starts_with(|c: char| !c.is_whitespace())
        && !rest[close + 2..].trim().contains(char::is_whitespace)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What `markup_after_chinese_text_is_masked_where_it_stands` masks, piece by piece: the
    /// link's `[` (1 byte) and `](http://a.cn/x)` (16), the code span with its content (8),
    /// each `**` (2), the entity `&amp;` (5), the escape's `\\` (1, its `*` stays), `<br/>`
    /// (5), each `~~` (2); `[项]` is no link and stays.
    const EXPECTED_MASK: &str = "推进工作 方案                与        ，  重点  任务     落实 *号      完成  删除  。\n第二行无标记，第三[项]";

    /// The masked text, with spaces shown as `·` for readable assertions.
    fn masked(text: &str) -> String {
        mask(text, "").text.replace(' ', "·")
    }

    #[test]
    fn markup_becomes_spaces_of_equal_length() {
        let cases = [
            ("今年**九**月", "今年··九··月"),
            (
                "全面贯彻*党的*精神，__加强__。",
                "全面贯彻·党的·精神，··加强··。",
            ),
            ("行内 `xx所学校` 不是", "行内···············不是"),
            ("见[官网](https://a.cn/xx)。", "见·官网··················。"),
            ("图![图片](x.png)", "图··图片········"),
            ("投入&nbsp;资金&#160;", "投入······资金······"),
            (
                "访问 <https://xx.cn> 或<br/>",
                "访问·················或·····",
            ),
            ("> 引用的内容", "··引用的内容"),
            ("> > 嵌套", "····嵌套"),
            ("甲<!-- TODO -->乙", "甲·············乙"),
            ("转义 \\*\\* 号", "转义··*·*·号"),
            ("~~删除~~线", "··删除··线"),
            ("**九**月&nbsp;", "··九··月······"),
            ("[甲](a_b*c) 乙_", "·甲·········乙_"),
            ("| 甲 | `乙` |", "··甲··········"),
            // a path on the writer's own computer stays for the junk rules
            ("图![图](C:\\a\\x.png)", "图··图··C:\\a\\x.png·"),
            ("图![图](file:///x.png)", "图··图··file:///x.png·"),
            ("图![图](/Users/a/x.png)", "图··图··/Users/a/x.png·"),
        ];
        for (text, expected) in cases {
            let out = mask(text, "");
            assert_eq!(out.text.len(), text.len(), "{text}");
            assert_eq!(masked(text), expected, "{text}");
        }
    }

    #[test]
    fn markup_after_chinese_text_is_masked_where_it_stands() {
        let text = "推进工作[方案](http://a.cn/x)与`代码`，**重点**任务&amp;落实\\*号 <br/>完成~~删除~~。\n第二行无标记，第三[项]";
        let masked = mask(text, "");
        assert_eq!(masked.text, EXPECTED_MASK, "{:?}", masked.text);
    }

    #[test]
    fn text_that_only_looks_like_markup_stays() {
        for text in [
            "20**年",
            "___年___月___日",
            "[此处填入单位名称]",
            "1<2 且 3>2",
            "一、* 县",
            "* 列表项",
            "的`自觉行动",
            "# 一、总体情况",
            "- 1、建立机构",
            "A&B 公司",
            "甲 | 乙",
        ] {
            assert_eq!(mask(text, "").text, text, "{text}");
        }
    }

    #[test]
    fn blocks_are_masked_line_by_line() {
        let text = "正文\n```text\n20xx年 TODO\n```\n<!-- 多行\n注释 -->后文\n---\n[a]: https://x.cn\n尾\r\n|---|:-:|\n";
        let out = mask(text, "");
        assert_eq!(out.text.len(), text.len());
        let lines: Vec<&str> = out.text.split('\n').collect();
        assert_eq!(lines[0], "正文");
        assert!(lines[1..4].iter().all(|l| l.trim().is_empty()), "{lines:?}");
        assert!(
            lines[4].trim().is_empty() && lines[5].trim() == "后文",
            "{lines:?}"
        );
        assert!(lines[6].trim().is_empty() && lines[7].trim().is_empty());
        assert_eq!(lines[8], "尾\r");
        assert!(lines[9].trim().is_empty(), "{lines:?}");
        assert!(out.touches(&(text.find("TODO").unwrap()..text.find("TODO").unwrap() + 4)));
        assert!(!out.touches(&(0..3)));
    }

    #[test]
    fn front_matter_is_masked() {
        let text = "---\ntitle: 20xx年\n---\n正文\n";
        let out = mask(text, "");
        assert_eq!(out.text.trim(), "正文");
    }

    #[test]
    fn hostile_lines_stay_linear() {
        // Thousands of unmatched openers: each is looked at a bounded number of times.
        let text = "[*`_<&".repeat(20_000);
        let out = mask(&text, "");
        assert_eq!(out.text.len(), text.len());
    }

    #[test]
    fn file_names() {
        assert!(is_markdown_name("a/总结.md"));
        assert!(is_markdown_name("B.Markdown"));
        assert!(!is_markdown_name("总结.txt"));
        assert!(!is_markdown_name("-"));
    }
}
