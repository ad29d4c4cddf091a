//! The rule catalogue: rules/*.toml (embedded in the binary as the JSON that build.rs makes of
//! them), plus users' own rule files.

use crate::checks::{self, Check};
use crate::diagnostic::Severity;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// A built-in rule pack: its file and the JSON that build.rs makes of it, which the binary
/// reads at start (a JSON parse of the same values takes a quarter of the TOML parse's
/// instructions); in tests also its TOML text, the catalogue as written.
pub struct Pack {
    pub file: &'static str,
    json: &'static str,
    #[cfg(test)]
    pub toml: &'static str,
}

/// The categories and the built-in packs, from one list: each category's rules are the pack
/// `rules/<category>.toml`.
macro_rules! categories_and_packs {
    ($($name:literal),* $(,)?) => {
        /// Categories of rules; `junk` runs first because other rules skip junk lines.
        pub const CATEGORIES: &[&str] = &[$($name),*];

        /// The built-in rule packs, one per category, in the order of [`CATEGORIES`].
        pub const BUILTIN_PACKS: &[Pack] = &[$(Pack {
            file: concat!("rules/", $name, ".toml"),
            json: include_str!(concat!(env!("OUT_DIR"), "/", $name, ".json")),
            #[cfg(test)]
            toml: include_str!(concat!("../rules/", $name, ".toml")),
        }),*];
    };
}

categories_and_packs!(
    "junk",
    "numbering",
    "structure",
    "placeholder",
    "punctuation",
    "wording",
    "consistency",
    "suppression",
);

/// A rule as written in TOML. Parameters of its check kind sit beside the common keys and are
/// read by the kind itself, which rejects keys it does not know.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RuleDef {
    pub code: String,
    pub name: String,
    pub category: String,
    pub severity: Severity,
    pub kind: String,
    pub message: String,
    pub help: String,
    #[serde(default)]
    pub docs: String,
    /// Whether the rule's findings carry a fix, and how sure it is (`fix = "safe"` or
    /// `"unsafe"`); absent when the rule only reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fix: Option<crate::diagnostic::Applicability>,
    /// Documents the rule must and must not report on (`[[rule.case]]`), run by one test.
    #[serde(default, rename = "case", skip_serializing_if = "Vec::is_empty")]
    pub cases: Vec<RuleCase>,
    #[serde(flatten)]
    pub params: toml::Table,
}

/// A document with the findings a rule must give on it: each as `行:列 摘录` (1-based line and
/// character column, then the text the finding covers, a line end written `⏎`); none when
/// the rule must stay quiet. A text with lines starting `[自动]` is read as a Word document
/// whose paragraphs those are numbered automatically (see `docx::fixture::notated`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleCase {
    pub text: String,
    #[serde(default)]
    pub expect: Vec<String>,
    /// The text after the rule's fixes are applied, when the case checks them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed: Option<String>,
    /// What the case shows (a true variant, a near miss that must stay quiet).
    #[serde(default)]
    pub why: String,
    /// The text is a Markdown file (its markup is masked, `#` gives heading levels).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub markdown: bool,
    /// The exact message of the case's first finding, when the case checks it (a message
    /// filled from a template: `{expected}`, `{count}`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RuleFile {
    #[serde(default)]
    rule: Vec<RuleDef>,
    #[serde(default)]
    markdown: Option<MarkdownSection>,
    #[serde(default)]
    outline: Option<OutlineSection>,
}

/// `[outline]` of a rule file: what the heading outline that the numbering rules share needs
/// to know.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OutlineSection {
    notes_headings: Vec<String>,
    #[serde(default)]
    title_nouns: Vec<String>,
}

/// `[markdown]` of a rule file: what the Markdown masker needs to know of the rules.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MarkdownSection {
    placeholder_followers: String,
}

/// A rule ready to run: its definition and its compiled check.
#[derive(Clone)]
pub struct Rule {
    pub def: Arc<RuleDef>,
    pub check: Arc<dyn Check>,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Rule")
            .field("code", &self.def.code)
            .finish()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error("{file}: TOML 格式错误：{message}")]
    Toml { file: String, message: String },
    #[error("{file}: 内置规则文件无法读取：{message}")]
    Builtin { file: String, message: String },
    #[error("{file}: 规则 {code}：{message}")]
    Rule {
        file: String,
        code: String,
        message: String,
    },
}

/// When a rule's check is compiled: now (its errors reported), or when first used.
#[derive(Clone, Copy)]
enum Build {
    Now,
    Lazy,
}

