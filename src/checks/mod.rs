//! Check kinds. Each kind is one file: it reads its parameters from the rule's TOML table and
//! reports diagnostics from the document model. Rules (codes, messages, data) live in rules/.

use crate::analysis::literals::{self, Placement};
use crate::analysis::script::{simplified, SimplifiedView};
use crate::analysis::vocabulary::{Changes, Occurrences};
use crate::catalogue::RuleDef;
use crate::diagnostic::{interned, shared, Diagnostic, Edit, Fix, RuleTag, SharedText};
use crate::model::{Document, Span};
use serde::de::DeserializeOwned;
use std::sync::Arc;

pub mod announced_count;
pub mod bare_year;
pub mod collocation;
pub mod date_form;
pub mod digit_width;
pub mod doubled;
pub mod empty_section;
pub mod era_year;
pub mod formula;
pub mod genre_word;
pub mod glued_words;
pub mod junk_collection;
pub mod junk_inline;
pub mod junk_line;
pub mod junk_list;
pub mod list_count;
pub mod lookalike;
pub mod mark_pattern;
pub mod marker_form;
pub mod missing_number;
mod numbered_closing;
pub mod numbering_hierarchy;
pub mod numbering_sequence;
mod numbering_source;
pub mod numbering_style;
mod numbering_system;
pub mod paired_marks;
pub mod part_order;
pub mod pattern;
pub mod period_year;
pub mod phrase;
pub mod repeated_item;
pub mod required_parts;
pub mod runin_sequence;
pub mod script_mix;
pub mod sentence_end;
pub mod split_word;
pub mod substitution;
pub mod unit_name;
mod unnumbered_item;

/// A compiled check: the rule's parameters, ready to run on any document.
pub trait Check: Send + Sync {
    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>);

    /// Finish compiling, if the check was built lazily (see [`build_lazy`]); a compiled check
    /// has nothing to do.
    fn compile(&self) {}

    /// Compile also what the check leaves to its first use (regexes, phrase automata that
    /// only some documents need): what a long-running process does at start, so that no
    /// document waits for it. A command-line run uses [`Check::compile`] and pays for these
    /// only when a document needs them.
    fn compile_fully(&self) {
        self.compile();
    }

    /// Whether the check is compiled, all of it (false for a lazily built one not yet used,
    /// or one whose regexes wait for their first use).
    fn is_compiled(&self) -> bool {
        true
    }

    /// Whether the check reads what earlier rules of its category found (the findings in
    /// `out` that [`crate::analysis::matching::Filter`] keeps it off). Such a rule runs after
    /// those rules; the rules of a category where none does may run side by side.
    fn reads_earlier_findings(&self) -> bool {
        true
    }
}

/// A check compiled on first use: its regexes and automata cost nothing until a document
/// needs them (or [`Check::compile`] is called, e.g. on several threads at start).
struct Lazy {
    kind: String,
    params: toml::Table,
    check: std::sync::OnceLock<Arc<dyn Check>>,
}

impl Lazy {
    /// The check, built now if it was not yet. `defer`: its expressions' regexes are compiled
    /// when first searched (see [`crate::analysis::matching::deferring`]), not now.
    fn check_built(&self, defer: bool) -> &Arc<dyn Check> {
        self.check.get_or_init(|| {
            // Only the built-in rules are built lazily, and a test builds each of them eagerly;
            // should one still fail, it reports nothing rather than stop the linter.
            let built =
                || build(&self.kind, &self.params).unwrap_or_else(|_| Arc::new(Suppression));
            if defer {
                crate::analysis::matching::deferring(built)
            } else {
                built()
            }
        })
    }

    fn check(&self) -> &Arc<dyn Check> {
        self.check_built(true)
    }
}

impl Check for Lazy {
    fn run(&self, rule: &RuleDef, ctx: &Context, out: &mut Vec<Diagnostic>) {
        self.check().run(rule, ctx, out)
    }

    fn compile(&self) {
        self.check();
    }

    fn compile_fully(&self) {
        self.check_built(false).compile_fully();
    }

    fn is_compiled(&self) -> bool {
        self.check.get().is_some_and(|check| check.is_compiled())
    }

    fn reads_earlier_findings(&self) -> bool {
        self.check().reads_earlier_findings()
    }
}

/// The check of `kind`, compiled when it first runs. Its parameters are not checked now, so
/// this is for rules known to build (the built-in packs); users' rules go through [`build`],
/// which reports their errors at once.
pub fn build_lazy(kind: &str, params: &toml::Table) -> Arc<dyn Check> {
    Arc::new(Lazy {
        kind: kind.to_string(),
        params: params.clone(),
        check: std::sync::OnceLock::new(),
    })
}

/// Every check kind by the name rules use in `kind = "…"`.
pub const KINDS: &[&str] = &[
    "announced-count",
    "bare-year",
    "collocation",
    "date-form",
    "digit-width",
    "doubled",
    "empty-section",
    "era-year",
    "formula",
    "genre-word",
    "glued-words",
    "junk-collection",
    "junk-inline",
    "junk-line",
    "junk-list",
    "list-count",
    "lookalike-ideograph",
    "mark-pattern",
    "marker-form",
    "missing-number",
    "numbering-hierarchy",
    "numbering-sequence",
    "numbering-source",
    "numbering-style",
    "numbering-system",
    "numbered-closing",
    "paired-marks",
    "part-order",
    "pattern",
    "period-year",
    "phrase",
    "repeated-item",
    "required-parts",
    "runin-sequence",
    "script-mix",
    "sentence-end",
    "split-word",
    "substitution",
    "suppression",
    "unit-name",
    "unnumbered-item",
];

/// The check of a user's rule (a project's rules file, or a built-in rule's parameters changed
/// by configuration): compiled whole now, so that a regex too large for the engine, which
/// passes the syntax check, is an error when the rule loads rather than a rule that finds
/// nothing.
pub fn build_now(kind: &str, params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    let check = build(kind, params)?;
    check.compile_fully();
    if !check.is_compiled() {
        return Err(
            "有正则表达式太大，超出了正则引擎的限制，无法编译；请把它写得简单些或拆成几条".into(),
        );
    }
    Ok(check)
}

