//! Reports written file by file as the files are linted, and a large file's rules run in
//! parallel: whatever the number of threads, the same output, in the inputs' order.

mod support;

use std::sync::Arc;
use support::run_in;
use zjlint::catalogue::Catalogue;
use zjlint::source::Source;
use zjlint::{lint, Settings};

/// Lines with faults of several categories (placeholder, punctuation, wording, junk,
/// numbering) between ordinary ones.
const LINES: &[&str] = &[
    "一、主要工作",
    "全年完成国省干线公路养护120公里，优良路率比上年提高3个百分点。",
    "20xx年，我局将进一步加大工作力度，全年计划完成投资达到亿元。",
    "全年共召开专题会议12次,研究解决重大问题35个。",
    "我们始终坚持把安全生产放在首位，的的确确做到了警钟长鸣。",
    "本站所有文章均来自网络，如有侵权请联系删除",
    "今年以来，在县委县政府的正确领导下下，各项工作稳步推进。",
    "（一）狠抓项目建设",
    "1. 新改建农村公路45公里，惠及沿线群众2万人。",
    "3. 截至2025年11月底，共完成年度目标任务的百分之九十五(含续建项目)。",
    "相关文章推荐：交通运输局工作总结范文大全",
    "二、存在的问题",
    "XX乡镇的项目前期工作推进较慢，资金到位不够及时。",
];

/// A document of at least `bytes` bytes made of [`LINES`], in changing order.
fn document(bytes: usize) -> String {
    let mut text = String::from("某县交通运输局2025年工作总结\n");
    let mut k = 0usize;
    while text.len() < bytes {
        text.push_str(LINES[(k * 7 + k / LINES.len()) % LINES.len()]);
        text.push('\n');
        k += 1;
    }
    text
}

#[test]
fn a_large_document_has_the_same_findings_on_one_thread_and_on_several() {
    let text = document(zjlint::lint::PARALLEL_RULES_FROM + 1000);
    let settings = Settings::new(Arc::new(Catalogue::builtin().expect("built-in rules")));
    let source = Source::new("总结.txt", text);
    let on = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .expect("pool");
        pool.install(|| lint(&source, &settings))
    };
    let alone = on(1);
    let categories: std::collections::BTreeSet<_> =
        alone.iter().map(|d| d.category().as_str()).collect();
    assert!(categories.len() >= 4, "{categories:?}");
    assert!(alone.len() > 1000, "{} findings", alone.len());
    assert_eq!(on(3), alone);
}

#[test]
fn a_streamed_report_is_in_the_inputs_order_whatever_the_threads() {
    let dir = tempfile::tempdir().expect("tempdir");
    // Files of very different sizes finish out of order; one has more findings than are
    // rendered where they are linted.
    for i in 0..24 {
        let size = if i == 3 { 200_000 } else { 300 + 500 * (i % 5) };
        std::fs::write(dir.path().join(format!("{i:02}.txt")), document(size)).expect("write");
    }
    std::fs::write(dir.path().join("10.txt"), [0xff, 0xfe, 0x00]).expect("write");
    for format in ["human", "json", "concise", "github", "sarif", "rdjson"] {
        let run = |threads: &str| {
            run_in(
                dir.path(),
                &["check", "--format", format, "--threads", threads, "."],
            )
        };
        let alone = run("1");
        assert_eq!(alone.code(), Some(2), "{format}: {}", alone.stderr);
        assert!(alone.stderr.contains("10.txt"), "{}", alone.stderr);
        let together = run("3");
        assert_eq!(together.code(), alone.code());
        assert_eq!(together.stdout, alone.stdout, "{format}");
        assert_eq!(together.stderr, alone.stderr, "{format}");
    }
    // The files appear in the order of their names.
    let concise = run_in(
        dir.path(),
        &["check", "--format", "concise", "--threads", "3", "."],
    );
    let files: Vec<&str> = concise
        .stdout
        .lines()
        .filter_map(|line| line.split(':').next())
        .collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
    for name in ["03.txt", "23.txt"] {
        assert!(files.iter().any(|f| f.ends_with(name)), "{name}: {files:?}");
    }
    let json = run_in(
        dir.path(),
        &["check", "--format", "json", "--threads", "3", "."],
    );
    let parsed: serde_json::Value = serde_json::from_str(&json.stdout).expect("one JSON array");
    assert!(parsed.as_array().is_some_and(|a| a.len() > 1000));
    // SARIF, written result by result, names each result's rule by its place in the rules.
    let sarif = run_in(
        dir.path(),
        &["check", "--format", "sarif", "--threads", "3", "."],
    );
    let sarif: serde_json::Value = serde_json::from_str(&sarif.stdout).expect("one SARIF log");
    let run = &sarif["runs"][0];
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), parsed.as_array().map_or(0, |a| a.len()));
    let rules = run["tool"]["driver"]["rules"].as_array().expect("rules");
    for result in results {
        let index = result["ruleIndex"].as_u64().expect("ruleIndex") as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
}
