//! Configuration and suppression, through the built binary: exit codes, JSON findings, and the
//! exact text of configuration errors (insta snapshots in tests/snapshots/).
//!
//! Each case is a directory of tests/fixtures/config/ with a zjlint.toml (found by discovery,
//! the binary runs in that directory) and documents.

mod support;

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixture(case: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/config")
        .join(case)
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

impl Run {
    /// The run as one text for a snapshot.
    fn transcript(&self) -> String {
        format!(
            "exit: {}\n--- stdout\n{}--- stderr\n{}",
            self.code, self.stdout, self.stderr
        )
    }

    fn json(&self) -> Vec<Value> {
        serde_json::from_str::<Value>(&self.stdout)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.stdout))
            .as_array()
            .cloned()
            .unwrap_or_default()
    }

    /// (code, line, severity) of each JSON finding.
    fn findings(&self) -> Vec<(String, u64, String)> {
        self.json()
            .iter()
            .map(|f| {
                (
                    f["code"].as_str().unwrap_or("").to_string(),
                    f["range"]["start"]["line"].as_u64().unwrap_or(0),
                    f["severity"].as_str().unwrap_or("").to_string(),
                )
            })
            .collect()
    }
}

fn zjlint(case: &str, args: &[&str]) -> Run {
    let output = Command::new(env!("CARGO_BIN_EXE_zjlint"))
        .args(args)
        .current_dir(fixture(case))
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run zjlint");
    Run {
        code: output.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
    }
}

fn codes(run: &Run) -> Vec<(String, u64)> {
    run.findings().into_iter().map(|(c, l, _)| (c, l)).collect()
}

// ---------------------------------------------------------------------------------------------
// Bad configuration: exit 2, nothing linted, the file quoted with a label and a suggestion.
// The broken files are named bad.toml, not zjlint.toml, so that linting a directory above them
// does not find them.

fn bad(case: &str) -> String {
    let run = zjlint(case, &["check", "--config", "bad.toml", "-"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stdout.is_empty(), "nothing is linted: {}", run.stdout);
    run.transcript()
}

#[test]
fn misspelt_key() {
    insta::assert_snapshot!("misspelt_key", bad("bad-key"));
}

#[test]
fn wrong_type() {
    insta::assert_snapshot!("wrong_type", bad("bad-type"));
}

#[test]
fn unknown_rule_codes() {
    insta::assert_snapshot!("unknown_rule_codes", bad("bad-rule-code"));
}

#[test]
fn unknown_severity_level() {
    insta::assert_snapshot!("unknown_severity_level", bad("bad-level"));
}

#[test]
fn missing_extend_file() {
    insta::assert_snapshot!("missing_extend_file", bad("bad-extend"));
}

#[test]
fn toml_syntax_error() {
    insta::assert_snapshot!("toml_syntax_error", bad("bad-syntax"));
}

#[test]
fn unknown_profile() {
    insta::assert_snapshot!("unknown_profile", bad("bad-profile"));
}

#[test]
fn bad_user_rule() {
    insta::assert_snapshot!("bad_user_rule", bad("bad-user-rule"));
}

#[test]
fn bad_rule_option() {
    insta::assert_snapshot!("bad_rule_option", bad("bad-option"));
}

#[test]
fn bad_glob() {
    insta::assert_snapshot!("bad_glob", bad("bad-glob"));
}

#[test]
fn invalid_regex() {
    let text = bad("bad-regex");
    assert!(text.contains("BUREAU002"), "{text}");
    assert!(
        text.contains("[bad.toml:7:"),
        "the patterns line is labelled: {text}"
    );
}

#[test]
fn missing_config_file() {
    let run = zjlint("defaults", &["check", "--config", "nope.toml", "doc.md"]);
    insta::assert_snapshot!("missing_config_file", run.transcript());
}

#[test]
fn a_discovered_broken_file_stops_the_run_and_isolated_ignores_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join(".git")).expect("mkdir");
    std::fs::copy(
        fixture("bad-key").join("bad.toml"),
        dir.path().join("zjlint.toml"),
    )
    .expect("copy");
    std::fs::create_dir_all(dir.path().join("a/b")).expect("mkdir");
    std::fs::write(dir.path().join("a/b/doc.md"), "一、总体情况\n").expect("write");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_zjlint"))
            .args(args)
            .current_dir(dir.path())
            .output()
            .expect("run zjlint")
    };
    let found = run(&["check", "a/b/doc.md"]);
    assert_eq!(found.status.code(), Some(2));
    assert!(found.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&found.stderr);
    assert!(
        stderr.contains("[zjlint.toml:2:8]") && stderr.contains("“severity”"),
        "{stderr}"
    );
    assert_eq!(
        run(&["check", "--isolated", "a/b/doc.md"]).status.code(),
        Some(0)
    );
}

