//! GB18030, UTF-16LE and UTF-16BE copies of the seeds give the same findings, at the same
//! lines and columns, as the UTF-8 originals; each finding's `origin` names the encoding and
//! the bytes of the file it points at.

mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};

fn seeds() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus/seeds");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("seeds")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files.push(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/县教育局2024年工作总结_草稿.txt"),
    );
    files
}

/// How a copy is encoded.
type Encode = fn(&str) -> Vec<u8>;

/// The copies to make: name suffix, encoding name as reported, and how to encode.
fn encodings() -> Vec<(&'static str, &'static str, Encode)> {
    vec![
        ("gb18030", "gb18030", |t| {
            encoding_rs::GB18030.encode(t).0.into_owned()
        }),
        ("utf16le", "UTF-16LE", |t| {
            let mut bytes = vec![0xff, 0xfe];
            bytes.extend(t.encode_utf16().flat_map(u16::to_le_bytes));
            bytes
        }),
        ("utf16be", "UTF-16BE", |t| {
            let mut bytes = vec![0xfe, 0xff];
            bytes.extend(t.encode_utf16().flat_map(u16::to_be_bytes));
            bytes
        }),
        ("utf16le-nobom", "UTF-16LE", |t| {
            t.encode_utf16().flat_map(u16::to_le_bytes).collect()
        }),
    ]
}

fn findings(dir: &Path, files: &[String], extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["check", "--isolated", "--format", "json"];
    args.extend(extra);
    args.extend(files.iter().map(String::as_str));
    let run = support::run_in(dir, &args);
    assert!(
        run.code() == Some(0) || run.code() == Some(1),
        "{}",
        run.stderr
    );
    match serde_json::from_str(&run.stdout).expect("json") {
        Value::Array(items) => items,
        other => panic!("not an array: {other}"),
    }
}

/// What must agree between copies: everything but the path and the origin.
fn comparable(finding: &Value) -> Value {
    let mut finding = finding.clone();
    let object = finding.as_object_mut().expect("object");
    object.remove("path");
    object.remove("origin");
    finding
}

#[test]
fn encoded_copies_of_the_seeds_give_the_same_findings_as_utf8() {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut names = Vec::new();
    let mut texts = Vec::new();
    for (i, seed) in seeds().iter().enumerate() {
        let text = std::fs::read_to_string(seed).expect("seed");
        let name = format!("{i:03}.txt");
        std::fs::write(dir.path().join(&name), &text).expect("write");
        names.push(name);
        texts.push(text);
    }
    let originals = findings(dir.path(), &names, &[]);
    assert!(
        originals.len() >= 20,
        "too few findings: {}",
        originals.len()
    );
    for (suffix, reported, encode) in encodings() {
        let mut copies = Vec::new();
        for (name, text) in names.iter().zip(&texts) {
            let copy = name.replace(".txt", &format!(".{suffix}.txt"));
            std::fs::write(dir.path().join(&copy), encode(text)).expect("write");
            copies.push(copy);
        }
        let found = findings(dir.path(), &copies, &[]);
        assert_eq!(found.len(), originals.len(), "{suffix}");
        for (copy, original) in found.iter().zip(&originals) {
            assert_eq!(comparable(copy), comparable(original), "{suffix}");
            let origin = &copy["origin"];
            assert_eq!(origin["kind"], "text");
            assert_eq!(
                origin["encoding"].as_str().map(str::to_ascii_lowercase),
                Some(reported.to_ascii_lowercase()),
                "{suffix}"
            );
            // The origin's bytes, decoded, are the finding's text.
            let path = dir.path().join(copy["path"].as_str().expect("path"));
            let bytes = std::fs::read(&path).expect("read copy");
            let (offset, length) = (
                origin["offset"].as_u64().expect("offset") as usize,
                origin["length"].as_u64().expect("length") as usize,
            );
            let span = &original["span"];
            let index = names
                .iter()
                .position(|n| original["path"] == n.as_str())
                .expect("original");
            let start = span["offset"].as_u64().expect("offset") as usize;
            let end = start + span["length"].as_u64().expect("length") as usize;
            let expected = &texts[index][start..end];
            assert_eq!(encode(expected).len() - bom_len(suffix), length, "{suffix}");
            let piece = &bytes[offset..offset + length];
            assert_eq!(piece, &encode(expected)[bom_len(suffix)..], "{suffix}");
        }
    }
}

/// Bytes of the byte order mark `encode` puts before a text.
fn bom_len(suffix: &str) -> usize {
    if suffix == "utf16le" || suffix == "utf16be" {
        2
    } else {
        0
    }
}

#[test]
fn a_forced_encoding_reads_what_detection_would_not() {
    let dir = tempfile::tempdir().expect("tempdir");
    let text = "一、总体情况\n20xx年完成了任务。\n";
    std::fs::write(
        dir.path().join("a.txt"),
        encoding_rs::GB18030.encode(text).0,
    )
    .expect("write");
    let found = findings(dir.path(), &["a.txt".into()], &["--encoding", "gbk"]);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["code"], "ZJ302");
    assert_eq!(found[0]["range"]["start"]["line"], 2);
    assert_eq!(found[0]["origin"]["offset"], 13);
    // Named wrongly, the file is an error that says which encoding failed, and where.
    let run = support::run_in(
        dir.path(),
        &["check", "--isolated", "--encoding", "utf-8", "a.txt"],
    );
    assert_eq!(run.code(), Some(2));
    assert_eq!(
        run.stderr.lines().next(),
        Some("错误：a.txt: 不是有效的 UTF-8 文本（第 2 字节处无法解码）；请检查 --encoding，或先转存为 UTF-8")
    );
    let run = support::run_in(dir.path(), &["check", "--encoding", "klingon", "a.txt"]);
    assert_eq!(run.code(), Some(2));
    assert!(
        run.stderr.contains("不认识的编码 klingon"),
        "{}",
        run.stderr
    );
}
