//! What the seeds must show (issue: zjlint check on real documents): each expected finding is
//! asserted by code, line and column (columns in characters), against the seed fixtures.

use std::path::Path;
use std::sync::Arc;
use zjlint::catalogue::Catalogue;
use zjlint::source::{LineIndex, Source};
use zjlint::{lint, Settings};

/// (code, line, column, text at the span) of every finding on a seed.
fn findings(seed: &str) -> Vec<(String, usize, usize, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus/seeds");
    let path = std::fs::read_dir(&dir)
        .expect("seed fixtures")
        .map(|e| e.expect("entry").path())
        .find(|p| p.file_name().unwrap().to_string_lossy().starts_with(seed))
        .expect("seed exists");
    let source = Source::read(&path, Default::default()).expect("seed is UTF-8");
    let settings = Settings::new(Arc::new(Catalogue::builtin().expect("built-in rules")));
    let index = LineIndex::new(&source.text);
    lint(&source, &settings)
        .into_iter()
        .map(|d| {
            let pos = index.position(&source.text, d.span().start);
            (
                d.code().to_string(),
                pos.line,
                pos.column,
                source.text[d.span()].to_string(),
            )
        })
        .collect()
}

/// Assert each (code, line, column, start of the text) is among the findings.
fn assert_has(seed: &str, expected: &[(&str, usize, usize, &str)]) {
    let found = findings(seed);
    for (code, line, column, text) in expected {
        assert!(
            found.iter().any(|(c, l, col, t)| c == code
                && l == line
                && col == column
                && t.starts_with(text)),
            "seed {seed}: expected {code} at {line}:{column} on “{text}”; found:\n{}",
            found
                .iter()
                .map(|f| format!(
                    "{} {}:{} «{}»",
                    f.0,
                    f.1,
                    f.2,
                    f.3.chars().take(30).collect::<String>()
                ))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

fn count(seed: &str, code: &str) -> usize {
    findings(seed).iter().filter(|f| f.0 == code).count()
}

#[test]
fn seed_000_site_line_footer_and_two_documents() {
    assert_has(
        "000",
        &[
            (
                "ZJ402",
                3,
                1,
                "时间:2021-05-22 10:10:08 年度工作总结 我要投稿",
            ),
            ("ZJ405", 7, 3, "时间总在不经意间"),
            ("ZJ408", 97, 1, "【教育局的年度工作总结】相关文章:"),
            ("ZJ409", 11, 3, "教育局的年度工作总结1"),
            ("ZJ302", 13, 3, "20**年"),
            ("ZJ302", 77, 3, "20XX年"),
            ("ZJ302", 89, 278, "20XX年"),
        ],
    );
    // Every 20**年 and 20XX年 in the body (the footer's dates are junk, not placeholders).
    assert_eq!(count("000", "ZJ302"), 14);
    // Two documents in one file are reported once.
    assert_eq!(count("000", "ZJ409"), 1);
}

#[test]
fn seed_001_download_prompts_and_reading_list() {
    assert_has(
        "001",
        &[("ZJ403", 3, 47, "下载doxc"), ("ZJ408", 91, 1, "推荐阅读")],
    );
}

#[test]
fn seed_002_download_site_header_and_service_qq() {
    assert_has(
        "002",
        &[
            ("ZJ402", 1, 1, "• 18.19 KB"),
            ("ZJ402", 6, 3, "• 10页"),
            ("ZJ406", 11, 3, "4. 网站客服QQ:403074932"),
            ("ZJ302", 12, 13, "xxxx年"),
            // Headings inside the flattened line 12.
            ("ZJ106", 12, 211, "(一)"),
            ("ZJ106", 12, 592, "(二)"),
        ],
    );
}

#[test]
fn seed_003_site_chrome_and_title_footer() {
    assert_has(
        "003",
        &[
            ("ZJ401", 1, 1, "您好,欢迎访问三七文档"),
            ("ZJ407", 4, 1, "本文标题"),
            ("ZJ306", 3, 1095, "达到亿元"),
            ("ZJ306", 3, 4606, "万人次"),
            ("ZJ304", 3, 457, "XX"),
        ],
    );
}

#[test]
fn seed_004_collection_and_lost_characters() {
    assert_has(
        "004",
        &[
            ("ZJ411", 3, 23, "(优质8篇)"),
            ("ZJ409", 7, 4, ""),
            ("ZJ412", 187, 8, "□"),
            ("ZJ101", 79, 1, "(3)"),
            ("ZJ105", 97, 1, "(三)"),
            ("ZJ304", 179, 29, "xx市"),
        ],
    );
    assert_eq!(count("004", "ZJ409"), 1, "eight documents reported once");
}

#[test]
fn seed_004_doubled_characters_and_a_traditional_word() {
    assert_has(
        "004",
        &[
            ("ZJ601", 185, 12, "在在"),
            ("ZJ601", 263, 96, "以以"),
            ("ZJ603", 249, 429, "導體"),
        ],
    );
}
