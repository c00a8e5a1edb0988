//! GitHub Actions workflow commands: one annotation per unwaived finding
//! (`::error file=…,line=…,col=…,title=…::message`), with the severities mapped
//! critical/high → `error`, medium → `warning`, info → `notice`. Escaping follows
//! the Actions toolkit: `%`, `\r`, `\n` in the message; additionally `:` and `,`
//! in properties.

use crate::diagnostic::{Diagnostic, Severity as DiagSeverity};
use crate::rules::{Finding, RuleSeverity};

/// The workflow command for a severity.
pub fn command(s: RuleSeverity) -> &'static str {
    match s {
        RuleSeverity::Critical | RuleSeverity::High => "error",
        RuleSeverity::Medium => "warning",
        RuleSeverity::Info => "notice",
    }
}

/// Escapes a message (the data after `::`).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// Escapes a property value (`file=`, `title=`…).
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A path as the repository knows it: without the `<embedded>/` prefix of
/// shipped lists, without `./`, with `/` separators.
pub fn repo_path(path: &str) -> String {
    let p = path.replace('\\', "/");
    let p = p.strip_prefix("<embedded>/").unwrap_or(&p);
    p.strip_prefix("./").unwrap_or(p).to_string()
}

/// One annotation line per unwaived finding (waived findings are suppressed).
pub fn annotations(findings: &[Finding]) -> String {
    let mut out = String::new();
    for f in findings.iter().filter(|f| !f.waived) {
        let title = format!("{} ({}): {}", f.rule, f.severity, f.title);
        out.push_str(&format!(
            "::{} file={},line={},col={},title={}::{}\n",
            command(f.severity),
            escape_property(&repo_path(&f.location.file)),
            f.location.line,
            f.location.column,
            escape_property(&title),
            escape_data(&f.message)
        ));
    }
    out
}

/// Warnings (expired or unused waivers, scope disagreements) as `::warning` annotations.
pub fn warnings(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let cmd = match d.severity {
            DiagSeverity::Error => "error",
            DiagSeverity::Warning => "warning",
            DiagSeverity::Note => "notice",
        };
        let mut props = Vec::new();
        if let Some(l) = &d.location {
            props.push(format!("file={}", escape_property(&repo_path(&l.file))));
            props.push(format!("line={}", l.line));
            props.push(format!("col={}", l.column));
        }
        props.push(format!("title={}", escape_property(&format!("alljobs {}", d.code))));
        let mut msg = d.message.clone();
        if let Some(h) = &d.hint {
            msg.push_str(&format!("\nhint: {h}"));
        }
        out.push_str(&format!("::{cmd} {}::{}\n", props.join(","), escape_data(&msg)));
    }
    out
}

/// A `::notice` without position (e.g. a list's completeness).
pub fn notice(title: &str, message: &str) -> String {
    format!("::notice title={}::{}\n", escape_property(title), escape_data(message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_per_the_actions_toolkit() {
        assert_eq!(escape_data("50% a\r\nb: c, d"), "50%25 a%0D%0Ab: c, d");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(repo_path("<embedded>/lists/kg/x.toml"), "lists/kg/x.toml");
        assert_eq!(repo_path("./lists\\kg\\x.toml"), "lists/kg/x.toml");
        assert_eq!(command(RuleSeverity::Critical), "error");
        assert_eq!(command(RuleSeverity::High), "error");
        assert_eq!(command(RuleSeverity::Medium), "warning");
        assert_eq!(command(RuleSeverity::Info), "notice");
    }
}
