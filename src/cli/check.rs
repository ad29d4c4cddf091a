//! `zjlint check`: lint files, directories and stdin, in parallel, and report.

use super::fix::{fix_input, FileFix, FixOptions, Mode};
use super::{use_color, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::diagnostic::Severity;
use crate::fix::FixLevel;
use crate::io::{write_stderr, FileId};
use crate::lint::{lint, Settings};
use crate::render::summary::{self, failures, Tally, DOCUMENT_KINDS};
use crate::render::{self, FileReport, Format};
use crate::source::{is_word_name, InputError, ReadOptions, Source};
use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// 要检查的文件或目录；- 表示标准输入。默认为当前目录
    pub paths: Vec<PathBuf>,
    /// 输出格式
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// 不使用颜色（环境变量 NO_COLOR 非空时同样不用）
    #[arg(long)]
    pub no_color: bool,
    /// 把报告写入此文件而不是标准输出；普通文件先写临时文件再改名替换，设备和管道直接写入，
    /// 符号链接写入它指向的文件。不能是被检查的文件。退出码照常反映检查结果
    #[arg(long, value_name = "PATH")]
    pub output_file: Option<PathBuf>,
    /// 读取标准输入（-）时，在报告中（以及查找配置时）使用的文件名
    // An empty name would leave reports and errors naming no file.
    #[arg(long, value_name = "NAME", value_parser = clap::builder::NonEmptyStringValueParser::new())]
    pub stdin_filename: Option<String>,
    #[command(flatten)]
    pub config: super::ConfigArgs,
    /// 文本文件的编码（如 gbk、gb18030、big5、utf-16le、utf-8）；默认按字节顺序标记（BOM）和内容自动识别
    #[arg(long, value_name = "NAME", value_parser = parse_encoding)]
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// 应用安全的修正并改写文件（保持原来的编码、字节顺序标记和换行符；只替换普通文件）；标准输入的修正结果写到标准输出。报告只列出修正后剩余的问题
    #[arg(long)]
    pub fix: bool,
    /// 连同不安全的修正（替换词语、重新编号等需要人看一眼的）一起应用；单独使用时等于 --fix --unsafe-fixes，与 --diff 一起时只显示
    #[arg(long)]
    pub unsafe_fixes: bool,
    /// 只显示修正会做的改动（统一差异格式，逐字标出改动之处），不写入任何文件；有可修正之处时以状态 1 退出
    #[arg(long, conflicts_with_all = ["fix", "format"])]
    pub diff: bool,
    /// 同时检查的线程数；默认为全部 CPU 核心数，1 表示只用一个线程
    #[arg(long, value_name = "N", value_parser = thread_count)]
    pub threads: Option<u16>,
    /// 检查结束后在标准错误输出中列出最耗时的规则（各规则用时之和），用来找出拖慢检查的规则
    #[arg(long)]
    pub timing: bool,
}

/// How many of the slowest rules `--timing` lists.
const TIMING_ROWS: usize = 25;

/// `--threads`: a whole number from 1 to 65535.
fn thread_count(value: &str) -> Result<u16, String> {
    value
        .parse::<u16>()
        .ok()
        .filter(|&n| n >= 1)
        .ok_or_else(|| "应为 1 到 65535 之间的整数".to_string())
}

impl CheckArgs {
    /// What to do with fixes, if anything: `--unsafe-fixes` alone fixes.
    fn fixing(&self, color: bool) -> Option<FixOptions> {
        let mode = if self.diff {
            Mode::Diff
        } else if self.fix || self.unsafe_fixes {
            Mode::Fix
        } else {
            return None;
        };
        let level = if self.unsafe_fixes {
            FixLevel::Unsafe
        } else {
            FixLevel::Safe
        };
        Some(FixOptions { mode, level, color })
    }
}

/// An encoding named on the command line, by any of its WHATWG labels.
pub fn parse_encoding(name: &str) -> Result<&'static encoding_rs::Encoding, String> {
    crate::source::encoding_named(name).ok_or_else(|| {
        format!("不认识的编码 {name}；可用如 utf-8、gbk、gb18030、big5、utf-16le、utf-16be")
    })
}

