//! Injected faults: a clean paragraph written for this test gives no wording finding, and each
//! mistake injected into it, one at a time, is found by the rule meant for its class, at the
//! place of the mistake.

use std::sync::Arc;
use zjlint::catalogue::Catalogue;
use zjlint::diagnostic::Diagnostic;
use zjlint::lint::{lint, Settings};
use zjlint::source::Source;

const CLEAN: &str = "2024年上半年工作总结\n\
今年以来，我在科室负责信息系统的日常运维。在同事们的耐心帮助下，我很快熟悉了业务流程。\
除日常巡检外，还完成了两次应急演练，对已签收的设备统一登记建档，并在全市范围推广这一做法。\
我们对 Nginx、Redis、MySQL 做了升级，按时归档文件，每周核对报销单据。全年培训约200人，\
为今后独立上岗打下了坚实的基础。下一步，要跟上行业的发展步伐，逐步把手动录入改为自动采集。\
团队贴在墙上的提示是：please read the manual carefully and then ask whether the new service can be ready today.\n";

/// (what the fault is, the clean text, the text with the fault, the rule that finds it)
const FAULTS: &[(&str, &str, &str, &str)] = &[
    (
        "介词短语后接“使”",
        "帮助下，我很快",
        "帮助下，使我很快",
        "ZJ615",
    ),
    ("还 → 海", "还完成了两次", "海完成了两次", "ZJ656"),
    ("全市 → 全事", "在全市范围", "在全事范围", "ZJ656"),
    ("已……后", "对已签收的设备", "对已签收后的设备", "ZJ614"),
    ("约……左右", "培训约200人，", "培训大约200人左右，", "ZJ614"),
    (
        "列举重复",
        "MySQL 做了",
        "MySQL、Redis、Kafka 做了",
        "ZJ619",
    ),
    (
        "词尾的字在分句末重复",
        "归档文件，",
        "归档文件件，",
        "ZJ601",
    ),
    (
        "固定搭配中插进动词",
        "打下了坚实",
        "打下了加上坚实",
        "ZJ617",
    ),
    ("跟上……步骤", "发展步伐", "发展步骤", "ZJ616"),
    ("人工手动", "把手动录入", "把人工手动录入", "ZJ613"),
    ("句中的制表符", "业务流程。", "业务流\t程。", "ZJ618"),
    ("英文词连写", "and then ask", "andthen ask", "ZJ620"),
    ("英文词连写（be）", "can be ready", "can beready", "ZJ620"),
];

fn wording_findings(text: &str) -> Vec<Diagnostic> {
    static SETTINGS: std::sync::OnceLock<Settings> = std::sync::OnceLock::new();
    let settings = SETTINGS.get_or_init(|| {
        Settings::new(Arc::new(Catalogue::builtin().expect("built-in rules load")))
    });
    let mut found = lint(&Source::new("总结.txt", text), settings);
    found.retain(|d| d.category() == "wording");
    found
}

#[test]
fn the_clean_paragraph_has_no_wording_finding() {
    let found = wording_findings(CLEAN);
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn each_injected_fault_is_found_where_it_is() {
    let mut missed = Vec::new();
    for &(what, clean, faulty, code) in FAULTS {
        assert_eq!(CLEAN.matches(clean).count(), 1, "{what}: “{clean}” once");
        let text = CLEAN.replacen(clean, faulty, 1);
        let at = CLEAN.find(clean).unwrap();
        let fault = at..at + faulty.len();
        let found = wording_findings(&text);
        let hit = found
            .iter()
            .any(|d| d.code() == code && d.span().start < fault.end && fault.start < d.span().end);
        let others: Vec<_> = found.iter().filter(|d| d.code() != code).collect();
        if !hit || !others.is_empty() {
            missed.push(format!("{what}（{code}）: {found:?}"));
        }
    }
    assert!(missed.is_empty(), "{}", missed.join("\n"));
}
