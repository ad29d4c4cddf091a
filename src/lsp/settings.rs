//! Which settings lint a document: resolved per directory, cached, and forgotten when a
//! zjlint.toml changes.

use crate::config::{CliOverrides, ConfigChoice, Resolver};
use crate::lint::Settings;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The settings for a document at `path` (a file that may not exist yet, e.g. unsaved).
///
/// THE one place where configuration is resolved for the language server: it must find the
/// zjlint.toml files that apply to `path` and layer them over the defaults. An error is shown to
/// the user and the defaults are used instead.
pub fn settings_for(path: &Path) -> Result<Settings, String> {
    // A fresh resolver each time: the cache below decides when to ask again.
    let resolver = Resolver::new(ConfigChoice::Discover, CliOverrides::default())
        .map_err(|e| e.render(false))?;
    resolver
        .settings_for(Some(path))
        .map(|s| (*s).clone())
        .map_err(|e| e.render(false))
}

/// Settings by document path (overrides in zjlint.toml can differ per file).
#[derive(Default)]
pub struct SettingsCache {
    by_dir: HashMap<PathBuf, Arc<Settings>>,
}

impl SettingsCache {
    /// The settings for a document, and the error to show if its configuration is broken.
    pub fn get(&mut self, path: &Path) -> (Arc<Settings>, Option<String>) {
        let dir = path.to_path_buf();
        if let Some(settings) = self.by_dir.get(&dir) {
            return (settings.clone(), None);
        }
        let (settings, error) = match settings_for(path) {
            Ok(settings) => (Arc::new(settings), None),
            Err(error) => {
                let fallback = crate::config::builtin_catalogue().unwrap_or_default();
                (Arc::new(Settings::new(Arc::new(fallback))), Some(error))
            }
        };
        self.by_dir.insert(dir, settings.clone());
        (settings, error)
    }

    /// A zjlint.toml at `config` was created, changed or deleted: it applies to its directory
    /// and everything below, so forget those.
    pub fn invalidate(&mut self, config: &Path) {
        match config.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => {
                self.by_dir.retain(|cached, _| !cached.starts_with(dir))
            }
            _ => self.by_dir.clear(),
        }
    }
}

/// Is this the name of a configuration file?
pub fn is_config(path: &Path) -> bool {
    path.file_name().is_some_and(|name| name == "zjlint.toml")
}

/// The file path of a `file:` URI, percent-decoded; characters a client left unencoded
/// (`file:///tmp/中文/总结.txt`) are taken as they are. Other schemes (untitled:, …) have none.
pub fn uri_to_path(uri: &str) -> Option<PathBuf> {
    let rest = uri.strip_prefix("file://")?;
    // Skip the authority (usually empty, or `localhost`).
    let path = &rest[rest.find('/')?..];
    let path = path.split(['?', '#']).next().unwrap_or(path);
    let decoded = percent_decode(path)?;
    // file:///C:/dir → C:/dir on Windows.
    let bytes = decoded.as_bytes();
    let drive =
        bytes.len() >= 3 && bytes[0] == b'/' && bytes[2] == b':' && bytes[1].is_ascii_alphabetic();
    if drive && cfg!(windows) {
        return Some(PathBuf::from(&decoded[1..]));
    }
    Some(PathBuf::from(decoded))
}

/// `%XX` escapes decoded; a `%` without two hex digits after it is kept as it is. None when the
/// bytes are not UTF-8.
fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escape = match bytes.get(i..i + 3) {
            Some([b'%', high, low]) => hex_value(*high).zip(hex_value(*low)),
            _ => None,
        };
        match escape {
            Some((high, low)) => {
                out.push(high << 4 | low);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

/// The value of one ASCII hex digit (no sign, unlike `from_str_radix`).
fn hex_value(digit: u8) -> Option<u8> {
    (digit as char).to_digit(16).map(|value| value as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_decode_to_paths() {
        assert_eq!(
            uri_to_path("file:///home/a/%E6%80%BB%E7%BB%93%20x.md"),
            Some(PathBuf::from("/home/a/总结 x.md"))
        );
        assert_eq!(
            uri_to_path("file:///tmp/中文/总结 x.txt"),
            Some(PathBuf::from("/tmp/中文/总结 x.txt"))
        );
        assert_eq!(
            uri_to_path("file://localhost/tmp/a.txt"),
            Some(PathBuf::from("/tmp/a.txt"))
        );
        assert_eq!(uri_to_path("untitled:Untitled-1"), None);
        // Bytes that are not UTF-8 name no path we can use.
        assert_eq!(percent_decode("/tmp/%E6"), None);
    }

    /// A `%` not followed by two hex digits is kept as it is (editors leave `100%` unencoded),
    /// so the document still gets its own directory's settings.
    #[test]
    fn a_percent_without_two_hex_digits_is_kept_literally() {
        assert_eq!(percent_decode("/tmp/%ZZ").as_deref(), Some("/tmp/%ZZ"));
        assert_eq!(percent_decode("/tmp/%4").as_deref(), Some("/tmp/%4"));
        assert_eq!(percent_decode("/tmp/%").as_deref(), Some("/tmp/%"));
        // from_str_radix would read a sign: %+5 is not an escape.
        assert_eq!(percent_decode("/a/%+5b").as_deref(), Some("/a/%+5b"));
        assert_eq!(percent_decode("/a/%-1").as_deref(), Some("/a/%-1"));
        assert_eq!(
            percent_decode("/a/%25%41%e6%80%bb").as_deref(),
            Some("/a/%A总")
        );
        assert_eq!(
            uri_to_path("file:///a/100%.txt"),
            Some(PathBuf::from("/a/100%.txt"))
        );
        // Before a multi-byte character: no slicing inside it.
        assert_eq!(percent_decode("/a/%总").as_deref(), Some("/a/%总"));
    }

    #[test]
    fn a_changed_config_forgets_its_directory_and_below() {
        let mut cache = SettingsCache::default();
        for doc in ["/w/a.md", "/w/sub/b.md", "/other/c.md"] {
            cache.get(Path::new(doc));
        }
        assert_eq!(cache.by_dir.len(), 3);
        cache.invalidate(Path::new("/w/zjlint.toml"));
        let mut left: Vec<_> = cache.by_dir.keys().cloned().collect();
        left.sort();
        assert_eq!(left, vec![PathBuf::from("/other/c.md")]);
        assert!(is_config(Path::new("/w/zjlint.toml")));
        assert!(!is_config(Path::new("/w/zjlint.toml.bak")));
    }
}