/// A file to lint: a path, or stdin.
enum Input {
    File(PathBuf),
    Stdin,
}

/// The inputs named on the command line, directories expanded, each file once.
#[derive(Default)]
struct Inputs {
    inputs: Vec<Input>,
    /// Paths that cannot be checked (missing, a directory that cannot be walked), with the
    /// cause, named in Chinese.
    errors: Vec<String>,
    /// What is already in `inputs`: a file named twice, or also found in a directory given,
    /// is checked once.
    seen: HashSet<Seen>,
}

#[derive(PartialEq, Eq, Hash)]
enum Seen {
    File(FileId),
    Path(PathBuf),
    Stdin,
}

impl Inputs {
    fn add_file(&mut self, path: PathBuf) {
        let key = FileId::of(&path).map_or_else(|| Seen::Path(path.clone()), Seen::File);
        if self.seen.insert(key) {
            self.inputs.push(Input::File(path));
        }
    }

    fn add_stdin(&mut self) {
        if self.seen.insert(Seen::Stdin) {
            self.inputs.push(Input::Stdin);
        }
    }
}

pub fn run(args: CheckArgs) -> i32 {
    // A pool of our own: `--threads` bounds every parallel step (compiling rules, linting files).
    let mut pool = rayon::ThreadPoolBuilder::new();
    if let Some(threads) = args.threads {
        pool = pool.num_threads(usize::from(threads));
    }
    let timing = args.timing;
    if timing {
        crate::timing::enable();
    }
    match pool.build() {
        Ok(pool) => {
            let code = pool.install(|| run_in_pool(args));
            if timing {
                write_stderr(&crate::timing::report(TIMING_ROWS));
            }
            code
        }
        Err(e) => {
            write_stderr(&format!("错误：无法启动检查线程：{e}\n"));
            EXIT_ERROR
        }
    }
}

