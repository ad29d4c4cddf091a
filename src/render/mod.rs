//! Renderers: turn diagnostics of linted files into text for people or tools. Only here are
//! byte spans turned into lines and columns.

pub mod concise;
pub mod diff;
pub mod github;
pub mod human;
pub mod json;
pub mod rdjson;
pub mod sarif;
pub mod summary;
mod window;

use crate::catalogue::Catalogue;
use crate::diagnostic::Diagnostic;
use crate::source::{Origin, Source, SourceFile};
use std::path::Path;

/// The findings of one file, with the text they point into: for a text file the text the
/// rules read; for a .docx the paragraphs' own text (see [`crate::source::DocxMap`]), with
/// the findings' spans moved into it.
pub struct FileReport {
    pub file: SourceFile,
    pub diagnostics: Vec<Diagnostic>,
    /// What the file is (encoding, or the paragraphs of a .docx), for the positions that
    /// some formats add: file bytes, paragraphs.
    pub origin: Origin,
}

impl FileReport {
    /// A report on a UTF-8 text.
    pub fn new(name: String, text: String, diagnostics: Vec<Diagnostic>) -> Self {
        FileReport {
            file: SourceFile::new(name, text),
            diagnostics,
            origin: Origin::default(),
        }
    }

    /// The report on a linted source: a .docx's findings are moved to its paragraphs' text,
    /// and a fix that would edit a numbering label (which is not text) is withdrawn.
    pub fn of(source: Source, mut diagnostics: Vec<Diagnostic>) -> Self {
        match source.origin {
            Origin::Docx(map) => {
                for d in &mut diagnostics {
                    let on_label = d
                        .fix
                        .as_ref()
                        .is_some_and(|f| f.edits.iter().any(|e| map.touches_label(&e.span)));
                    if on_label {
                        d.fix = None;
                    }
                    if let Some(fix) = &mut d.fix {
                        for edit in &mut fix.edits {
                            edit.span = map.view_span(&edit.span);
                        }
                    }
                    d.set_span(map.view_span(&d.span()));
                }
                FileReport {
                    file: SourceFile::new(source.name, map.view.clone()),
                    diagnostics,
                    origin: Origin::Docx(map),
                }
            }
            origin => FileReport {
                file: SourceFile::new(source.name, source.text),
                diagnostics,
                origin,
            },
        }
    }
}

/// Output formats of `zjlint check`.
///
/// - `human`（默认）：带原文标注的中文报告，最后一行是汇总。列按字符计。
/// - `json`：一个 JSON 数组，每处问题一项：`path`、`code`、`rule`、`category`、`severity`、
///   `message`、`help`、`range`（`start`/`end` 的 `line`、`column`，从 1 起，列按字符计，
///   `end` 不含）、`span`（UTF-8 字节 `offset`、`length`）、`fix`（或 `null`）。字段只增不改。
/// - `sarif`：SARIF 2.1.0 日志，可上传到 GitHub code scanning
///   （`github/codeql-action/upload-sarif`）。`tool.driver.rules` 列出出现过的规则及其文档；
///   `run.columnKind` 为 `utf16CodeUnits`：列从 1 起按 UTF-16 码元计，`charOffset`、
///   `charLength` 同样按 UTF-16 码元计。路径为相对于当前目录的 URI（正斜杠）。
/// - `rdjson`：reviewdog 诊断格式（`reviewdog -f=rdjson`）。列从 1 起按 UTF-8 字节计
///   （reviewdog 的规定），`end` 不含；修复建议放在 `suggestions`。
/// - `github`：GitHub Actions 工作流命令，每处问题一行
///   `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=代码::消息`，在拉取请求中显示为
///   注释；提示级别用 `::notice`。列按字符计，`endColumn` 不含。
/// - `concise`：每处问题一行 `路径:行:列: 代码 消息`，列按字符计；便于 grep 和编辑器跳转。
///
/// 除 `human` 外，各格式在标准输出上只有报告本身，没有汇总行。
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// 带原文标注的中文报告（默认）
    Human,
    /// JSON 数组，供工具读取
    Json,
    /// SARIF 2.1.0，用于 GitHub code scanning
    Sarif,
    /// reviewdog 诊断格式（rdjson）
    Rdjson,
    /// GitHub Actions 工作流命令（注释）
    Github,
    /// 每处问题一行：路径:行:列: 代码 消息
    Concise,
}

impl Format {
    /// Every format, in the order `--format` lists them (derived by clap, so never out of date).
    pub fn all() -> &'static [Format] {
        <Format as clap::ValueEnum>::value_variants()
    }

    /// The format's name as `--format` takes it.
    pub fn name(self) -> String {
        clap::ValueEnum::to_possible_value(&self)
            .map(|value| value.get_name().to_string())
            .unwrap_or_default()
    }
}

