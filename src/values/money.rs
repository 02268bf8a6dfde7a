//! Exact amounts of money in baht, kept as whole satang (1 baht = 100 satang).

use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Sub};

/// An amount of money in satang. Never a float: sums and differences are exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Baht(i64);

/// Why a text is not an amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoneyError {
    /// Not a number at all.
    NotANumber,
    /// Below zero.
    Negative,
    /// More than two digits after the decimal point.
    TooManyDecimals,
    /// An amount in millions (ล้านบาท) with more than eight digits after the point (finer than
    /// a satang).
    TooManyDecimalsInMillions,
    /// Too large to be real.
    TooLarge,
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MoneyError::NotANumber => "ไม่ใช่จำนวนเงิน: ต้องเป็นตัวเลข เช่น 100000 หรือ \"๑๒,๕๐๐.๕๐ บาท\"",
            MoneyError::Negative => "จำนวนเงินต้องไม่ติดลบ",
            MoneyError::TooManyDecimals => "จำนวนเงินมีทศนิยมได้ไม่เกิน ๒ ตำแหน่ง (สตางค์)",
            MoneyError::TooManyDecimalsInMillions => "จำนวนเงินหน่วยล้านบาทมีทศนิยมได้ไม่เกิน ๘ ตำแหน่ง (ละเอียดถึงสตางค์)",
            MoneyError::TooLarge => "จำนวนเงินมากเกินไป",
        })
    }
}

impl Baht {
    /// Zero baht.
    pub const ZERO: Baht = Baht(0);

    /// An amount from whole satang.
    pub const fn from_satang(satang: i64) -> Baht {
        Baht(satang)
    }

    /// An amount from whole baht.
    pub const fn from_baht(baht: i64) -> Baht {
        Baht(baht * 100)
    }

    /// The amount in satang.
    pub const fn satang(self) -> i64 {
        self.0
    }

    /// Parses what an editor writes: `100000`, `12,500.50`, `๑๒,๕๐๐ บาท`, `"14,500 บ."`,
    /// `61000.5`, and amounts in millions: `"55.9164 ล้านบาท"` (= 55,916,400 บาท, at most eight
    /// decimals). Thai or Arabic digits, optional thousands commas.
    pub fn parse(text: &str) -> Result<Baht, MoneyError> {
        let ascii = crate::values::digits::to_arabic_digits(text.trim());
        let s = ascii.trim();
        let (s, millions) = match s.strip_suffix("ล้านบาท").or_else(|| s.strip_suffix("ล้าน")) {
            Some(rest) => (rest.trim_end(), true),
            None => (s.strip_suffix("บาท").or_else(|| s.strip_suffix("บ.")).unwrap_or(s).trim_end(), false),
        };
        if let Some(rest) = s.strip_prefix('-') {
            return match Baht::parse_number(rest, millions) {
                Ok(b) if b == Baht::ZERO => Ok(b),
                Ok(_) | Err(MoneyError::Negative) => Err(MoneyError::Negative),
                Err(e) => Err(e),
            };
        }
        Baht::parse_number(s.strip_prefix('+').unwrap_or(s), millions)
    }

    /// The number part: whole baht (two decimals) or millions (eight decimals).
    fn parse_number(s: &str, millions: bool) -> Result<Baht, MoneyError> {
        let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
        if whole.is_empty() && frac.is_empty() {
            return Err(MoneyError::NotANumber);
        }
        if !valid_grouping(whole) || !frac.chars().all(|c| c.is_ascii_digit()) {
            return Err(MoneyError::NotANumber);
        }
        // Satang per unit written, and how many decimals make a satang.
        let (unit, places) = if millions { (100_000_000i64, 8) } else { (100, 2) };
        let frac_trimmed = frac.trim_end_matches('0');
        if frac_trimmed.len() > places {
            return Err(if millions { MoneyError::TooManyDecimalsInMillions } else { MoneyError::TooManyDecimals });
        }
        let digits: String = whole.chars().filter(|c| *c != ',').collect();
        let whole_value: i64 = if digits.is_empty() { 0 } else { digits.parse().map_err(|_| MoneyError::TooLarge)? };
        let mut frac_value = 0i64;
        for i in 0..places {
            let d = frac_trimmed.as_bytes().get(i).map(|b| i64::from(b - b'0')).unwrap_or(0);
            frac_value = frac_value * 10 + d;
        }
        whole_value.checked_mul(unit).and_then(|v| v.checked_add(frac_value)).map(Baht).ok_or(MoneyError::TooLarge)
    }