/// Compile the check of `kind` from a rule's parameters.
pub fn build(kind: &str, params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    match kind {
        "announced-count" => announced_count::build(params),
        "bare-year" => bare_year::build(params),
        "collocation" => collocation::build(params),
        "date-form" => date_form::build(params),
        "digit-width" => digit_width::build(params),
        "doubled" => doubled::build(params),
        "empty-section" => empty_section::build(params),
        "era-year" => era_year::build(params),
        "formula" => formula::build(params),
        "genre-word" => genre_word::build(params),
        "glued-words" => glued_words::build(params),
        "junk-collection" => junk_collection::build(params),
        "junk-inline" => junk_inline::build(params),
        "junk-line" => junk_line::build(params),
        "junk-list" => junk_list::build(params),
        "list-count" => list_count::build(params),
        "lookalike-ideograph" => lookalike::build(params),
        "mark-pattern" => mark_pattern::build(params),
        "marker-form" => marker_form::build(params),
        "missing-number" => missing_number::build(params),
        "numbering-hierarchy" => numbering_hierarchy::build(params),
        "numbering-sequence" => numbering_sequence::build(params),
        "numbering-source" => numbering_source::build(params),
        "numbering-style" => numbering_style::build(params),
        "numbering-system" => numbering_system::build(params),
        "numbered-closing" => numbered_closing::build(params),
        "paired-marks" => paired_marks::build(params),
        "part-order" => part_order::build(params),
        "pattern" => pattern::build(params),
        "period-year" => period_year::build(params),
        "phrase" => phrase::build(params),
        "repeated-item" => repeated_item::build(params),
        "required-parts" => required_parts::build(params),
        "runin-sequence" => runin_sequence::build(params),
        "script-mix" => script_mix::build(params),
        "sentence-end" => sentence_end::build(params),
        "split-word" => split_word::build(params),
        "substitution" => substitution::build(params),
        "suppression" => Suppression::build(params),
        "unit-name" => unit_name::build(params),
        "unnumbered-item" => unnumbered_item::build(params),
        other => Err(format!(
            "未知的检查类型 kind = \"{other}\"，可用：{}",
            KINDS.join("、")
        )),
    }
}

/// Kind `suppression`: the rules about suppression directives (ZJ001, ZJ002) report from
/// src/suppress.rs, after every other rule ran; as a check it reports nothing.
struct Suppression;

#[derive(serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct NoParams {}

impl Suppression {
    fn build(table: &toml::Table) -> Result<Arc<dyn Check>, String> {
        params::<NoParams>(table)?;
        Ok(Arc::new(Suppression))
    }
}

impl Check for Suppression {
    fn run(&self, _rule: &RuleDef, _ctx: &Context, _out: &mut Vec<Diagnostic>) {}

    fn reads_earlier_findings(&self) -> bool {
        false
    }
}

/// Read a check's parameters into its own type (which should `deny_unknown_fields`).
pub fn params<T: DeserializeOwned>(table: &toml::Table) -> Result<T, String> {
    toml::Value::Table(table.clone())
        .try_into()
        .map_err(|e: toml::de::Error| e.message().to_string())
}

/// The document's literal scan, measured under `--timing`.
pub(crate) fn scan_measured(text: &str) -> Occurrences {
    crate::timing::measure(crate::timing::LITERAL_SCAN, "", || Occurrences::scan(text))
}

/// What a large document's lint makes beside its parse: the simplified view and its literal
/// scan (see [`ViewScan`]).
pub(crate) struct Prescan<'a> {
    view: SimplifiedView<'a>,
    scan: ViewScan,
}

/// The literal scan of a simplified view, and what leads back to the text's (None: scan the
/// text again).
struct ViewScan {
    in_view: Occurrences,
    back: Option<Changes>,
}

/// The simplified view of `text` and the literal scan that the junk rules read first.
pub(crate) fn prescan(text: &str) -> Prescan<'_> {
    let view = simplified_view(text);
    let scan = view_scan(&view, None);
    Prescan { view, scan }
}

/// The literal scan of a view: made from the text's scan (`in_text`, else scanned here) when
/// the view changes a few lines; scanned a stretch at a time when it changes many (the
/// changes, every occurrence near a changed character, would then outgrow the scan).
fn view_scan(view: &SimplifiedView, in_text: Option<&Occurrences>) -> ViewScan {
    const STRETCH: usize = 1 << 20;
    let changed_bytes: usize = view.changed_spans().map(|span| span.len()).sum();
    if changed_bytes > view.text().len() / 8 {
        let in_view = crate::timing::measure(crate::timing::LITERAL_SCAN, "", || {
            Occurrences::scan_copy(view.text(), STRETCH, simplified)
        });
        return ViewScan {
            in_view,
            back: None,
        };
    }
    let in_text = match in_text {
        Some(in_text) => in_text.clone(),
        None => scan_measured(view.text()),
    };
    carried_to_view(in_text, view)
}

/// The simplified view of `text`, measured under `--timing`.
fn simplified_view(text: &str) -> SimplifiedView<'_> {
    crate::timing::measure(crate::timing::SIMPLIFIED_VIEW, "", || {
        SimplifiedView::new(text)
    })
}

/// The literal scan of a view, made from the text's (see [`Occurrences::changes`]),
/// measured under `--timing`.
fn carried_to_view(mut occurrences: Occurrences, view: &SimplifiedView) -> ViewScan {
    let changed: Vec<Span> = view.changed_chars().collect();
    let changes = crate::timing::measure(crate::timing::LITERAL_SCAN, "", || {
        occurrences.changes(view.text(), &changed, simplified)
    });
    occurrences.apply(&changes);
    ViewScan {
        in_view: occurrences,
        back: Some(changes.reversed()),
    }
}

/// The parts analyses of a document, by the address of the structure that made them.
pub(crate) type PartAnalyses = Vec<(usize, Option<Arc<crate::analysis::parts::Analysis>>)>;

/// What every check sees: the text, its model, and facts shared between rules.
pub struct Context<'a> {
    pub text: &'a str,
    /// The file's own text, at the same byte offsets as `text`: they differ in a Markdown file,
    /// whose markup (code blocks, images) `text` blanks out.
    pub raw: &'a str,
    pub doc: &'a Document,
    /// Per line of `doc.lines`: true when the line is leftover web-page junk. Set after the
    /// junk rules ran; other rules skip these lines.
    pub junk_lines: Vec<bool>,
    /// The document's title (first line that is not junk, cut at a wide gap or sentence end).
    pub title: Option<Span>,
    /// What every `junk-line` rule cuts and counts the same way (units, visible characters,
    /// neighbours): computed once per document by the first of them that runs (None for a
    /// text of 4 GiB or more).
    pub(crate) line_facts: std::sync::OnceLock<Option<junk_line::LineFacts>>,
    /// The prose view (running text without markers, junk, addresses, markup): built when a
    /// rule first asks for it, which is after the junk rules ran (see [`Context::prose`]).
    prose: std::sync::OnceLock<crate::analysis::text::Prose>,
    /// The section tree over the headings not on junk lines: made once, after the junk rules
    /// ran (see [`Context::outline`]).
    outline: std::sync::OnceLock<Vec<Option<crate::model::Section>>>,
    /// `text` in simplified characters, offset for offset: computed once, when a rule first
    /// asks (see [`Context::simplified`]).
    simplified: std::sync::OnceLock<SimplifiedView<'a>>,
    /// Where the rules' literal vocabulary occurs in `text`, and in the simplified view (made
    /// from the text's scan), when a rule first asks (see [`Context::occurrences`] and
    /// [`Context::simplified_occurrences`]).
    occurrences: std::sync::OnceLock<Occurrences>,
    simplified_occurrences: std::sync::OnceLock<ViewScan>,
    /// Commas between Chinese characters, half-width and full-width (see
    /// [`crate::analysis::text::commas_by_width`]), counted when a rule first asks.
    commas: std::sync::OnceLock<(usize, usize)>,
    /// The parts found by each parts structure (keyed by its address), computed by the first
    /// rule that asks (see [`crate::analysis::parts::Structure::analyse`]).
    pub(crate) part_analyses: std::sync::Mutex<PartAnalyses>,
    /// The rules that run on this document (after configuration): a rule may leave a finding
    /// to another rule only when that rule runs.
    pub running: Vec<Arc<RuleDef>>,
    /// Spans of the text that are Word's automatic numbering labels, in order (a .docx only).
    pub automatic: Vec<Span>,
    /// Lines that open a list of notes (the catalogue's `[outline] notes_headings`).
    pub notes_headings: &'a [String],
    /// Nouns that end a heading's title (the catalogue's `[outline] title_nouns`).
    pub title_nouns: &'a [String],
    /// The Markdown markup blanked out of `text` (`**`, link targets…), sorted (Markdown only).
    pub markup: Vec<Span>,
    /// The document's name as given (a path, or `-`): a file named `年度总结.docx` names its
    /// genre when the text itself has no title.
    pub file_name: String,
}

