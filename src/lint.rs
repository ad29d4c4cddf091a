//! The one entry point: `lint(source, settings)`. The CLI, the language server and any page call
//! this and only render what it returns.

use crate::analysis::markdown;
use crate::catalogue::{Catalogue, Rule};
use crate::checks::Context;
use crate::diagnostic::{Diagnostic, Severity};
use crate::source::Source;
use std::sync::Arc;

/// A rule as it will run for one file: severity after configuration.
#[derive(Debug, Clone)]
pub struct ActiveRule {
    pub rule: Rule,
    pub severity: Severity,
}

impl ActiveRule {
    /// The rule with its TOML parameters changed by `overlays` (from the configuration, in
    /// order; see [`merge_params`]) and its check rebuilt from them. A bad option gives the
    /// check kind's own error.
    pub fn with_overlays(
        rule: &Rule,
        severity: Severity,
        overlays: &[&toml::Table],
    ) -> Result<ActiveRule, String> {
        if overlays.is_empty() {
            return Ok(ActiveRule {
                rule: rule.clone(),
                severity,
            });
        }
        let mut def = (*rule.def).clone();
        for overlay in overlays {
            merge_params(&mut def.params, overlay);
        }
        let check = crate::checks::build_now(&def.kind, &def.params)?;
        Ok(ActiveRule {
            rule: Rule {
                def: Arc::new(def),
                check,
            },
            severity,
        })
    }
}

/// Merge configuration values into a rule's parameters: a key replaces the parameter of that
/// name, except `extra_<name>` with an array, which is appended to the array parameter
/// `<name>` when the rule has one (`extra_phrases = [...]` adds to `phrases`).
pub fn merge_params(params: &mut toml::Table, overlay: &toml::Table) {
    for (key, value) in overlay {
        if let (Some(base), toml::Value::Array(extra)) = (key.strip_prefix("extra_"), value) {
            if let Some(toml::Value::Array(list)) = params.get_mut(base) {
                list.extend(extra.iter().cloned());
                continue;
            }
        }
        params.insert(key.clone(), value.clone());
    }
}

/// Which rules run, and how severe their findings are.
#[derive(Debug, Clone)]
pub struct Settings {
    pub catalogue: Arc<Catalogue>,
    pub rules: Vec<ActiveRule>,
    /// Findings at or above this severity make `zjlint check` exit with status 1.
    pub fail_on: Severity,
}

impl Settings {
    /// Every rule of the catalogue at its default severity.
    pub fn new(catalogue: Arc<Catalogue>) -> Self {
        let rules = catalogue
            .rules
            .iter()
            .map(|rule| ActiveRule {
                rule: rule.clone(),
                severity: rule.def.severity,
            })
            .collect();
        Settings {
            catalogue,
            rules,
            fail_on: Severity::Warning,
        }
    }

    /// Compile every running rule's check now, on all threads of the current rayon pool,
    /// rather than each when it first runs (when files linted in parallel would wait for one
    /// another's first use of a rule).
    pub fn compile(&self) {
        use rayon::prelude::*;
        self.rules
            .par_iter()
            .for_each(|active| active.rule.check.compile());
    }

    /// The rule `key` (code or name) if it runs under these settings.
    pub fn active(&self, key: &str) -> Option<&ActiveRule> {
        self.rules
            .iter()
            .find(|a| a.rule.def.code.eq_ignore_ascii_case(key) || a.rule.def.name == key)
    }
}

/// Added to the help of a finding on a Word automatic number, which cannot be edited as text.
pub const AUTOMATIC_NUMBER_HELP: &str = "。这是 Word 的自动编号，不能直接改字：请在“编号”→“定义新编号格式”（WPS：“编号”→“自定义编号”）中改写法，或用“设置编号值”改起始数字";

/// Lint one document. Junk rules run first: the lines they cover are skipped by the others.
pub fn lint(source: &Source, settings: &Settings) -> Vec<Diagnostic> {
    lint_with(source, settings, true, PARALLEL_RULES_FROM)
}

/// [`lint`] for the one document someone is waiting on (the language server, after each
/// change): from [`WAITED_PARALLEL_FROM`] bytes it uses every thread of the pool, as a large
/// file does. The findings are the same.
pub fn lint_waited(source: &Source, settings: &Settings) -> Vec<Diagnostic> {
    lint_with(source, settings, true, WAITED_PARALLEL_FROM)
}

/// `lint`, optionally without tidying the findings for people (merging runs of junk lines,
/// dropping findings inside junk): the checks' unit tests look at each check's own findings.
/// Documents of `parallel_from` bytes or more use every thread of the pool.
pub(crate) fn lint_with(
    source: &Source,
    settings: &Settings,
    merge_runs: bool,
    parallel_from: usize,
) -> Vec<Diagnostic> {
    let size = source.text.len();
    let schedule = match size >= parallel_from && rayon::current_num_threads() > 1 {
        false => Schedule::OneAfterAnother,
        true if size < RULES_SIDE_BY_SIDE_BELOW => Schedule::ByRule,
        true => Schedule::ByCategory,
    };
    lint_scheduled(source, settings, merge_runs, schedule)
}