fn run_in_pool(args: CheckArgs) -> i32 {
    let error_color = use_color(args.no_color, std::io::stderr().is_terminal());
    let resolver = match args.config.resolver() {
        Ok(r) => r,
        Err(e) => {
            write_stderr(&e.render(error_color));
            return EXIT_ERROR;
        }
    };
    let paths = if args.paths.is_empty() && args.stdin_filename.is_some() {
        vec![PathBuf::from("-")]
    } else {
        args.paths.clone()
    };
    let Inputs {
        mut inputs, errors, ..
    } = collect_inputs(&paths);
    if let Some(output) = &args.output_file {
        if let Some(input) = output_named_as_input(output, &paths) {
            write_stderr(&format!(
                "错误：{}: 报告文件就是被检查的文件 {}，写入报告会覆盖它；请换一个 --output-file\n",
                output.display(),
                input.display()
            ));
            return EXIT_ERROR;
        }
        // A report left by an earlier run, found again in a directory given, is not a document.
        if let Some(found) = take_output_from_inputs(output, &mut inputs) {
            write_stderr(&format!(
                "提示：{}: 这是报告文件（--output-file），没有检查\n",
                found.display()
            ));
        }
    }
    // Every input's configuration is read and checked before anything is linted.
    let mut settings: Vec<Arc<Settings>> = Vec::new();
    let mut config_errors: Vec<String> = Vec::new();
    for input in &inputs {
        let path = match input {
            Input::File(p) => Some(p.as_path()),
            Input::Stdin => args.stdin_filename.as_deref().map(Path::new),
        };
        match resolver.settings_for(path) {
            Ok(s) => settings.push(s),
            Err(e) => {
                let text = e.render(error_color);
                if !config_errors.contains(&text) {
                    config_errors.push(text);
                }
            }
        }
    }
    if !config_errors.is_empty() {
        write_stderr(&config_errors.concat());
        return EXIT_ERROR;
    }
    // Each distinct settings' rules compiled once, on every thread, before files share them.
    let mut compiled: Vec<&Arc<Settings>> = Vec::new();
    for s in &settings {
        if !compiled.iter().any(|c| Arc::ptr_eq(c, s)) {
            s.compile();
            compiled.push(s);
        }
    }
    let options = ReadOptions {
        encoding: args.encoding,
    };
    let fixing = args.fixing(use_color(
        args.no_color,
        args.output_file.is_none() && std::io::stdout().is_terminal(),
    ));
    let color = args.format == Format::Human
        && args.output_file.is_none()
        && use_color(args.no_color, std::io::stdout().is_terminal());
    let diffing = fixing.is_some_and(|f| f.mode == Mode::Diff);
    let parts = if diffing {
        Parts::Diff
    } else {
        Parts::Stream(render::Stream::new(args.format))
    };
    // Standard input fixed goes to standard output, and the report to standard error: a
    // report that may go there is kept until the end; any other goes to its file or to
    // standard output as the files are linted.
    let fixing_stdin = fixing.is_some_and(|f| f.mode == Mode::Fix)
        && inputs.iter().any(|input| matches!(input, Input::Stdin));
    let sink = if let Some(file) = &args.output_file {
        match crate::io::OutputFile::create(file, "报告") {
            Ok(file) => Sink::File(std::io::BufWriter::with_capacity(1 << 16, file)),
            Err(e) => {
                write_stderr(&format!("错误：{e}\n"));
                return EXIT_ERROR;
            }
        }
    } else if fixing_stdin {
        Sink::Kept(Vec::new())
    } else {
        Sink::Stdout(std::io::BufWriter::with_capacity(
            1 << 16,
            std::io::stdout(),
        ))
    };
    let mut run = Gathered::new(sink, parts, color);
    let check_one = |index: usize| -> Result<Done, InputError> {
        let (input, settings) = (&inputs[index], &settings[index]);
        let stdin_name = args.stdin_filename.as_deref();
        let (source, bytes) = read_input(input, stdin_name, options, fixing.is_some())?;
        let outcome = match fixing {
            Some(fixing) => {
                let path = match input {
                    Input::File(path) => Some(path.as_path()),
                    Input::Stdin => None,
                };
                fix_input(source, bytes, path, settings, fixing)
            }
            None => {
                let diagnostics = lint(&source, settings);
                FileFix::unfixed(FileReport::of(source, diagnostics))
            }
        };
        Ok(Done::of(
            outcome,
            settings.fail_on,
            args.format,
            diffing,
            color,
        ))
    };
    in_order(inputs.len(), check_one, |result| run.take(result));
    let Gathered {
        sink,
        parts,
        color: _,
        counts,
        checked,
        read_errors,
        failing,
        fixed,
        fixed_stdin,
        fix_errors,
        notices,
        would_change,
        stopped,
        write_error,
    } = run;
    let tally = Tally {
        checked,
        unreadable: read_errors.len(),
        uncheckable: errors.len(),
    };
    // Rule descriptions (SARIF) come from the first file's catalogue, which includes its users'
    // own rules; the renderer describes any other code minimally.
    let catalogue = match settings.first() {
        Some(s) => s.catalogue.clone(),
        None => Arc::new(crate::config::builtin_catalogue().unwrap_or_default()),
    };
    let fix_line = fixing.map(|f| summary::counted_fix_line(diffing, f.level, fixed, &counts));
    let mut notes = notices;
    // What follows the files' parts: the end of the JSON array, the summary line, or the
    // end of a SARIF or rdjson document (SARIF's with the rules reported).
    let mut tail = Vec::new();
    match parts {
        Parts::Diff => {}
        Parts::Stream(stream) => {
            let _ = stream.finish(&catalogue, &mut tail);
            if args.format == Format::Human {
                tail.extend_from_slice(summary::counted_line(&counts, &tally).as_bytes());
                if let Some(line) = &fix_line {
                    tail.extend_from_slice(line.as_bytes());
                }
            }
        }
    }
    if let Some(line) = fix_line.filter(|_| diffing || args.format != Format::Human) {
        notes.push_str(&line);
    }
    let written = match sink {
        Sink::Stdout(_) if stopped => write_error.map_or(Ok(()), Err),
        Sink::Stdout(mut stdout) => {
            crate::io::stdout_outcome(stdout.write_all(&tail).and_then(|()| stdout.flush()))
        }
        Sink::File(_) if stopped => write_error.map_or(Ok(()), Err),
        Sink::File(mut file) => match file.write_all(&tail).and_then(|()| file.flush()) {
            Err(e) => Err(file.get_ref().error(&e)),
            Ok(()) => match file.into_inner() {
                Ok(file) => file.finish(),
                Err(unflushed) => {
                    let (e, file) = unflushed.into_parts();
                    Err(file.get_ref().error(&e))
                }
            },
        },
        Sink::Kept(mut output) => {
            output.extend_from_slice(&tail);
            let output = String::from_utf8_lossy(&output);
            // Standard output holds standard input fixed: the report goes to standard error.
            match &fixed_stdin {
                Some(_) => {
                    crate::io::write_stderr(&output);
                    Ok(())
                }
                None => crate::io::write_stdout(&output),
            }
        }
    };
    let written = written.and(match &fixed_stdin {
        Some(bytes) => crate::io::write_stdout_bytes(bytes),
        None => Ok(()),
    });
    let errors = [errors, read_errors].concat();
    for error in errors.iter().chain(&fix_errors) {
        notes.push_str(&format!("错误：{error}\n"));
    }
    if let Some(failures) = failures(&tally) {
        notes.push_str(&format!("有 {failures}（见上），没有检查。\n"));
    }
    if let Err(e) = &written {
        notes.push_str(&format!("错误：{e}\n"));
    }
    if tally.checked == 0 && errors.is_empty() {
        notes.push_str(&format!(
            "错误：没有检查任何文件：{} 中没有{DOCUMENT_KINDS}。\n",
            given(&paths)
        ));
    }
    write_stderr(&notes);
    if !errors.is_empty() || !fix_errors.is_empty() || written.is_err() || tally.checked == 0 {
        EXIT_ERROR
    } else if diffing {
        // As `diff` and `git diff --exit-code`: 1 when there is something to change.
        if would_change {
            EXIT_FINDINGS
        } else {
            EXIT_CLEAN
        }
    } else if failing {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

/// What each file adds to the output as it is linted.
enum Parts {
    /// With `--diff`: the file's diff.
    Diff,
    /// The file's part of a report that is written file by file.
    Stream(render::Stream),
}

/// Where the output goes as it is made.
enum Sink {
    /// Standard output, as the files are linted.
    Stdout(std::io::BufWriter<std::io::Stdout>),
    /// The report file (`--output-file`), as the files are linted: a file it replaces is
    /// replaced at the end, never half-written.
    File(std::io::BufWriter<crate::io::OutputFile>),
    /// Kept whole for the end: standard output holds standard input fixed, and the report
    /// goes to standard error.
    Kept(Vec<u8>),
}

/// One input linted (and fixed), its report rendered when the format is written file by file:
/// all that the rest of the run needs of it, without its text.
struct Done {
    /// The file's part of the output (see [`Parts`]).
    part: Vec<u8>,
    /// The report, to be written finding by finding (SARIF, rdjson, or very many findings).
    report: Option<FileReport>,
    counts: summary::Counts,
    /// A finding at or above the file's `fail_on`.
    failing: bool,
    fixed: usize,
    /// Whether `--diff` would change the file.
    changes: bool,
    stdout: Option<Vec<u8>>,
    error: Option<String>,
    notice: Option<String>,
}

impl Done {
    fn of(outcome: FileFix, fail_on: Severity, format: Format, diffing: bool, color: bool) -> Done {
        let diagnostics = &outcome.report.diagnostics;
        let mut counts = summary::Counts::default();
        counts.add(diagnostics);
        let failing = diagnostics.iter().any(|d| d.severity() >= fail_on);
        // A file with very many findings or edits is written finding by finding, never held
        // rendered.
        let keep = !diffing
            && (!render::Stream::made_in_place(format)
                || !render::Stream::rendered_in_place(&outcome.report));
        let changes = !outcome.diff.is_empty();
        let part = if diffing {
            outcome.diff.into_bytes()
        } else if keep {
            Vec::new()
        } else {
            render::Stream::part(format, &outcome.report, color)
        };
        Done {
            part,
            report: keep.then_some(outcome.report),
            counts,
            failing,
            fixed: outcome.fixed,
            changes,
            stdout: outcome.stdout,
            error: outcome.error,
            notice: outcome.notice,
        }
    }
}

/// What the run gathers from its files, in the inputs' order, writing their parts as it goes.
struct Gathered {
    sink: Sink,
    /// Whether the human report is in colour.
    color: bool,
    parts: Parts,
    counts: summary::Counts,
    checked: usize,
    read_errors: Vec<String>,
    failing: bool,
    /// What fixing did: findings fixed, standard input fixed, refusals, notices.
    fixed: usize,
    fixed_stdin: Option<Vec<u8>>,
    fix_errors: Vec<String>,
    notices: String,
    would_change: bool,
    /// Writing standard output failed (or its reader went away): nothing more is linted.
    stopped: bool,
    /// Why writing failed, unless the reader just went away.
    write_error: Option<String>,
}

impl Gathered {
    fn new(sink: Sink, parts: Parts, color: bool) -> Self {
        Gathered {
            sink,
            color,
            parts,
            counts: summary::Counts::default(),
            checked: 0,
            read_errors: Vec::new(),
            failing: false,
            fixed: 0,
            fixed_stdin: None,
            fix_errors: Vec::new(),
            notices: String::new(),
            would_change: false,
            stopped: false,
            write_error: None,
        }
    }

    /// Take the next input's outcome; false once no more are wanted.
    fn take(&mut self, result: Result<Done, InputError>) -> bool {
        let done = match result {
            Ok(done) => done,
            Err(e) => {
                self.read_errors.push(e.to_string());
                return true;
            }
        };
        self.checked += 1;
        self.counts += done.counts;
        self.failing |= done.failing;
        self.fixed += done.fixed;
        self.would_change |= done.changes;
        if done.stdout.is_some() {
            self.fixed_stdin = done.stdout;
        }
        self.fix_errors.extend(done.error);
        self.notices.push_str(done.notice.as_deref().unwrap_or(""));
        let out: &mut dyn std::io::Write = match &mut self.sink {
            Sink::Stdout(stdout) => stdout,
            Sink::File(file) => file,
            Sink::Kept(kept) => kept,
        };
        let written = match (&mut self.parts, done.report) {
            (Parts::Diff, _) => out.write_all(&done.part),
            (Parts::Stream(stream), Some(report)) => stream.write_file(&report, self.color, out),
            (Parts::Stream(stream), None) => stream.write(&done.part, out),
        };
        // Any failure to write stops the run; only a reader of standard output that went
        // away is no error.
        self.stopped |= written.is_err();
        let outcome = match (&self.sink, written) {
            (Sink::File(file), Err(e)) => Err(file.get_ref().error(&e)),
            (_, written) => crate::io::stdout_outcome(written),
        };
        if let Err(e) = outcome {
            self.write_error = Some(e);
        }
        !self.stopped
    }
}

/// How long the taking thread of [`in_order`] waits for a result before it looks for work again.
const LOOKED_AGAIN_AFTER: std::time::Duration = std::time::Duration::from_millis(1);

/// Run `work` on the indices `0..count` on the current rayon pool, and give each result to
/// `take` in the indices' order as soon as it and those before it are done. Work is started in
/// order, at most a few results ahead of `take`, so that a long run holds only a few files at
/// a time however slow one of them is. Once `take` returns false nothing more is started.
///
/// The thread that takes also works (rayon's `yield_now`) while it waits, and no task ever
/// waits for another: a pool of one thread does it all in turn, and a large file's rules,
/// run in parallel within its task, never wait for a thread held by the hand-off, nor run on
/// one thread while the taking one waits.
fn in_order<R: Send>(
    count: usize,
    work: impl Fn(usize) -> R + Sync,
    mut take: impl FnMut(R) -> bool,
) {
    use std::sync::mpsc::{self, RecvTimeoutError, TryRecvError};
    type Outcome<R> = std::thread::Result<R>;
    // Results started but not yet taken, at most: enough to keep every thread busy.
    let ahead = 4 * rayon::current_num_threads();
    let (sender, received) = mpsc::channel::<(usize, Outcome<R>)>();
    rayon::in_place_scope(|scope| {
        let start = |index: usize| {
            let (sender, work) = (sender.clone(), &work);
            scope.spawn(move |_| {
                // A panic is carried to the taking thread, which would otherwise wait for
                // this result for ever.
                let outcome =
                    std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(index)));
                let _ = sender.send((index, outcome));
            });
        };
        let mut started = count.min(ahead);
        for index in 0..started {
            start(index);
        }
        let mut waiting = std::collections::BTreeMap::new();
        let mut expected = 0;
        while expected < count {
            let (index, outcome) = match received.try_recv() {
                Ok(received) => received,
                Err(TryRecvError::Disconnected) => return,
                Err(TryRecvError::Empty) => {
                    if let Some(rayon::Yield::Executed) = rayon::yield_now() {
                        continue;
                    }
                    // Nothing to run now: what is missing is running elsewhere. Its task may
                    // yet split off work (a large file's rules run in parallel), which this
                    // thread would not take while blocked here: look again shortly. (Blocked,
                    // it left a 50 MB file's rules to one thread in some runs: 3.4 s, not 2.5.)
                    match received.recv_timeout(LOOKED_AGAIN_AFTER) {
                        Ok(received) => received,
                        Err(RecvTimeoutError::Timeout) => continue,
                        Err(RecvTimeoutError::Disconnected) => return,
                    }
                }
            };
            match outcome {
                Ok(result) => waiting.insert(index, result),
                Err(panic) => std::panic::resume_unwind(panic),
            };
            while let Some(result) = waiting.remove(&expected) {
                expected += 1;
                if !take(result) {
                    return;
                }
                if started < count {
                    start(started);
                    started += 1;
                }
            }
        }
    });
}

