//! Parsing: the pest grammar in `grammar/summary.pest` and the builder of the typed model.
//! Nothing outside this module sees pest pairs.

use crate::model::*;
use pest::iterators::Pair;
use pest::Parser;

#[derive(pest_derive::Parser)]
#[grammar = "../grammar/summary.pest"]
struct SummaryParser;

/// Characters that end a sentence or clause: a line ending with one of them is finished.
const CLOSING: &[char] = &[
    '。', '！', '？', '；', '：', '…', '”', '’', '）', ')', '》', '.', '!', '?', ';', ':', '】', '」',
    '』',
];
const SENTENCE_END: &[char] = &['。', '！', '？', '；', '!', '?', ';'];

/// Parse a document. Never fails: the grammar accepts any text.
pub fn parse(text: &str) -> Document {
    let mut builder = Builder::new(text);
    match SummaryParser::parse(Rule::document, text) {
        Ok(mut pairs) => {
            if let Some(document) = pairs.next() {
                for pair in document.into_inner() {
                    if pair.as_rule() == Rule::line {
                        builder.line(pair);
                    }
                }
            }
        }
        Err(_) => {
            // The grammar has a catch-all for every line, so this is a bug; still, keep going
            // with plain lines rather than failing the user.
            debug_assert!(false, "grammar failed on input");
            let mut start = 0;
            for piece in text.split_inclusive('\n') {
                let content = piece.trim_end_matches(['\n', '\r']);
                builder.plain_line(start..start + content.len());
                start += piece.len();
            }
        }
    }
    builder.finish()
}

struct Builder<'t> {
    text: &'t str,
    doc: Document,
}

impl<'t> Builder<'t> {
    fn new(text: &'t str) -> Self {
        Builder {
            text,
            doc: Document {
                lines: Vec::new(),
                headings: Vec::new(),
                runins: Vec::new(),
                sections: Vec::new(),
                segments: Vec::new(),
                collection_markers: Vec::new(),
                chunk_markers: Vec::new(),
            },
        }
    }

    fn plain_line(&mut self, span: Span) {
        self.doc.lines.push(Line {
            content: span.clone(),
            span,
            markdown_level: None,
            heading: None,
        });
    }

    fn line(&mut self, pair: Pair<Rule>) {
        let span = pair.as_span().start()..pair.as_span().end();
        let line_index = self.doc.lines.len();
        let mut content_start = span.start;
        let mut markdown_level = None;
        let mut line_heading = None;
        for inner in pair.into_inner() {
            let inner_span = inner.as_span().start()..inner.as_span().end();
            match inner.as_rule() {
                Rule::indent => content_start = inner_span.end,
                Rule::md_hashes => {
                    markdown_level = Some(inner.as_str().chars().filter(|&c| c == '#').count() as u8);
                    content_start = inner_span.end;
                }
                Rule::heading => {
                    let lead = &self.text[content_start..inner_span.start];
                    let placement = if lead.is_empty() || lead == "**" || lead == "__" {
                        Placement::LineStart
                    } else {
                        Placement::MidLine
                    };
                    if let Some(heading) =
                        self.heading(inner, line_index, placement, markdown_level, span.end)
                    {
                        if placement == Placement::LineStart {
                            line_heading = Some(self.doc.headings.len());
                        }
                        self.doc.headings.push(heading);
                    }
                }
                Rule::runin => {
                    if let Some(runin) = runin(inner, line_index) {
                        self.doc.runins.push(runin);
                    }
                }
                Rule::collection => {
                    let start = inner_span.start;
                    let end = start + self.text[start..inner_span.end].trim_end().len();
                    let end = end - self.text[start..end].len()
                        + self.text[start..end].trim_end_matches(['*', '_']).len();
                    self.doc.collection_markers.push(start..end);
                }
                _ => {}
            }
        }
        self.doc.lines.push(Line {
            span,
            content: content_start..content_start.max(line_end_trimmed(self.text, content_start)),
            markdown_level,
            heading: line_heading,
        });
        // content end: the line without trailing spaces
        if let Some(last) = self.doc.lines.last_mut() {
            let end = last.span.end;
            let trimmed = self.text[last.content.start..end].trim_end();
            last.content = last.content.start..last.content.start + trimmed.len();
        }
    }

