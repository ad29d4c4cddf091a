//! Check kind `pattern`: report every match of a list of regular expressions (an "existence"
//! rule).
//!
//! ```toml
//! [[rule]]
//! code = "ZJ901"
//! name = "my-placeholder"
//! category = "placeholder"
//! severity = "error"
//! kind = "pattern"
//! message = "“{match}”是未填写的占位符"
//! help = "把“{match}”换成实际内容"
//! # Regular expressions (Rust `regex` syntax), required. Each match is one finding.
//! # A named group `hit` marks the reported text; the rest of the match is context:
//! #   '(?:^|[^A-Za-z])(?P<hit>TODO)(?:[^A-Za-z]|$)'  reports TODO, not its neighbours.
//! patterns = ['20[xX]{2}年', '(?:^|[^A-Za-z])(?P<hit>TODO)']
//! # Optional. Regular expressions for contexts that are NOT faults: a finding that overlaps a
//! # match of any of them is dropped.  'X光' keeps `X` in `X光` quiet. A `hit` group works
//! # here too: only the group's text vetoes, the rest is context.
//! exclude = ['X光']
//! ```
//!
//! - `{match}` in message and help is the reported text.
//! - Inline flags work as usual: `(?i)` ignores case, `(?m)` makes `^` `$` match at lines;
//!   add `R` (`(?mR)`) so that `\r\n` and a lone `\r` end lines too, as they do for the parser.
//!   Character classes may use `\p{Han}` (Chinese characters) and `\x{3000}` (ideographic
//!   space). After a hit with context before it, in a match of at most 256 bytes, the search
//!   goes on from one character after the start of the match, so neighbouring hits can share
//!   context (`xx、xx`, consecutive form lines). After a longer match, or a hit with no
//!   context before it, the search goes on from the last character of the match, which can
//!   still be the context of the next hit (`20xx年20xx年`: the first 年 stands before the
//!   second year); so no text is searched more than a bounded number of times. Matches of a
//!   pattern without a `hit` group do not overlap.
//! - Findings of one rule never overlap (the leftmost, then longest, wins). A finding that
//!   overlaps one already reported by an earlier rule of the same category is not reported
//!   again, so put the most specific rule first in the file.
//! - Lines marked as web-page junk by the junk rules are skipped.
//! - The expressions are compiled once; a `RegexSet` tells which of them match a document at
//!   all, so a rule with many patterns costs one pass over clean text.

use super::{Check, Context};
use crate::analysis::matching::{Excludes, Filter, Patterns};
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use serde::Deserialize;
use std::sync::Arc;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Params {
    patterns: Vec<String>,
    #[serde(default)]
    exclude: Vec<String>,
}

struct Pattern {
    patterns: Patterns,
    excludes: Excludes,
}

pub fn build(params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let params: Params = super::params(params)?;
    Ok(Arc::new(Pattern {
        patterns: Patterns::new(&params.patterns)?,
        excludes: Excludes::new(&params.exclude)?,
    }))
}