impl<'a> Context<'a> {
    pub fn new(text: &'a str, doc: &'a Document) -> Self {
        let mut ctx = Context {
            text,
            raw: text,
            doc,
            junk_lines: vec![false; doc.lines.len()],
            title: None,
            line_facts: std::sync::OnceLock::new(),
            prose: std::sync::OnceLock::new(),
            outline: std::sync::OnceLock::new(),
            simplified: std::sync::OnceLock::new(),
            occurrences: std::sync::OnceLock::new(),
            simplified_occurrences: std::sync::OnceLock::new(),
            commas: std::sync::OnceLock::new(),
            part_analyses: std::sync::Mutex::new(Vec::new()),
            running: Vec::new(),
            automatic: Vec::new(),
            notes_headings: &[],
            markup: Vec::new(),
            title_nouns: &[],
            file_name: String::new(),
        };
        ctx.title = ctx.find_title();
        ctx
    }

    /// The running rules of check kind `kind`.
    pub fn running_of_kind<'s>(&'s self, kind: &'s str) -> impl Iterator<Item = &'s RuleDef> {
        self.running
            .iter()
            .filter(move |def| def.kind == kind)
            .map(|def| &**def)
    }

    /// Is `span` (a heading's marker) a Word automatic number rather than typed text?
    pub fn is_automatic(&self, span: &Span) -> bool {
        let at = self
            .automatic
            .partition_point(|label| label.end <= span.start);
        self.automatic
            .get(at)
            .is_some_and(|label| label.start <= span.start && span.end <= label.end)
    }

    /// Is the byte offset on a junk line?
    pub fn is_junk(&self, offset: usize) -> bool {
        let line = self
            .doc
            .lines
            .partition_point(|l| l.span().start <= offset)
            .saturating_sub(1);
        self.junk_lines.get(line).copied().unwrap_or(false)
    }

    /// Mark the lines that junk diagnostics cover (at least half of a line's content).
    pub fn mark_junk(&mut self, diagnostics: &[Diagnostic]) {
        for d in diagnostics.iter().filter(|d| d.category() == "junk") {
            let span = d.span();
            // Lines are sorted: start at the first line that can overlap the finding.
            let first = self
                .doc
                .lines
                .partition_point(|l| l.span().end < span.start);
            for (i, line) in self.doc.lines.iter().enumerate().skip(first) {
                if line.span().start > span.end {
                    break;
                }
                let covered = span.end.min(line.content().end) as isize
                    - span.start.max(line.content().start) as isize;
                if covered > 0 && covered as usize * 2 >= line.content().len() {
                    self.junk_lines[i] = true;
                }
            }
        }
        self.title = self.find_title();
        self.prose = std::sync::OnceLock::new();
        self.outline = std::sync::OnceLock::new();
        // Only the junk rules read these, and they ran: free them before the other rules add
        // their findings (should a later rule ask, they are made again). The text's literal
        // scan, which the other rules read, is first derived from the simplified view's. A
        // view that changes nothing holds nothing, and is kept for the rules that ask again.
        self.line_facts = std::sync::OnceLock::new();
        let view_scan = self.simplified_occurrences.take();
        if self
            .simplified
            .get()
            .is_none_or(|view| !view.is_unchanged())
        {
            self.simplified = std::sync::OnceLock::new();
        }
        if let (None, Some(mut scan)) = (self.occurrences.get(), view_scan) {
            // Else the text is scanned again when a rule asks.
            if let Some(back) = scan.back {
                scan.in_view.apply(&back);
                self.occurrences = std::sync::OnceLock::from(scan.in_view);
            }
        }
    }

    /// The spans of running text that punctuation and wording rules read. Junk rules must not
    /// ask for it: it leaves out the lines they report.
    pub fn prose(&self) -> &crate::analysis::text::Prose {
        self.prose.get_or_init(|| {
            let mut cut = self.markup.clone();
            cut.extend(self.automatic.iter().cloned());
            crate::timing::measure(crate::timing::PROSE_VIEW, "", || {
                crate::analysis::text::Prose::build(
                    self.text,
                    self.doc,
                    crate::analysis::text::NotProse {
                        cut,
                        junk_lines: &self.junk_lines,
                    },
                )
            })
        })
    }

    /// The section tree the numbering rules share (see [`crate::analysis::outline::outline`]):
    /// made at the first ask after the junk lines are known, and kept.
    pub(crate) fn outline(&self) -> &[Option<crate::model::Section>] {
        self.outline
            .get_or_init(|| crate::analysis::outline::outline(self))
    }

