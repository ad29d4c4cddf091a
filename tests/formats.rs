//! Output formats of `zjlint check`.
//!
//! Golden files: every format rendered by `zjlint::render::render` from hand-built findings on
//! tests/fixtures/formats.txt (exact and independent of the rules). Review changes with
//! `cargo insta review` (or `INSTA_UPDATE=always cargo test --test formats`).
//!
//! End to end: the built binary on the same fixture, checking each format's shape (valid JSON,
//! valid SARIF, one command or finding per line) but not which findings the rules give.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::Arc;
use zjlint::catalogue::{Catalogue, Rule, RuleDef};
use zjlint::checks::{Check, Context};
use zjlint::diagnostic::{Applicability, Diagnostic, Edit, Edits, Fix, Severity};
use zjlint::render::{self, FileReport, Format};

const FIXTURE: &str = "tests/fixtures/formats.txt";

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture_text() -> String {
    std::fs::read_to_string(manifest_dir().join(FIXTURE)).expect("fixture")
}

// ---------------------------------------------------------------------------------------------
// Hand-built findings

struct NoCheck;

impl Check for NoCheck {
    fn run(&self, _rule: &RuleDef, _ctx: &Context, _out: &mut Vec<Diagnostic>) {}
}

fn rule_def(code: &str, name: &str, category: &str, severity: Severity, summary: &str) -> RuleDef {
    RuleDef {
        code: code.into(),
        name: name.into(),
        category: category.into(),
        severity,
        kind: "test".into(),
        message: String::new(),
        help: String::new(),
        docs: format!(
            "## 检查什么\n{summary}\n\n## 为什么\n（测试用规则）\n\n## 错误示例\n甲\n\n## 正确示例\n乙\n"
        ),
        fix: None,
        cases: Vec::new(),
        params: toml::Table::new(),
    }
}

/// Rules the findings refer to; ZJ203 is left out on purpose (a code the catalogue does not
/// know still gets a rule entry in SARIF).
fn catalogue() -> Catalogue {
    let defs = [
        rule_def(
            "ZJ001",
            "web-footer",
            "junk",
            Severity::Info,
            "网页转存时留下的页脚行。",
        ),
        rule_def(
            "ZJ102",
            "numbering-gap",
            "numbering",
            Severity::Warning,
            "同级编号跳号。",
        ),
        rule_def(
            "ZJ201",
            "placeholder-year",
            "placeholder",
            Severity::Error,
            "未替换的年份占位符。",
        ),
    ];
    Catalogue {
        rules: defs
            .into_iter()
            .map(|def| Rule {
                def: Arc::new(def),
                check: Arc::new(NoCheck),
            })
            .collect(),
        ..Catalogue::default()
    }
}

fn span_of(text: &str, needle: &str) -> std::ops::Range<usize> {
    let start = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in fixture"));
    start..start + needle.len()
}

fn finding(
    code: &str,
    rule: &str,
    category: &str,
    severity: Severity,
    span: std::ops::Range<usize>,
    message: &str,
    help: &str,
) -> Diagnostic {
    Diagnostic::new(
        zjlint::diagnostic::RuleTag::new(code, rule, category, severity),
        message.into(),
        help.into(),
        span,
    )
}

