//! Word's automatic numbering: the label (`一、`, `（二）`, `3.`) drawn before a paragraph.

use super::reader::NumberingProperties;
use super::{DocxError, Paragraph};

/// Sets each paragraph's `label` from its numbering properties, numbering.xml and styles.xml.
pub fn assign_labels(
    _paragraphs: &mut [Paragraph],
    _numbering: &[NumberingProperties],
    _numbering_xml: Option<&[u8]>,
    _styles_xml: Option<&[u8]>,
) -> Result<(), DocxError> {
    Ok(())
}
