//! `site.yaml`: the site's settings, their defaults and their checks.

use crate::diagnostics::Diagnostics;
use crate::load::fields::Reader;
use crate::load::yaml;
use crate::model::{default_rounds, At, Body, Contact, PdfMode, RoundDef, SiteConfig};
use crate::values::thai::Numerals;
use std::path::Path;

/// The file name of the settings, in the site folder.
pub const FILE: &str = "site.yaml";

const FIELDS: &[&str] = &[
    "title",
    "parents",
    "description",
    "base_url",
    "numerals",
    "ita_year",
    "ita_body",
    "oit_catalog",
    "theme",
    "contact",
    "rounds",
    "allow_html",
    "pdf",
    "search",
];

/// Reads `site.yaml`'s text. Problems are added to `diags`; `None` when the settings are too
/// broken to build with.
pub fn parse(text: &str, diags: &mut Diagnostics) -> Option<SiteConfig> {
    let file = Path::new(FILE);
    let doc = match yaml::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            diags.push(e.finding(file));
            return None;
        }
    };
    let mut r = Reader::new(file, diags);
    let map = r.map(&doc, "", FIELDS)?;
    let title = r.required_text(&map, "title", "ชื่อหน่วยงาน");
    let base_url = r.required_text(&map, "base_url", "ที่อยู่เว็บไซต์ (เช่น https://example.go.th/)");
    let base_url = base_url.and_then(|u| {
        let u = u.trim().to_string();
        if u.starts_with("http://") || u.starts_with("https://") {
            Some(if u.ends_with('/') { u } else { format!("{u}/") })
        } else {
            let pos = map.get("base_url").map(|n| n.pos).unwrap_or(map.pos);
            r.error(pos, "base_url", format!("ต้องขึ้นต้นด้วย https:// หรือ http:// (พบ \"{u}\")"));
            None
        }
    });
    let numerals = match map.get("numerals") {
        None => Numerals::Thai,
        Some(node) => {
            let text = r.text_of(node, "numerals").unwrap_or_default();
            Numerals::parse(&text).unwrap_or_else(|| {
                r.error(node.pos, "numerals", format!("ต้องเป็น thai หรือ arabic (พบ \"{text}\")"));
                Numerals::Thai
            })
        }
    };
    let ita_year = r.integer(&map, "ita_year").and_then(|(y, pos)| match parse_ita_year(&y.to_string()) {
        Ok(y) => Some(At::new(y, pos)),
        Err(message) => {
            r.error(pos, "ita_year", message);
            None
        }
    });
    let ita_body = match map.get("ita_body") {
        None => At::new(Body::Agency, map.pos),
        Some(node) => {
            let text = r.text_of(node, "ita_body").unwrap_or_default();
            let body = Body::parse(&text).unwrap_or_else(|| {
                r.error(
                    node.pos,
                    "ita_body",
                    format!("ต้องเป็น agency (หน่วยงานภาครัฐ) หรือ obec-school (สถานศึกษาสังกัด สพฐ.) (พบ \"{text}\")"),
                );
                Body::Agency
            });
            At::new(body, node.pos)
        }
    };
    let oit_catalog = map.get("oit_catalog").and_then(|n| r.text_of(n, "oit_catalog").map(|t| At::new(t, n.pos)));
    let contact = map.get("contact").and_then(|node| {
        let m = r.map(node, "contact", &["address", "phone", "email", "website"])?;
        Some(Contact {
            address: r.text(&m, "address"),
            phone: r.text(&m, "phone"),
            email: r.text(&m, "email"),
            website: r.text(&m, "website"),
        })
    });
    let rounds = match map.get("rounds") {
        None => default_rounds(),
        Some(node) => parse_rounds(&mut r, node),
    };
    let config = SiteConfig {
        title: title?,
        parents: r.text_list(&map, "parents"),
        description: r.text(&map, "description"),
        base_url: base_url?,
        numerals,
        ita_year,
        ita_body,
        oit_catalog,
        theme: map
            .get("theme")
            .and_then(|n| r.text_of(n, "theme").map(|t| At::new(t, n.pos)))
            .filter(|t| t.value != "default"),
        contact: contact.unwrap_or_default(),
        rounds,
        allow_html: r.flag(&map, "allow_html"),
        search: map.get("search").is_none() || r.flag(&map, "search"),
        pdf: match map.get("pdf") {
            None => At::new(PdfMode::Auto, map.pos),
            Some(node) => {
                let text = r.text_of(node, "pdf").unwrap_or_default();
                let mode = match text.trim() {
                    "auto" => PdfMode::Auto,
                    "required" | "true" => PdfMode::Required,
                    "off" | "false" => PdfMode::Off,
                    other => {
                        r.error(node.pos, "pdf", format!("ต้องเป็น auto, required หรือ off (พบ \"{other}\")"));
                        PdfMode::Auto
                    }
                };
                At::new(mode, node.pos)
            }
        },
    };
    Some(config)
}

