//! Streaming XML over a part of the package, as the .docx reader needs it: each event with its
//! byte range in the part, element names resolved to the namespaces Word uses, no DTDs, no
//! entities beyond XML's own five, and a cap on nesting depth.

use super::DocxError;
use quick_xml::events::{BytesRef, BytesStart, Event};
use quick_xml::name::ResolveResult;
use quick_xml::{NsReader, XmlVersion};
use std::ops::Range;

/// Deeper than any document Word writes (tables in tables in text boxes stay far below),
/// low enough that the element stack stays small whatever the input.
pub const MAX_DEPTH: usize = 1_000;

const WORDPROCESSINGML: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
/// The same vocabulary in "Strict" Office Open XML.
const WORDPROCESSINGML_STRICT: &str = "http://purl.oclc.org/ooxml/wordprocessingml/main";
const MARKUP_COMPATIBILITY: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";

/// The namespace of an element, as far as the reader cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Namespace {
    /// WordprocessingML (`w:`).
    Word,
    /// Markup compatibility (`mc:AlternateContent`).
    Compatibility,
    Other,
}

/// One event and where it is in the part.
pub struct Item<'a> {
    pub namespace: Namespace,
    pub event: Event<'a>,
    pub range: Range<usize>,
}

pub struct XmlReader<'a> {
    reader: NsReader<&'a [u8]>,
    part: &'static str,
    depth: usize,
    /// Bytes before what the reader reads (a byte order mark), added to its positions.
    skipped: usize,
}

impl<'a> XmlReader<'a> {
    pub fn new(xml: &'a [u8], part: &'static str) -> Self {
        let without_bom = xml.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(xml);
        let mut reader = NsReader::from_reader(without_bom);
        let config = reader.config_mut();
        config.trim_text(false);
        config.check_end_names = true;
        config.expand_empty_elements = false;
        XmlReader {
            reader,
            part,
            depth: 0,
            skipped: xml.len() - without_bom.len(),
        }
    }

    /// The next event, `None` at the end of a complete part.
    pub fn next(&mut self) -> Result<Option<Item<'a>>, DocxError> {
        let start = self.position();
        let (namespace, event) = match self.reader.read_resolved_event() {
            Ok((resolved, event)) => (classify(&resolved), event),
            Err(error) => {
                let offset = self.reader.error_position() + self.skipped as u64;
                return Err(self.error(offset, error.to_string()));
            }
        };
        let range = start..self.position();
        match &event {
            Event::Start(_) => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(self.error(
                        start as u64,
                        format!("元素嵌套超过 {MAX_DEPTH} 层，不像正常的 Word 文档，已拒绝读取"),
                    ));
                }
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            Event::DocType(_) => {
                return Err(self.error(
                    start as u64,
                    "含有 DTD/实体声明，正常的 Word 文档没有，已拒绝读取".to_owned(),
                ))
            }
            Event::GeneralRef(reference) => {
                resolve_reference(reference).map_err(|cause| self.error(start as u64, cause))?;
            }
            Event::Eof if self.depth > 0 => {
                return Err(self.error(start as u64, "XML 不完整，元素没有结束".to_owned()))
            }
            Event::Eof => return Ok(None),
            _ => {}
        }
        Ok(Some(Item {
            namespace,
            event,
            range,
        }))
    }

    fn position(&self) -> usize {
        usize::try_from(self.reader.buffer_position())
            .unwrap_or(usize::MAX)
            .saturating_add(self.skipped)
    }

    /// An error at `offset` of this part.
    pub fn error(&self, offset: u64, cause: String) -> DocxError {
        DocxError::Xml {
            part: self.part.to_owned(),
            offset,
            cause,
        }
    }
}

fn classify(resolved: &ResolveResult) -> Namespace {
    match resolved {
        ResolveResult::Bound(namespace)
            if namespace.as_ref() == WORDPROCESSINGML
                || namespace.as_ref() == WORDPROCESSINGML_STRICT =>
        {
            Namespace::Word
        }
        ResolveResult::Bound(namespace) if namespace.as_ref() == MARKUP_COMPATIBILITY => {
            Namespace::Compatibility
        }
        _ => Namespace::Other,
    }
}

/// The character an entity or character reference stands for; XML's five predefined entities
/// only, since a .docx declares none (and DTDs are refused).
pub fn resolve_reference(reference: &BytesRef) -> Result<char, String> {
    if let Ok(Some(character)) = reference.resolve_char_ref() {
        return Ok(character);
    }
    match reference.as_ref() {
        "lt" => Ok('<'),
        "gt" => Ok('>'),
        "amp" => Ok('&'),
        "apos" => Ok('\''),
        "quot" => Ok('"'),
        name => Err(format!("未定义的实体或字符引用 &{name};")),
    }
}

/// The value of the attribute whose local name is `local` (`w:val` → `val`), entities decoded.
pub fn attribute(element: &BytesStart, local: &str) -> Option<String> {
    element
        .attributes()
        .flatten()
        .find(|attribute| attribute.key.local_name().as_ref() == local)
        .and_then(|attribute| attribute.normalized_value(XmlVersion::Implicit1_0).ok())
        .map(|value| value.into_owned())
}