    /// The amount as Arabic-digit text with thousands commas: whole amounts without decimals,
    /// others with two (`12,345.50`). [`crate::values::thai`] turns the digits Thai when the site wants.
    pub fn format(self) -> String {
        let negative = self.0 < 0;
        let abs = self.0.unsigned_abs();
        let whole = group_thousands(abs / 100);
        let frac = abs % 100;
        let sign = if negative { "-" } else { "" };
        if frac == 0 {
            format!("{sign}{whole}")
        } else {
            format!("{sign}{whole}.{frac:02}")
        }
    }

    /// The amount as plain decimal text without grouping (`100000`, `12345.50`), exact and
    /// readable back by [`Baht::parse`]; what templates receive.
    pub fn plain(self) -> String {
        self.format().replace(',', "")
    }

    /// This amount as a percentage of `whole`, rounded half up to two decimals and given in
    /// hundredths of a percent (6100 means 61.00 %). `None` when `whole` is zero.
    pub fn percent_of(self, whole: Baht) -> Option<i64> {
        share(self.0, whole.0)
    }

    /// Subtraction that never panics.
    pub fn saturating_sub(self, other: Baht) -> Baht {
        Baht(self.0.saturating_sub(other.0))
    }
}

fn valid_grouping(whole: &str) -> bool {
    if whole.is_empty() {
        return true;
    }
    if !whole.chars().all(|c| c.is_ascii_digit() || c == ',') {
        return false;
    }
    if !whole.contains(',') {
        return true;
    }
    let groups: Vec<&str> = whole.split(',').collect();
    let first = groups[0];
    !first.is_empty() && first.len() <= 3 && groups[1..].iter().all(|g| g.len() == 3)
}

/// `part` of `whole` in hundredths of a percent, rounded half away from zero (1 of 3 → 3333);
/// `None` when the whole is zero. For amounts in satang and for counts alike.
pub fn share(part: i64, whole: i64) -> Option<i64> {
    if whole == 0 {
        return None;
    }
    let (num, den) = (i128::from(part) * 10_000, i128::from(whole));
    let q = (2 * num + num.signum() * den.abs()) / (2 * den);
    i64::try_from(q).ok()
}

/// `1234567` → `1,234,567`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl Add for Baht {
    type Output = Baht;
    fn add(self, rhs: Baht) -> Baht {
        Baht(self.0.saturating_add(rhs.0))
    }
}

impl AddAssign for Baht {
    fn add_assign(&mut self, rhs: Baht) {
        *self = *self + rhs;
    }
}

impl Sub for Baht {
    type Output = Baht;
    fn sub(self, rhs: Baht) -> Baht {
        self.saturating_sub(rhs)
    }
}

impl Sum for Baht {
    fn sum<I: Iterator<Item = Baht>>(iter: I) -> Baht {
        iter.fold(Baht::ZERO, Add::add)
    }
}

