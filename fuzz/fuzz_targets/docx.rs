//! Arbitrary bytes as a .docx: read by the .docx reader (zip, then XML). Nothing may panic,
//! and what it reads must hold together: every paragraph's pieces cover its text in order, and
//! every offset lies inside word/document.xml. What is read is then linted, rendered in every
//! format and written back with a comment per finding, as `check` and `annotate` do, and its
//! fixes are written into the runs as `check --fix` does: fixing the output again changes
//! nothing.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, OnceLock};
use zjlint::catalogue::Catalogue;
use zjlint::docx::fix::fix_docx;
use zjlint::docx::{annotate::annotate_dated, read_with_document_xml, Comment, DocxError, PieceKind};
use zjlint::fix::FixLevel;
use zjlint::render::{render, FileReport, Format};
use zjlint::source::{Origin, Source};
use zjlint::{lint, Settings};

fn settings() -> &'static Settings {
    static SETTINGS: OnceLock<Settings> = OnceLock::new();
    SETTINGS.get_or_init(|| Settings::new(Arc::new(Catalogue::builtin().expect("built-in rules"))))
}

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
    let source = Source::of_docx("fuzz.docx", None, &docx);
    let settings = settings();
    let diagnostics = lint(&source, settings);
    let Origin::Docx(map) = &source.origin else {
        panic!("a .docx source without its paragraph map");
    };
    let comments: Vec<Comment> = diagnostics
        .iter()
        .filter_map(|d| {
            let (paragraph, range) = map.comment_place(&d.span)?;
            Some(Comment {
                paragraph,
                range,
                body: d.message.to_string(),
            })
        })
        .collect();
    // Every finding is a place annotate can comment on (it may refuse a package for other
    // reasons, in a message).
    match annotate_dated(bytes, &xml, &docx, &comments, "2026-01-01T00:00:00Z") {
        Err(DocxError::Placement(error)) => panic!("a finding annotate cannot place: {error}"),
        Err(error) => drop(error.to_string()),
        Ok(_) => {}
    }
    // A package that reads can be fixed (rewriting an odd zip entry may fail, in a message).
    if let Ok(fixed) = fix_docx(bytes, "fuzz.docx", settings, FixLevel::Unsafe) {
        let again = fix_docx(&fixed.bytes, "fuzz.docx", settings, FixLevel::Unsafe)
            .expect("a fixed package reads");
        assert_eq!(again.bytes, fixed.bytes, "a second --fix changes nothing");
    }
    let reports = [FileReport::of(source.clone(), diagnostics)];
    for &format in Format::all() {
        let _ = render(format, &reports, &settings.catalogue, false);
    }
});
