//! zjlint.toml: which rules run, how severe they are, their options, document profiles, users'
//! own rules, per-file overrides.
//!
//! Layers, later ones winning: built-in defaults < `extend`ed files (in order) < the file <
//! its `[[overrides]]` matching the linted file (in order) < command-line flags. A file is found
//! by walking up from each linted file to the repository root (a directory with `.git`) or the
//! filesystem root; `--config PATH` names one, `--isolated` uses the defaults only.
//!
//! Everything is checked before anything is linted: unknown keys, wrong types, unknown rules,
//! bad options (each rule's check kind is rebuilt with its merged parameters, so it reports its
//! own errors), invalid globs and missing `extend` files are [`ConfigError`]s that quote the file
//! and label the exact key or value.

use crate::catalogue::{Catalogue, RuleDef, CATEGORIES};
use crate::diagnostic::Severity;
use crate::lint::{ActiveRule, Settings};
use miette::{LabeledSpan, NamedSource};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};

/// The file name looked for next to the linted files and in their parent directories.
pub const CONFIG_FILE: &str = "zjlint.toml";

/// Names of the built-in document profiles; the structure rules' `profiles` parameter and the
/// configuration's `[profiles.*]` may add more.
pub const BUILTIN_PROFILES: &[&str] = &["summary", "plan", "combined"];

// ---------------------------------------------------------------------------------------------
// The file's shape. Doc comments are the schema's descriptions (shown by editors).

/// zjlint 的配置文件（zjlint.toml）。所有键都可省略；省略时用内置默认值。
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "zjlint.toml")]
pub struct ConfigFile {
    /// 先读入的其他配置文件或共享规则文件（相对本文件所在目录），本文件的设置覆盖它们。规则文件与 rules/*.toml 同样格式，只含 [[rule]]。
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extend: Vec<String>,
    /// 文档画像：auto（默认，依标题判断）、summary（总结）、plan（计划）、combined（总结及计划），或 [profiles] 中新定义的名称。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// 哪一级别的问题使 zjlint check 以状态 1 退出（默认 warning）；命令行 --fail-on 优先。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fail_on: Option<SeverityName>,
    /// 规则的启用、级别与选项。
    #[serde(default)]
    pub rules: RulesConfig,
    /// 画像定义：与内置画像同名时修改它（parts 替换全部组成部分，extra_parts 追加），新名称则新增一个画像。并入结构规则的 profiles 参数。
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "BTreeMap<String, ProfileSchema>")]
    pub profiles: BTreeMap<String, toml::Table>,
    /// 按文件覆盖：files 中的 glob（相对本文件所在目录）匹配的文件，再叠加这里的设置。
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overrides: Vec<Override>,
    /// 自定义规则，与内置 rules/*.toml 同样格式。
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[schemars(with = "Vec<UserRuleSchema>")]
    pub rule: Vec<toml::Table>,
}

/// 规则的启用、级别与选项。规则可用代码（ZJ101）、代码前缀（ZJ1）、名称（heading-marker-form）、类别（numbering）或 ALL 指明。
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RulesConfig {
    /// 启用哪些规则，替换此前的选择（默认全部规则）。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub select: Option<Vec<String>>,
    /// 在已选规则之外追加启用。
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub extend_select: Vec<String>,
    /// 关闭的规则；同一层中优先于 select。
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
    /// 各规则的级别：off、info、warning、error。越具体越优先：ALL < 类别 < 代码前缀 < 代码或名称。
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub severity: BTreeMap<String, Level>,
    /// 规则选项：[rules.options.<代码或名称>] 下的键覆盖该规则的同名参数；extra_<参数名> = [...] 向数组参数追加。
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    #[schemars(with = "BTreeMap<String, RuleOptionsSchema>")]
    pub options: BTreeMap<String, toml::Table>,
}

/// 一组按文件覆盖的设置。
#[derive(Debug, Clone, Default, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// glob 列表，相对定义它的配置文件所在目录；不含 / 的模式匹配任意目录下的文件名。* 不跨目录，** 跨目录。
    pub files: Vec<String>,
    /// 这些文件的文档画像。
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// 叠加在上层设置之上的规则设置：select 替换、extend_select 追加、ignore 关闭。
    #[serde(default)]
    pub rules: RulesConfig,
}

/// A rule's level in the configuration; `off` turns it off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Off,
    Info,
    Warning,
    Error,
}

impl Level {
    fn severity(self) -> Option<Severity> {
        match self {
            Level::Off => None,
            Level::Info => Some(Severity::Info),
            Level::Warning => Some(Severity::Warning),
            Level::Error => Some(Severity::Error),
        }
    }
}

/// A severity as written in configuration (`fail_on`, a user rule's `severity`) or given to
/// `--fail-on`.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize, JsonSchema, clap::ValueEnum,
)]
#[serde(rename_all = "lowercase")]
pub enum SeverityName {
    Info,
    Warning,
    Error,
}

impl From<SeverityName> for Severity {
    fn from(s: SeverityName) -> Severity {
        match s {
            SeverityName::Info => Severity::Info,
            SeverityName::Warning => Severity::Warning,
            SeverityName::Error => Severity::Error,
        }
    }
}

/// Schema only: what `[rules.options.<rule>]` may hold. Every key is passed to the rule's
/// check kind, which rejects the ones it does not know.
#[derive(JsonSchema)]
#[allow(dead_code)]
struct RuleOptionsSchema {
    /// heading-marker-form：三级标题是否接受“1、”（默认 false，按 GB/T 9704 应为“1.”）。
    accept_arabic_dun: Option<bool>,
    /// heading-marker-form：是否接受半角括号“(一)”“(1)”（默认 false）。
    accept_half_width_brackets: Option<bool>,
    /// heading-level-skipped：是否允许跳过层级（如“一、”下直接用“1.”，默认 false）。
    allow_skipped_level: Option<bool>,
    /// phrase 类规则：追加词语。
    extra_phrases: Option<Vec<String>>,
    /// pattern 类规则：追加正则表达式。
    extra_patterns: Option<Vec<String>>,
    /// 其他参数：与规则 TOML 中的参数同名即覆盖，extra_<参数名> 向数组参数追加。
    #[serde(flatten)]
    other: BTreeMap<String, serde_json::Value>,
}

/// Schema only: a profile definition.
#[derive(JsonSchema)]
#[allow(dead_code)]
struct ProfileSchema {
    /// 该画像的全部组成部分（替换原有的），按应出现的顺序排列。
    parts: Option<Vec<PartSchema>>,
    /// 追加在原有组成部分之后的部分。
    extra_parts: Option<Vec<PartSchema>>,
    /// 其他参数，按结构规则的画像格式。
    #[serde(flatten)]
    other: BTreeMap<String, serde_json::Value>,
}

/// Schema only: one required part of a profile.
#[derive(JsonSchema)]
#[allow(dead_code)]
struct PartSchema {
    /// 部分的名称，如“特色亮点”。
    name: String,
    /// 可作为该部分标题的说法。
    #[serde(default)]
    headings: Vec<String>,
    /// 正文中表明该部分存在的提示语。
    #[serde(default)]
    cues: Vec<String>,
    #[serde(flatten)]
    other: BTreeMap<String, serde_json::Value>,
}

/// Schema only: a user's rule, as in rules/*.toml.
#[derive(JsonSchema)]
#[allow(dead_code)]
struct UserRuleSchema {
    /// 规则代码：大写字母后接数字，如 BUREAU001；ZJ 开头的代码留给内置规则。
    code: String,
    /// 规则名称，小写字母、数字和连字符，如 bureau-banned-phrase。
    name: String,
    /// 类别：junk、numbering、structure、placeholder、punctuation、wording、consistency。junk 类规则先运行，其命中的行不再由其他规则检查。
    category: String,
    /// 默认级别。
    severity: SeverityName,
    /// 检查类型：pattern（正则，参数 patterns）、phrase（词语，参数 phrases）、substitution（替换，给出改法）等。
    kind: String,
    /// 提示信息，可用 {match} 等占位。
    message: String,
    /// 改正建议。
    help: String,
    /// 说明文档（Markdown）。
    #[serde(default)]
    docs: Option<String>,
    /// 规则的发现是否带修正：safe（总是对的，`zjlint check --fix` 应用）或 unsafe（需要人看一眼，加 `--unsafe-fixes` 才应用）；不写则只报告。
    #[serde(default)]
    fix: Option<FixName>,
    /// 样例：文本和规则应报告的问题，由 zjlint cases 运行。
    #[serde(default, rename = "case")]
    cases: Vec<UserRuleCaseSchema>,
    /// 检查类型自己的参数，如 patterns = ["…"]、phrases = ["…"]。
    #[serde(flatten)]
    params: BTreeMap<String, serde_json::Value>,
}