fn reports() -> Vec<FileReport> {
    let text = fixture_text();
    let year = finding(
        "ZJ201",
        "placeholder-year",
        "placeholder",
        Severity::Error,
        span_of(&text, "20xx"),
        "年份仍是占位符“20xx”",
        "填写实际年份，例如“2024年”",
    );
    let three = text.find("（三）").expect("（三）") + "（".len();
    let mut gap = finding(
        "ZJ102",
        "numbering-gap",
        "numbering",
        Severity::Warning,
        three..three + "三".len(),
        "编号跳过了“（二）”",
        "把“（三）”改为“（二）”，或补上缺少的一项",
    );
    gap.fix = Some(Box::new(Fix {
        title: "改为“（二）”".into(),
        edits: Edits::One(Edit {
            span: three..three + "三".len(),
            replacement: "二".into(),
        }),
        applicability: Applicability::Safe,
    }));
    let number = finding(
        "ZJ203",
        "placeholder-number",
        "placeholder",
        Severity::Warning,
        span_of(&text, "XX%"),
        "数字仍是占位符“XX%”",
        "填写实际数字",
    );
    // A whole junk line, its line break included.
    let footer_line = span_of(&text, "本文标题：2024年工作总结\n");
    let mut footer = finding(
        "ZJ001",
        "web-footer",
        "junk",
        Severity::Info,
        footer_line.clone(),
        "网页残留：“本文标题：”",
        "删除这一行",
    );
    footer.fix = Some(Box::new(Fix {
        title: "删除这一行".into(),
        edits: Edits::One(Edit {
            span: footer_line,
            replacement: zjlint::diagnostic::SharedText::empty(),
        }),
        applicability: Applicability::Unsafe,
    }));
    // A second file whose name needs escaping in URIs and in workflow-command properties.
    let other_text = "标题\n𠀀（一）20xx年\n".to_string();
    let other = finding(
        "ZJ201",
        "placeholder-year",
        "placeholder",
        Severity::Error,
        span_of(&other_text, "20xx"),
        "年份仍是占位符“20xx”",
        "填写实际年份，例如“2024年”",
    );
    vec![
        FileReport::new(FIXTURE.into(), text, vec![year, gap, number, footer]),
        FileReport::new("./材料/第1,2:稿 50%.txt".into(), other_text, vec![other]),
        FileReport::new(
            "tests/fixtures/clean.txt".into(),
            "二、存在问题\n".into(),
            Vec::new(),
        ),
    ]
}

fn rendered(format: Format) -> String {
    let output = render::render(format, &reports(), &catalogue(), false);
    output.replace(env!("CARGO_PKG_VERSION"), "[VERSION]")
}

fn json(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}):\n{text}"))
}

// ---------------------------------------------------------------------------------------------
// Schemas

fn validate(schema_file: &str, instance: &Value) {
    let schema = json(
        &std::fs::read_to_string(manifest_dir().join("tests/schemas").join(schema_file))
            .expect("schema"),
    );
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "not valid against {schema_file}:\n{}\n{instance:#}",
        errors.join("\n")
    );
}

#[test]
fn schemas_reject_wrong_documents() {
    // The validation below could not fail if the schemas accepted anything.
    let schema = json(
        &std::fs::read_to_string(manifest_dir().join("tests/schemas/sarif-schema-2.1.0.json"))
            .unwrap(),
    );
    let validator = jsonschema::options().build(&schema).unwrap();
    let mut sarif = json(&rendered(Format::Sarif));
    assert!(validator.is_valid(&sarif));
    sarif["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startColumn"] =
        Value::from(0);
    assert!(!validator.is_valid(&sarif));
    sarif["runs"][0]["columnKind"] = Value::from("bytes");
    assert!(!validator.is_valid(&sarif));

    let schema = json(
        &std::fs::read_to_string(manifest_dir().join("tests/schemas/rdjson.schema.json")).unwrap(),
    );
    let validator = jsonschema::options().build(&schema).unwrap();
    let mut rdjson = json(&rendered(Format::Rdjson));
    assert!(validator.is_valid(&rdjson));
    rdjson["diagnostics"][0]["severity"] = Value::from("FATAL");
    assert!(!validator.is_valid(&rdjson));
}

// ---------------------------------------------------------------------------------------------
// Golden files

#[test]
fn human_golden() {
    insta::assert_snapshot!("human", rendered(Format::Human));
}

#[test]
fn json_golden() {
    let output = rendered(Format::Json);
    let value = json(&output);
    // The contract: these fields, columns in characters (𠀀 is one).
    let first = &value[0];
    let keys: Vec<&str> = first
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "path", "code", "rule", "category", "severity", "message", "help", "range", "span", "fix",
    ] {
        assert!(keys.contains(&key), "json lost field {key}");
    }
    assert_eq!(
        first["range"]["start"],
        serde_json::json!({"line": 4, "column": 10})
    );
    insta::assert_snapshot!("json", output);
}

