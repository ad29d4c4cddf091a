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

/// What the findings of a run add up to: all the summary line and the fixing line count,
/// gathered file by file so that a streamed run keeps no file's findings for them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Findings by severity (indexed by `Severity as usize`).
    by_severity: [usize; 3],
    /// Files with at least one finding.
    files_with_findings: usize,
    /// Findings whose fix is unsafe (applied only with `--unsafe-fixes`).
    unsafe_fixes: usize,
}

impl Counts {
    /// The counts of all `reports`.
    pub fn of(reports: &[FileReport]) -> Counts {
        let mut counts = Counts::default();
        for report in reports {
            counts.add(&report.diagnostics);
        }
        counts
    }

    /// Count one file's findings.
    pub fn add(&mut self, diagnostics: &[crate::diagnostic::Diagnostic]) {
        for d in diagnostics {
            self.by_severity[d.severity() as usize] += 1;
        }
        self.files_with_findings += usize::from(!diagnostics.is_empty());
        self.unsafe_fixes += diagnostics
            .iter()
            .filter_map(|d| d.fix.as_ref())
            .filter(|f| !FixLevel::Safe.allows(f.applicability))
            .count();
    }

    fn total(&self) -> usize {
        self.by_severity.iter().sum()
    }
}

impl std::ops::AddAssign for Counts {
    fn add_assign(&mut self, other: Counts) {
        for (mine, theirs) in self.by_severity.iter_mut().zip(other.by_severity) {
            *mine += theirs;
        }
        self.files_with_findings += other.files_with_findings;
        self.unsafe_fixes += other.unsafe_fixes;
    }
}

/// The summary line, ending in a newline.
pub fn line(reports: &[FileReport], tally: &Tally) -> String {
    counted_line(&Counts::of(reports), tally)
}

/// [`line`] from the run's counts.
pub fn counted_line(counts: &Counts, tally: &Tally) -> String {
    let total = counts.total();
    let files = tally.checked;
    let mut parts = vec![if files == 0 {
        "没有检查任何文件".to_string()
    } else if total == 0 {
        format!("检查了 {files} 个文件，未发现问题")
    } else {
        format!(
            "检查了 {files} 个文件，{} 个文件有问题：错误 {} 处，警告 {} 处，提示 {} 处",
            counts.files_with_findings,
            counts.by_severity[Severity::Error as usize],
            counts.by_severity[Severity::Warning as usize],
            counts.by_severity[Severity::Info as usize],
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
    counted_fix_line(diff, level, fixed, &Counts::of(reports))
}

/// [`fix_line`] from the counts of the findings that remain.
pub fn counted_fix_line(diff: bool, level: FixLevel, fixed: usize, remaining: &Counts) -> String {
    // Only a safe-only run leaves fixes that another level would apply.
    let unsafe_left = match level {
        FixLevel::Safe => remaining.unsafe_fixes,
        FixLevel::Unsafe => 0,
    };
    let remaining = remaining.total();
    let done = if diff {
        format!("可修正 {fixed} 处（--diff 只显示改动，没有写入文件）；修正后剩余 {remaining} 处")
    } else {
        format!("已修正 {fixed} 处；剩余 {remaining} 处")
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
