//! Thai formatting and reading: Buddhist-era dates with Thai month names, the fiscal
//! year, baht and percentages as shown on the pages.

use crate::values::digits::{to_arabic_digits, to_thai_digits};
use crate::values::money::Baht;
use jiff::civil::Date;

/// Which digits the pages use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Numerals {
    /// Thai digits ๐–๙ (the default, as in official documents).
    #[default]
    Thai,
    /// Arabic digits 0–9.
    Arabic,
}

/// Full Thai month names, January first.
pub const MONTHS: [&str; 12] = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
];

/// Abbreviated Thai month names, January first.
pub const MONTHS_SHORT: [&str; 12] =
    ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."];

/// Years of 2400 and above are Buddhist-era years.
pub const BE_THRESHOLD: i32 = 2400;
/// B.E. = C.E. + 543.
pub const BE_OFFSET: i32 = 543;

impl Numerals {
    /// Reads `thai` or `arabic`.
    pub fn parse(s: &str) -> Option<Numerals> {
        match s.trim().to_lowercase().as_str() {
            "thai" | "ไทย" => Some(Numerals::Thai),
            "arabic" | "อารบิก" => Some(Numerals::Arabic),
            _ => None,
        }
    }

    /// Writes the digits of `s` in these numerals.
    pub fn digits(self, s: &str) -> String {
        match self {
            Numerals::Thai => to_thai_digits(s),
            Numerals::Arabic => to_arabic_digits(s),
        }
    }

    /// A whole number with thousands commas: `1,234`.
    pub fn number(self, n: i64) -> String {
        let grouped = crate::values::money::group_thousands(n.unsigned_abs());
        let sign = if n < 0 { "-" } else { "" };
        self.digits(&format!("{sign}{grouped}"))
    }

    /// An amount of money: `๑๒,๓๔๕.๕๐` (no unit).
    pub fn baht(self, amount: Baht) -> String {
        self.digits(&amount.format())
    }

    /// A percentage given in hundredths (6100 → `๖๑`, 3333 → `๓๓.๓๓`), without the sign.
    pub fn percent(self, hundredths: i64) -> String {
        let whole = hundredths / 100;
        let frac = (hundredths % 100).abs();
        let text = if frac == 0 {
            whole.to_string()
        } else if frac % 10 == 0 {
            format!("{whole}.{}", frac / 10)
        } else {
            format!("{whole}.{frac:02}")
        };
        self.digits(&text)
    }

    /// A date as Thai text in B.E.: `๙ มิถุนายน ๒๕๖๕`.
    pub fn date(self, date: Date) -> String {
        let text =
            format!("{} {} {}", date.day(), MONTHS[date.month() as usize - 1], i32::from(date.year()) + BE_OFFSET);
        self.digits(&text)
    }

    /// A date in short form: `๙ มิ.ย. ๒๕๖๕`.
    pub fn date_short(self, date: Date) -> String {
        let text = format!(
            "{} {} {}",
            date.day(),
            MONTHS_SHORT[date.month() as usize - 1],
            i32::from(date.year()) + BE_OFFSET
        );
        self.digits(&text)
    }
}

/// Why a date could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateError {
    /// The text is not in a form we read.
    Form,
    /// The form is right but the day does not exist (31 February).
    NoSuchDay,
}

impl std::fmt::Display for DateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DateError::Form => {
                "อ่านวันที่ไม่ได้: เขียนเป็น วว/ดด/ปปปป เช่น 09/06/2565, ปปปป-ดด-วว เช่น 2565-06-09 หรือ ๙ มิถุนายน ๒๕๖๕"
            }
            DateError::NoSuchDay => "ไม่มีวันนี้ในปฏิทิน",
        })
    }
}

