//! The bigrams of a page: pairs of consecutive characters of its folded text, the letters of
//! ASCII and the Thai block numbered so that a pair of them is a small number.

use super::text::*;

/// Letters of the common alphabet (printable ASCII and the Thai block), numbered from 0 (the
/// space) to 222; a bigram of two of them is a number below 57,088 ([`pair`]), two bytes in
/// the index's log.
fn letter(c: char) -> Option<usize> {
    match c {
        ' '..='~' => Some(c as usize - 0x20),
        '\u{e00}'..='\u{e7f}' => Some(c as usize - 0xe00 + 95),
        _ => None,
    }
}

/// The character of a letter numbered by [`letter`].
fn unletter(l: usize) -> char {
    if l < 95 {
        char::from(0x20 + l as u8)
    } else {
        char::from_u32((0xe00 + l - 95) as u32).unwrap_or(' ')
    }
}

/// How many letters [`letter`] numbers.
const LETTERS: usize = 95 + 128;

/// The number of a bigram of two letters of the common alphabet: the first letter in the high
/// byte, so that bigrams in increasing number are in the order of their characters.
fn pair(a: usize, b: usize) -> usize {
    a << 8 | b
}

/// How many numbers [`pair`] gives: bigrams of the common alphabet are below this.
pub(super) const PAIRS: usize = LETTERS << 8;

/// The characters of a bigram numbered by [`pair`].
pub(super) fn unpair(n: usize) -> String {
    [unletter(n >> 8), unletter(n & 0xff)].iter().collect()
}

/// A bigram with a character outside the common alphabet, as its two code points in one number.
fn wide(a: char, b: char) -> u64 {
    (a as u64) << 32 | b as u64
}

/// In [`TABLE`]: a character that [`fold_char`] folds.
const SLOW: u8 = 0xff;

/// What a character folds to, as a [`letter`], or [`SLOW`]; found by its bytes alone.
///
/// - At 0 to 127, each ASCII byte: capitals as small letters, whitespace as the space, the
///   control characters [`SLOW`].
/// - At 128 + k, U+0E00 + k of the Thai block ([`thai`]): itself, Arabic digits for Thai ones,
///   [`SLOW`] for nikhahit (which may join the next sara aa). Sara e (whose double is sara ae)
///   is left to [`quick`].
static TABLE: [u8; 256] = {
    let mut table = [SLOW; 256];
    let mut k = 0;
    while k < 128 {
        table[k] = match k as u8 {
            b'\t'..=b'\r' | b' ' => 0,
            c @ b'A'..=b'Z' => c + 32 - 0x20,
            c @ b'!'..=b'~' => c - 0x20,
            _ => SLOW,
        };
        table[128 + k] = match k {
            0x50..=0x59 => (b'0' + (k - 0x50) as u8) - 0x20,
            0x4d => SLOW,
            _ => 95 + k as u8,
        };
        k += 1;
    }
    table
};

/// Where in [`TABLE`] the Thai character is whose UTF-8 ends with bytes `m` and `y`
/// (E0, then B8 or B9, then a continuation byte).
#[inline(always)]
const fn thai(m: u8, y: u8) -> usize {
    128 | ((m & 1) << 6 | (y & 0x3f)) as usize
}

/// Words of the bitmap of common bigrams: [`PAIRS`] bits rounded up to a power of two, so that a
/// bigram's word is found without a bounds check.
const WORDS: usize = PAIRS.div_ceil(64).next_power_of_two();

/// The bigrams of the page being read.
pub(super) struct Bigrams {
    /// A bit a common bigram, set for those seen on this page; read and cleared by
    /// [`Bigrams::drain_common`].
    seen: Box<[u64; WORDS]>,
    /// The other bigrams of this page.
    pub(super) other: Vec<u64>,
}

impl Default for Bigrams {
    fn default() -> Bigrams {
        Bigrams { seen: Box::new([0; WORDS]), other: Vec::new() }
    }
}

/// `BIT[k]` is `1 << k`: read from this table, a bigram's bit costs one load, where a shift by
/// a count in a register costs three operations on common x86-64 processors.
static BIT: [u64; 64] = {
    let mut bits = [0; 64];
    let mut k = 0;
    while k < 64 {
        bits[k] = 1 << k;
        k += 1;
    }
    bits
};

