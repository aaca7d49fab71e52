//! The breadth table as markdown: rows, the per-tool summary, and the marked block of
//! BENCHMARKS.md that a run replaces in place, keeping the rows it did not re-run.

use std::path::Path;

pub const BEGIN: &str = "<!-- breadth:begin (cargo xtask bench --breadth rewrites this block) -->";
pub const END: &str = "<!-- breadth:end -->";

const HEADER: &str =
    "| document | OpenAPI | tool | input | generated | methods / operations | cargo check | run (UTC) |";
const CELLS: usize = 8;

/// One tool on one input of one document; every field is a finished markdown cell.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub document: String,
    pub version: String,
    pub tool: String,
    pub input: String,
    pub generated: String,
    pub methods: String,
    pub check: String,
    pub run: String,
}

impl Row {
    pub fn key(&self) -> (&str, &str, &str) {
        (&self.document, &self.tool, &self.input)
    }

    fn to_markdown(&self) -> String {
        let cells = [
            &self.document,
            &self.version,
            &self.tool,
            &self.input,
            &self.generated,
            &self.methods,
            &self.check,
            &self.run,
        ];
        format!("| {} |", cells.map(String::as_str).join(" | "))
    }

    fn parse(line: &str) -> Option<Row> {
        let cells = split_cells(line)?;
        if cells.len() != CELLS || cells[0] == "document" || cells[0].starts_with("---") {
            return None;
        }
        let mut cells = cells.into_iter();
        let mut next = || cells.next().unwrap_or_default();
        Some(Row {
            document: next(),
            version: next(),
            tool: next(),
            input: next(),
            generated: next(),
            methods: next(),
            check: next(),
            run: next(),
        })
    }
}

/// The cells of a table line, `\|` kept inside its cell.
fn split_cells(line: &str) -> Option<Vec<String>> {
    let inner = line.trim().strip_prefix('|')?.strip_suffix('|')?;
    let mut cells = vec![String::new()];
    let mut escaped = false;
    for c in inner.chars() {
        match c {
            '|' if !escaped => cells.push(String::new()),
            _ => cells.last_mut()?.push(c),
        }
        escaped = c == '\\';
    }
    Some(cells.into_iter().map(|c| c.trim().to_owned()).collect())
}

/// `text` as inline code in a table cell: one line, at most `max` characters.
pub fn code(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ").replace('`', "'");
    let mut short: String = flat.chars().take(max).collect();
    if short.len() < flat.len() {
        short.push('…');
    }
    format!("`{}`", short.replace('|', "\\|"))
}

/// The rows in the block of `markdown`, if it has one.
pub fn rows_in(markdown: &str) -> Vec<Row> {
    let Some((_, rest)) = markdown.split_once(BEGIN) else { return Vec::new() };
    let block = rest.split_once(END).map_or(rest, |(block, _)| block);
    block.lines().filter_map(Row::parse).collect()
}

/// The whole block: `intro`, the rows, then per tool how many documents it generated and
/// compiled and how many operations became methods.
pub fn block(intro: &str, rows: &[Row], tools: &[&str]) -> String {
    let mut out = format!("{BEGIN}\n{intro}\n\n{HEADER}\n|{}\n", "---|".repeat(CELLS));
    for row in rows {
        out.push_str(&row.to_markdown());
        out.push('\n');
    }
    out.push_str("\nPer tool, on the original documents:\n\n");
    out.push_str("| tool | documents generated | crates that compile | methods / operations |\n|---|---|---|---|\n");
    for tool in tools {
        let mine: Vec<&Row> = rows.iter().filter(|r| r.tool == *tool && r.input == "original").collect();
        if mine.is_empty() {
            continue;
        }
        let generated = mine.iter().filter(|r| r.generated.starts_with("yes")).count();
        let compiled = mine.iter().filter(|r| r.check.starts_with("ok")).count();
        let (methods, operations) = mine.iter().fold((0, 0), |(m, o), r| {
            let mut parts = r.methods.split(" / ").map(|n| n.trim().parse::<usize>().ok());
            let (made, of) = (parts.next().flatten(), parts.next().flatten());
            (m + made.unwrap_or(0), o + of.unwrap_or(0))
        });
        let total = mine.len();
        out.push_str(&format!(
            "| {tool} | {generated} of {total} | {compiled} of {total} | {methods} / {operations} |\n"
        ));
    }
    out.push_str(END);
    out
}

/// `markdown` with its block replaced by `block`, or `block` appended when it has none.
pub fn replaced(markdown: &str, block: &str) -> String {
    if let (Some(start), Some(end)) = (markdown.find(BEGIN), markdown.find(END)) {
        if start < end {
            return format!("{}{block}{}", &markdown[..start], &markdown[end + END.len()..]);
        }
    }
    format!("{}\n\n## Breadth\n\n{block}\n", markdown.trim_end())
}

/// Writes `block` into the file at `path` (see [`replaced`]).
pub fn write_into(path: &Path, block: &str) -> Result<(), String> {
    let markdown = std::fs::read_to_string(path).unwrap_or_default();
    std::fs::write(path, replaced(&markdown, block)).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(tool: &str, generated: &str, methods: &str, check: &str) -> Row {
        Row {
            document: "a.yaml".into(),
            version: "3.0.3".into(),
            tool: tool.into(),
            input: "original".into(),
            generated: generated.into(),
            methods: methods.into(),
            check: check.into(),
            run: "2026-11-27 03:00".into(),
        }
    }

    #[test]
    fn the_block_reads_back_its_rows_and_replaces_only_itself() {
        let rows = vec![
            row("ours", "yes (0.1 s)", "5 / 6", "ok (2.0 s)"),
            row("ploidy", "no: `x \\| y`", "– / 6", &format!("fails: 3 errors, first {}", code("a|b `c`", 80))),
        ];
        let block = block("Intro.", &rows, &["ours", "ploidy"]);
        assert!(block.contains("| ours | 1 of 1 | 1 of 1 | 5 / 6 |"), "{block}");
        assert!(block.contains("| ploidy | 0 of 1 | 0 of 1 | 0 / 6 |"), "{block}");
        let page = replaced("# Benchmarks\n\ntext\n", &block);
        assert_eq!(rows_in(&page), rows);
        let again = replaced(&format!("{page}\nafter\n"), &block.replace("Intro.", "New."));
        assert!(again.starts_with("# Benchmarks\n\ntext\n\n## Breadth\n\n") && again.ends_with("\nafter\n"));
        assert!(again.contains("New.") && !again.contains("Intro."));
        assert_eq!(rows_in(&again), rows);
    }

    #[test]
    fn code_is_one_escaped_line() {
        assert_eq!(code("error: a |\n  b `c`", 100), "`error: a \\| b 'c'`");
        assert_eq!(code("abcdef", 3), "`abc…`");
    }
}
