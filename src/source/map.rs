//! Where the text the rules read came from. A text file's text is the file decoded; a
//! .docx's is its paragraphs, one per line, each after the numbering label Word draws for it
//! (`三、`, `（一）`), so that the numbering rules see automatic and typed numbers alike.
//!
//! People do not see a label as characters of the paragraph: positions in a .docx count the
//! paragraph's own text (as Word's character count and any text extract do). So findings are
//! reported on the *view* text (the paragraphs without labels, joined by `\n`), and a finding
//! on a label covers its whole paragraph.

use super::decode::ByteMap;
use crate::docx::Docx;
use crate::model::Span;
use encoding_rs::Encoding;
use std::ops::Range;

/// What a [`super::Source`]'s text is a reading of.
#[derive(Debug, Clone)]
pub enum Origin {
    /// A text file in `encoding`; the text is the file decoded.
    Text {
        encoding: &'static Encoding,
        bytes: ByteMap,
    },
    /// A Word .docx.
    Docx(DocxMap),
}

impl Origin {
    /// `text` as a file like the one read: in its encoding, after the byte order mark it had
    /// outside its text (UTF-16's). `None` for a .docx, which is not written this way.
    pub fn encode(&self, text: &str) -> Option<Result<Vec<u8>, super::Unencodable>> {
        let Origin::Text { encoding, bytes } = self else {
            return None;
        };
        let bom: &[u8] = match bytes.leading_bytes() {
            0 => b"",
            _ if *encoding == encoding_rs::UTF_16LE => b"\xff\xfe",
            _ if *encoding == encoding_rs::UTF_16BE => b"\xfe\xff",
            _ => b"",
        };
        Some(super::encode(text, encoding, bom))
    }
}

impl Default for Origin {
    fn default() -> Self {
        Origin::Text {
            encoding: encoding_rs::UTF_8,
            bytes: ByteMap::Same,
        }
    }
}

/// One paragraph's place in the text the rules read and in the view text.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Place {
    /// Offset of the paragraph's label (or text, when it has none) in the rules' text.
    lint: usize,
    /// Bytes of the label in the rules' text.
    label_len: usize,
    /// Offset of the paragraph's text in the view text.
    view: usize,
    /// Bytes of the paragraph's text.
    len: usize,
}

/// The paragraphs of a .docx in the rules' text and in the view text.
#[derive(Debug, Clone, Default)]
pub struct DocxMap {
    /// The paragraphs' own text joined by `\n`: what reported positions count in.
    pub view: String,
    places: Vec<Place>,
    labels: Vec<Option<String>>,
}

impl DocxMap {
    /// The text the rules read and its map.
    pub fn build(docx: &Docx) -> (String, DocxMap) {
        let mut text = String::new();
        let mut map = DocxMap::default();
        for (i, paragraph) in docx.paragraphs.iter().enumerate() {
            if i > 0 {
                text.push('\n');
                map.view.push('\n');
            }
            let label = paragraph.label.as_deref().unwrap_or("");
            map.places.push(Place {
                lint: text.len(),
                label_len: label.len(),
                view: map.view.len(),
                len: paragraph.text.len(),
            });
            map.labels.push(paragraph.label.clone());
            text.push_str(label);
            text.push_str(&paragraph.text);
            map.view.push_str(&paragraph.text);
        }
        (text, map)
    }

    /// The paragraph holding byte `offset` of the rules' text (a line end belongs to the
    /// paragraph it ends).
    fn paragraph_of_lint(&self, offset: usize) -> usize {
        self.places
            .partition_point(|p| p.lint <= offset)
            .saturating_sub(1)
    }

    /// The paragraph holding byte `offset` of the view text.
    pub fn paragraph_of_view(&self, offset: usize) -> usize {
        self.places
            .partition_point(|p| p.view <= offset)
            .saturating_sub(1)
    }

    /// The view offset of a rules' offset: inside a label, the start of its paragraph's text.
    fn view_offset(&self, offset: usize) -> usize {
        let Some(place) = self.places.get(self.paragraph_of_lint(offset)) else {
            return 0;
        };
        let into_text = offset.saturating_sub(place.lint + place.label_len);
        place.view + into_text.min(place.len)
    }

    /// The paragraph whose label a span of the rules' text lies wholly in, if it does.
    pub fn on_label(&self, span: &Span) -> Option<usize> {
        let index = self.paragraph_of_lint(span.start);
        let place = self.places.get(index)?;
        let label_end = place.lint + place.label_len;
        (place.label_len > 0 && span.end <= label_end).then_some(index)
    }

    /// A span of the rules' text in the view text. A span on a label alone covers its
    /// paragraph's text, which is what the reader sees the number next to.
    pub fn view_span(&self, span: &Span) -> Span {
        if let Some(index) = self.on_label(span) {
            let place = &self.places[index];
            return place.view..place.view + place.len;
        }
        self.view_offset(span.start)..self.view_offset(span.end)
    }