/// The paths given, for a message: `报告/、草稿/`, or the current directory.
fn given(paths: &[PathBuf]) -> String {
    if paths.is_empty() {
        return "当前目录".to_string();
    }
    listing(paths)
}

/// Up to ten paths, joined with `、`, then how many more.
fn listing(paths: &[PathBuf]) -> String {
    const SHOWN: usize = 10;
    let mut text = paths
        .iter()
        .take(SHOWN)
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join("、");
    if paths.len() > SHOWN {
        text.push_str(&format!(" 等 {} 个", paths.len()));
    }
    text
}

/// The path named on the command line that `output` is (the same file under any name), if any.
fn output_named_as_input<'a>(output: &Path, paths: &'a [PathBuf]) -> Option<&'a Path> {
    let output = FileId::of(output)?;
    paths
        .iter()
        .filter(|path| path.as_os_str() != "-" && !path.is_dir())
        .find(|path| FileId::of(path).as_ref() == Some(&output))
        .map(PathBuf::as_path)
}

/// Removes the input that `output` is (found in a directory), and returns its path.
fn take_output_from_inputs(output: &Path, inputs: &mut Vec<Input>) -> Option<PathBuf> {
    let output = FileId::of(output)?;
    let index = inputs.iter().position(
        |input| matches!(input, Input::File(path) if FileId::of(path).as_ref() == Some(&output)),
    )?;
    match inputs.remove(index) {
        Input::File(path) => Some(path),
        Input::Stdin => None,
    }
}

