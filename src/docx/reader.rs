//! `word/document.xml` → paragraphs with their text and where each piece of it is.
//!
//! One pass over the XML events, keeping a stack of the open elements. A paragraph is every
//! `w:p` inside `w:body`, in the order its start tag comes (so a text box's paragraphs follow
//! the start of the paragraph that anchors it, and their text goes to them, not to it).
//! Text counts only in a run (`w:r`) of the innermost open paragraph: `w:t`, and `w:tab`,
//! `w:br`, `w:cr` that are children of the run. Left out: tracked deletions (`w:del`,
//! `w:moveFrom`), field instructions (`w:instrText` is not `w:t`), and in `mc:AlternateContent`
//! everything but the first `mc:Choice` — the paragraphs of an `mc:Fallback` still count as
//! paragraphs (they are `w:p` in document order) but get no text, since they repeat the choice
//! for older readers.

use super::xml::{attribute, resolve_reference, Item, Namespace, XmlReader};
use super::{DocxError, Paragraph, Piece, PieceKind};
use quick_xml::events::{BytesStart, Event};
use std::ops::Range;

/// What a paragraph's own properties say about its numbering (`w:pPr`), resolved later with
/// numbering.xml and styles.xml.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NumberingProperties {
    /// `w:pStyle`: the paragraph style's id.
    pub style: Option<String>,
    /// `w:numPr/w:numId` (`0` switches numbering off).
    pub num_id: Option<String>,
    /// `w:numPr/w:ilvl`.
    pub level: Option<String>,
    /// A paragraph that only repeats another for older readers (`mc:Fallback`): never numbered.
    pub duplicate: bool,
}

/// The paragraphs of a document.xml and what their properties say about numbering (one entry
/// per paragraph).
pub fn read_paragraphs(
    xml: &[u8],
) -> Result<(Vec<Paragraph>, Vec<NumberingProperties>), DocxError> {
    let mut state = State::default();
    let mut reader = XmlReader::new(xml, "word/document.xml");
    while let Some(item) = reader.next()? {
        state.handle(item);
    }
    Ok((state.paragraphs, state.numbering))
}

/// The elements the reader treats specially.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Body,
    Paragraph,
    ParagraphProperties,
    NumberingProperties,
    Run,
    RunProperties,
    Text,
    /// `w:tab` (`\t`), `w:br` or `w:cr` (`\n`) in a run.
    Mark(char),
    /// `w:fldChar` in a run: the begin, separator or end of a field.
    FieldChar,
    /// `w:fldSimple`: a field whose result is its runs.
    SimpleField,
    /// Content that is not text: `w:del`, `w:moveFrom`, an unread `mc:Choice`, `mc:Fallback`.
    Hidden,
    AlternateContent {
        choice_taken: bool,
    },
    Other,
}

struct Open {
    kind: Kind,
    /// Where the start tag begins and ends.
    tag: Range<usize>,
}

struct OpenRun {
    start: usize,
    paragraph: usize,
    properties: Option<Range<usize>>,
    /// Pieces found in the run, as (paragraph, piece) indices: their run range is known at
    /// the run's end tag.
    pieces: Vec<(usize, usize)>,
}

#[derive(Default)]
struct State {
    paragraphs: Vec<Paragraph>,
    numbering: Vec<NumberingProperties>,
    stack: Vec<Open>,
    /// Paragraphs open around the current position, innermost last.
    open_paragraphs: Vec<usize>,
    runs: Vec<OpenRun>,
    /// How many open elements hide their content.
    hidden: usize,
    body: usize,
    /// The decoded content of the open `w:t`.
    text: String,
    /// Complex fields begun (`w:fldChar` begin) and not yet ended; they may span paragraphs.
    fields: usize,
    /// Open `w:fldSimple` elements.
    simple_fields: usize,
}