impl Check for Pattern {
    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        let text = ctx.text;
        let hits = self.patterns.hits(text, ctx.occurrences(text));
        let mut filter = Filter::new(ctx, rule, out, &self.excludes, !hits.is_empty());
        for span in hits {
            if filter.keep(&span) {
                let found = &text[span.clone()];
                out.push(ctx.diagnostic(rule, span, &[("match", found)]));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::matching::Vetoes;
    use crate::catalogue::Catalogue;
    use crate::checks::testing::{h, run, run_toml};

    fn hits(code: &str, text: &str) -> Vec<(usize, usize, String)> {
        crate::checks::testing::run(code, text)
    }

    const RULE: &str = r#"
[[rule]]
code = "ZJ999"
name = "test-pattern"
category = "placeholder"
severity = "error"
kind = "pattern"
message = "占位符“{match}”"
help = "填写“{match}”"
patterns = ['20[xX]{2}年', '(?:^|[^A-Za-z])(?P<hit>TODO)(?:[^A-Za-z]|$)', 'X+']
exclude = ['X光']
"#;

    #[test]
    fn generic_pattern_reports_hit_group_and_honours_exclude() {
        let text = "𠀀20xx年，TODO、TODO。TODOS\nX光检查；XX市";
        assert_eq!(
            run_toml(RULE, text),
            vec![
                h(1, 2, "20xx年"),
                h(1, 8, "TODO"),
                h(1, 13, "TODO"),
                h(2, 6, "XX")
            ]
        );
    }

    #[test]
    fn long_context_before_the_hit_finds_the_last_hit_of_each_line() {
        // The search used to go on from just after the start of each match, so each
        // character of a long line began a search to its end: quadratic.
        let rule = RULE.replace("exclude = ['X光']\n", "").replace(
            "patterns = ['20[xX]{2}年', '(?:^|[^A-Za-z])(?P<hit>TODO)(?:[^A-Za-z]|$)', 'X+']",
            r"patterns = ['[^\n]*(?P<hit>完)']",
        );
        let long = "工作已完成，".repeat(4000);
        let text = format!("{long}\n短行完了\n无\n{long}");
        let last = 6 * 3999 + 4;
        assert_eq!(
            run_toml(&rule, &text),
            vec![h(1, last, "完"), h(2, 3, "完"), h(4, last, "完")]
        );
    }

    #[test]
    fn adjacent_placeholders_are_each_reported() {
        // The 年 that ends one year is the context before the next.
        assert_eq!(
            run("ZJ302", "20xx年20xx年20xx年，xx年xx年"),
            vec![
                h(1, 1, "20xx年"),
                h(1, 6, "20xx年"),
                h(1, 11, "20xx年"),
                h(1, 17, "xx年"),
                h(1, 20, "xx年"),
            ]
        );
    }

    #[test]
    fn bad_parameters_are_errors() {
        let mut catalogue = Catalogue::default();
        let bad = RULE.replace("'X+'", "'X+('");
        assert!(catalogue.add_file("t.toml", &bad).is_err());
        let unknown = RULE.replace("exclude =", "excludes =");
        assert!(Catalogue::default().add_file("t.toml", &unknown).is_err());
        let empty = RULE.replace(
            "patterns = ['20[xX]{2}年', '(?:^|[^A-Za-z])(?P<hit>TODO)(?:[^A-Za-z]|$)', 'X+']",
            "patterns = []",
        );
        assert!(Catalogue::default().add_file("t.toml", &empty).is_err());
    }

    #[test]
    fn arbitrary_text_never_panics_and_spans_stay_on_char_boundaries() {
        let alphabet: Vec<char> =
            "xX×*＊_＿年月日县市万亿元%个所人次达到共某“”（）()〔〕[]【】：: \n\r\\.1203𠀀□a+-"
                .chars()
                .collect();
        let mut seed: u64 = 0x2545_F491_4F6C_DD1D;
        let catalogue = Catalogue::builtin().expect("built-in rules load");
        let settings = crate::lint::Settings::new(Arc::new(catalogue));
        for _ in 0..300 {
            let len = (seed % 40) as usize;
            let text: String = (0..len)
                .map(|_| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    alphabet[(seed % alphabet.len() as u64) as usize]
                })
                .collect();
            for d in crate::lint::lint(&crate::source::Source::new("t", text.as_str()), &settings) {
                let span = d.span();
                assert!(text.is_char_boundary(span.start) && text.is_char_boundary(span.end));
                assert!(span.start < span.end, "{text:?}");
            }
        }
    }

    #[test]
    fn vetoes_find_overlaps() {
        let v = Vetoes::new(vec![10..20, 2..4, 30..31]);
        assert!(v.covers(&(3..5)));
        assert!(v.covers(&(19..25)));
        assert!(!v.covers(&(4..10)));
        assert!(!v.covers(&(20..30)));
        assert!(v.covers(&(0..100)));
    }

    // ZJ302 placeholder-year
    #[test]
    fn placeholder_years() {
        let text = "20**年，20XX年工作会议；告别20xx，在20xx年开创。xxxx年上半年、20x年、xx年、\
                    ****年、20××年、××年。\n2\n0xx年是第一年。";
        assert_eq!(
            hits("ZJ302", text),
            vec![
                h(1, 1, "20**年"),
                h(1, 7, "20XX年"),
                h(1, 19, "20xx"),
                h(1, 25, "20xx年"),
                h(1, 33, "xxxx年"),
                h(1, 42, "20x年"),
                h(1, 47, "xx年"),
                h(1, 51, "****年"),
                h(1, 57, "20××年"),
                h(1, 63, "××年"),
                h(3, 1, "0xx年"),
            ]
        );
    }

    #[test]
    fn real_years_are_not_placeholders() {
        let text =
            "2023年，我局在2022年基础上；**2024年工作要点**\n**年度目标**\nMax年会，1+x证书。\
                    获评**年度先进**，HX20XX型号。";
        assert_eq!(hits("ZJ302", text), vec![]);
        assert_eq!(hits("ZJ302", "____年度工作总结"), vec![h(1, 1, "____年")]);
    }

    // ZJ301 placeholder-date
    #[test]
    fn placeholder_dates() {
        let text = "*月*日召开会议；×月×日；2023年3月xx日；XX月；编号：___年___月___日\n\
                    二〇二三年  月  日";
        assert_eq!(
            hits("ZJ301", text),
            vec![
                h(1, 1, "*月*日"),
                h(1, 10, "×月×日"),
                h(1, 15, "2023年3月xx日"),
                h(1, 26, "XX月"),
                h(1, 33, "___年___月___日"),
                h(2, 5, "年  月  日"),
            ]
        );
    }

    #[test]
    fn real_dates_are_quiet() {
        assert_eq!(
            hits("ZJ301", "2023年3月5日，3×3月度，每年月底，年月日格式。"),
            vec![]
        );
    }

    // ZJ303 placeholder-number
    #[test]
    fn placeholder_numbers() {
        let text = "创成省等级幼儿园xx所，增长X.X%，*.*万元，人均1XX56元，比增21.X%，X112元，\
                    投资X00万元，□1xx7人次、xx57人次，累计金额xx.5万元，**名党员、***万元。";
        assert_eq!(
            hits("ZJ303", text),
            vec![
                h(1, 9, "xx所"),
                h(1, 15, "X.X%"),
                h(1, 20, "*.*万元"),
                h(1, 28, "1XX56元"),
                h(1, 37, "21.X%"),
                h(1, 43, "X112元"),
                h(1, 51, "X00万元"),
                h(1, 58, "1xx7人次"),
                h(1, 65, "xx57人次"),
                h(1, 76, "xx.5万元"),
                h(1, 83, "**名"),
                h(1, 89, "***万元"),
            ]
        );
    }

    #[test]
    fn real_numbers_with_x_are_quiet() {
        let text = "积极拓展“1+x+y”运行模式，推行1+X证书，3×3米展板，PM2.5浓度，e-mail，X光机，\
                    x86服务器，*注：数据来源，示范校*2所。";
        assert_eq!(hits("ZJ303", text), vec![]);
    }

    // ZJ304 placeholder-name
    #[test]
    fn placeholder_names() {
        let text =
            "XX市获批；创建3所xx市示范性幼儿园；××县、XX县区；为充分展现中国式现代化XX实践场景；\
                    党的XX大和***总书记；*镇在*市委领导下；某某同志；□□县。";
        assert_eq!(
            hits("ZJ304", text),
            vec![
                h(1, 1, "XX市"),
                h(1, 11, "xx市"),
                h(1, 21, "××县"),
                h(1, 25, "XX县区"),
                h(1, 41, "XX"),
                h(1, 50, "XX"),
                h(1, 54, "***"),
                h(1, 61, "*镇"),
                h(1, 64, "*市"),
                h(1, 71, "某某"),
                h(1, 76, "□□县"),
            ]
        );
    }

    #[test]
    fn single_letter_and_star_placeholders() {
        let text = "城乡统筹“x”科学发展；x附小。推动x教育；对*重要讲话；在*一中和*职中；\
                    共有**个养殖大户;带动**县城周边农户增收";
        assert_eq!(
            hits("ZJ304", text),
            vec![
                h(1, 6, "x"),
                h(1, 13, "x"),
                h(1, 19, "x"),
                h(1, 24, "*"),
                h(1, 31, "*"),
                h(1, 35, "*"),
                h(1, 51, "**县"),
            ]
        );
        assert_eq!(hits("ZJ303", text), vec![h(1, 41, "**个")]);
        assert_eq!(
            hits("ZJ303", "增长5.**%，投入2**万元"),
            vec![h(1, 3, "5.**%"), h(1, 11, "2**万元")]
        );
        assert_eq!(
            hits("ZJ303", "保证一天\\*\\*次以上"),
            vec![h(1, 5, "\\*\\*次")]
        );
    }

    #[test]
    fn real_names_are_quiet() {
        let text = "X光检查，XXL号，Xbox，e-mail：abc@xx.com，某种程度上，某些学校，\
                    **重点工作**，示范校*，**教育局工作计划**\n做好**乡村振兴**工作，**市场监管**、\
                    **区域协调**发展，iPhone X，1+X证书，长×宽×高，X射线，*注：含民办学校。\n***\n";
        assert_eq!(hits("ZJ304", text), vec![]);
    }

    // ZJ305 anonymous-place
    #[test]
    fn anonymous_places() {
        let text = "某县教育局2023年工作总结\n某区教育局局长述职报告；某某同志";
        assert_eq!(hits("ZJ305", text), vec![h(1, 1, "某县"), h(2, 1, "某区")]);
        let quiet = "在某种程度上，某些学校，某市场主体，某区域，某一方面，某个环节。";
        assert_eq!(hits("ZJ305", quiet), vec![]);
    }

    // ZJ307 empty-brackets
    #[test]
    fn empty_brackets() {
        let text = "秸秆禁烧方案(城办发()号)、通知〔 〕、意见（城政办〔2023〕号）";
        assert_eq!(
            hits("ZJ307", text),
            vec![h(1, 11, "()"), h(1, 18, "〔 〕"), h(1, 28, "〔2023〕号")]
        );
        let quiet = "（一）加强领导，沪教委〔2018〕12号，【通知】\n- [ ] 核对数据\n";
        assert_eq!(hits("ZJ307", quiet), vec![]);
    }

    // ZJ308 template-note
    #[test]
    fn template_notes() {
        // Line 2 has enough text of its own not to be taken for a junk line.
        let text = "单位（此处加盖公章）[此处填入单位名称]\n\
                    【请填写】全年共完成各项工作任务，取得了较好成绩，得到上级领导充分肯定\
                    (此文内容仅供参考,可自行修改)";
        assert_eq!(
            hits("ZJ308", text),
            vec![
                h(1, 3, "（此处加盖公章）"),
                h(1, 11, "[此处填入单位名称]"),
                h(2, 1, "【请填写】"),
                h(2, 36, "(此文内容仅供参考,可自行修改)"),
            ]
        );
        let quiet = "义务教育（此处指小学和初中）。材料（请于3月底前报送）。";
        assert_eq!(hits("ZJ308", quiet), vec![]);
    }

    // ZJ310 blank-field, ZJ313 empty-form-field
    #[test]
    fn blank_fields() {
        let text =
            "第1页共5页编号:_____乡镇长述职报告\n组长：      副组长：\n组长：张三    成员：\n\
                    \n组长：\n副组长：\r\n成员：\n";
        assert_eq!(hits("ZJ310", text), vec![h(1, 10, "_____")]);
        assert_eq!(
            hits("ZJ313", text),
            vec![
                h(2, 1, "组长："),
                h(2, 10, "副组长："),
                h(3, 10, "成员："),
                h(5, 1, "组长："),
                h(6, 1, "副组长："),
                h(7, 1, "成员："),
            ]
        );
        let quiet =
            "一、指导思想：\n  主要做法：\n现将工作情况报告如下：\n领导小组成员：\n组长：张三\n\
                     工作目标：到2025年全面完成。\n___\nPM_2.5浓度下降。";
        assert_eq!(hits("ZJ310", quiet), vec![]);
        assert_eq!(hits("ZJ313", quiet), vec![]);
    }

    // ZJ311 empty-quotes
    #[test]
    fn empty_quotes() {
        let text = "以邓小平理论和“”重要思想为指导，学习《 》。";
        assert_eq!(hits("ZJ311", text), vec![h(1, 8, "“”"), h(1, 20, "《 》")]);
        assert_eq!(
            hits("ZJ311", "以“三个代表”重要思想为指导，学习《纲要》。"),
            vec![]
        );
    }

    // ZJ312 missing-year
    #[test]
    fn missing_years() {
        let text =
            "年全镇工作要紧扣高质量发展主题。\n继续实施《规划纲要》。年是全面实施的关键一年。";
        assert_eq!(hits("ZJ312", text), vec![h(1, 1, "年"), h(2, 12, "年")]);
        let quiet = "年初以来，年内完成。\n年度工作目标\n2024年是关键一年。";
        assert_eq!(hits("ZJ312", quiet), vec![]);
    }

    /// A document of the corpus, by file-name prefix: a seed (tests/fixtures/corpus/seeds) or a
    /// third-party document of the shared corpus; None where the shared corpus is absent.
    fn corpus_file(prefix: &str) -> Option<(String, String)> {
        let seeds = crate::checks::testing::corpus_dir().join("seeds");
        let dirs = if prefix.starts_with(|c: char| c.is_ascii_digit()) {
            vec![seeds]
        } else {
            vec![crate::checks::testing::real_corpus(&format!(
                "pattern tests on {prefix}*"
            ))?]
        };
        for dir in dirs {
            let Ok(entries) = std::fs::read_dir(dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().to_string();
                if name.starts_with(prefix) {
                    let text = std::fs::read_to_string(entry.path()).ok()?;
                    return Some((name, text));
                }
            }
        }
        panic!("the corpus has no {prefix}*");
    }

    /// Findings of `code` in the corpus file starting with `prefix`, or None without corpus.
    fn corpus(prefix: &str, code: &str) -> Option<Vec<(usize, usize, String)>> {
        corpus_file(prefix).map(|(_, text)| hits(code, &text))
    }

    /// Findings of `code` in a third-party document as (line, column, length): no quoting.
    fn shared(prefix: &str, code: &str) -> Option<Vec<(usize, usize, usize)>> {
        corpus(prefix, code).map(|found| crate::checks::testing::positions(&found))
    }

    fn all(items: &[(usize, usize, &str)]) -> Vec<(usize, usize, String)> {
        items.iter().map(|&(l, c, t)| h(l, c, t)).collect()
    }

    #[test]
    fn seed_000_years_and_places() {
        let Some(years) = corpus("000_", "ZJ302") else {
            return;
        };
        let mut expected = vec![
            (13, 3),
            (13, 109),
            (17, 16),
            (17, 256),
            (21, 18),
            (45, 87),
            (51, 12),
            (53, 58),
            (53, 115),
            (55, 121),
            (59, 141),
            (63, 42),
        ]
        .into_iter()
        .map(|(l, c)| h(l, c, "20**年"))
        .collect::<Vec<_>>();
        expected.extend([h(77, 3, "20XX年"), h(89, 278, "20XX年")]);
        assert_eq!(years, expected);
        assert_eq!(
            corpus("000_", "ZJ304").unwrap_or_default(),
            all(&[
                (79, 232, "XX市"),
                (83, 179, "XX"),
                (83, 270, "XX省"),
                (85, 14, "XX市"),
                (89, 59, "XX市"),
                (89, 283, "XX市"),
                (89, 353, "XX省"),
                (89, 373, "XX省"),
                (89, 391, "XX"),
            ])
        );
    }

    #[test]
    fn seed_002_xxxx_years() {
        let Some(years) = corpus("002_", "ZJ302") else {
            return;
        };
        let mut expected = all(&[(12, 632, "20xx"), (12, 637, "20xx年"), (12, 3303, "20xx年")]);
        for column in [
            13, 549, 928, 960, 975, 995, 1384, 2164, 2593, 4246, 4262, 4276, 4879,
        ] {
            expected.push(h(12, column, "xxxx年"));
        }
        expected.sort();
        assert_eq!(years, expected);
    }

    #[test]
    fn seed_003_xx_names() {
        let Some(names) = corpus("003_", "ZJ304") else {
            return;
        };
        assert_eq!(names.len(), 13);
        assert_eq!(names[0], h(3, 457, "XX"), "中国式现代化XX实践场景");
        assert_eq!(names[2], h(3, 2767, "XX市"));
    }

    #[test]
    fn seed_004_xx_placeholders() {
        let Some(years) = corpus("004_", "ZJ302") else {
            return;
        };
        assert_eq!(
            years,
            all(&[
                (135, 1, "20x年"),
                (175, 85, "xxxx年"),
                (185, 1, "xx年"),
                (251, 229, "20xx年")
            ])
        );
        assert_eq!(
            corpus("004_", "ZJ303").unwrap_or_default(),
            all(&[
                (187, 26, "xx届"),
                (225, 18, "1xx7人次"),
                (225, 141, "xx人"),
                (227, 75, "xx57人次"),
                (241, 76, "xx所"),
                (241, 306, "xx个"),
                (245, 528, "xx所"),
                (249, 111, "xx名"),
                (251, 329, "xx名"),
                (255, 285, "xx.5万元"),
                (296, 69, "\\*\\*次"),
            ])
        );
        assert_eq!(
            corpus("004_", "ZJ304").unwrap_or_default(),
            all(&[
                (135, 29, "x"),
                (135, 41, "x"),
                (135, 52, "x"),
                (147, 117, "x"),
                (151, 93, "x"),
                (151, 97, "x"),
                (151, 101, "x"),
                (151, 128, "x"),
                (179, 29, "xx市"),
                (187, 10, "xxxx"),
                (187, 22, "xx"),
                (245, 410, "xx"),
            ])
        );
    }

    #[test]
    fn pages_with_x_and_star_placeholders() {
        let Some(numbers) = shared("pages_xiezuogongyuan", "ZJ303") else {
            return;
        };
        assert_eq!(
            numbers,
            vec![
                (6, 104, 6),
                (6, 153, 5),
                (6, 166, 5),
                (6, 174, 5),
                (8, 300, 5),
            ]
        );
        assert_eq!(
            shared("pages_jsjlds", "ZJ301").unwrap_or_default(),
            vec![(5, 26, 4)]
        );
        assert_eq!(
            shared("pages_jsjlds", "ZJ303").unwrap_or_default(),
            vec![
                (4, 88, 5),
                (4, 98, 5),
                (4, 108, 3),
                (4, 158, 3),
                (5, 219, 2),
                (5, 224, 4),
                (5, 233, 4),
            ]
        );
        assert_eq!(
            shared("pages_jsjlds", "ZJ304").unwrap_or_default(),
            vec![
                (2, 6, 2),
                (2, 9, 2),
                (2, 73, 1),
                (2, 92, 1),
                (4, 130, 2),
                (4, 132, 1),
                (4, 137, 2),
                (5, 31, 2),
                (6, 30, 2),
            ]
        );
    }

    #[test]
    fn pages_with_blank_document_numbers_and_cut_words() {
        let Some(years) = shared("pages_wnwk", "ZJ302") else {
            return;
        };
        assert_eq!(years, vec![(23, 284, 3), (23, 322, 3), (23, 392, 3)]);
        assert_eq!(
            shared("pages_wnwk", "ZJ304").unwrap_or_default(),
            vec![(23, 318, 4), (23, 344, 4), (23, 388, 4)]
        );
        assert_eq!(
            shared("pages_wnwk", "ZJ307").unwrap_or_default(),
            vec![(23, 339, 2), (23, 376, 2), (23, 410, 2)]
        );
        assert_eq!(
            shared("pages_m.ushengzhilian", "ZJ311").unwrap_or_default(),
            vec![(9, 24, 2)]
        );
        assert_eq!(
            shared("pages_m.ushengzhilian", "ZJ312").unwrap_or_default(),
            vec![(9, 1, 1), (17, 25, 1)]
        );
        assert_eq!(
            shared("pages_xiaomilidoc", "ZJ310").unwrap_or_default(),
            vec![(1, 10, 5), (1, 25, 9)]
        );
        assert_eq!(
            shared("pages_xiaomilidoc", "ZJ308").unwrap_or_default(),
            vec![(1, 59, 16)]
        );
    }

    /// The official reports must give no finding from any placeholder rule.
    #[test]
    fn official_reports_are_quiet() {
        let catalogue = Catalogue::builtin().expect("built-in rules load");
        let settings = crate::lint::Settings::new(Arc::new(catalogue));
        for prefix in ["github_Qqi-W", "github_Nodreen", "github_johncodes404"] {
            let Some((name, text)) = corpus_file(prefix) else {
                return;
            };
            let source = crate::source::Source::new(name.as_str(), text);
            let found: Vec<_> = crate::lint::lint(&source, &settings)
                .into_iter()
                .filter(|d| d.category() == "placeholder")
                .map(|d| (d.code().clone(), d.span()))
                .collect();
            assert_eq!(found, vec![], "{name}");
        }
    }
}