#[test]
fn sarif_golden() {
    let output = rendered(Format::Sarif);
    let value = json(&output);
    validate("sarif-schema-2.1.0.json", &value);
    let run = &value["runs"][0];
    assert_eq!(run["columnKind"], "utf16CodeUnits");
    assert_eq!(run["tool"]["driver"]["name"], "zjlint");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    // The rules in the order the findings first name them (the results follow the file).
    assert_eq!(ids, ["ZJ201", "ZJ102", "ZJ203", "ZJ001"]);
    assert_eq!(rules[0]["shortDescription"]["text"], "未替换的年份占位符。");
    assert_eq!(rules[0]["defaultConfiguration"]["level"], "error");
    assert!(rules[0]["help"]["markdown"]
        .as_str()
        .unwrap()
        .contains("## 为什么"));
    let results = run["results"].as_array().unwrap();
    for result in results {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
    }
    // “20xx” after 𠀀: character column 10, UTF-16 column 11 (𠀀 is a surrogate pair).
    let year = &results[0]["locations"][0]["physicalLocation"];
    assert_eq!(year["artifactLocation"]["uri"], FIXTURE);
    let region = &year["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(4), Some(11))
    );
    assert_eq!(region["endColumn"].as_u64(), Some(15));
    assert_eq!(region["charLength"].as_u64(), Some(4));
    let text = fixture_text();
    let start_units = text[..text.find("20xx").unwrap()].encode_utf16().count();
    assert_eq!(region["charOffset"].as_u64(), Some(start_units as u64));
    // A whole-line finding ends on its own line.
    let footer = &results[3]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (footer["startLine"].as_u64(), footer["endLine"].as_u64()),
        (Some(6), Some(6))
    );
    assert_eq!(footer["endColumn"].as_u64(), Some(15));
    assert_eq!(
        results[4]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "%E6%9D%90%E6%96%99/%E7%AC%AC1%2C2%3A%E7%A8%BF%2050%25.txt"
    );
    insta::assert_snapshot!("sarif", output);
}

#[test]
fn rdjson_golden() {
    let output = rendered(Format::Rdjson);
    let value = json(&output);
    validate("rdjson.schema.json", &value);
    assert_eq!(value["source"]["name"], "zjlint");
    assert_eq!(value["severity"], "ERROR");
    let year = &value["diagnostics"][0];
    assert_eq!(year["location"]["path"], FIXTURE);
    // Columns in UTF-8 bytes: “（一）完善制度。” is 8 × 3 bytes, 𠀀 is 4.
    assert_eq!(
        year["location"]["range"]["start"],
        serde_json::json!({"line": 4, "column": 29})
    );
    assert_eq!(
        year["location"]["range"]["end"],
        serde_json::json!({"line": 4, "column": 33})
    );
    assert_eq!(year["code"]["value"], "ZJ201");
    let gap = &value["diagnostics"][1];
    assert_eq!(gap["suggestions"][0]["text"], "二");
    assert_eq!(
        gap["suggestions"][0]["range"]["start"],
        serde_json::json!({"line": 5, "column": 4})
    );
    // The footer's deletion keeps its line break: it ends at the start of the next line.
    let footer = &value["diagnostics"][3];
    assert_eq!(footer["location"]["range"]["end"]["line"], 6);
    assert_eq!(
        footer["suggestions"][0]["range"]["end"],
        serde_json::json!({"line": 7, "column": 1})
    );
    assert_eq!(
        value["diagnostics"][4]["location"]["path"],
        "材料/第1,2:稿 50%.txt"
    );
    insta::assert_snapshot!("rdjson", output);
}

#[test]
fn github_golden() {
    let output = rendered(Format::Github);
    let lines: Vec<&str> = output.lines().collect();
    assert_eq!(lines.len(), 5);
    assert_eq!(
        lines[0],
        "::error file=tests/fixtures/formats.txt,line=4,col=10,endLine=4,endColumn=14,title=ZJ201::年份仍是占位符“20xx”%0A填写实际年份，例如“2024年”"
    );
    assert!(lines[2].contains("数字仍是占位符“XX%25”"), "{}", lines[2]);
    assert!(lines[3].starts_with("::notice "), "{}", lines[3]);
    assert!(
        lines[4].starts_with("::error file=材料/第1%2C2%3A稿 50%25.txt,line=2,col=5,"),
        "{}",
        lines[4]
    );
    insta::assert_snapshot!("github", output);
}

