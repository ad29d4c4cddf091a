//! The pre-commit hooks (.pre-commit-hooks.yaml) as a user runs them: `pre-commit try-repo` on
//! this repository, in a fresh git repository holding a faulty and a clean document.
//!
//! `zjlint-system` (`language: system`) runs the `zjlint` found on PATH: here, this build's
//! binary. `zjlint` (`language: rust`) has pre-commit `cargo install` this repository (its
//! committed HEAD plus any uncommitted changes, which try-repo copies into a shadow commit); that
//! compiles the whole crate, so it runs only with ZJLINT_SLOW_TESTS=1 (a separate step of
//! .ci/run) and otherwise says SKIPPED. Its build goes to a target directory kept under
//! target/tmp so that later runs only rebuild zjlint itself, without LTO or optimisation, and
//! cargo runs offline from the local registry cache (which building this test already filled).
//!
//! Needs `pre-commit` (`pip install pre-commit`); without it the tests say so on stderr and pass.

use std::path::Path;
use std::process::{Command, Output};

const FAULTY: &str = "\
城区教育局20XX年工作总结
您好,欢迎访问三七文档
一、主要工作
1、落实安全责任制
2、完善教学管理制度
";

const CLEAN: &str = "\
# 城区教育局2023年工作总结

2023年，我局坚持以人民为中心的发展思想，全面完成各项工作任务。现将有关情况汇报如下：

## 一、主要工作及成效

### （一）强化教育管理

1. 落实安全责任制，全年未发生重大安全事故。

2. 完善教学管理制度，修订制度12项。

### （二）推进教育改革

全面推行集团化办学，新建教育集团3个。

## 二、存在的问题

我们也清醒地看到，工作中还存在一些不足：优质教育资源总量不足，城乡之间仍有差距。

## 三、下一步工作打算

2024年，我局将继续深化教育改革，扩大优质教育资源供给。

城区教育局

2024年1月11日
";

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?}: {}", text(&out));
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `pre-commit try-repo <this repository> <hook> --all-files` inside `dir`, with `path` as PATH.
fn try_repo(dir: &Path, home: &Path, hook: &str, path: &std::ffi::OsStr) -> Output {
    let target = Path::new(env!("CARGO_TARGET_TMPDIR")).join("precommit-target");
    Command::new("pre-commit")
        .args(["try-repo", env!("CARGO_MANIFEST_DIR"), hook])
        .args(["--color", "never", "--all-files"])
        .current_dir(dir)
        .env("PATH", path)
        .env("PRE_COMMIT_HOME", home)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_NET_OFFLINE", "true")
        // The hook is tested, not the optimiser: `cargo install` builds without LTO and
        // optimisation, minutes sooner on a small machine.
        .env("CARGO_PROFILE_RELEASE_LTO", "false")
        .env("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "16")
        .env("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0")
        .env_remove("GIT_DIR")
        .env_remove("GIT_INDEX_FILE")
        .env_remove("GIT_WORK_TREE")
        .output()
        .expect("run pre-commit")
}

/// Exit code of this build's `zjlint check` on a file: what the hook must agree with.
fn zjlint_check(path: &Path) -> i32 {
    let out = Command::new(env!("CARGO_BIN_EXE_zjlint"))
        .arg("check")
        .arg(path)
        .output()
        .expect("run zjlint");
    out.status.code().unwrap_or(-1)
}

fn precommit_available(test: &str) -> bool {
    let available = Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !available {
        loud(&format!(
            "SKIPPED {test}: pre-commit not installed (pip install pre-commit)"
        ));
    }
    available
}

/// Runs `hook` on a fresh repository with a faulty, a clean and a non-document file, and checks
/// that it fails on the faulty document only.
fn hook_fails_on_the_faulty_document_only(hook: &str, path: &std::ffi::OsStr) {
    let work = tempfile::tempdir().unwrap();
    let repo = work.path().join("docs");
    let home = work.path().join("pre-commit-home");
    std::fs::create_dir(&repo).unwrap();
    git(&repo, &["init", "-q"]);
    std::fs::write(repo.join("faulty.txt"), FAULTY).unwrap();
    std::fs::write(repo.join("clean.md"), CLEAN).unwrap();
    // A Word document whose automatic numbering skips a number (ZJ101).
    std::fs::write(
        repo.join("report.docx"),
        zjlint::docx::fixture::skipping_numbering(),
    )
    .unwrap();
    std::fs::write(
        repo.join("notes.rs"),
        "// not a document: the hook skips it\n",
    )
    .unwrap();
    git(&repo, &["add", "."]);

    // The faulty document (a 20XX年 placeholder, a site-chrome line, level-3 headings `1、`) has
    // findings at warning or above, the clean one none.
    assert_eq!(zjlint_check(&repo.join("faulty.txt")), 1, "no finding");
    assert_eq!(zjlint_check(&repo.join("clean.md")), 0, "false alarm");

    let out = try_repo(&repo, &home, hook, path);
    let log = text(&out);
    eprintln!("--- pre-commit output ---\n{log}");
    // The hook ran on the documents, not on notes.rs, and failed on the faulty one only.
    assert!(log.contains(hook), "{log}");
    assert!(!log.contains("(no files to check)"), "{log}");
    assert!(!log.contains("notes.rs"), "{log}");
    assert!(
        !out.status.success(),
        "the hook passed on the faulty document:\n{log}"
    );
    assert!(
        log.contains("Failed") && log.contains("faulty.txt"),
        "{log}"
    );
    assert!(log.contains("report.docx 第6段 第1字"), "{log}");
    assert!(
        !log.contains("clean.md"),
        "the clean document was reported:\n{log}"
    );
}

/// `zjlint-system`, with this build's binary first on PATH.
#[test]
fn system_hook_fails_on_the_faulty_document_only() {
    if !precommit_available("system_hook_fails_on_the_faulty_document_only") {
        return;
    }
    let bin_dir = Path::new(env!("CARGO_BIN_EXE_zjlint")).parent().unwrap();
    let inherited = std::env::var_os("PATH").unwrap_or_default();
    let dirs = std::iter::once(bin_dir.to_path_buf()).chain(std::env::split_paths(&inherited));
    let path = std::env::join_paths(dirs).expect("PATH entries without separators");
    hook_fails_on_the_faulty_document_only("zjlint-system", &path);
}

/// `zjlint`, installed by pre-commit with cargo: slow, so only with ZJLINT_SLOW_TESTS=1.
#[test]
fn rust_hook_installs_and_fails_on_the_faulty_document_only() {
    let test = "rust_hook_installs_and_fails_on_the_faulty_document_only";
    if std::env::var_os("ZJLINT_SLOW_TESTS").is_none_or(|v| v != "1") {
        loud(&format!(
            "SKIPPED {test}: compiles the crate through pre-commit; set ZJLINT_SLOW_TESTS=1 (.ci/run does)"
        ));
        return;
    }
    if !precommit_available(test) {
        return;
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    hook_fails_on_the_faulty_document_only("zjlint", &path);
}

/// Print to the real stderr, past the test harness's capture, so the message is always seen.
fn loud(message: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr(), "{message}");
}
