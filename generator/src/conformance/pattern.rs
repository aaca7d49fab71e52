//! A string that matches a simple regular expression (`pattern`): literals, escapes (`\d`,
//! `\w`, `\s`, `\.`), classes (`[a-z0-9_-]`, negated ones too), `.`, groups with alternatives
//! (the first is taken) and quantifiers (the fewest repeats they allow, at least one for `+`).
//! Anything else (look-arounds, back-references) gives `None`, and the caller falls back on
//! plain text.

/// An example of `pattern`, as long as `min..=max` allows (repeats of the last quantified
/// piece lengthen it), or `None`.
pub fn example(pattern: &str, min: usize, max: usize) -> Option<String> {
    let chars: Vec<char> = pattern.chars().collect();
    let mut parser = Parser { chars: &chars, at: 0 };
    let pieces = parser.alternatives()?;
    if parser.at != chars.len() {
        return None;
    }
    let mut text: String = pieces.iter().map(|p| p.repeat(p.least)).collect();
    // Lengthen through the first piece that may repeat, while the length is short.
    if text.chars().count() < min
        && let Some(index) = pieces.iter().position(|p| p.most > p.least)
    {
        let short = min - text.chars().count();
        let piece = &pieces[index];
        let extra = short.div_ceil(piece.text.chars().count().max(1)).min(piece.most - piece.least);
        text = pieces
            .iter()
            .enumerate()
            .map(|(i, p)| p.repeat(if i == index { p.least + extra } else { p.least }))
            .collect();
    }
    let length = text.chars().count();
    (length >= min && length <= max).then_some(text)
}

/// One piece of the pattern: the text of one repeat, and how often it may repeat.
struct Piece {
    text: String,
    least: usize,
    most: usize,
}

impl Piece {
    fn repeat(&self, times: usize) -> String {
        self.text.repeat(times)
    }
}

struct Parser<'a> {
    chars: &'a [char],
    at: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        Some(c)
    }

    /// `a|b|c` up to a `)` or the end: the first alternative's pieces.
    fn alternatives(&mut self) -> Option<Vec<Piece>> {
        let first = self.sequence()?;
        while self.peek() == Some('|') {
            self.at += 1;
            self.sequence()?;
        }
        Some(first)
    }

    fn sequence(&mut self) -> Option<Vec<Piece>> {
        let mut pieces = Vec::new();
        while let Some(c) = self.peek() {
            let text = match c {
                '|' | ')' => break,
                '^' | '$' => {
                    self.at += 1;
                    continue;
                }
                '(' => {
                    self.at += 1;
                    if self.peek() == Some('?') {
                        self.at += 1;
                        if self.next()? != ':' {
                            return None;
                        }
                    }
                    let inner = self.alternatives()?;
                    if self.next()? != ')' {
                        return None;
                    }
                    inner.iter().map(|p| p.repeat(p.least)).collect()
                }
                '[' => {
                    self.at += 1;
                    self.class()?.to_string()
                }
                '\\' => {
                    self.at += 1;
                    self.escape()?.to_string()
                }
                '.' => {
                    self.at += 1;
                    "a".to_owned()
                }
                '*' | '+' | '?' | '{' => return None,
                other => {
                    self.at += 1;
                    other.to_string()
                }
            };
            let (least, most) = self.quantifier()?;
            pieces.push(Piece { text, least, most });
        }
        Some(pieces)
    }

    fn quantifier(&mut self) -> Option<(usize, usize)> {
        let range = match self.peek() {
            Some('*') => (0, usize::MAX),
            Some('+') => (1, usize::MAX),
            Some('?') => (0, 1),
            Some('{') => {
                let close = self.chars[self.at..].iter().position(|c| *c == '}')? + self.at;
                let inner: String = self.chars[self.at + 1..close].iter().collect();
                self.at = close;
                let (low, high) = match inner.split_once(',') {
                    Some((low, "")) => (low.trim().parse().ok()?, usize::MAX),
                    Some((low, high)) => (low.trim().parse().ok()?, high.trim().parse().ok()?),
                    None => {
                        let n = inner.trim().parse().ok()?;
                        (n, n)
                    }
                };
                (low, high)
            }
            _ => return Some((1, 1)),
        };
        self.at += 1;
        // Lazy and possessive marks change nothing here.
        if matches!(self.peek(), Some('?' | '+')) {
            self.at += 1;
        }
        // `*` and `?` allow nothing, but one repeat reads better and still matches.
        Some(if range.0 == 0 { (1.min(range.1), range.1) } else { range })
    }

    /// After `\`: a character the escape stands for.
    fn escape(&mut self) -> Option<char> {
        Some(match self.next()? {
            'd' => '1',
            'w' => 'a',
            's' => ' ',
            'D' | 'W' | 'S' => '-',
            'n' => '\n',
            't' => '\t',
            'b' | 'B' | 'A' | 'z' | 'Z' | 'p' | 'P' | 'u' | 'x' | 'k' => return None,
            c if c.is_ascii_digit() => return None,
            c => c,
        })
    }

    /// After `[`: one character the class admits.
    fn class(&mut self) -> Option<char> {
        let negated = self.peek() == Some('^');
        if negated {
            self.at += 1;
        }
        let mut ranges: Vec<(char, char)> = Vec::new();
        let mut first = true;
        loop {
            let c = self.next()?;
            if c == ']' && !first {
                break;
            }
            first = false;
            let low = match c {
                '\\' => match self.next()? {
                    'd' => {
                        ranges.push(('0', '9'));
                        continue;
                    }
                    'w' => {
                        ranges.extend([('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')]);
                        continue;
                    }
                    's' => {
                        ranges.push((' ', ' '));
                        continue;
                    }
                    'n' => '\n',
                    't' => '\t',
                    other if other.is_ascii_alphabetic() => return None,
                    other => other,
                },
                other => other,
            };
            if self.peek() == Some('-') && self.chars.get(self.at + 1).is_some_and(|c| *c != ']') {
                self.at += 1;
                let high = match self.next()? {
                    '\\' => self.next()?,
                    other => other,
                };
                ranges.push((low, high));
            } else {
                ranges.push((low, low));
            }
        }
        let admits = |c: char| ranges.iter().any(|(low, high)| (*low..=*high).contains(&c));
        if negated {
            "aA0_-x".chars().find(|c| !admits(*c))
        } else {
            // A letter or digit when the class has one, for text that reads plainly.
            "a1A".chars().find(|c| admits(*c)).or_else(|| ranges.first().map(|r| r.0))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::example;

    #[test]
    fn examples_of_simple_patterns() {
        assert_eq!(example("^[a-z0-9_-]+$", 0, usize::MAX).as_deref(), Some("a"));
        assert_eq!(example(r"^\d{4}-\d{2}-\d{2}$", 0, usize::MAX).as_deref(), Some("1111-11-11"));
        assert_eq!(example("^(sk|pk)_[A-Z]{3}$", 0, usize::MAX).as_deref(), Some("sk_AAA"));
        assert_eq!(example("^[^0-9]+$", 3, 5).as_deref(), Some("aaa"));
        assert_eq!(example(r"^#[0-9a-fA-F]{6}$", 0, usize::MAX).as_deref(), Some("#aaaaaa"));
        assert_eq!(example("(?=x)", 0, usize::MAX), None);
        assert_eq!(example("^a{2}$", 3, 5), None);
    }
}
