//! `--format github`: GitHub Actions workflow commands, one a line, which GitHub shows as
//! annotations on the pull request's diff:
//! `::error file=PATH,line=L,col=C,endLine=L,endColumn=C,title=CODE::MESSAGE`.
//! Columns are 1-based characters and the end column is exclusive, as in `--format json`.

use super::{message_with_help, relative_path, FileReport};
use crate::diagnostic::Severity;

pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for report in reports {
        let path = relative_path(report.file.name());
        for d in &report.diagnostics {
            let (start, end) = report.file.range(&report.file.region(&d.span()));
            let command = match d.severity() {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            out.push_str(&format!(
                "::{command} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                escape_property(&path),
                start.line,
                start.column,
                end.line,
                end.column,
                escape_property(d.code()),
                escape_data(&message_with_help(d)),
            ));
        }
    }
    out
}

/// Escaping of a command's message, as the Actions runner decodes it.
fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a property value: the message's escapes, and `:` and `,`, which end a value.
fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_expects() {
        assert_eq!(escape_data("50%\r\n甲:乙,丙"), "50%25%0D%0A甲:乙,丙");
        assert_eq!(escape_property("a,b:c%\n"), "a%2Cb%3Ac%25%0A");
    }
}