/// Schema only: a user's rule case, as `catalogue::RuleCase` reads it.
#[derive(JsonSchema)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct UserRuleCaseSchema {
    /// 一段文本。
    text: String,
    /// 规则在这段文本上应报告的问题，每条写作“行:列 摘录”（行列从 1 数起，按字符计；换行写作 ⏎）；应保持安静时为空。
    #[serde(default)]
    expect: Vec<String>,
    /// 应用规则的修正后应得到的全文（可选）。
    #[serde(default)]
    fixed: Option<String>,
    /// 这条样例说明什么（一句话）。
    #[serde(default)]
    why: String,
    /// 按 Markdown 文件读这段文本（标记不参与检查，# 的个数给出标题层级）。
    #[serde(default)]
    markdown: bool,
    /// 第一条报告的消息应与此完全相同（可选；用来检查由模板填出的消息）。
    #[serde(default)]
    message: Option<String>,
}

/// Schema only: how sure a rule's fixes are, as `diagnostic::Applicability` reads it.
#[derive(JsonSchema)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum FixName {
    Safe,
    Unsafe,
}

/// The JSON schema of zjlint.toml, as committed in zjlint.schema.json.
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(ConfigFile);
    let mut out = serde_json::to_string_pretty(&schema).unwrap_or_default();
    out.push('\n');
    out
}

// ---------------------------------------------------------------------------------------------
// Errors

/// One thing wrong with a configuration, shown with the file quoted and the spot labelled.
#[derive(Debug, Clone)]
pub struct ConfigError {
    pub code: &'static str,
    pub message: String,
    pub help: Option<String>,
    pub source: Option<Arc<NamedSource<String>>>,
    pub label: Option<(Range<usize>, String)>,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ConfigError {}

impl miette::Diagnostic for ConfigError {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }
    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display + 'a>)
    }
    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_ref().map(|s| s as &dyn miette::SourceCode)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        let (span, text) = self.label.as_ref()?;
        Some(Box::new(std::iter::once(LabeledSpan::new_with_span(
            Some(text.clone()),
            span.clone(),
        ))))
    }
}

impl ConfigError {
    fn plain(code: &'static str, message: String) -> Self {
        ConfigError {
            code,
            message,
            help: None,
            source: None,
            label: None,
        }
    }
    fn with_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }
}

/// All that is wrong with a configuration (at least one).
#[derive(Debug, Clone)]
pub struct ConfigErrors(pub Vec<ConfigError>);

impl fmt::Display for ConfigErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for ConfigErrors {}

impl From<ConfigError> for ConfigErrors {
    fn from(e: ConfigError) -> Self {
        ConfigErrors(vec![e])
    }
}

impl ConfigErrors {
    /// The errors as miette reports, for a terminal (`color`) or a file.
    pub fn render(&self, color: bool) -> String {
        let theme = if color {
            miette::GraphicalTheme::unicode()
        } else {
            miette::GraphicalTheme::unicode_nocolor()
        };
        let handler = miette::GraphicalReportHandler::new_themed(theme)
            .with_width(100)
            .with_wrap_lines(false);
        let mut out = String::new();
        for e in &self.0 {
            if handler.render_report(&mut out, e).is_err() {
                out.push_str(&format!("错误：{e}\n"));
            }
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Locating keys and values in the file

/// One step of a path into the TOML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seg {
    Key(String),
    Index(usize),
}

fn key(k: &str) -> Seg {
    Seg::Key(k.to_string())
}

/// Which part of an entry to label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Key,
    Value,
}

/// A configuration file as read: its text, for quoting, and its parsed form, for spans.
struct ConfigSource {
    path: PathBuf,
    named: Arc<NamedSource<String>>,
    doc: toml_edit::ImDocument<String>,
}

impl fmt::Debug for ConfigSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ConfigSource")
            .field("path", &self.path)
            .finish()
    }
}

/// A place in a configuration file that an error can point at.
#[derive(Debug, Clone)]
struct Loc {
    source: Arc<ConfigSource>,
    path: Vec<Seg>,
}

impl Loc {
    fn at(&self, seg: Seg) -> Loc {
        let mut path = self.path.clone();
        path.push(seg);
        Loc {
            source: self.source.clone(),
            path,
        }
    }

    fn span(&self, part: Part) -> Option<Range<usize>> {
        locate(&self.source.doc, &self.path, part)
    }

    fn error(&self, code: &'static str, part: Part, message: String, label: &str) -> ConfigError {
        ConfigError {
            code,
            message,
            help: None,
            source: Some(self.source.named.clone()),
            label: self.span(part).map(|s| (s, label.to_string())),
        }
    }
}

