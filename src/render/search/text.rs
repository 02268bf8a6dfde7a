//! Folding (what a query and a text are compared as) and the readable text of a page.

// ---------------------------------------------------------------------------------------------
// Folding

/// Unicode `White_Space`, listed so that `search.js` can use the very same set.
pub(super) fn is_space(c: char) -> bool {
    matches!(
        c,
        '\t'..='\r'
            | ' '
            | '\u{85}'
            | '\u{a0}'
            | '\u{1680}'
            | '\u{2000}'..='\u{200a}'
            | '\u{2028}'
            | '\u{2029}'
            | '\u{202f}'
            | '\u{205f}'
            | '\u{3000}'
    )
}

/// Characters that do not show and are dropped by [`fold`]: soft hyphen, zero-width space (which
/// Thai writers put between words), zero-width (non-)joiner, word joiner, byte order mark.
pub(super) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{ad}' | '\u{200b}'..='\u{200d}' | '\u{2060}' | '\u{feff}')
}

/// Latin letters whose case is folded: ASCII, Latin-1, Latin Extended-A and -B, Latin Extended
/// Additional.
pub(super) fn is_latin(c: char) -> bool {
    matches!(c, 'A'..='Z' | '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}')
}

/// Folds text for matching, the same way as `fold` in `search.js`:
///
/// - Thai digits ๐–๙ become Arabic digits 0–9;
/// - nikhahit and sara aa (U+0E4D U+0E32, "ํา") become sara am (U+0E33, "ำ"), also with a
///   tone mark between them ("ํ่า" → "่ำ");
/// - two sara e ("เเ", a common typing of sara ae) become sara ae ("แ");
/// - Latin letters are lower-cased, one character at a time, when the lower case is one
///   character;
/// - soft hyphens, zero-width spaces and joiners are dropped;
/// - runs of whitespace become one space, none at either end.
pub fn fold(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    // Bytes from `run` to `i` are copied as they are, in one go.
    let (mut i, mut run, mut space) = (0, 0, false);
    while i < b.len() {
        let len = match b[i] {
            b'A'..=b'Z' | b'\t'..=b'\r' | b' ' => 0,
            0..=0x7f => 1,
            // U+0E00–U+0E3F, and U+0E40–U+0E7F but for เ, nikhahit and the digits.
            0xe0 if b.get(i + 1) == Some(&0xb8) => 3,
            0xe0 if b.get(i + 1) == Some(&0xb9) && !matches!(b.get(i + 2), Some(0x80 | 0x8d | 0x90..=0x99)) => 3,
            _ => 0,
        };
        if len > 0 {
            if space {
                if !out.is_empty() {
                    out.push(' ');
                }
                space = false;
            }
            i += len;
            continue;
        }
        out.push_str(&s[run..i]);
        let c = s[i..].chars().next().unwrap_or(' ');
        i += c.len_utf8();
        let rest = &s[i..];
        if is_space(c) {
            space = true;
        } else if !is_invisible(c) {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            let mut next = rest.chars();
            match (c, next.next(), next.next()) {
                ('A'..='Z', _, _) => out.push(c.to_ascii_lowercase()),
                ('๐'..='๙', _, _) => out.push(char::from(b'0' + (c as u32 - 0xe50) as u8)),
                ('\u{e4d}', Some('\u{e32}'), _) => {
                    out.push('\u{e33}');
                    i += 3;
                }
                ('\u{e4d}', Some(tone @ '\u{e48}'..='\u{e4b}'), Some('\u{e32}')) => {
                    out.push(tone);
                    out.push('\u{e33}');
                    i += 6;
                }
                ('เ', Some('เ'), _) => {
                    out.push('แ');
                    i += 3;
                }
                _ if is_latin(c) => {
                    let mut lower = c.to_lowercase();
                    match (lower.next(), lower.next()) {
                        (Some(l), None) => out.push(l),
                        _ => out.push(c),
                    }
                }
                _ => out.push(c),
            }
        }
        run = i;
    }
    out.push_str(&s[run..]);
    out
}

/// Runs of whitespace as one space, none at either end.
pub(super) fn fold_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(is_space).filter(|w| !w.is_empty()) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Page text

/// Elements whose content is not the page's text (besides `<script>` and `<style>`, whose raw
/// text the scanner skips).
pub(super) const DROPPED: [&str; 5] = ["nav", "header", "footer", "template", "svg"];
/// Elements whose tags do not separate words: text on both sides runs on ("<b>การ</b>ใช้").
pub(super) const INLINE: [&str; 28] = [
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins", "kbd", "mark", "q",
    "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr",
];

/// The text gathered while scanning: in `<main>`, and everywhere outside `<head>`.
#[derive(Default)]
pub(super) struct Gather {
    main: String,
    body: String,
    saw_main: bool,
    in_main: usize,
    in_head: bool,
    dropped: usize,
}

