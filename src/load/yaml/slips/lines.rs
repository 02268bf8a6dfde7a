//! Reading the lines around a slip: the context every check looks at, and a line split as
//! `<indent>[- ]key: value`.

use super::scan::Scan;
use super::{column, Src};
use crate::load::yaml::Pos;

/// What every check looks at.
pub(super) struct Ctx<'a, 't> {
    pub(super) src: &'a Src<'t>,
    pub(super) scan: &'a Scan,
    /// Where the parser stopped.
    pub at: Pos,
    /// What the parser said (only ever a hint).
    pub(super) parser: &'a str,
}

impl<'t> Ctx<'_, 't> {
    /// Line `n` of the text.
    pub fn line(&self, n: u32) -> Option<&'t str> {
        self.src.line(n)
    }

    /// The character the parser stopped at.
    pub fn char_at(&self) -> Option<char> {
        let col = usize::try_from(self.at.column).ok()?.checked_sub(1)?;
        self.line(self.at.line)?.chars().nth(col)
    }
}

/// A line `<indent>[- ]key: value`, split up.
pub(super) struct KeyLine<'t> {
    /// Indentation and list marker before the key.
    pub lead: &'t str,
    /// The field name.
    pub key: &'t str,
    /// Column of the key's first character.
    pub key_col: u32,
    /// Column of the `:` after the key.
    pub colon_col: u32,
    /// What follows the `:`, trimmed.
    pub value: &'t str,
}

/// The length in bytes of a line's indentation and list markers (`  - `).
pub(super) fn lead_len(line: &str) -> usize {
    let mut i = line.len() - line.trim_start_matches(' ').len();
    while line[i..].starts_with("- ") || &line[i..] == "-" {
        i += 1;
        i += line[i..].len() - line[i..].trim_start_matches(' ').len();
    }
    i
}

/// The byte index of the `:` that ends a key: the first one followed by a space or the end
/// of the line, outside a comment.
pub(super) fn key_colon(s: &str) -> Option<usize> {
    let mut prev_space = true;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '#' if prev_space => return None,
            ':' if chars.peek().is_none_or(|(_, n)| n.is_whitespace()) => return Some(i),
            _ => {}
        }
        prev_space = c.is_whitespace();
    }
    None
}

/// `line` split as `<indent>[- ]key: value`, if it has that form.
pub(super) fn key_line(line: &str) -> Option<KeyLine<'_>> {
    let lead = lead_len(line);
    let rest = &line[lead..];
    if rest.starts_with(['"', '\'', '[', '{', '#']) {
        return None;
    }
    let colon = key_colon(rest)?;
    let key = rest[..colon].trim_end();
    if key.is_empty() {
        return None;
    }
    Some(KeyLine {
        lead: &line[..lead],
        key,
        key_col: column(line, lead),
        colon_col: column(line, lead + colon),
        value: rest[colon + 1..].trim(),
    })
}

/// A line that holds data (not blank, not a comment).
pub(super) fn is_content(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && !t.starts_with('#')
}