#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    pub rules: Vec<Rule>,
    /// Characters that, right after a run of `*`, make it a placeholder (`**万元`, `**县`)
    /// rather than Markdown emphasis; `[markdown] placeholder_followers` of the rule files.
    pub placeholder_followers: String,
    /// Lines that open a list of notes (`附注：`): the numbered entries after them are not
    /// headings; `[outline] notes_headings` of the rule files.
    pub notes_headings: Vec<String>,
    /// Nouns that end a heading's title (`措施`, `目标`): an ordinal glued right after one
    /// opens the first item under that heading (`二、工作目的1、保持…`); `[outline] title_nouns`.
    pub title_nouns: Vec<String>,
}

impl Catalogue {
    /// The built-in rules. The packs are part of the binary, so a failure here is a bug caught
    /// by the test suite.
    /// Their checks are compiled when first used (see [`Catalogue::compile`]).
    pub fn builtin() -> Result<Self, CatalogueError> {
        Catalogue::read_builtin(Build::Lazy)
    }

    /// The built-in rules with every check compiled now, so that a rule's error shows here.
    pub fn builtin_compiled() -> Result<Self, CatalogueError> {
        Catalogue::read_builtin(Build::Now)
    }

    fn read_builtin(build: Build) -> Result<Self, CatalogueError> {
        let mut catalogue = Catalogue::default();
        for pack in BUILTIN_PACKS {
            let parsed: RuleFile =
                serde_json::from_str(pack.json).map_err(|e| CatalogueError::Builtin {
                    file: pack.file.to_string(),
                    message: e.to_string(),
                })?;
            catalogue.add_parsed(pack.file, parsed, build)?;
        }
        Ok(catalogue)
    }

    /// Compile every rule's check now, all of it (see [`Check::compile_fully`]), on all
    /// threads of the current rayon pool, instead of when each first runs: what a
    /// long-running process (the language server) does at start.
    pub fn compile(&self) {
        use rayon::prelude::*;
        self.rules
            .par_iter()
            .for_each(|rule| rule.check.compile_fully());
    }

    /// Parse a rule file and add its rules, compiling each one's check.
    pub fn add_file(&mut self, file: &str, text: &str) -> Result<(), CatalogueError> {
        self.read_file(file, text, Build::Now)
    }

    fn read_file(&mut self, file: &str, text: &str, build: Build) -> Result<(), CatalogueError> {
        let parsed: RuleFile = toml::from_str(text).map_err(|e| CatalogueError::Toml {
            file: file.to_string(),
            message: e.message().to_string(),
        })?;
        self.add_parsed(file, parsed, build)
    }

    fn add_parsed(
        &mut self,
        file: &str,
        parsed: RuleFile,
        build: Build,
    ) -> Result<(), CatalogueError> {
        for def in parsed.rule {
            self.add_built(file, def, build)?;
        }
        if let Some(outline) = parsed.outline {
            self.notes_headings.extend(outline.notes_headings);
            self.title_nouns.extend(outline.title_nouns);
        }
        if let Some(markdown) = parsed.markdown {
            self.placeholder_followers
                .push_str(&markdown.placeholder_followers);
        }
        Ok(())
    }

    pub fn add(&mut self, file: &str, def: RuleDef) -> Result<(), CatalogueError> {
        self.add_built(file, def, Build::Now)
    }

    fn add_built(&mut self, file: &str, def: RuleDef, build: Build) -> Result<(), CatalogueError> {
        let error = |message: String| CatalogueError::Rule {
            file: file.to_string(),
            code: def.code.clone(),
            message,
        };
        if !CATEGORIES.contains(&def.category.as_str()) {
            return Err(error(format!(
                "未知的类别“{}”，可用：{}",
                def.category,
                CATEGORIES.join("、")
            )));
        }
        if self.get(&def.code).is_some() || self.get(&def.name).is_some() {
            return Err(error("代码或名称与已有规则重复".into()));
        }
        let check = match build {
            Build::Now => checks::build_now(&def.kind, &def.params).map_err(error)?,
            Build::Lazy if checks::KINDS.contains(&def.kind.as_str()) => {
                checks::build_lazy(&def.kind, &def.params)
            }
            Build::Lazy => return Err(error(format!("未知的检查类型 kind = \"{}\"", def.kind))),
        };
        self.rules.push(Rule {
            def: Arc::new(def),
            check,
        });
        Ok(())
    }