impl State {
    fn handle(&mut self, item: Item) {
        let Item {
            namespace,
            event,
            range,
        } = item;
        match event {
            Event::Start(element) => {
                let kind = self.classify(namespace, &element);
                self.open(kind, &element, range.clone(), false);
                self.stack.push(Open { kind, tag: range });
            }
            Event::Empty(element) => {
                let kind = self.classify(namespace, &element);
                self.open(kind, &element, range.clone(), true);
                let open = Open {
                    kind,
                    tag: range.clone(),
                };
                self.close(open, range);
            }
            Event::End(_) => {
                if let Some(open) = self.stack.pop() {
                    self.close(open, range);
                }
            }
            Event::Text(text) if self.in_text() => self.text.push_str(&text.xml10_content()),
            Event::CData(data) if self.in_text() => self.text.push_str(&data.xml10_content()),
            Event::GeneralRef(reference) if self.in_text() => {
                // Unknown references were refused by the XML reader.
                if let Ok(character) = resolve_reference(&reference) {
                    self.text.push(character);
                }
            }
            _ => {}
        }
    }

    fn in_text(&self) -> bool {
        self.stack
            .last()
            .is_some_and(|open| open.kind == Kind::Text)
    }

    fn parent(&self) -> Option<Kind> {
        self.stack.last().map(|open| open.kind)
    }

    fn classify(&mut self, namespace: Namespace, element: &BytesStart) -> Kind {
        let local = element.local_name();
        let parent = self.parent();
        match (namespace, local.as_ref()) {
            (Namespace::Word, "body") => Kind::Body,
            (Namespace::Word, "p") if self.body > 0 => Kind::Paragraph,
            (Namespace::Word, "pPr") if parent == Some(Kind::Paragraph) => {
                Kind::ParagraphProperties
            }
            (Namespace::Word, "numPr") if parent == Some(Kind::ParagraphProperties) => {
                Kind::NumberingProperties
            }
            (Namespace::Word, "r") if !self.open_paragraphs.is_empty() => Kind::Run,
            (Namespace::Word, "rPr") if parent == Some(Kind::Run) => Kind::RunProperties,
            (Namespace::Word, "t") if parent == Some(Kind::Run) => Kind::Text,
            (Namespace::Word, "tab") if parent == Some(Kind::Run) => Kind::Mark('\t'),
            (Namespace::Word, "br" | "cr") if parent == Some(Kind::Run) => Kind::Mark('\n'),
            (Namespace::Word, "fldChar") if parent == Some(Kind::Run) => Kind::FieldChar,
            (Namespace::Word, "fldSimple") => Kind::SimpleField,
            (Namespace::Word, "del" | "moveFrom") => Kind::Hidden,
            (Namespace::Compatibility, "AlternateContent") => Kind::AlternateContent {
                choice_taken: false,
            },
            (Namespace::Compatibility, "Choice") => {
                // Word takes the first choice it understands: for the text boxes and shapes
                // of a .docx, the first.
                match self.stack.last_mut() {
                    Some(Open {
                        kind: Kind::AlternateContent { choice_taken },
                        ..
                    }) if !*choice_taken => {
                        *choice_taken = true;
                        Kind::Other
                    }
                    _ => Kind::Hidden,
                }
            }
            (Namespace::Compatibility, "Fallback") => Kind::Hidden,
            _ => Kind::Other,
        }
    }

