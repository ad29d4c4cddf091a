//! Arbitrary bytes as a .docx: read by the .docx reader (zip, then XML). Nothing may panic,
//! and what it reads must hold together: every paragraph's pieces cover its text in order, and
//! every offset lies inside word/document.xml.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zjlint::docx::{read_with_document_xml, PieceKind};

fuzz_target!(|bytes: &[u8]| {
    let (docx, xml) = match read_with_document_xml(bytes) {
        Ok(read) => read,
        Err(error) => {
            let _ = error.to_string();
            return;
        }
    };
    for paragraph in &docx.paragraphs {
        assert!(paragraph.content_start <= paragraph.content_end);
        assert!(paragraph.content_end <= xml.len());
        let mut covered = 0;
        for piece in &paragraph.pieces {
            assert_eq!(piece.text.start, covered);
            assert!(piece.text.end > piece.text.start);
            covered = piece.text.end;
            assert!(piece.run.start < piece.run.end && piece.run.end <= xml.len());
            let inner = match &piece.kind {
                PieceKind::Text { raw } => raw.clone(),
                PieceKind::Mark { element } => element.clone(),
            };
            assert!(piece.run.start <= inner.start && inner.end <= piece.run.end);
            if let Some(properties) = &piece.run_properties {
                assert!(piece.run.start <= properties.start && properties.end <= piece.run.end);
            }
        }
        assert_eq!(covered, paragraph.text.len());
    }
});