    /// The text in simplified characters, at the same byte offsets (see
    /// [`crate::analysis::script`]): a rule reads its lines rather than simplifying them.
    pub fn simplified(&self) -> &SimplifiedView<'a> {
        self.simplified.get_or_init(|| {
            // The parse of the text found its traditional characters.
            let traditional = self.doc.traditional.iter().map(|&at| at as usize);
            crate::timing::measure(crate::timing::SIMPLIFIED_VIEW, "", || {
                SimplifiedView::of_traditional_at(self.text, traditional)
            })
        })
    }

    /// The occurrences of the rules' literal vocabulary in `text`, when it is the document's
    /// text (the very slice, not an equal copy); None for any other text, which a rule then
    /// screens on its own.
    pub(crate) fn occurrences(&self, text: &str) -> Option<&Occurrences> {
        let same = std::ptr::eq(text.as_ptr(), self.text.as_ptr()) && text.len() == self.text.len();
        same.then(|| self.text_occurrences())
    }

    fn text_occurrences(&self) -> &Occurrences {
        self.occurrences.get_or_init(|| scan_measured(self.text))
    }

    /// The occurrences of the rules' literal vocabulary in the simplified view.
    pub(crate) fn simplified_occurrences(&self) -> &Occurrences {
        let view = self.simplified();
        if view.is_unchanged() {
            return self.text_occurrences();
        }
        let scan = self.simplified_occurrences.get_or_init(|| {
            // The text's own scan is not kept for this: it would be kept through the junk
            // rules, which read only the view (both cost 20 MB on a 50 MB file); it is made
            // back from the view's when the view is freed.
            view_scan(view, self.occurrences.get())
        });
        &scan.in_view
    }

    /// The simplified view and the literal scan, made beforehand (beside the parse; see
    /// [`prescan`]).
    pub(crate) fn set_prescan(&mut self, prescan: Prescan<'a>) {
        // As in one thread: the junk rules read the view's scan, and the text's is carried
        // back from it when the view is freed.
        if prescan.view.is_unchanged() {
            self.occurrences = std::sync::OnceLock::from(prescan.scan.in_view);
        } else {
            self.simplified_occurrences = std::sync::OnceLock::from(prescan.scan);
        }
        self.simplified = std::sync::OnceLock::from(prescan.view);
    }

    /// How many commas between Chinese characters are half-width and how many full-width.
    pub fn commas_by_width(&self) -> (usize, usize) {
        *self
            .commas
            .get_or_init(|| crate::analysis::text::commas_by_width(self.text))
    }

    fn find_title(&self) -> Option<Span> {
        let (i, line) = self
            .doc
            .lines
            .iter()
            .enumerate()
            .find(|(i, l)| !l.is_blank() && !self.junk_lines[*i])?;
        let _ = i;
        let content = &self.text[line.content()];
        // A document that opens with a numbered heading or a short sentence has no title line
        // (a long line ending in 。 is a title glued to its body by scraping, cut below).
        let glued = content.contains("  ") || content.contains("\u{3000}\u{3000}");
        let sentence = content
            .trim_end()
            .ends_with(crate::analysis::text::STATEMENT_ENDS)
            && content.chars().count() < 80
            && !glued;
        if line.heading().is_some() || sentence {
            return None;
        }
        let content = content.trim_start_matches(['*', '_', ' ', '\u{3000}']);
        let start = line.content().end - content.len();
        let mut end = content.len();
        // A wide gap or a sentence mark ends a title glued to the body by scraping.
        for (pos, c) in content.char_indices() {
            let gap =
                content[pos..].starts_with("  ") || content[pos..].starts_with("\u{3000}\u{3000}");
            if gap || matches!(c, '。' | '，' | '；' | '！' | '？' | ',' | ';') {
                end = pos;
                break;
            }
        }
        let title = content[..end].trim_end_matches(['*', '_', ' ']);
        (!title.is_empty()).then(|| start..start + title.len())
    }

    /// A diagnostic for `rule` at `span`, with `{name}` in its message and help filled from
    /// `args`.
    pub fn diagnostic(&self, rule: &RuleDef, span: Span, args: &[(&str, &str)]) -> Diagnostic {
        Diagnostic::new(
            RuleTag::new(&rule.code, &rule.name, &rule.category, rule.severity),
            filled(&rule.message, args),
            filled(&rule.help, args),
            span,
        )
    }

    /// The fix of `rule` made of `edits`, when the rule declares one (`fix = "safe"` or
    /// `"unsafe"`): a kind offers fixes only for the rules that say they have them, and with
    /// the applicability they declare.
    pub fn fix(&self, rule: &RuleDef, title: String, edits: Vec<Edit>) -> Option<Box<Fix>> {
        let applicability = rule.fix?;
        (!edits.is_empty()).then(|| {
            Box::new(Fix {
                title: crate::diagnostic::interned(title),
                edits: edits.into(),
                applicability,
            })
        })
    }

    /// The whole lines `span` covers, from the first one's start through the last one's line
    /// break, when it covers all of their content (at most spaces outside it): deleting them
    /// removes the reported text and its lines, nothing else. None for part of a line.
    pub fn whole_lines(&self, span: &Span) -> Option<Span> {
        let lines = &self.doc.lines;
        let first = lines.partition_point(|l| l.span().end < span.start);
        let last = lines
            .partition_point(|l| l.span().start <= span.end)
            .checked_sub(1)?;
        let (head, tail) = (lines.get(first)?, lines.get(last)?);
        if first > last || span.start > span.end {
            return None;
        }
        let blank = |from: usize, to: usize| {
            from >= to
                || self
                    .text
                    .get(from..to)
                    .is_some_and(|s| s.trim_matches(is_space).is_empty())
        };
        if !blank(head.content().start, span.start) || !blank(span.end, tail.content().end) {
            return None;
        }
        let rest = self.text.get(tail.span().end..)?;
        let line_break = if rest.starts_with("\r\n") {
            2
        } else if rest.starts_with(['\n', '\r']) {
            1
        } else {
            0
        };
        Some(head.span().start..tail.span().end + line_break)
    }

    /// A fix of `rule` that deletes `span`: with its lines when it covers them whole, else
    /// the span alone, never the text around it.
    pub fn deletion(&self, rule: &RuleDef, span: &Span) -> Option<Box<Fix>> {
        let shown = excerpt(self.text.get(span.clone()).unwrap_or(""));
        let (span, title) = match self.whole_lines(span) {
            Some(lines) => (lines, format!("删除整行“{shown}”")),
            None => (self.with_edge_spaces(span), format!("删除“{shown}”")),
        };
        let edit = Edit {
            span,
            replacement: crate::diagnostic::SharedText::empty(),
        };
        self.fix(rule, title, vec![edit])
    }

    /// `span` with the spaces between it and the start or end of its line's content: text
    /// deleted at a line's edge leaves no space there (`某某工作总结 某某工作总结`).
    fn with_edge_spaces(&self, span: &Span) -> Span {
        let lines = &self.doc.lines;
        let Some(line) = lines
            .partition_point(|l| l.span().start <= span.start)
            .checked_sub(1)
            .and_then(|i| lines.get(i))
        else {
            return span.clone();
        };
        let (Some(before), Some(after)) = (
            self.text.get(line.content().start..span.start),
            self.text.get(span.end..line.content().end),
        ) else {
            return span.clone();
        };
        let mut out = span.clone();
        if after.trim_start_matches(is_space).is_empty() {
            out.start -= before.len() - before.trim_end_matches(is_space).len();
        } else if before.trim_end_matches(is_space).is_empty() {
            out.end += after.len() - after.trim_start_matches(is_space).len();
        }
        out
    }

    pub fn diagnostic_with_fix(
        &self,
        rule: &RuleDef,
        span: Span,
        args: &[(&str, &str)],
        fix: Fix,
    ) -> Diagnostic {
        let mut diagnostic = self.diagnostic(rule, span, args);
        diagnostic.fix = Some(Box::new(fix));
        diagnostic
    }

    /// A finding of `span` whose unsafe fix writes `right` in its place; the message and help
    /// may name `{match}` (the text found) and `{replacement}` (`right`).
    pub fn replacement_diagnostic(&self, rule: &RuleDef, span: Span, right: &str) -> Diagnostic {
        let fix = Fix::replace(
            span.clone(),
            self.text.get(span.clone()).unwrap_or_default(),
            right,
            crate::diagnostic::Applicability::Unsafe,
        );
        let found = self.text.get(span.clone()).unwrap_or_default();
        self.diagnostic_with_fix(rule, span, &[("match", found), ("replacement", right)], fix)
    }
}

