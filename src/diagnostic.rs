//! What a rule reports.

use crate::model::{Offsets, Span};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Info => "提示",
            Severity::Warning => "警告",
            Severity::Error => "错误",
        }
    }
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Whether a fix may be applied without a person looking at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Changes only what the rule names (a wrong mark, a doubled character, a junk line).
    Safe,
    /// Likely right, but may change meaning (a word substitution, renumbering a list).
    Unsafe,
}

impl Applicability {
    /// The name serde gives it.
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// One replacement of a byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: SharedText,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, in Chinese, for menus and `--diff` headers.
    pub title: SharedText,
    pub edits: Edits,
    pub applicability: Applicability,
}

/// A fix's edits, read as a slice. Most fixes make one edit, which is kept in the fix itself:
/// a list of its own would be a second allocation for each of a large file's 170,000 fixes
/// (5 MB).
#[derive(Clone, PartialEq, Eq)]
pub enum Edits {
    One(Edit),
    Many(Box<[Edit]>),
}

impl Edits {
    pub fn as_slice(&self) -> &[Edit] {
        match self {
            Edits::One(edit) => std::slice::from_ref(edit),
            Edits::Many(edits) => edits,
        }
    }
}

impl Edits {
    /// Add `edit` after the others: one edit is kept in place, two or more in a list (made
    /// again at each push past the first: for a finding's few edits, not a long fix).
    pub fn push(&mut self, edit: Edit) {
        *self = match std::mem::take(self) {
            Edits::Many(none) if none.is_empty() => Edits::One(edit),
            Edits::One(first) => Edits::Many(Box::new([first, edit])),
            Edits::Many(some) => {
                let mut all = some.into_vec();
                all.push(edit);
                Edits::Many(all.into_boxed_slice())
            }
        };
    }
}

impl Default for Edits {
    fn default() -> Self {
        Edits::Many(Box::default())
    }
}

impl From<Edit> for Edits {
    fn from(edit: Edit) -> Self {
        Edits::One(edit)
    }
}

impl From<Vec<Edit>> for Edits {
    fn from(mut edits: Vec<Edit>) -> Self {
        match edits.pop() {
            Some(edit) if edits.is_empty() => Edits::One(edit),
            Some(edit) => {
                edits.push(edit);
                Edits::Many(edits.into_boxed_slice())
            }
            None => Edits::default(),
        }
    }
}

impl FromIterator<Edit> for Edits {
    fn from_iter<I: IntoIterator<Item = Edit>>(edits: I) -> Self {
        Edits::from(edits.into_iter().collect::<Vec<_>>())
    }
}

impl std::ops::Deref for Edits {
    type Target = [Edit];
    fn deref(&self) -> &[Edit] {
        self.as_slice()
    }
}

impl std::ops::DerefMut for Edits {
    fn deref_mut(&mut self) -> &mut [Edit] {
        match self {
            Edits::One(edit) => std::slice::from_mut(edit),
            Edits::Many(edits) => edits,
        }
    }
}

impl<'a> IntoIterator for &'a Edits {
    type Item = &'a Edit;
    type IntoIter = std::slice::Iter<'a, Edit>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<'a> IntoIterator for &'a mut Edits {
    type Item = &'a mut Edit;
    type IntoIter = std::slice::IterMut<'a, Edit>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter_mut()
    }
}

impl IntoIterator for Edits {
    type Item = Edit;
    type IntoIter = std::vec::IntoIter<Edit>;
    fn into_iter(self) -> Self::IntoIter {
        match self {
            Edits::One(edit) => vec![edit].into_iter(),
            Edits::Many(edits) => edits.into_vec().into_iter(),
        }
    }
}

impl std::fmt::Debug for Edits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Fix {
    /// A fix that writes `replacement` over `span` (which holds `found`), titled `改为“…”`,
    /// or, when the replacement is empty, `删去“…”` with what it deletes shortened as a
    /// finding shows it ([`crate::checks::excerpt`]), or `删去空格`.
    pub fn replace(
        span: Span,
        found: &str,
        replacement: &str,
        applicability: Applicability,
    ) -> Fix {
        let title = if !replacement.is_empty() {
            format!("改为“{replacement}”")
        } else if found.trim().is_empty() {
            // `删去“ ”` shows nothing a person can read.
            "删去空格".to_string()
        } else {
            format!("删去“{}”", crate::checks::excerpt(found))
        };
        Fix {
            title: interned(title),
            edits: Edits::One(Edit {
                span,
                replacement: interned(replacement),
            }),
            applicability,
        }
    }
}