/// [`lint_with`], its rules run as `schedule` says.
fn lint_scheduled(
    source: &Source,
    settings: &Settings,
    merge_runs: bool,
    schedule: Schedule,
) -> Vec<Diagnostic> {
    let masked = masked(source, settings);
    let text = masked
        .as_ref()
        .map_or(source.text.as_str(), |m| m.text.as_str());
    let parallel = schedule != Schedule::OneAfterAnother;
    let parse = || {
        crate::timing::measure(crate::timing::PARSING, "", || {
            crate::parse::parse_with(text, &settings.catalogue.title_nouns)
        })
    };
    // The simplified view and the literal scan need no structure: in parallel, they are made
    // beside the parse. They are made on this thread, which then runs the junk rules, and the
    // parse on the other: each thread's allocator heap reuses only what that thread freed, and
    // the rules reuse what the prescan freed better than what the parse did (two threads on
    // the 50 MB GB18030 file peaked 1.8 MB lower so, on the one-line file 0.9 MB).
    let (doc, scanned) = if parallel {
        let (scanned, doc) = rayon::join(|| crate::checks::prescan(text), parse);
        (doc, Some(scanned))
    } else {
        (parse(), None)
    };
    let mut ctx = context(source, settings, masked.as_ref(), &doc);
    if let Some(scanned) = scanned {
        ctx.set_prescan(scanned);
    }
    let mut suppressions = crate::suppress::Suppressions::parse(&source.text, &settings.catalogue);
    let mut diagnostics = Vec::new();
    let (junk, rest): (Vec<_>, Vec<_>) = settings
        .rules
        .iter()
        .partition(|active| active.rule.def.category == "junk");
    let junk_found = run_rules(&junk, &ctx, schedule, &mut diagnostics);
    append_all(&mut diagnostics, junk_found);
    // A finding the writer suppressed does not make its line junk for the other rules.
    suppressions.apply(&mut diagnostics);
    ctx.mark_junk(&diagnostics);
    let rest_found = run_rules(&rest, &ctx, schedule, &mut diagnostics);
    // The shared analyses (the literal scan, the prose view, ...) are not needed to tidy the
    // findings: freed before the findings of rules run in parallel are gathered and sorted,
    // when a large file's lint peaks.
    drop(ctx);
    append_all(&mut diagnostics, rest_found);
    // Before de-duplication: silencing one rule must not hide another rule's finding.
    suppressions.apply(&mut diagnostics);
    diagnostics.retain(|d| {
        let span = d.span();
        span.end <= source.text.len() && span.start <= span.end
    });
    // The list grew by doubling; it is kept until the file is reported.
    diagnostics.shrink_to_fit();
    if let Some(masked) = &masked {
        fit_to_markup(&mut diagnostics, &source.text, masked);
    }
    sort_by_place(&mut diagnostics);
    // Two rules of one category on the same text say the same thing twice: keep the first.
    diagnostics.dedup_by(|later, earlier| {
        later.span() == earlier.span() && later.category() == earlier.category()
    });
    if merge_runs {
        drop_findings_inside_junk(&mut diagnostics);
    }
    if merge_runs {
        merge_junk_runs(&mut diagnostics, &doc);
    }
    if let crate::source::Origin::Docx(map) = &source.origin {
        for d in diagnostics.iter_mut() {
            if map.on_label(&d.span()).is_some() {
                d.help.push_str(AUTOMATIC_NUMBER_HELP);
            }
        }
    }
    let directives = suppressions.findings(settings);
    if !directives.is_empty() {
        diagnostics.extend(directives);
        sort_by_place(&mut diagnostics);
    }
    diagnostics
}

/// The text the rules read of a Markdown file: its markup blanked out (same length, so every
/// span is still a byte offset into the file). None for any other file, whose rules read it as
/// it is.
pub fn masked(source: &Source, settings: &Settings) -> Option<markdown::Masked> {
    is_markdown(source)
        .then(|| markdown::mask(&source.text, &settings.catalogue.placeholder_followers))
}

/// The context the rules run in on `source`, as [`lint`] sets it up: they read `masked` (see
/// [`masked`]) or else the file's text, whose structure is `doc`; suppressions read the file
/// itself. The junk lines are not marked yet: that is done after the junk rules ran.
pub fn context<'a>(
    source: &'a Source,
    settings: &'a Settings,
    masked: Option<&'a markdown::Masked>,
    doc: &'a crate::model::Document,
) -> Context<'a> {
    let text = masked.map_or(source.text.as_str(), |m| m.text.as_str());
    let mut ctx = Context::new(text, doc);
    ctx.raw = &source.text;
    ctx.running = settings.rules.iter().map(|a| a.rule.def.clone()).collect();
    ctx.notes_headings = &settings.catalogue.notes_headings;
    ctx.title_nouns = &settings.catalogue.title_nouns;
    if let Some(masked) = masked {
        ctx.markup = masked.ranges.clone();
    }
    ctx.file_name = source.name.clone();
    if let crate::source::Origin::Docx(map) = &source.origin {
        ctx.automatic = map.label_spans();
    }
    ctx
}

