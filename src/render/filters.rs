//! Thai formatting as Tera filters, for the built-in theme and for a site's own templates:
//!
//! | filter | input | output |
//! |---|---|---|
//! | `digits` | any text or number | its digits in the site's numerals |
//! | `num` | a whole number | `๑,๒๓๔` |
//! | `baht` | an amount (`"12345.50"`, `100000`) | `๑๒,๓๔๕.๕๐` (no unit); nothing recorded (`null`): `ไม่มีข้อมูล` |
//! | `thai_date` | an ISO date (`"2022-06-09"`) or any form editors write | `๙ มิถุนายน ๒๕๖๕` |
//! | `thai_date_short` | the same | `๙ มิ.ย. ๒๕๖๕` |
//! | `percent` | hundredths of a percent (`6100`) | `๖๑` |
//! | `status` | a status id (`done`) | `ดำเนินการแล้ว` |

use crate::model::Status;
use crate::values::money::Baht;
use crate::values::thai::{self, Numerals};
use tera::{Kwargs, State, Tera, Value};

/// What a table shows where nothing was recorded: never a zero the source did not give.
pub const NO_DATA: &str = "ไม่มีข้อมูล";

fn text_of(v: &Value) -> String {
    match v.as_str() {
        Some(s) => s.to_string(),
        None => v.to_string(),
    }
}

/// Registers the filters on `tera`, writing digits in `numerals`.
pub fn register(tera: &mut Tera, numerals: Numerals) {
    tera.register_filter("digits", move |v: &Value, _: Kwargs, _: &State| numerals.digits(&text_of(v)));
    tera.register_filter("num", move |v: &Value, _: Kwargs, _: &State| match v.as_i64() {
        Some(n) => numerals.number(n),
        None => numerals.digits(&text_of(v)),
    });
    tera.register_filter("baht", move |v: &Value, _: Kwargs, _: &State| {
        if v.is_none() || v.is_undefined() {
            return NO_DATA.to_string();
        }
        let text = text_of(v);
        match Baht::parse(&text) {
            Ok(b) => numerals.baht(b),
            Err(_) => numerals.digits(&text),
        }
    });
    tera.register_filter("thai_date", move |v: &Value, _: Kwargs, _: &State| {
        let text = text_of(v);
        match thai::parse_date(&text) {
            Ok(d) => numerals.date(d),
            Err(_) => text,
        }
    });
    tera.register_filter("thai_date_short", move |v: &Value, _: Kwargs, _: &State| {
        let text = text_of(v);
        match thai::parse_date(&text) {
            Ok(d) => numerals.date_short(d),
            Err(_) => text,
        }
    });
    tera.register_filter("percent", move |v: &Value, _: Kwargs, _: &State| match v.as_i64() {
        Some(h) => numerals.percent(h),
        None => numerals.digits(&text_of(v)),
    });
    tera.register_filter("status", |v: &Value, _: Kwargs, _: &State| {
        let text = text_of(v);
        Status::parse(&text).map(|s| s.label().to_string()).unwrap_or(text)
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(numerals: Numerals, src: &str) -> String {
        let mut tera = Tera::new();
        register(&mut tera, numerals);
        tera.add_raw_template("t", src).unwrap();
        tera.render("t", &tera::Context::new()).unwrap()
    }

    #[test]
    fn filters_in_thai_and_arabic() {
        assert_eq!(render(Numerals::Thai, "{{ '12345.50' | baht }}"), "๑๒,๓๔๕.๕๐");
        assert_eq!(render(Numerals::Arabic, "{{ '100000' | baht }}"), "100,000");
        assert_eq!(render(Numerals::Thai, "{{ '2022-06-09' | thai_date }}"), "๙ มิถุนายน ๒๕๖๕");
        assert_eq!(render(Numerals::Arabic, "{{ '2022-06-09' | thai_date_short }}"), "9 มิ.ย. 2565");
        assert_eq!(render(Numerals::Thai, "{{ 6100 | percent }}"), "๖๑");
        assert_eq!(render(Numerals::Thai, "{{ 1234 | num }}"), "๑,๒๓๔");
        assert_eq!(render(Numerals::Thai, "{{ 'done' | status }}"), "ดำเนินการแล้ว");
        assert_eq!(render(Numerals::Thai, "{{ 2565 | digits }}"), "๒๕๖๕");
    }
}
