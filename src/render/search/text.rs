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
    let mut out = String::with_capacity(s.len());
    fold_into(s, &mut out);
    out
}

/// [`fold`], into `out` (cleared first), so that its allocation serves again.
pub(super) fn fold_into(s: &str, out: &mut String) {
    out.clear();
    fold_each(s.as_bytes(), |c| out.push(c));
}

/// Gives each character of [`fold`]`(s)` to `emit`, in order, without making the string: the
/// search index reads the folded text this way. `s` is UTF-8; a byte that is not is read as
/// U+FFFD ([`char_at`]).
#[inline(always)]
pub(super) fn fold_each(s: &[u8], mut emit: impl FnMut(char)) {
    let (mut i, mut spacing) = (0, Spacing::default());
    while i < s.len() {
        let (folded, next) = fold_at(s, i);
        i = next;
        // Up to three characters out: a space owed, and what this character folds to.
        let (mut out, mut n) = ([' '; 3], spacing.before(folded) as usize);
        match folded {
            Folded::One(c) => (out[n], n) = (c, n + 1),
            Folded::Two(c, d) => (out[n], out[n + 1], n) = (c, d, n + 2),
            Folded::Space | Folded::Nothing => {}
        }
        for &c in &out[..n] {
            emit(c);
        }
    }
}

/// The length in bytes of [`fold`]`(s)`, without making it.
pub(super) fn folded_len(s: &[u8]) -> usize {
    let mut len = 0;
    fold_each(s, |c| len += c.len_utf8());
    len
}

/// How the character at byte `i` of `s` folds, and where the next character to fold starts.
#[inline(always)]
pub(super) fn fold_at(s: &[u8], i: usize) -> (Folded, usize) {
    match same_at(s, i) {
        Some((c, len)) => (Folded::One(c), i + len),
        None => {
            let (c, len) = char_at(s, i);
            let after = i + len;
            let (folded, more) = fold_char(c, &s[after..]);
            (folded, after + more)
        }
    }
}

/// The character that starts at byte `i` of UTF-8 text `s` (`i` below its length) and its
/// length in bytes; U+FFFD and the length of the bytes that are not UTF-8 there, as
/// [`String::from_utf8_lossy`] reads them.
pub(super) fn char_at(s: &[u8], i: usize) -> (char, usize) {
    // A character is at most four bytes: a window of four holds it whole.
    let window = &s[i..s.len().min(i + 4)];
    match window.utf8_chunks().next() {
        Some(chunk) => match chunk.valid().chars().next() {
            Some(c) => (c, c.len_utf8()),
            None => ('\u{fffd}', chunk.invalid().len().max(1)),
        },
        None => ('\u{fffd}', 1),
    }
}

/// Where folded whitespace goes: one space between two folded characters, none at either end.
#[derive(Default)]
struct Spacing {
    /// Whitespace was read since the last character out.
    space: bool,
    /// A character has come out.
    any: bool,
}

impl Spacing {
    /// Takes what the next character folds to; whether a space comes out before its characters.
    #[inline(always)]
    fn before(&mut self, folded: Folded) -> bool {
        match folded {
            Folded::Space => {
                self.space = true;
                false
            }
            Folded::Nothing => false,
            Folded::One(_) | Folded::Two(..) => {
                let owed = self.space && self.any;
                (self.space, self.any) = (false, true);
                owed
            }
        }
    }
}

/// The character at `b[i]` and its length in bytes when it folds to itself and can be told so
/// from its bytes alone: ASCII but capitals and whitespace; U+0E00–U+0E3F, and U+0E40–U+0E7F
/// but for เ, nikhahit and the digits. `None` for any other character.
#[inline(always)]
fn same_at(b: &[u8], i: usize) -> Option<(char, usize)> {
    match (b[i], b.get(i + 1), b.get(i + 2)) {
        (b'A'..=b'Z' | b'\t'..=b'\r' | b' ', _, _) => None,
        (x @ 0..=0x7f, _, _) => Some((x as char, 1)),
        (0xe0, Some(&m @ 0xb8), Some(&l @ 0x80..=0xbf)) | (0xe0, Some(&m @ 0xb9), Some(&l @ 0x80..=0xbf))
            if m == 0xb8 || !matches!(l, 0x80 | 0x8d | 0x90..=0x99) =>
        {
            let code = 0xe00 | (m as u32 & 1) << 6 | (l as u32 & 0x3f);
            Some((char::from_u32(code).unwrap_or(' '), 3))
        }
        _ => None,
    }
}