enum Node<'a> {
    Item(&'a toml_edit::Item),
    Value(&'a toml_edit::Value),
    Table(&'a toml_edit::Table),
}

/// The span of the key or value at `path`; the nearest enclosing one when it has none.
fn locate(doc: &toml_edit::ImDocument<String>, path: &[Seg], part: Part) -> Option<Range<usize>> {
    let mut node = Node::Item(doc.as_item());
    let mut best: Option<Range<usize>> = None;
    let mut key_span: Option<Range<usize>> = None;
    for seg in path {
        let next = match (seg, &node) {
            (Seg::Key(k), Node::Table(t)) => {
                key_span = t.key(k).and_then(|k| k.span());
                t.get(k).map(Node::Item)
            }
            (Seg::Key(k), Node::Item(toml_edit::Item::Table(t))) => {
                key_span = t.key(k).and_then(|k| k.span());
                t.get(k).map(Node::Item)
            }
            (Seg::Key(k), Node::Item(toml_edit::Item::Value(toml_edit::Value::InlineTable(t))))
            | (Seg::Key(k), Node::Value(toml_edit::Value::InlineTable(t))) => {
                key_span = t.key(k).and_then(|k| k.span());
                t.get(k).map(Node::Value)
            }
            (Seg::Index(i), Node::Item(toml_edit::Item::ArrayOfTables(a))) => {
                key_span = None;
                a.get(*i).map(Node::Table)
            }
            (Seg::Index(i), Node::Item(toml_edit::Item::Value(toml_edit::Value::Array(a))))
            | (Seg::Index(i), Node::Value(toml_edit::Value::Array(a))) => {
                key_span = None;
                a.get(*i).map(Node::Value)
            }
            _ => None,
        };
        let Some(next) = next else { return best };
        let span = match &next {
            Node::Item(item) => item.span(),
            Node::Value(v) => v.span(),
            Node::Table(t) => t.span(),
        };
        best = match part {
            Part::Key => key_span.clone().or(span).or(best),
            Part::Value => span.or(key_span.clone()).or(best),
        };
        node = next;
    }
    best
}

// ---------------------------------------------------------------------------------------------
// Serde's messages, in Chinese, with a suggestion for a misspelt name

/// The words between backticks in a serde message.
fn ticked(msg: &str) -> Vec<&str> {
    msg.split('`').skip(1).step_by(2).collect()
}

/// The closest candidate to `word`, if close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, &c.to_lowercase()), c))
        .filter(|(score, _)| *score >= 0.8)
        .fold(None, |best: Option<(f64, &str)>, (score, c)| match best {
            Some((b, _)) if b >= score => best,
            _ => Some((score, c)),
        })
        .map(|(_, c)| c)
}

fn type_name(what: &str) -> String {
    let what = what.trim();
    // A struct's Rust name means nothing to people.
    if what.starts_with("struct ") {
        return "表".into();
    }
    for (en, zh) in [
        ("a string", "字符串"),
        ("a boolean", "布尔值（true 或 false）"),
        ("a sequence", "数组"),
        ("a map", "表"),
        ("an integer", "整数"),
        ("a float", "小数"),
        ("string ", "字符串 "),
        ("boolean ", "布尔值 "),
        ("integer ", "整数 "),
        ("floating point ", "小数 "),
        ("sequence", "数组"),
        ("map", "表"),
        ("enum ", "取值 "),
    ] {
        if let Some(rest) = what.strip_prefix(en) {
            return format!("{zh}{rest}").replace('`', "");
        }
    }
    if ["u8", "u16", "u32", "u64", "usize", "i32", "i64"].contains(&what) {
        return "整数".into();
    }
    what.replace('`', "")
}

/// A serde or TOML message as (message, label, help) in Chinese.
fn translate(msg: &str) -> (String, String, Option<String>) {
    let first = msg.lines().next().unwrap_or(msg).trim();
    let words = ticked(first);
    let list = |from: usize| -> String {
        words
            .get(from..)
            .unwrap_or(&[])
            .iter()
            .map(|w| format!("“{w}”"))
            .collect::<Vec<_>>()
            .join("、")
    };
    let suggest = |kind: &str| -> Option<String> {
        let wrong = words.first()?;
        let options = words.get(1..).unwrap_or(&[]);
        let allowed = if options.is_empty() {
            None
        } else {
            Some(format!("可用的{kind}：{}", list(1)))
        };
        match closest(wrong, options.iter().copied()) {
            Some(s) => Some(format!(
                "你是不是想写“{s}”？{}",
                allowed.map(|a| format!("（{a}）")).unwrap_or_default()
            )),
            None => allowed,
        }
    };
    if first.starts_with("unknown field") {
        let wrong = words.first().copied().unwrap_or("");
        return (
            format!("未知的键“{wrong}”"),
            "不认识这个键".into(),
            suggest("键"),
        );
    }
    if first.starts_with("unknown variant") {
        let wrong = words.first().copied().unwrap_or("");
        return (
            format!("不认识的取值“{wrong}”"),
            "不认识这个取值".into(),
            suggest("取值"),
        );
    }
    if first.starts_with("missing field") {
        let field = words.first().copied().unwrap_or("");
        return (
            format!("缺少必需的键“{field}”"),
            format!("这里缺少“{field}”"),
            None,
        );
    }
    if let Some(rest) = first.strip_prefix("invalid type:") {
        if let Some((got, want)) = rest.split_once(", expected ") {
            return (
                format!(
                    "类型错误：应为{}，实际是{}",
                    type_name(want),
                    type_name(got)
                ),
                format!("应为{}", type_name(want)),
                None,
            );
        }
    }
    if let Some(rest) = first.strip_prefix("invalid length") {
        return (
            format!("长度不对：{}", rest.trim_start_matches([':', ' '])),
            "长度不对".into(),
            None,
        );
    }
    if first.starts_with("duplicate key") || first.starts_with("duplicate field") {
        let k = words.first().copied().unwrap_or("");
        return (format!("键“{k}”重复出现"), "重复的键".into(), None);
    }
    (msg.trim().to_string(), "这里".into(), None)
}

// ---------------------------------------------------------------------------------------------
// Selectors: code, code prefix, name, category, ALL

/// The indices of the rules `selector` names, or `None` when it names none.
pub fn resolve_selector(catalogue: &Catalogue, selector: &str) -> Option<Vec<usize>> {
    let all: Vec<usize> = (0..catalogue.rules.len()).collect();
    if selector.eq_ignore_ascii_case("ALL") {
        return Some(all);
    }
    let matched: Vec<usize> = if CATEGORIES.contains(&selector) {
        all.into_iter()
            .filter(|&i| catalogue.rules[i].def.category == selector)
            .collect()
    } else if let Some(i) = catalogue
        .rules
        .iter()
        .position(|r| r.def.code.eq_ignore_ascii_case(selector) || r.def.name == selector)
    {
        vec![i]
    } else if is_code_prefix(selector) {
        all.into_iter()
            .filter(|&i| {
                let code = &catalogue.rules[i].def.code;
                code.len() > selector.len()
                    && code.is_char_boundary(selector.len())
                    && code[..selector.len()].eq_ignore_ascii_case(selector)
            })
            .collect()
    } else {
        Vec::new()
    };
    // A category without rules is still a valid name.
    (!matched.is_empty() || CATEGORIES.contains(&selector)).then_some(matched)
}

/// How specific a selector is: later (more specific) selectors win in `[rules.severity]`.
fn specificity(catalogue: &Catalogue, selector: &str) -> usize {
    if selector.eq_ignore_ascii_case("ALL") {
        0
    } else if CATEGORIES.contains(&selector) {
        1
    } else if catalogue.get(selector).is_some() {
        usize::MAX
    } else {
        2 + selector.len()
    }
}

fn is_code_prefix(s: &str) -> bool {
    let letters = s.chars().take_while(|c| c.is_ascii_alphabetic()).count();
    letters > 0 && s.chars().skip(letters).all(|c| c.is_ascii_digit())
}

/// A likely intended selector for a misspelt one.
pub fn suggest_selector(catalogue: &Catalogue, selector: &str) -> Option<String> {
    let names = catalogue
        .rules
        .iter()
        .flat_map(|r| [r.def.code.as_str(), r.def.name.as_str()])
        .chain(CATEGORIES.iter().copied());
    closest(selector, names).map(str::to_string)
}

fn unknown_rule(loc: &Loc, part: Part, catalogue: &Catalogue, selector: &str) -> ConfigError {
    let help = match suggest_selector(catalogue, selector) {
        Some(s) => format!("你是不是想写“{s}”？用 zjlint rules 查看所有规则"),
        None => {
            "可写规则代码（ZJ101）、代码前缀（ZJ1）、名称、类别或 ALL；用 zjlint rules 查看所有规则"
                .into()
        }
    };
    loc.error(
        "zjlint::config::unknown-rule",
        part,
        format!("没有规则“{selector}”"),
        "不是已知的规则代码、名称或类别",
    )
    .with_help(Some(help))
}

// ---------------------------------------------------------------------------------------------
// Loading

/// One file of a configuration: the file itself or one it extends.
#[derive(Debug)]
struct Layer {
    loc: Loc,
    dir: PathBuf,
    file: ConfigFile,
}

/// An override, ready to match paths.
#[derive(Debug)]
struct CompiledOverride {
    dir: PathBuf,
    globs: globset::GlobSet,
    rules: RulesConfig,
    profile: Option<String>,
    loc: Loc,
}

/// Settings given on the command line; they win over every file.
#[derive(Debug, Clone, Default)]
pub struct CliOverrides {
    pub fail_on: Option<Severity>,
}

/// A loaded configuration: built-in rules plus the users', and the layers that set them up.
pub struct Config {
    /// The file it was read from; `None` for the built-in defaults.
    pub path: Option<PathBuf>,
    pub catalogue: Arc<Catalogue>,
    layers: Vec<Layer>,
    overrides: Vec<CompiledOverride>,
    fail_on: Severity,
    cache: Mutex<HashMap<Vec<usize>, Arc<Settings>>>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config").field("path", &self.path).finish()
    }
}

/// The built-in catalogue, read once per process and shared: its checks, compiled when first
/// used, are compiled once for every configuration built on it.
pub(crate) fn builtin_catalogue() -> Result<Catalogue, ConfigErrors> {
    static BUILTIN: OnceLock<Result<Catalogue, String>> = OnceLock::new();
    BUILTIN
        .get_or_init(|| Catalogue::builtin().map_err(|e| e.to_string()))
        .clone()
        .map_err(|e| ConfigError::plain("zjlint::rules", format!("内置规则无法载入：{e}")).into())
}

/// A path as shown to people: relative to the working directory when under it.
fn display_path(path: &Path) -> String {
    if let Ok(cwd) = std::env::current_dir() {
        if let Ok(rel) = path.strip_prefix(&cwd) {
            return rel.display().to_string();
        }
    }
    path.display().to_string()
}

fn absolute(path: &Path) -> PathBuf {
    std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf())
}

impl Config {
    /// The built-in defaults.
    pub fn builtin(cli: &CliOverrides) -> Result<Config, ConfigErrors> {
        let catalogue = Arc::new(builtin_catalogue()?);
        let config = Config {
            path: None,
            catalogue,
            layers: Vec::new(),
            overrides: Vec::new(),
            fail_on: cli.fail_on.unwrap_or(Severity::Warning),
            cache: Mutex::new(HashMap::new()),
        };
        Ok(config)
    }

    /// Read `path` and the files it extends, and check everything in them.
    pub fn load(path: &Path, cli: &CliOverrides) -> Result<Config, ConfigErrors> {
        let mut layers = Vec::new();
        let mut errors = Vec::new();
        read_layers(
            &absolute(path),
            None,
            &mut Vec::new(),
            &mut layers,
            &mut errors,
        );
        if !errors.is_empty() {
            return Err(ConfigErrors(errors));
        }
        let catalogue = Arc::new(user_catalogue(&layers)?);
        let mut errors = Vec::new();
        let profiles = known_profiles(&catalogue, &layers);
        for layer in &layers {
            check_layer(layer, &catalogue, &profiles, &mut errors);
        }
        let overrides = compile_overrides(&layers, &mut errors);
        if !errors.is_empty() {
            return Err(ConfigErrors(errors));
        }
        let fail_on = cli
            .fail_on
            .or_else(|| {
                layers
                    .iter()
                    .rev()
                    .find_map(|l| l.file.fail_on.map(Severity::from))
            })
            .unwrap_or(Severity::Warning);
        let config = Config {
            path: Some(absolute(path)),
            catalogue,
            layers,
            overrides,
            fail_on,
            cache: Mutex::new(HashMap::new()),
        };
        // Build the settings of the file alone and of each override once, so that a bad
        // option anywhere is an error now rather than when a matching file turns up.
        let mut errors = Vec::new();
        if let Err(e) = config.settings_with(&[]) {
            errors.extend(e.0);
        }
        for i in 0..config.overrides.len() {
            if let Err(e) = config.settings_with(&[i]) {
                for e in e.0 {
                    if !errors_contain(&errors, &e) {
                        errors.push(e);
                    }
                }
            }
        }
        if !errors.is_empty() {
            return Err(ConfigErrors(errors));
        }
        Ok(config)
    }

