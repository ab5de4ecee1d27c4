//! Attackers control command lines and file names, so output must not let them
//! drive a terminal or a spreadsheet.

use std::borrow::Cow;

/// Characters that change how text is shown without being visible: C0 and C1
/// controls, DEL, bidirectional overrides and isolates, zero-width marks.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c,
            '\u{061C}' | '\u{200B}'..='\u{200F}' | '\u{2028}' | '\u{2029}'
            | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Escapes unsafe characters as visible text (`\n`, `\t`, `\x1b`, `\u{202e}`).
pub fn terminal_safe(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x100 && is_unsafe(c) => {
                out.push_str(&format!("\\x{:02x}", c as u32))
            }
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:04x}}}", c as u32)),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// A CSV cell that no spreadsheet will run as a formula (OWASP CSV injection):
/// text starting with `=`, `+`, `-`, `@`, tab or carriage return gets a leading `'`.
/// Unsafe characters other than tab, CR and LF are escaped as in `terminal_safe`.
pub fn csv_safe(s: &str) -> Cow<'_, str> {
    let needs_quote = s.starts_with(['=', '+', '-', '@', '\t', '\r']);
    let needs_escape = s
        .chars()
        .any(|c| is_unsafe(c) && !matches!(c, '\t' | '\r' | '\n'));
    if !needs_quote && !needs_escape {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    if needs_quote {
        out.push('\'');
    }
    for c in s.chars() {
        if matches!(c, '\t' | '\r' | '\n') || !is_unsafe(c) {
            out.push(c);
        } else {
            out.push_str(&terminal_safe(c.encode_utf8(&mut [0; 4])));
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes() {
        assert_eq!(terminal_safe("plain"), "plain");
        assert_eq!(terminal_safe("a\x1b[2Jb\n"), "a\\x1b[2Jb\\n");
        assert_eq!(terminal_safe("evil\u{202E}exe.txt"), "evil\\u{202e}exe.txt");
        assert_eq!(terminal_safe("\u{9b}31m"), "\\x9b31m");
        assert_eq!(terminal_safe("ünïcödé"), "ünïcödé");
    }

    #[test]
    fn csv_formulas_neutralised() {
        for f in [
            "=cmd|' /C calc'!A0",
            "+1+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
        ] {
            assert!(csv_safe(f).starts_with('\''), "{f:?}");
        }
        assert_eq!(csv_safe("powershell -enc AAA"), "powershell -enc AAA");
        assert_eq!(csv_safe("a\x07b"), "a\\x07b");
        assert_eq!(csv_safe("line1\nline2"), "line1\nline2");
    }
}