impl fmt::Display for Baht {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.format())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_round_half_away_from_zero() {
        assert_eq!(share(1, 3), Some(3333));
        assert_eq!(share(2, 3), Some(6667));
        assert_eq!(share(-1, 3), Some(-3333));
        assert_eq!(share(5, 0), None);
        assert_eq!(share(1, 8), Some(1250));
    }

    #[test]
    fn parses_editor_forms() {
        assert_eq!(Baht::parse("100000"), Ok(Baht::from_baht(100_000)));
        assert_eq!(Baht::parse("12,500.50"), Ok(Baht::from_satang(1_250_050)));
        assert_eq!(Baht::parse("๑๒,๕๐๐ บาท"), Ok(Baht::from_baht(12_500)));
        assert_eq!(Baht::parse("61000.5"), Ok(Baht::from_satang(6_100_050)));
        assert_eq!(Baht::parse("12500.10"), Ok(Baht::from_satang(1_250_010)));
        assert_eq!(Baht::parse("0.05"), Ok(Baht::from_satang(5)));
        assert_eq!(Baht::parse("1.500"), Ok(Baht::from_satang(150)));
        assert_eq!(Baht::parse("14,500 บ."), Ok(Baht::from_baht(14_500)));
        assert_eq!(Baht::parse("๑๔,๕๐๐บ."), Ok(Baht::from_baht(14_500)));
    }

    #[test]
    fn parses_millions_exactly() {
        assert_eq!(Baht::parse("55.9164 ล้านบาท"), Ok(Baht::from_baht(55_916_400)));
        assert_eq!(Baht::parse("๑.๕ ล้านบาท"), Ok(Baht::from_baht(1_500_000)));
        assert_eq!(Baht::parse("2 ล้าน"), Ok(Baht::from_baht(2_000_000)));
        assert_eq!(Baht::parse("0.00000001 ล้านบาท"), Ok(Baht::from_satang(1)));
        assert_eq!(Baht::parse("1,234.12345678 ล้านบาท"), Ok(Baht::from_satang(123_412_345_678)));
        assert_eq!(Baht::parse("0.000000001 ล้านบาท"), Err(MoneyError::TooManyDecimalsInMillions));
        assert_eq!(Baht::parse("-1 ล้านบาท"), Err(MoneyError::Negative));
    }

    #[test]
    fn refuses_bad_amounts() {
        assert_eq!(Baht::parse("-5"), Err(MoneyError::Negative));
        assert_eq!(Baht::parse("1.234"), Err(MoneyError::TooManyDecimals));
        assert_eq!(Baht::parse("หนึ่งพัน"), Err(MoneyError::NotANumber));
        assert_eq!(Baht::parse("1,00"), Err(MoneyError::NotANumber));
        assert_eq!(Baht::parse(""), Err(MoneyError::NotANumber));
        assert_eq!(Baht::parse("."), Err(MoneyError::NotANumber));
        assert_eq!(Baht::parse("99999999999999999999"), Err(MoneyError::TooLarge));
    }

    #[test]
    fn formats_whole_and_satang() {
        assert_eq!(Baht::from_baht(100_000).format(), "100,000");
        assert_eq!(Baht::from_satang(1_234_550).format(), "12,345.50");
        assert_eq!(Baht::from_satang(5).format(), "0.05");
        assert_eq!(Baht::ZERO.format(), "0");
    }

    #[test]
    fn sums_are_exact() {
        let tenth = Baht::parse("0.10").unwrap();
        let total: Baht = std::iter::repeat_n(tenth, 3).sum();
        assert_eq!(total, Baht::parse("0.30").unwrap());
    }

    #[test]
    fn format_then_parse_is_the_same_amount() {
        // A deterministic spread of amounts from 0 to about 10^13 satang, in both numerals.
        let mut x: u64 = 2565;
        for _ in 0..20_000 {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let satang = (x >> 20) as i64 % 10_000_000_000_000;
            let b = Baht::from_satang(satang);
            assert_eq!(Baht::parse(&b.format()), Ok(b), "{}", b.format());
            assert_eq!(Baht::parse(&crate::values::digits::to_thai_digits(&b.format())), Ok(b));
            assert_eq!(Baht::parse(&format!("{} บาท", b.plain())), Ok(b));
        }
    }

    #[test]
    fn percent_rounds_half_up() {
        let p = Baht::from_baht(61_000).percent_of(Baht::from_baht(100_000));
        assert_eq!(p, Some(6100));
        assert_eq!(Baht::from_baht(1).percent_of(Baht::from_baht(3)), Some(3333));
        assert_eq!(Baht::from_baht(2).percent_of(Baht::from_baht(3)), Some(6667));
        assert_eq!(Baht::from_baht(1).percent_of(Baht::ZERO), None);
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use crate::values::thai::Numerals;
    use proptest::prelude::*;

    /// Satang values as real budgets go: up to ten trillion baht.
    const MAX_SATANG: i64 = 1_000_000_000_000_000;

    /// Text made of what amounts are written with, and a little of everything else.
    fn amount_like() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => "[0-9๐-๙]{1,4}",
            1 => Just(",".to_string()),
            1 => Just(".".to_string()),
            1 => Just(" ".to_string()),
            1 => Just("-".to_string()),
            1 => Just("+".to_string()),
            1 => Just("บาท".to_string()),
            1 => Just("บ.".to_string()),
            1 => Just("ล้านบาท".to_string()),
            1 => Just("ล้าน".to_string()),
            1 => any::<char>().prop_map(String::from),
        ];
        prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
    }

    /// Small amounts (satang, a few baht) as often as large ones.
    fn satang() -> impl Strategy<Value = i64> {
        prop_oneof![0..=10_000i64, 0..=100_000_000i64, 0..=MAX_SATANG]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_text_parses_or_errs_and_is_never_negative(text in any::<String>()) {
            if let Ok(b) = Baht::parse(&text) {
                prop_assert!(b.satang() >= 0, "{text:?} gave {b:?}");
            }
        }

        #[test]
        fn amount_like_text_parses_or_errs_and_is_never_negative(text in amount_like()) {
            if let Ok(b) = Baht::parse(&text) {
                prop_assert!(b.satang() >= 0, "{text:?} gave {b:?}");
                // What was read shows as text that reads back the same.
                prop_assert_eq!(Baht::parse(&b.format()), Ok(b), "{:?}", text);
            }
        }

        #[test]
        fn format_then_parse_is_the_same_amount(satang in satang()) {
            let b = Baht::from_satang(satang);
            for numerals in [Numerals::Arabic, Numerals::Thai] {
                let shown = numerals.baht(b);
                prop_assert_eq!(Baht::parse(&shown), Ok(b), "{}", shown);
                prop_assert_eq!(Baht::parse(&format!("{shown} บาท")), Ok(b), "{} บาท", shown);
                prop_assert_eq!(Baht::parse(&format!("{shown}บ.")), Ok(b), "{}บ.", shown);
                let plain = numerals.digits(&b.plain());
                prop_assert_eq!(Baht::parse(&plain), Ok(b), "{}", plain);
                prop_assert_eq!(Baht::parse(&format!("{plain} บาท")), Ok(b), "{} บาท", plain);
            }
        }

        #[test]
        fn millions_with_eight_decimals_are_exact(satang in satang()) {
            let millions = format!("{}.{:08} ล้านบาท", satang / 100_000_000, satang % 100_000_000);
            prop_assert_eq!(Baht::parse(&millions), Ok(Baht::from_satang(satang)), "{}", millions);
            let thai = Numerals::Thai.digits(&millions);
            prop_assert_eq!(Baht::parse(&thai), Ok(Baht::from_satang(satang)), "{}", thai);
        }

        #[test]
        fn a_minus_sign_is_refused_unless_the_amount_is_zero(satang in 1..=MAX_SATANG) {
            let shown = Baht::from_satang(satang).format();
            prop_assert_eq!(Baht::parse(&format!("-{shown}")), Err(MoneyError::Negative));
            prop_assert_eq!(Baht::parse(&format!("-{shown} บาท")), Err(MoneyError::Negative));
        }
    }
}
