//! The command line: a thin layer over `lint()`.

pub mod annotate;
pub mod check;
pub mod fix;
pub mod init;
pub mod rules;

use clap::{Parser, Subcommand};

/// zjlint：检查工作总结、工作计划、述职报告中的编号、结构、占位符和网页残留问题。
#[derive(Debug, Parser)]
#[command(name = "zjlint", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// 检查文件或目录（目录中递归查找 .txt、.md 和 .docx）；用 - 表示标准输入
    Check(check::CheckArgs),
    /// 检查一份 Word 文档，把每处问题写成 Word 批注，另存为新文件（原文件不动）
    Annotate(annotate::AnnotateArgs),
    /// 列出所有规则（代码、名称、类别、默认级别）
    Rules(rules::RulesArgs),
    /// 显示一条规则的说明文档，例如：zjlint rule ZJ101
    Rule(rules::RuleArgs),
    /// 运行规则自带的样例（[[rule.case]]），含 zjlint.toml 中的自定义规则；有不符的样例时以状态 1 退出
    Cases(rules::CasesArgs),
    /// 启动语言服务器（LSP，经标准输入输出），供编辑器实时检查
    Lsp(crate::lsp::LspArgs),
    /// 写出带注释的 zjlint.toml 起步配置，列出每个选项及其默认值
    Init(init::InitArgs),
    /// 输出 zjlint.toml 的 JSON Schema（供编辑器补全：#:schema ./zjlint.schema.json）
    Schema,
}

/// Which configuration to use, for the commands that lint.
#[derive(Debug, clap::Args)]
pub struct ConfigArgs {
    /// 使用这个配置文件，不再从各文件所在目录向上查找 zjlint.toml
    #[arg(long, value_name = "PATH", conflicts_with = "isolated")]
    pub config: Option<std::path::PathBuf>,
    /// 不读任何配置文件，只用内置默认设置
    #[arg(long)]
    pub isolated: bool,
    /// 有这一级别或更严重的问题时以状态 1 退出（默认 warning，或配置中的 fail_on）
    #[arg(long, value_enum, value_name = "LEVEL")]
    pub fail_on: Option<crate::config::SeverityName>,
}

impl ConfigArgs {
    /// The resolver of each file's settings these options ask for.
    pub fn resolver(&self) -> Result<crate::config::Resolver, crate::config::ConfigErrors> {
        use crate::config::{CliOverrides, ConfigChoice, Resolver};
        let choice = match (&self.config, self.isolated) {
            (_, true) => ConfigChoice::Isolated,
            (Some(path), false) => ConfigChoice::File(path.clone()),
            (None, false) => ConfigChoice::Discover,
        };
        let cli = CliOverrides {
            fail_on: self.fail_on.map(crate::diagnostic::Severity::from),
        };
        Resolver::new(choice, cli)
    }
}

/// Run the CLI; returns the process exit code.
pub fn run(cli: Cli) -> i32 {
    match cli.command {
        Command::Check(args) => check::run(args),
        Command::Annotate(args) => annotate::run(args),
        Command::Rules(args) => rules::list(args),
        Command::Rule(args) => rules::show(args),
        Command::Cases(args) => rules::cases(args),
        Command::Lsp(args) => crate::lsp::run(args),
        Command::Init(args) => init::run(args),
        Command::Schema => print(&crate::config::json_schema()),
    }
}

/// Whether to colour a stream: only a terminal, and not when asked not to, by `--no-color`
/// or by a non-empty `NO_COLOR` (https://no-color.org).
pub fn use_color(no_color: bool, is_terminal: bool) -> bool {
    is_terminal && !no_color && !no_color_requested(std::env::var_os("NO_COLOR"))
}

fn no_color_requested(value: Option<std::ffi::OsString>) -> bool {
    value.is_some_and(|v| !v.is_empty())
}

/// Write `text` to standard output; the exit code, `EXIT_ERROR` if it could not be written.
fn print(text: &str) -> i32 {
    match crate::io::write_stdout(text) {
        Ok(()) => EXIT_CLEAN,
        Err(e) => {
            crate::io::write_stderr(&format!("错误：{e}\n"));
            EXIT_ERROR
        }
    }
}

/// Exit codes: 0 clean, 1 findings at or above the failing severity, 2 usage or input error.
pub const EXIT_CLEAN: i32 = 0;
pub const EXIT_FINDINGS: i32 = 1;
pub const EXIT_ERROR: i32 = 2;

/// The command line parsed, or the exit code after telling the user: help and the version go
/// to standard output (0); a mistake is explained in Chinese on standard error (2).
pub fn parse_args<I, T>(args: I) -> Result<Cli, i32>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    use clap::error::ErrorKind;
    match Cli::try_parse_from(args) {
        Ok(cli) => Ok(cli),
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            // Help and the version are answers, not errors; a closed pipe is no reason to fail.
            let _ = e.print();
            Err(0)
        }
        Err(e) if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            // `zjlint` alone: the usage is the best answer, but nothing was done.
            let _ = e.print();
            Err(EXIT_ERROR)
        }
        Err(e) => {
            eprintln!("{}", usage_error(&e));
            Err(EXIT_ERROR)
        }
    }
}

/// A command-line mistake in Chinese: what is wrong, the values that would do, and where to
/// read the usage.
fn usage_error(e: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let context = |kind: ContextKind| -> String {
        match e.get(kind) {
            Some(ContextValue::String(s)) => s.clone(),
            Some(ContextValue::Strings(list)) => list.join("、"),
            _ => String::new(),
        }
    };
    let arg = context(ContextKind::InvalidArg);
    let mut message = match e.kind() {
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let value = context(ContextKind::InvalidValue);
            let why = std::error::Error::source(e)
                .map(|why| format!("：{why}"))
                .unwrap_or_default();
            format!("错误：选项 {arg} 的值“{value}”无效{why}")
        }
        ErrorKind::UnknownArgument => format!("错误：没有“{arg}”这个选项"),
        ErrorKind::InvalidSubcommand => format!(
            "错误：没有“{}”这个子命令",
            context(ContextKind::InvalidSubcommand)
        ),
        ErrorKind::MissingRequiredArgument => format!("错误：缺少必需的参数 {arg}"),
        ErrorKind::MissingSubcommand => "错误：缺少子命令（如 check、rules、rule）".to_string(),
        ErrorKind::ArgumentConflict => format!(
            "错误：选项 {arg} 不能与 {} 同时使用",
            context(ContextKind::PriorArg)
        ),
        ErrorKind::TooManyValues => {
            format!("错误：选项 {arg} 给了太多的值")
        }
        ErrorKind::WrongNumberOfValues | ErrorKind::TooFewValues => {
            format!("错误：选项 {arg} 的值的个数不对")
        }
        ErrorKind::InvalidUtf8 => "错误：命令行参数不是有效的 UTF-8".to_string(),
        _ => "错误：命令行有误".to_string(),
    };
    let valid = context(ContextKind::ValidValue);
    if !valid.is_empty() {
        message.push_str(&format!("（可选：{valid}）"));
    }
    for kind in [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand] {
        let suggested = context(kind);
        if !suggested.is_empty() {
            message.push_str(&format!("；是不是想用 {suggested}？"));
        }
    }
    message.push_str("\n用 zjlint --help（或 zjlint 子命令 --help）查看用法");
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_is_any_non_empty_value() {
        assert!(!no_color_requested(None));
        assert!(!no_color_requested(Some("".into())));
        assert!(no_color_requested(Some("1".into())));
        assert!(no_color_requested(Some("false".into())));
    }
}
