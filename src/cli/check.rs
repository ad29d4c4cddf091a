//! `zjlint check`: lint files, directories and stdin, in parallel, and report.

use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::catalogue::Catalogue;
use crate::diagnostic::Severity;
use crate::lint::{lint, Settings};
use crate::render::{self, FileReport, Format};
use crate::source::{InputError, Source};
use rayon::prelude::*;
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Arc;

#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// 要检查的文件或目录；- 表示标准输入。默认为当前目录
    pub paths: Vec<PathBuf>,
    /// 输出格式
    #[arg(long, value_enum, default_value = "human")]
    pub format: Format,
    /// 不使用颜色
    #[arg(long)]
    pub no_color: bool,
}

/// A file to lint: a path, or stdin.
enum Input {
    File(PathBuf),
    Stdin,
}

pub fn run(args: CheckArgs) -> i32 {
    let catalogue = match Catalogue::builtin() {
        Ok(c) => Arc::new(c),
        Err(e) => {
            eprintln!("错误：{e}");
            return EXIT_ERROR;
        }
    };
    let settings = Settings::new(catalogue);
    let mut errors = Vec::new();
    let inputs = collect_inputs(&args.paths, &mut errors);
    let results: Vec<Result<FileReport, InputError>> = inputs
        .par_iter()
        .map(|input| {
            let source = read_input(input)?;
            let diagnostics = lint(&source, &settings);
            Ok(FileReport::new(source.name, source.text, diagnostics))
        })
        .collect();
    let mut reports = Vec::new();
    for result in results {
        match result {
            Ok(report) => reports.push(report),
            Err(e) => errors.push(e.to_string()),
        }
    }
    let color = !args.no_color && std::io::stdout().is_terminal() && args.format == Format::Human;
    let output = render::render(args.format, &reports, color);
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(output.as_bytes());
    for error in &errors {
        eprintln!("错误：{error}");
    }
    if !errors.is_empty() {
        return EXIT_ERROR;
    }
    let failing = reports
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.severity >= Severity::Warning);
    if failing {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn collect_inputs(paths: &[PathBuf], errors: &mut Vec<String>) -> Vec<Input> {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() { &default[..] } else { paths };
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            let mut files: Vec<PathBuf> = walkdir::WalkDir::new(path)
                .follow_links(true)
                .into_iter()
                .filter_map(|entry| match entry {
                    Ok(e) => Some(e),
                    Err(e) => {
                        errors.push(format!("{}: 无法读取目录：{e}", path.display()));
                        None
                    }
                })
                .filter(|e| e.file_type().is_file() && is_document(e.path()))
                .map(|e| e.into_path())
                .collect();
            files.sort();
            inputs.extend(files.into_iter().map(Input::File));
        } else if path.exists() {
            inputs.push(Input::File(path.clone()));
        } else {
            errors.push(format!("{}: 文件或目录不存在", path.display()));
        }
    }
    inputs
}

fn is_document(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("txt") | Some("md") | Some("markdown")
    )
}

fn read_input(input: &Input) -> Result<Source, InputError> {
    match input {
        Input::File(path) => Source::read(path),
        Input::Stdin => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|cause| InputError::Io {
                    name: "-".into(),
                    cause,
                })?;
            Source::from_bytes("-", None, bytes)
        }
    }
}
