//! The last line of the human report: how many files were checked, what was found, and what
//! was not checked, so that a run that read nothing never says 未发现问题.

use super::FileReport;
use crate::diagnostic::Severity;
use crate::fix::FixLevel;

/// What became of the inputs of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Tally {
    /// Files linted (standard input counts as one).
    pub checked: usize,
    /// Files named or found that could not be read (not UTF-8, no permission, a device …).
    pub unreadable: usize,
    /// Paths that could not be checked at all: missing, or a directory that could not be walked.
    pub uncheckable: usize,
}

impl Tally {
    /// Every report read, nothing else.
    pub fn of(reports: &[FileReport]) -> Tally {
        Tally {
            checked: reports.len(),
            ..Tally::default()
        }
    }
}

/// The documents zjlint looks for in a directory, for messages.
pub const DOCUMENT_KINDS: &str = " .txt、.md 或 .docx 文件";

/// What failed (files that could not be read, paths that could not be checked), as in
/// `2 个文件无法读取、1 个路径无法检查`, or None when nothing did.
pub fn failures(tally: &Tally) -> Option<String> {
    let mut parts = Vec::new();
    if tally.unreadable > 0 {
        parts.push(format!("{} 个文件无法读取", tally.unreadable));
    }
    if tally.uncheckable > 0 {
        parts.push(format!("{} 个路径无法检查", tally.uncheckable));
    }
    (!parts.is_empty()).then(|| parts.join("、"))
}

/// The summary line, ending in a newline.
pub fn line(reports: &[FileReport], tally: &Tally) -> String {
    let mut counts = [0usize; 3];
    for d in reports.iter().flat_map(|r| &r.diagnostics) {
        counts[d.severity as usize] += 1;
    }
    let with_findings = reports.iter().filter(|r| !r.diagnostics.is_empty()).count();
    let total: usize = counts.iter().sum();
    let files = tally.checked;
    let mut parts = vec![if files == 0 {
        "没有检查任何文件".to_string()
    } else if total == 0 {
        format!("检查了 {files} 个文件，未发现问题")
    } else {
        format!(
            "检查了 {files} 个文件，{with_findings} 个文件有问题：错误 {} 处，警告 {} 处，提示 {} 处",
            counts[Severity::Error as usize],
            counts[Severity::Warning as usize],
            counts[Severity::Info as usize],
        )
    }];
    if let Some(failures) = failures(tally) {
        parts.push(format!("{failures}，没有检查"));
    }
    if files == 0 && failures(tally).is_none() {
        parts.push(format!("没有找到{DOCUMENT_KINDS}"));
    }
    format!("{}。\n", parts.join("；"))
}

/// What fixing did, ending in a newline: `已修正 12 处；剩余 5 处（其中 3 处可用 --unsafe-fixes
/// 修正）。` With `diff`, what it would do. `reports` hold the findings that remain.
pub fn fix_line(diff: bool, level: FixLevel, fixed: usize, reports: &[FileReport]) -> String {
    let remaining: Vec<_> = reports.iter().flat_map(|r| &r.diagnostics).collect();
    let unsafe_left = remaining
        .iter()
        .filter_map(|d| d.fix.as_ref())
        .filter(|f| !level.allows(f.applicability))
        .count();
    let done = if diff {
        format!(
            "可修正 {fixed} 处（--diff 只显示改动，没有写入文件）；修正后剩余 {} 处",
            remaining.len()
        )
    } else {
        format!("已修正 {fixed} 处；剩余 {} 处", remaining.len())
    };
    if unsafe_left > 0 {
        format!("{done}（其中 {unsafe_left} 处可用 --unsafe-fixes 修正）。\n")
    } else {
        format!("{done}。\n")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tally(checked: usize, unreadable: usize) -> Tally {
        Tally {
            checked,
            unreadable,
            uncheckable: 0,
        }
    }

    #[test]
    fn a_run_that_checked_nothing_never_says_nothing_was_found() {
        assert_eq!(
            line(&[], &tally(0, 0)),
            "没有检查任何文件；没有找到 .txt、.md 或 .docx 文件。\n"
        );
        assert_eq!(
            line(&[], &tally(0, 2)),
            "没有检查任何文件；2 个文件无法读取，没有检查。\n"
        );
    }

    #[test]
    fn a_clean_run_says_so_with_what_was_left_out() {
        let report = FileReport::new("a.txt".into(), "甲".into(), Vec::new());
        let reports = [report];
        assert_eq!(
            line(&reports, &Tally::of(&reports)),
            "检查了 1 个文件，未发现问题。\n"
        );
        assert_eq!(
            line(&reports, &tally(1, 1)),
            "检查了 1 个文件，未发现问题；1 个文件无法读取，没有检查。\n"
        );
        let missing = Tally {
            uncheckable: 2,
            ..tally(1, 0)
        };
        assert_eq!(
            line(&reports, &missing),
            "检查了 1 个文件，未发现问题；2 个路径无法检查，没有检查。\n"
        );
    }
}