/// Notes common bigram `n` of a page. Without a branch: whether a bigram is new to the page is
/// as good as random, and a mispredicted branch cost more than the rest of a letter's work.
#[inline(always)]
fn mark(seen: &mut [u64; WORDS], n: usize) {
    seen[n / 64 % WORDS] |= BIT[n % 64];
}

/// The previous character of the folded text, as [`Bigrams::add`] keeps it.
#[derive(Clone, Copy)]
enum Prev {
    /// None yet.
    Start,
    /// A letter of the common alphabet.
    Letter(usize),
    /// Another character.
    Wide(char),
}

/// `text` (UTF-8, or read as [`char_at`] reads it) without whitespace and invisible characters
/// at its end.
fn trim_end(mut text: &[u8]) -> &[u8] {
    while let Some(last) = text.len().checked_sub(1) {
        // The start of the last character: before up to three continuation bytes.
        let start = (last.saturating_sub(3)..=last).rev().find(|&k| text[k] & 0xc0 != 0x80).unwrap_or(last);
        let (c, len) = char_at(text, start);
        if start + len != text.len() || !(is_space(c) || is_invisible(c)) {
            break;
        }
        text = &text[..start];
    }
    text
}

/// Texts shorter than this are read in one piece.
const SPLIT_FROM: usize = 256;

/// Where `text` may be read as two halves ([`Bigrams::add`]): the start of a character near its
/// middle that folding never joins to the one before (a Thai consonant, an ASCII letter or
/// digit), if there is one.
fn split(text: &[u8]) -> Option<usize> {
    if text.len() < SPLIT_FROM {
        return None;
    }
    let from = text.len() / 2;
    (from..text.len().min(from + 64)).find(|&k| match text[k] {
        b'0'..=b'9' | b'a'..=b'z' | b'A'..=b'Z' => true,
        // ก to ฮ: E0 B8 81 to E0 B8 AE.
        0xe0 => text.get(k + 1) == Some(&0xb8) && matches!(text.get(k + 2), Some(0x81..=0xae)),
        _ => false,
    })
}

/// [`TABLE`] again, keyed by two bytes so that a letter's place is read from its bytes as they
/// are: at an ASCII byte, what [`TABLE`] has for it; at `m | y << 8` for the last two bytes `m`
/// and `y` of a Thai letter (E0, then B8 or B9, then a continuation byte), what [`TABLE`] has
/// for it; [`SLOW`] elsewhere.
static WIDE: [u8; 1 << 16] = {
    let mut table = [SLOW; 1 << 16];
    let mut k = 0;
    while k < 128 {
        table[k] = TABLE[k];
        k += 1;
    }
    let mut y = 0x80;
    while y < 0xc0 {
        table[0xb8 | y << 8] = TABLE[thai(0xb8, y as u8)];
        table[0xb9 | y << 8] = TABLE[thai(0xb9, y as u8)];
        y += 1;
    }
    table
};

/// The letter that starts `w` (eight bytes of text, the first one first), its length in bytes,
/// and whether it is one that this reads (ASCII or Thai that the tables fold, not a doubled
/// sara e); all without a branch on what kind of letter it is. The length depends only on the
/// first byte, so that a loop over letters waits for no more than one read a letter.
#[inline(always)]
fn quick(w: u64) -> (u8, usize, bool) {
    let x = w as u8;
    // 1 for a byte that is not ASCII (which must then start a Thai letter).
    let wide = (x >> 7) as usize;
    let l = WIDE[if wide == 0 { x as usize } else { (w >> 8) as usize & 0xffff }];
    let known = (wide == 0) | (x == 0xe0);
    // Two sara e: E0 B9 80 twice.
    let doubled = w & 0xffff_ffff_ffff == 0x80b9_e080_b9e0;
    (l, 1 + 2 * wide, known & (l != SLOW) & !doubled)
}

/// Marks the bigrams of two texts at once, from byte `i` of `one` after letter `a` and from
/// byte `j` of `two` after letter `b`, while both go on with letters that [`quick`] reads;
/// where each stopped and its last letter.
fn two_at_once(
    seen: &mut [u64; WORDS],
    (one, mut i, mut a): (&[u8], usize, usize),
    (two, mut j, mut b): (&[u8], usize, usize),
) -> ((usize, usize), (usize, usize)) {
    while let (Some(x), Some(y)) = (word(one, i), word(two, j)) {
        let (l, len_l, ok_l) = quick(x);
        let (m, len_m, ok_m) = quick(y);
        if !(ok_l & ok_m) {
            break;
        }
        mark(seen, pair(a, l as usize));
        mark(seen, pair(b, m as usize));
        (i, a, j, b) = (i + len_l, l as usize, j + len_m, m as usize);
    }
    ((i, a), (j, b))
}