/// Documents of at least this many bytes have their rules run in parallel (when the pool has
/// more than one thread). A smaller one lints in well under a tenth of a second, and a run of
/// many files already keeps every thread busy with whole files; a file of megabytes is often
/// a run on its own (a site's whole archive in one page), which one thread would lint alone.
pub const PARALLEL_RULES_FROM: usize = 1 << 20;

/// [`lint_waited`]'s threshold: for a document someone waits on, splitting the work pays
/// from a few pages (a 50 KB report lints in about ten milliseconds on one thread).
pub const WAITED_PARALLEL_FROM: usize = 16 << 10;

/// How [`run_rules`] runs the rules.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Schedule {
    /// On the calling thread.
    OneAfterAnother,
    /// A category at a time on each thread of the pool.
    ByCategory,
    /// As `ByCategory`, but the rules of a category where none reads another's findings each
    /// on their own.
    ByRule,
}

/// How many of a large document's tasks ([`Schedule::ByCategory`]) run at once, whatever the
/// number of threads: each holds its rules' findings and their searches' caches until it ends,
/// and on the 50 MB file (50,000,000 bytes) all at once peaked at up to 147 MiB on four threads
/// and 151 MiB on eight, two at once at 133–140 MiB on any number (the goal is twice the file
/// and 50 MB: 143 MiB, 146,484 KiB).
const LARGE_TASKS_AT_ONCE: usize = 2;

/// Documents under this many bytes run in parallel by rule (see [`Schedule::ByRule`]): the
/// junk rules then run side by side too, and a 50 KB document lints a fifth faster on two
/// threads. A larger one runs by category: each junk rule holds a score for every piece of
/// every line (13 MB on a 50 MB file), and two at once would pass the memory goal.
const RULES_SIDE_BY_SIDE_BELOW: usize = PARALLEL_RULES_FROM;

/// Run `rules` on `ctx` as `schedule` says, with the same result whichever it is. One after
/// another, the findings are added to `out`; in parallel, they are returned, a list per rule
/// in the rules' order, for [`append_all`] to add once the shared analyses are freed.
///
/// Rules are not all independent: a rule leaves text that an earlier rule of its category
/// reported (see `matching::Filter`), reading the findings in `out`. So the rules of a
/// category where one does run in order, seeing that category's findings.
fn run_rules(
    rules: &[&ActiveRule],
    ctx: &Context,
    schedule: Schedule,
    out: &mut Vec<Diagnostic>,
) -> Vec<Vec<Diagnostic>> {
    if schedule == Schedule::OneAfterAnother {
        for active in rules {
            run_rule(active, ctx, out);
        }
        return Vec::new();
    }
    let earlier: &[Diagnostic] = out;
    let run_task = |members: &Vec<usize>| {
        // What rules that read them would see in `out`: their category's earlier findings.
        let reads = (members.iter()).any(|&i| rules[i].rule.check.reads_earlier_findings());
        let category = rules[members[0]].rule.def.category.as_str();
        let mut seen: Vec<Diagnostic> = match reads {
            true => (earlier.iter())
                .filter(|d| d.category() == category)
                .cloned()
                .collect(),
            false => Vec::new(),
        };
        let mut starts = Vec::with_capacity(members.len());
        for &index in members {
            starts.push(seen.len());
            run_rule(rules[index], ctx, &mut seen);
        }
        let mut by_rule = Vec::with_capacity(members.len());
        for (&index, &start) in members.iter().zip(&starts).rev() {
            // The findings moved out: give back their room, which would otherwise hold a
            // large file's findings a second time until the merge. (`split_off(0)` would
            // take a new list of the old one's room.)
            let findings = match start {
                0 => std::mem::take(&mut seen),
                _ => seen.split_off(start),
            };
            seen.shrink_to_fit();
            by_rule.push((index, findings));
        }
        by_rule
    };
    let tasks = tasks(rules, schedule == Schedule::ByRule);
    let at_once = match schedule {
        Schedule::ByCategory => LARGE_TASKS_AT_ONCE,
        _ => rayon::current_num_threads(),
    };
    let found = each_at_most(&tasks, at_once, run_task);
    let mut by_rule: Vec<Vec<Diagnostic>> = vec![Vec::new(); rules.len()];
    for (index, findings) in found {
        by_rule[index] = findings;
    }
    by_rule
}

