//! Check kind `numbering-style`: not implemented yet.

use super::{Check, Context};
use crate::catalogue::RuleDef;
use crate::diagnostic::Diagnostic;
use std::sync::Arc;

struct Stub;

impl Check for Stub {
    fn run(&self, _rule: &RuleDef, _ctx: &Context, _out: &mut Vec<Diagnostic>) {}
}

pub fn build(_params: &toml::Table) -> Result<Arc<dyn Check>, String> {
    Ok(Arc::new(Stub))
}
