//! Check kind `marker-form`: how one marker is written.
//!
//! Parameters:
//! - `target`:
//!   - `"delimiter"` (default): the mark after the numeral or bracket, and the brackets' width
//!     (`一.` `一，` `1、` `（一）、` `（1）.` `(一)`), fixed to the GB/T 9704 form. Markers that
//!     a running `numbering-style` rule reports as a minority of their level are left to it.
//!   - `"lookalike"`: Kangxi radicals in a numeral (`⼀、`, U+2F00), in headings and run-ins,
//!     fixed to the real characters.
//!   - `"trailing-colon"`: a colon closing a heading that stands on its own line
//!     (`一、指导思想：`), fixed by deleting it.
//! - `accept_arabic_dun` (bool, default false): `1、` is accepted at level 3.
//! - `accept_half_width_brackets` (bool, default false): `(一)` `(1)` are accepted.
//! - `fix_title`: the title of the fix (`{expected}`).

use super::{fill, filled, params, Check, Context};
use crate::analysis::outline::{acceptable, is_split, line_end, marker_text, minorities, Accept};
use crate::catalogue::RuleDef;
use crate::diagnostic::{Diagnostic, Edit};
use crate::model::{normalise_lookalike, Heading, MarkerFamily, MarkerStyle, Span};
use foldhash::{HashMap, HashMapExt, HashSet};
use serde::Deserialize;
use std::sync::Arc;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Target {
    #[default]
    Delimiter,
    Lookalike,
    TrailingColon,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    #[serde(default)]
    target: Target,
    #[serde(default)]
    accept_arabic_dun: bool,
    #[serde(default)]
    accept_half_width_brackets: bool,
    #[serde(default)]
    fix_title: Option<String>,
    /// The message for a wrong format of Word's automatic numbers, reported once for all the
    /// numbers drawn in it (`{found}`, `{expected}`, `{count}`).
    #[serde(default)]
    automatic_message: Option<String>,
}

struct MarkerForm {
    params: Params,
}

pub fn build(table: &toml::Table) -> Result<Arc<dyn Check>, String> {
    Ok(Arc::new(MarkerForm {
        params: params(table)?,
    }))
}

impl MarkerForm {
    fn accept(&self) -> Accept {
        Accept {
            accept_arabic_dun: self.params.accept_arabic_dun,
            accept_half_width_brackets: self.params.accept_half_width_brackets,
        }
    }

    fn push(
        &self,
        rule: &RuleDef,
        ctx: &Context,
        span: Span,
        args: &[(&str, &str)],
        edits: Vec<Edit>,
        out: &mut Vec<Diagnostic>,
    ) {
        let mut diagnostic = ctx.diagnostic(rule, span, args);
        let title = match &self.params.fix_title {
            Some(title) => fill(title, args),
            None => diagnostic.help.to_string(),
        };
        diagnostic.fix = ctx.fix(rule, title, edits);
        out.push(diagnostic);
    }