fn parse_rounds(r: &mut Reader<'_>, node: &yaml::Node) -> Vec<RoundDef> {
    let items: Vec<&yaml::Node> = match &node.value {
        yaml::Value::Seq(items) => items.iter().collect(),
        _ => {
            r.error(node.pos, "rounds", format!("ต้องเป็นรายการของรอบ แต่พบ{}", node.kind_name()));
            return default_rounds();
        }
    };
    let mut rounds: Vec<RoundDef> = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        let field = format!("rounds[{}]", i + 1);
        let Some(m) = r.map(item, &field, &["id", "name", "end"]) else { continue };
        let id = r.required_text(&m, "id", "รหัสรอบ (เช่น 6m)");
        let end = r.required_text(&m, "end", "วันสิ้นสุดรอบ (เดือน-วัน เช่น 03-31)");
        let (Some(id), Some(end)) = (id, end) else { continue };
        let end_pos = m.get("end").map(|n| n.pos).unwrap_or(m.pos);
        let Some((month, day)) = parse_month_day(&end) else {
            r.error(end_pos, &m.field("end"), format!("ต้องเป็น เดือน-วัน เช่น 03-31 (พบ \"{end}\")"));
            continue;
        };
        if rounds.iter().any(|x| x.id == id) {
            r.error(m.pos, &m.field("id"), format!("มีรอบ \"{id}\" ซ้ำ"));
            continue;
        }
        let name = r.text(&m, "name").unwrap_or_else(|| id.clone());
        rounds.push(RoundDef { id, name, end_month: month, end_day: day });
    }
    // Rounds must follow each other through the fiscal year (October first).
    let key = |x: &RoundDef| ((i16::from(x.end_month) + 2) % 12, x.end_day);
    if rounds.windows(2).any(|w| key(&w[0]) >= key(&w[1])) {
        r.error(node.pos, "rounds", "รอบต้องเรียงตามลำดับเวลาในปีงบประมาณ (ตุลาคม → กันยายน)");
    }
    if rounds.is_empty() {
        return default_rounds();
    }
    rounds
}

/// Reads an ITA year (B.E., Thai digits too). A Christian-era year gets the B.E. year it
/// probably means: `2026` → "หมายถึง 2569 หรือไม่?".
pub fn parse_ita_year(text: &str) -> Result<i32, String> {
    let t = crate::values::digits::to_arabic_digits(text.trim());
    let t = t.trim_start_matches("พ.ศ.").trim();
    let Ok(year) = t.parse::<i32>() else {
        return Err(format!("ต้องเป็นปี พ.ศ. สี่หลัก เช่น 2569 (พบ \"{text}\")"));
    };
    match year {
        2400..=2999 => Ok(year),
        1900..=2399 => Err(format!("ปี ITA เป็นปี พ.ศ.: หมายถึง {} หรือไม่? (พบ {year} ซึ่งเป็นปี ค.ศ.)", year + 543)),
        _ => Err(format!("ต้องเป็นปี พ.ศ. สี่หลัก เช่น 2569 (พบ {year})")),
    }
}

/// `03-31` (Thai digits too) → (3, 31), when the day exists in a leap year.
fn parse_month_day(text: &str) -> Option<(i8, i8)> {
    let t = crate::values::digits::to_arabic_digits(text.trim());
    let (m, d) = t.split_once('-')?;
    let (m, d): (i8, i8) = (m.parse().ok()?, d.parse().ok()?);
    jiff::civil::Date::new(2024, m, d).ok().map(|_| (m, d))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The smallest valid settings, for tests of other modules.
    pub(crate) fn minimal() -> SiteConfig {
        let mut d = Diagnostics::new();
        parse("title: สำนักงานทดสอบ\nbase_url: https://example.go.th\n", &mut d).unwrap()
    }

    #[test]
    fn defaults() {
        let c = minimal();
        assert_eq!(c.base_url, "https://example.go.th/");
        assert_eq!(c.numerals, Numerals::Thai);
        assert_eq!(c.rounds.len(), 3);
        assert_eq!(c.rounds[0].id, "6m");
    }

    #[test]
    fn ita_years_in_thai_digits_and_the_christian_era() {
        assert_eq!(parse_ita_year("๒๕๖๙"), Ok(2569));
        assert_eq!(parse_ita_year(" 2569 "), Ok(2569));
        assert!(parse_ita_year("2026").unwrap_err().contains("หมายถึง 2569 หรือไม่?"));
        assert!(parse_ita_year("69").is_err());
        let mut d = Diagnostics::new();
        let c = parse("title: x\nbase_url: https://a.go.th\nita_year: 2026\nita_body: school\n", &mut d).unwrap();
        assert!(d.to_string().contains("site.yaml:3:11") && d.to_string().contains("2569"), "{d}");
        assert_eq!(c.ita_body.value, Body::ObecSchool);
    }

    #[test]
    fn custom_rounds_and_errors() {
        let mut d = Diagnostics::new();
        let c = parse(
            "title: x\nbase_url: https://a.go.th/ita\nrounds:\n  - {id: q1, end: 12-31}\n  - {id: h1, end: 03-31}\n",
            &mut d,
        )
        .unwrap();
        assert!(d.is_empty(), "{d}");
        assert_eq!(c.rounds.iter().map(|r| r.id.as_str()).collect::<Vec<_>>(), ["q1", "h1"]);
        assert_eq!(c.base_path(), "/ita/");

        let mut d = Diagnostics::new();
        assert!(parse("base_url: ftp://x\nnumeral: thai\n", &mut d).is_none());
        let text = d.to_string();
        assert!(text.contains("site.yaml:1:1"), "{text}");
        assert!(text.contains("\"numerals\""), "{text}");
        assert!(text.contains("https://"), "{text}");
    }
}
