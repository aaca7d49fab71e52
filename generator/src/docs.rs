//! Spec descriptions → rustdoc text that renders as written and never breaks `cargo doc`.
//!
//! Descriptions are Markdown written for a website. In rustdoc a fenced or indented block
//! becomes a doctest, `[name]` an intra-doc link and `<id>` an HTML tag; each would warn or
//! fail. Fences get a `text` language, indentation is dropped, brackets and angle brackets
//! are escaped, and bare URLs are wrapped so they render as links.

/// Makes `text` safe for a `///` comment; returns `None` when nothing is left.
pub fn sanitize(text: &str) -> Option<String> {
    let mut out = Vec::new();
    let mut in_fence = false;
    // Width of the list marker when the previous line belongs to a list item, so a line that
    // continues the item is indented under it (rustdoc warns on lazy continuations).
    let mut list_indent: Option<usize> = None;
    for line in text.trim().lines() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            if in_fence {
                out.push("```".to_owned());
            } else {
                out.push("```text".to_owned());
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.trim_end().to_owned());
            continue;
        }
        let escaped = escape_line(trimmed.trim_end());
        if trimmed.is_empty() {
            list_indent = None;
            out.push(escaped);
        } else if let Some(width) = list_marker_width(trimmed) {
            list_indent = Some(width);
            out.push(escaped);
        } else if let Some(width) = list_indent {
            out.push(format!("{}{escaped}", " ".repeat(width)));
        } else {
            out.push(escaped);
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    let joined = out.join("\n");
    let joined = joined.trim();
    (!joined.is_empty()).then(|| joined.to_owned())
}

/// `- item`, `* item`, `+ item` → 2; `1. item`, `10) item` → 3, 4.
fn list_marker_width(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let rest = &line[digits..];
    (digits > 0 && digits < 10 && (rest.starts_with(". ") || rest.starts_with(") "))).then_some(digits + 2)
}

fn escape_line(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + 8);
    let mut rest = line;
    while let Some(c) = rest.chars().next() {
        if let Some(url_len) = url_at(rest) {
            let url = &rest[..url_len];
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url_len..];
            continue;
        }
        match c {
            '[' | ']' => {
                // A Markdown link `[text](url)` renders fine; anything else would be read as an
                // intra-doc link.
                if c == '[' {
                    if let Some(len) = markdown_link_at(rest) {
                        out.push_str(&rest[..len]);
                        rest = &rest[len..];
                        continue;
                    }
                }
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\\' => out.push_str("\\\\"),
            _ => out.push(c),
        }
        rest = &rest[c.len_utf8()..];
    }
    out
}

/// Length of a bare `http(s)://…` URL at the start of `s`.
fn url_at(s: &str) -> Option<usize> {
    if !(s.starts_with("https://") || s.starts_with("http://")) {
        return None;
    }
    let end = s
        .char_indices()
        .find(|(_, c)| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '`' | ')' | ']'))
        .map_or(s.len(), |(i, _)| i);
    // A sentence's closing punctuation is not part of the URL.
    let url = s[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', '\'']);
    Some(url.len())
}

/// Length of `[text](url)` at the start of `s`, when it is one.
fn markdown_link_at(s: &str) -> Option<usize> {
    let close = s.find(']')?;
    if s[1..close].contains('[') || !s[close + 1..].starts_with('(') {
        return None;
    }
    let paren = s[close + 1..].find(')')?;
    let target = &s[close + 2..close + 1 + paren];
    (!target.contains(char::is_whitespace) && !target.is_empty()).then_some(close + 2 + paren)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_kept() {
        assert_eq!(sanitize("  Create a new API key.  ").as_deref(), Some("Create a new API key."));
        assert_eq!(sanitize("   "), None);
    }

    #[test]
    fn code_never_becomes_a_doctest() {
        assert_eq!(sanitize("Run:\n```\ncurl x\n```").as_deref(), Some("Run:\n```text\ncurl x\n```"));
        assert_eq!(sanitize("Run:\n    indented code").as_deref(), Some("Run:\nindented code"));
        assert_eq!(sanitize("```python\nopen").as_deref(), Some("```text\nopen\n```"));
    }

    #[test]
    fn list_items_continue_indented() {
        assert_eq!(
            sanitize("Modes:\n- fast: quick\nand cheap\n- slow\n\nEnd").as_deref(),
            Some("Modes:\n- fast: quick\n  and cheap\n- slow\n\nEnd")
        );
        assert_eq!(sanitize("1. one\ncontinued").as_deref(), Some("1. one\n   continued"));
    }

    #[test]
    fn brackets_tags_and_urls_are_escaped() {
        assert_eq!(sanitize("one of [a, b]").as_deref(), Some("one of \\[a, b\\]"));
        assert_eq!(sanitize("see [docs](https://x.io/a)").as_deref(), Some("see [docs](https://x.io/a)"));
        assert_eq!(sanitize("path /v1/<voice_id>").as_deref(), Some("path /v1/&lt;voice_id&gt;"));
        assert_eq!(sanitize("at https://x.io/a.").as_deref(), Some("at <https://x.io/a>."));
        assert_eq!(sanitize("a\\b").as_deref(), Some("a\\\\b"));
    }
}