/// `task`'s results for every one of `tasks`, run on the current pool with at most `at_once`
/// at the same time (at least one), however many threads the pool has: workers take the next
/// task until none is left. The results come in no particular order.
fn each_at_most<T: Sync, R: Send>(
    tasks: &[T],
    at_once: usize,
    task: impl Fn(&T) -> Vec<R> + Sync,
) -> Vec<R> {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let next = AtomicUsize::new(0);
    let workers = at_once.clamp(1, tasks.len().max(1));
    (0..workers)
        .into_par_iter()
        .flat_map_iter(|_| {
            let mut done = Vec::new();
            while let Some(one) = tasks.get(next.fetch_add(1, Ordering::Relaxed)) {
                done.extend(task(one));
            }
            done
        })
        .collect()
}

/// What [`run_rules`] runs side by side: the indices of rules to run one after another. A
/// category is one list, in order; `by_rule`, a rule of a category where none reads earlier
/// findings is a list of its own.
fn tasks(rules: &[&ActiveRule], by_rule: bool) -> Vec<Vec<usize>> {
    // The rules' indices, by category in order of first appearance.
    let mut categories: Vec<(&str, Vec<usize>)> = Vec::new();
    for (index, active) in rules.iter().enumerate() {
        let category = active.rule.def.category.as_str();
        match categories.iter_mut().find(|(c, _)| *c == category) {
            Some((_, members)) => members.push(index),
            None => categories.push((category, vec![index])),
        }
    }
    let mut tasks = Vec::new();
    for (_, members) in categories {
        if !by_rule
            || (members.iter()).any(|&index| rules[index].rule.check.reads_earlier_findings())
        {
            tasks.push(members);
        } else {
            tasks.extend(members.into_iter().map(|index| vec![index]));
        }
    }
    tasks
}

/// Add the rules' findings from [`run_rules`] to `out`, in order: room for all of them first,
/// and each rule's list freed once moved.
fn append_all(out: &mut Vec<Diagnostic>, by_rule: Vec<Vec<Diagnostic>>) {
    out.reserve_exact(by_rule.iter().map(Vec::len).sum());
    for mut findings in by_rule {
        out.append(&mut findings);
    }
}

/// Is the source a Markdown file (by the extension of its path, or of its name for stdin)?
fn is_markdown(source: &Source) -> bool {
    match &source.path {
        Some(path) => markdown::is_markdown_name(&path.to_string_lossy()),
        None => markdown::is_markdown_name(&source.name),
    }
}

/// Findings made on the masked text of a Markdown file, made fit for the file itself: a
/// finding wholly inside markup is dropped, and so is a placeholder finding that touches it
/// (the brackets around `` `代码` `` are not empty); a span that ends inside a masked character
/// grows to the character's bounds, and a fix that would edit markup is withdrawn.
fn fit_to_markup(diagnostics: &mut Vec<Diagnostic>, text: &str, masked: &markdown::Masked) {
    let inside_markup = |d: &Diagnostic| {
        let span = d.span();
        let at = masked.ranges.partition_point(|r| r.end <= span.start);
        masked
            .ranges
            .get(at)
            .is_some_and(|r| r.start <= span.start && span.end <= r.end)
    };
    diagnostics.retain(|d| {
        let placeholder_on_markup = d.category() == "placeholder" && masked.touches(&d.span());
        !(inside_markup(d) || placeholder_on_markup)
    });
    for d in diagnostics.iter_mut() {
        let mut span = d.span();
        while !text.is_char_boundary(span.start) {
            span.start -= 1;
        }
        while !text.is_char_boundary(span.end) {
            span.end += 1;
        }
        d.set_span(span);
        let edits_markup = d
            .fix
            .as_ref()
            .is_some_and(|f| f.edits.iter().any(|e| masked.touches(&e.span)));
        if edits_markup {
            d.fix = None;
        }
    }
}

/// Text that a junk finding covers is to be deleted: another rule's finding inside it (a
/// template note inside a site's injected notice) would only repeat the point.
fn drop_findings_inside_junk(diagnostics: &mut Vec<Diagnostic>) {
    // `diagnostics` is sorted by start; junk spans with the running furthest end.
    let mut junk: Vec<(usize, usize)> = Vec::new();
    let mut furthest = 0;
    for d in diagnostics.iter().filter(|d| d.category() == "junk") {
        let span = d.span();
        furthest = furthest.max(span.end);
        junk.push((span.start, furthest));
    }
    if junk.is_empty() {
        return;
    }
    diagnostics.retain(|d| {
        if d.category() == "junk" || d.category() == "suppression" {
            return true;
        }
        let span = d.span();
        let before = junk.partition_point(|&(start, _)| start <= span.start);
        !(before > 0 && junk[before - 1].1 >= span.end)
    });
}