    fn heading(
        &self,
        pair: Pair<Rule>,
        line: usize,
        placement: Placement,
        markdown_level: Option<u8>,
        line_end: usize,
    ) -> Option<Heading> {
        let marker = pair.as_span().start()..pair.as_span().end();
        let form = pair.into_inner().next()?;
        let mut numeral = None;
        let mut numeral_kind = None;
        let mut open = None;
        let mut delimiter = None;
        for part in form.clone().into_inner() {
            let part_span = part.as_span().start()..part.as_span().end();
            match part.as_rule() {
                Rule::cn_numeral | Rule::arabic_numeral | Rule::circled_numeral => {
                    numeral_kind = Some(part.as_rule());
                    numeral = Some(part_span);
                }
                Rule::open_paren => open = Some(part.as_str() == "（"),
                Rule::cn_delim | Rule::paren_delim | Rule::arabic_delim => delimiter = Some(part_span),
                _ => {}
            }
        }
        let numeral = numeral?;
        let numeral_text = &self.text[numeral.clone()];
        let numeral_kind = numeral_kind?;
        let ordinal = match numeral_kind {
            Rule::cn_numeral => chinese_value(numeral_text)?,
            Rule::arabic_numeral => arabic_value(numeral_text)?,
            _ => numeral_text.chars().next()? as u32 - 0x245F,
        };
        let family = match (form.as_rule(), numeral_kind) {
            (Rule::cn_heading, _) => MarkerFamily::Chinese,
            (Rule::paren_heading, Rule::cn_numeral) => MarkerFamily::ChineseParen,
            (Rule::paren_heading, _) => MarkerFamily::ArabicParen,
            (Rule::arabic_heading, _) => MarkerFamily::Arabic,
            _ => MarkerFamily::Circled,
        };
        let delimiter_char = delimiter
            .as_ref()
            .and_then(|d| self.text[d.clone()].chars().next());
        let after = &self.text[marker.end..line_end];
        let next_char = after.chars().next();
        // Plausibility: reject shapes that are far more often ordinary text than headings.
        if ordinal == 0 || ordinal > 50 {
            return None;
        }
        let spaced = matches!(delimiter_char, Some(' ') | Some('\u{3000}'));
        if spaced && (placement == Placement::MidLine || !next_char.is_some_and(is_cjk)) {
            return None;
        }
        if placement == Placement::MidLine
            && matches!(family, MarkerFamily::Chinese | MarkerFamily::Arabic)
            && !matches!(delimiter_char, Some('、') | Some('.') | Some('．'))
        {
            return None;
        }
        // A heading needs something after it, or to stand alone on its line.
        if next_char.is_some_and(|c| SENTENCE_END.contains(&c) || c == '，' || c == ',') {
            return None;
        }
        let full_width_brackets = match family {
            MarkerFamily::ChineseParen | MarkerFamily::ArabicParen => {
                let close_full = self.text[..delimiter.as_ref().map_or(marker.end, |d| d.start)]
                    .ends_with('）');
                Some(open == Some(true) && close_full)
            }
            _ => None,
        };
        let text_start = marker.end;
        let text_len = heading_text_len(after);
        let lookalikes = numeral_text
            .char_indices()
            .filter(|&(_, c)| normalise_lookalike(c) != c)
            .map(|(i, c)| numeral.start + i..numeral.start + i + c.len_utf8())
            .collect();
        Some(Heading {
            family,
            style: MarkerStyle {
                full_width_brackets,
                delimiter: delimiter_char,
                full_width_digits: numeral_text.chars().any(|c| ('０'..='９').contains(&c)),
            },
            ordinal,
            numeral,
            delimiter,
            text: text_start..text_start + text_len,
            marker,
            line,
            placement,
            markdown_level,
            lookalikes,
            segment: 0,
        })
    }

    fn finish(mut self) -> Document {
        self.demote_chunk_markers();
        self.find_segments();
        for heading in &mut self.doc.headings {
            heading.segment = self
                .doc
                .segments
                .iter()
                .rposition(|s| s.start <= heading.marker.start)
                .unwrap_or(0);
        }
        for runin in &mut self.doc.runins {
            runin.segment = self
                .doc
                .segments
                .iter()
                .rposition(|s| s.start <= runin.span.start)
                .unwrap_or(0);
        }
        self.doc.sections = build_sections(&self.doc.headings);
        self.doc
    }

