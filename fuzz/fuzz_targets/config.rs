//! Arbitrary bytes as a zjlint.toml: loaded by the configuration loader (which reads files, so
//! the bytes are written to one), its errors rendered, and its settings used on a short
//! document. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::PathBuf;
use std::sync::OnceLock;
use zjlint::config::{CliOverrides, Config};
use zjlint::lint;
use zjlint::source::Source;

const DOCUMENT: &str = "\
城区教育局20XX年工作总结
一、主要工作
（一）强化管理
1、落实安全责任制。全年投入达到亿元。
三、存在问题
";

/// A directory of this process for the zjlint.toml under test.
fn config_path() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("zjlint-fuzz-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("temporary directory");
        dir.join("zjlint.toml")
    })
}

fuzz_target!(|bytes: &[u8]| {
    let path = config_path();
    std::fs::write(path, bytes).expect("write zjlint.toml");
    let config = match Config::load(path, &CliOverrides::default()) {
        Ok(config) => config,
        Err(errors) => {
            let _ = errors.render(false);
            return;
        }
    };
    let settings = match config.settings_for(Some(&path.with_file_name("总结.txt"))) {
        Ok(settings) => settings,
        Err(errors) => {
            let _ = errors.render(false);
            return;
        }
    };
    let _ = lint(&Source::new("总结.txt", DOCUMENT), &settings);
});
