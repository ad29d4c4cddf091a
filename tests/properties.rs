//! Properties over arbitrary text: never panic, spans inside the text on char boundaries, and
//! fixing settles: a fixed text gets no further fix.

use proptest::prelude::*;
use std::sync::Arc;
use zjlint::catalogue::Catalogue;
use zjlint::fix::{fix_source, FixLevel};
use zjlint::source::{LineIndex, Source};
use zjlint::{lint, Settings};

/// The built-in rules, compiled once for all cases.
fn settings() -> &'static Settings {
    static SETTINGS: std::sync::OnceLock<Settings> = std::sync::OnceLock::new();
    SETTINGS.get_or_init(|| Settings::new(Arc::new(Catalogue::builtin().expect("built-in rules"))))
}

/// Text built from the pieces that drive the grammar and the rules, in any order.
fn document_like() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
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
    ]);
    prop::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

fn check(text: &str, settings: &Settings) {
    let source = Source::new("prop.txt", text);
    let index = LineIndex::new(text);
    for d in lint(&source, settings) {
        assert!(
            d.span.start <= d.span.end && d.span.end <= text.len(),
            "{d:?}"
        );
        assert!(
            text.is_char_boundary(d.span.start) && text.is_char_boundary(d.span.end),
            "{d:?}"
        );
        let pos = index.position(text, d.span.start);
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
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Fixing a fixed text changes nothing (the engine runs passes until the rules' fixes
    /// settle).
    #[test]
    fn fixing_twice_changes_nothing(text in document_like()) {
        let once = fix_source(&Source::new("prop.txt", text.as_str()), settings(), FixLevel::Unsafe);
        let twice = fix_source(&Source::new("prop.txt", once.text.as_str()), settings(), FixLevel::Unsafe);
        prop_assert_eq!(&twice.text, &once.text, "a second --fix changed the text");
        prop_assert_eq!(twice.fixed, 0);
    }
}
