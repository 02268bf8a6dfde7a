//! The record [`Field`]s and [`field_of`]: the field a column heading names.

use std::collections::HashMap;
use std::sync::OnceLock;

/// A field of a procurement record (content model, "Procurement registers"), as a column
/// heading names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// `item`: งานที่จัดซื้อหรือจัดจ้าง.
    Item,
    /// `kind`: ประเภท (ซื้อ | จ้าง | เช่า).
    Kind,
    /// `budget`: วงเงินที่จะซื้อหรือจ้าง / วงเงินงบประมาณที่ได้รับจัดสรร.
    Budget,
    /// `source`: แหล่งที่มาของงบประมาณ.
    Source,
    /// `category`: หมวดงบรายจ่าย.
    Category,
    /// `reference_price`: ราคากลาง.
    ReferencePrice,
    /// `method`: วิธีซื้อหรือจ้าง.
    Method,
    /// `bidders`: รายชื่อผู้เสนอราคาและราคาที่เสนอ.
    Bidders,
    /// `winner`: ผู้ได้รับการคัดเลือก. The column of แบบ สขร.๑ that holds the winner and the
    /// agreed price together (ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง) is this one.
    Winner,
    /// `price`: ราคาที่ตกลงซื้อหรือจ้าง.
    Price,
    /// `reason`: เหตุผลที่คัดเลือกโดยสรุป.
    Reason,
    /// `contract_number`: เลขที่สัญญา. The column of แบบ สขร.๑ that holds the number and the
    /// date together (เลขที่และวันที่ของสัญญาหรือข้อตกลง…) is this one.
    ContractNumber,
    /// `contract_date`: วันที่สัญญา.
    ContractDate,
    /// `status`: สถานะการจัดซื้อจัดจ้าง.
    Status,
    /// `egp`: เลขที่โครงการในระบบ e-GP.
    Egp,
    /// `month`: เดือน.
    Month,
    /// ลำดับที่: a heading every form has, which is not a field of the record (the pages
    /// number the records themselves).
    Number,
}

impl Field {
    /// Every field, in the order of the contract.
    pub const ALL: [Field; 17] = [
        Field::Item,
        Field::Kind,
        Field::Budget,
        Field::Source,
        Field::Category,
        Field::ReferencePrice,
        Field::Method,
        Field::Bidders,
        Field::Winner,
        Field::Price,
        Field::Reason,
        Field::ContractNumber,
        Field::ContractDate,
        Field::Status,
        Field::Egp,
        Field::Month,
        Field::Number,
    ];

    /// The record's key in the contract (`reference_price`); `number` for [`Field::Number`],
    /// which is no key of a record.
    pub fn key(self) -> &'static str {
        match self {
            Field::Item => "item",
            Field::Kind => "kind",
            Field::Budget => "budget",
            Field::Source => "source",
            Field::Category => "category",
            Field::ReferencePrice => "reference_price",
            Field::Method => "method",
            Field::Bidders => "bidders",
            Field::Winner => "winner",
            Field::Price => "price",
            Field::Reason => "reason",
            Field::ContractNumber => "contract_number",
            Field::ContractDate => "contract_date",
            Field::Status => "status",
            Field::Egp => "egp",
            Field::Month => "month",
            Field::Number => "number",
        }
    }

    /// The Thai heading of the field, as the contract gives it (for messages: "ไม่มีคอลัมน์
    /// ราคาที่ตกลงซื้อหรือจ้าง").
    pub fn thai(self) -> &'static str {
        match self {
            Field::Item => "งานที่จัดซื้อหรือจัดจ้าง",
            Field::Kind => "ประเภท",
            Field::Budget => "วงเงินที่จะซื้อหรือจ้าง",
            Field::Source => "แหล่งที่มาของงบประมาณ",
            Field::Category => "หมวดงบรายจ่าย",
            Field::ReferencePrice => "ราคากลาง",
            Field::Method => "วิธีซื้อหรือจ้าง",
            Field::Bidders => "รายชื่อผู้เสนอราคาและราคาที่เสนอ",
            Field::Winner => "ผู้ได้รับการคัดเลือก",
            Field::Price => "ราคาที่ตกลงซื้อหรือจ้าง",
            Field::Reason => "เหตุผลที่คัดเลือกโดยสรุป",
            Field::ContractNumber => "เลขที่สัญญา",
            Field::ContractDate => "วันที่สัญญา",
            Field::Status => "สถานะการจัดซื้อจัดจ้าง",
            Field::Egp => "เลขที่โครงการในระบบ e-GP",
            Field::Month => "เดือน",
            Field::Number => "ลำดับที่",
        }
    }
}