impl Bigrams {
    /// Notes the bigrams of [`fold`]`(text)`. The folding of [`fold_each`]: most characters by
    /// the tables, the others by [`fold_at`].
    ///
    /// Whitespace at the end is left out first, so that all whitespace left is followed by
    /// a character: a space comes out as soon as whitespace is read after a character, and
    /// further whitespace is then nothing.
    ///
    /// A long text is read as two halves at once ([`split`], [`quick`]): where the next
    /// character starts depends on the byte read before, and a loop over one run of letters
    /// waits for each such read, or guesses and is often wrong where Thai and ASCII meet.
    pub(super) fn add(&mut self, text: &[u8]) {
        let text = trim_end(text);
        let Some(mid) = split(text) else {
            self.run(text, 0, Prev::Start);
            return;
        };
        let (one, two) = text.split_at(mid);
        let ((mut i, mut p), (mut j, mut q)) = ((0, Prev::Start), (0, Prev::Start));
        while i < one.len() && j < two.len() {
            if let (Prev::Letter(a), Prev::Letter(b)) = (p, q) {
                let ((next_i, a), (next_j, b)) = two_at_once(&mut self.seen, (one, i, a), (two, j, b));
                (i, p, j, q) = (next_i, Prev::Letter(a), next_j, Prev::Letter(b));
            }
            // A character that one of the halves could not read so, or the last ones.
            if i < one.len() && j < two.len() {
                (i, p) = self.slow(one, i, p);
                (j, q) = self.slow(two, j, q);
            }
        }
        let p = self.run(one, i, p);
        self.run(two, j, q);
        // The bigram across the halves: the second starts with a letter that nothing joins.
        let first = if two[0] < 0x80 { TABLE[two[0] as usize] } else { TABLE[thai(two[1], two[2])] };
        match p {
            Prev::Letter(a) => mark(&mut self.seen, pair(a, first as usize)),
            Prev::Wide(c) => self.other.push(wide(c, unletter(first as usize))),
            Prev::Start => {}
        }
    }

    /// Notes the bigrams of `text` from byte `i` (a character's start), after `prev`; the last
    /// character read.
    fn run(&mut self, text: &[u8], mut i: usize, mut prev: Prev) -> Prev {
        while i < text.len() {
            if let Prev::Letter(mut a) = prev {
                // Letters after a letter that [`quick`] reads, while eight bytes are left.
                let start = i;
                while let Some(w) = word(text, i) {
                    let (l, len, ok) = quick(w);
                    if !ok {
                        break;
                    }
                    // Without a branch: whitespace after a space marks the bigram of two
                    // spaces, which drain_common leaves out.
                    mark(&mut self.seen, pair(a, l as usize));
                    (a, i) = (l as usize, i + len);
                }
                prev = Prev::Letter(a);
                if i > start {
                    continue;
                }
            }
            (i, prev) = self.slow(text, i, prev);
        }
        prev
    }

    /// Notes the bigrams of the character at byte `i` of `text`, after `prev`, by [`fold_at`]:
    /// where the next character starts, and the last character read.
    fn slow(&mut self, text: &[u8], i: usize, mut prev: Prev) -> (usize, Prev) {
        let (folded, next) = fold_at(text, i);
        // Whether a space comes out for whitespace: after a character that is no space.
        let spaced = !matches!(prev, Prev::Start | Prev::Letter(0));
        let mut put = |c: char| {
            let l = letter(c);
            match (prev, l) {
                (Prev::Letter(a), Some(l)) => mark(&mut self.seen, pair(a, l)),
                (Prev::Letter(a), None) => self.other.push(wide(unletter(a), c)),
                (Prev::Wide(p), _) => self.other.push(wide(p, c)),
                (Prev::Start, _) => {}
            }
            prev = l.map_or(Prev::Wide(c), Prev::Letter);
        };
        match folded {
            Folded::Space => {
                if spaced {
                    put(' ');
                }
            }
            Folded::Nothing => {}
            Folded::One(c) => put(c),
            Folded::Two(c, d) => {
                put(c);
                put(d);
            }
        }
        (next, prev)
    }

