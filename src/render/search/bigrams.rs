//! The bigrams of a page: pairs of consecutive characters of its folded text, the letters of
//! ASCII and the Thai block numbered so that a pair of them is a small number.

use super::text::*;

/// Letters of the common alphabet (printable ASCII and the Thai block), numbered from 0; a
/// bigram of two of them has a number below 50,000 ([`pair`]), a byte or two in the index's log.
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
pub(super) const LETTERS: usize = 95 + 128;

/// The number of a bigram of two letters of the common alphabet.
fn pair(a: usize, b: usize) -> usize {
    a * LETTERS + b
}

/// The characters of a bigram numbered by [`pair`].
pub(super) fn unpair(n: usize) -> String {
    [unletter(n / LETTERS), unletter(n % LETTERS)].iter().collect()
}

/// A bigram with a character outside the common alphabet, as its two code points in one number.
fn wide(a: char, b: char) -> u64 {
    (a as u64) << 32 | b as u64
}

/// The letter at `b[i]` and its length in bytes, when it is a letter of the common alphabet that
/// folds to itself (see [`same_at`]), but for the space.
#[inline(always)]
fn run_letter(b: &[u8], i: usize) -> Option<(usize, usize)> {
    match *b.get(i)? {
        x @ b'!'..=b'~' if !x.is_ascii_uppercase() => Some((x as usize - 0x20, 1)),
        0xe0 => {
            let (m, y) = (*b.get(i + 1)?, *b.get(i + 2)?);
            // Without branches: which of B8 and B9 is about as likely as a coin toss.
            let special = (y == 0x80) | (y == 0x8d) | (y.wrapping_sub(0x90) < 10);
            let thai = (m == 0xb8) | ((m == 0xb9) & !special);
            thai.then_some((95 + ((m as usize & 1) << 6 | (y as usize & 0x3f)), 3))
        }
        _ => None,
    }
}

/// Words of the bitmap of common bigrams: a power of two, so that a bigram's word is found
/// without a bounds check.
const WORDS: usize = (LETTERS * LETTERS).div_ceil(64).next_power_of_two();

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

/// Notes common bigram `n` of a page. Without a branch: whether a bigram is new to the page is
/// as good as random, and a mispredicted branch cost more than the rest of a letter's work.
#[inline(always)]
fn mark(seen: &mut [u64; WORDS], n: usize) {
    seen[n / 64 % WORDS] |= 1u64 << (n % 64);
}

impl Bigrams {
    /// Notes the bigrams of [`fold`]`(text)`, and returns its length in bytes. The folding of
    /// [`fold_each`], with the characters that fold to themselves handled in line.
    pub(super) fn add(&mut self, text: &str) -> usize {
        let Bigrams { seen, other } = self;
        let seen = &mut **seen;
        let b = text.as_bytes();
        let (mut i, mut size, mut spacing) = (0, 0, Spacing::default());
        // The previous character, and its letter.
        let mut prev: Option<(char, Option<usize>)> = None;
        macro_rules! put {
            ($c:expr) => {{
                let c: char = $c;
                let l = letter(c);
                size += c.len_utf8();
                match (prev, l) {
                    (Some((_, Some(a))), Some(l)) => mark(seen, pair(a, l)),
                    (Some((p, _)), _) => other.push(wide(p, c)),
                    (None, _) => {}
                }
                prev = Some((c, l));
            }};
        }
        while i < b.len() {
            // A run of letters of the common alphabet that fold to themselves, after a letter
            // (and a space): most of a page, read straight from the bytes.
            if b[i] == b' ' && prev.is_some() {
                spacing.space = true;
                i += 1;
                continue;
            }
            if let Some((_, Some(mut a))) = prev {
                let start = i;
                if spacing.space {
                    if let Some((l, len)) = run_letter(b, i) {
                        mark(seen, pair(a, 0));
                        mark(seen, pair(0, l));
                        (a, spacing.space, size) = (l, false, size + 1);
                        i += len;
                    }
                }
                if !spacing.space {
                    while let Some((l, len)) = run_letter(b, i) {
                        mark(seen, pair(a, l));
                        a = l;
                        i += len;
                    }
                }
                if i > start {
                    size += i - start;
                    prev = Some((unletter(a), Some(a)));
                    continue;
                }
            }
            let (folded, next) = fold_at(text, i);
            i = next;
            if spacing.before(folded) {
                put!(' ');
            }
            match folded {
                Folded::One(c) => put!(c),
                Folded::Two(c, d) => {
                    put!(c);
                    put!(d);
                }
                Folded::Space | Folded::Nothing => {}
            }
        }
        size
    }

    /// The [`pair`] numbers of the common bigrams noted since the last call, in increasing
    /// order, passed to `each`; forgets them.
    pub(super) fn drain_common(&mut self, mut each: impl FnMut(usize)) {
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

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]
        #[test]
        fn bigrams_are_those_of_the_folded_text(s in "[ \t\u{a0}\u{200b}a-zA-Z~\u{7f}\u{1}\u{e00}-\u{e7f}\u{e80}-\u{eff}\u{c0}-\u{ff}İ日😀]{0,30}") {
            let mut bigrams = Bigrams::default();
            let size = bigrams.add(&s);
            let mut common: Vec<String> = Vec::new();
            bigrams.drain_common(|n| common.push(unpair(n)));
            common.sort();
            let folded = fold(&s);
            let (expected_common, expected_other) = reference(&folded);
            proptest::prop_assert_eq!(size, folded.len());
            proptest::prop_assert_eq!(common, expected_common);
            proptest::prop_assert_eq!(&bigrams.other, &expected_other);
        }
    }
}