fn collect_inputs(paths: &[PathBuf]) -> Inputs {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut collected = Inputs::default();
    for path in paths {
        if path.as_os_str() == "-" {
            collected.add_stdin();
        } else if path.is_dir() {
            walk(path, &mut collected);
        } else if path.exists() {
            collected.add_file(path.clone());
        } else {
            collected
                .errors
                .push(format!("{}: 文件或目录不存在", path.display()));
        }
    }
    collected
}

/// The documents under a directory, in order of their paths. Hidden files and what
/// .gitignore excludes (build output, vendored pages) are not the writer's documents.
fn walk(dir: &Path, collected: &mut Inputs) {
    let mut files = Vec::new();
    for entry in ignore::WalkBuilder::new(dir)
        .follow_links(true)
        .require_git(false)
        .build()
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                collected.errors.push(walk_error(dir, &e));
                continue;
            }
        };
        if !entry.file_type().is_some_and(|t| t.is_file()) {
            continue;
        }
        if is_document(entry.path()) {
            files.push(entry.into_path());
        }
    }
    files.sort();
    for file in files {
        collected.add_file(file);
    }
}

/// A directory walk's error, in Chinese, naming the path where it happened.
fn walk_error(dir: &Path, error: &ignore::Error) -> String {
    let mut error = error;
    let mut path = dir.to_path_buf();
    loop {
        match error {
            ignore::Error::WithPath { path: p, err } => {
                path = p.clone();
                error = err;
            }
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                error = err
            }
            _ => break,
        }
    }
    let cause = match error {
        ignore::Error::Io(e) => crate::io::describe(e),
        ignore::Error::Loop { child, .. } => {
            path = child.clone();
            "符号链接形成循环".to_string()
        }
        ignore::Error::Glob {
            glob: Some(glob), ..
        } => format!("忽略规则 {glob} 写法有误"),
        // The rest concern ignore rules and file types (their text is English).
        _ => "忽略规则（.gitignore 等）有误".to_string(),
    };
    format!("{}: 无法读取目录：{cause}", path.display())
}