    /// A start tag (or an empty element, `empty`) of `kind` at `range`.
    fn open(&mut self, kind: Kind, element: &BytesStart, range: Range<usize>, empty: bool) {
        match kind {
            Kind::Body => self.body += 1,
            Kind::Hidden => self.hidden += 1,
            Kind::Paragraph => {
                let at = if empty { range.start } else { range.end };
                self.paragraphs.push(Paragraph {
                    content_start: at,
                    content_end: at,
                    ..Paragraph::default()
                });
                self.numbering.push(NumberingProperties {
                    duplicate: self.hidden > 0,
                    ..NumberingProperties::default()
                });
                self.open_paragraphs.push(self.paragraphs.len() - 1);
            }
            Kind::Run => {
                if let Some(&paragraph) = self.open_paragraphs.last() {
                    self.runs.push(OpenRun {
                        start: range.start,
                        paragraph,
                        properties: None,
                        pieces: Vec::new(),
                    });
                }
            }
            Kind::Text => self.text.clear(),
            Kind::SimpleField => self.simple_fields += 1,
            Kind::FieldChar => match attribute(element, "fldCharType").as_deref() {
                Some("begin") => self.fields += 1,
                Some("end") => self.fields = self.fields.saturating_sub(1),
                _ => {}
            },
            _ => {}
        }
        let property = match (self.parent(), element.local_name().as_ref()) {
            (Some(Kind::ParagraphProperties), "pStyle") => Some(&mut self.current().style),
            (Some(Kind::NumberingProperties), "numId") => Some(&mut self.current().num_id),
            (Some(Kind::NumberingProperties), "ilvl") => Some(&mut self.current().level),
            _ => None,
        };
        if let Some(property) = property {
            *property = attribute(element, "val");
        }
    }

    fn current(&mut self) -> &mut NumberingProperties {
        let paragraph = self.open_paragraphs.last().copied().unwrap_or(0);
        &mut self.numbering[paragraph]
    }

    /// The end of the element `open`; `range` is its end tag (or, for an empty element, the
    /// element).
    fn close(&mut self, open: Open, range: Range<usize>) {
        let empty = open.tag == range;
        let start = open.tag.start;
        match open.kind {
            Kind::Body => self.body -= 1,
            Kind::Hidden => self.hidden -= 1,
            Kind::SimpleField => self.simple_fields = self.simple_fields.saturating_sub(1),
            Kind::Paragraph => {
                if let Some(paragraph) = self.open_paragraphs.pop() {
                    if !empty {
                        self.paragraphs[paragraph].content_end = range.start;
                    }
                }
            }
            Kind::ParagraphProperties => {
                if let Some(&paragraph) = self.open_paragraphs.last() {
                    self.paragraphs[paragraph].content_start = range.end;
                }
            }
            Kind::RunProperties => {
                if let Some(run) = self.runs.last_mut() {
                    run.properties = Some(start..range.end);
                }
            }
            Kind::Run => {
                if let Some(run) = self.runs.pop() {
                    for (paragraph, piece) in run.pieces {
                        let piece = &mut self.paragraphs[paragraph].pieces[piece];
                        piece.run = run.start..range.end;
                        piece.run_properties = run.properties.clone();
                    }
                }
            }
            Kind::Text => {
                let text = std::mem::take(&mut self.text);
                let raw = if empty {
                    range.end..range.end
                } else {
                    open.tag.end..range.start
                };
                self.add_piece(&text, PieceKind::Text { raw });
            }
            Kind::Mark(character) => {
                let element = start..range.end;
                self.add_piece(
                    character.encode_utf8(&mut [0; 4]),
                    PieceKind::Mark { element },
                );
            }
            _ => {}
        }
    }

    /// Appends `text` to the innermost paragraph, if it is visible text of a run of that
    /// paragraph.
    fn add_piece(&mut self, text: &str, kind: PieceKind) {
        if text.is_empty() || self.hidden > 0 {
            return;
        }
        let (Some(&paragraph), Some(run)) = (self.open_paragraphs.last(), self.runs.last_mut())
        else {
            return;
        };
        if run.paragraph != paragraph {
            return;
        }
        let target = &mut self.paragraphs[paragraph];
        let start = target.text.len();
        target.text.push_str(text);
        run.pieces.push((paragraph, target.pieces.len()));
        target.pieces.push(Piece {
            text: start..target.text.len(),
            kind,
            run: run.start..run.start,
            run_properties: None,
            field: self.fields > 0 || self.simple_fields > 0,
        });
    }
}
