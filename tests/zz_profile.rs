use std::sync::Arc;
use std::time::Instant;
use zjlint::catalogue::Catalogue;
use zjlint::checks::Context;
#[test]
#[ignore]
fn profile() {
    let cat = Catalogue::builtin().unwrap();
    let dir = std::path::Path::new("tests/fixtures/corpus/seeds");
    let texts: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| std::fs::read_to_string(e.unwrap().path()).unwrap())
        .collect();
    let bytes: usize = texts.iter().map(|t| t.len()).sum();
    let n = 20;
    let t0 = Instant::now();
    let mut docs = vec![];
    for _ in 0..n {
        docs.clear();
        for t in &texts {
            docs.push(zjlint::parse::parse(t));
        }
    }
    let e = t0.elapsed().as_secs_f64();
    println!("parse {:.1} MB/s", (bytes * n) as f64 / e / 1e6);
    if std::env::var_os("PARSE_ONLY").is_some() {
        return;
    }
    for rule in &cat.rules {
        let t0 = Instant::now();
        for _ in 0..n {
            for (t, d) in texts.iter().zip(&docs) {
                let ctx = Context::new(t, d);
                let mut out = vec![];
                rule.check.run(&rule.def, &ctx, &mut out);
            }
        }
        let e = t0.elapsed().as_secs_f64();
        println!(
            "{} {} {:.1} ms/iter",
            rule.def.code,
            rule.def.name,
            e * 1000.0 / n as f64
        );
    }
    let _ = Arc::new(0);
}