// ---------------------------------------------------------------------------------------------
// Options take effect

#[test]
fn defaults_report_directive_problems() {
    let run = zjlint("defaults", &["check", "--format", "json", "doc.md"]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert_eq!(
        run.findings(),
        [
            ("ZJ001".into(), 2, "warning".into()),
            ("ZJ002".into(), 4, "warning".into())
        ]
    );
}

#[test]
fn a_rule_turned_off_no_longer_reports() {
    let run = zjlint("rule-off", &["check", "--format", "json", "doc.md"]);
    // ZJ001 is off; the directive on line 4 names only ZJ001, which no longer runs, so it is not
    // reported as unused either.
    assert!(codes(&run).is_empty(), "{}", run.stdout);
    assert_eq!(run.code, 0);
}

#[test]
fn severity_changes_show_in_json_and_decide_the_exit_code() {
    let run = zjlint("severity", &["check", "--format", "json", "doc.md"]);
    assert_eq!(
        run.findings(),
        [
            ("ZJ001".into(), 2, "error".into()),
            ("ZJ002".into(), 4, "info".into())
        ]
    );
    assert_eq!(run.code, 1, "an error fails even with fail_on = error");
    let run = zjlint("defaults", &["check", "--format", "json", "doc.md"]);
    assert_eq!(run.code, 1, "warnings fail by default");
    let run = zjlint("defaults", &["check", "--fail-on", "error", "doc.md"]);
    assert_eq!(run.code, 0, "--fail-on error: a warning does not fail");
    let run = zjlint(
        "defaults",
        &["check", "--fail-on", "info", "--isolated", "doc.md"],
    );
    assert_eq!(run.code, 1);
}

#[test]
fn config_fail_on_and_cli_flag() {
    // fail_on = "error" in the file; the document has two warnings.
    let run = zjlint("fail-on", &["check", "doc.md"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let run = zjlint("fail-on", &["check", "--fail-on", "warning", "doc.md"]);
    assert_eq!(run.code, 1, "the command line wins");
    // Only an info finding: passes (fail_on = "error" comes from the extended file), fails with
    // --fail-on info.
    let run = zjlint("extend", &["check", "doc.md"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let run = zjlint("extend", &["check", "--fail-on", "info", "doc.md"]);
    assert_eq!(run.code, 1);
}

#[test]
fn an_override_applies_only_to_its_files() {
    let plan = zjlint("overrides", &["check", "--format", "json", "计划/doc.md"]);
    assert_eq!(codes(&plan), [("ZJ001".into(), 2)]);
    let summary = zjlint("overrides", &["check", "--format", "json", "总结/doc.md"]);
    assert_eq!(codes(&summary), [("ZJ001".into(), 2), ("ZJ002".into(), 4)]);
    // Walking a directory: each file gets its own settings.
    let both = zjlint("overrides", &["check", "--format", "json", "."]);
    assert_eq!(both.json().len(), 3, "{}", both.stdout);
}

#[test]
fn extend_pulls_in_shared_settings() {
    // base.toml: ZJ001 info, ZJ002 error; zjlint.toml turns ZJ002 off.
    let run = zjlint("extend", &["check", "--format", "json", "doc.md"]);
    assert_eq!(run.findings(), [("ZJ001".into(), 2, "info".into())]);
}

#[test]
fn explicit_config_is_used_for_every_file() {
    let run = zjlint(
        "overrides",
        &[
            "check",
            "--format",
            "json",
            "--config",
            "../severity/zjlint.toml",
            ".",
        ],
    );
    let found = run.findings();
    assert_eq!(found.len(), 4, "{}", run.stdout);
    assert!(found
        .iter()
        .all(|(code, _, severity)| (code == "ZJ001") == (severity == "error")));
}

#[test]
fn suppressing_a_directive_finding_in_place() {
    let run = zjlint("suppress-forms", &["check", "--format", "json", "doc.md"]);
    assert_eq!(codes(&run), [("ZJ002".into(), 5)], "{}", run.stdout);
}

#[test]
fn user_rules_load() {
    let run = zjlint("user-rules", &["check", "doc.md"]);
    assert_ne!(run.code, 2, "{}", run.transcript());
    let run = zjlint("suppress-user", &["check", "doc.md"]);
    assert_ne!(run.code, 2, "{}", run.transcript());
}

#[test]
fn user_rules_report_with_their_own_codes() {
    let run = zjlint("user-rules", &["check", "--format", "json", "doc.md"]);
    let found = run.findings();
    for (code, line, severity) in [
        ("TEAM001", 2, "warning"),
        ("BUREAU001", 4, "warning"),
        ("BUREAU002", 4, "error"),
        ("BUREAU003", 5, "warning"),
        ("TEAM002", 5, "error"),
    ] {
        assert!(
            found.contains(&(code.into(), line, severity.into())),
            "{code} at line {line}: {found:?}"
        );
    }
    let substitution = run
        .json()
        .into_iter()
        .find(|f| f["code"] == "BUREAU003")
        .expect("substitution finding");
    assert_eq!(substitution["fix"]["edits"][0]["replacement"], "服务");
}

#[test]
fn each_suppression_form_works_and_an_unused_one_is_reported() {
    let run = zjlint("suppress-user", &["check", "--format", "json", "doc.md"]);
    assert_eq!(
        codes(&run),
        [
            ("BUREAU001".into(), 1),
            ("BUREAU001".into(), 12),
            ("ZJ002".into(), 13)
        ],
        "{}",
        run.stdout
    );
    let run = zjlint(
        "suppress-user",
        &["check", "--format", "json", "whole-file.md"],
    );
    assert!(codes(&run).is_empty(), "{}", run.stdout);
}

// ---------------------------------------------------------------------------------------------
// The bureau example of docs/configuration.md

#[test]
fn bureau_example_is_the_documented_one() {
    let docs = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/configuration.md"),
    )
    .expect("docs/configuration.md");
    let example = std::fs::read_to_string(fixture("bureau").join("zjlint.toml")).expect("example");
    assert!(
        docs.contains(&format!("```toml\n{example}```")),
        "docs/configuration.md must show tests/fixtures/config/bureau/zjlint.toml verbatim"
    );
}

#[test]
fn bureau_accepts_arabic_dun_and_requires_highlights() {
    let isolated = zjlint(
        "bureau",
        &["check", "--isolated", "--format", "json", "总结-合格.md"],
    );
    assert!(
        isolated
            .json()
            .iter()
            .any(|f| f["rule"] == "heading-marker-form"),
        "by default 1、 at level 3 is reported: {}",
        isolated.stdout
    );
    let good = zjlint("bureau", &["check", "--format", "json", "总结-合格.md"]);
    assert!(
        !good
            .json()
            .iter()
            .any(|f| f["rule"] == "heading-marker-form"
                || f["message"].as_str().unwrap_or("").contains("特色亮点")),
        "{}",
        good.stdout
    );
    let missing = zjlint("bureau", &["check", "--format", "json", "总结-缺亮点.md"]);
    assert!(
        missing.json().iter().any(|f| f["category"] == "structure"
            && f["message"].as_str().unwrap_or("").contains("特色亮点")),
        "a summary without 特色亮点 is reported: {}",
        missing.stdout
    );
}

// ---------------------------------------------------------------------------------------------
// init and the schema

#[test]
fn init_writes_a_starter_that_loads_and_refuses_to_overwrite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_zjlint"))
            .args(args)
            .current_dir(dir.path())
            .output()
            .expect("run zjlint")
    };
    assert!(run(&["init"]).status.success());
    let text = std::fs::read_to_string(dir.path().join("zjlint.toml")).expect("written");
    assert!(text.contains("# fail_on = \"warning\""));
    assert_eq!(run(&["init"]).status.code(), Some(2), "no silent overwrite");
    assert!(run(&["init", "--force"]).status.success());
    std::fs::write(dir.path().join("doc.md"), "一、总体情况\n").expect("write");
    let check = run(&["check", "doc.md"]);
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    assert_valid(&toml::from_str(&text).expect("TOML"));
}

fn schema() -> Value {
    serde_json::from_str(&zjlint::config::json_schema()).expect("schema is JSON")
}

fn assert_valid(config: &toml::Value) {
    let instance = serde_json::to_value(config).expect("as JSON");
    let schema = schema();
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    let errors: Vec<String> = validator
        .iter_errors(&instance)
        .map(|e| e.to_string())
        .collect();
    assert!(errors.is_empty(), "{errors:?}");
}

/// The committed zjlint.schema.json is what the types generate. Regenerate with
/// `UPDATE_SCHEMA=1 cargo test --test config schema` (or `zjlint schema > zjlint.schema.json`).
#[test]
fn schema_file_does_not_drift() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("zjlint.schema.json");
    let generated = zjlint::config::json_schema();
    if std::env::var_os("UPDATE_SCHEMA").is_some() {
        std::fs::write(&path, &generated).expect("write schema");
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "zjlint.schema.json is out of date: run UPDATE_SCHEMA=1 cargo test --test config schema"
    );
    let run = zjlint("defaults", &["schema"]);
    assert_eq!(run.stdout, generated);
}

#[test]
fn example_configurations_follow_the_schema() {
    for case in [
        "bureau",
        "user-rules",
        "overrides",
        "severity",
        "extend",
        "rule-off",
        "fail-on",
    ] {
        let text = std::fs::read_to_string(fixture(case).join("zjlint.toml")).expect("read");
        assert_valid(&toml::from_str(&text).expect("TOML"));
    }
    // And the schema rejects what zjlint rejects.
    let bad: toml::Value = toml::from_str("[rules.serverity]\nZJ001 = \"off\"\n").expect("TOML");
    let instance = serde_json::to_value(&bad).expect("as JSON");
    let schema = schema();
    let validator = jsonschema::validator_for(&schema).expect("a valid schema");
    assert!(!validator.is_valid(&instance));
}

#[test]
fn rules_and_rule_show_users_own_rules() {
    let run = zjlint("user-rules", &["rules"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains("BUREAU003 bureau-word-choice"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("ZJ101"), "{}", run.stdout);
    let isolated = zjlint("user-rules", &["rules", "--isolated"]);
    assert!(
        !isolated.stdout.contains("BUREAU003"),
        "{}",
        isolated.stdout
    );
    let one = zjlint("user-rules", &["rule", "BUREAU003"]);
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert!(
        one.stdout.starts_with("# BUREAU003 bureau-word-choice"),
        "{}",
        one.stdout
    );
}

#[test]
fn a_config_file_in_another_encoding() {
    // bad.toml is GBK (配置文件 in a comment): read as UTF-8 it is an error, named plainly.
    let run = zjlint(
        "bad-encoding",
        &["check", "--config", "bad.toml", "--no-color", "."],
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("配置文件 bad.toml 不是 UTF-8 文本"),
        "{}",
        run.stderr
    );
    assert!(run.stdout.is_empty(), "nothing linted: {}", run.stdout);
}

// ---------------------------------------------------------------------------------------------
// Configuration files that are not files: nothing hangs, nothing reads without end, nothing is
// passed over in silence.

/// `zjlint check a.txt` (a clean document) in a fresh directory where `setup` made the
/// configuration, with `args` added; (exit code, stderr).
fn check_in(setup: impl FnOnce(&Path), args: &[&str]) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("a.txt"), "一、总体情况\n完成了任务。\n").expect("write");
    setup(dir.path());
    let mut all = vec!["check"];
    all.extend(args);
    all.push("a.txt");
    let run = support::run_in(dir.path(), &all);
    assert_eq!(
        run.stdout, "",
        "nothing is linted after a configuration error"
    );
    (run.code(), run.stderr)
}

fn config(dir: &Path, text: &str) {
    std::fs::write(dir.join("zjlint.toml"), text).expect("write");
}

/// The first line of a miette report: the message after `×`.
fn message(stderr: &str) -> &str {
    stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("× "))
        .unwrap_or(stderr)
}

