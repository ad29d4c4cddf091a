//! `zjlint check --timing`: the time each rule took, summed over the run's files (as ESLint's
//! `TIMING=1`), to find the rule that makes a run slow, such as a project's own pattern.
//!
//! Off unless asked for: then a run pays one relaxed atomic load per rule and document.
//!
//! Steps nest: the shared analyses a rule asks for first (the literal scan, the simplified
//! view…) are measured as steps of their own, and their time is not the rule's.

use std::cell::Cell;
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

/// The names under which stages are measured.
pub const PARSING: &str = "（解析）";
pub const LITERAL_SCAN: &str = "（字面量扫描）";
pub const SIMPLIFIED_VIEW: &str = "（简体视图）";
pub const PROSE_VIEW: &str = "（正文视图）";
pub const PARTS_ANALYSIS: &str = "（文稿部分分析）";

thread_local! {
    /// Time spent in steps nested inside the step running on this thread.
    static NESTED: Cell<Duration> = const { Cell::new(Duration::ZERO) };
}

/// Start measuring (for the rest of the process).
pub fn enable() {
    ENABLED.store(true, Ordering::Relaxed);
}

/// Run `step`, adding its time to `key` when measuring.
pub fn measure<R>(key: &str, name: &str, step: impl FnOnce() -> R) -> R {
    if !ENABLED.load(Ordering::Relaxed) {
        return step();
    }
    let outer = NESTED.with(|n| n.replace(Duration::ZERO));
    let start = Instant::now();
    let result = step();
    let elapsed = start.elapsed();
    let time = elapsed.saturating_sub(NESTED.with(Cell::get));
    NESTED.with(|n| n.set(outer + elapsed));
    record(key, name, time);
    result
}

/// Add `time` and one call to `key`.
fn record(key: &str, name: &str, time: Duration) {
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
    let shown = &totals[..limit.min(totals.len())];
    // The first column fits the widest name shown (a stage's name is wider than a code).
    let width = shown
        .iter()
        .map(|t| unicode_width::UnicodeWidthStr::width(t.key.as_str()))
        .max()
        .unwrap_or(0)
        .max(10)
        + 2;
    out.push_str(&format!(
        "  {}      毫秒     占比   次数  名称\n",
        pad("规则", width)
    ));
    for total in shown {
        let share = if all.is_zero() {
            0.0
        } else {
            total.time.as_secs_f64() / all.as_secs_f64() * 100.0
        };
        let key = pad(&total.key, width);
        out.push_str(&format!(
            "  {key}{:>10.1} {:>7.1}% {:>6}  {}\n",
            total.time.as_secs_f64() * 1e3,
            share,
            total.calls,
            total.name
        ));
    }
    out.push_str("  注：括号中的是各规则共用的步骤，不计入规则本身的耗时；规则和步骤第一次用到时的编译也计在其中。\n");
    out
}

/// `text` padded with spaces to `width` terminal columns (a Chinese character takes two).
fn pad(text: &str, width: usize) -> String {
    let used = unicode_width::UnicodeWidthStr::width(text);
    format!("{text}{}", " ".repeat(width.saturating_sub(used)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_summed_by_key_and_reported_slowest_first() {
        // Totals are process-wide and other tests lint meanwhile: only these keys are read.
        let ms = Duration::from_millis;
        record("TA", "甲", ms(2));
        record("TA", "甲", ms(3));
        record("TB", "乙", ms(20));
        record("TC", "丙", ms(4));
        let ours: Vec<(String, u64, Duration)> = totals()
            .into_iter()
            .filter(|t| ["TA", "TB", "TC"].contains(&t.key.as_str()))
            .map(|t| (t.key, t.calls, t.time))
            .collect();
        let expected = [("TB", 1, ms(20)), ("TA", 2, ms(5)), ("TC", 1, ms(4))];
        let expected: Vec<(String, u64, Duration)> = (expected.iter())
            .map(|&(k, c, t)| (k.to_string(), c, t))
            .collect();
        assert_eq!(ours, expected);
        let report = report(usize::MAX);
        let at = |key: &str| report.find(&format!("  {key} ")).expect("listed");
        assert!(at("TB") < at("TA") && at("TA") < at("TC"), "{report}");
        assert!(report.contains("  TA ") && report.contains("5.0") && report.contains("甲"));
        assert!(report.lines().last().is_some_and(|l| l.contains("注：")));
    }

    #[test]
    fn nothing_is_measured_while_off_and_a_nested_step_is_not_its_parents() {
        // The only test that turns measuring on in this process.
        assert_eq!(measure("TD", "丁", || 1), 1);
        assert!(totals().iter().all(|t| t.key != "TD"), "measured while off");
        enable();
        measure("TE", "戊", || {
            measure("TF", "己", || {
                std::thread::sleep(Duration::from_millis(30))
            })
        });
        let time = |key: &str| {
            let found = totals().into_iter().find(|t| t.key == key);
            found.map(|t| (t.calls, t.time)).expect("measured")
        };
        let (inner_calls, inner) = time("TF");
        let (outer_calls, outer) = time("TE");
        assert_eq!((inner_calls, outer_calls), (1, 1));
        assert!(inner >= Duration::from_millis(30), "{inner:?}");
        // The parent keeps only its own time, not the 30 ms of the step inside it.
        assert!(outer < inner, "{outer:?} vs {inner:?}");
    }
}
