//! Properties over arbitrary text: never panic, spans inside the text on char boundaries,
//! fixing settles: a fixed text gets no further fix, and a fix changes the text only inside
//! its own edits (a junk deletion removes its finding and at most spaces and line breaks
//! around it).

use proptest::prelude::*;
use std::sync::Arc;
use zjlint::catalogue::Catalogue;
use zjlint::diagnostic::{Edit, Fix};
use zjlint::fix::{apply_once, fix_source, select, FixLevel};
use zjlint::source::{LineIndex, Source};
use zjlint::{lint, Settings};

/// The built-in rules, compiled once for all cases.
fn settings() -> &'static Settings {
    static SETTINGS: std::sync::OnceLock<Settings> = std::sync::OnceLock::new();
    SETTINGS.get_or_init(|| Settings::new(Arc::new(Catalogue::builtin().expect("built-in rules"))))
}

/// Text built from the pieces that drive the grammar and the rules, in any order.
fn document_like() -> impl Strategy<Value = String> {
    concatenated(
        vec![
            "一、",
            "（一）",
            "(二)",
            "1.",
            "1、",
            "（1）",
            "①",
            "⼀、",
            "一是",
            "第二，",
            "首先，",
            "篇三",
            "\n",
            "\r\n",
            "  ",
            "\u{3000}",
            "。",
            "，",
            "：",
            "20xx年",
            "XX市",
            "达到亿元",
            "相关文章:",
            "小编",
            "下载",
            "总结",
            "计划",
            "**",
            "#",
            "## ",
            "𠀀",
            "\u{feff}",
            "'",
            "□",
            "http://a.b/c",
            "教育",
            "问题",
            "我们也清醒地看到",
            "<!-- zjlint-disable -->",
            "// zjlint-disable-next-line",
            "2024年",
            "12-21",
            "时间:2021-05-22 10:10:08",
        ],
        60,
    )
}

/// Up to `most` of `pieces`, in any order and repeated, as one text.
fn concatenated(pieces: Vec<&'static str>, most: usize) -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(pieces), 0..most).prop_map(|v| v.concat())
}

/// Text dense in the marks the punctuation rules read (quotes, titles, brackets, half- and
/// full-width points), with line breaks of every kind, astral and combining characters.
fn marked_text() -> impl Strategy<Value = String> {
    concatenated(
        vec![
            "“",
            "”",
            "‘",
            "’",
            "'",
            "〝",
            "〞",
            "〟",
            "《",
            "》",
            "〈",
            "〉",
            "（",
            "）",
            "(",
            ")",
            "【",
            "】",
            ",",
            ".",
            ";",
            ":",
            "!",
            "?",
            "，",
            "。",
            "、",
            "；",
            "：",
            "！",
            "？",
            "…",
            "——",
            "~",
            "-",
            "\n",
            "\r\n",
            "\r",
            " ",
            "\u{3000}",
            "𠀀",
            "😀",
            "e\u{301}",
            "\u{200d}",
            "甲",
            "工作",
            "完成任务",
            "3.5%",
            "2024",
            "一、",
            "（一）",
            "1.",
            "**",
            "http://a.cn/(x),y",
            "a.b@c.cn",
            "don't",
        ],
        80,
    )
}