#[cfg(unix)]
#[test]
fn extend_reads_only_regular_files_of_at_most_1_mb() {
    let (code, stderr) = check_in(|d| config(d, "extend = [\"/dev/zero\"]\n"), &[]);
    assert_eq!(code, Some(2));
    assert_eq!(
        message(&stderr),
        "无法读取配置文件 /dev/zero：这是设备文件，不是普通文件"
    );
    // Nobody ever writes to this FIFO: reading it would wait for ever.
    let (code, stderr) = check_in(
        |d| {
            support::mkfifo(&d.join("shared.toml"));
            config(d, "extend = [\"shared.toml\"]\n");
        },
        &[],
    );
    assert_eq!(code, Some(2));
    assert_eq!(
        message(&stderr),
        "无法读取配置文件 shared.toml：这是命名管道（FIFO），不是普通文件"
    );
    assert!(stderr.contains("extend = [\"shared.toml\"]"), "{stderr}");
    let (code, stderr) = check_in(
        |d| {
            std::fs::create_dir(d.join("rules")).expect("mkdir");
            config(d, "extend = [\"rules\"]\n");
        },
        &[],
    );
    assert_eq!(code, Some(2));
    assert_eq!(
        message(&stderr),
        "无法读取配置文件 rules：这是目录，不是普通文件"
    );
    let (code, stderr) = check_in(
        |d| {
            let big = format!("# {}\n", "很长的注释".repeat(70_000));
            std::fs::write(d.join("big.toml"), big).expect("write");
            config(d, "extend = [\"big.toml\"]\n");
        },
        &[],
    );
    assert_eq!(code, Some(2));
    assert_eq!(
        message(&stderr),
        "无法读取配置文件 big.toml：文件大于 1 MB，超过上限"
    );
}