/// Render all reports in `format`, as a run over them writes them (see [`Stream`]).
/// `catalogue` describes the rules (SARIF lists the rules that were reported, with their
/// docs); `color` applies to `human` only.
pub fn render(
    format: Format,
    reports: &[FileReport],
    catalogue: &Catalogue,
    color: bool,
) -> String {
    match format {
        Format::Human => {
            human::render(reports, color) + &summary::line(reports, &summary::Tally::of(reports))
        }
        Format::Json => json::render(reports),
        Format::Sarif | Format::Rdjson => {
            let mut stream = Stream::new(format);
            let mut out = Vec::new();
            let written = (reports.iter())
                .try_for_each(|report| stream.write_file(report, color, &mut out))
                .and_then(|()| stream.finish(catalogue, &mut out));
            match written {
                Ok(()) => String::from_utf8_lossy(&out).into_owned(),
                Err(_) => "{}\n".into(),
            }
        }
        Format::Github => github::render(reports),
        Format::Concise => concise::render(reports),
    }
}

/// An array of a document written element by element, as serde_json pretty-prints it: the
/// document's members before the array (`head`, ending with `[`) come with the first element,
/// or with the closing bracket when there is none (`[]`).
#[derive(Default)]
struct Elements {
    opened: bool,
}

impl Elements {
    /// Write `element`, `depth` spaces in.
    fn push(
        &mut self,
        head: impl FnOnce() -> std::io::Result<String>,
        element: &impl serde::Serialize,
        depth: usize,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        if self.opened {
            out.write_all(b",\n")?;
        } else {
            out.write_all(head()?.as_bytes())?;
            out.write_all(b"\n")?;
            self.opened = true;
        }
        write_indented(element, depth, out)
    }

    /// Close the array, its bracket `depth` spaces in.
    fn close(
        self,
        head: impl FnOnce() -> std::io::Result<String>,
        depth: usize,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        if self.opened {
            write!(out, "\n{}]", " ".repeat(depth))
        } else {
            out.write_all(head()?.as_bytes())?;
            out.write_all(b"]")
        }
    }
}

/// `value` pretty-printed as serde_json prints it, each line (the first too) `depth` spaces
/// in: an element of an array, or a member's value, of a document written in parts.
fn indented(value: &impl serde::Serialize, depth: usize) -> std::io::Result<String> {
    let mut out = Vec::new();
    write_indented(value, depth, &mut out)?;
    String::from_utf8(out).map_err(std::io::Error::other)
}

/// [`indented`], written to `out` a block at a time as it is laid out: a finding whose fix
/// makes an edit for every character of a large file is never held whole.
fn write_indented(
    value: &impl serde::Serialize,
    depth: usize,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut indenting = Indenting {
        out,
        pad: " ".repeat(depth).into_bytes(),
        block: Vec::new(),
    };
    indenting.block.extend_from_slice(&indenting.pad);
    // serde_json writes a few bytes at a time: gathered first, they are indented a buffer
    // at a time.
    let mut buffered = std::io::BufWriter::with_capacity(1 << 13, &mut indenting);
    serde_json::to_writer_pretty(&mut buffered, value)?;
    // Not `flush`, which would flush `out` too, after each element.
    let indenting = buffered.into_inner().map_err(|e| e.into_error())?;
    indenting.out.write_all(&indenting.block)
}

/// A writer that puts `pad` after each line feed of what it is given (a string's line feeds
/// are escaped: every one is the layout's) and passes it on to `out` a block at a time.
struct Indenting<'o> {
    out: &'o mut dyn std::io::Write,
    pad: Vec<u8>,
    block: Vec<u8>,
}

/// How many bytes [`Indenting`] gathers before it writes them.
const INDENTED_BLOCK: usize = 1 << 16;

impl std::io::Write for Indenting<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let mut from = 0;
        for feed in memchr::memchr_iter(b'\n', bytes) {
            self.block.extend_from_slice(&bytes[from..=feed]);
            self.block.extend_from_slice(&self.pad);
            from = feed + 1;
        }
        self.block.extend_from_slice(&bytes[from..]);
        if self.block.len() >= INDENTED_BLOCK {
            self.out.write_all(&self.block)?;
            self.block.clear();
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.out.write_all(&self.block)?;
        self.block.clear();
        self.out.flush()
    }
}