    /// The [`pair`] numbers of the common bigrams noted since the last call, in increasing
    /// order, passed to `each`; forgets them.
    pub(super) fn drain_common(&mut self, mut each: impl FnMut(usize)) {
        // Two spaces, marked by `add` for whitespace after a space, are no bigram of folded text.
        self.seen[0] &= !1;
        for (k, word) in self.seen.iter_mut().enumerate() {
            let mut bits = std::mem::take(word);
            while bits != 0 {
                each(k * 64 + bits.trailing_zeros() as usize);
                bits &= bits - 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bigrams of folded text one character at a time: with [`fold`], the oracle of
    /// [`Bigrams::add`].
    fn reference(s: &str) -> (Vec<String>, Vec<u64>) {
        let chars: Vec<char> = s.chars().collect();
        let (mut common, mut other) = (Vec::new(), Vec::new());
        for w in chars.windows(2) {
            match (letter(w[0]), letter(w[1])) {
                (Some(a), Some(b)) => common.push(unpair(pair(a, b))),
                _ => other.push(wide(w[0], w[1])),
            }
        }
        common.sort();
        common.dedup();
        (common, other)
    }

    /// Checks [`Bigrams::add`] on `b` against [`reference`]: bytes that are not UTF-8 give the
    /// bigrams of U+FFFD, as [`String::from_utf8_lossy`] reads them.
    fn check(b: &[u8]) -> Result<(), proptest::test_runner::TestCaseError> {
        let mut bigrams = Bigrams::default();
        bigrams.add(b);
        let mut common: Vec<String> = Vec::new();
        bigrams.drain_common(|n| common.push(unpair(n)));
        common.sort();
        let (expected_common, mut expected_other) = reference(&fold(&String::from_utf8_lossy(b)));
        // The halves of a long text give their other bigrams in their own order.
        expected_other.sort();
        bigrams.other.sort();
        let text = String::from_utf8_lossy(b);
        proptest::prop_assert_eq!(common, expected_common, "{:?}", text);
        proptest::prop_assert_eq!(&bigrams.other, &expected_other, "{:?}", text);
        Ok(())
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn bigrams_are_those_of_the_folded_text(s in "[ \t\u{a0}\u{200b}a-zA-Z~\u{7f}\u{1}\u{e00}-\u{e7f}\u{e80}-\u{eff}\u{c0}-\u{ff}İ日😀]{0,30}") {
            check(s.as_bytes())?;
        }

        /// Long runs of the characters that the tables and the loop over letters treat apart:
        /// whitespace (ASCII and not), capitals, sara e (twice is sara ae), nikhahit with sara
        /// aa and tone marks, Thai digits, an invisible character, one outside the tables.
        #[test]
        fn bigrams_of_what_folds_specially(s in "[ \t\n\u{a0}\u{200b}aZ0เแาำํ่๑ก“]{0,60}") {
            check(s.as_bytes())?;
        }

        /// Texts long enough to be read as two halves: whatever comes before the middle.
        #[test]
        fn long_texts_read_as_two_halves(
            s in "[ \t\n\u{a0}\u{200b}aZ0เแาำํ่๑ก“é]{90,200}",
            middle in "[ \u{a0}\u{200b}เาํ่๑“éZ]{0,3}[กaZ0]",
        ) {
            // The text's middle falls just after `s` and what follows it, at ก, a, Z or 0.
            let text = format!("{s}{middle}{s}");
            check(text.as_bytes())?;
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn bytes_not_utf8_are_read_as_replacement_characters(
            b in proptest::collection::vec(proptest::sample::select(vec![
                0xe0u8, 0xb8, 0xb9, 0x80, 0x81, 0xa1, 0xbf, b' ', b'a', b'A', b'\t', 0xc3, 0xff, 0xf0, 0x9f,
            ]), 0..40)
        ) {
            check(&b)?;
        }
    }

    #[test]
    fn examples() {
        for s in [
            "เเกงเเละ ข้าว  ต้มยํา   ทํ่า ๒๕๖๗ 2567 ABC abc\u{a0} \u{200b}",
            " \t นํ้าเเข็ง\u{200b}เเ",
            "ก \u{a0} ข\n\nค “ง” ",
            "เ",
            "",
            "   ",
        ] {
            check(s.as_bytes()).unwrap();
        }
        for b in [&b"\xe0\xb8"[..], b"\xe0\xb8A\xe0\xb8\x81", b"\xe0\xb8\xa1\xff \xe0\xb9\x80\xe0\xb9", b"  \xbf  "] {
            check(b).unwrap();
        }
    }
}