#[test]
fn concise_golden() {
    let output = rendered(Format::Concise);
    assert_eq!(
        output.lines().next(),
        Some("tests/fixtures/formats.txt:4:10: ZJ201 年份仍是占位符“20xx”")
    );
    assert_eq!(output.lines().count(), 5);
    insta::assert_snapshot!("concise", output);
}

#[test]
fn no_findings_no_output_for_tools() {
    let clean = [FileReport::new("a.txt".into(), "甲\n".into(), Vec::new())];
    let catalogue = catalogue();
    assert_eq!(
        render::render(Format::Github, &clean, &catalogue, false),
        ""
    );
    assert_eq!(
        render::render(Format::Concise, &clean, &catalogue, false),
        ""
    );
    assert_eq!(
        render::render(Format::Json, &clean, &catalogue, false),
        "[]\n"
    );
    let sarif = json(&render::render(Format::Sarif, &clean, &catalogue, false));
    validate("sarif-schema-2.1.0.json", &sarif);
    assert_eq!(sarif["runs"][0]["results"], serde_json::json!([]));
    let rdjson = json(&render::render(Format::Rdjson, &clean, &catalogue, false));
    validate("rdjson.schema.json", &rdjson);
    assert!(rdjson.get("severity").is_none());
}

// ---------------------------------------------------------------------------------------------
// End to end: the binary

