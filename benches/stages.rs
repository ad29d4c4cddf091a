//! Each stage of `lint` on its own, on one ~50 KB work summary written for this benchmark:
//! parsing, the built-in rules of each check kind (one benchmark per kind), and rendering the
//! findings in each format. `whole/lint` is the sum of it all, as `zjlint check` runs it.
//! Run with `cargo bench --bench stages` (one stage: `cargo bench --bench stages -- rule/pattern`).
//!
//! The rules run as `lint` runs them: the rules of the junk category first, their lines marked
//! as junk for the others, every built-in rule listed as running (some rules leave a finding to
//! another). The text is ours, never a shared corpus document: whole sentences of a county
//! transport bureau's annual summary, with the faults such drafts have sprinkled through it.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::collections::BTreeMap;
use std::sync::Arc;
use zjlint::catalogue::{Catalogue, Rule};
use zjlint::checks::Context;
use zjlint::diagnostic::Diagnostic;
use zjlint::render::{self, FileReport, Format};
use zjlint::source::Source;
use zjlint::{lint, Settings};

/// Sentences of the sections' paragraphs; `{n}` and `{m}` become numbers.
const ACHIEVEMENTS: &[&str] = &[
    "全年完成国省干线公路养护{n}公里，优良路率比上年提高{m}个百分点。",
    "组织开展安全生产大检查{n}次，排查整改各类隐患{m}处，全年未发生较大以上安全事故。",
    "新改建农村公路{n}公里，实现所有建制村通硬化路、通客车，惠及沿线群众{m}万人。",
    "举办业务培训班{n}期，培训执法人员和站所骨干{m}人次，队伍素质明显提升。",
    "深化“放管服”改革，道路运输许可事项平均办理时限压缩到{n}个工作日，网上可办率达到{m}%。",
    "完成城乡客运一体化改造，开通镇村公交线路{n}条，日均服务群众{m}人次。",
    "治理超限超载车辆{n}辆次，卸载货物{m}吨，路面秩序持续好转。",
    "争取上级补助资金{n}万元，带动社会投资{m}万元，重点项目全部按期开工。",
];

const PROBLEMS: &[&str] = &[
    "部分项目前期工作推进较慢，征地拆迁和资金到位不够及时，影响了工程进度。",
    "基层养护站所人员年龄偏大，专业技术人才不足，机械化养护水平还不高。",
    "农村公路“重建轻养”现象仍然存在，个别路段病害处置不及时。",
    "行业监管手段比较传统，信息化平台的数据还没有完全打通。",
];

const PLANS: &[&str] = &[
    "继续抓好冬季道路保畅工作，提前储备融雪物资{n}吨，确保群众安全出行。",
    "启动县城至工业园区快速通道建设，力争年内完成投资{n}万元。",
    "推进“四好农村路”示范创建，新增示范路{n}公里。",
    "完善应急预案，每季度至少组织{n}次应急演练，提升突发事件处置能力。",
];

/// Lines a draft copied from a web page carries, and the faults the rules look for.
const FAULTS: &[&str] = &[
    "20xx年，我局将进一步加大工作力度，全年计划完成投资达到亿元。",
    "相关文章推荐：交通运输局工作总结范文大全",
    "本站所有文章均来自网络，如有侵权请联系删除",
    "全年共召开专题会议12次,研究解决重大问题35个。",
    "我们始终坚持把安全生产放在首位，的的确确做到了警钟长鸣。",
    "截至2025年11月底，共完成年度目标任务的百分之九十五(含续建项目)。",
    "今年以来，在县委县政府的正确领导下下，各项工作稳步推进。",
];