/// A finding: what a rule reports at a span of the text.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The rule's code, name, category and severity, shared by all of its findings: one
    /// pointer rather than four fields (a large file has 300,000 findings).
    pub tag: RuleTag,
    pub message: SharedText,
    pub help: SharedText,
    /// Byte range of the offending text (see [`Diagnostic::span`]).
    span: Offsets,
    /// Boxed: most findings have none, and a large file has hundreds of thousands of findings.
    pub fix: Option<Box<Fix>>,
}

impl Diagnostic {
    /// A finding without a fix.
    pub fn new(tag: RuleTag, message: SharedText, help: SharedText, span: Span) -> Self {
        Diagnostic {
            tag,
            message,
            help,
            span: Offsets::of(&span),
            fix: None,
        }
    }

    /// Byte range of the offending text, kept as two u32 offsets (8 bytes, not 16): a large
    /// file holds hundreds of thousands of findings.
    pub fn span(&self) -> Span {
        self.span.span()
    }

    /// Offsets past 4 GiB are cut to it, as the parse reads no more.
    pub fn set_span(&mut self, span: Span) {
        self.span = Offsets::of(&span);
    }

    /// The rule's code (`ZJ101`).
    pub fn code(&self) -> &SharedText {
        &self.tag.0.code
    }

    /// The rule's name (`heading-number-gap`).
    pub fn rule(&self) -> &SharedText {
        &self.tag.0.rule
    }

    pub fn category(&self) -> &SharedText {
        &self.tag.0.category
    }

    pub fn severity(&self) -> Severity {
        self.tag.0.severity
    }

    /// The finding at `severity` (a project's settings may change a rule's).
    pub fn set_severity(&mut self, severity: Severity) {
        if self.severity() != severity {
            let names = &self.tag.0;
            self.tag = RuleTag::new(&names.code, &names.rule, &names.category, severity);
        }
    }
}

/// Who reports a finding: a rule's code, name and category, and the severity it reports at.
#[derive(Clone)]
pub struct RuleTag(Arc<RuleNames>);

#[derive(Debug, PartialEq, Eq)]
struct RuleNames {
    code: SharedText,
    rule: SharedText,
    category: SharedText,
    severity: Severity,
}

impl RuleTag {
    /// The tag of these names at `severity`: each thread keeps one per rule and severity it
    /// has seen, looked up by the texts' addresses (and checked by their content), so a rule's
    /// findings share one.
    pub fn new(code: &str, rule: &str, category: &str, severity: Severity) -> RuleTag {
        use std::cell::RefCell;
        use std::collections::HashMap;
        type Key = (usize, usize, usize, Severity);
        thread_local! {
            static SEEN: RefCell<HashMap<Key, RuleTag, foldhash::fast::RandomState>> =
                RefCell::new(HashMap::default());
        }
        SEEN.with_borrow_mut(|seen| {
            let address = |s: &str| s.as_ptr() as usize;
            let key = (address(code), address(rule), address(category), severity);
            let names = |tag: &RuleTag| {
                let n = &tag.0;
                n.code == code && n.rule == rule && n.category == category
            };
            if let Some(known) = seen.get(&key).filter(|known| names(known)) {
                return known.clone();
            }
            if seen.len() >= SHARED_TABLE_LIMIT {
                seen.clear();
            }
            let new = RuleTag(Arc::new(RuleNames {
                code: shared(code),
                rule: shared(rule),
                category: shared(category),
                severity,
            }));
            seen.insert(key, new.clone());
            new
        })
    }
}

impl PartialEq for RuleTag {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0) || self.0 == other.0
    }
}

impl std::fmt::Debug for RuleTag {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let n = &self.0;
        write!(f, "{} {} {} {:?}", n.code, n.rule, n.category, n.severity)
    }
}

/// A finding's text, which many findings may share: a rule's code, name and category, or a
/// message or help without placeholders, are one allocation for all of the rule's findings
/// (see [`shared`]). It reads as a `&str`; [`SharedText::push_str`] copies it before changing.
/// One pointer wide (an `Arc<str>` is two) and one block: a finding holds five of them, and
/// a large file has hundreds of thousands of findings.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SharedText(arcstr::ArcStr);

