//! The built-in rule files (rules/*.toml) as JSON, for the binary to read at each start: a
//! JSON parse of the same values takes a quarter of the instructions of a TOML parse (the
//! catalogue is 426 KB, and reading it was 31 M of a one-file run's instructions). The TOML
//! files stay the catalogue; a test holds the two readings equal.

use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let mut names: Vec<_> = std::fs::read_dir("rules")
        .expect("rules/ is readable")
        .map(|entry| entry.expect("rules/ is readable").path())
        .filter(|path| path.extension().is_some_and(|e| e == "toml"))
        .collect();
    names.sort();
    for path in names {
        println!("cargo:rerun-if-changed={}", path.display());
        let text = std::fs::read_to_string(&path).expect("a rule file is UTF-8");
        let table: toml::Table = toml::from_str(&text)
            .unwrap_or_else(|e| panic!("{} is not valid TOML: {e}", path.display()));
        table
            .values()
            .for_each(|value| refuse_datetimes(&path, value));
        let json = serde_json::to_string(&table).expect("TOML values serialise as JSON");
        let name = path.file_stem().expect("a file name").to_string_lossy();
        std::fs::write(Path::new(&out).join(format!("{name}.json")), json)
            .expect("OUT_DIR is writable");
    }
}

/// A TOML date would come back from JSON as a table: no rule uses one, and none may.
fn refuse_datetimes(path: &Path, value: &toml::Value) {
    match value {
        toml::Value::Datetime(_) => {
            panic!("{}: dates cannot be read back from JSON", path.display())
        }
        toml::Value::Array(items) => items.iter().for_each(|v| refuse_datetimes(path, v)),
        toml::Value::Table(table) => table.values().for_each(|v| refuse_datetimes(path, v)),
        _ => {}
    }
}