fn zjlint(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_zjlint"));
    command
        .args(args)
        .current_dir(manifest_dir())
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("run zjlint");
    if let Some(bytes) = stdin {
        use std::io::Write;
        let mut pipe = child.stdin.take().unwrap();
        pipe.write_all(bytes).unwrap();
    }
    child.wait_with_output().unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

/// Exit code of a check of the fixture, from its JSON findings: 1 when any is a warning or an
/// error, else 0.
fn expected_exit() -> i32 {
    let output = zjlint(&["check", "--format", "json", FIXTURE], None);
    let findings = json(&stdout(&output));
    let failing = findings
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f["severity"] == "warning" || f["severity"] == "error");
    let expected = i32::from(failing);
    assert_eq!(
        output.status.code(),
        Some(expected),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    expected
}

fn check_fixture(format: &str) -> String {
    let output = zjlint(&["check", "--format", format, FIXTURE], None);
    assert_eq!(
        output.status.code(),
        Some(expected_exit()),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout(&output)
}

#[test]
fn cli_json() {
    let value = json(&check_fixture("json"));
    for finding in value.as_array().unwrap() {
        assert_eq!(finding["path"], FIXTURE);
        assert!(finding["code"].as_str().unwrap().starts_with("ZJ"));
    }
}

#[test]
fn cli_sarif() {
    let value = json(&check_fixture("sarif"));
    validate("sarif-schema-2.1.0.json", &value);
    for result in value["runs"][0]["results"].as_array().unwrap() {
        assert_eq!(
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            FIXTURE
        );
    }
}

#[test]
fn cli_rdjson() {
    let value = json(&check_fixture("rdjson"));
    validate("rdjson.schema.json", &value);
    for d in value["diagnostics"].as_array().unwrap() {
        assert_eq!(d["location"]["path"], FIXTURE);
    }
}

#[test]
fn cli_github() {
    let output = check_fixture("github");
    for line in output.lines() {
        let rest = ["::error ", "::warning ", "::notice "]
            .iter()
            .find_map(|p| line.strip_prefix(p))
            .unwrap_or_else(|| panic!("not a workflow command: {line}"));
        let (properties, message) = rest.split_once("::").expect("properties::message");
        let keys: Vec<&str> = properties
            .split(',')
            .map(|p| p.split_once('=').unwrap().0)
            .collect();
        assert_eq!(
            keys,
            ["file", "line", "col", "endLine", "endColumn", "title"]
        );
        assert!(
            properties.starts_with(&format!("file={FIXTURE},")),
            "{line}"
        );
        assert!(!message.is_empty());
    }
}

#[test]
fn cli_concise() {
    let output = check_fixture("concise");
    for line in output.lines() {
        let rest = line
            .strip_prefix(&format!("{FIXTURE}:"))
            .unwrap_or_else(|| panic!("{line}"));
        let mut parts = rest.splitn(3, ':');
        let line_no: usize = parts.next().unwrap().parse().expect("line");
        let column: usize = parts.next().unwrap().parse().expect("column");
        assert!(line_no >= 1 && column >= 1);
        let finding = parts.next().unwrap();
        assert!(finding.starts_with(" ZJ"), "{line}");
    }
}

#[test]
fn cli_human_ends_with_summary() {
    let output = check_fixture("human");
    let last = output.lines().last().unwrap_or_default();
    assert!(last.starts_with("检查了 1 个文件"), "{last}");
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

#[test]
fn output_file_gets_the_report_and_exit_code_stays() {
    let dir = temp_dir();
    let file: PathBuf = dir.path().join("report.sarif");
    std::fs::write(&file, "old").unwrap();
    let expected = check_fixture("sarif");
    let file_arg = file.display().to_string();
    let output = zjlint(
        &[
            "check",
            "--format",
            "sarif",
            "--output-file",
            &file_arg,
            FIXTURE,
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(expected_exit()));
    assert!(output.stdout.is_empty(), "{}", stdout(&output));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), expected);
    // No temporary file is left beside it.
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, [std::ffi::OsString::from("report.sarif")]);

    // Human output to a file: no colour codes, summary included.
    let output = zjlint(&["check", "--output-file", &file_arg, FIXTURE], None);
    assert_eq!(output.status.code(), Some(expected_exit()));
    let human = std::fs::read_to_string(&file).unwrap();
    assert!(!human.contains('\u{1b}'));
    assert!(human.contains("检查了 1 个文件"));
}

#[test]
fn output_file_that_cannot_be_written_is_an_error() {
    let dir = temp_dir();
    let file = dir.path().join("missing-dir").join("report.json");
    let output = zjlint(
        &[
            "check",
            "--format",
            "json",
            "--output-file",
            &file.display().to_string(),
            FIXTURE,
        ],
        None,
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("无法写入报告"), "{stderr}");
}

#[test]
fn stdin_is_reported_under_stdin_filename() {
    let text = fixture_text();
    let name = "材料/年度总结.txt";
    for format in ["json", "concise", "github", "sarif", "rdjson"] {
        let from_file = check_fixture(format);
        let output = zjlint(
            &["check", "--format", format, "--stdin-filename", name, "-"],
            Some(text.as_bytes()),
        );
        assert_eq!(output.status.code(), Some(expected_exit()));
        let sarif_name = zjlint::render::sarif::uri(name);
        let expected = if format == "sarif" {
            from_file.replace(FIXTURE, &sarif_name)
        } else {
            from_file.replace(FIXTURE, name)
        };
        assert_eq!(stdout(&output), expected, "--format {format}");
    }
    // Without paths, --stdin-filename reads stdin.
    let output = zjlint(
        &["check", "--format", "json", "--stdin-filename", name],
        Some(text.as_bytes()),
    );
    assert_eq!(
        stdout(&output),
        check_fixture("json").replace(FIXTURE, name)
    );
    // Errors about the input name it too.
    let output = zjlint(
        &["check", "--stdin-filename", name, "-"],
        Some(&[b'a', 0xff]),
    );
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("材料/年度总结.txt: 无法识别文本编码：不是 UTF-8"),
        "{stderr}"
    );
}

#[test]
#[allow(clippy::reversed_empty_ranges)]
fn odd_spans_never_panic_and_stay_valid() {
    // Spans past the end, inside a character, reversed, and a fix edit likewise.
    let text = "𠀀甲\r\n乙".to_string();
    let spans = [
        0..0,
        1..3,
        5..4,
        100..200,
        text.len()..text.len(),
        0..text.len(),
    ];
    let diagnostics = spans
        .iter()
        .map(|span| {
            let mut d = finding(
                "ZJ201",
                "placeholder-year",
                "placeholder",
                Severity::Error,
                span.clone(),
                "甲",
                "",
            );
            d.fix = Some(Box::new(Fix {
                title: "乙".into(),
                edits: Edits::One(Edit {
                    span: span.clone(),
                    replacement: "丙".into(),
                }),
                applicability: Applicability::Safe,
            }));
            d
        })
        .collect();
    let reports = [FileReport::new("a.txt".into(), text, diagnostics)];
    let catalogue = catalogue();
    for &format in Format::all() {
        let output = render::render(format, &reports, &catalogue, false);
        match format {
            Format::Sarif => validate("sarif-schema-2.1.0.json", &json(&output)),
            Format::Rdjson => validate("rdjson.schema.json", &json(&output)),
            Format::Github | Format::Concise => assert_eq!(output.lines().count(), spans.len()),
            _ => {}
        }
    }
}