impl SharedText {
    fn new(text: impl AsRef<str>) -> Self {
        SharedText(arcstr::ArcStr::from(text.as_ref()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The empty text, shared.
    pub fn empty() -> Self {
        shared("")
    }

    /// Append `more`, leaving any other finding that shares this text unchanged.
    pub fn push_str(&mut self, more: &str) {
        let mut text = String::with_capacity(self.0.len() + more.len());
        text.push_str(&self.0);
        text.push_str(more);
        *self = SharedText::new(text);
    }
}

/// The most texts a thread's table of shared texts holds ([`shared`], [`interned`]): more
/// than any catalogue has; past it the table starts again (the language server reloads rules,
/// a run fills many messages), so it never grows without end.
const SHARED_TABLE_LIMIT: usize = 1 << 14;

/// The shared copy of `text`, a text that repeats across findings (a rule's code, name,
/// category, a message without placeholders): each thread keeps one copy per text it has seen
/// at one address, so the look-up costs a comparison, not a hash of the text.
pub fn shared(text: &str) -> SharedText {
    use std::cell::RefCell;
    use std::collections::HashMap;
    thread_local! {
        static SEEN: RefCell<HashMap<(usize, usize), SharedText, foldhash::fast::RandomState>> =
            RefCell::new(HashMap::default());
    }
    SEEN.with_borrow_mut(|seen| {
        let key = (text.as_ptr() as usize, text.len());
        // Another text may since live at the address: the content decides.
        if let Some(known) = seen.get(&key).filter(|known| known.as_str() == text) {
            return known.clone();
        }
        if seen.len() >= SHARED_TABLE_LIMIT {
            seen.clear();
        }
        let new = SharedText::new(text);
        seen.insert(key, new.clone());
        new
    })
}

/// `text` as a shared text, one copy per content among the texts recently seen on this thread:
/// a filled message repeats whenever the same text is found again (a half-width comma
/// reported a thousand times in one file keeps one message, not a thousand). A text already
/// known is found without being copied.
pub fn interned(text: impl AsRef<str>) -> SharedText {
    use std::cell::RefCell;
    use std::collections::HashSet;
    thread_local! {
        // A fast hash: every filled message and fix text is looked up here.
        static SEEN: RefCell<HashSet<SharedText, foldhash::fast::RandomState>> =
            RefCell::new(HashSet::default());
    }
    SEEN.with_borrow_mut(|seen| {
        if let Some(known) = seen.get(text.as_ref()) {
            return known.clone();
        }
        if seen.len() >= SHARED_TABLE_LIMIT {
            seen.clear();
        }
        let new = SharedText::new(text);
        seen.insert(new.clone());
        new
    })
}

impl std::ops::Deref for SharedText {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SharedText {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for SharedText {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SharedText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(self.as_str(), f)
    }
}

impl std::fmt::Display for SharedText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Display::fmt(self.as_str(), f)
    }
}

impl Serialize for SharedText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl From<String> for SharedText {
    fn from(text: String) -> Self {
        SharedText::new(text)
    }
}

impl From<&str> for SharedText {
    fn from(text: &str) -> Self {
        SharedText::new(text)
    }
}

impl From<&String> for SharedText {
    fn from(text: &String) -> Self {
        SharedText::new(text.as_str())
    }
}

impl From<SharedText> for String {
    fn from(text: SharedText) -> Self {
        text.as_str().to_string()
    }
}

impl PartialEq<str> for SharedText {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for SharedText {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<String> for SharedText {
    fn eq(&self, other: &String) -> bool {
        self.as_str() == other.as_str()
    }
}

impl PartialEq<SharedText> for str {
    fn eq(&self, other: &SharedText) -> bool {
        self == other.as_str()
    }
}

impl PartialEq<SharedText> for &str {
    fn eq(&self, other: &SharedText) -> bool {
        *self == other.as_str()
    }
}

impl PartialEq<SharedText> for String {
    fn eq(&self, other: &SharedText) -> bool {
        self.as_str() == other.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixes_that_say_the_same_share_their_texts() {
        let (a, b) = (
            Fix::replace(0..3, ",", "，", Applicability::Safe),
            Fix::replace(9..12, ",", &String::from("，"), Applicability::Safe),
        );
        let same = |x: &SharedText, y: &SharedText| std::ptr::eq(x.as_str(), y.as_str());
        assert_eq!(a.title, "改为“，”");
        assert!(same(&a.title, &b.title));
        assert!(same(&a.edits[0].replacement, &b.edits[0].replacement));
        assert_eq!(b.edits[0].replacement, "，");
    }

    #[test]
    fn a_fix_that_writes_nothing_says_what_it_deletes() {
        let fix = Fix::replace(3..6, "；", "", Applicability::Unsafe);
        assert_eq!(fix.title, "删去“；”");
        assert_eq!(fix.edits[0].replacement, "");
        let spaces = Fix::replace(3..6, "\u{3000}", "", Applicability::Safe);
        assert_eq!(spaces.title, "删去空格");
        // Long text is cut after 24 characters, as a finding's excerpt is.
        let long = "一二三四五六七八九十".repeat(3);
        let cut = Fix::replace(0..long.len(), &long, "", Applicability::Unsafe);
        assert_eq!(cut.title, format!("删去“{}…”", &long[..24 * 3]));
    }

    #[test]
    fn a_finding_is_small() {
        assert_eq!(std::mem::size_of::<SharedText>(), 8);
        // The rule's tag, two texts, the span and the boxed fix.
        assert_eq!(std::mem::size_of::<Diagnostic>(), 40);
        // A fix with its one edit in itself: one allocation of 40 bytes.
        assert!(std::mem::size_of::<Fix>() <= 40);
    }

    #[test]
    fn a_rules_findings_share_one_tag_and_a_new_severity_makes_another() {
        let (code, name, category) = (
            String::from("ZJ101"),
            String::from("gap"),
            String::from("numbering"),
        );
        let tag = || RuleTag::new(&code, &name, &category, Severity::Warning);
        let mut a = Diagnostic::new(tag(), shared("甲"), shared("乙"), 0..3);
        let b = Diagnostic::new(tag(), shared("甲"), shared("乙"), 3..6);
        assert!(Arc::ptr_eq(&a.tag.0, &b.tag.0));
        assert_eq!((a.code().as_str(), a.rule().as_str()), ("ZJ101", "gap"));
        assert_eq!(
            (a.category().as_str(), a.severity()),
            ("numbering", Severity::Warning)
        );
        a.set_severity(Severity::Error);
        assert_eq!(
            (a.code().as_str(), a.severity()),
            ("ZJ101", Severity::Error)
        );
        assert_eq!(b.severity(), Severity::Warning);
        assert_ne!(a.tag, b.tag);
        // Another code is another tag.
        let other = RuleTag::new("ZJ102", &name, &category, Severity::Warning);
        assert_eq!(
            Diagnostic::new(other, shared(""), shared(""), 0..0).code(),
            "ZJ102"
        );
    }

    #[test]
    fn edits_keep_one_edit_in_the_fix_and_read_as_the_list_they_came_from() {
        let edit = |at: usize| Edit {
            span: at..at + 3,
            replacement: shared("，"),
        };
        for n in 0..4 {
            let list: Vec<Edit> = (0..n).map(|k| edit(3 * k)).collect();
            let edits = Edits::from(list.clone());
            assert_eq!(matches!(edits, Edits::One(_)), n == 1, "{n} edits");
            assert_eq!(edits.as_slice(), list.as_slice());
            // Pushed one by one, the same.
            let mut pushed = Edits::default();
            list.iter().for_each(|e| pushed.push(e.clone()));
            assert!(pushed == edits, "{n} edits pushed");
            assert_eq!(edits.clone().into_iter().collect::<Vec<_>>(), list);
            assert_eq!(list.into_iter().collect::<Edits>(), edits);
        }
        let mut one = Edits::from(edit(0));
        one[0].span = 6..9;
        assert_eq!(one.as_slice(), [edit(6)]);
    }

    #[test]
    fn a_text_seen_again_is_the_same_allocation() {
        let code = String::from("ZJ101");
        let (a, b) = (shared(&code), shared(&code));
        assert!(arcstr::ArcStr::ptr_eq(&a.0, &b.0));
        // Equal text elsewhere is equal, whether or not it is shared.
        assert_eq!(shared(&String::from("ZJ101")), a);
        assert_eq!(a, "ZJ101");
    }

    #[test]
    fn an_interned_text_is_one_allocation_per_content() {
        let (a, b) = (
            interned(String::from("逗号“,”应为全角")),
            interned(String::from("逗号“,”应为全角")),
        );
        assert!(arcstr::ArcStr::ptr_eq(&a.0, &b.0));
        let other = interned(String::from("逗号“,”应为全角。"));
        assert!(!arcstr::ArcStr::ptr_eq(&a.0, &other.0));
        assert_eq!(other, "逗号“,”应为全角。");
    }

    #[test]
    fn appending_leaves_the_other_findings_text_alone() {
        let template = String::from("网页残留");
        let mut one = shared(&template);
        let other = shared(&template);
        one.push_str("（连续 3 行）");
        assert_eq!(one, "网页残留（连续 3 行）");
        assert_eq!(other, "网页残留");
        assert_eq!(
            format!("{one} {other:?}"),
            "网页残留（连续 3 行） \"网页残留\""
        );
    }

    #[test]
    fn a_finding_reads_as_before_in_json() {
        let text = SharedText::from("甲");
        assert_eq!(serde_json::to_string(&text).unwrap(), "\"甲\"");
    }
}