fn check(text: &str, settings: &Settings) {
    let source = Source::new("prop.txt", text);
    let index = LineIndex::new(text);
    for d in lint(&source, settings) {
        let span = d.span();
        assert!(span.start <= span.end && span.end <= text.len(), "{d:?}");
        assert!(
            text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
            "{d:?}"
        );
        let pos = index.position(text, span.start);
        assert!(pos.line >= 1 && pos.column >= 1);
        if let Some(fix) = &d.fix {
            for edit in &fix.edits {
                assert!(edit.span.end <= text.len() && text.is_char_boundary(edit.span.start));
                assert!(text.is_char_boundary(edit.span.end));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        check(&text, settings());
    }

    #[test]
    fn document_like_text_never_panics(text in document_like()) {
        check(&text, settings());
    }

    #[test]
    fn text_dense_in_marks_never_panics(text in marked_text()) {
        check(&text, settings());
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Fixing a fixed text changes nothing (the engine runs passes until the rules' fixes
    /// settle): on arbitrary text and on text made to draw fixes.
    #[test]
    fn fixing_twice_changes_nothing(text in prop_oneof![document_like(), fixable_document()]) {
        let once = fix_source(&Source::new("prop.txt", text.as_str()), settings(), FixLevel::Unsafe);
        let twice = fix_source(&Source::new("prop.txt", once.text.as_str()), settings(), FixLevel::Unsafe);
        prop_assert_eq!(&twice.text, &once.text, "a second --fix changed the text");
        prop_assert_eq!(twice.fixed, 0);
    }

    /// The punctuation rules' fixes settle too on text made mostly of marks.
    #[test]
    fn fixing_marks_twice_changes_nothing(text in marked_text()) {
        let once = fix_source(&Source::new("prop.txt", text.as_str()), settings(), FixLevel::Unsafe);
        let twice = fix_source(&Source::new("prop.txt", once.text.as_str()), settings(), FixLevel::Unsafe);
        prop_assert_eq!(&twice.text, &once.text, "a second --fix changed the text");
        prop_assert_eq!(twice.fixed, 0);
    }
}

/// Documents made of lines likely to draw fixes: junk lines and spans, markers with wrong
/// marks or brackets, numbering with gaps and repeats, between ordinary sentences.
fn fixable_document() -> impl Strategy<Value = String> {
    let lines = prop::sample::select(vec![
        "当前位置：首页 > 工作总结 > 年度总结",
        "本站为您精心整理了以下范文，欢迎阅读。",
        "开通VIP即可阅读全部内容",
        "推荐阅读：",
        "统计局年度工作总结范文03-12",
        "城关镇2023年工作总结(优质8篇)",
        "组---本文来源于网络,仅供参考,如有侵权请联系删除---建教研共同体。",
        "<p>全市新建中小学12所。</p>",
        "完成系统接口联调 done",
        "是全省获奖最多的'地级市。",
        "社区卫生服务中心工作计划2",
        "一.总体情况",
        "二、主要成绩",
        "四、存在问题",
        "（一）、基本面",
        "(二)教育改革",
        "（二）乙",
        "1、第一项",
        "1.、第二项",
        "3.丙",
        "⼀、总体要求",
        "二、主要做法：",
        "首先、加强领导。",
        "全年完成固定资产投资12亿元。",
        "我们也清醒地看到，问题仍然存在。",
        "",
        "  ",
    ]);
    let ends = prop::sample::select(vec!["\n", "\n", "\n", "\r\n", ""]);
    prop::collection::vec((lines, ends), 0..24)
        .prop_map(|v| v.into_iter().map(|(l, e)| format!("{l}{e}")).collect())
}

/// Is every character of `text` a space or a line break?
fn blank(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}')
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// One pass of fixes keeps every character outside the edits it applied, in order; each
    /// fix is applied whole or not at all; and a deletion by a junk rule removes only its
    /// finding and the spaces and line breaks that go with it (never the sentence around
    /// it).
    #[test]
    fn fixes_change_the_text_only_inside_their_edits(text in fixable_document()) {
        let findings = lint(&Source::new("prop.txt", text.as_str()), settings());
        let fixed: Vec<_> = findings.iter().filter(|d| d.fix.is_some()).collect();
        let fixes: Vec<&Fix> = fixed.iter().filter_map(|d| d.fix.as_deref()).collect();
        let applied = apply_once(&text, fixes.iter().copied(), FixLevel::Unsafe);
        // Outside the edits, the text is kept in order.
        let mut rebuilt = String::new();
        let mut at = 0;
        for edit in &applied.edits {
            prop_assert!(at <= edit.span.start, "edits overlap or are out of order");
            rebuilt.push_str(&text[at..edit.span.start]);
            rebuilt.push_str(&edit.replacement);
            at = edit.span.end;
        }
        rebuilt.push_str(&text[at..]);
        prop_assert_eq!(&applied.text, &rebuilt);
        // Each fix applied whole or not at all: a fix taken has every edit applied, and a fix
        // left out clashes with an edit of one taken. (Two findings' fixes may share an edit,
        // as two renumberings of one list share their last headings: applied for the fix
        // taken, it is no part of the other's.)
        let taken = select(&text, fixes.iter().copied(), FixLevel::Unsafe).taken;
        let taken_edits: Vec<&Edit> = taken.iter().flat_map(|&i| &fixes[i].edits[..]).collect();
        let clash = |a: &Edit, b: &Edit| {
            a.span == b.span || (a.span.start < b.span.end && b.span.start < a.span.end)
        };
        for (i, (d, fix)) in fixed.iter().zip(&fixes).enumerate() {
            let was_taken = taken.contains(&i);
            if was_taken {
                prop_assert!(fix.edits.iter().all(|e| applied.edits.contains(e)), "{} applied in part", d.code());
            } else {
                prop_assert!(
                    fix.edits.iter().any(|e| taken_edits.iter().any(|t| clash(e, t))),
                    "{} left out without a clash", d.code()
                );
            }
            let junk_deletion = *d.category() == "junk" && was_taken;
            for edit in fix.edits.iter().filter(|_| junk_deletion) {
                prop_assert!(edit.replacement.is_empty(), "{} replaces text", d.code());
                let before = &text[edit.span.start..d.span().start.max(edit.span.start)];
                let after = &text[d.span().end.min(edit.span.end)..edit.span.end];
                prop_assert!(
                    blank(before) && blank(after),
                    "{} deletes {:?} and {:?} beside its finding {:?}",
                    d.code(), before, after, &text[d.span()]
                );
            }
        }
    }
}