impl Gather {
    fn text(&mut self, raw: &str) {
        if self.dropped > 0 || self.in_head || raw.is_empty() {
            return;
        }
        let mut decoded = String::with_capacity(raw.len());
        decode_entities(raw, &mut decoded);
        if self.in_main > 0 {
            self.main.push_str(&decoded);
        }
        self.body.push_str(&decoded);
    }

    fn tag(&mut self, name: &str, end: bool, self_closing: bool) {
        match name {
            "head" => self.in_head = !end,
            "main" if end => self.in_main = self.in_main.saturating_sub(1),
            "main" if self.dropped == 0 => {
                self.saw_main = true;
                self.in_main += 1;
            }
            n if DROPPED.contains(&n) && end => self.dropped = self.dropped.saturating_sub(1),
            n if DROPPED.contains(&n) && !self_closing => self.dropped += 1,
            _ => {}
        }
        if !INLINE.contains(&name) {
            self.text(" ");
        }
    }
}

/// Appends `s` with the entities `&amp; &lt; &gt; &quot; &apos; &nbsp;` and numeric ones decoded;
/// others stay as written.
pub(super) fn decode_entities(s: &str, out: &mut String) {
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let semi = rest.bytes().take(12).position(|b| b == b';');
        match semi.and_then(|e| entity(&rest[1..e]).map(|c| (e, c))) {
            Some((e, c)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
}

pub(super) fn entity(name: &str) -> Option<char> {
    let number = |digits: &str, radix: u32| {
        let ok = !digits.is_empty() && digits.chars().all(|c| c.is_digit(radix));
        ok.then(|| u32::from_str_radix(digits, radix).ok()).flatten().filter(|&n| n != 0).and_then(char::from_u32)
    };
    match name {
        "amp" => Some('&'),
        "lt" => Some('<'),
        "gt" => Some('>'),
        "quot" => Some('"'),
        "apos" => Some('\''),
        "nbsp" => Some('\u{a0}'),
        _ => match name.strip_prefix('#') {
            Some(hex) if hex.starts_with(['x', 'X']) => number(&hex[1..], 16),
            Some(dec) => number(dec, 10),
            None => None,
        },
    }
}

/// The readable text of a rendered page: what is inside `<main>` if the page has one, else
/// everything outside `<head>`; without the content of `<script>`, `<style>`, `<nav>`,
/// `<header>`, `<footer>`, `<template>` and `<svg>`; tags removed (a tag other than inline ones
/// such as `<a>`, `<b>` or `<span>` separates words), comments removed, the entities `&amp;`
/// `&lt;` `&gt;` `&quot;` `&apos;` `&nbsp;` and numeric ones decoded, whitespace folded to single
/// spaces. Letters are kept as written (see [`fold`] for matching).
pub fn page_text(html: &str) -> String {
    let lower = html.to_ascii_lowercase();
    let (b, l) = (html.as_bytes(), lower.as_bytes());
    let mut g = Gather::default();
    let (mut i, mut text_from) = (0, 0);
    while let Some(off) = l[i..].iter().position(|&c| c == b'<') {
        let lt = i + off;
        let next = l.get(lt + 1).copied().unwrap_or(0);
        let after = |from: usize, pat: &str| lower[from..].find(pat).map_or(b.len(), |p| from + p + pat.len());
        let (end, tag) = if l[lt..].starts_with(b"<!--") {
            (after(lt + 4, "-->"), None)
        } else if next == b'!' || next == b'?' {
            (after(lt, ">"), None)
        } else if next == b'/' || next.is_ascii_alphabetic() {
            let close = next == b'/';
            let start = lt + 1 + close as usize;
            let name_end = start + l[start..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
            if name_end == start {
                (after(lt, ">"), None)
            } else {
                // Scan to the closing '>', past quoted attribute values.
                let mut j = name_end;
                let mut quote = 0u8;
                while j < b.len() && (quote != 0 || b[j] != b'>') {
                    if quote == 0 && (b[j] == b'"' || b[j] == b'\'') {
                        quote = b[j];
                    } else if b[j] == quote {
                        quote = 0;
                    }
                    j += 1;
                }
                let self_closing = !close && j > name_end && b[j - 1] == b'/';
                (j.saturating_add(1).min(b.len()), Some((&lower[start..name_end], close, self_closing)))
            }
        } else {
            // A '<' that opens no tag is text.
            i = lt + 1;
            continue;
        };
        g.text(&html[text_from..lt]);
        i = end;
        if let Some((name, close, self_closing)) = tag {
            if !close && !self_closing && (name == "script" || name == "style") {
                // Raw text: skip to the end tag, which is then read as a tag.
                i = lower[end..].find(&format!("</{name}")).map_or(b.len(), |p| end + p);
            } else {
                g.tag(name, close, self_closing);
            }
        }
        text_from = i;
    }
    g.text(&html[text_from..]);
    fold_space(if g.saw_main { &g.main } else { &g.body })
}
