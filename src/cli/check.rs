//! `zjlint check`: lint files, directories and stdin, in parallel, and report.

use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::catalogue::Catalogue;
use crate::config::{CliOverrides, ConfigChoice, Resolver, SeverityName};
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
    /// 把报告写入此文件而不是标准输出（先写临时文件再改名）；退出码照常反映检查结果
    #[arg(long, value_name = "PATH")]
    pub output_file: Option<PathBuf>,
    /// 读取标准输入（-）时，在报告中（以及查找配置时）使用的文件名
    #[arg(long, value_name = "NAME")]
    pub stdin_filename: Option<String>,
    /// 使用这个配置文件，不再从各文件所在目录向上查找 zjlint.toml
    #[arg(long, value_name = "PATH", conflicts_with = "isolated")]
    pub config: Option<PathBuf>,
    /// 不读任何配置文件，只用内置默认设置
    #[arg(long)]
    pub isolated: bool,
    /// 有这一级别或更严重的问题时以状态 1 退出（默认 warning，或配置中的 fail_on）
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<SeverityName>,
}

/// A file to lint: a path, or stdin.
enum Input {
    File(PathBuf),
    Stdin,
}

pub fn run(args: CheckArgs) -> i32 {
    let error_color = !args.no_color && std::io::stderr().is_terminal();
    let choice = match (&args.config, args.isolated) {
        (_, true) => ConfigChoice::Isolated,
        (Some(path), false) => ConfigChoice::File(path.clone()),
        (None, false) => ConfigChoice::Discover,
    };
    let cli = CliOverrides {
        fail_on: args.fail_on.map(Severity::from),
    };
    let resolver = match Resolver::new(choice, cli) {
        Ok(r) => r,
        Err(e) => {
            eprint!("{}", e.render(error_color));
            return EXIT_ERROR;
        }
    };
    let mut errors = Vec::new();
    let paths = if args.paths.is_empty() && args.stdin_filename.is_some() {
        vec![PathBuf::from("-")]
    } else {
        args.paths.clone()
    };
    let inputs = collect_inputs(&paths, &mut errors);
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
        for text in &config_errors {
            eprint!("{text}");
        }
        return EXIT_ERROR;
    }
    let results: Vec<Result<(FileReport, Severity), InputError>> = inputs
        .par_iter()
        .zip(settings.par_iter())
        .map(|(input, settings)| {
            let source = read_input(input, args.stdin_filename.as_deref())?;
            let diagnostics = lint(&source, settings);
            Ok((
                FileReport::new(source.name, source.text, diagnostics),
                settings.fail_on,
            ))
        })
        .collect();
    let mut reports = Vec::new();
    let mut failing = false;
    for result in results {
        match result {
            Ok((report, fail_on)) => {
                failing |= report.diagnostics.iter().any(|d| d.severity >= fail_on);
                reports.push(report);
            }
            Err(e) => errors.push(e.to_string()),
        }
    }
    let color = !args.no_color
        && args.output_file.is_none()
        && std::io::stdout().is_terminal()
        && args.format == Format::Human;
    // Rule descriptions (SARIF) come from the first file's catalogue, which includes its users'
    // own rules; the renderer describes any other code minimally.
    let catalogue = match settings.first() {
        Some(s) => s.catalogue.clone(),
        None => Arc::new(Catalogue::builtin().unwrap_or_default()),
    };
    let output = render::render(args.format, &reports, &catalogue, color);
    if let Err(e) = write_output(&output, args.output_file.as_deref()) {
        errors.push(e);
    }
    for error in &errors {
        eprintln!("错误：{error}");
    }
    if !errors.is_empty() {
        eprintln!("有 {} 处输入错误（见上），相应文件没有检查。", errors.len());
        return EXIT_ERROR;
    }
    if failing {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    }
}

fn collect_inputs(paths: &[PathBuf], errors: &mut Vec<String>) -> Vec<Input> {
    let default = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut inputs = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            inputs.push(Input::Stdin);
        } else if path.is_dir() {
            // Hidden files and what .gitignore excludes (build output, vendored pages) are
            // not the writer's documents.
            let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(path)
                .follow_links(true)
                .require_git(false)
                .build()
                .filter_map(|entry| match entry {
                    Ok(e) => Some(e),
                    Err(e) => {
                        errors.push(format!("{}: 无法读取目录：{e}", path.display()));
                        None
                    }
                })
                .filter(|e| e.file_type().is_some_and(|t| t.is_file()) && is_document(e.path()))
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

/// Read a file, or stdin under `stdin_name` (`--stdin-filename`), which also stands as its path
/// for finding its configuration.
fn read_input(input: &Input, stdin_name: Option<&str>) -> Result<Source, InputError> {
    match input {
        Input::File(path) => Source::read(path),
        Input::Stdin => {
            let name = stdin_name.unwrap_or("-");
            let mut bytes = Vec::new();
            std::io::stdin()
                .read_to_end(&mut bytes)
                .map_err(|cause| InputError::Io {
                    name: name.into(),
                    cause,
                })?;
            Source::from_bytes(name, stdin_name.map(PathBuf::from), bytes)
        }
    }
}

/// Write the report to stdout, or to `file` atomically: a temporary file beside it, then a
/// rename, so that a reader never sees half a report.
fn write_output(output: &str, file: Option<&Path>) -> Result<(), String> {
    let Some(file) = file else {
        let mut stdout = std::io::stdout().lock();
        // A closed pipe (`| head`) is not an error of the check.
        let _ = stdout
            .write_all(output.as_bytes())
            .and_then(|_| stdout.flush());
        return Ok(());
    };
    let error = |e: &dyn std::fmt::Display| format!("{}: 无法写入报告：{e}", file.display());
    let dir = match file.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| error(&e))?;
    temp.write_all(output.as_bytes()).map_err(|e| error(&e))?;
    // A temporary file is private (0600); the report gets the permissions of the file it
    // replaces, or those of a new file.
    let permissions = match std::fs::metadata(file) {
        Ok(meta) => Some(meta.permissions()),
        Err(_) => default_permissions(),
    };
    if let Some(permissions) = permissions {
        temp.as_file()
            .set_permissions(permissions)
            .map_err(|e| error(&e))?;
    }
    temp.as_file().sync_all().map_err(|e| error(&e))?;
    temp.persist(file).map_err(|e| error(&e.error))?;
    Ok(())
}

#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}