/// `pattern` with each `{name}` of a word class replaced by a group matching any of its words
/// (longer words first, so the longest word at a place is taken). A `{name}` the rule does not
/// define, or a class without words, is an error when the rule loads, not a pattern that
/// silently never matches. (Regex repetitions such as `{2,}` and `\p{Han}` are not names.)
pub fn expand_vocabulary(
    pattern: &str,
    classes: &std::collections::BTreeMap<String, Vec<String>>,
) -> Result<String, String> {
    static NAME: std::sync::OnceLock<crate::shared_regex::Regex> = std::sync::OnceLock::new();
    let name = NAME.get_or_init(|| {
        crate::shared_regex::Regex::new(r"\{([A-Za-z_][A-Za-z0-9_]*)\}").expect("a fixed pattern")
    });
    let mut out = String::with_capacity(pattern.len());
    let mut at = 0;
    for caps in name.captures_iter(pattern) {
        let (whole, class) = (&caps[0], &caps[1]);
        let start = caps.get(0).map_or(at, |m| m.start());
        // `\p{Han}` is a Unicode class of the regex, not a word class
        if pattern[..start].ends_with("\\p") || pattern[..start].ends_with("\\P") {
            continue;
        }
        let words = classes
            .get(class)
            .filter(|w| !w.is_empty())
            .ok_or_else(|| format!("模式“{pattern}”用到的词类“{class}”没有定义或没有词"))?;
        let mut sorted: Vec<&String> = words.iter().collect();
        sorted.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
        let group: Vec<String> = sorted.iter().map(|w| regex_syntax::escape(w)).collect();
        out.push_str(&pattern[at..start]);
        out.push_str(&format!("(?:{})", group.join("|")));
        at = start + whole.len();
    }
    out.push_str(&pattern[at..]);
    Ok(out)
}

/// A junk pattern, its classes expanded, compiled to match the simplified-script view of a
/// text (so it is read in simplified characters too).
pub fn view_regex(
    pattern: &str,
    classes: &std::collections::BTreeMap<String, Vec<String>>,
) -> Result<crate::shared_regex::Regex, String> {
    crate::shared_regex::Regex::new(&view_source(pattern, classes)?)
        .map_err(|e| format!("正则表达式“{pattern}”有误：{e}"))
}

/// [`view_regex`] compiled when first used, screened by the strings its matches need (see
/// [`LazyRegex::screened`]): what the junk kinds hold, as most of their patterns find
/// nothing in most documents.
pub fn lazy_view_regex(
    pattern: &str,
    classes: &std::collections::BTreeMap<String, Vec<String>>,
) -> Result<LazyRegex, String> {
    LazyRegex::screened(view_source(pattern, classes)?)
        .map_err(|e| format!("正则表达式“{pattern}”有误：{e}"))
}

/// A junk pattern's source, its classes expanded, in simplified script.
fn view_source(
    pattern: &str,
    classes: &std::collections::BTreeMap<String, Vec<String>>,
) -> Result<String, String> {
    let expanded = expand_vocabulary(pattern, classes)?;
    Ok(crate::analysis::script::simplified(&expanded).into_owned())
}

/// A regex compiled when first used. Compiling is most of what a rule costs at start (a
/// Unicode class such as `\p{Han}` or `\d` becomes a large automaton), and most patterns of
/// a rule find nothing in most documents; its syntax is checked when it is made, so a mistake
/// shows when the rule loads, as before.
pub struct LazyRegex {
    source: String,
    /// Strings every match holds one of (see [`crate::analysis::literals::required`]), when
    /// made [`LazyRegex::screened`].
    required: Option<Vec<memchr::memmem::Finder<'static>>>,
    /// Where those strings stand in a match (the default when there are none).
    placement: Placement,
    compiled: std::sync::OnceLock<Option<crate::shared_regex::Regex>>,
}

impl LazyRegex {
    /// `source`, parsed now and compiled on first use; the error is the parser's message,
    /// as `regex` gives it.
    pub fn new(source: String) -> Result<LazyRegex, String> {
        regex_syntax::parse(&source).map_err(|e| e.to_string())?;
        Ok(LazyRegex {
            source,
            required: None,
            placement: Placement::default(),
            compiled: std::sync::OnceLock::new(),
        })
    }

    /// A fixed expression of the program itself, which a test compiles: not parsed until its
    /// first use (parsing the parser's two at every start cost about 1.7 M instructions).
    /// Were it wrong, it would match nothing (see [`LazyRegex::regex`]).
    pub fn fixed(source: String) -> LazyRegex {
        LazyRegex {
            source,
            required: None,
            placement: Placement::default(),
            compiled: std::sync::OnceLock::new(),
        }
    }

    /// `source`, parsed now and compiled on first use, with the strings every match needs
    /// (read from the same parse), for [`LazyRegex::may_match`] and screens of their own.
    pub fn screened(source: String) -> Result<LazyRegex, String> {
        let hir = regex_syntax::parse(&source).map_err(|e| e.to_string())?;
        let required = literals::required(&hir);
        Ok(LazyRegex {
            placement: (required.as_deref())
                .map_or_else(Placement::default, |set| literals::placement(&hir, set)),
            required: required.map(|set| {
                (set.iter())
                    .map(|s| memchr::memmem::Finder::new(s).into_owned())
                    .collect()
            }),
            source,
            compiled: std::sync::OnceLock::new(),
        })
    }

    /// The strings every match holds one of, sorted (as
    /// [`crate::analysis::literals::required_strings`] gives them); None when unknown.
    pub fn required_strings(&self) -> Option<Vec<String>> {
        let mut out: Vec<String> = (self.required.as_ref()?.iter())
            .map(|s| String::from_utf8(s.needle().to_vec()).ok())
            .collect::<Option<_>>()?;
        out.sort();
        Some(out)
    }

    pub fn as_str(&self) -> &str {
        &self.source
    }

    /// Where the strings of [`LazyRegex::required_strings`] stand in a match.
    pub fn placement(&self) -> Placement {
        self.placement
    }

    /// False when `hay` lacks every string a match needs, so the regex cannot match it (and
    /// need not be compiled to tell).
    pub fn may_match(&self, hay: &str) -> bool {
        (self.required.as_ref())
            .is_none_or(|set| set.iter().any(|s| s.find(hay.as_bytes()).is_some()))
    }

    /// The compiled regex. Its syntax was checked, so compiling fails only on the engine's
    /// size limit: such a regex matches nothing (a test compiles every built-in one).
    pub fn regex(&self) -> &crate::shared_regex::Regex {
        static NEVER: std::sync::OnceLock<crate::shared_regex::Regex> = std::sync::OnceLock::new();
        self.compiled
            .get_or_init(|| crate::shared_regex::Regex::new(&self.source).ok())
            .as_ref()
            .unwrap_or_else(|| {
                NEVER.get_or_init(|| {
                    crate::shared_regex::Regex::new(r"[^\s\S]").expect("a fixed pattern")
                })
            })
    }

    /// Whether the regex is compiled, and compiled without error.
    pub fn is_compiled(&self) -> bool {
        self.compiled.get().is_some_and(|r| r.is_some())
    }
}

/// A document of this many bytes or more is searched with copies of the regexes, made for
/// one rule's run and freed with it (see [`RunRegexes`]).
pub const OWN_CACHES_FROM: usize = 1 << 20;

