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
