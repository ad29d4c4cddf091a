//! Arbitrary bytes as a document: decoded as `zjlint check` decodes a file, linted with the
//! built-in rules, and rendered in every output format. Nothing may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::{Arc, OnceLock};
use zjlint::catalogue::Catalogue;
use zjlint::render::{render, FileReport, Format};
use zjlint::source::Source;
use zjlint::{lint, Settings};

fn settings() -> &'static Settings {
    static SETTINGS: OnceLock<Settings> = OnceLock::new();
    SETTINGS.get_or_init(|| Settings::new(Arc::new(Catalogue::builtin().expect("built-in rules"))))
}

fuzz_target!(|bytes: &[u8]| {
    // Undecodable and binary input are input errors with a message, never a panic.
    let source = match Source::from_bytes("fuzz.txt", None, bytes.to_vec(), Default::default()) {
        Ok(source) => source,
        Err(error) => {
            let _ = error.to_string();
            return;
        }
    };
    let settings = settings();
    let diagnostics = lint(&source, settings);
    let reports = [FileReport::of(source, diagnostics)];
    for &format in Format::all() {
        let _ = render(format, &reports, &settings.catalogue, false);
    }
    let _ = render(Format::Human, &reports, &settings.catalogue, true);
});