/// The headings each field is known by, besides its key: what แบบ สขร.๑ and offices' own
/// sheets say, and the names of the government's open procurement data (data.go.th: the Thai
/// column names of its data store and the JSON names of its API) where they mean the same.
/// Written as people write them; [`heading_key`] makes them comparable.
pub(super) const HEADINGS: &[(&str, Field)] = &[
    // item
    ("งานที่จัดซื้อหรือจัดจ้าง", Field::Item),
    ("งานที่จัดซื้อจัดจ้าง", Field::Item),
    ("งานที่ซื้อหรือจ้าง", Field::Item),
    ("ชื่อรายการ", Field::Item),
    ("ชื่อรายการของงานที่ซื้อหรือจ้าง", Field::Item),
    ("รายการ", Field::Item),
    ("รายการพัสดุ", Field::Item),
    ("ชื่อโครงการ", Field::Item),
    ("โครงการ", Field::Item),
    ("project_name", Field::Item),
    // kind
    ("ประเภท", Field::Kind),
    ("ประเภทการจัดซื้อจัดจ้าง", Field::Kind),
    ("ประเภทงาน", Field::Kind),
    ("ชื่อประเภทโครงการ", Field::Kind),
    ("project_type_name", Field::Kind),
    // budget
    ("วงเงินที่จะซื้อหรือจ้าง", Field::Budget),
    ("วงเงินที่จะซื้อหรือจ้างหรือเช่า", Field::Budget),
    ("วงเงินงบประมาณที่ได้รับจัดสรร", Field::Budget),
    ("วงเงินงบประมาณ", Field::Budget),
    ("วงเงิน", Field::Budget),
    ("งบประมาณที่ได้รับจัดสรร", Field::Budget),
    ("งบประมาณ", Field::Budget),
    ("project_money", Field::Budget),
    // source
    ("แหล่งที่มาของงบประมาณ", Field::Source),
    ("แหล่งงบประมาณ", Field::Source),
    ("แหล่งเงิน", Field::Source),
    ("แหล่งที่มาของเงิน", Field::Source),
    // category
    ("หมวดงบรายจ่าย", Field::Category),
    ("หมวดรายจ่าย", Field::Category),
    ("งบรายจ่าย", Field::Category),
    // reference_price
    ("ราคากลาง", Field::ReferencePrice),
    ("price_build", Field::ReferencePrice),
    // method
    ("วิธีซื้อหรือจ้าง", Field::Method),
    ("วิธีการซื้อหรือจ้าง", Field::Method),
    ("วิธีการจัดซื้อจัดจ้าง", Field::Method),
    ("วิธีจัดซื้อจัดจ้าง", Field::Method),
    ("วิธีจัดซื้อฯ", Field::Method),
    ("วิธีจัดซื้อ", Field::Method),
    ("purchase_method_name", Field::Method),
    // bidders
    ("รายชื่อผู้เสนอราคาและราคาที่เสนอ", Field::Bidders),
    ("ผู้เสนอราคาและราคาที่เสนอ", Field::Bidders),
    ("รายชื่อผู้เสนอราคา", Field::Bidders),
    ("ผู้เสนอราคา", Field::Bidders),
    ("ชื่อผู้เสนอราคา", Field::Bidders),
    // winner
    ("ผู้ได้รับการคัดเลือก", Field::Winner),
    ("ผู้ได้รับคัดเลือก", Field::Winner),
    ("ผู้ได้รับการคัดเลือกและราคาที่ตกลงซื้อหรือจ้าง", Field::Winner),
    ("รายชื่อผู้ประกอบการที่ได้รับการคัดเลือก", Field::Winner),
    ("ชื่อผู้ชนะ", Field::Winner),
    ("ผู้ชนะ", Field::Winner),
    ("winner.name", Field::Winner),
    // price
    ("ราคาที่ตกลงซื้อหรือจ้าง", Field::Price),
    ("ราคาที่ตกลง", Field::Price),
    ("ราคาตกลงซื้อ/จ้าง", Field::Price),
    ("ราคาตกลงซื้อหรือจ้าง", Field::Price),
    ("ราคาที่ตกลงซื้อ/จ้าง", Field::Price),
    ("price_agree", Field::Price),
    ("winner.price", Field::Price),
    // reason
    ("เหตุผลที่คัดเลือกโดยสรุป", Field::Reason),
    ("เหตุผลที่คัดเลือก", Field::Reason),
    ("เหตุผลที่ใช้ในการคัดเลือกโดยสรุป", Field::Reason),
    ("เหตุผลที่ใช้ในการคัดเลือก", Field::Reason),
    ("เหตุผลในการคัดเลือก", Field::Reason),
    // contract_number
    ("เลขที่สัญญา", Field::ContractNumber),
    ("เลขที่สัญญาหรือข้อตกลง", Field::ContractNumber),
    ("เลขที่ของสัญญาหรือข้อตกลง", Field::ContractNumber),
    ("เลขที่และวันที่ของสัญญาหรือข้อตกลง", Field::ContractNumber),
    ("เลขที่และวันที่ของสัญญาหรือข้อตกลงในการซื้อหรือจ้าง", Field::ContractNumber),
    ("contract_no", Field::ContractNumber),
    ("contract.number", Field::ContractNumber),
    // contract_date
    ("วันที่สัญญา", Field::ContractDate),
    ("วันที่ของสัญญา", Field::ContractDate),
    ("วันที่ของสัญญาหรือข้อตกลง", Field::ContractDate),
    ("วันที่สัญญาหรือข้อตกลง", Field::ContractDate),
    ("วันที่ทำสัญญา", Field::ContractDate),
    ("วันที่ลงนามสัญญา", Field::ContractDate),
    ("วันที่ลงนามในสัญญา", Field::ContractDate),
    ("contract.date", Field::ContractDate),
    // status
    ("สถานะการจัดซื้อจัดจ้าง", Field::Status),
    ("สถานะ", Field::Status),
    ("สถานะสัญญา", Field::Status),
    // egp
    ("เลขที่โครงการในระบบ e-GP", Field::Egp),
    ("เลขที่โครงการ e-GP", Field::Egp),
    ("เลขโครงการ e-GP", Field::Egp),
    ("เลขที่โครงการ", Field::Egp),
    ("รหัสโครงการ", Field::Egp),
    ("project_id", Field::Egp),
    // month
    ("เดือน", Field::Month),
    ("ประจำเดือน", Field::Month),
    ("เดือนที่รายงาน", Field::Month),
    // the number column
    ("ลำดับที่", Field::Number),
    ("ลำดับ", Field::Number),
    ("ที่", Field::Number),
    ("no.", Field::Number),
    ("no", Field::Number),
    ("#", Field::Number),
];