    fn delimiters(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let accept = self.accept();
        let tree = ctx.outline();
        // A marker that a running `numbering-style` rule reports (a minority form of its level,
        // judged with that rule's accepted forms) is left to it; a rule that does not run is no
        // reason to stay quiet.
        let left_to_style: HashSet<usize> = ctx
            .running_of_kind("numbering-style")
            .flat_map(|style| minorities(ctx, Accept::from_params(&style.params), true))
            .map(|m| m.heading)
            .collect();
        let wrong: Vec<(usize, Vec<Edit>)> = ctx
            .doc
            .headings
            .iter()
            .enumerate()
            .filter(|&(i, heading)| {
                tree.get(i).is_some_and(|s| s.is_some())
                    && !left_to_style.contains(&i)
                    && !acceptable(heading, accept)
                    && !is_split(heading)
            })
            .map(|(i, heading)| (i, standard_edits(ctx.text, heading)))
            .filter(|(_, edits)| !edits.is_empty())
            .collect();
        // Word draws every automatic number of one list the same way: a wrong format is one
        // fault, fixed once in the list's numbering definition, so a run of siblings (one
        // parent, one family, one form) is reported once, at its first number, with how many
        // numbers share it.
        let parent = |i: usize| {
            tree.get(i)
                .and_then(|s| s.as_ref())
                .and_then(|s| s.parent())
        };
        type Run<'s> = (Option<usize>, MarkerFamily, &'s MarkerStyle);
        let mut automatic: HashMap<Run, usize> = HashMap::new();
        for (i, _) in &wrong {
            let heading = &ctx.doc.headings[*i];
            if ctx.is_automatic(&heading.marker()) {
                *automatic
                    .entry((parent(*i), heading.family, &heading.style))
                    .or_default() += 1;
            }
        }
        for (i, edits) in wrong {
            let heading = &ctx.doc.headings[i];
            let found = marker_text(ctx.text, heading);
            // Shown with real numerals; `marker-lookalike` fixes those separately.
            let expected: String = apply(ctx.text, &heading.marker(), &edits)
                .chars()
                .map(normalise_lookalike)
                .collect();
            let args = [("found", found.as_str()), ("expected", expected.as_str())];
            if !ctx.is_automatic(&heading.marker()) {
                self.push(rule, ctx, heading.marker(), &args, edits, out);
                continue;
            }
            let Some(count) = automatic.remove(&(parent(i), heading.family, &heading.style)) else {
                continue;
            };
            let count = count.to_string();
            let args = [args[0], args[1], ("count", count.as_str())];
            let start = out.len();
            // Word draws the number: there is no text to edit, only its numbering format.
            self.push(rule, ctx, heading.marker(), &args, Vec::new(), out);
            if let (Some(message), Some(d)) = (&self.params.automatic_message, out.get_mut(start)) {
                d.message = filled(message, &args);
            }
        }
    }

    /// A mark typed after a complete `1.` (`1.、加强领导`): the marker already ends in its
    /// point, so the `、` is one mark too many. (`（一）、` is read as the bracket's own
    /// delimiter and fixed above; `2、、` is a page's chunk number, left to the junk rules.)
    fn extra_marks(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let tree = ctx.outline();
        for (i, heading) in ctx.doc.headings.iter().enumerate() {
            let point = matches!(heading.style.delimiter, Some('.') | Some('．'));
            if heading.family != MarkerFamily::Arabic
                || !point
                || is_split(heading)
                || tree.get(i).is_none_or(|s| s.is_none())
            {
                continue;
            }
            let rest = ctx.text.get(heading.marker().end..).unwrap_or("");
            let Some(extra) = rest.chars().next().filter(|&c| c == '、') else {
                continue;
            };
            if rest[extra.len_utf8()..].starts_with(['、', '.', '．']) {
                continue;
            }
            let end = heading.marker().end + extra.len_utf8();
            let found = ctx.text.get(heading.marker().start..end).unwrap_or("");
            let expected = marker_text(ctx.text, heading);
            let args = [("found", found), ("expected", expected.as_str())];
            let edit = Edit {
                span: heading.marker().end..end,
                replacement: crate::diagnostic::SharedText::empty(),
            };
            self.push(
                rule,
                ctx,
                heading.marker().start..end,
                &args,
                vec![edit],
                out,
            );
        }
    }

    fn lookalikes(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let doc = ctx.doc;
        // A heading's look-alikes are in its numeral, found as the parse finds them.
        let of_heading =
            |h: &crate::model::Heading| crate::parse::numeral_lookalikes(ctx.text, &h.numeral());
        // A run-in's are anywhere in it (`第⼀，`).
        let of_runin =
            |r: &crate::model::RunIn| crate::parse::numeral_lookalikes(ctx.text, &r.span());
        // Read as they are asked for: a list of every heading's and run-in's, nearly all
        // empty, took 11 MB of a 50 MB draft of short sections.
        let spans = (doc.headings.iter().map(of_heading)).chain(doc.runins.iter().map(of_runin));
        for chars in spans {
            let (Some(first), Some(last)) = (chars.first(), chars.last()) else {
                continue;
            };
            if ctx.is_junk(first.start) {
                continue;
            }
            let span = first.start..last.end;
            let found = ctx.text.get(span.clone()).unwrap_or("");
            let expected: String = found.chars().map(normalise_lookalike).collect();
            let edits = chars
                .iter()
                .filter_map(|s| {
                    let c = ctx.text.get(s.clone())?.chars().next()?;
                    Some(Edit {
                        span: s.clone(),
                        replacement: crate::diagnostic::interned(
                            normalise_lookalike(c).encode_utf8(&mut [0; 4]),
                        ),
                    })
                })
                .collect();
            let codes: Vec<String> = found
                .chars()
                .filter(|&c| normalise_lookalike(c) != c)
                .map(|c| format!("U+{:04X}", c as u32))
                .collect();
            let codes = codes.join(" ");
            let args = [
                ("found", found),
                ("expected", expected.as_str()),
                ("codepoints", codes.as_str()),
            ];
            self.push(rule, ctx, span, &args, edits, out);
        }
    }

    fn trailing_colons(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let tree = ctx.outline();
        for (i, heading) in ctx.doc.headings.iter().enumerate() {
            if tree.get(i).is_none_or(|s| s.is_none()) {
                continue;
            }
            let Some(text) = ctx.text.get(heading.text()) else {
                continue;
            };
            let Some(colon) = text.chars().next_back().filter(|c| matches!(c, '：' | ':')) else {
                continue;
            };
            // Only a heading standing on its own: nothing but emphasis after the colon.
            let line_end = line_end(ctx, heading);
            let rest = ctx.text.get(heading.text().end..line_end).unwrap_or("");
            if !rest.trim_matches(['*', '_', ' ', '\u{3000}']).is_empty()
                || text.chars().count() < 2
            {
                continue;
            }
            let span = heading.text().end - colon.len_utf8()..heading.text().end;
            let found = ctx
                .text
                .get(heading.marker().start..heading.text().end)
                .unwrap_or("");
            let expected = &found[..found.len() - colon.len_utf8()];
            let args = [("found", found), ("expected", expected)];
            let edits = vec![Edit {
                span: span.clone(),
                replacement: crate::diagnostic::SharedText::empty(),
            }];
            self.push(rule, ctx, span, &args, edits, out);
        }
    }
}