    /// The settings for linting `file` (`None` for standard input: no override applies).
    pub fn settings_for(&self, file: Option<&Path>) -> Result<Arc<Settings>, ConfigErrors> {
        let matched: Vec<usize> = match file {
            Some(file) => {
                let file = absolute(file);
                self.overrides
                    .iter()
                    .enumerate()
                    .filter(|(_, o)| {
                        let rel = file.strip_prefix(&o.dir).unwrap_or(&file);
                        o.globs.is_match(rel)
                    })
                    .map(|(i, _)| i)
                    .collect()
            }
            None => Vec::new(),
        };
        self.settings_with(&matched)
    }

    fn settings_with(&self, overrides: &[usize]) -> Result<Arc<Settings>, ConfigErrors> {
        if let Ok(cache) = self.cache.lock() {
            if let Some(s) = cache.get(overrides) {
                return Ok(s.clone());
            }
        }
        let settings = Arc::new(self.build(overrides)?);
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(overrides.to_vec(), settings.clone());
        }
        Ok(settings)
    }

    /// Apply the layers, then the overrides, to every rule, and build the rules that run.
    fn build(&self, overrides: &[usize]) -> Result<Settings, ConfigErrors> {
        let catalogue = &self.catalogue;
        let mut states: Vec<RuleState> = catalogue
            .rules
            .iter()
            .map(|r| RuleState {
                selected: true,
                severity: Some(r.def.severity),
                options: Vec::new(),
            })
            .collect();
        let mut profile: Option<(String, Loc)> = None;
        let mut profile_defs: Vec<(String, toml::Table, Loc)> = Vec::new();
        for layer in &self.layers {
            apply_rules(
                &mut states,
                catalogue,
                &layer.file.rules,
                &layer.loc.at(key("rules")),
            );
            if let Some(p) = &layer.file.profile {
                profile = Some((p.clone(), layer.loc.at(key("profile"))));
            }
            for (name, table) in &layer.file.profiles {
                let loc = layer.loc.at(key("profiles")).at(key(name));
                profile_defs.push((name.clone(), table.clone(), loc));
            }
        }
        for &i in overrides {
            let Some(o) = self.overrides.get(i) else {
                continue;
            };
            apply_rules(&mut states, catalogue, &o.rules, &o.loc.at(key("rules")));
            if let Some(p) = &o.profile {
                profile = Some((p.clone(), o.loc.at(key("profile"))));
            }
        }
        let mut rules = Vec::new();
        let mut errors = Vec::new();
        for (rule, state) in catalogue.rules.iter().zip(&states) {
            // A rule that does not run is still built when it has options, so that a bad
            // option is an error even while its rule is off.
            let runs = state.severity.filter(|_| state.selected);
            if runs.is_none() && state.options.is_empty() {
                continue;
            }
            let severity = runs.unwrap_or(rule.def.severity);
            // Profiles are data of the structure rules: merged into their `profiles` parameter.
            let mut overlays: Vec<(toml::Table, Option<Loc>)> = Vec::new();
            if rule.def.params.contains_key("profiles") {
                if !profile_defs.is_empty() {
                    let mut profiles = rule.def.params.get("profiles").cloned();
                    for (name, table, _) in &profile_defs {
                        merge_profile(&mut profiles, name, table);
                    }
                    if let Some(p) = profiles {
                        let mut t = toml::Table::new();
                        t.insert("profiles".into(), p);
                        overlays.push((t, profile_defs.last().map(|d| d.2.clone())));
                    }
                }
                if let Some((name, loc)) = &profile {
                    let mut t = toml::Table::new();
                    t.insert("profile".into(), toml::Value::String(name.clone()));
                    overlays.push((t, Some(loc.clone())));
                }
            }
            for (table, loc) in &state.options {
                overlays.push((table.clone(), Some(loc.clone())));
            }
            let tables: Vec<&toml::Table> = overlays.iter().map(|(t, _)| t).collect();
            match ActiveRule::with_overlays(rule, severity, &tables) {
                Ok(active) if runs.is_some() => rules.push(active),
                Ok(_) => {}
                Err(message) => errors.push(option_error(&rule.def, &message, &overlays)),
            }
        }
        if !errors.is_empty() {
            return Err(ConfigErrors(errors));
        }
        Ok(Settings {
            catalogue: catalogue.clone(),
            rules,
            fail_on: self.fail_on,
        })
    }
}

fn errors_contain(errors: &[ConfigError], e: &ConfigError) -> bool {
    errors.iter().any(|x| {
        x.message == e.message && x.label.as_ref().map(|l| &l.0) == e.label.as_ref().map(|l| &l.0)
    })
}

/// A rule's state while the layers are applied.
struct RuleState {
    selected: bool,
    /// `None`: turned off by `[rules.severity]`.
    severity: Option<Severity>,
    /// Option tables, in order, with where each was written.
    options: Vec<(toml::Table, Loc)>,
}

fn apply_rules(states: &mut [RuleState], catalogue: &Catalogue, rc: &RulesConfig, loc: &Loc) {
    let count = states.len();
    let matches = |selectors: &[String]| -> Vec<bool> {
        let mut hit = vec![false; count];
        for s in selectors {
            for i in resolve_selector(catalogue, s).unwrap_or_default() {
                if let Some(h) = hit.get_mut(i) {
                    *h = true;
                }
            }
        }
        hit
    };
    if let Some(select) = &rc.select {
        for (state, on) in states.iter_mut().zip(matches(select)) {
            state.selected = on;
        }
    }
    for (state, on) in states.iter_mut().zip(matches(&rc.extend_select)) {
        state.selected |= on;
    }
    for (state, off) in states.iter_mut().zip(matches(&rc.ignore)) {
        state.selected &= !off;
    }
    let mut severities: Vec<(&String, &Level)> = rc.severity.iter().collect();
    severities.sort_by_key(|(s, _)| specificity(catalogue, s));
    for (selector, level) in severities {
        for i in resolve_selector(catalogue, selector).unwrap_or_default() {
            if let Some(state) = states.get_mut(i) {
                state.severity = level.severity();
            }
        }
    }
    for (name, table) in &rc.options {
        if let Some(i) = catalogue
            .rules
            .iter()
            .position(|r| r.def.code.eq_ignore_ascii_case(name) || r.def.name == *name)
        {
            let at = loc.at(key("options")).at(key(name));
            states[i].options.push((table.clone(), at));
        }
    }
}

/// Merge a profile definition into a rule's `profiles` array: the entry of the same name is
/// changed (keys replace, `extra_<name>` appends), or a new entry is added.
fn merge_profile(profiles: &mut Option<toml::Value>, name: &str, def: &toml::Table) {
    let list = match profiles {
        Some(toml::Value::Array(list)) => list,
        _ => return,
    };
    for entry in list.iter_mut() {
        if let toml::Value::Table(t) = entry {
            if t.get("name").and_then(|v| v.as_str()) == Some(name) {
                crate::lint::merge_params(t, def);
                return;
            }
        }
    }
    let mut t = toml::Table::new();
    t.insert("name".into(), toml::Value::String(name.into()));
    // A new profile has no parts to extend: `extra_parts` become its parts.
    for (k, v) in def {
        match k.strip_prefix("extra_") {
            Some(base) if !def.contains_key(base) => {
                t.insert(base.to_string(), v.clone());
            }
            _ => {
                t.insert(k.clone(), v.clone());
            }
        }
    }
    list.push(toml::Value::Table(t));
}

/// An error from a rule's check kind about its merged parameters, pointed at the option the
/// message names, else at the last option table given for the rule.
fn option_error(
    def: &RuleDef,
    message: &str,
    overlays: &[(toml::Table, Option<Loc>)],
) -> ConfigError {
    let (text, label, help) = translate(message);
    let words = ticked(message);
    let mut place: Option<(Loc, Part)> = None;
    'find: for (table, loc) in overlays.iter().rev() {
        let Some(loc) = loc else { continue };
        for k in table.keys() {
            if words.first() == Some(&k.as_str())
                || (words.is_empty() && message.contains(k.as_str()))
            {
                place = Some((loc.at(key(k)), Part::Key));
                break 'find;
            }
        }
        // A value quoted in the message (an invalid regex, say).
        for (k, v) in table {
            for (j, s) in strings_of(v) {
                if s.chars().count() >= 2 && message.contains(s) {
                    let at = loc.at(key(k));
                    place = Some((j.map(|j| at.at(Seg::Index(j))).unwrap_or(at), Part::Value));
                    break 'find;
                }
            }
        }
        if table.len() == 1 {
            if let Some(k) = table.keys().next() {
                place = Some((loc.at(key(k)), Part::Value));
                break 'find;
            }
        }
    }
    let place = place.or_else(|| {
        overlays
            .iter()
            .rev()
            .find_map(|(_, l)| l.clone())
            .map(|l| (l, Part::Key))
    });
    let message = format!("规则 {}（{}）的选项有误：{text}", def.code, def.name);
    match place {
        Some((loc, part)) => loc
            .error("zjlint::config::bad-option", part, message, &label)
            .with_help(help),
        None => ConfigError::plain("zjlint::config::bad-option", message).with_help(help),
    }
}