/// The record field a column heading names, or `None` for a heading that names none.
///
/// Known headings: the contract's keys (`item` … `month`, also `Reference price` or
/// `reference-price`), the Thai headings of แบบ สขร.๑ and those offices type, and the open
/// procurement data's column names where they mean the same thing (รหัสโครงการ, ชื่อโครงการ,
/// วิธีจัดซื้อฯ, งบประมาณ(บาท), ราคากลาง(บาท), ราคาตกลงซื้อ/จ้าง, ชื่อผู้ชนะ, เลขที่สัญญา,
/// วันที่ลงนามสัญญา, สถานะสัญญา; project_id, project_name, purchase_method_name, project_money,
/// price_build, price_agree, winner, contract_no, contract_date). ลำดับที่ / ลำดับ / ที่ is
/// [`Field::Number`].
///
/// Headings are compared without spaces and line breaks (a heading cell is often broken
/// over lines), Latin letters in lower case, `_` and `-` left out, Thai digits as Arabic, a
/// leading number (`1.`, `๑)`) and a trailing colon ignored, and a trailing part in brackets
/// (`(บาท)`, `(ถ้ามี)`) ignored when the rest is known. A bracket that changes the unit
/// (`(ล้านบาท)`, `(พันบาท)`) is not ignored: such a heading names no field.
pub fn field_of(heading: &str) -> Option<Field> {
    let table = heading_table();
    let mut key = heading_key(heading);
    // At most two trailing brackets: "ราคากลาง (บาท) (ถ้ามี)".
    for _ in 0..3 {
        if key.is_empty() {
            return None;
        }
        if let Some(field) = table.get(&key) {
            return Some(*field);
        }
        key = without_trailing_bracket(&key)?.to_string();
    }
    None
}