/// A summary of at least `bytes` bytes: title, opening, then numbered parts with numbered
/// sub-parts and items, repeated with changing figures; every fourth part has a fault.
fn summary(bytes: usize) -> String {
    let mut text = String::from(
        "某县交通运输局2025年工作总结\n\n\
         2025年，在县委、县政府的坚强领导和上级业务部门的精心指导下，我局紧紧围绕“交通强县”目标，\
         统筹推进项目建设、行业管理和安全生产各项工作，较好地完成了年初确定的目标任务。\
         现将有关情况总结如下：\n\n",
    );
    let chinese = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];
    let mut figure = 7usize;
    let mut next = |template: &str| {
        figure = (figure * 37 + 11) % 997;
        template
            .replace("{n}", &(figure % 90 + 3).to_string())
            .replace("{m}", &(figure * 13 % 5000 + 20).to_string())
    };
    let mut part = 0usize;
    while text.len() < bytes {
        let heading = chinese[part % chinese.len()];
        match part % 3 {
            0 => text.push_str(&format!("{heading}、主要工作及成效\n")),
            1 => text.push_str(&format!("{heading}、存在的问题\n")),
            _ => text.push_str(&format!("{heading}、下一步工作打算\n")),
        }
        for sub in 0..3 {
            text.push_str(&format!("（{}）", chinese[sub]));
            text.push_str(["狠抓项目建设", "强化行业管理", "筑牢安全底线"][sub]);
            text.push('\n');
            let sentences = match part % 3 {
                0 => ACHIEVEMENTS,
                1 => PROBLEMS,
                _ => PLANS,
            };
            for item in 0..4 {
                let first = sentences[(part + sub + item) % sentences.len()];
                let second = sentences[(part + sub + item + 3) % sentences.len()];
                text.push_str(&format!("{}. {}{}\n", item + 1, next(first), next(second)));
            }
        }
        if part % 4 == 3 {
            text.push_str(FAULTS[(part / 4) % FAULTS.len()]);
            text.push('\n');
        }
        text.push('\n');
        part += 1;
    }
    text.push_str("某县交通运输局\n2025年12月20日\n");
    text
}

/// The built-in rules grouped by check kind, in the order of the kinds' names.
fn rules_by_kind(catalogue: &Catalogue) -> BTreeMap<String, Vec<Rule>> {
    let mut kinds: BTreeMap<String, Vec<Rule>> = BTreeMap::new();
    for rule in &catalogue.rules {
        kinds
            .entry(rule.def.kind.clone())
            .or_default()
            .push(rule.clone());
    }
    kinds
}

fn bench_stages(c: &mut Criterion) {
    let catalogue = Arc::new(Catalogue::builtin().expect("built-in rules"));
    let settings = Settings::new(catalogue.clone());
    let text = summary(50_000);
    let source = Source::new("总结.txt", text.clone());
    let doc = zjlint::parse::parse_with(&text, &catalogue.title_nouns);
    // The context exactly as `lint` sets it up for this file.
    let context = || zjlint::lint::context(&source, &settings, None, &doc);
    let run = |ctx: &Context, rules: &[Rule], out: &mut Vec<Diagnostic>| {
        for rule in rules {
            rule.check.run(&rule.def, ctx, out);
        }
    };
    let junk_rules: Vec<Rule> = catalogue
        .rules
        .iter()
        .filter(|r| r.def.category == "junk")
        .cloned()
        .collect();
    let junk_lines = {
        let mut ctx = context();
        let mut found = Vec::new();
        run(&ctx, &junk_rules, &mut found);
        ctx.mark_junk(&found);
        ctx.junk_lines
    };

    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("parse", |b| {
        b.iter(|| {
            zjlint::parse::parse_with(&text, &catalogue.title_nouns)
                .lines
                .len()
        })
    });
    for (kind, rules) in rules_by_kind(&catalogue) {
        let is_junk = rules.iter().all(|r| r.def.category == "junk");
        group.bench_function(format!("rule/{kind}"), |b| {
            b.iter(|| {
                // A fresh context each time: what a context computes once per document (the
                // prose view, line facts) belongs to the first kind that asks for it.
                let mut ctx = context();
                if !is_junk {
                    ctx.junk_lines.clone_from(&junk_lines);
                }
                let mut out = Vec::new();
                run(&ctx, &rules, &mut out);
                out.len()
            })
        });
    }
    let diagnostics = lint(&source, &settings);
    assert!(
        diagnostics.len() > 50,
        "the benchmark text should give the renderers work: {} findings",
        diagnostics.len()
    );
    let reports = [FileReport::new(
        source.name.clone(),
        text.clone(),
        diagnostics,
    )];
    for format in Format::all().iter().copied() {
        group.bench_function(format!("render/{}", format.name()), |b| {
            b.iter(|| render::render(format, &reports, &catalogue, false).len())
        });
    }
    group.bench_function("whole/lint", |b| b.iter(|| lint(&source, &settings).len()));
    group.finish();
}

criterion_group!(benches, bench_stages);
criterion_main!(benches);