/// The strings in a value: itself, or an array's elements with their index.
fn strings_of(v: &toml::Value) -> Vec<(Option<usize>, &str)> {
    match v {
        toml::Value::String(s) => vec![(None, s.as_str())],
        toml::Value::Array(a) => a
            .iter()
            .enumerate()
            .filter_map(|(i, v)| v.as_str().map(|s| (Some(i), s)))
            .collect(),
        _ => Vec::new(),
    }
}

/// Read `path`, after the files it extends (depth first, in order).
fn read_layers(
    path: &Path,
    from: Option<&Loc>,
    chain: &mut Vec<PathBuf>,
    layers: &mut Vec<Layer>,
    errors: &mut Vec<ConfigError>,
) {
    let shown = display_path(path);
    if chain.iter().any(|p| p == path) {
        let message = format!("extend 形成循环：{shown} 又被引用");
        errors.push(match from {
            Some(loc) => loc.error(
                "zjlint::config::extend-cycle",
                Part::Value,
                message,
                "循环引用",
            ),
            None => ConfigError::plain("zjlint::config::extend-cycle", message),
        });
        return;
    }
    // Only a regular file of at most 1 MB: `extend = ["/dev/zero"]` or a FIFO must not hang.
    let text = match crate::io::read_regular_file(path, crate::io::CONFIG_LIMIT).and_then(|bytes| {
        String::from_utf8(bytes).map_err(|_| std::io::ErrorKind::InvalidData.into())
    }) {
        Ok(t) => t,
        Err(e) => {
            let (message, label) = if e.kind() == std::io::ErrorKind::NotFound {
                (format!("配置文件 {shown} 不存在"), "没有这个文件")
            } else if e.kind() == std::io::ErrorKind::InvalidData {
                (
                    format!("配置文件 {shown} 不是 UTF-8 文本，请用 UTF-8 编码保存"),
                    "不是 UTF-8 文本",
                )
            } else {
                (
                    format!("无法读取配置文件 {shown}：{}", crate::io::describe(&e)),
                    "无法读取",
                )
            };
            errors.push(match from {
                Some(loc) => loc
                    .error(
                        "zjlint::config::extend-missing",
                        Part::Value,
                        message,
                        label,
                    )
                    .with_help(Some("extend 中的路径相对于写它的配置文件所在目录".into())),
                None => ConfigError::plain("zjlint::config::missing", message),
            });
            return;
        }
    };
    let named = Arc::new(NamedSource::new(shown.clone(), text.clone()).with_language("TOML"));
    let doc = match toml_edit::ImDocument::parse(text.clone()) {
        Ok(doc) => doc,
        Err(e) => {
            let lines: Vec<String> = e
                .message()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(syntax_line)
                .collect();
            let first = lines.first().cloned().unwrap_or_default();
            let rest = lines.get(1..).unwrap_or(&[]).join("；");
            errors.push(ConfigError {
                code: "zjlint::config::syntax",
                message: format!("{shown} 不是有效的 TOML：{first}"),
                help: (!rest.is_empty()).then_some(rest),
                source: Some(named),
                label: e.span().map(|s| (s, "这里".into())),
            });
            return;
        }
    };
    let source = Arc::new(ConfigSource {
        path: path.to_path_buf(),
        named: named.clone(),
        doc,
    });
    let file: ConfigFile = match toml::from_str(&text) {
        Ok(f) => f,
        Err(e) => {
            let (mut message, mut label, mut help) = translate(e.message());
            if let Some(key) = e.span().and_then(|span| key_at(&source.doc, &span)) {
                let found = e.span().and_then(|span| text.get(span)).unwrap_or("");
                (message, label, help) =
                    name_the_key(e.message(), &key, found.trim(), (message, label, help));
            }
            errors.push(ConfigError {
                code: "zjlint::config::invalid",
                message,
                help,
                source: Some(named),
                label: e.span().map(|s| (s, label)),
            });
            return;
        }
    };
    let dir = path.parent().map(Path::to_path_buf).unwrap_or_default();
    let loc = Loc {
        source,
        path: Vec::new(),
    };
    chain.push(path.to_path_buf());
    for (i, extend) in file.extend.iter().enumerate() {
        let at = loc.at(key("extend")).at(Seg::Index(i));
        read_layers(&dir.join(extend), Some(&at), chain, layers, errors);
    }
    chain.pop();
    layers.push(Layer { loc, dir, file });
}

/// The dotted key (`rules.severity.ZJ101`) whose value holds `span`; array indices are left
/// out.
fn key_at(doc: &toml_edit::ImDocument<String>, span: &Range<usize>) -> Option<String> {
    let mut path = Vec::new();
    table_key_at(doc.as_table(), span, &mut path).then(|| path.join("."))
}

fn table_key_at(table: &toml_edit::Table, span: &Range<usize>, path: &mut Vec<String>) -> bool {
    for (k, item) in table.iter() {
        path.push(k.to_string());
        let found = match item {
            toml_edit::Item::Table(t) => table_key_at(t, span, path),
            toml_edit::Item::ArrayOfTables(a) => a.iter().any(|t| table_key_at(t, span, path)),
            toml_edit::Item::Value(v) => value_key_at(v, span, path),
            toml_edit::Item::None => false,
        };
        if found {
            return true;
        }
        path.pop();
    }
    false
}

fn value_key_at(value: &toml_edit::Value, span: &Range<usize>, path: &mut Vec<String>) -> bool {
    let inside = value
        .span()
        .is_some_and(|s| s.start <= span.start && span.end <= s.end);
    if !inside {
        return false;
    }
    match value {
        toml_edit::Value::InlineTable(t) => {
            for (k, v) in t.iter() {
                path.push(k.to_string());
                if value_key_at(v, span, path) {
                    return true;
                }
                path.pop();
            }
        }
        toml_edit::Value::Array(a) => {
            a.iter().any(|v| value_key_at(v, span, path));
        }
        _ => {}
    }
    true
}

/// A type error's message and help, naming the key and, for a level (`fail_on = 1`), the
/// values it takes.
fn name_the_key(
    serde_message: &str,
    key: &str,
    found: &str,
    translated: (String, String, Option<String>),
) -> (String, String, Option<String>) {
    let (message, label, help) = translated;
    // serde's words when a string naming one of several values was expected.
    if serde_message.starts_with("wanted string or table") {
        let last = key.rsplit('.').next().unwrap_or(key);
        let (values, example) = if key == "fail_on" {
            ("“info”、“warning”或“error”", "error")
        } else if key.contains("severity.") {
            ("“off”、“info”、“warning”或“error”", "off")
        } else {
            ("带引号的字符串", "…")
        };
        let found = if found.is_empty() {
            String::new()
        } else {
            format!("，实际是 {found}")
        };
        return (
            format!("类型错误：{key} 应为 {values}（字符串，要加引号）{found}"),
            "应为字符串".into(),
            Some(format!("例如：{last} = \"{example}\"")),
        );
    }
    match message.strip_prefix("类型错误：") {
        Some(rest) => (format!("类型错误：{key} {rest}"), label, help),
        None => (message, label, help),
    }
}

/// One line of a TOML syntax error, in Chinese where it is a common one.
fn syntax_line(line: &str) -> String {
    if let Some(what) = line.strip_prefix("expected ") {
        return format!("这里应为 {}", what.replace(", ", " 或 "));
    }
    if line.starts_with("duplicate key") {
        let words = ticked(line);
        return match (words.first(), words.get(1)) {
            (Some(k), Some(t)) => {
                format!("表“{t}”中的键“{k}”重复出现（每个键、每个表头只能写一次）")
            }
            (Some(k), None) => format!("键“{k}”重复出现（每个键只能写一次）"),
            _ => "键重复出现".into(),
        };
    }
    for (en, zh) in [
        ("invalid table header", "表头写法不对"),
        (
            "invalid key",
            "键的写法不对（含中文等字符的键要加引号，如 \"述职\" = …）",
        ),
        ("invalid string", "字符串写法不对"),
        ("invalid basic string", "字符串写法不对"),
        ("invalid literal string", "字符串写法不对"),
        ("invalid array", "数组写法不对"),
        ("invalid inline table", "内联表写法不对"),
        (
            "invalid escape sequence",
            "无效的转义序列（正则表达式请用单引号字符串）",
        ),
        (
            "invalid unquoted key",
            "键的写法不对（含中文等字符的键要加引号）",
        ),
        ("unclosed array", "数组没有闭合"),
        ("unclosed inline table", "内联表没有闭合"),
        ("invalid type", "取值写法不对（字符串要加引号）"),
        ("string values must be quoted", "字符串要加引号"),
    ] {
        if line == en {
            return zh.to_string();
        }
    }
    line.to_string()
}

/// The built-in catalogue plus the `[[rule]]`s of every layer, each checked.
fn user_catalogue(layers: &[Layer]) -> Result<Catalogue, ConfigErrors> {
    let mut catalogue = builtin_catalogue()?;
    let mut errors = Vec::new();
    for layer in layers {
        for (i, table) in layer.file.rule.iter().enumerate() {
            let loc = layer.loc.at(key("rule")).at(Seg::Index(i));
            if let Err(e) = add_user_rule(&mut catalogue, table, &loc) {
                errors.push(e);
            }
        }
    }
    if errors.is_empty() {
        Ok(catalogue)
    } else {
        Err(ConfigErrors(errors))
    }
}