#[cfg(unix)]
#[test]
fn config_option_has_the_same_limits() {
    let (code, stderr) = check_in(|_| {}, &["--config", "/dev/zero"]);
    assert_eq!(code, Some(2));
    assert_eq!(
        message(&stderr),
        "无法读取配置文件 /dev/zero：这是设备文件，不是普通文件"
    );
    let (code, stderr) = check_in(
        |d| support::mkfifo(&d.join("fifo.toml")),
        &["--config", "fifo.toml"],
    );
    assert_eq!(code, Some(2));
    assert_eq!(
        message(&stderr),
        "无法读取配置文件 fifo.toml：这是命名管道（FIFO），不是普通文件"
    );
}

#[cfg(unix)]
#[test]
fn a_zjlint_toml_that_is_not_a_file_is_an_error() {
    let (code, stderr) = check_in(
        |d| std::fs::create_dir(d.join("zjlint.toml")).expect("mkdir"),
        &[],
    );
    assert_eq!(code, Some(2));
    assert_eq!(
        message(&stderr),
        "无法读取配置文件 zjlint.toml：这是目录，不是普通文件"
    );
    let (code, stderr) = check_in(
        |d| std::os::unix::fs::symlink("../shared/zjlint.toml", d.join("zjlint.toml")).expect("ln"),
        &[],
    );
    assert_eq!(code, Some(2));
    assert_eq!(
        message(&stderr),
        "无法读取配置文件 zjlint.toml：这是指向 ../shared/zjlint.toml 的符号链接，而那里没有文件"
    );
    let (code, stderr) = check_in(|d| support::mkfifo(&d.join("zjlint.toml")), &[]);
    assert_eq!(code, Some(2));
    assert_eq!(
        message(&stderr),
        "无法读取配置文件 zjlint.toml：这是命名管道（FIFO），不是普通文件"
    );
}

#[test]
fn fail_on_of_the_wrong_type_says_what_it_takes() {
    let (code, stderr) = check_in(|d| config(d, "fail_on = 1\n"), &[]);
    assert_eq!(code, Some(2));
    assert_eq!(
        message(&stderr),
        "类型错误：fail_on 应为 “info”、“warning”或“error”（字符串，要加引号），实际是 1"
    );
    assert!(
        stderr.contains("help: 例如：fail_on = \"error\""),
        "{stderr}"
    );
}