#[test]
fn bom_and_lone_cr_positions_in_every_format() {
    // A BOM is no column; a lone `\r` ends a line, as in editors and the LSP specification.
    let text = "\u{feff}20xx年总结\r一、总体情况\r三、XX问题\r".to_string();
    let at = |needle: &str, len: usize| {
        let start = text.find(needle).unwrap();
        start..start + len
    };
    let diagnostics = vec![
        finding(
            "ZJ201",
            "placeholder-year",
            "placeholder",
            Severity::Error,
            at("20xx", 4),
            "甲",
            "",
        ),
        finding(
            "ZJ203",
            "placeholder-number",
            "placeholder",
            Severity::Warning,
            at("XX", 2),
            "乙",
            "",
        ),
    ];
    let reports = [FileReport::new("a.txt".into(), text.clone(), diagnostics)];
    let out = |format| render::render(format, &reports, &catalogue(), false);
    assert_eq!(
        out(Format::Concise),
        "a.txt:1:1: ZJ201 甲\na.txt:3:3: ZJ203 乙\n"
    );
    let github = out(Format::Github);
    assert!(
        github.contains("line=1,col=1,endLine=1,endColumn=5,"),
        "{github}"
    );
    assert!(
        github.contains("line=3,col=3,endLine=3,endColumn=5,"),
        "{github}"
    );
    let findings = json(&out(Format::Json));
    assert_eq!(findings[1]["range"]["start"]["line"], 3);
    assert_eq!(findings[1]["range"]["start"]["column"], 3);
    let sarif = json(&out(Format::Sarif));
    let region = &sarif["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 3);
    assert_eq!(region["startColumn"], 3);
    // Units before “XX” after the BOM: “20xx年总结\r” 8, “一、总体情况\r” 7, “三、” 2.
    assert_eq!(region["charOffset"], 17);
    let rdjson = json(&out(Format::Rdjson));
    let range = &rdjson["diagnostics"][1]["location"]["range"];
    assert_eq!(
        (
            range["start"]["line"].clone(),
            range["start"]["column"].clone()
        ),
        (3.into(), 7.into())
    );
    let human = out(Format::Human);
    assert!(human.contains("╭─[a.txt:1:1]"), "{human}");
    assert!(human.contains("╭─[a.txt:3:3]"), "{human}");
    assert!(human.contains(" 3 │ 三、XX问题\n"), "{human}");
    assert!(!human.contains('\r'), "{human}");
}

// ---------------------------------------------------------------------------------------------
// Golden files of every format on a real seed document, through the binary

/// Seed 003: site chrome, a flattened document, placeholders and deleted numbers.
const SEED: &str = "tests/fixtures/corpus/seeds/003_36c1d0439d07d8ae.txt";

fn seed_output(format: &str) -> String {
    let output = zjlint(&["check", "--no-color", "--format", format, SEED], None);
    assert_eq!(output.status.code(), Some(1), "findings give exit 1");
    String::from_utf8(output.stdout)
        .expect("UTF-8 output")
        .replace(env!("CARGO_PKG_VERSION"), "[VERSION]")
}

#[test]
fn seed_golden_every_format() {
    for format in ["human", "json", "sarif", "rdjson", "github", "concise"] {
        let output = seed_output(format);
        insta::assert_snapshot!(format!("seed_003_{format}"), output);
    }
    validate("sarif-schema-2.1.0.json", &json(&seed_output("sarif")));
    validate("rdjson.schema.json", &json(&seed_output("rdjson")));
}