    /// Document-sharing sites cut text into preview chunks numbered `1、2、3、` that start in the
    /// middle of a sentence: the line before is body text that does not end a sentence.
    fn demote_chunk_markers(&mut self) {
        let mut chunk = vec![false; self.doc.headings.len()];
        for (i, heading) in self.doc.headings.iter().enumerate() {
            if heading.family != MarkerFamily::Arabic || heading.placement != Placement::LineStart {
                continue;
            }
            let Some(previous) = heading.line.checked_sub(1).and_then(|l| self.doc.lines.get(l)) else {
                continue;
            };
            let previous_text = &self.text[previous.content.clone()];
            // A heading line is short; a chunk is cut from a long run of body text.
            let length = previous_text.chars().count();
            let unfinished = previous.markdown_level.is_none()
                && (length >= 40 || (previous.heading.is_none() && length >= 20))
                && !previous_text.ends_with(CLOSING);
            if unfinished {
                chunk[i] = true;
                // The chunk numbered 1 before it started the run: demote it too.
                if let Some(first) = (0..i).rev().find(|&j| {
                    self.doc.headings[j].family == MarkerFamily::Arabic
                        && self.doc.headings[j].placement == Placement::LineStart
                }) {
                    if self.doc.headings[first].ordinal + 1 == heading.ordinal
                        && self.doc.headings[first].style.delimiter == heading.style.delimiter
                    {
                        chunk[first] = true;
                    }
                }
            }
        }
        let mut kept = Vec::with_capacity(self.doc.headings.len());
        let mut remap = vec![None; self.doc.headings.len()];
        for (i, heading) in std::mem::take(&mut self.doc.headings).into_iter().enumerate() {
            if chunk[i] {
                self.doc.chunk_markers.push(heading.marker.clone());
            } else {
                remap[i] = Some(kept.len());
                kept.push(heading);
            }
        }
        self.doc.headings = kept;
        for line in &mut self.doc.lines {
            line.heading = line.heading.and_then(|h| remap[h]);
        }
    }

    /// Sub-documents of a collection start at `篇N` lines and at numbered copies of one title
    /// (`…工作总结1`, `…工作总结2`).
    fn find_segments(&mut self) {
        let mut starts: Vec<usize> = self
            .doc
            .collection_markers
            .iter()
            .map(|m| self.doc.lines[line_of(&self.doc.lines, m.start)].span.start)
            .collect();
        let mut numbered: Vec<(&str, usize)> = Vec::new();
        for line in &self.doc.lines {
            let content = &self.text[line.content.clone()];
            if line.heading.is_some() || content.chars().count() > 40 || content.contains(SENTENCE_END) {
                continue;
            }
            let prefix = content.trim_end_matches(|c: char| c.is_ascii_digit());
            let digits = content.len() - prefix.len();
            if (1..=2).contains(&digits)
                && prefix.chars().count() >= 4
                && prefix.chars().last().is_some_and(is_cjk)
            {
                numbered.push((prefix, line.span.start));
            }
        }
        for (i, (prefix, start)) in numbered.iter().enumerate() {
            if numbered.iter().enumerate().any(|(j, (p, _))| j != i && p == prefix) {
                starts.push(*start);
            }
        }
        starts.sort_unstable();
        starts.dedup();
        let mut segments = Vec::new();
        let mut begin = 0;
        for start in starts {
            if start > begin {
                segments.push(begin..start);
                begin = start;
            }
        }
        segments.push(begin..self.text.len());
        self.doc.segments = segments;
    }
}

/// The heading's own text: up to the first sentence end, wide gap or emphasis close.
fn heading_text_len(after: &str) -> usize {
    let mut spaces = 0;
    for (i, c) in after.char_indices() {
        if SENTENCE_END.contains(&c) || after[i..].starts_with("**") {
            return i - spaces;
        }
        if matches!(c, ' ' | '\u{3000}' | '\t' | '\u{A0}') {
            spaces += c.len_utf8();
            if spaces >= 2 && i > 0 {
                return i + c.len_utf8() - spaces;
            }
        } else {
            spaces = 0;
        }
    }
    after.trim_end().len()
}

fn runin(pair: Pair<Rule>, line: usize) -> Option<RunIn> {
    let span = pair.as_span().start()..pair.as_span().end();
    let form = pair.into_inner().next()?;
    let kind = match form.as_rule() {
        Rule::runin_shi => RunInKind::Shi,
        Rule::runin_di => RunInKind::Di,
        _ => RunInKind::Word,
    };
    let mut ordinal = None;
    let mut delimiter = None;
    for part in form.clone().into_inner() {
        match part.as_rule() {
            Rule::cn_numeral => ordinal = chinese_value(part.as_str()),
            Rule::runin_delim => delimiter = Some(part.as_span().start()..part.as_span().end()),
            _ => {}
        }
    }
    if kind == RunInKind::Word {
        ordinal = Some(match form.as_str().get(..6) {
            Some("首先") => 1,
            Some("其次") => 2,
            Some("再次") => 3,
            _ => 0, // 最后: ends the sequence, whatever its number
        });
    }
    Some(RunIn {
        kind,
        ordinal: ordinal?,
        span,
        delimiter,
        line,
        segment: 0,
    })
}

fn arabic_value(digits: &str) -> Option<u32> {
    digits.chars().try_fold(0u32, |acc, c| {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => return None,
        };
        Some(acc * 10 + d)
    })
}

fn line_end_trimmed(text: &str, start: usize) -> usize {
    let rest = &text[start..];
    let end = rest.find('\n').unwrap_or(rest.len());
    start + rest[..end].trim_end().len()
}

