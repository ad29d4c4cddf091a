//! `--format concise`: one finding a line, `path:line:col: CODE message`, columns in characters.
//! Easy to grep and understood by editors' "jump to error" (the form of compilers' messages).

use super::FileReport;

pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for report in reports {
        for d in &report.diagnostics {
            let start = report.file.position(d.span().start);
            out.push_str(&format!(
                "{}:{}:{}: {} {}\n",
                report.file.name(),
                start.line,
                start.column,
                d.code(),
                one_line(&d.message)
            ));
        }
    }
    out
}

/// A message on one line: line breaks become spaces, so that each finding stays one line.
fn one_line(text: &str) -> String {
    text.split(['\r', '\n'])
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_stays_on_one_line() {
        assert_eq!(one_line("甲\r\n乙\n"), "甲 乙");
        assert_eq!(one_line("甲"), "甲");
    }
}
