//! An INI-style configuration parser.
//!
//! ```text
//! ; a comment            # also a comment
//! [server]
//! host = example.org     ; comments may end a line
//! motd = "hello; world"  ; quotes keep `;`, `#` and spaces, `\"` and `\\` escape
//! ```
//!
//! Written the obvious way: lines are scanned with `chars().nth(i)` (each
//! call walks the line from its start, so a line costs O(length^2)), text
//! is built one `char::to_string` at a time, and sections are found by a
//! linear search over those seen so far.

use std::fmt;

/// One `[name]` section with its `key = value` entries in file order.
/// Entries before the first header belong to a section named "".
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    pub name: String,
    pub entries: Vec<(String, String)>,
}

/// Why a text is not a configuration: the 1-based line and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct ParseError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

impl std::error::Error for ParseError {}

/// `line` without its comment (from the first `;` or `#` outside double
/// quotes) and without surrounding whitespace.
pub fn strip_comment(line: &str) -> String {
    let mut kept = String::new();
    let mut quoted = false;
    let mut escaped = false;
    for i in 0..line.chars().count() {
        let c = line.chars().nth(i).unwrap();
        if !quoted && (c == ';' || c == '#') {
            break;
        }
        if escaped {
            escaped = false;
        } else if c == '\\' && quoted {
            escaped = true;
        } else if c == '"' {
            quoted = !quoted;
        }
        kept += &c.to_string();
    }
    kept.trim().to_string()
}

/// A value as written, quotes removed and escapes resolved; an unquoted
/// value is returned as it is.
pub fn unquote(value: &str) -> Result<String, String> {
    let length = value.chars().count();
    if !value.starts_with('"') {
        return Ok(value.to_string());
    }
    let mut text = String::new();
    let mut i = 1;
    while i < length {
        let c = value.chars().nth(i).unwrap();
        if c == '\\' {
            match value.chars().nth(i + 1) {
                Some(escaped @ ('"' | '\\')) => text += &escaped.to_string(),
                Some('n') => text += "\n",
                Some(other) => return Err(format!("unknown escape \\{other}")),
                None => return Err("unterminated escape".to_string()),
            }
            i += 2;
        } else if c == '"' {
            if i + 1 != length {
                return Err("text after the closing quote".to_string());
            }
            return Ok(text);
        } else {
            text += &c.to_string();
            i += 1;
        }
    }
    Err("unterminated quote".to_string())
}

/// The sections of `text`, in order of first appearance; a header seen
/// again continues its section, and a key given twice keeps both entries.
pub fn parse(text: &str) -> Result<Vec<Section>, ParseError> {
    let mut sections: Vec<Section> = vec![Section { name: String::new(), entries: Vec::new() }];
    let mut current = 0;
    for (index, raw) in text.lines().enumerate() {
        let error = |message: String| ParseError { line: index + 1, message };
        let line = strip_comment(raw);
        if line.is_empty() {
            continue;
        }
        if line.starts_with('[') {
            if !line.ends_with(']') {
                return Err(error("a section header must end with ]".to_string()));
            }
            let name = line[1..line.len() - 1].trim().to_string();
            if name.is_empty() {
                return Err(error("empty section name".to_string()));
            }
            current = match sections.iter().position(|section| section.name == name) {
                Some(position) => position,
                None => {
                    sections.push(Section { name, entries: Vec::new() });
                    sections.len() - 1
                }
            };
            continue;
        }
        let Some(equals) = line.find('=') else {
            return Err(error(format!("expected key = value, found {line:?}")));
        };
        let key = line[..equals].trim().to_string();
        if key.is_empty() {
            return Err(error("empty key".to_string()));
        }
        let value = unquote(line[equals + 1..].trim()).map_err(error)?;
        sections[current].entries.push((key, value));
    }
    if sections[0].entries.is_empty() {
        sections.remove(0);
    }
    Ok(sections)
}

/// The last value of `key` in `section` of `text` (`""` for entries before
/// any header), or `None` when there is none or `text` does not parse.
pub fn lookup(text: &str, section: &str, key: &str) -> Option<String> {
    let sections = parse(text).ok()?;
    let section = sections.iter().find(|candidate| candidate.name == section)?;
    section.entries.iter().rev().find(|(name, _)| name == key).map(|(_, value)| value.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn section(name: &str, entries: &[(&str, &str)]) -> Section {
        Section {
            name: name.to_string(),
            entries: entries.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        }
    }

    #[test]
    fn strip_comment_respects_quotes() {
        assert_eq!(strip_comment("  key = value ; note"), "key = value");
        assert_eq!(strip_comment("# whole line"), "");
        assert_eq!(strip_comment(r#"motd = "a; b # c" ; real"#), r#"motd = "a; b # c""#);
        assert_eq!(strip_comment(r#"q = "say \"hi;\"" # x"#), r#"q = "say \"hi;\"""#);
        assert_eq!(strip_comment("naïve = ça ; é"), "naïve = ça");
    }

    #[test]
    fn unquote_resolves_escapes() {
        assert_eq!(unquote("plain text").unwrap(), "plain text");
        assert_eq!(unquote(r#""  padded ""#).unwrap(), "  padded ");
        assert_eq!(unquote(r#""a \"b\" \\ c\n""#).unwrap(), "a \"b\" \\ c\n");
        assert_eq!(unquote(r#""""#).unwrap(), "");
        assert_eq!(unquote(r#""open"#).unwrap_err(), "unterminated quote");
        assert_eq!(unquote(r#""x" y"#).unwrap_err(), "text after the closing quote");
        assert_eq!(unquote(r#""\t""#).unwrap_err(), "unknown escape \\t");
    }

    #[test]
    fn parse_sections_in_order() {
        let text = "top = 1\n[b]\nx = 2 ; two\n\n[a]\ny = \"three; 3\"\n[b]\nx = 4\n";
        assert_eq!(
            parse(text).unwrap(),
            vec![
                section("", &[("top", "1")]),
                section("b", &[("x", "2"), ("x", "4")]),
                section("a", &[("y", "three; 3")]),
            ]
        );
        assert_eq!(parse("[only]\n").unwrap(), vec![section("only", &[])]);
        assert_eq!(parse("; nothing\n\n").unwrap(), vec![]);
    }

    #[test]
    fn parse_reports_the_line() {
        let error = parse("[ok]\nkey = 1\njust words\n").unwrap_err();
        assert_eq!(error.line, 3);
        assert_eq!(error.to_string(), "line 3: expected key = value, found \"just words\"");
        assert_eq!(parse("[open\n").unwrap_err().line, 1);
        assert_eq!(parse("[ ]\n").unwrap_err().message, "empty section name");
        assert_eq!(parse("= 1\n").unwrap_err().message, "empty key");
        assert_eq!(parse("[s]\nk = \"open\n").unwrap_err().message, "unterminated quote");
    }

    #[test]
    fn lookup_finds_the_last_value() {
        let text = "name = root\n[db]\nport = 5432\nport = 5433\n";
        assert_eq!(lookup(text, "db", "port").as_deref(), Some("5433"));
        assert_eq!(lookup(text, "", "name").as_deref(), Some("root"));
        assert_eq!(lookup(text, "db", "host"), None);
        assert_eq!(lookup(text, "web", "port"), None);
        assert_eq!(lookup("broken line", "", "x"), None);
    }
}
