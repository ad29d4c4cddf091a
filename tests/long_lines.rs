//! A flattened page: 1 MB on one line with a finding every five characters (150,000 of them),
//! linted and rendered in every format. Positions were once counted from the start of the line
//! for every finding (minutes for this file, and 1.5 GB of memory for the human report of a
//! tenth of it); here each format must give the exact position of findings far along the line.
//! How long it takes is measured by `cargo bench --bench long_line`, not asserted here.

use serde::Deserialize;
use std::sync::{Arc, OnceLock};
use zjlint::catalogue::Catalogue;
use zjlint::render::{self, FileReport, Format};
use zjlint::source::Source;
use zjlint::{lint, Settings};

const NAME: &str = "long.txt";
const PIECE: &str = "20xx年";
const REPEATS: usize = 150_000;
/// Characters and bytes of one piece (all BMP characters: UTF-16 units equal characters).
const PIECE_CHARS: usize = 5;
const PIECE_BYTES: usize = 7;

struct Linted {
    reports: Vec<FileReport>,
    catalogue: Arc<Catalogue>,
}

/// Findings the rules give for the file: one a piece.
const FINDINGS: usize = REPEATS;

/// The file, linted once for all tests.
fn linted() -> &'static Linted {
    static LINTED: OnceLock<Linted> = OnceLock::new();
    LINTED.get_or_init(|| {
        let catalogue = Arc::new(Catalogue::builtin().expect("built-in rules"));
        let settings = Settings::new(catalogue.clone());
        let source = Source::new(NAME, PIECE.repeat(REPEATS));
        assert!(source.text.len() >= 1_000_000);
        let diagnostics = lint(&source, &settings);
        Linted {
            reports: vec![FileReport::new(source.name, source.text, diagnostics)],
            catalogue,
        }
    })
}

fn rendered(format: Format) -> String {
    let linted = linted();
    render::render(format, &linted.reports, &linted.catalogue, false)
}

/// 1-based character column of the `k`-th (0-based) piece.
fn column(k: usize) -> usize {
    k * PIECE_CHARS + 1
}

#[test]
fn every_piece_is_a_finding() {
    let diagnostics = &linted().reports[0].diagnostics;
    assert_eq!(diagnostics.len(), FINDINGS);
    assert!(
        diagnostics.iter().all(|d| d.code() == "ZJ302"),
        "{:?}",
        diagnostics[0]
    );
    let last = diagnostics.last().unwrap();
    assert_eq!(
        last.span(),
        (REPEATS - 1) * PIECE_BYTES..REPEATS * PIECE_BYTES
    );
}

#[test]
fn concise_gives_each_column() {
    let out = rendered(Format::Concise);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), FINDINGS);
    assert!(lines[0].starts_with("long.txt:1:1: ZJ302 "), "{}", lines[0]);
    let last = format!("long.txt:1:{}: ZJ302 ", column(REPEATS - 1));
    assert!(
        lines[FINDINGS - 1].starts_with(&last),
        "{}",
        lines[FINDINGS - 1]
    );
    let middle = format!("long.txt:1:{}: ZJ302 ", column(77_777));
    assert!(lines[77_777].starts_with(&middle), "{}", lines[77_777]);
}

// The JSON reports are read into the few fields the tests look at: a generic `Value` of
// 100 MB of JSON would take longer than linting.

#[derive(Deserialize)]
struct Point {
    line: usize,
    column: usize,
}

#[derive(Deserialize)]
struct Range {
    start: Point,
    end: Point,
}

#[derive(Deserialize)]
struct JsonSpan {
    offset: usize,
    length: usize,
}

#[derive(Deserialize)]
struct JsonFinding {
    range: Range,
    span: JsonSpan,
}