/// Documents found in a directory: text (.txt, Markdown) and Word files. A .doc, .wps or
/// .pdf is read too: it may be a .docx under another name, and if not, the reader says what
/// it is and how to make a .docx of it.
fn is_document(path: &Path) -> bool {
    let text = path.extension().and_then(|e| e.to_str()).is_some_and(|e| {
        ["txt", "md", "markdown"]
            .iter()
            .any(|t| t.eq_ignore_ascii_case(e))
    });
    text || is_word_name(path)
}

/// Read a file, or stdin under `stdin_name` (`--stdin-filename`), which also stands as its path
/// for finding its configuration; with the bytes read when `keep_bytes` (to fix the input).
fn read_input(
    input: &Input,
    stdin_name: Option<&str>,
    options: ReadOptions,
    keep_bytes: bool,
) -> Result<(Source, Vec<u8>), InputError> {
    let (name, path, bytes) = match input {
        Input::File(path) => {
            let name = path.display().to_string();
            let bytes = crate::io::read_document(path, crate::io::DOCUMENT_LIMIT);
            (name, Some(path.clone()), bytes)
        }
        Input::Stdin => {
            let name = stdin_name.unwrap_or("-").to_string();
            let bytes = crate::io::read_stdin(crate::io::DOCUMENT_LIMIT);
            (name, stdin_name.map(PathBuf::from), bytes)
        }
    };
    let bytes = bytes.map_err(|cause| InputError::Io {
        name: name.clone(),
        cause,
    })?;
    let kept = if keep_bytes {
        bytes.clone()
    } else {
        Vec::new()
    };
    let source = if path.as_deref().is_some_and(is_word_name) {
        Source::from_docx(&name, path, &bytes)?
    } else {
        Source::from_bytes(&name, path, bytes, options)?
    };
    Ok((source, kept))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walk_errors_are_described_in_chinese_naming_the_path() {
        let glob = ignore::Error::WithPath {
            path: PathBuf::from("docs/.gitignore"),
            err: Box::new(ignore::Error::Glob {
                glob: Some("a[".into()),
                err: "unclosed character class".into(),
            }),
        };
        assert_eq!(
            walk_error(Path::new("docs"), &glob),
            "docs/.gitignore: 无法读取目录：忽略规则 a[ 写法有误"
        );
        let partial =
            ignore::Error::Partial(vec![ignore::Error::UnrecognizedFileType("docs".into())]);
        assert_eq!(
            walk_error(Path::new("docs"), &partial),
            "docs: 无法读取目录：忽略规则（.gitignore 等）有误"
        );
    }
}