/// A block of page furniture (a breadcrumb of six short lines, a run of download notices) is one
/// thing to delete: whole-line junk findings of one rule on consecutive lines (blank lines
/// between allowed) become one finding over the block, whose fix deletes the block.
fn merge_junk_runs(diagnostics: &mut Vec<Diagnostic>, doc: &crate::model::Document) {
    let whole_line = |d: &Diagnostic| -> Option<usize> {
        if d.category() != "junk" {
            return None;
        }
        let span = d.span();
        let line = doc
            .lines
            .partition_point(|l| l.span().start <= span.start)
            .checked_sub(1)?;
        let content = &doc.lines.get(line)?.content();
        (span.start <= content.start && span.end >= content.end).then_some(line)
    };
    // In place: a second list of every finding would double the peak on a large file.
    // For the last kept finding: the last line it covers and how many lines it holds.
    let mut last: Option<(usize, usize)> = diagnostics.first().and_then(whole_line).map(|l| (l, 1));
    diagnostics.dedup_by(|d, previous| {
        let line = whole_line(d);
        if let (Some(line), Some((last_line, count))) = (line, last) {
            let between_blank = doc
                .lines
                .get(last_line + 1..line)
                .is_some_and(|lines| lines.iter().all(|l| l.is_blank()));
            if previous.code() == d.code() && line > last_line && between_blank {
                let span = previous.span();
                previous.set_span(span.start..span.end.max(d.span().end));
                previous.fix = merged_deletion(previous.fix.take(), d.fix.take());
                last = Some((line, count + 1));
                return true;
            }
        }
        if let Some((_, count)) = last {
            if count > 1 {
                previous.message.push_str(&format!("（连续 {count} 行）"));
            }
        }
        last = line.map(|l| (l, 1));
        false
    });
    if let (Some((_, count)), Some(previous)) = (last, diagnostics.last_mut()) {
        if count > 1 {
            previous.message.push_str(&format!("（连续 {count} 行）"));
        }
    }
}

/// One deletion over two deletions of whole lines, the blank lines between them included; none
/// unless both lines had one.
fn merged_deletion(
    first: Option<Box<crate::diagnostic::Fix>>,
    second: Option<Box<crate::diagnostic::Fix>>,
) -> Option<Box<crate::diagnostic::Fix>> {
    let (mut first, second) = (first?, second?);
    let deletion = |f: &crate::diagnostic::Fix| match f.edits.as_slice() {
        [edit] if edit.replacement.is_empty() => Some(edit.span.clone()),
        _ => None,
    };
    let (a, b) = (deletion(&first)?, deletion(&second)?);
    first.edits[0].span = a.start.min(b.start)..a.end.max(b.end);
    if !first.title.ends_with("等连续几行") {
        first.title.push_str("等连续几行");
    }
    Some(first)
}

fn run_rule(active: &ActiveRule, ctx: &Context, out: &mut Vec<Diagnostic>) {
    make_room(out);
    let start = out.len();
    let def = &active.rule.def;
    crate::timing::measure(&def.code, &def.name, || {
        active.rule.check.run(def, ctx, out)
    });
    for diagnostic in &mut out[start..] {
        diagnostic.set_severity(active.severity);
    }
}

/// Sort findings by span, then code, keeping the order of equal ones. A stable sort of the
/// findings themselves takes room for half of them (11 MB on a 50 MB file, at its lint's
/// peak); their indices are sorted instead, and the findings moved into place.
fn sort_by_place(diagnostics: &mut [Diagnostic]) {
    let mut order: Vec<usize> = (0..diagnostics.len()).collect();
    order.sort_unstable_by(|&a, &b| {
        let (a_at, b_at) = (&diagnostics[a], &diagnostics[b]);
        let (a_span, b_span) = (a_at.span(), b_at.span());
        (a_span.start, a_span.end, &a_at.code(), a).cmp(&(
            b_span.start,
            b_span.end,
            &b_at.code(),
            b,
        ))
    });
    // Place `order[i]` at i, a cycle of the permutation at a time; a placed index points at
    // itself.
    for i in 0..order.len() {
        let mut at = i;
        loop {
            let from = order[at];
            order[at] = at;
            if from == i {
                break;
            }
            diagnostics.swap(at, from);
            at = from;
        }
    }
}

