//! Thai and Arabic digits: editors write either, pages show the site's choice.

const THAI_DIGITS: [char; 10] = ['๐', '๑', '๒', '๓', '๔', '๕', '๖', '๗', '๘', '๙'];

/// Replaces Thai digits by Arabic ones; other characters stay.
pub fn to_arabic_digits(s: &str) -> String {
    s.chars()
        .map(|c| match THAI_DIGITS.iter().position(|d| *d == c) {
            Some(i) => char::from(b'0' + i as u8),
            None => c,
        })
        .collect()
}

/// Replaces Arabic digits by Thai ones; other characters stay.
pub fn to_thai_digits(s: &str) -> String {
    s.chars()
        .map(|c| match c.to_digit(10) {
            Some(d) if c.is_ascii_digit() => THAI_DIGITS[d as usize],
            _ => c,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_both_ways() {
        assert_eq!(to_arabic_digits("พ.ศ. ๒๕๖๕"), "พ.ศ. 2565");
        assert_eq!(to_thai_digits("O40 ปี 2565"), "O๔๐ ปี ๒๕๖๕");
    }
}