/// A list serialized by reading each of `items` with `read` (and `context`) as it is
/// written: gathering what they read into a list first made a second copy of a fix with an
/// edit for every character of a file.
pub(super) struct Mapped<'a, T, C, S> {
    items: &'a [T],
    context: C,
    read: fn(C, &'a T) -> S,
}

impl<'a, T, C: Copy, S> Mapped<'a, T, C, S> {
    fn new(items: &'a [T], context: C, read: fn(C, &'a T) -> S) -> Self {
        Mapped {
            items,
            context,
            read,
        }
    }

    fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    fn iter(&self) -> impl Iterator<Item = S> + use<'a, T, C, S> {
        let (context, read) = (self.context, self.read);
        self.items.iter().map(move |item| read(context, item))
    }
}

impl<T, C: Copy, S: serde::Serialize> serde::Serialize for Mapped<'_, T, C, S> {
    fn serialize<Z: serde::Serializer>(&self, serializer: Z) -> Result<Z::Ok, Z::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// A report written file by file as the files are linted, in the inputs' order, so that a
/// run holds only the files in hand: each file's part is made on its own by [`Stream::part`]
/// (on any thread), then written by [`Stream::write`]; or, for SARIF and rdjson, written from
/// the file's report by [`Stream::write_file`]. `human` ends with the summary line, which its
/// caller adds.
pub struct Stream {
    format: Format,
    json: json::Array,
    sarif: sarif::Log,
    rdjson: rdjson::Log,
}

impl Stream {
    /// The stream of a report in `format`.
    pub fn new(format: Format) -> Stream {
        Stream {
            format,
            json: json::Array::default(),
            sarif: sarif::Log::default(),
            rdjson: rdjson::Log::default(),
        }
    }

    /// Whether a file's part is made where the file was linted, by [`Stream::part`]. SARIF
    /// and rdjson are written from the reports, in order, by [`Stream::write_file`]: a SARIF
    /// result names its rule by its place among the run's rules so far, and rdjson ends with
    /// the highest severity of the run.
    pub fn made_in_place(format: Format) -> bool {
        !matches!(format, Format::Sarif | Format::Rdjson)
    }

    /// Findings and fix edits of one file up to which its part is rendered where it was
    /// linted (and its text then dropped); a file with more is kept, and written finding by
    /// finding (see [`Stream::rendered_in_place`]).
    pub const RENDERED_IN_PLACE: usize = 1_000;

    /// Whether the report is small enough to be rendered where it was linted: its findings
    /// and their fixes' edits, counted together, are at most [`Stream::RENDERED_IN_PLACE`].
    /// A fix can make an edit for every character of a file (traditional characters made
    /// simplified), which rendered at once held twenty times the file.
    pub fn rendered_in_place(report: &FileReport) -> bool {
        let mut parts = 0;
        report.diagnostics.iter().all(|d| {
            parts += 1 + d.fix.as_ref().map_or(0, |fix| fix.edits.len());
            parts <= Stream::RENDERED_IN_PLACE
        })
    }

    /// One file's part of the report in `format` (`color` applies to `human` only).
    pub fn part(format: Format, report: &FileReport, color: bool) -> Vec<u8> {
        let one = std::slice::from_ref(report);
        match format {
            Format::Human => human::Human::new(color).file(report).into_bytes(),
            Format::Json => json::file_part(report),
            Format::Github => github::render(one).into_bytes(),
            Format::Concise => concise::render(one).into_bytes(),
            Format::Sarif | Format::Rdjson => Vec::new(),
        }
    }

    /// Write the next file's part, made by [`Stream::part`].
    pub fn write(&mut self, part: &[u8], out: &mut dyn std::io::Write) -> std::io::Result<()> {
        match self.format {
            Format::Json => self.json.part(part, out),
            _ => out.write_all(part),
        }
    }

    /// Write the next file's part from its report, finding by finding: for a file with too
    /// many findings to hold them all rendered.
    pub fn write_file(
        &mut self,
        report: &FileReport,
        color: bool,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        match self.format {
            Format::Human => human::Human::new(color).write_file(report, out),
            Format::Json => self.json.write_file(report, out),
            Format::Sarif => self.sarif.write_file(report, out),
            Format::Rdjson => self.rdjson.write_file(report, out),
            format => out.write_all(&Stream::part(format, report, color)),
        }
    }

    /// Write what follows the last file's part. SARIF describes the rules reported from
    /// `catalogue`.
    pub fn finish(
        self,
        catalogue: &Catalogue,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        match self.format {
            Format::Json => self.json.close(out),
            Format::Sarif => self.sarif.close(catalogue, out),
            Format::Rdjson => self.rdjson.close(out),
            _ => Ok(()),
        }
    }
}