fn add_user_rule(
    catalogue: &mut Catalogue,
    table: &toml::Table,
    loc: &Loc,
) -> Result<(), ConfigError> {
    let def: RuleDef =
        toml::Value::Table(table.clone())
            .try_into()
            .map_err(|e: toml::de::Error| {
                let (message, label, help) = translate(e.message());
                loc.error(
                    "zjlint::config::bad-rule",
                    Part::Key,
                    format!("自定义规则有误：{message}"),
                    &label,
                )
                .with_help(help)
            })?;
    let bad = |field: &str, message: String, label: &str, help: Option<String>| {
        loc.at(key(field))
            .error("zjlint::config::bad-rule", Part::Value, message, label)
            .with_help(help)
    };
    let code_ok = {
        let letters = def
            .code
            .chars()
            .take_while(|c| c.is_ascii_uppercase())
            .count();
        let digits = def.code.chars().skip(letters).count();
        letters > 0 && digits > 0 && def.code.chars().skip(letters).all(|c| c.is_ascii_digit())
    };
    if !code_ok {
        return Err(bad(
            "code",
            format!("规则代码“{}”格式不对", def.code),
            "应为大写字母后接数字",
            Some("例如 BUREAU001、TEAM12".into()),
        ));
    }
    if def.code.starts_with("ZJ") {
        return Err(bad(
            "code",
            format!("规则代码“{}”以 ZJ 开头", def.code),
            "ZJ 开头的代码留给内置规则",
            Some("换一个前缀，例如 BUREAU001".into()),
        ));
    }
    if let Some(existing) = catalogue.get(&def.code) {
        return Err(bad(
            "code",
            format!("规则代码“{}”已被规则 {} 使用", def.code, existing.def.name),
            "代码重复",
            None,
        ));
    }
    let name_ok = !def.name.is_empty()
        && def
            .name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !name_ok {
        return Err(bad(
            "name",
            format!("规则名称“{}”格式不对", def.name),
            "应只含小写字母、数字和连字符",
            Some("例如 bureau-banned-phrase".into()),
        ));
    }
    if let Some(existing) = catalogue.get(&def.name) {
        return Err(bad(
            "name",
            format!("规则名称“{}”已被规则 {} 使用", def.name, existing.def.code),
            "名称重复",
            None,
        ));
    }
    if !CATEGORIES.contains(&def.category.as_str()) {
        return Err(bad(
            "category",
            format!("不认识的类别“{}”", def.category),
            "不是已知的类别",
            Some(match closest(&def.category, CATEGORIES.iter().copied()) {
                Some(s) => format!("你是不是想写“{s}”？（可用：{}）", CATEGORIES.join("、")),
                None => format!("可用的类别：{}", CATEGORIES.join("、")),
            }),
        ));
    }
    if !crate::checks::KINDS.contains(&def.kind.as_str()) || def.kind == "suppression" {
        let kinds: Vec<&str> = crate::checks::KINDS
            .iter()
            .copied()
            .filter(|k| *k != "suppression")
            .collect();
        return Err(bad(
            "kind",
            format!("不认识的检查类型“{}”", def.kind),
            "不是已知的检查类型",
            Some(match closest(&def.kind, kinds.iter().copied()) {
                Some(s) => format!("你是不是想写“{s}”？（可用：{}）", kinds.join("、")),
                None => format!("可用的检查类型：{}", kinds.join("、")),
            }),
        ));
    }
    let file = display_path(&loc.source.path);
    if let Err(e) = catalogue.add(&file, def.clone()) {
        let message = match e {
            crate::catalogue::CatalogueError::Rule { message, .. } => message,
            other => other.to_string(),
        };
        let overlay = vec![(def.params.clone(), Some(loc.clone()))];
        let mut err = option_error(&def, &message, &overlay);
        err.message = format!(
            "自定义规则 {} 的参数有误：{}",
            def.code,
            translate(&message).0
        );
        if err.label.is_none() {
            err = loc.at(key("kind")).error(
                "zjlint::config::bad-rule",
                Part::Value,
                err.message,
                "参数有误",
            );
        }
        return Err(err);
    }
    Ok(())
}

/// Check the names in one layer against the catalogue: rules, profiles, options.
fn check_layer(
    layer: &Layer,
    catalogue: &Catalogue,
    profiles: &[String],
    errors: &mut Vec<ConfigError>,
) {
    if let Some(p) = &layer.file.profile {
        if let Some(e) = check_profile(&layer.loc.at(key("profile")), p, profiles) {
            errors.push(e);
        }
    }
    check_rules(
        &layer.file.rules,
        &layer.loc.at(key("rules")),
        catalogue,
        errors,
    );
    for (i, o) in layer.file.overrides.iter().enumerate() {
        let loc = layer.loc.at(key("overrides")).at(Seg::Index(i));
        if let Some(p) = &o.profile {
            if let Some(e) = check_profile(&loc.at(key("profile")), p, profiles) {
                errors.push(e);
            }
        }
        check_rules(&o.rules, &loc.at(key("rules")), catalogue, errors);
    }
}

/// Profiles that can be chosen: the built-in names, those of the structure rules' data, and
/// those defined in any layer.
fn known_profiles(catalogue: &Catalogue, layers: &[Layer]) -> Vec<String> {
    let mut names: Vec<String> = BUILTIN_PROFILES.iter().map(|s| s.to_string()).collect();
    names.push("auto".into());
    for layer in layers {
        names.extend(layer.file.profiles.keys().cloned());
    }
    for rule in &catalogue.rules {
        if let Some(toml::Value::Array(list)) = rule.def.params.get("profiles") {
            for p in list {
                if let Some(n) = p.get("name").and_then(|n| n.as_str()) {
                    names.push(n.to_string());
                }
            }
        }
    }
    names
}

fn check_profile(loc: &Loc, name: &str, known: &[String]) -> Option<ConfigError> {
    if known.iter().any(|k| k == name) {
        return None;
    }
    let help = match closest(name, known.iter().map(String::as_str)) {
        Some(s) => format!("你是不是想写“{s}”？"),
        None => format!(
            "可用的画像：auto、{}，或在 [profiles.{name}] 中定义它",
            BUILTIN_PROFILES.join("、")
        ),
    };
    Some(
        loc.error(
            "zjlint::config::unknown-profile",
            Part::Value,
            format!("没有画像“{name}”"),
            "不是已知的画像",
        )
        .with_help(Some(help)),
    )
}

fn check_rules(rc: &RulesConfig, loc: &Loc, catalogue: &Catalogue, errors: &mut Vec<ConfigError>) {
    let lists: [(&str, &[String]); 3] = [
        ("select", rc.select.as_deref().unwrap_or(&[])),
        ("extend_select", &rc.extend_select),
        ("ignore", &rc.ignore),
    ];
    for (name, list) in lists {
        for (i, s) in list.iter().enumerate() {
            if resolve_selector(catalogue, s).is_none() {
                let at = loc.at(key(name)).at(Seg::Index(i));
                errors.push(unknown_rule(&at, Part::Value, catalogue, s));
            }
        }
    }
    for s in rc.severity.keys() {
        if resolve_selector(catalogue, s).is_none() {
            let at = loc.at(key("severity")).at(key(s));
            errors.push(unknown_rule(&at, Part::Key, catalogue, s));
        }
    }
    for s in rc.options.keys() {
        if catalogue.get(s).is_none() {
            let at = loc.at(key("options")).at(key(s));
            let mut e = unknown_rule(&at, Part::Key, catalogue, s);
            if resolve_selector(catalogue, s).is_some() {
                e.message = format!("选项须写在单条规则下，“{s}”不是一条规则的代码或名称");
                e.help = Some("把选项写在 [rules.options.<规则代码或名称>] 下".into());
            }
            errors.push(e);
        }
    }
}