/// A rule's regexes for one run. Over a document of [`OWN_CACHES_FROM`] bytes or more, each is
/// a copy made at its first use in the run and freed with it: a regex keeps the caches of its
/// searches (a lazy DFA's states) as long as it lives, and a built-in rule's regex lives as
/// long as the process, so on a 50 MB file the caches of every regex that any rule used added
/// up to about 10 MB at the peak. A copy shares the compiled program and starts with empty
/// caches. A smaller document uses the regexes themselves, whose caches the next document
/// reuses.
pub struct RunRegexes {
    copies: Option<Vec<std::cell::OnceCell<crate::shared_regex::Regex>>>,
}

impl RunRegexes {
    /// For a run over `text` of a rule with `count` regexes, numbered from 0.
    pub fn new(text: &str, count: usize) -> Self {
        RunRegexes {
            copies: (text.len() >= OWN_CACHES_FROM)
                .then(|| (0..count).map(|_| std::cell::OnceCell::new()).collect()),
        }
    }

    /// Regex number `k` of the rule, `regex`, or this run's copy of it.
    pub fn get<'r>(&'r self, k: usize, regex: &'r LazyRegex) -> &'r crate::shared_regex::Regex {
        match self.copies.as_ref().and_then(|copies| copies.get(k)) {
            Some(copy) => copy.get_or_init(|| regex.regex().clone()),
            None => regex.regex(),
        }
    }
}

impl std::ops::Deref for LazyRegex {
    type Target = crate::shared_regex::Regex;

    fn deref(&self) -> &crate::shared_regex::Regex {
        self.regex()
    }
}

impl std::fmt::Debug for LazyRegex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_tuple("LazyRegex").field(&self.source).finish()
    }
}

/// Spaces a line may have around its words (ASCII, ideographic, no-break).
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}'
}

/// Each of `found` in order, its list giving back memory as it is read: a rule that gathers
/// its findings first holds them and the diagnostics made of them, not both lists whole (a
/// file with a finding for each character has over a million).
pub(crate) fn each_releasing<T>(mut found: Vec<T>, mut each: impl FnMut(T)) {
    found.reverse();
    while let Some(item) = found.pop() {
        each(item);
        if found.capacity() > 4096 && found.len() < found.capacity() / 2 {
            found.shrink_to_fit();
        }
    }
}

/// At most 24 characters of `s`, with an ellipsis when cut.
pub fn excerpt(s: &str) -> String {
    const MAX: usize = 24;
    let s = s.trim();
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let cut: String = s.chars().take(MAX).collect();
        format!("{cut}…")
    }
}

/// A rule's message or help with `{name}` replaced by its value: the rule's own text, shared
/// by its findings, when there is nothing to replace; else one copy per distinct text.
pub fn filled(template: &str, args: &[(&str, &str)]) -> SharedText {
    if args.is_empty() || !template.contains('{') {
        shared(template)
    } else {
        // Filled into one buffer per thread: a text already known is not copied again.
        thread_local! {
            static BUFFER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
        }
        BUFFER.with_borrow_mut(|out| {
            out.clear();
            fill_into(template, args, out);
            interned(out.as_str())
        })
    }
}

/// Replace `{name}` with its value, in one pass: a value is never read as a template (a
/// document's text may hold braces). Braces around anything else stay as written.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    fill_into(template, args, &mut out);
    out
}

/// [`fill`], appending to `out`.
fn fill_into(template: &str, args: &[(&str, &str)], out: &mut String) {
    let mut rest = template;
    while let Some(open) = memchr::memchr(b'{', rest.as_bytes()) {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = memchr::memchr(b'}', after.as_bytes()).and_then(|close| {
            let name = &after[..close];
            let value = args.iter().find(|(n, _)| *n == name)?.1;
            Some((value, close))
        });
        match value {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for the checks' unit tests: run one rule of the built-in catalogue on a text.
    use crate::catalogue::Catalogue;

    /// The diagnostics of the built-in rule `code` on `text` (after the junk rules, as
    /// `lint` does).
    pub fn lint_builtin(code: &str, text: &str) -> Vec<crate::diagnostic::Diagnostic> {
        // Building the catalogue compiles every rule's automata: do it once per test binary.
        static SETTINGS: std::sync::OnceLock<crate::lint::Settings> = std::sync::OnceLock::new();
        let settings = SETTINGS.get_or_init(|| {
            let catalogue = Catalogue::builtin().expect("built-in rules load");
            crate::lint::Settings::new(std::sync::Arc::new(catalogue))
        });
        let source = crate::source::Source::new("test.txt", text);
        let mut found =
            crate::lint::lint_with(&source, settings, false, crate::lint::PARALLEL_RULES_FROM);
        found.retain(|d| d.code() == code);
        found
    }

    /// Run the built-in rule `code` on `text` (after the junk rules, as `lint` does) and
    /// return (line, column, matched text) of each finding.
    pub fn run(code: &str, text: &str) -> Vec<(usize, usize, String)> {
        let index = crate::source::LineIndex::new(text);
        lint_builtin(code, text)
            .into_iter()
            .map(|d| {
                let pos = index.position(text, d.span().start);
                (pos.line, pos.column, text[d.span()].to_string())
            })
            .collect()
    }

    /// Run only the rules written in `rule` (TOML, no built-in rules) and return (line,
    /// column, text) of each finding.
    pub fn run_toml(rule: &str, text: &str) -> Vec<(usize, usize, String)> {
        let index = crate::source::LineIndex::new(text);
        lint_toml(rule, text)
            .into_iter()
            .map(|d| {
                let pos = index.position(text, d.span().start);
                (pos.line, pos.column, text[d.span()].to_string())
            })
            .collect()
    }

    /// Run only the rules written in `rule` (TOML, no built-in rules): their diagnostics.
    pub fn lint_toml(rule: &str, text: &str) -> Vec<crate::diagnostic::Diagnostic> {
        let mut catalogue = Catalogue::default();
        catalogue
            .add_file("test.toml", rule)
            .expect("test rule loads");
        let settings = crate::lint::Settings::new(std::sync::Arc::new(catalogue));
        crate::lint::lint(&crate::source::Source::new("test.txt", text), &settings)
    }

    /// Text made of `pieces` (the words and marks that drive a rule) and any characters, in
    /// any order: for properties every rule must keep on any input.
    pub fn text_of(
        pieces: &'static [&'static str],
    ) -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let piece = prop_oneof![
            3 => prop::sample::select(pieces).prop_map(str::to_string),
            1 => any::<char>().prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..48).prop_map(|v| v.concat())
    }

    /// Run the built-in rule `code` on `text` and check what any input must give: the
    /// finding's span and its fix's edits inside the text on character boundaries, the
    /// edits in order without overlap; then lint the text its fixes give.
    pub fn assert_sound(code: &str, text: &str) {
        let inside = |span: &crate::model::Span| text.get(span.clone()).is_some();
        let found = lint_builtin(code, text);
        for d in &found {
            assert!(inside(&d.span()), "{code} {d:?} in {text:?}");
            let Some(fix) = &d.fix else { continue };
            let mut end = 0;
            for edit in &fix.edits {
                assert!(inside(&edit.span), "{code} {d:?} in {text:?}");
                assert!(edit.span.start >= end, "{code} {d:?} in {text:?}");
                end = edit.span.end;
            }
        }
        let fixes = found.iter().filter_map(|d| d.fix.as_deref());
        let fixed = crate::fix::apply_once(text, fixes, crate::fix::FixLevel::Unsafe);
        lint_builtin(code, &fixed.text);
    }

    /// Build a check with `build` from parameters written in TOML: Ok when they are accepted.
    pub fn accepts(
        build: fn(&toml::Table) -> Result<std::sync::Arc<dyn super::Check>, String>,
        params: &str,
    ) -> Result<(), String> {
        build(&params.parse().expect("parameters are TOML")).map(|_| ())
    }

    /// The corpus fixtures kept in the repository (seeds/).
    pub fn corpus_dir() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/corpus")
    }

    /// The third-party documents of the shared corpus (`../shared/corpus/real`), which the
    /// repository must not copy; None, with a SKIPPED line on stderr, where it is absent.
    pub fn real_corpus(test: &str) -> Option<std::path::PathBuf> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/real");
        if dir.is_dir() {
            return Some(dir);
        }
        // Written past the test harness's capture, so the skip is always seen.
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "SKIPPED {test}: no shared corpus at {}",
            dir.display()
        );
        None
    }

    /// Findings as (line, column, length in characters): how tests pin findings on the
    /// third-party documents without quoting their text.
    pub fn positions(found: &[(usize, usize, String)]) -> Vec<(usize, usize, usize)> {
        found
            .iter()
            .map(|(line, column, text)| (*line, *column, text.chars().count()))
            .collect()
    }

    /// An expected finding: (line, column, text).
    pub fn h(line: usize, column: usize, text: &str) -> (usize, usize, String) {
        (line, column, text.to_string())
    }
}