    /// A rule by code (`ZJ101`, case-insensitive) or name.
    pub fn get(&self, key: &str) -> Option<&Rule> {
        self.rules
            .iter()
            .find(|r| r.def.code.eq_ignore_ascii_case(key) || r.def.name == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Applicability;

    /// The built-in rules are compiled lazily, so a rule that does not build would only fail
    /// when it first runs: every one must build now, and every regex or automaton it leaves
    /// to its first use must compile too (one the engine refuses would match nothing).
    #[test]
    fn builtin_rules_compile() {
        let lazy = Catalogue::builtin().unwrap();
        let compiled = Catalogue::builtin_compiled().expect("every built-in rule must compile");
        assert_eq!(lazy.rules.len(), compiled.rules.len());
        assert!(!lazy.rules[0].check.is_compiled());
        lazy.compile();
        for rule in &lazy.rules {
            assert!(rule.check.is_compiled(), "{} 未能完全编译", rule.def.code);
        }
    }

    /// The binary reads the JSON that build.rs writes; the TOML files are the catalogue.
    #[test]
    fn builtin_rules_read_from_json_are_those_of_the_toml_files() {
        let from_json = Catalogue::builtin().unwrap();
        let mut from_toml = Catalogue::default();
        for pack in BUILTIN_PACKS {
            from_toml
                .read_file(pack.file, pack.toml, Build::Lazy)
                .unwrap();
        }
        let defs = |c: &Catalogue| -> Vec<serde_json::Value> {
            (c.rules.iter())
                .map(|r| serde_json::to_value(&*r.def).unwrap())
                .collect()
        };
        assert_eq!(defs(&from_json), defs(&from_toml));
        assert_eq!(
            from_json.placeholder_followers,
            from_toml.placeholder_followers
        );
        assert_eq!(from_json.notes_headings, from_toml.notes_headings);
        assert_eq!(from_json.title_nouns, from_toml.title_nouns);
        // Integers stay integers and floats floats (a kind reads `min_chars = 4` as a usize).
        let kinds = |c: &Catalogue| -> Vec<String> {
            (c.rules.iter())
                .flat_map(|r| r.def.params.values().map(|v| v.type_str().to_string()))
                .collect()
        };
        assert_eq!(kinds(&from_json), kinds(&from_toml));
    }

    /// CATEGORIES and BUILTIN_PACKS are one list: each pack holds its category's rules.
    #[test]
    fn each_pack_holds_the_rules_of_its_category() {
        assert_eq!(BUILTIN_PACKS.len(), CATEGORIES.len());
        for (pack, category) in BUILTIN_PACKS.iter().zip(CATEGORIES) {
            let parsed: RuleFile = toml::from_str(pack.toml).unwrap();
            assert!(!parsed.rule.is_empty(), "{}", pack.file);
            for def in &parsed.rule {
                assert_eq!(&def.category, category, "{} in {}", def.code, pack.file);
            }
        }
    }

    #[test]
    fn builtin_rules_load_and_are_documented() {
        let catalogue = Catalogue::builtin().expect("built-in rules must load");
        assert!(catalogue.rules.len() >= 10);
        for rule in &catalogue.rules {
            let def = &rule.def;
            assert!(def.code.starts_with("ZJ"), "{}", def.code);
            assert!(
                def.name
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}",
                def.name
            );
            for section in [
                "## 检查什么",
                "## 为什么",
                "## 错误示例",
                "## 正确示例",
                "## 修正",
            ] {
                assert!(
                    def.docs.contains(section),
                    "{} docs lack {section}",
                    def.code
                );
            }
            assert!(!def.help.is_empty() && !def.message.is_empty());
            // The fix section says what `--fix` does, so it names the option a fix needs.
            let fixing = def.docs.split("## 修正").nth(1).unwrap_or("");
            let says = match def.fix {
                Some(Applicability::Safe) => fixing.contains("--fix"),
                Some(Applicability::Unsafe) => fixing.contains("--unsafe-fixes"),
                None => !fixing.contains("--fix") && !fixing.contains("--unsafe-fixes"),
            };
            assert!(says, "{} 的“## 修正”与 fix = {:?} 不符", def.code, def.fix);
        }
    }

    #[test]
    fn placeholder_followers_are_those_of_the_bold_exclusion() {
        // The masker and ZJ302's exclusion of mid-sentence bold must agree on what follows a
        // `**` placeholder.
        let catalogue = Catalogue::builtin().unwrap();
        let followers = &catalogue.placeholder_followers;
        assert!(
            followers.contains('万') && followers.contains('县'),
            "{followers}"
        );
        let exclude = catalogue.get("ZJ302").unwrap().def.params["exclude"].to_string();
        assert!(exclude.contains(followers.as_str()), "{exclude}");
    }
}
