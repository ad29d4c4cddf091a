//! `zjlint check --timing`: the time each rule took, summed over the run's files (as ESLint's
//! `TIMING=1`), to find the rule that makes a run slow, such as a project's own pattern.
//!
//! Off unless asked for: then a run pays one relaxed atomic load per rule and document.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

static ENABLED: AtomicBool = AtomicBool::new(false);

/// Per measured step (a rule's code, or a stage such as parsing): its name, time and calls.
static TOTALS: Mutex<Vec<Total>> = Mutex::new(Vec::new());

#[derive(Debug, Clone, PartialEq)]
pub struct Total {
    /// A rule's code, or a stage's name in brackets (`（解析）`).
    pub key: String,
    /// The rule's name; empty for a stage.
    pub name: String,
    pub time: Duration,
    pub calls: u64,
}

/// The name under which parsing is measured.
pub const PARSING: &str = "（解析）";

/// Start measuring (for the rest of the process).
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// Run `step`, adding its time to `key` when measuring.
pub fn measure<R>(key: &str, name: &str, step: impl FnOnce() -> R) -> R {
    if !ENABLED.load(Ordering::Relaxed) {
        return step();
    }
    let start = Instant::now();
    let result = step();
    let time = start.elapsed();
    let mut totals = TOTALS.lock().unwrap_or_else(|e| e.into_inner());
    match totals.iter_mut().find(|t| t.key == key) {
        Some(total) => {
            total.time += time;
            total.calls += 1;
        }
        None => totals.push(Total {
            key: key.to_string(),
            name: name.to_string(),
            time,
            calls: 1,
        }),
    }
    result
}

/// What was measured so far, slowest first.
pub fn totals() -> Vec<Total> {
    let mut totals = TOTALS.lock().unwrap_or_else(|e| e.into_inner()).clone();
    totals.sort_by(|a, b| b.time.cmp(&a.time).then_with(|| a.key.cmp(&b.key)));
    totals
}

/// The table `--timing` prints: the `limit` slowest steps with their share of all measured
/// time. Empty when nothing was measured.
pub fn report(limit: usize) -> String {
    let totals = totals();
    let all: Duration = totals.iter().map(|t| t.time).sum();
    if totals.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "耗时（--timing）：共 {} 项、{:.1} 毫秒，最慢的 {} 项（多线程时为各线程之和）\n",
        totals.len(),
        all.as_secs_f64() * 1e3,
        limit.min(totals.len())
    );
    out.push_str("  规则            毫秒     占比   次数  名称\n");
    for total in totals.iter().take(limit) {
        let share = if all.is_zero() {
            0.0
        } else {
            total.time.as_secs_f64() / all.as_secs_f64() * 100.0
        };
        let key = pad(&total.key, 10);
        out.push_str(&format!(
            "  {key}{:>10.1} {:>7.1}% {:>6}  {}\n",
            total.time.as_secs_f64() * 1e3,
            share,
            total.calls,
            total.name
        ));
    }
    out.push_str(
        "  注：文档共用的分析（字面量扫描、简体视图、段落划分等）计在最先用到它的规则上。\n",
    );
    out
}

/// `text` padded with spaces to `width` terminal columns (a Chinese character takes two).
fn pad(text: &str, width: usize) -> String {
    let used = unicode_width::UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}

/// Drop what was measured (for tests, which share the process).
#[cfg(test)]
fn reset() {
    TOTALS.lock().unwrap_or_else(|e| e.into_inner()).clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_summed_by_key_and_reported_slowest_first() {
        // The only test that enables measuring in this process's library tests: totals of
        // other tests' lints may mix in, so only these keys are looked at.
        reset();
        assert_eq!(measure("T1", "甲", || 1), 1);
        assert!(totals().iter().all(|t| t.key != "T1"), "measured while off");
        enable();
        measure("T1", "甲", || std::thread::sleep(Duration::from_millis(2)));
        measure("T1", "甲", || ());
        measure("T2", "乙", || {
            std::thread::sleep(Duration::from_millis(20))
        });
        let totals: Vec<Total> = totals()
            .into_iter()
            .filter(|t| t.key.starts_with('T'))
            .collect();
        assert_eq!(totals.len(), 2);
        assert_eq!((totals[0].key.as_str(), totals[0].calls), ("T2", 1));
        assert_eq!((totals[1].key.as_str(), totals[1].calls), ("T1", 2));
        assert!(totals[0].time >= Duration::from_millis(20));
        let report = report(50);
        let t2 = report.find("T2").expect("T2 listed");
        let t1 = report.find("T1").expect("T1 listed");
        assert!(t2 < t1, "slowest first:\n{report}");
        assert!(report.contains("注："));
    }
}