#[test]
fn json_gives_ranges_in_characters() {
    let findings: Vec<JsonFinding> =
        serde_json::from_str(&rendered(Format::Json)).expect("valid JSON");
    assert_eq!(findings.len(), FINDINGS);
    let last = &findings[FINDINGS - 1];
    assert_eq!(last.range.start.line, 1);
    assert_eq!(last.range.start.column, column(REPEATS - 1));
    assert_eq!(last.range.end.line, 1);
    assert_eq!(last.range.end.column, column(REPEATS));
    assert_eq!(last.span.offset, (REPEATS - 1) * PIECE_BYTES);
    assert_eq!(last.span.length, PIECE_BYTES);
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SarifRegion {
    start_line: usize,
    start_column: usize,
    end_column: usize,
    char_offset: usize,
    char_length: usize,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SarifPhysical {
    region: SarifRegion,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation {
    physical_location: SarifPhysical,
}

#[derive(Deserialize)]
struct SarifResult {
    locations: Vec<SarifLocation>,
}

#[derive(Deserialize)]
struct SarifRun {
    results: Vec<SarifResult>,
}

#[derive(Deserialize)]
struct SarifLog {
    runs: Vec<SarifRun>,
}

#[test]
fn sarif_gives_utf16_columns_and_offsets() {
    let log: SarifLog = serde_json::from_str(&rendered(Format::Sarif)).expect("valid SARIF");
    let results = &log.runs[0].results;
    assert_eq!(results.len(), FINDINGS);
    let region = &results[FINDINGS - 1].locations[0].physical_location.region;
    assert_eq!(region.start_line, 1);
    assert_eq!(region.start_column, column(REPEATS - 1));
    assert_eq!(region.end_column, column(REPEATS));
    assert_eq!(region.char_offset, (REPEATS - 1) * PIECE_CHARS);
    assert_eq!(region.char_length, PIECE_CHARS);
}

#[derive(Deserialize)]
struct RdLocation {
    range: Range,
}

#[derive(Deserialize)]
struct RdDiagnostic {
    location: RdLocation,
}

#[derive(Deserialize)]
struct RdResult {
    diagnostics: Vec<RdDiagnostic>,
}

#[test]
fn rdjson_gives_byte_columns() {
    let result: RdResult = serde_json::from_str(&rendered(Format::Rdjson)).expect("valid JSON");
    assert_eq!(result.diagnostics.len(), FINDINGS);
    let range = &result.diagnostics[FINDINGS - 1].location.range;
    assert_eq!(range.start.line, 1);
    assert_eq!(range.start.column, (REPEATS - 1) * PIECE_BYTES + 1);
    assert_eq!(range.end.column, REPEATS * PIECE_BYTES + 1);
}

#[test]
fn github_gives_each_column() {
    let out = rendered(Format::Github);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), FINDINGS);
    let last = format!(
        "::error file=long.txt,line=1,col={},endLine=1,endColumn={},title=ZJ302::",
        column(REPEATS - 1),
        column(REPEATS)
    );
    assert!(
        lines[FINDINGS - 1].starts_with(&last),
        "{}",
        lines[FINDINGS - 1]
    );
}

#[test]
fn human_report_grows_with_findings_not_with_the_line() {
    let out = rendered(Format::Human);
    let headers = out.matches("╭─[long.txt:1:").count();
    assert_eq!(headers, FINDINGS);
    // Each finding shows a window of the line, not the line: a few hundred bytes each.
    assert!(out.len() < REPEATS * 1_000, "{} bytes", out.len());
    let last = out
        .rfind("╭─[long.txt:1:")
        .map(|at| &out[at..])
        .expect("a last finding");
    let header = format!("╭─[long.txt:1:{}]", column(REPEATS - 1));
    assert!(
        last.starts_with(&header),
        "{}",
        &last[..200.min(last.len())]
    );
    // The window of the last finding: `…`, forty terminal columns (a piece takes six, 年 being
    // two: six pieces and `xx年`), the finding, and the line's end.
    let shown = format!("│ …xx年{}\n", PIECE.repeat(7));
    assert!(last.contains(&shown), "{last}");
}

/// The same line (a tenth of it: linting is slow in a debug build) in GB18030 and UTF-16, and
/// as one paragraph of a .docx: the JSON `origin` of the last finding is exact (file bytes;
/// paragraph and character).
#[test]
fn the_origin_of_the_last_finding_far_along_the_line() {
    const SHORT: usize = REPEATS / 10;
    let catalogue = Arc::new(Catalogue::builtin().expect("built-in rules"));
    let settings = Settings::new(catalogue.clone());
    let text = PIECE.repeat(SHORT);
    let last_origin = |source: Source| -> serde_json::Value {
        let diagnostics = lint(&source, &settings);
        let report = FileReport::of(source, diagnostics);
        let json = render::render(Format::Json, &[report], &catalogue, false);
        let findings: Vec<serde_json::Value> = serde_json::from_str(&json).expect("json");
        assert_eq!(findings.len(), SHORT);
        findings[SHORT - 1]["origin"].clone()
    };
    let gb = encoding_rs::GB18030.encode(&text).0.into_owned();
    let origin = last_origin(Source::from_bytes(NAME, None, gb, Default::default()).expect("gb"));
    // A piece is 6 bytes in GB18030 (`20xx` and the two-byte `年`).
    assert_eq!(origin["encoding"], "gb18030");
    assert_eq!(origin["offset"], (SHORT - 1) * 6);
    assert_eq!(origin["length"], 6);
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let origin =
        last_origin(Source::from_bytes(NAME, None, utf16, Default::default()).expect("16"));
    assert_eq!(origin["encoding"], "UTF-16LE");
    assert_eq!(origin["offset"], 2 + (SHORT - 1) * PIECE_CHARS * 2);
    // Stored, not deflated: a line this repetitive deflates past the zip-bomb ratio.
    let docx = zjlint::docx::fixture::DocxBuilder::new()
        .paragraph("标题")
        .paragraph(&text)
        .stored()
        .build();
    let origin = last_origin(Source::from_docx("long.docx", None, &docx).expect("docx"));
    assert_eq!(origin["paragraph"], 2);
    assert_eq!(origin["column"], column(SHORT - 1));
}