/// The edits that turn a marker into its GB/T 9704 form, keeping the numeral as written.
fn standard_edits(text: &str, heading: &Heading) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut replace = |span: Span, replacement: &str| {
        if text.get(span.clone()) != Some(replacement) {
            edits.push(Edit {
                span,
                replacement: crate::diagnostic::interned(replacement),
            });
        }
    };
    match heading.family {
        MarkerFamily::Chinese => {
            if let Some(delimiter) = &heading.delimiter() {
                replace(delimiter.clone(), "、");
            }
        }
        MarkerFamily::Arabic => match &heading.delimiter() {
            Some(delimiter) => replace(delimiter.clone(), "."),
            // `3要提高`: the mark is missing.
            None => replace(heading.numeral().end..heading.numeral().end, "."),
        },
        MarkerFamily::ChineseParen | MarkerFamily::ArabicParen => {
            replace(heading.marker().start..heading.numeral().start, "（");
            replace(heading.numeral().end..heading.marker().end, "）");
        }
        MarkerFamily::Circled => {}
    }
    edits
}

/// The text of `span` after applying `edits` inside it (sorted, not overlapping).
fn apply(text: &str, span: &Span, edits: &[Edit]) -> String {
    let mut out = String::new();
    let mut at = span.start;
    for edit in edits {
        out.push_str(text.get(at..edit.span.start).unwrap_or(""));
        out.push_str(&edit.replacement);
        at = edit.span.end;
    }
    out.push_str(text.get(at..span.end).unwrap_or(""));
    out
}