/// Where users read more about zjlint: the package's homepage or repository, if set.
pub fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|uri| !uri.is_empty())
}

/// A report's name as a path relative to the current directory, with forward slashes and no
/// leading `./`, as code-review tools expect. A name outside the current directory stays
/// absolute.
pub fn relative_path(name: &str) -> String {
    let path = Path::new(name);
    let relative = if path.is_absolute() {
        std::env::current_dir()
            .ok()
            .and_then(|cwd| path.strip_prefix(&cwd).ok().map(Path::to_path_buf))
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| name.to_string())
    } else {
        name.to_string()
    };
    let mut relative = if std::path::MAIN_SEPARATOR == '\\' {
        relative.replace('\\', "/")
    } else {
        relative
    };
    while let Some(rest) = relative.strip_prefix("./") {
        relative = rest.trim_start_matches('/').to_string();
    }
    relative
}

/// A finding's message and its help, on two lines, for formats that have one message field.
fn message_with_help(d: &Diagnostic) -> String {
    if d.help.is_empty() {
        d.message.to_string()
    } else {
        format!("{}\n{}", d.message, d.help)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_by_its_command_line_name() {
        let names: Vec<String> = Format::all().iter().map(|f| f.name()).collect();
        assert_eq!(
            names,
            ["human", "json", "sarif", "rdjson", "github", "concise"]
        );
    }

    /// The built-in rules, and the reports of `texts` linted with them (named `0.txt`, …).
    fn linted(texts: &[&str]) -> (std::sync::Arc<Catalogue>, Vec<FileReport>) {
        use crate::lint::{lint, Settings};
        let catalogue = std::sync::Arc::new(Catalogue::builtin().expect("built-in rules"));
        let settings = Settings::new(catalogue.clone());
        let reports = (texts.iter().enumerate())
            .map(|(i, text)| {
                let source = Source::new(format!("{i}.txt"), *text);
                let diagnostics = lint(&source, &settings);
                FileReport::of(source, diagnostics)
            })
            .collect();
        (catalogue, reports)
    }

    #[test]
    fn a_streamed_report_is_the_report_made_whole() {
        // The last: one line of traditional characters, whose one finding's fix makes more
        // edits than a part rendered in place may hold, written a block at a time.
        let traditional = format!(
            "二〇二五年工作總結\n{}\n",
            "今年以來，我們認真貫徹執行各項決策部署。".repeat(200)
        );
        let (catalogue, reports) = linted(&[
            "\u{feff}一、总体情况\n20xx年完成了任务,投入达到亿元。\r\n二、问题\n的的确确。\n",
            "一、总体情况\n今年完成了任务。\n二、存在问题\n经费不足。\n",
            "XX单位20XX年工作总结\n全年召开会议12次,研究问题35个。\n",
            &traditional,
        ]);
        let long_fix = reports[3]
            .diagnostics
            .iter()
            .map(|d| d.fix.as_ref().map_or(0, |f| f.edits.len()));
        assert!(long_fix
            .max()
            .is_some_and(|edits| edits > Stream::RENDERED_IN_PLACE));
        assert!(
            reports[3].diagnostics.len() < 10,
            "{:?}",
            reports[3].diagnostics
        );
        assert!(!Stream::rendered_in_place(&reports[3]));
        assert!(Stream::rendered_in_place(&reports[0]));
        assert!(
            reports[0].diagnostics.len() >= 2,
            "{:?}",
            reports[0].diagnostics
        );
        assert!(
            reports[1].diagnostics.is_empty(),
            "{:?}",
            reports[1].diagnostics
        );
        for format in [Format::Human, Format::Json, Format::Github, Format::Concise] {
            let whole = render(format, &reports, &catalogue, false);
            // Parts made where the files were linted, and files written finding by finding.
            let (mut parts, mut files) = (Vec::new(), Vec::new());
            let mut by_parts = Stream::new(format);
            let mut by_files = Stream::new(format);
            for report in &reports {
                let part = Stream::part(format, report, false);
                by_parts.write(&part, &mut parts).unwrap();
                by_files.write_file(report, false, &mut files).unwrap();
            }
            by_parts.finish(&catalogue, &mut parts).unwrap();
            by_files.finish(&catalogue, &mut files).unwrap();
            let (parts, files) = (
                String::from_utf8(parts).unwrap(),
                String::from_utf8(files).unwrap(),
            );
            let expected = match format {
                Format::Human => whole
                    .strip_suffix(&summary::line(&reports, &summary::Tally::of(&reports)))
                    .expect("ends with the summary line")
                    .to_string(),
                _ => whole,
            };
            assert!(expected.contains("20xx"), "{expected}");
            assert_eq!(parts, expected, "{format:?}");
            assert_eq!(files, expected, "{format:?}");
        }
        // No finding at all: an empty array.
        let clean = &reports[1..2];
        let mut out = Vec::new();
        let mut stream = Stream::new(Format::Json);
        stream
            .write(&Stream::part(Format::Json, &clean[0], false), &mut out)
            .unwrap();
        stream.finish(&catalogue, &mut out).unwrap();
        assert_eq!(out, b"[]\n");
        assert_eq!(json::render(clean), "[]\n");
    }

    #[test]
    fn a_long_value_is_indented_a_block_at_a_time_as_it_is_whole() {
        /// The bytes written, and the size of each write.
        #[derive(Default)]
        struct Writes(Vec<u8>, Vec<usize>);
        impl std::io::Write for Writes {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                self.0.extend_from_slice(bytes);
                self.1.push(bytes.len());
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        // Escaped line feeds in the strings are not the layout's.
        let value: Vec<(usize, String)> = (0..10_000).map(|k| (k, format!("第{k}行\n"))).collect();
        let pretty = serde_json::to_string_pretty(&value).unwrap();
        let whole: Vec<String> = pretty
            .split('\n')
            .map(|line| format!("    {line}"))
            .collect();
        let mut writes = Writes::default();
        write_indented(&value, 4, &mut writes).unwrap();
        assert_eq!(String::from_utf8(writes.0).unwrap(), whole.join("\n"));
        assert!(writes.1.len() > 4, "{:?}", writes.1);
        assert!(
            writes.1.iter().all(|&n| n < 2 * INDENTED_BLOCK),
            "{:?}",
            writes.1
        );
        assert_eq!(indented(&value, 4).unwrap(), whole.join("\n"));
    }

    #[test]
    fn a_sarif_result_names_its_rule_by_its_place_among_the_rules_reported_before() {
        let (catalogue, reports) = linted(&[
            "XX单位20XX年工作总结\n全年召开会议12次,研究问题35个。\n",
            "一、总体情况\n今年完成了任务。\n三、存在问题\n经费不足。\n",
            "一、总体情况\n20xx年完成了任务,投入达到亿元。\n的的确确。\n",
        ]);
        let sarif: serde_json::Value =
            serde_json::from_str(&render(Format::Sarif, &reports, &catalogue, false)).unwrap();
        let run = &sarif["runs"][0];
        let ids: Vec<&str> = (run["tool"]["driver"]["rules"].as_array().unwrap().iter())
            .map(|rule| rule["id"].as_str().unwrap())
            .collect();
        // Each code once, in the order the findings first name them.
        let mut first_named: Vec<&str> = Vec::new();
        for d in reports.iter().flat_map(|r| &r.diagnostics) {
            if !first_named.contains(&d.code().as_str()) {
                first_named.push(d.code());
            }
        }
        assert!(first_named.len() >= 4, "{first_named:?}");
        assert_eq!(ids, first_named);
        let results = run["results"].as_array().unwrap();
        assert_eq!(
            results.len(),
            reports.iter().map(|r| r.diagnostics.len()).sum::<usize>()
        );
        for result in results {
            let index = result["ruleIndex"].as_u64().unwrap() as usize;
            assert_eq!(ids[index], result["ruleId"].as_str().unwrap());
        }
        // rdjson ends with the highest severity reported; with nothing reported, none.
        let rdjson: serde_json::Value =
            serde_json::from_str(&render(Format::Rdjson, &reports, &catalogue, false)).unwrap();
        let highest = reports
            .iter()
            .flat_map(|r| &r.diagnostics)
            .map(|d| d.severity())
            .max();
        assert_eq!(highest, Some(crate::diagnostic::Severity::Error));
        assert_eq!(rdjson["severity"], "ERROR");
        for format in [Format::Sarif, Format::Rdjson] {
            let clean = render(format, &reports[..0], &catalogue, false);
            let clean: serde_json::Value = serde_json::from_str(&clean).unwrap();
            assert!(clean.get("severity").is_none(), "{clean}");
        }
    }

    #[test]
    fn relative_paths_use_forward_slashes_without_dot() {
        assert_eq!(relative_path("./a/b.txt"), "a/b.txt");
        assert_eq!(relative_path(".//a.txt"), "a.txt");
        assert_eq!(relative_path("a.txt"), "a.txt");
        let cwd = std::env::current_dir().unwrap();
        let inside = cwd.join("x").join("总结.txt");
        assert_eq!(relative_path(&inside.display().to_string()), "x/总结.txt");
    }
}