fn compile_overrides(layers: &[Layer], errors: &mut Vec<ConfigError>) -> Vec<CompiledOverride> {
    let mut out = Vec::new();
    for layer in layers {
        for (i, o) in layer.file.overrides.iter().enumerate() {
            let loc = layer.loc.at(key("overrides")).at(Seg::Index(i));
            if o.files.is_empty() {
                errors.push(
                    loc.at(key("files"))
                        .error(
                            "zjlint::config::bad-glob",
                            Part::Value,
                            "overrides 的 files 为空".into(),
                            "至少写一个 glob",
                        )
                        .with_help(Some("例如 files = [\"计划/**\"]".into())),
                );
                continue;
            }
            let mut builder = globset::GlobSetBuilder::new();
            let mut ok = true;
            for (j, pattern) in o.files.iter().enumerate() {
                let full = if pattern.contains('/') {
                    pattern.trim_start_matches("./").to_string()
                } else {
                    format!("**/{pattern}")
                };
                match globset::GlobBuilder::new(&full)
                    .literal_separator(true)
                    .build()
                {
                    Ok(g) => {
                        builder.add(g);
                    }
                    Err(e) => {
                        ok = false;
                        errors.push(loc.at(key("files")).at(Seg::Index(j)).error(
                            "zjlint::config::bad-glob",
                            Part::Value,
                            format!("无效的 glob“{pattern}”：{}", glob_problem(e.kind())),
                            "无效的 glob",
                        ));
                    }
                }
            }
            if !ok {
                continue;
            }
            match builder.build() {
                Ok(globs) => out.push(CompiledOverride {
                    dir: layer.dir.clone(),
                    globs,
                    rules: o.rules.clone(),
                    profile: o.profile.clone(),
                    loc,
                }),
                Err(e) => errors.push(loc.at(key("files")).error(
                    "zjlint::config::bad-glob",
                    Part::Value,
                    format!("无效的 glob：{e}"),
                    "无效的 glob",
                )),
            }
        }
    }
    out
}

/// A glob syntax error in Chinese.
fn glob_problem(kind: &globset::ErrorKind) -> String {
    use globset::ErrorKind as K;
    match kind {
        K::InvalidRecursive => "** 只能单独作为一段路径，如 计划/**/*.md".into(),
        K::UnclosedClass => "字符类缺少右方括号 ]".into(),
        K::InvalidRange(a, b) => format!("字符范围 {a}-{b} 无效"),
        K::UnopenedAlternates => "多出右花括号 }".into(),
        K::UnclosedAlternates => "花括号 { 没有闭合".into(),
        K::NestedAlternates => "花括号不能嵌套".into(),
        K::DanglingEscape => "末尾多了一个反斜杠".into(),
        other => other.to_string(),
    }
}

// ---------------------------------------------------------------------------------------------
// Finding the file

/// Where the configuration comes from.
#[derive(Debug, Clone)]
pub enum ConfigChoice {
    /// The nearest zjlint.toml above each linted file.
    Discover,
    /// `--config PATH`: one file for every input.
    File(PathBuf),
    /// `--isolated`: the built-in defaults only.
    Isolated,
}

/// The nearest zjlint.toml from `dir` up to the repository root or the filesystem root.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    let mut dir = Some(absolute(dir));
    while let Some(d) = dir {
        let candidate = d.join(CONFIG_FILE);
        // A zjlint.toml that is a directory or a link to nothing is found too, and reported
        // when read, rather than passed over in silence.
        if std::fs::symlink_metadata(&candidate).is_ok() {
            return Some(candidate);
        }
        if d.join(".git").exists() {
            return None;
        }
        dir = d.parent().map(Path::to_path_buf);
    }
    None
}

/// Finds and loads the configuration of each linted file, once per file found.
pub struct Resolver {
    choice: ConfigChoice,
    cli: CliOverrides,
    loaded: Mutex<HashMap<Option<PathBuf>, Arc<Config>>>,
    found: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
}

impl Resolver {
    /// A resolver; `--config PATH` is read and checked at once.
    pub fn new(choice: ConfigChoice, cli: CliOverrides) -> Result<Resolver, ConfigErrors> {
        let resolver = Resolver {
            choice,
            cli,
            loaded: Mutex::new(HashMap::new()),
            found: Mutex::new(HashMap::new()),
        };
        if let ConfigChoice::File(path) = &resolver.choice {
            resolver.load(Some(path.clone()))?;
        }
        Ok(resolver)
    }

    /// The configuration for `file`; standard input (`None`) looks from the working directory.
    pub fn config_for(&self, file: Option<&Path>) -> Result<Arc<Config>, ConfigErrors> {
        let path = match &self.choice {
            ConfigChoice::Isolated => None,
            ConfigChoice::File(p) => Some(p.clone()),
            ConfigChoice::Discover => {
                let dir = match file {
                    Some(f) => absolute(f)
                        .parent()
                        .map(Path::to_path_buf)
                        .unwrap_or_default(),
                    None => absolute(Path::new(".")),
                };
                let cached = self.found.lock().ok().and_then(|m| m.get(&dir).cloned());
                match cached {
                    Some(found) => found,
                    None => {
                        let found = discover(&dir);
                        if let Ok(mut m) = self.found.lock() {
                            m.insert(dir, found.clone());
                        }
                        found
                    }
                }
            }
        };
        self.load(path)
    }

    /// The settings for `file`.
    pub fn settings_for(&self, file: Option<&Path>) -> Result<Arc<Settings>, ConfigErrors> {
        self.config_for(file)?.settings_for(file)
    }

    fn load(&self, path: Option<PathBuf>) -> Result<Arc<Config>, ConfigErrors> {
        let key = path.as_ref().map(|p| absolute(p));
        if let Some(c) = self.loaded.lock().ok().and_then(|m| m.get(&key).cloned()) {
            return Ok(c);
        }
        let config = Arc::new(match &key {
            Some(p) => Config::load(p, &self.cli)?,
            None => Config::builtin(&self.cli)?,
        });
        if let Ok(mut m) = self.loaded.lock() {
            m.insert(key, config.clone());
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(dir: &Path, name: &str, text: &str) -> PathBuf {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("mkdir");
        }
        std::fs::write(&path, text).expect("write");
        path
    }

    fn load(text: &str) -> Result<Config, ConfigErrors> {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(dir.path(), CONFIG_FILE, text);
        Config::load(&path, &CliOverrides::default())
    }

    fn error_of(text: &str) -> (String, String, Option<String>) {
        let errors = load(text).expect_err("should be rejected");
        let e = &errors.0[0];
        let labelled = e
            .label
            .as_ref()
            .map(|(s, _)| text[s.clone()].to_string())
            .unwrap_or_default();
        (e.message.clone(), labelled, e.help.clone())
    }

    fn severity_of(settings: &Settings, code: &str) -> Option<Severity> {
        settings.active(code).map(|a| a.severity)
    }

    #[test]
    fn empty_file_is_the_defaults() {
        let config = load("").expect("loads");
        let settings = config.settings_for(None).expect("settings");
        assert_eq!(settings.rules.len(), config.catalogue.rules.len());
        assert_eq!(settings.fail_on, Severity::Warning);
    }

    #[test]
    fn severity_off_and_levels() {
        let config = load("[rules.severity]\nZJ002 = \"off\"\ninvalid-suppression = \"error\"\n")
            .expect("loads");
        let s = config.settings_for(None).expect("settings");
        assert_eq!(severity_of(&s, "ZJ002"), None);
        assert_eq!(severity_of(&s, "ZJ001"), Some(Severity::Error));
    }

    #[test]
    fn more_specific_severity_wins() {
        let config = load(
            "[rules.severity]\nZJ001 = \"info\"\nsuppression = \"error\"\nZJ0 = \"warning\"\n",
        )
        .expect("loads");
        let s = config.settings_for(None).expect("settings");
        assert_eq!(severity_of(&s, "ZJ001"), Some(Severity::Info));
        assert_eq!(severity_of(&s, "ZJ002"), Some(Severity::Warning));
    }

    #[test]
    fn select_and_ignore() {
        let s = load("[rules]\nselect = [\"ZJ001\"]\n").expect("loads");
        let s = s.settings_for(None).expect("settings");
        assert!(s.active("ZJ001").is_some() && s.active("ZJ002").is_none());
        let s = load("[rules]\nselect = [\"suppression\"]\nignore = [\"unused-suppression\"]\n")
            .expect("loads");
        let s = s.settings_for(None).expect("settings");
        assert!(s.active("ZJ001").is_some() && s.active("ZJ002").is_none());
    }

    #[test]
    fn overrides_apply_only_to_their_files() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = write(
            dir.path(),
            CONFIG_FILE,
            "[[overrides]]\nfiles = [\"计划/**\"]\n[overrides.rules.severity]\nZJ002 = \"off\"\n\
             [[overrides]]\nfiles = [\"*.txt\"]\n[overrides.rules]\nignore = [\"ZJ001\"]\n",
        );
        let config = Config::load(&path, &CliOverrides::default()).expect("loads");
        let inside = config
            .settings_for(Some(&dir.path().join("计划/a/b.md")))
            .expect("ok");
        let outside = config
            .settings_for(Some(&dir.path().join("总结/b.md")))
            .expect("ok");
        let txt = config
            .settings_for(Some(&dir.path().join("x/y/c.txt")))
            .expect("ok");
        assert!(inside.active("ZJ002").is_none() && inside.active("ZJ001").is_some());
        assert!(outside.active("ZJ002").is_some() && outside.active("ZJ001").is_some());
        assert!(txt.active("ZJ001").is_none() && txt.active("ZJ002").is_some());
    }