    /// Whether an edit of the rules' text touches a label (which a fix cannot change).
    pub fn touches_label(&self, span: &Span) -> bool {
        let first = self.paragraph_of_lint(span.start);
        let last = self.paragraph_of_lint(span.end);
        (first..=last)
            .filter_map(|i| self.places.get(i))
            .any(|place| {
                let label = place.lint..place.lint + place.label_len;
                place.label_len > 0
                    && span.start < label.end
                    && label.start < span.end.max(span.start + 1)
            })
    }

    /// Where a finding of the rules' text goes as a Word comment: its paragraph, and the byte
    /// range in that paragraph's text (`None`: the whole paragraph, for a label). A finding
    /// over several paragraphs is commented on the part in its first. `None` when the
    /// document has no paragraph to comment on.
    pub fn comment_place(&self, span: &Span) -> Option<(usize, Option<Range<usize>>)> {
        if let Some(index) = self.on_label(span) {
            return Some((index, None));
        }
        let view = self.view_span(span);
        let index = self.paragraph_of_view(view.start);
        let place = self.places.get(index)?;
        let start = view.start.saturating_sub(place.view).min(place.len);
        let end = view
            .end
            .min(place.view + place.len)
            .saturating_sub(place.view)
            .max(start);
        Some((index, Some(start..end)))
    }

    /// Spans of the rules' text that are numbering labels, in order.
    pub fn label_spans(&self) -> Vec<Span> {
        self.places
            .iter()
            .filter(|p| p.label_len > 0)
            .map(|p| p.lint..p.lint + p.label_len)
            .collect()
    }

    /// The numbering label of paragraph `index`, if Word numbers it.
    pub fn label(&self, index: usize) -> Option<&str> {
        self.labels.get(index).and_then(|l| l.as_deref())
    }

    /// 1-based paragraph and 1-based character in it of a view offset; `lines` is the view
    /// text's line index (which counts characters in logarithmic time, so a long paragraph
    /// with many findings costs no more than a short one).
    pub fn paragraph_position(&self, lines: &super::LineIndex, offset: usize) -> (usize, usize) {
        let index = self.paragraph_of_view(offset);
        let start = self.places.get(index).map_or(0, |p| p.view);
        let offset = super::snap(&self.view, offset.max(start));
        (index + 1, lines.chars_between(start, offset) + 1)
    }

    pub fn paragraph_count(&self) -> usize {
        self.places.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::docx::Paragraph;

    fn paragraph(label: Option<&str>, text: &str) -> Paragraph {
        Paragraph {
            label: label.map(str::to_string),
            text: text.to_string(),
            ..Paragraph::default()
        }
    }

    fn sample() -> (String, DocxMap) {
        DocxMap::build(&Docx {
            paragraphs: vec![
                paragraph(None, "年度工作总结"),
                paragraph(Some("一、"), "总体情况"),
                paragraph(Some("三、"), "存在问题"),
            ],
        })
    }

    #[test]
    fn labels_are_read_by_the_rules_but_not_counted_in_positions() {
        let (text, map) = sample();
        assert_eq!(text, "年度工作总结\n一、总体情况\n三、存在问题");
        assert_eq!(map.view, "年度工作总结\n总体情况\n存在问题");
        let at = text.find("情况").unwrap();
        let span = map.view_span(&(at..at + "情况".len()));
        assert_eq!(&map.view[span.clone()], "情况");
        let lines = crate::source::LineIndex::new(&map.view);
        assert_eq!(map.paragraph_position(&lines, span.start), (2, 3));
        assert_eq!(map.comment_place(&(at..at + 6)), Some((1, Some(6..12))));
    }

    #[test]
    fn a_finding_on_a_label_covers_its_paragraph() {
        let (text, map) = sample();
        let lines = crate::source::LineIndex::new(&map.view);
        let at = text.find("三、").unwrap();
        let span = map.view_span(&(at..at + "三、".len()));
        assert_eq!(&map.view[span.clone()], "存在问题");
        assert_eq!(map.paragraph_position(&lines, span.start), (3, 1));
        assert_eq!(map.comment_place(&(at..at + 3)), Some((2, None)));
        assert!(map.touches_label(&(at..at + 3)));
        assert!(!map.touches_label(&(at + 6..at + 9)));
        assert_eq!(map.label(2), Some("三、"));
        // Starting on the label and going on into the text: from the text's start.
        let span = map.view_span(&(at..at + "三、存在".len()));
        assert_eq!(&map.view[span], "存在");
    }

    #[test]
    fn a_document_without_paragraphs_has_no_places() {
        let (text, map) = DocxMap::build(&Docx::default());
        assert_eq!(text, "");
        assert_eq!(map.comment_place(&(0..0)), None);
        assert!(!map.touches_label(&(0..0)));
        assert_eq!(map.view_span(&(0..0)), 0..0);
        let lines = crate::source::LineIndex::new(&map.view);
        assert_eq!(map.paragraph_position(&lines, 0), (1, 1));
    }
}