/// Reads a date: `YYYY-MM-DD` (a year of 2400 or more is B.E., below is C.E.), `DD/MM/YYYY`
/// (always day first, as Thai offices write it), in Thai or Arabic digits, or Thai text such as
/// `๙ มิถุนายน ๒๕๖๕`, `9 มิ.ย. 2565`, `๙ มิ.ย. พ.ศ. ๒๕๖๕`. The year has four digits in every form.
pub fn parse_date(text: &str) -> Result<Date, DateError> {
    let s = to_arabic_digits(text.trim());
    if let Some((y, m, d)) = split_iso(&s) {
        return make_date(y, m, d);
    }
    if let Some((y, m, d)) = split_day_first(&s) {
        return make_date(y, m, d);
    }
    parse_thai_text_date(&s)
}

/// `15/01/2569` → (2569, 1, 15); the year has four digits.
fn split_day_first(s: &str) -> Option<(i32, i32, i32)> {
    let mut parts = s.split('/');
    let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
    let short = |p: &str| !p.is_empty() && p.len() <= 2 && p.chars().all(|c| c.is_ascii_digit());
    if parts.next().is_some() || !short(d) || !short(m) || y.len() != 4 || !y.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?))
}

fn split_iso(s: &str) -> Option<(i32, i32, i32)> {
    let mut parts = s.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || m.is_empty() || m.len() > 2 || d.is_empty() || d.len() > 2 {
        return None;
    }
    let all_digits = |p: &str| p.chars().all(|c| c.is_ascii_digit());
    if !(all_digits(y) && all_digits(m) && all_digits(d)) {
        return None;
    }
    Some((y.parse().ok()?, m.parse().ok()?, d.parse().ok()?))
}

fn parse_thai_text_date(s: &str) -> Result<Date, DateError> {
    let words: Vec<&str> = s.split_whitespace().filter(|w| *w != "พ.ศ." && *w != "พ.ศ" && *w != "ค.ศ.").collect();
    // Also accept "พ.ศ.2565" glued to the year.
    let words: Vec<String> = words
        .iter()
        .map(|w| w.trim_start_matches("พ.ศ.").trim_start_matches("วันที่").to_string())
        .filter(|w| !w.is_empty())
        .collect();
    if words.len() != 3 {
        return Err(DateError::Form);
    }
    let day: i32 = words[0].parse().map_err(|_| DateError::Form)?;
    let month = month_number(&words[1]).ok_or(DateError::Form)?;
    // Four digits, as in the other forms: "๙ มิ.ย. ๖๕" is not the year 65.
    if words[2].len() != 4 || !words[2].chars().all(|c| c.is_ascii_digit()) {
        return Err(DateError::Form);
    }
    let year: i32 = words[2].parse().map_err(|_| DateError::Form)?;
    make_date(year, month, day)
}

/// The month number (1–12) of a full or abbreviated Thai month name.
pub fn month_number(name: &str) -> Option<i32> {
    let name = name.trim();
    let with_dots = |a: &str| a == name || a.replace('.', "") == name.replace('.', "");
    MONTHS
        .iter()
        .position(|m| *m == name)
        .or_else(|| MONTHS_SHORT.iter().position(|m| with_dots(m)))
        .map(|i| i as i32 + 1)
}

fn make_date(year: i32, month: i32, day: i32) -> Result<Date, DateError> {
    let ce = if year >= BE_THRESHOLD { year - BE_OFFSET } else { year };
    let (Ok(y), Ok(m), Ok(d)) = (i16::try_from(ce), i8::try_from(month), i8::try_from(day)) else {
        return Err(DateError::NoSuchDay);
    };
    if !(1..=12).contains(&m) {
        return Err(DateError::NoSuchDay);
    }
    Date::new(y, m, d).map_err(|_| DateError::NoSuchDay)
}

/// The B.E. year of a date.
pub fn be_year(date: Date) -> i32 {
    i32::from(date.year()) + BE_OFFSET
}

/// The first day of fiscal year B.E. `fy`: 1 October of the year before.
pub fn fiscal_year_start(fy: i32) -> Option<Date> {
    Date::new(i16::try_from(fy - BE_OFFSET - 1).ok()?, 10, 1).ok()
}

