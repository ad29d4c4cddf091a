//! `zjlint rules` and `zjlint rule CODE`.

use super::{print, use_color, EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS};
use crate::catalogue::{Catalogue, RuleDef};
use crate::diagnostic::Applicability;
use crate::io::write_stderr;

#[derive(Debug, clap::Args)]
pub struct RulesArgs {
    /// 以 Markdown 表格输出（用于生成 README 中的规则列表）
    #[arg(long)]
    pub markdown: bool,
    /// 只列内置规则，不读 zjlint.toml 中的自定义规则
    #[arg(long)]
    pub isolated: bool,
}

#[derive(Debug, clap::Args)]
pub struct RuleArgs {
    /// 规则代码或名称，例如 ZJ101 或 numbering-gap
    pub code: String,
    /// 只查内置规则，不读 zjlint.toml 中的自定义规则
    #[arg(long)]
    pub isolated: bool,
}

#[derive(Debug, clap::Args)]
pub struct CasesArgs {
    /// 只运行这些规则的样例（代码或名称）；不写则运行全部
    pub codes: Vec<String>,
    /// 只用内置规则，不读 zjlint.toml 中的自定义规则
    #[arg(long)]
    pub isolated: bool,
}

/// The rules in force here: the built-in ones plus the `[[rule]]`s of the zjlint.toml that
/// applies to the current directory (`isolated`: built-in only).
fn catalogue_here(isolated: bool) -> Result<std::sync::Arc<Catalogue>, String> {
    use crate::config::{CliOverrides, ConfigChoice, Resolver};
    let choice = if isolated {
        ConfigChoice::Isolated
    } else {
        ConfigChoice::Discover
    };
    let color = use_color(false, std::io::IsTerminal::is_terminal(&std::io::stderr()));
    let resolver = Resolver::new(choice, CliOverrides::default()).map_err(|e| e.render(color))?;
    let settings = resolver.settings_for(None).map_err(|e| e.render(color))?;
    Ok(settings.catalogue.clone())
}

pub fn list(args: RulesArgs) -> i32 {
    // The README's table lists the built-in rules only.
    let catalogue = match catalogue_here(args.markdown || args.isolated) {
        Ok(c) => c,
        Err(e) => {
            write_stderr(&e);
            return EXIT_ERROR;
        }
    };
    print(&rules_table(&catalogue, args.markdown))
}

/// The rule list, as plain columns or as a Markdown table.
pub fn rules_table(catalogue: &Catalogue, markdown: bool) -> String {
    let mut out = String::new();
    if markdown {
        out.push_str(
            "| 代码 | 名称 | 类别 | 默认级别 | 修正 | 说明 |\n|---|---|---|---|---|---|\n",
        );
    }
    for rule in &catalogue.rules {
        let d = &rule.def;
        let summary = summary_line(&d.docs);
        if markdown {
            out.push_str(&format!(
                "| {} | `{}` | {} | {} | {} | {} |\n",
                d.code,
                d.name,
                d.category,
                d.severity.as_str(),
                fix_label(d),
                summary
            ));
        } else {
            // One screen line per rule: the summary is cut; `zjlint rule CODE` has it all.
            let mut short: String = summary.chars().take(36).collect();
            if short.len() < summary.len() {
                short.push('…');
            }
            // Pad the label by its width on screen (两个汉字 are four columns, `—` one).
            let fix = fix_label(d);
            let pad =
                " ".repeat(11usize.saturating_sub(unicode_width::UnicodeWidthStr::width(fix)));
            out.push_str(&format!(
                "{:<7} {:<28} {:<12} {:<8} {fix}{pad} {}\n",
                d.code,
                d.name,
                d.category,
                d.severity.as_str(),
                short
            ));
        }
    }
    out
}

/// Whether a rule's findings can be fixed, for lists: `安全` (applied by `--fix`), `需确认`
/// (needs `--unsafe-fixes`), `—` (none). A safe rule that leaves some fixes to
/// `--unsafe-fixes` says so in its `## 修正` (a test holds it to that): `安全/需确认`.
pub fn fix_label(rule: &RuleDef) -> &'static str {
    let fixing = rule.docs.split("## 修正").nth(1).unwrap_or("");
    match rule.fix {
        Some(Applicability::Safe) if fixing.contains("--unsafe-fixes") => "安全/需确认",
        Some(Applicability::Safe) => "安全",
        Some(Applicability::Unsafe) => "需确认",
        None => "—",
    }
}

/// The first sentence under `## 检查什么` in a rule's docs, as one line: the lines of its
/// paragraph are joined (the TOML wraps sentences) up to the first `。` outside `code`.
pub fn summary_line(docs: &str) -> String {
    let paragraph: String = docs
        .split("## 检查什么")
        .nth(1)
        .map(|rest| {
            rest.lines()
                .map(str::trim)
                .skip_while(|l| l.is_empty())
                .take_while(|l| !l.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let mut in_code = false;
    for (i, c) in paragraph.char_indices() {
        match c {
            '`' => in_code = !in_code,
            '。' if !in_code => return paragraph[..i + c.len_utf8()].to_string(),
            _ => {}
        }
    }
    paragraph
}

pub fn show(args: RuleArgs) -> i32 {
    let catalogue = match catalogue_here(args.isolated) {
        Ok(c) => c,
        Err(e) => {
            write_stderr(&e);
            return EXIT_ERROR;
        }
    };
    let Some(rule) = catalogue.get(&args.code) else {
        write_stderr(&format!(
            "错误：没有规则“{}”。用 zjlint rules 查看所有规则。\n",
            args.code
        ));
        return EXIT_ERROR;
    };
    let d = &rule.def;
    print(&format!(
        "# {} {}\n\n类别：{}　默认级别：{}　检查类型：{}　修正：{}\n\n{}\n",
        d.code,
        d.name,
        d.category,
        d.severity.as_str(),
        d.kind,
        fix_label(d),
        d.docs.trim_end()
    ))
}

/// `zjlint cases`: run the rules' own cases and list those that do not hold.
pub fn cases(args: CasesArgs) -> i32 {
    let catalogue = match catalogue_here(args.isolated) {
        Ok(c) => c,
        Err(e) => {
            write_stderr(&e);
            return EXIT_ERROR;
        }
    };
    if let Some(unknown) = args.codes.iter().find(|c| catalogue.get(c).is_none()) {
        write_stderr(&format!(
            "错误：没有规则“{unknown}”。用 zjlint rules 查看所有规则。\n"
        ));
        return EXIT_ERROR;
    }
    let outcomes = crate::cases::run(&catalogue, &args.codes);
    let failures: Vec<String> = outcomes.iter().filter_map(|o| o.failure()).collect();
    let mut out = failures.join("\n");
    if !failures.is_empty() {
        out.push('\n');
    }
    out.push_str(&format!(
        "{} 条样例，{} 条相符，{} 条不符\n",
        outcomes.len(),
        outcomes.len() - failures.len(),
        failures.len()
    ));
    match print(&out) {
        EXIT_CLEAN if !failures.is_empty() => EXIT_FINDINGS,
        code => code,
    }
}