#[cfg(test)]
mod fill_tests {
    use super::fill;

    #[test]
    fn fill_replaces_named_arguments_once() {
        let args = [("match", "{replacement}"), ("replacement", "，")];
        // A value is not read again as a template.
        assert_eq!(
            fill("“{match}”改为“{replacement}”", &args),
            "“{replacement}”改为“，”"
        );
        // Unknown names, lone and doubled braces stay as written.
        assert_eq!(fill("{x}{{match}}{", &args), "{x}{{replacement}}{");
        assert_eq!(fill("没有占位符", &[]), "没有占位符");
    }
}

#[cfg(test)]
mod releasing_tests {
    #[test]
    fn findings_are_given_in_their_order_whatever_their_number() {
        for n in [0, 1, 2, 4097, 10_000] {
            // Pairs equal in their first half, to tell a stable order from another.
            let found: Vec<(usize, usize)> = (0..n).map(|k| (k / 2, k)).collect();
            let mut given = Vec::new();
            super::each_releasing(found.clone(), |item| given.push(item));
            assert_eq!(given, found, "{n}");
        }
    }
}

#[cfg(test)]
mod title_tests {
    use super::*;
    use crate::analysis::vocabulary::Starts;

    fn title(text: &str) -> Option<String> {
        let doc = crate::parse::parse(text);
        let ctx = Context::new(text, &doc);
        ctx.title.map(|span| text[span].to_string())
    }

    #[test]
    fn the_title_is_the_first_line_cut_where_the_body_starts() {
        assert_eq!(
            title("\n县教育局2024年工作总结\n正文。\n").as_deref(),
            Some("县教育局2024年工作总结")
        );
        assert_eq!(
            title("教育局上半年工作总结  xxxx年上半年，我局认真贯彻落实。").as_deref(),
            Some("教育局上半年工作总结")
        );
    }

    #[test]
    fn the_views_of_the_junk_rules_are_freed_after_them_and_made_again_on_demand() {
        let text = "點擊下載\n正文。\n";
        let doc = crate::parse::parse(text);
        let mut ctx = Context::new(text, &doc);
        assert_eq!(ctx.simplified().slice(&(0..12)), "点击下载");
        ctx.simplified_occurrences();
        ctx.mark_junk(&[]);
        assert!(ctx.simplified.get().is_none());
        assert!(ctx.simplified_occurrences.get().is_none());
        assert_eq!(ctx.simplified().slice(&(0..12)), "点击下载");
    }

    #[test]
    fn the_text_scanned_after_its_simplified_view_gets_the_same_occurrences() {
        let ids = crate::analysis::vocabulary::intern(["点击", "點擊", "正文"].map(str::as_bytes));
        let starts = |o: &Occurrences| {
            ids.iter()
                .map(|id| o.starts_of(id.unwrap()).map(Starts::to_vec))
                .collect::<Vec<_>>()
        };
        // One changed line of 13 bytes in 220: the view's scan is made from the text's, and
        // the text's made back from the view's. One in 29: the view is scanned on its own,
        // and the text again when a rule asks.
        let sparse = format!("點擊下載\n{}点击\n", "正文。\n".repeat(20));
        let dense = "點擊下載\n正文。点击\n";
        let every_tenth = (0..20).map(|k| 13 + 10 * k).collect::<Vec<u32>>();
        let expected = [
            (
                sparse.as_str(),
                true,
                vec![Some(vec![0, 213]), Some(vec![]), Some(every_tenth.clone())],
                vec![Some(vec![213]), Some(vec![0]), Some(every_tenth)],
            ),
            (
                dense,
                false,
                vec![Some(vec![0, 22]), Some(vec![]), Some(vec![13])],
                vec![Some(vec![22]), Some(vec![0]), Some(vec![13])],
            ),
        ];
        for (text, made_back, in_view, in_text) in expected {
            let doc = crate::parse::parse(text);
            let mut ctx = Context::new(text, &doc);
            assert_eq!(starts(ctx.simplified_occurrences()), in_view);
            assert!(
                ctx.occurrences.get().is_none(),
                "the junk rules read only the view"
            );
            ctx.mark_junk(&[]);
            assert_eq!(ctx.occurrences.get().is_some(), made_back);
            assert_eq!(starts(ctx.occurrences(text).expect("the text's")), in_text);
        }
    }

    #[test]
    fn after_the_junk_rules_a_view_that_changes_nothing_is_kept_and_another_freed() {
        for (text, kept) in [("正文。点击\n", true), ("點擊下載\n正文。\n", false)] {
            let doc = crate::parse::parse(text);
            let mut ctx = Context::new(text, &doc);
            let unchanged = ctx.simplified().is_unchanged();
            ctx.mark_junk(&[]);
            assert_eq!(ctx.simplified.get().is_some(), kept, "{text}");
            assert_eq!(ctx.simplified().is_unchanged(), unchanged, "{text}");
        }
    }