/// Room for a quarter more findings when less than an eighth is left: a list that grows only
/// by doubling held up to twice its findings (38 MB for 21 MB of them on a 50 MB file). A
/// large list is a mapping of its own, which grows without being copied.
fn make_room(out: &mut Vec<Diagnostic>) {
    if out.capacity() - out.len() < out.len() / 8 {
        out.reserve_exact(out.len() / 4);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::Catalogue;
    use crate::model::Span;

    proptest::proptest! {
        #[test]
        fn findings_sort_as_a_stable_sort_by_span_and_code_would(
            places in proptest::collection::vec((0usize..6, 0usize..3, 0u8..3), 0..40)
        ) {
            // Each finding's message is its place in the list: equal keys must keep it.
            let findings: Vec<Diagnostic> = (places.iter().enumerate())
                .map(|(k, &(start, len, code))| Diagnostic::new(
                    crate::diagnostic::RuleTag::new(&format!("ZJ{code}"), "test", "test", Severity::Warning),
                    k.to_string().into(),
                    "".into(),
                    start..start + len,
                ))
                .collect();
            let shown = |list: &[Diagnostic]| -> Vec<(Span, String, String)> {
                (list.iter())
                    .map(|d| (d.span(), d.code().to_string(), d.message.to_string()))
                    .collect()
            };
            let mut stable = findings.clone();
            stable.sort_by(|a, b| {
                (a.span().start, a.span().end, &a.code()).cmp(&(b.span().start, b.span().end, &b.code()))
            });
            let mut placed = findings;
            sort_by_place(&mut placed);
            proptest::prop_assert_eq!(shown(&placed), shown(&stable));
        }
    }

    /// (code, matched text) of the junk and placeholder findings on `text` named `name`.
    fn junk_and_placeholders(name: &str, text: &str) -> Vec<(String, String)> {
        let settings = Settings::new(Arc::new(Catalogue::builtin().expect("built-in rules")));
        lint(&Source::new(name, text), &settings)
            .into_iter()
            .filter(|d| d.category() == "junk" || d.category() == "placeholder")
            .map(|d| (d.code().to_string(), text[d.span()].to_string()))
            .collect()
    }

    /// A draft with findings of every category. A line in traditional characters: the
    /// simplified view is made beside the parse.
    const DRAFT: &str =
        "某县教育局20xx年工作总结\n当前位置：首页 > 工作总结\n點擊下載本文\n一、总体情况\n\
         全年投入达到亿元，完成了了任务,效果明显。\n三、存在问题\n1、甲\n2.乙\n";

    #[test]
    fn rules_that_say_they_read_no_earlier_findings_do_not() {
        let settings = Settings::new(Arc::new(Catalogue::builtin().expect("built-in rules")));
        let text = DRAFT.repeat(3);
        let source = Source::new("总结.txt", &text);
        let doc = crate::parse::parse_with(&text, &settings.catalogue.title_nouns);
        let ctx = context(&source, &settings, None, &doc);
        let spans = |d: &[Diagnostic]| -> Vec<Span> { d.iter().map(|d| d.span()).collect() };
        let mut finding = 0;
        for active in &settings.rules {
            let (check, rule) = (&active.rule.check, &active.rule.def);
            if check.reads_earlier_findings() {
                continue;
            }
            let mut alone = Vec::new();
            check.run(rule, &ctx, &mut alone);
            // An earlier finding of its category over all the text: a rule that read it would
            // leave everything.
            let mut after = vec![ctx.diagnostic(rule, 0..text.len(), &[])];
            check.run(rule, &ctx, &mut after);
            assert_eq!(spans(&after[1..]), spans(&alone), "{}", rule.code);
            finding += usize::from(!alone.is_empty());
        }
        assert!(finding >= 5, "{finding} rules found something");
    }

    #[test]
    fn a_waited_document_has_the_findings_of_any_other() {
        let settings = Settings::new(Arc::new(Catalogue::builtin().expect("built-in rules")));
        let text = DRAFT.repeat(WAITED_PARALLEL_FROM / DRAFT.len() + 2);
        assert!(text.len() >= WAITED_PARALLEL_FROM);
        let source = Source::new("总结.txt", &text);
        let findings = |d: Vec<Diagnostic>| -> Vec<(String, Span)> {
            d.into_iter()
                .map(|d| (d.code().to_string(), d.span()))
                .collect()
        };
        let one_by_one = findings(lint(&source, &settings));
        assert!(one_by_one.len() > 10, "{one_by_one:?}");
        // Two threads whatever the machine has: on one, the waited path would be the same
        // code as the other and the comparison could not fail.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(2)
            .build()
            .expect("a pool of two threads");
        let waited = pool.install(|| {
            assert!(rayon::current_num_threads() > 1);
            lint_waited(&source, &settings)
        });
        assert_eq!(findings(waited), one_by_one);
        // As a large file's rules run: a category at a time.
        let by_category =
            pool.install(|| lint_scheduled(&source, &settings, true, Schedule::ByCategory));
        assert_eq!(findings(by_category), one_by_one);
    }

    #[test]
    fn at_most_so_many_tasks_run_at_once_and_each_runs_once() {
        use std::sync::atomic::{AtomicUsize, Ordering};
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(8)
            .build()
            .expect("a pool of eight threads");
        let tasks: Vec<usize> = (0..40).collect();
        for at_once in [1, 2, 3] {
            let (running, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
            let mut done = pool.install(|| {
                each_at_most(&tasks, at_once, |&task| {
                    let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    // Long enough for the pool's other threads to take tasks, were they let.
                    std::thread::sleep(std::time::Duration::from_millis(2));
                    running.fetch_sub(1, Ordering::SeqCst);
                    vec![task, task + 100]
                })
            });
            done.sort_unstable();
            let expected: Vec<usize> = (0..40).chain(100..140).collect();
            assert_eq!(done, expected, "at most {at_once}");
            assert!(most.load(Ordering::SeqCst) <= at_once, "at most {at_once}");
        }
        // With more than one allowed, they do run side by side.
        let (running, most) = (AtomicUsize::new(0), AtomicUsize::new(0));
        pool.install(|| {
            each_at_most(&tasks, 8, |_| {
                let now = running.fetch_add(1, Ordering::SeqCst) + 1;
                most.fetch_max(now, Ordering::SeqCst);
                std::thread::sleep(std::time::Duration::from_millis(2));
                running.fetch_sub(1, Ordering::SeqCst);
                Vec::<()>::new()
            })
        });
        assert!(most.load(Ordering::SeqCst) > 1);
        assert!(each_at_most(&[] as &[usize], 2, |&t| vec![t]).is_empty());
    }

    #[test]
    fn rules_that_read_earlier_findings_keep_their_category_in_order() {
        let settings = Settings::new(Arc::new(Catalogue::builtin().expect("built-in rules")));
        let rules: Vec<&ActiveRule> = settings.rules.iter().collect();
        let category = |index: usize| rules[index].rule.def.category.as_str();
        let count = |name: &str| (0..rules.len()).filter(|&i| category(i) == name).count();
        for by_rule in [false, true] {
            let tasks = tasks(&rules, by_rule);
            // Every rule once, each list in the rules' order and of one category.
            let mut all: Vec<usize> = tasks.iter().flatten().copied().collect();
            all.sort_unstable();
            assert_eq!(all, (0..rules.len()).collect::<Vec<_>>());
            for task in &tasks {
                assert!(task.windows(2).all(|w| w[0] < w[1]), "{task:?}");
                assert!(task.iter().all(|&i| category(i) == category(task[0])));
            }
            let of = |name: &str| -> Vec<&Vec<usize>> {
                tasks.iter().filter(|t| category(t[0]) == name).collect()
            };
            // Wording's rules leave what an earlier one reported: one list, all of them.
            assert_eq!(of("wording").len(), 1);
            assert_eq!(of("wording")[0].len(), count("wording"));
            // No junk rule reads another's findings: by rule, each runs on its own.
            assert!(count("junk") > 1);
            let junk_lists = if by_rule { count("junk") } else { 1 };
            assert_eq!(of("junk").len(), junk_lists, "by rule: {by_rule}");
        }
    }

    #[test]
    fn a_lone_carriage_return_ends_lines_for_every_rule() {
        let settings = Settings::new(Arc::new(Catalogue::builtin().expect("built-in rules")));
        let text =
            "某县教育局20xx年工作总结\n当前位置：首页 > 工作总结\n年是关键一年，全面推进各项工作\n\
                    一、总体情况\n全年投入达到亿元。\n三、存在问题\n1、甲\n2.乙\n**\n";
        let found = |text: &str| -> Vec<(String, usize)> {
            lint(&Source::new("t.txt", text), &settings)
                .into_iter()
                .map(|d| (d.code().to_string(), d.span().start))
                .collect()
        };
        let with_lf = found(text);
        for code in ["ZJ101", "ZJ302", "ZJ306", "ZJ312", "ZJ401"] {
            assert!(
                with_lf.iter().any(|(c, _)| c == code),
                "{code}: {with_lf:?}"
            );
        }
        // The same document with `\r` alone, or `\r\n`, between its lines: the same findings
        // (offsets shift by one per line with `\r\n`).
        assert_eq!(found(&text.replace('\n', "\r")), with_lf);
        let crlf = text.replace('\n', "\r\n");
        let line_of = |offset: usize| text[..offset].matches('\n').count();
        let shifted: Vec<_> = with_lf
            .iter()
            .map(|(c, at)| (c.clone(), at + line_of(*at)))
            .collect();
        assert_eq!(found(&crlf), shifted);
    }

    #[test]
    fn markdown_markup_is_not_text() {
        let text = "# 某县教育局2024年工作总结\n\n\
            ## 一、主要工作\n\n\
            今年**九**月完成了任务，投入**3**亿元。&nbsp;全年投入&emsp;资金。\n\n\
            > 引用的文件已经下发。\n\n\
            ```text\n20xx年 XX市 TODO 待补充\n```\n\n\
            行内代码 `xx所学校` 和 `20XX年` 不是占位符。\n\n\
            链接见[官网](https://example.com/xx/20XX年/index.html?a=1&b=2)，或 <https://www.xx.com/doc.docx>。\n\n\
            <!-- 此处加盖公章 TODO -->\n\n\
            ![图片](http://x.com/xx.png \"20xx年\")\n\n\
            ## 二、存在问题\n\n\
            *（一）* 加强学习。测试 \\*\\* 转义，引用（`附件1`）和“`xx`”。\n\n\
            | 项目 | 数量 |\n|---|---|\n| `甲` | 3 |\n";
        let md = junk_and_placeholders("总结.md", text);
        assert!(
            md.iter().all(|(code, _)| code == "ZJ305"),
            "markup reported as text: {md:#?}"
        );
        // The same bytes as plain text: all of it is text, and much of it is reported.
        let txt = junk_and_placeholders("总结.txt", text);
        for code in ["ZJ301", "ZJ302", "ZJ309", "ZJ407", "ZJ413"] {
            assert!(txt.iter().any(|(c, _)| c == code), "{code}: {txt:#?}");
        }
        // A placeholder in the words of a Markdown file is still found, at its place.
        let text = "# 总结\n\n今年**九**月，20xx年完成。\n";
        assert_eq!(
            junk_and_placeholders("a.md", text),
            [("ZJ302".to_string(), "20xx年".to_string())]
        );
    }

    #[test]
    fn star_placeholders_before_units_are_not_bold_in_markdown() {
        // `**万元` … `**名` once paired up as bold: the stars were masked, and the placeholder
        // findings touching them dropped. A `*` run followed by a unit is a placeholder.
        let settings = Settings::new(Arc::new(Catalogue::builtin().expect("built-in rules")));
        let text = "# 总结\n\n全年共投入**万元，新建校舍***平方米，惠及**名学生。\n其中**重点**工程3个。\n";
        let source = Source::new("a.md", text);
        let file = crate::source::SourceFile::new("a.md", text);
        let found: Vec<_> = lint(&source, &settings)
            .into_iter()
            .filter(|d| d.category() == "placeholder")
            .map(|d| {
                let (start, end) = file.range(&d.span());
                (d.code().to_string(), start.line, start.column, end.column)
            })
            .collect();
        let expected = [(3, 6, 10), (3, 15, 21), (3, 24, 27)]
            .map(|(line, start, end)| ("ZJ303".to_string(), line, start, end));
        assert_eq!(found, expected);
    }

    #[test]
    fn findings_in_markdown_fit_the_file() {
        use crate::diagnostic::{Applicability, Edit, Fix};
        let text = "甲`代码`乙";
        let masked = markdown::mask(text, "");
        let finding = |span: Span, edit: Span| {
            let tag = crate::diagnostic::RuleTag::new("ZJ999", "test", "junk", Severity::Warning);
            let mut d = Diagnostic::new(tag, "".into(), "".into(), span);
            d.fix = Some(Box::new(Fix {
                title: Default::default(),
                edits: crate::diagnostic::Edits::One(Edit {
                    span: edit,
                    replacement: crate::diagnostic::SharedText::empty(),
                }),
                applicability: Applicability::Safe,
            }));
            d
        };
        let code = text.find('`').unwrap();
        let mut diagnostics = vec![
            // Wholly inside the code span: dropped.
            finding(code + 2..code + 5, 0..0),
            // From the first character into the middle of `代`: grows to its end, and its
            // fix, which edits markup, is withdrawn.
            finding(0..code + 2, code..code + 1),
            // Untouched by markup: kept as it is, fix and all.
            finding(0..3, 0..3),
        ];
        fit_to_markup(&mut diagnostics, text, &masked);
        assert_eq!(diagnostics.len(), 2);
        assert_eq!(diagnostics[0].span(), 0..code + 4);
        assert!(diagnostics[0].fix.is_none());
        assert_eq!(diagnostics[1].span(), 0..3);
        assert!(diagnostics[1].fix.is_some());
    }

    #[test]
    fn a_block_of_page_furniture_is_one_finding() {
        let text = "某县教育局2024年工作总结\n\n当前位置：\n首页\n>\n政务信息\n\n一、主要工作\n全年完成各项任务。\n";
        let settings = Settings::new(Arc::new(Catalogue::builtin().expect("built-in rules")));
        let source = Source::new("t.txt", text);
        let junk: Vec<_> = lint(&source, &settings)
            .into_iter()
            .filter(|d| d.category() == "junk")
            .collect();
        assert_eq!(junk.len(), 1, "{junk:#?}");
        assert_eq!(&text[junk[0].span()], "当前位置：\n首页\n>\n政务信息");
        assert!(
            junk[0].message.ends_with("（连续 4 行）"),
            "{}",
            junk[0].message
        );
        // The checks themselves still report each line.
        assert_eq!(
            lint_with(&source, &settings, false, PARALLEL_RULES_FROM)
                .iter()
                .filter(|d| d.category() == "junk")
                .count(),
            4
        );
    }
}
