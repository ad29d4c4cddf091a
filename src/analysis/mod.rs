//! Shared analysis: facts about a document that several check kinds read (the heading outline,
//! the document's parts, phrase and pattern matching). A check kind reads these and its own
//! parameters, never another kind's internals.

pub mod literals;
pub mod markdown;
pub mod matching;
pub mod outline;
pub mod packed;
pub mod parts;
pub mod phrases;
pub mod script;
pub mod text;
pub mod vocabulary;
pub mod years;