    #[test]
    fn a_prescan_gives_the_view_and_the_text_each_their_own_occurrences() {
        let ids = crate::analysis::vocabulary::intern(["点击", "點擊", "正文"].map(str::as_bytes));
        let starts = |o: &Occurrences| {
            ids.iter()
                .map(|id| o.starts_of(id.unwrap()).map(Starts::to_vec))
                .collect::<Vec<_>>()
        };
        let text = "點擊下載\n正文。点击\n";
        let doc = crate::parse::parse(text);
        let mut ctx = Context::new(text, &doc);
        ctx.set_prescan(prescan(text));
        let view = ctx.simplified().to_text();
        assert_eq!(view, "点击下载\n正文。点击\n");
        let in_view = starts(ctx.simplified_occurrences());
        assert_eq!(in_view, starts(&Occurrences::scan(&view)));
        assert_eq!(
            in_view,
            vec![Some(vec![0, 22]), Some(vec![]), Some(vec![13])]
        );
        ctx.mark_junk(&[]);
        let in_text = starts(ctx.occurrences(text).expect("the text's"));
        assert_eq!(in_text, vec![Some(vec![22]), Some(vec![0]), Some(vec![13])]);
        // A text with nothing to simplify: its own scan, and no view.
        let plain = "正文。点击\n";
        let doc = crate::parse::parse(plain);
        let mut ctx = Context::new(plain, &doc);
        ctx.set_prescan(prescan(plain));
        assert!(ctx.simplified().is_unchanged());
        assert!(std::ptr::eq(
            ctx.simplified_occurrences(),
            ctx.text_occurrences()
        ));
        let in_plain = starts(ctx.occurrences(plain).expect("the text's"));
        assert_eq!(in_plain, vec![Some(vec![9]), Some(vec![]), Some(vec![0])]);
    }

    #[test]
    fn the_outline_is_made_once_and_again_when_the_junk_lines_are_known() {
        let text = "工作总结\n一、成绩\n二、问题\n";
        let doc = crate::parse::parse(text);
        let mut ctx = Context::new(text, &doc);
        let first = ctx.outline();
        assert!(first.len() == 2 && first.iter().all(Option::is_some));
        assert!(std::ptr::eq(first, ctx.outline()));
        // The first heading's line turns out to be junk: it leaves the tree.
        ctx.junk_lines[1] = true;
        ctx.mark_junk(&[]);
        let again = ctx.outline();
        assert!(again[0].is_none() && again[1].is_some());
    }

    #[test]
    fn a_heading_or_a_sentence_is_no_title() {
        assert_eq!(title("三、下一步工作打算：加强管理\n正文。\n"), None);
        assert_eq!(title("本方案适用于全县各级学校。\n一、总体要求\n"), None);
    }
}

#[cfg(test)]
mod lazy_regex_tests {
    use super::{LazyRegex, RunRegexes, OWN_CACHES_FROM};

    #[test]
    fn a_large_documents_run_searches_with_copies_of_its_own() {
        let regex = LazyRegex::new(r"\d+周年".to_string()).unwrap();
        let small = RunRegexes::new("建党100周年", 1);
        assert!(std::ptr::eq(small.get(0, &regex), regex.regex()));
        // "年" is three bytes.
        let large_text = "年".repeat(OWN_CACHES_FROM / 3 + 1);
        let large = RunRegexes::new(&large_text, 1);
        let copy = large.get(0, &regex);
        assert!(!std::ptr::eq(copy, regex.regex()));
        assert!(std::ptr::eq(copy, large.get(0, &regex)), "one copy a run");
        assert_eq!(copy.find("建党100周年").map(|m| m.range()), Some(6..15));
        // A number past the rule's count reads the regex itself.
        assert!(std::ptr::eq(large.get(1, &regex), regex.regex()));
    }

    #[test]
    fn a_mistake_shows_when_made_and_compiling_waits_for_first_use() {
        assert!(LazyRegex::new("第(一".to_string()).is_err());
        assert!(LazyRegex::screened(r"\p{NoSuchClass}".to_string()).is_err());
        let regex = LazyRegex::new(r"\d+周年".to_string()).unwrap();
        assert!(!regex.is_compiled());
        assert_eq!(
            regex.find("建党100周年").map(|m| m.as_str()),
            Some("100周年")
        );
        assert!(regex.is_compiled());
    }

    #[test]
    fn a_text_without_the_needed_strings_cannot_match() {
        let regex = LazyRegex::screened(r"以([^。]{2,80}?)为(?:指导|指针)".to_string()).unwrap();
        assert!(!regex.may_match("坚持以人民为中心的发展思想"));
        assert!(!regex.is_compiled());
        assert!(regex.may_match("以新思想为指导"));
        assert_eq!(
            regex.required_strings(),
            Some(vec!["为指导".into(), "为指针".into()])
        );
        // Not screened, or no needed string: anything may match.
        assert!(LazyRegex::new("为指导".to_string()).unwrap().may_match(""));
        assert!(LazyRegex::screened(r"\d+".to_string())
            .unwrap()
            .may_match("甲"));
    }

    #[test]
    fn a_regex_too_large_to_compile_matches_nothing() {
        let regex = LazyRegex::new(r"\w{1000}\w{1000}".to_string()).unwrap();
        assert!(!regex.is_match(&"字".repeat(3000)));
        assert!(!regex.is_compiled());
    }
}

#[cfg(test)]
mod kind_tests {
    /// A project's own rule may use every kind the built-in rules use: the list that
    /// configuration checks user rules against names them all.
    #[test]
    fn every_kind_of_the_built_in_rules_is_listed_for_user_rules() {
        let catalogue = crate::catalogue::Catalogue::builtin().expect("built-in rules");
        for rule in &catalogue.rules {
            assert!(
                super::KINDS.contains(&rule.def.kind.as_str()),
                "{} uses kind {}, missing from KINDS",
                rule.def.code,
                rule.def.kind
            );
        }
    }
}

#[cfg(test)]
mod deletion_tests {
    use crate::fix::{apply_once, FixLevel};

    /// A junk rule that deletes one phrase: what its fix leaves shows how deletions are cut.
    const RULE: &str = r#"
[[rule]]
code = "T401"
name = "test-junk"
category = "junk"
severity = "warning"
kind = "junk-inline"
fix = "safe"
message = "网页残留：“{text}”"
help = "删去"
patterns = [{ pattern = '广告位招租', label = "广告" }]
"#;

    fn fixed(text: &str) -> String {
        let findings = super::testing::lint_toml(RULE, text);
        apply_once(
            text,
            findings.iter().filter_map(|d| d.fix.as_deref()),
            FixLevel::Safe,
        )
        .text
    }

    #[test]
    fn a_whole_line_goes_with_its_own_line_break_and_nothing_else() {
        assert_eq!(fixed("甲。\r\n广告位招租\r\n乙。\r\n"), "甲。\r\n乙。\r\n");
        assert_eq!(fixed("甲。\r广告位招租\r乙。"), "甲。\r乙。");
        // The last line has no line break: the one before it stays.
        assert_eq!(fixed("甲。\n广告位招租"), "甲。\n");
        assert_eq!(fixed("甲。\r\n广告位招租"), "甲。\r\n");
        // A BOM is the file's, not the first line's.
        assert_eq!(fixed("\u{feff}广告位招租\r\n甲。\r\n"), "\u{feff}甲。\r\n");
        assert_eq!(fixed("甲。\n\u{3000}广告位招租  \n乙。\n"), "甲。\n乙。\n");
        assert_eq!(fixed("广告位招租"), "");
    }

    #[test]
    fn part_of_a_line_goes_with_the_spaces_at_the_line_edge_only() {
        assert_eq!(fixed("甲乙 广告位招租\r\n丙。\r\n"), "甲乙\r\n丙。\r\n");
        assert_eq!(fixed("\u{feff}广告位招租\u{3000}甲乙\n"), "\u{feff}甲乙\n");
        assert_eq!(fixed("甲 广告位招租 乙\n"), "甲  乙\n");
    }
}
