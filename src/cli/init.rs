//! `zjlint init`: write a commented starter zjlint.toml that lists every option with its
//! default. The rule list and the rules' parameters come from the catalogue, so the file stays
//! complete as rules are added.

use super::{print, EXIT_ERROR};
use crate::catalogue::Catalogue;
use crate::io::write_stderr;
use std::fmt::Write as _;
use std::path::PathBuf;

#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// 写到哪里（默认当前目录下的 zjlint.toml）；- 表示标准输出
    #[arg(default_value = crate::config::CONFIG_FILE)]
    pub path: PathBuf,
    /// 文件已存在时覆盖它
    #[arg(long)]
    pub force: bool,
}

pub fn run(args: InitArgs) -> i32 {
    let to_stdout = args.path.as_os_str() == "-";
    if !to_stdout && std::fs::symlink_metadata(&args.path).is_ok() && !args.force {
        write_stderr(&format!(
            "错误：{} 已存在；要覆盖它请加 --force\n",
            args.path.display()
        ));
        return EXIT_ERROR;
    }
    let catalogue = match Catalogue::builtin() {
        Ok(c) => c,
        Err(e) => {
            write_stderr(&format!("错误：{e}\n"));
            return EXIT_ERROR;
        }
    };
    if to_stdout {
        return print(&starter(&catalogue));
    }
    if let Err(e) = std::fs::write(&args.path, starter(&catalogue)) {
        write_stderr(&format!(
            "错误：无法写入 {}：{}\n",
            args.path.display(),
            crate::io::describe(&e)
        ));
        return EXIT_ERROR;
    }
    print(&format!(
        "已写出 {}。其中的设置都已注释掉，即内置默认值；取消注释再修改即可。\n",
        args.path.display()
    ))
}

/// The starter file. Every setting is commented out, so the file as written changes nothing.
pub fn starter(catalogue: &Catalogue) -> String {
    let mut out = String::from(STARTER_HEAD);
    out.push_str("\n[rules.severity]\n");
    out.push_str("# 每条规则的级别：off（关闭）、info、warning、error。下面是各规则的默认级别。\n");
    out.push_str(
        "# 也可写代码前缀或类别，如 ZJ3 = \"error\"、placeholder = \"error\"；越具体越优先。\n",
    );
    for rule in &catalogue.rules {
        let d = &rule.def;
        let _ = writeln!(
            out,
            "# {} = \"{}\"  # {}（{}）",
            d.code,
            d.severity.as_str(),
            d.name,
            d.category
        );
    }
    out.push_str(OPTIONS_HEAD);
    // The numbering options, unless the rules list them among their parameters below.
    let listed = |rule: &str, option: &str| {
        catalogue
            .get(rule)
            .is_some_and(|r| r.def.params.contains_key(option))
    };
    if !listed("heading-marker-form", "accept_arabic_dun") {
        out.push_str(NUMBERING_OPTIONS);
    }
    for rule in &catalogue.rules {
        let d = &rule.def;
        let mut lines = Vec::new();
        for (key, value) in &d.params {
            match value {
                toml::Value::Array(items) => lines.push(format!(
                    "# extra_{key} = []  # 向 {key} 追加（原有 {} 项）",
                    items.len()
                )),
                toml::Value::Table(_) => {}
                scalar => lines.push(format!("# {key} = {scalar}")),
            }
        }
        if lines.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n# [rules.options.{}]  # {}", d.name, d.code);
        for line in lines {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out.push_str(STARTER_TAIL);
    out
}

const STARTER_HEAD: &str = r#"# zjlint 配置文件。zjlint 从被检查的文件所在目录向上查找 zjlint.toml，直到仓库根目录
# （含 .git 的目录）或文件系统根目录；也可用 zjlint check --config 路径 指定，--isolated 不读配置。
# 下面的设置都已注释掉，即内置默认值：取消注释再修改即可。完整说明见 docs/configuration.md。
#
# 编辑器补全（Even Better TOML / taplo）：运行 zjlint schema > zjlint.schema.json，
# 再在本文件第一行写上：#:schema ./zjlint.schema.json

# 先读入的其他配置文件或共享规则文件（相对本文件所在目录）；本文件的设置覆盖它们。
# extend = ["team-rules.toml"]

# 文档画像：auto（依标题判断）、summary（工作总结）、plan（工作计划）、combined（总结及计划），
# 或下面 [profiles] 中新定义的名称。
# profile = "auto"

# 有这一级别或更严重的问题时 zjlint check 以状态 1 退出：info、warning、error。
# 命令行 --fail-on 优先。
# fail_on = "warning"

[rules]
# 规则可用代码（ZJ101）、代码前缀（ZJ1）、名称、类别（junk、numbering、structure、placeholder、
# punctuation、wording、consistency、suppression）或 ALL 指明。
# 启用哪些规则（替换默认的全部规则）：
# select = ["ALL"]
# 在已选规则之外追加启用：
# extend_select = []
# 关闭的规则（同一层中优先于 select）：
# ignore = []
"#;

const OPTIONS_HEAD: &str = r#"
# 规则选项：写在 [rules.options.<规则代码或名称>] 下，覆盖规则的同名参数；
# extra_<参数名> = [...] 向数组参数追加（如 extra_phrases 追加词语）。下面是各规则的参数及默认值。
"#;

const NUMBERING_OPTIONS: &str = r#"# 标题编号规则的常用选项：
# [rules.options.heading-marker-form]
# accept_arabic_dun = false           # 三级标题接受“1、”
# accept_half_width_brackets = false  # 接受半角括号“(一)”“(1)”
# [rules.options.heading-level-skipped]
# allow_skipped_level = false         # 允许跳过层级
"#;

const STARTER_TAIL: &str = r#"
# 画像定义：与内置画像同名时修改它（parts 替换全部组成部分，extra_parts 追加），新名称则新增。
# [profiles.summary]
# extra_parts = [
#   { name = "特色亮点", headings = ["特色亮点", "工作亮点"], cues = ["亮点"] },
# ]

# 按文件覆盖：files 中的 glob 相对本文件所在目录；不含 / 的模式匹配任意目录下的文件名。
# [[overrides]]
# files = ["计划/**"]
# profile = "plan"
# [overrides.rules]
# ignore = []
# [overrides.rules.severity]

# 自定义规则，与内置规则同样格式；代码用自己的前缀（ZJ 留给内置规则）。
# [[rule]]
# code = "BUREAU001"
# name = "bureau-banned-phrase"
# category = "wording"
# severity = "warning"
# kind = "phrase"
# phrases = ["效劳"]
# message = "不宜使用“{match}”"
# help = "改用规范说法"
#
# [[rule]]
# code = "BUREAU002"
# name = "bureau-substitution"
# category = "wording"
# severity = "warning"
# kind = "substitution"
# replace = { "效劳" = "服务" }
# message = "“{match}”应写作“{replacement}”"
# help = "改为“{replacement}”"
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn starter_is_a_valid_configuration_that_changes_nothing() {
        let catalogue = Catalogue::builtin().expect("built-in rules load");
        let text = starter(&catalogue);
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("zjlint.toml");
        std::fs::write(&path, &text).expect("write");
        let config = crate::config::Config::load(&path, &Default::default()).expect("valid");
        let settings = config.settings_for(None).expect("settings");
        assert_eq!(settings.rules.len(), catalogue.rules.len());
        for rule in &catalogue.rules {
            assert!(text.contains(&format!("# {} = \"", rule.def.code)));
        }
    }
}