/// What a character folds to.
#[derive(Clone, Copy)]
pub(super) enum Folded {
    /// Whitespace: one space between what comes before and after, if anything does.
    Space,
    /// An invisible character: nothing.
    Nothing,
    One(char),
    Two(char, char),
}

/// How `c`, followed by `rest`, folds, and how many bytes of `rest` go with it.
pub(super) fn fold_char(c: char, rest: &[u8]) -> (Folded, usize) {
    if is_space(c) {
        return (Folded::Space, 0);
    }
    if is_invisible(c) {
        return (Folded::Nothing, 0);
    }
    // The two characters after `c`, as far as they matter: sara aa after nikhahit, maybe after
    // a tone mark, and a second sara e.
    let next = |at: usize| (at < rest.len()).then(|| char_at(rest, at));
    let first = next(0);
    let second = next(first.map_or(0, |(_, len)| len)).map(|(c, _)| c);
    match (c, first.map(|(c, _)| c), second) {
        ('A'..='Z', _, _) => (Folded::One(c.to_ascii_lowercase()), 0),
        ('๐'..='๙', _, _) => (Folded::One(char::from(b'0' + (c as u32 - 0xe50) as u8)), 0),
        ('\u{e4d}', Some('\u{e32}'), _) => (Folded::One('\u{e33}'), 3),
        ('\u{e4d}', Some(tone @ '\u{e48}'..='\u{e4b}'), Some('\u{e32}')) => (Folded::Two(tone, '\u{e33}'), 6),
        ('เ', Some('เ'), _) => (Folded::One('แ'), 3),
        _ if is_latin(c) => {
            let mut lower = c.to_lowercase();
            match (lower.next(), lower.next()) {
                (Some(l), None) => (Folded::One(l), 0),
                _ => (Folded::One(c), 0),
            }
        }
        _ => (Folded::One(c), 0),
    }
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

/// What the scanner does with an element, by its name ([`Tag::of`]).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tag {
    /// `<head>`: its content is not the page's text.
    Head,
    /// `<main>`: where the page's text is, when it has one.
    Main,
    /// An element whose content is not the page's text, besides `<script>` and `<style>`:
    /// `nav`, `header`, `footer`, `template`, `svg` (`DROPPED` in `search.js`).
    Dropped,
    /// An element whose tags do not separate words: text on both sides runs on
    /// ("<b>การ</b>ใช้"; `INLINE` in `search.js`).
    Inline,
    /// `<script>` or `<style>`, whose raw text the scanner skips to its end tag (written
    /// here in small letters).
    Raw(&'static [u8]),
    /// Any other element: its tags separate words.
    Other,
}

impl Tag {
    /// The element named `name` (ASCII letters and digits, in small letters).
    fn of(name: &[u8]) -> Tag {
        match name {
            b"head" => Tag::Head,
            b"main" => Tag::Main,
            b"script" => Tag::Raw(b"script"),
            b"style" => Tag::Raw(b"style"),
            b"nav" | b"header" | b"footer" | b"template" | b"svg" => Tag::Dropped,
            b"a" | b"abbr" | b"b" | b"bdi" | b"bdo" | b"cite" | b"code" | b"data" | b"del" | b"dfn" | b"em"
            | b"font" | b"i" | b"ins" | b"kbd" | b"mark" | b"q" | b"s" | b"samp" | b"small" | b"span" | b"strong"
            | b"sub" | b"sup" | b"time" | b"u" | b"var" | b"wbr" => Tag::Inline,
            _ => Tag::Other,
        }
    }
}

/// The text gathered while scanning: outside `<head>` until a `<main>` opens, then only what is
/// inside `<main>` (a page with a `<main>` is read from it alone).
#[derive(Default)]
pub(super) struct Gather {
    main: Vec<u8>,
    body: Vec<u8>,
    saw_main: bool,
    in_main: usize,
    in_head: bool,
    dropped: usize,
}

impl Gather {
    /// Takes text `raw`, which holds an `&` if `amp`.
    fn text(&mut self, raw: &[u8], amp: bool) {
        if self.dropped > 0 || self.in_head || raw.is_empty() {
            return;
        }
        let into = match (self.saw_main, self.in_main > 0) {
            (false, _) => &mut self.body,
            (true, true) => &mut self.main,
            (true, false) => return,
        };
        if amp {
            decode_entities(raw, into);
        } else {
            into.extend_from_slice(raw);
        }
    }

    fn tag(&mut self, tag: Tag, end: bool, self_closing: bool) {
        match tag {
            Tag::Head => self.in_head = !end,
            Tag::Main if end => self.in_main = self.in_main.saturating_sub(1),
            Tag::Main if self.dropped == 0 => {
                if !self.saw_main {
                    self.main.reserve(self.body.len());
                }
                self.saw_main = true;
                self.in_main += 1;
            }
            Tag::Dropped if end => self.dropped = self.dropped.saturating_sub(1),
            Tag::Dropped if !self_closing => self.dropped += 1,
            _ => {}
        }
        if tag != Tag::Inline {
            self.text(b" ", false);
        }
    }

    /// The text read so far: UTF-8 if the page was.
    pub(super) fn as_text(&self) -> &[u8] {
        if self.saw_main {
            &self.main
        } else {
            &self.body
        }
    }

    /// The text read so far as [`page_text`] gives it: whitespace folded to single spaces,
    /// bytes that are not UTF-8 read as U+FFFD.
    pub(super) fn page_text(&self) -> String {
        fold_space(&String::from_utf8_lossy(self.as_text()))
    }

    /// Empty again, its buffers kept for the next page.
    pub(super) fn clear(&mut self) {
        let (mut main, mut body) = (std::mem::take(&mut self.main), std::mem::take(&mut self.body));
        main.clear();
        body.clear();
        *self = Gather { main, body, ..Gather::default() };
    }
}

/// Appends `s` with the entities `&amp; &lt; &gt; &quot; &apos; &nbsp;` and numeric ones decoded;
/// others stay as written.
pub(super) fn decode_entities(s: &[u8], out: &mut Vec<u8>) {
    let mut rest = s;
    while let Some(at) = memchr::memchr(b'&', rest) {
        out.extend_from_slice(&rest[..at]);
        rest = &rest[at..];
        let semi = rest.iter().take(12).position(|&b| b == b';');
        let name = |e: usize| std::str::from_utf8(&rest[1..e]).ok();
        match semi.and_then(|e| name(e).and_then(entity).map(|c| (e, c))) {
            Some((e, c)) => {
                out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                rest = &rest[e + 1..];
            }
            None => {
                out.push(b'&');
                rest = &rest[1..];
            }
        }
    }
    out.extend_from_slice(rest);
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
    let mut g = Gather::default();
    read_page(html.as_bytes(), &mut g);
    g.page_text()
}

/// Reads the text of a page into `g` (see [`page_text`]). `html` is UTF-8; the text gathered is
/// then UTF-8 too, as the page is only cut at ASCII characters.
pub(super) fn read_page(html: &[u8], g: &mut Gather) {
    let b = html;
    let (mut i, mut text_from) = (0, 0);
    // Whether the text from `text_from` holds an `&`: found by the same search as the next
    // `<`, so that the text is read once.
    let mut amp = false;
    let after =
        |from: usize, pat: &[u8]| memchr::memmem::find(&b[from..], pat).map_or(b.len(), |p| from + p + pat.len());
    while let Some(off) = memchr::memchr2(b'<', b'&', &b[i..]) {
        let lt = i + off;
        if b[lt] == b'&' {
            amp = true;
            i = lt + 1;
            continue;
        }
        let next = b.get(lt + 1).copied().unwrap_or(0);
        let (end, tag) = if b[lt..].starts_with(b"<!--") {
            (after(lt + 4, b"-->"), None)
        } else if next == b'!' || next == b'?' {
            (after(lt, b">"), None)
        } else if next == b'/' || next.is_ascii_alphabetic() {
            let close = next == b'/';
            let start = lt + 1 + close as usize;
            let name_end = start + b[start..].iter().take_while(|c| c.is_ascii_alphanumeric()).count();
            if name_end == start {
                (after(lt, b">"), None)
            } else {
                let j = tag_end(b, name_end);
                let self_closing = !close && j > name_end && b[j - 1] == b'/';
                // Names longer than any this scanner looks for are other elements.
                let mut name = [0u8; 8];
                let tag = match b.get(start..name_end).filter(|n| n.len() <= name.len()) {
                    Some(n) => {
                        for (to, from) in name.iter_mut().zip(n) {
                            *to = from.to_ascii_lowercase();
                        }
                        Tag::of(&name[..n.len()])
                    }
                    None => Tag::Other,
                };
                (j.saturating_add(1).min(b.len()), Some((tag, close, self_closing)))
            }
        } else {
            // A '<' that opens no tag is text.
            i = lt + 1;
            continue;
        };
        g.text(&b[text_from..lt], amp);
        amp = false;
        i = end;
        match tag {
            // Raw text: skip to the end tag, in any case, which is then read as a tag.
            Some((Tag::Raw(name), false, false)) => i = end_tag(b, end, name),
            Some((tag, close, self_closing)) => g.tag(tag, close, self_closing),
            None => {}
        }
        text_from = i;
    }
    g.text(&b[text_from..], amp);
}

/// Where the tag whose name ends at `from` in `b` ends: its `>`, past quoted attribute values
/// (or the end of `b`). Eight bytes are skipped at a time while none of them is `>` or a
/// quote (or, inside a quoted value, its closing quote).
fn tag_end(b: &[u8], from: usize) -> usize {
    let (mut j, mut quote) = (from, 0u8);
    while j < b.len() {
        if let Some(w) = word(b, j) {
            let hits = if quote == 0 { has(w, b'>') | has(w, b'"') | has(w, b'\'') } else { has(w, quote) };
            if hits == 0 {
                j += 8;
                continue;
            }
            // The first byte flagged is one of those looked for.
            j += hits.trailing_zeros() as usize / 8;
        }
        match b[j] {
            b'>' if quote == 0 => return j,
            c @ (b'"' | b'\'') if quote == 0 => quote = c,
            c if c == quote => quote = 0,
            _ => {}
        }
        j += 1;
    }
    b.len()
}

/// The eight bytes of `t` from `k`, the first one lowest, if there are eight.
#[inline(always)]
pub(super) fn word(t: &[u8], k: usize) -> Option<u64> {
    let w: &[u8; 8] = t.get(k..k.wrapping_add(8))?.try_into().ok()?;
    Some(u64::from_le_bytes(*w))
}

/// The high bit of each byte of `w` that is `byte` set, and maybe of bytes after such a byte
/// (never of one before the first).
#[inline(always)]
fn has(w: u64, byte: u8) -> u64 {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    let x = w ^ (ONES * byte as u64);
    x.wrapping_sub(ONES) & !x & ONES << 7
}

/// Where `</name` (in any case) first appears in `b` from `from`, or the end of `b`.
fn end_tag(b: &[u8], from: usize, name: &[u8]) -> usize {
    let mut at = from;
    while let Some(p) = memchr::memmem::find(&b[at..], b"</") {
        let start = at + p;
        let candidate = &b[start + 2..];
        if candidate.len() >= name.len() && candidate[..name.len()].eq_ignore_ascii_case(name) {
            return start;
        }
        at = start + 2;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`tag_end`] one byte at a time.
    fn tag_end_reference(b: &[u8], mut j: usize) -> usize {
        let mut quote = 0u8;
        while j < b.len() && (quote != 0 || b[j] != b'>') {
            if quote == 0 && (b[j] == b'"' || b[j] == b'\'') {
                quote = b[j];
            } else if b[j] == quote {
                quote = 0;
            }
            j += 1;
        }
        j.min(b.len())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]
        /// Attributes of any length, quoted or not, with `>` and the other quote inside values.
        #[test]
        fn tag_end_skips_quoted_values(s in "[a= \"'>/\u{e01}\u{0}]{0,40}", from in 0usize..4) {
            let from = from.min(s.len());
            proptest::prop_assert_eq!(tag_end(s.as_bytes(), from), tag_end_reference(s.as_bytes(), from), "{:?}", s);
        }
    }

    #[test]
    fn tags_by_name() {
        assert_eq!(Tag::of(b"main"), Tag::Main);
        assert_eq!(Tag::of(b"template"), Tag::Dropped);
        assert_eq!(Tag::of(b"wbr"), Tag::Inline);
        assert_eq!(Tag::of(b"style"), Tag::Raw(b"style"));
        assert_eq!(Tag::of(b"mains"), Tag::Other);
        let mut g = Gather::default();
        read_page(b"<HEAD><TITLE>x</TITLE></HEAD><Nav>menu</Nav><MAIN>a<SPAN>b</SPAN><P>c</MAIN>d", &mut g);
        // Names in capitals too: the head and the nav dropped, SPAN inline, P and MAIN not.
        assert_eq!(g.as_text(), b" ab c");
    }
}