fn line_of(lines: &[Line], offset: usize) -> usize {
    lines
        .partition_point(|l| l.span.start <= offset)
        .saturating_sub(1)
}

pub fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// The section tree as the document's own nesting implies it: a marker family not open on the
/// stack opens a deeper level; a family already open closes everything below it.
fn build_sections(headings: &[Heading]) -> Vec<Section> {
    let mut sections = Vec::with_capacity(headings.len());
    let mut stack: Vec<usize> = Vec::new();
    let mut segment = usize::MAX;
    for (i, heading) in headings.iter().enumerate() {
        if heading.segment != segment {
            stack.clear();
            segment = heading.segment;
        }
        if let Some(pos) = stack
            .iter()
            .position(|&open| headings[open].family == heading.family)
        {
            stack.truncate(pos);
        }
        sections.push(Section {
            heading: i,
            parent: stack.last().copied(),
            depth: stack.len() + 1,
        });
        stack.push(i);
    }
    sections
}

#[cfg(test)]
mod tests {
    use super::*;

    fn markers(text: &str) -> Vec<(String, u32, MarkerFamily)> {
        let doc = parse(text);
        doc.headings
            .iter()
            .map(|h| (text[h.marker.clone()].to_string(), h.ordinal, h.family))
            .collect()
    }

    #[test]
    fn finds_the_four_levels_and_variants() {
        let text = "一、总体情况\n（一）基本面\n1.第一项\n（1）细目\n(2)细目\n1、另一项\n①甲\n";
        let found = markers(text);
        let families: Vec<_> = found.iter().map(|m| m.2).collect();
        use MarkerFamily::*;
        assert_eq!(
            families,
            [Chinese, ChineseParen, Arabic, ArabicParen, ArabicParen, Arabic, Circled]
        );
        assert_eq!(found[5].0, "1、");
    }

    #[test]
    fn finds_headings_in_flattened_lines() {
        let text = "教育局上半年工作总结  xxxx年上半年，我局工作。 一、实施工程，促进管理  (一)落实任务。一是开展活动。二是启动创建。";
        let doc = parse(text);
        let found: Vec<_> = doc.headings.iter().map(|h| &text[h.marker.clone()]).collect();
        assert_eq!(found, ["一、", "(一)"]);
        assert_eq!(doc.headings[0].placement, Placement::MidLine);
        assert_eq!(&text[doc.headings[0].text.clone()], "实施工程，促进管理");
        assert_eq!(doc.runins.len(), 2);
        assert_eq!(doc.sections[1].parent, Some(0));
    }

    #[test]
    fn numbers_in_text_are_not_headings() {
        assert!(markers("增长1.5倍，2023年完成。时间:2021-05-22 10:10:08").is_empty());
        assert!(markers("统一是关键").is_empty());
        assert!(parse("统一是关键").runins.is_empty());
    }

    #[test]
    fn kangxi_lookalikes_are_recognised() {
        let doc = parse("⼀、总体要求\n");
        assert_eq!(doc.headings[0].ordinal, 1);
        assert_eq!(doc.headings[0].lookalikes.len(), 1);
    }

    #[test]
    fn chunk_markers_of_sharing_sites_are_not_headings() {
        let text = "1、开头一段正文内容，讲述了很多很多的事情而且没有结束的句子正在继续，城区学校建设投入持续加大，有效缓解\n2、城区学位紧张问题。二是系统推进。\n";
        let doc = parse(text);
        assert!(doc.headings.is_empty(), "{:?}", doc.headings);
        assert_eq!(doc.chunk_markers.len(), 2);
    }

    #[test]
    fn collections_split_segments() {
        let text = "## 计划篇一\n\n一、甲\n\n## 计划篇二\n\n一、乙\n";
        let doc = parse(text);
        assert_eq!(doc.segments.len(), 2);
        assert_eq!(doc.headings[1].segment, 1);
        assert_eq!(doc.sections[1].parent, None);
    }

    #[test]
    fn markdown_and_emphasis_around_headings() {
        let text = "\u{feff}## **一、总体情况**\r\n### 二、成绩\r\n";
        let doc = parse(text);
        assert_eq!(doc.headings.len(), 2);
        assert_eq!(doc.headings[0].markdown_level, Some(2));
        assert_eq!(&text[doc.headings[0].text.clone()], "总体情况");
        assert_eq!(&text[doc.headings[1].text.clone()], "成绩");
    }

    #[test]
    fn any_text_parses() {
        for text in ["", "\n", "\r", "。。。", "（", "一、", "  \u{3000}", "篇一", "\u{feff}"] {
            let doc = parse(text);
            assert!(!doc.lines.is_empty());
        }
    }
}