/// [`HEADINGS`] and the fields' keys, by [`heading_key`].
fn heading_table() -> &'static HashMap<String, Field> {
    static TABLE: OnceLock<HashMap<String, Field>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let keys = Field::ALL.iter().filter(|f| **f != Field::Number).map(|f| (f.key(), *f));
        keys.chain(HEADINGS.iter().copied()).map(|(h, f)| (heading_key(h), f)).collect()
    })
}

/// A heading made comparable (see [`field_of`]).
pub(super) fn heading_key(heading: &str) -> String {
    let digits = crate::values::digits::to_arabic_digits(heading);
    let mut key: String = digits
        .chars()
        .filter(|c| !c.is_whitespace() && !is_invisible(*c) && *c != '_' && *c != '-')
        .flat_map(char::to_lowercase)
        .collect();
    // SARA AM typed as NIKHAHIT + SARA AA (with a tone mark between, in "น้ำ").
    if key.contains('\u{0E4D}') {
        key = compose_sara_am(&key);
    }
    let key = key.trim_end_matches([':', '：']);
    without_leading_number(key).to_string()
}

/// NIKHAHIT (U+0E4D), a tone mark or not, then SARA AA (U+0E32) → the tone mark, SARA AM.
fn compose_sara_am(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        let tone = |c: char| ('\u{0E48}'..='\u{0E4B}').contains(&c);
        match (chars[i], chars.get(i + 1), chars.get(i + 2)) {
            ('\u{0E4D}', Some('\u{0E32}'), _) => {
                out.push('\u{0E33}');
                i += 2;
            }
            ('\u{0E4D}', Some(t), Some('\u{0E32}')) if tone(*t) => {
                out.push(*t);
                out.push('\u{0E33}');
                i += 3;
            }
            (c, ..) => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// `1.งาน` → `งาน`, `(1)งาน` → `งาน`, `1)งาน` → `งาน`; anything else as it is.
fn without_leading_number(key: &str) -> &str {
    let inner = key.strip_prefix('(').unwrap_or(key);
    let digits = inner.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return key;
    }
    let rest = &inner[digits..];
    let rest = match rest.strip_prefix(['.', ')']) {
        Some(rest) => rest,
        None => return key,
    };
    if rest.is_empty() || rest.starts_with(|c: char| c.is_ascii_digit()) {
        key
    } else {
        rest
    }
}

/// `ราคากลาง(บาท)` → `ราคากลาง`; `None` when there is no trailing bracket or it holds a unit
/// other than the baht.
fn without_trailing_bracket(key: &str) -> Option<&str> {
    let open = if key.ends_with(')') {
        key.rfind('(')?
    } else if key.ends_with(']') {
        key.rfind('[')?
    } else {
        return None;
    };
    let inner = &key[open..];
    const SCALES: [&str; 6] = ["ล้าน", "แสน", "หมื่น", "พัน", "million", "thousand"];
    if SCALES.iter().any(|s| inner.contains(s)) {
        return None;
    }
    Some(&key[..open])
}

/// Characters with no width that editors' text carries along: zero-width space and joiners,
/// the byte order mark, the soft hyphen.
pub(super) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}')
}