    #[test]
    fn extend_layers_and_fail_on() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(
            dir.path(),
            "shared/base.toml",
            "fail_on = \"error\"\n[rules.severity]\nZJ001 = \"off\"\nZJ002 = \"info\"\n",
        );
        let path = write(
            dir.path(),
            CONFIG_FILE,
            "extend = [\"shared/base.toml\"]\n[rules.severity]\nZJ002 = \"error\"\n",
        );
        let config = Config::load(&path, &CliOverrides::default()).expect("loads");
        let s = config.settings_for(None).expect("settings");
        assert_eq!(severity_of(&s, "ZJ001"), None);
        assert_eq!(severity_of(&s, "ZJ002"), Some(Severity::Error));
        assert_eq!(s.fail_on, Severity::Error);
        let cli = CliOverrides {
            fail_on: Some(Severity::Info),
        };
        let config = Config::load(&path, &cli).expect("loads");
        assert_eq!(
            config.settings_for(None).expect("settings").fail_on,
            Severity::Info
        );
    }

    #[test]
    fn misspelt_key_is_labelled_with_a_suggestion() {
        let (message, labelled, help) = error_of("[rules.serverity]\nZJ001 = \"off\"\n");
        assert!(message.contains("未知的键“serverity”"), "{message}");
        assert_eq!(labelled, "serverity");
        assert!(help.unwrap_or_default().contains("“severity”"));
    }

    #[test]
    fn unknown_rule_is_labelled() {
        let (message, labelled, _) = error_of("[rules]\nignore = [\"ZJ001\", \"ZJ00l\"]\n");
        assert_eq!(message, "没有规则“ZJ00l”");
        assert_eq!(labelled, "\"ZJ00l\"");
        let (_, _, help) = error_of("[rules]\nselect = [\"unused-supression\"]\n");
        assert!(help.unwrap_or_default().contains("“unused-suppression”"));
        let (_, labelled, _) = error_of("[rules.severity]\nZJ999 = \"off\"\n");
        assert_eq!(labelled, "ZJ999");
    }

    #[test]
    fn wrong_type_and_bad_level() {
        let (message, labelled, _) = error_of("[rules]\nignore = \"ZJ001\"\n");
        assert!(message.contains("类型错误"), "{message}");
        assert_eq!(labelled, "\"ZJ001\"");
        let (message, labelled, help) = error_of("[rules.severity]\nZJ001 = \"warn\"\n");
        assert!(message.contains("“warn”"), "{message}");
        assert_eq!(labelled, "\"warn\"");
        assert!(help.unwrap_or_default().contains("“warning”"));
    }

    #[test]
    fn type_errors_name_the_key_and_what_it_takes() {
        let (message, labelled, help) = error_of("fail_on = 1\n");
        assert_eq!(
            message,
            "类型错误：fail_on 应为 “info”、“warning”或“error”（字符串，要加引号），实际是 1"
        );
        assert_eq!(labelled, "1");
        assert_eq!(help.as_deref(), Some("例如：fail_on = \"error\""));
        let (message, labelled, _) = error_of("[rules.severity]\nZJ101 = true\n");
        assert_eq!(
            message,
            "类型错误：rules.severity.ZJ101 应为 “off”、“info”、“warning”或“error”（字符串，要加引号），实际是 true"
        );
        assert_eq!(labelled, "true");
        let (message, _, _) = error_of("[[overrides]]\nfiles = [\"a\"]\nprofile = 1\n");
        assert_eq!(
            message,
            "类型错误：overrides.profile 应为字符串，实际是整数 1"
        );
        let (message, _, _) = error_of("rules = 1\n");
        assert_eq!(message, "类型错误：rules 应为表，实际是整数 1");
    }

    #[test]
    fn bad_option_is_the_kinds_own_error() {
        let (message, labelled, _) = error_of("[rules.options.ZJ002]\nfoo = 1\n");
        assert!(
            message.contains("ZJ002") && message.contains("foo"),
            "{message}"
        );
        assert_eq!(labelled, "foo");
    }

    #[test]
    fn options_of_a_rule_that_is_off_are_still_checked() {
        let (_, labelled, _) =
            error_of("[rules]\nignore = [\"ZJ002\"]\n[rules.options.ZJ002]\nfoo = 1\n");
        assert_eq!(labelled, "foo");
    }

    #[test]
    fn bad_user_rules() {
        let rule = |extra: &str| {
            format!("[[rule]]\ncode = \"BUREAU001\"\nname = \"bureau-word\"\ncategory = \"wording\"\nseverity = \"warning\"\nkind = \"phrase\"\nmessage = \"m\"\nhelp = \"h\"\nphrases = [\"效劳\"]\n{extra}")
        };
        assert!(load(&rule("")).is_ok());
        let (_, labelled, help) = error_of(&rule("").replace("wording", "wordng"));
        assert_eq!(labelled, "\"wordng\"");
        assert!(help.unwrap_or_default().contains("wording"));
        let (_, labelled, _) = error_of(&rule("").replace("BUREAU001", "ZJ900"));
        assert_eq!(labelled, "\"ZJ900\"");
        let (_, labelled, _) = error_of(&rule("").replace("\"phrase\"", "\"phrse\""));
        assert_eq!(labelled, "\"phrse\"");
        let (message, _, _) = error_of(&rule("").replace("help = \"h\"\n", ""));
        assert!(message.contains("help"), "{message}");
        // A user rule can be selected and configured like a built-in one.
        let config = load(&format!(
            "{}[rules.severity]\nBUREAU = \"error\"\n",
            rule("")
        ))
        .expect("loads");
        let s = config.settings_for(None).expect("settings");
        assert_eq!(severity_of(&s, "BUREAU001"), Some(Severity::Error));
    }

    #[test]
    fn missing_extend_and_cycle() {
        let (message, labelled, _) = error_of("extend = [\"nope.toml\"]\n");
        assert!(
            message.contains("nope.toml") && message.contains("不存在"),
            "{message}"
        );
        assert_eq!(labelled, "\"nope.toml\"");
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "a.toml", "extend = [\"zjlint.toml\"]\n");
        let path = write(dir.path(), CONFIG_FILE, "extend = [\"a.toml\"]\n");
        let errors = Config::load(&path, &CliOverrides::default()).expect_err("cycle");
        assert!(
            errors.0[0].message.contains("循环"),
            "{}",
            errors.0[0].message
        );
    }

    #[test]
    fn profiles_are_checked_and_merged() {
        let (message, labelled, help) = error_of("profile = \"sumary\"\n");
        assert_eq!(message, "没有画像“sumary”");
        assert_eq!(labelled, "\"sumary\"");
        assert!(help.unwrap_or_default().contains("summary"));
        assert!(load("profile = \"mine\"\n[profiles.mine]\nparts = []\n").is_ok());
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), "base.toml", "[profiles.report]\nparts = []\n");
        let path = write(
            dir.path(),
            CONFIG_FILE,
            "extend = [\"base.toml\"]\n[[overrides]]\nfiles = [\"述职/**\"]\nprofile = \"report\"\n",
        );
        assert!(Config::load(&path, &CliOverrides::default()).is_ok());
        let mut profiles = Some(toml::Value::Array(vec![toml::toml! {
            name = "summary"
            parts = [{ name = "成绩" }, { name = "问题" }]
        }
        .into()]));
        let def = toml::toml! { extra_parts = [{ name = "特色亮点", headings = ["特色亮点"] }] };
        merge_profile(&mut profiles, "summary", &def);
        merge_profile(
            &mut profiles,
            "report",
            &toml::toml! { extra_parts = [{ name = "述职" }] },
        );
        let list = profiles
            .and_then(|p| p.as_array().cloned())
            .unwrap_or_default();
        let parts = |i: usize| -> Vec<String> {
            list[i]["parts"]
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|p| p["name"].as_str().map(String::from))
                        .collect()
                })
                .unwrap_or_default()
        };
        assert_eq!(parts(0), ["成绩", "问题", "特色亮点"]);
        assert_eq!(list[1]["name"].as_str(), Some("report"));
        assert_eq!(parts(1), ["述职"]);
    }

    #[test]
    fn bad_glob_is_labelled() {
        let (message, labelled, _) = error_of("[[overrides]]\nfiles = [\"计划/[a\"]\n");
        assert!(message.contains("glob"), "{message}");
        assert_eq!(labelled, "\"计划/[a\"");
    }

    #[test]
    fn discovery_stops_at_the_repository_root() {
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), CONFIG_FILE, "");
        std::fs::create_dir_all(dir.path().join("repo/.git/x")).expect("mkdir");
        std::fs::create_dir_all(dir.path().join("repo/a/b")).expect("mkdir");
        assert_eq!(discover(&dir.path().join("repo/a/b")), None);
        let found = write(dir.path(), "repo/a/zjlint.toml", "");
        assert_eq!(
            discover(&dir.path().join("repo/a/b")),
            Some(absolute(&found))
        );
        assert!(discover(dir.path()).is_some());
    }

    #[test]
    fn schema_lists_the_keys() {
        let schema = json_schema();
        for k in [
            "extend",
            "profile",
            "fail_on",
            "select",
            "severity",
            "overrides",
            "accept_arabic_dun",
        ] {
            assert!(schema.contains(&format!("\"{k}\"")), "{k}");
        }
    }
}