impl Check for MarkerForm {
    fn reads_earlier_findings(&self) -> bool {
        false
    }

    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        match self.params.target {
            Target::Delimiter => {
                self.delimiters(rule, ctx, out);
                self.extra_marks(rule, ctx, out);
            }
            Target::Lookalike => self.lookalikes(rule, ctx, out),
            Target::TrailingColon => self.trailing_colons(rule, ctx, out),
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::catalogue::Catalogue;
    use crate::checks::testing::run;
    use crate::diagnostic::Diagnostic;

    fn lint(text: &str, code: &str) -> Vec<Diagnostic> {
        let catalogue = Catalogue::builtin().expect("rules load");
        let settings = crate::lint::Settings::new(std::sync::Arc::new(catalogue));
        crate::lint::lint(&crate::source::Source::new("t.txt", text), &settings)
            .into_iter()
            .filter(|d| d.code() == code)
            .collect()
    }

    #[test]
    fn a_word_automatic_number_gets_no_text_fix_but_a_typed_marker_does() {
        use crate::docx::fixture;
        let catalogue = Catalogue::builtin().expect("rules load");
        let settings = crate::lint::Settings::new(std::sync::Arc::new(catalogue));
        let text = "工作汇报\n[自动]一、业务方面\n[自动](一)系统建设\n[自动](二)运维\n(三)安全\n";
        let source = crate::source::Source::of_docx("a.docx", None, &fixture::notated(text));
        let found: Vec<_> = crate::lint::lint(&source, &settings)
            .into_iter()
            .filter(|d| d.code() == "ZJ106")
            .map(|d| (source.text[d.span()].to_string(), d.fix.is_some()))
            .collect();
        assert_eq!(
            found,
            [("(一)".to_string(), false), ("(三)".to_string(), true)]
        );
    }

    /// The text after applying every fix of `code`.
    fn fixed(text: &str, code: &str) -> String {
        let mut edits: Vec<_> = lint(text, code)
            .into_iter()
            .flat_map(|d| d.fix.map(|f| f.edits).unwrap_or_default())
            .collect();
        edits.sort_by_key(|e| std::cmp::Reverse(e.span.start));
        let mut out = text.to_string();
        for edit in edits {
            out.replace_range(edit.span, &edit.replacement);
        }
        out
    }

    /// The findings of `code` on `text` under the configuration `toml` (a zjlint.toml).
    fn configured(toml: &str, text: &str, code: &str) -> Vec<String> {
        use crate::config::{CliOverrides, Config};
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("zjlint.toml");
        std::fs::write(&path, toml).expect("write config");
        let config = Config::load(&path, &CliOverrides::default()).expect("config loads");
        let settings = config.settings_for(None).expect("settings");
        crate::lint::lint(&crate::source::Source::new("t.txt", text), &settings)
            .into_iter()
            .filter(|d| d.code() == code)
            .map(|d| text[d.span()].to_string())
            .collect()
    }

    #[test]
    fn a_rule_defers_only_to_a_rule_that_runs() {
        let text = "一 工作目标\n正文。\n二、工作措施\n";
        // With ZJ105 off, the minority form is this rule's to report.
        assert_eq!(
            configured("[rules]\nignore = [\"ZJ105\"]\n", text, "ZJ106"),
            ["一 "]
        );
        assert_eq!(
            configured(
                "[rules]\nignore = [\"numbering-style-mixed\"]\n",
                text,
                "ZJ106"
            ),
            ["一 "]
        );
        // With ZJ105 on, it is reported once, by ZJ105.
        assert!(configured("", text, "ZJ106").is_empty());
        assert_eq!(configured("", text, "ZJ105"), ["一 "]);
        // ZJ105 judges with its own accepted forms: when it accepts `1、`, `1.` is its
        // minority, and ZJ106 still reports the `1、` it does not accept.
        let text = "1、甲\n2、乙\n3.丙\n";
        let toml = "[rules.options.ZJ105]\naccept_arabic_dun = true\n";
        assert_eq!(configured(toml, text, "ZJ105"), ["3."]);
        assert_eq!(configured(toml, text, "ZJ106"), ["1、", "2、"]);
    }

    #[test]
    fn seed_001_arabic_dun_under_chinese_headings() {
        let text = "三、立足优质均衡,推进各级各类教育发展\n\n1、学前教育攻坚克难,积极应对入园高峰\n\n正文。\n\n2、基础教育协调发展\n";
        assert_eq!(
            run("ZJ106", text),
            [(3, 1, "1、".to_string()), (7, 1, "2、".to_string())]
        );
        let d = &lint(text, "ZJ106")[0];
        assert!(d.message.contains("“1.”"), "{}", d.message);
    }

    #[test]
    fn accepted_forms_follow_the_parameters() {
        let mut catalogue = Catalogue::default();
        let pack = crate::catalogue::BUILTIN_PACKS
            .iter()
            .find(|pack| pack.file.ends_with("numbering.toml"))
            .unwrap()
            .toml
            .replace("accept_arabic_dun = false", "accept_arabic_dun = true")
            .replace(
                "accept_half_width_brackets = false",
                "accept_half_width_brackets = true",
            );
        catalogue.add_file("numbering.toml", &pack).unwrap();
        let settings = crate::lint::Settings::new(std::sync::Arc::new(catalogue));
        let text = "(一)甲\n1、乙\n2、丙\n(二)丁\n";
        let found: Vec<_> = crate::lint::lint(&crate::source::Source::new("t", text), &settings)
            .into_iter()
            .filter(|d| d.code() == "ZJ106")
            .collect();
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn a_colon_closing_a_heading() {
        let text = "一、指导思想：\n以服务群众为宗旨：全面推进。\n（一）入学普及率：3—5周岁幼儿入园率97.3%。\n";
        assert_eq!(run("ZJ108", text), [(1, 7, "：".to_string())]);
        assert_eq!(fixed(text, "ZJ108").lines().next(), Some("一、指导思想"));
    }
}
