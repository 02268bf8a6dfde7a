//! A light scan of YAML text for its quotes and brackets: enough to say which one was left
//! open when the parser gives up further down. It follows YAML where editors write it (quotes
//! and brackets that start a value, comments, block text after `|` or `>`), not everywhere.

use super::Src;
use crate::diagnostics::Pos;

/// A quote or bracket that was opened, and where it was closed, if anywhere.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Span {
    /// The opening character: `"`, `'`, `[` or `{`.
    pub ch: char,
    /// Where it was opened.
    pub open: Pos,
    /// Where it was closed; `None` when it never was.
    pub close: Option<Pos>,
}

/// What the scan found.
#[derive(Debug, Default)]
pub(super) struct Scan {
    /// Quoted texts, in order.
    pub quotes: Vec<Span>,
    /// Brackets (flow lists and mappings), in order of opening.
    pub flows: Vec<Span>,
    /// Closing brackets that close nothing.
    pub stray: Vec<(char, Pos)>,
}

impl Scan {
    /// A quote opened on or before `line` that was closed only after its own line and not
    /// before `line`, or never: the one the parser ran past.
    pub fn unclosed_quote(&self, line: u32) -> Option<Span> {
        self.quotes.iter().rev().copied().find(|s| s.open.line <= line && runs_past(s, line))
    }

    /// A bracket opened on or before `line` that is not closed on its own line nor before
    /// `line`: the first (outermost) such one.
    pub fn unclosed_flow(&self, line: u32) -> Option<Span> {
        self.flows.iter().copied().find(|s| s.open.line <= line && runs_past(s, line))
    }

    /// A closing bracket on `line` that closes nothing.
    pub fn stray_on(&self, line: u32) -> Option<(char, Pos)> {
        self.stray.iter().copied().find(|(_, p)| p.line == line)
    }
}

fn runs_past(s: &Span, line: u32) -> bool {
    match s.close {
        None => true,
        Some(c) => c.line > s.open.line && c.line >= line,
    }
}

/// Scans the text.
pub(super) fn scan(src: &Src<'_>) -> Scan {
    let mut out = Scan::default();
    let mut quote: Option<(char, usize)> = None;
    let mut stack: Vec<usize> = Vec::new();
    let mut block_text_indent: Option<usize> = None;
    let mut last: Option<char> = None;
    for (n, line) in src.numbered() {
        if let Some(indent) = block_text_indent {
            if line.trim().is_empty() || Src::indent(line) > indent {
                continue;
            }
            block_text_indent = None;
        }
        if quote.is_none() && stack.is_empty() {
            last = None;
        }
        let mut space_before = true;
        let mut chars = line.chars().enumerate().peekable();
        while let Some((i, c)) = chars.next() {
            let pos = Pos::new(n, u32::try_from(i + 1).unwrap_or(u32::MAX));
            if let Some((q, idx)) = quote {
                let closes = match (q, c) {
                    ('"', '\\') => {
                        chars.next();
                        false
                    }
                    ('\'', '\'') if chars.peek().is_some_and(|(_, n)| *n == '\'') => {
                        chars.next();
                        false
                    }
                    _ => c == q,
                };
                if closes {
                    out.quotes[idx].close = Some(pos);
                    quote = None;
                    last = Some(c);
                    space_before = false;
                }
                continue;
            }
            if c.is_whitespace() {
                space_before = true;
                continue;
            }
            if c == '#' && space_before {
                break;
            }
            let at_value_start = match last {
                None | Some('[' | '{' | ',') => true,
                Some(':' | '-' | '?') => space_before,
                _ => false,
            };
            match c {
                '"' | '\'' if at_value_start => {
                    out.quotes.push(Span { ch: c, open: pos, close: None });
                    quote = Some((c, out.quotes.len() - 1));
                }
                '[' | '{' if at_value_start => {
                    out.flows.push(Span { ch: c, open: pos, close: None });
                    stack.push(out.flows.len() - 1);
                }
                ']' | '}' => match stack.pop() {
                    Some(idx) => out.flows[idx].close = Some(pos),
                    None if at_value_start || matches!(last, Some(']' | '}')) => out.stray.push((c, pos)),
                    None => {}
                },
                '|' | '>' if at_value_start && stack.is_empty() && matches!(last, Some(':' | '-')) => {
                    block_text_indent = Some(Src::indent(line));
                    break;
                }
                _ => {}
            }
            last = Some(c);
            space_before = false;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scan_of(text: &str) -> Scan {
        scan(&Src::new(text))
    }

    #[test]
    fn finds_the_quote_left_open() {
        let s = scan_of("title: \"ชื่อ\norder: 1\n");
        assert_eq!(s.unclosed_quote(2).map(|q| q.open), Some(Pos::new(1, 8)));
        let s = scan_of("title: \"ชื่อ\norder: 1\ndraft: \"false\"\n");
        assert_eq!(s.unclosed_quote(3).map(|q| q.open), Some(Pos::new(1, 8)));
        let s = scan_of("a: \"x\" \nb: 'it''s'\nc: O'Brien \"y\"\n");
        assert_eq!(s.unclosed_quote(3), None);
    }

    #[test]
    fn finds_the_bracket_left_open_and_the_one_too_many() {
        let s = scan_of("title: x\nsteps: [a, b\norder: [1]\n");
        assert_eq!(s.unclosed_flow(3).map(|f| (f.ch, f.open)), Some(('[', Pos::new(2, 8))));
        let s = scan_of("steps: [a,\n  b]\norder: 1\n");
        assert_eq!(s.unclosed_flow(3), None);
        let s = scan_of("a: [1, 2]]\n");
        assert_eq!(s.stray_on(1), Some((']', Pos::new(1, 10))));
        assert_eq!(scan_of("title: ก]\n").stray_on(1), None);
    }

    #[test]
    fn ignores_comments_and_block_text() {
        let s = scan_of("a: 1 # \"not [ a quote\nnote: |\n  he said \"hi\n  [x\nb: 2\n");
        assert!(s.quotes.is_empty() && s.flows.is_empty(), "{s:?}");
    }
}