/// The last day of fiscal year B.E. `fy`: 30 September.
pub fn fiscal_year_end(fy: i32) -> Option<Date> {
    Date::new(i16::try_from(fy - BE_OFFSET).ok()?, 9, 30).ok()
}

/// The date in fiscal year B.E. `fy` that has this month and day: October to December fall in
/// the year before. `None` for a day that year does not have (29 February of a common year).
pub fn fiscal_date(fy: i32, month: i8, day: i8) -> Option<Date> {
    let ce = fy - BE_OFFSET - if month >= 10 { 1 } else { 0 };
    Date::new(i16::try_from(ce).ok()?, month, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i16, m: i8, day: i8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    #[test]
    fn digits_both_ways() {
        assert_eq!(to_thai_digits("2565-06-09 ab"), "๒๕๖๕-๐๖-๐๙ ab");
        assert_eq!(to_arabic_digits("๑๒,๓๔๕"), "12,345");
    }

    #[test]
    fn reads_dates_in_all_forms() {
        assert_eq!(parse_date("2565-06-09"), Ok(d(2022, 6, 9)));
        assert_eq!(parse_date("2022-06-09"), Ok(d(2022, 6, 9)));
        assert_eq!(parse_date("๒๕๖๕-๐๖-๐๙"), Ok(d(2022, 6, 9)));
        assert_eq!(parse_date("๙ มิถุนายน ๒๕๖๕"), Ok(d(2022, 6, 9)));
        assert_eq!(parse_date("9 มิ.ย. 2565"), Ok(d(2022, 6, 9)));
        assert_eq!(parse_date("15/01/2569"), Ok(d(2026, 1, 15)));
        assert_eq!(parse_date("๙/๖/๒๕๖๕"), Ok(d(2022, 6, 9)));
        assert_eq!(parse_date("09/06/2022"), Ok(d(2022, 6, 9)));
        assert_eq!(parse_date("31/02/2565"), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("15/01/69"), Err(DateError::Form));
        assert_eq!(parse_date("9 มิ.ย. พ.ศ. 2565"), Ok(d(2022, 6, 9)));
        assert_eq!(parse_date("2565-02-31"), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("2565-13-01"), Err(DateError::NoSuchDay));
        assert_eq!(parse_date("เมื่อวาน"), Err(DateError::Form));
        assert_eq!(parse_date("9 มิถุนา 2565"), Err(DateError::Form));
    }

    #[test]
    fn a_short_year_in_thai_text_is_refused_not_read_as_an_early_year() {
        // Found by a property test: "1 มกราคม ๐" was 1 January of the year 0, and
        // "9 มิ.ย. 65" was 9 June of the year 65.
        assert_eq!(parse_date("1 มกราคม ๐"), Err(DateError::Form));
        assert_eq!(parse_date("9 มิ.ย. 65"), Err(DateError::Form));
        assert_eq!(parse_date("๙ มิถุนายน ๖๕"), Err(DateError::Form));
        assert_eq!(parse_date("๙ มิถุนายน ๐๒๕๖๕"), Err(DateError::Form));
        assert_eq!(parse_date("๙ มิ.ย. พ.ศ.๒๕๖๕"), Ok(d(2022, 6, 9)));
    }

    #[test]
    fn formats_thai_dates() {
        assert_eq!(Numerals::Thai.date(d(2022, 6, 9)), "๙ มิถุนายน ๒๕๖๕");
        assert_eq!(Numerals::Arabic.date(d(2022, 6, 9)), "9 มิถุนายน 2565");
        assert_eq!(Numerals::Thai.date_short(d(2022, 3, 31)), "๓๑ มี.ค. ๒๕๖๕");
    }

    #[test]
    fn formats_numbers() {
        assert_eq!(Numerals::Thai.baht(Baht::from_baht(61_000)), "๖๑,๐๐๐");
        assert_eq!(Numerals::Arabic.baht(Baht::from_satang(1_234_550)), "12,345.50");
        assert_eq!(Numerals::Thai.percent(6100), "๖๑");
        assert_eq!(Numerals::Arabic.percent(3333), "33.33");
        assert_eq!(Numerals::Arabic.percent(1250), "12.5");
        assert_eq!(Numerals::Arabic.number(1_234_567), "1,234,567");
    }

    #[test]
    fn every_day_of_a_leap_fiscal_year_reads_back_from_its_thai_text() {
        let mut day = fiscal_year_start(2567).unwrap();
        let end = fiscal_year_end(2567).unwrap();
        let mut n = 0;
        while day <= end {
            assert_eq!(parse_date(&Numerals::Thai.date(day)), Ok(day));
            assert_eq!(parse_date(&Numerals::Arabic.date_short(day)), Ok(day));
            day = day.tomorrow().unwrap();
            n += 1;
        }
        assert_eq!(n, 366, "fiscal year 2567 has 29 February 2567");
    }

    #[test]
    fn fiscal_year_bounds() {
        assert_eq!(fiscal_year_start(2565), Some(d(2021, 10, 1)));
        assert_eq!(fiscal_year_end(2565), Some(d(2022, 9, 30)));
        assert_eq!(fiscal_date(2565, 3, 31), Some(d(2022, 3, 31)));
        assert_eq!(fiscal_date(2565, 12, 31), Some(d(2021, 12, 31)));
    }
}

#[cfg(test)]
mod props {
    use super::*;
    use proptest::prelude::*;

    /// Any date from 1 January 1900 to 31 December 2100 (C.E.).
    fn date() -> impl Strategy<Value = Date> {
        (1900i16..=2100, 1i8..=12, 0u8..=255).prop_map(|(y, m, raw)| {
            let days = Date::new(y, m, 1).unwrap().days_in_month();
            Date::new(y, m, 1 + (raw % days as u8) as i8).unwrap()
        })
    }

    /// A year, month and a day past the month's end: 30 and 31 February, 29 February of a
    /// common year, 31 April.
    fn impossible_day() -> impl Strategy<Value = (i32, i32, i32)> {
        (1900i16..=2100, prop::sample::select(vec![2i8, 4, 6, 9, 11]), 29i8..=31)
            .prop_filter("a day the month has", |(y, m, d)| *d > Date::new(*y, *m, 1).unwrap().days_in_month())
            .prop_map(|(y, m, d)| (i32::from(y), i32::from(m), i32::from(d)))
    }

    fn all_numerals() -> impl Strategy<Value = Numerals> {
        prop_oneof![Just(Numerals::Thai), Just(Numerals::Arabic)]
    }

    /// Text made of what dates are written with, and a little of everything else: mostly in
    /// the shapes of the three forms, with numbers of any length.
    fn date_like() -> impl Strategy<Value = String> {
        let number = || "[0-9๐-๙]{1,5}";
        let month = prop_oneof![
            prop::sample::select(MONTHS.to_vec()).prop_map(String::from),
            prop::sample::select(MONTHS_SHORT.to_vec()).prop_map(String::from),
            number().prop_map(String::from),
        ];
        let shaped = (number(), prop::sample::select(vec![" ", "/", "-", "  "]), month, number())
            .prop_map(|(a, sep, m, b)| format!("{a}{sep}{m}{sep}{b}"));
        let piece = prop_oneof![
            4 => number().prop_map(String::from),
            2 => prop::sample::select(MONTHS.to_vec()).prop_map(String::from),
            2 => prop::sample::select(MONTHS_SHORT.to_vec()).prop_map(String::from),
            1 => prop::sample::select(vec!["/", "-", " ", ".", "พ.ศ.", "พ.ศ", "ค.ศ.", "วันที่", "+", "\t"])
                .prop_map(String::from),
            1 => any::<char>().prop_map(String::from),
        ];
        let loose = prop::collection::vec(piece, 0..8).prop_map(|v| v.concat());
        prop_oneof![shaped, loose]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(256))]

        #[test]
        fn any_text_reads_as_a_date_or_an_error(text in any::<String>()) {
            let _ = parse_date(&text);
        }

        #[test]
        fn date_like_text_reads_as_a_date_or_an_error(text in date_like()) {
            if let Ok(day) = parse_date(&text) {
                // What was read shows as Thai text that reads back the same, for any year shown
                // as B.E. 2400 or later: by the contract a year below 2400 is C.E., so "๑ มกราคม
                // ๑๕๔๔" (1 C.E. shown in B.E.) reads as 1544 C.E.
                if be_year(day) >= BE_THRESHOLD {
                    prop_assert_eq!(parse_date(&Numerals::Thai.date(day)), Ok(day), "{:?}", text);
                }
            }
        }

        #[test]
        fn thai_text_reads_back(day in date(), numerals in all_numerals()) {
            let long = numerals.date(day);
            prop_assert_eq!(parse_date(&long), Ok(day), "{}", long);
            let short = numerals.date_short(day);
            prop_assert_eq!(parse_date(&short), Ok(day), "{}", short);
        }

        #[test]
        fn year_month_day_in_be_reads_back(day in date(), numerals in all_numerals()) {
            let (be, m, d) = (be_year(day), day.month(), day.day());
            for text in [format!("{be:04}-{m:02}-{d:02}"), format!("{be}-{m}-{d}")] {
                let text = numerals.digits(&text);
                prop_assert_eq!(parse_date(&text), Ok(day), "{}", text);
            }
        }

        #[test]
        fn year_month_day_in_ce_reads_back(day in date(), numerals in all_numerals()) {
            let text = numerals.digits(&format!("{:04}-{:02}-{:02}", day.year(), day.month(), day.day()));
            prop_assert_eq!(parse_date(&text), Ok(day), "{}", text);
        }

        #[test]
        fn day_month_year_in_be_reads_back(day in date(), numerals in all_numerals()) {
            let (be, m, d) = (be_year(day), day.month(), day.day());
            for text in [format!("{d:02}/{m:02}/{be}"), format!("{d}/{m}/{be}")] {
                let text = numerals.digits(&text);
                prop_assert_eq!(parse_date(&text), Ok(day), "{}", text);
            }
        }

        #[test]
        fn a_year_of_fewer_than_four_digits_is_refused(day in date(), numerals in all_numerals(), len in 1usize..=3) {
            let be = be_year(day).to_string();
            let short = &be[be.len() - len..];
            let (m, d) = (day.month(), day.day());
            let forms = [
                format!("{d:02}/{m:02}/{short}"),
                format!("{short}-{m:02}-{d:02}"),
                format!("{d} {} {short}", MONTHS[m as usize - 1]),
                format!("{d} {} {short}", MONTHS_SHORT[m as usize - 1]),
            ];
            for text in forms {
                let text = numerals.digits(&text);
                prop_assert_eq!(parse_date(&text), Err(DateError::Form), "{}", text);
            }
        }

        #[test]
        fn impossible_days_are_errors((y, m, d) in impossible_day(), numerals in all_numerals()) {
            let be = y + BE_OFFSET;
            let forms = [
                format!("{d:02}/{m:02}/{be}"),
                format!("{be}-{m:02}-{d:02}"),
                format!("{y}-{m:02}-{d:02}"),
                format!("{d} {} {be}", MONTHS[m as usize - 1]),
                format!("{d} {} {be}", MONTHS_SHORT[m as usize - 1]),
            ];
            for text in forms {
                let text = numerals.digits(&text);
                prop_assert_eq!(parse_date(&text), Err(DateError::NoSuchDay), "{}", text);
            }
        }

        #[test]
        fn twenty_ninth_of_february_only_in_leap_years(y in 1900i32..=2100, numerals in all_numerals()) {
            let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
            let text = numerals.digits(&format!("29/02/{}", y + BE_OFFSET));
            let read = parse_date(&text);
            if leap {
                prop_assert_eq!(read, Ok(Date::new(y as i16, 2, 29).unwrap()), "{}", text);
            } else {
                prop_assert_eq!(read, Err(DateError::NoSuchDay), "{}", text);
            }
        }
    }
}
