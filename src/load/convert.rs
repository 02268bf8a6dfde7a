//! Front matter → typed content: one function per kind of file.

use crate::load::fields::{Map, Reader};
use crate::load::yaml::{Node, Pos, Value};
use crate::model::*;

/// Fields every kind of file may have.
const COMMON: &[&str] = &["type", "title", "draft", "order", "description"];

fn fields(extra: &[&'static str]) -> Vec<&'static str> {
    COMMON.iter().chain(extra).copied().collect()
}

/// Fills the parts of a [`Source`] that come from front matter.
pub(super) fn common(r: &mut Reader<'_>, map: &Map<'_>, source: &mut Source) {
    source.draft = r.flag(map, "draft");
    source.order = r.integer(map, "order").map(|(n, _)| n);
    source.description = r.text(map, "description");
}

/// The `type:` field of a file, if it has one.
pub fn type_of(front: &Node) -> Option<(String, crate::diagnostics::Pos)> {
    match front.get("type").map(|n| (&n.value, n.pos)) {
        Some((Value::Scalar { text, .. }, pos)) => Some((text.trim().to_lowercase(), pos)),
        _ => None,
    }
}

/// Whether the file says `draft: true`.
pub fn is_draft(front: &Node) -> bool {
    matches!(
        front.get("draft").map(|n| &n.value),
        Some(Value::Scalar { kind: crate::load::yaml::ScalarKind::Bool(true), .. })
    )
}

/// A plan's `_index` file.
pub fn plan(r: &mut Reader<'_>, front: &Node, mut source: Source, folder_year: Option<i32>) -> Option<Plan> {
    let map = r.map(front, "", &fields(&["fiscal_year", "kind", "oit", "signers"]))?;
    common(r, &map, &mut source);
    let title = r.required_text(&map, "title", "ชื่อแผน");
    let fiscal_year = fiscal_year(
        r,
        &map,
        folder_year,
        "ไม่รู้ปีงบประมาณของแผน: ใส่ fiscal_year: 2565 หรือวางแผนไว้ในโฟลเดอร์ที่ตั้งชื่อเป็นปี พ.ศ. เช่น content/2565/",
    );
    let kind = match map.get("kind") {
        None => At::new(PlanKind::Other, map.key("kind").map(|k| k.pos).unwrap_or(Pos::new(1, 1))),
        Some(node) => {
            let text = r.text_of(node, "kind").unwrap_or_default();
            let kind = PlanKind::parse(&text).unwrap_or_else(|| {
                let ids: Vec<&str> = PlanKind::ALL.iter().map(|k| k.id()).collect();
                let d = crate::diagnostics::Diagnostic::error(
                    r.file(),
                    node.pos,
                    Some("kind"),
                    format!("ไม่รู้จักชนิดแผน \"{text}\""),
                );
                r.push(match crate::diagnostics::nearest(&text, &ids) {
                    Some(n) => d.with_help(format!("หมายถึง \"{n}\" หรือไม่? ชนิดที่ใช้ได้: {}", ids.join(", "))),
                    None => d.with_help(format!(
                        "ชนิดที่ใช้ได้: {} (anti-corruption = แผนปฏิบัติการป้องกันการทุจริต, operations = แผนปฏิบัติการประจำปี)",
                        ids.join(", ")
                    )),
                });
                PlanKind::Other
            });
            At::new(kind, node.pos)
        }
    };
    let mut oit_plan = Vec::new();
    let mut oit_rounds = Vec::new();
    if let Some(node) = map.get("oit") {
        match &node.value {
            Value::Map(entries) => {
                for (key, value) in entries {
                    let field = format!("oit.{}", key.name);
                    let codes = oit_codes(r, value, &field);
                    if key.name == "plan" {
                        oit_plan = codes;
                    } else {
                        oit_rounds.push((At::new(key.name.clone(), key.pos), codes));
                    }
                }
            }
            _ => oit_plan = oit_codes(r, node, "oit"),
        }
    }
    let signers = signers(r, &map);
    Some(Plan {
        source,
        title: title?,
        fiscal_year: fiscal_year?,
        kind,
        oit_plan,
        oit_rounds,
        groups: Vec::new(),
        projects: Vec::new(),
        narratives: Vec::new(),
        signers,
    })
}

/// The fiscal year of a plan or a register: its `fiscal_year:`, or else the year of the folder it
/// stands in; when neither is there, `unknown` is the error.
pub(super) fn fiscal_year(r: &mut Reader<'_>, map: &Map<'_>, folder_year: Option<i32>, unknown: &str) -> Option<i32> {
    match r.integer(map, "fiscal_year") {
        Some((y, pos)) => {
            let y = i32::try_from(y).ok().filter(|y| (2400..3000).contains(y));
            if y.is_none() {
                r.error(pos, "fiscal_year", "ต้องเป็นปีงบประมาณ พ.ศ. สี่หลัก เช่น 2565");
            }
            y
        }
        None if map.get("fiscal_year").is_some() => None,
        None => {
            if folder_year.is_none() {
                r.error(map.pos, "fiscal_year", unknown);
            }
            folder_year
        }
    }
}

/// One OIT code or a list of them.
pub fn oit_codes(r: &mut Reader<'_>, node: &Node, field: &str) -> Vec<At<OitCode>> {
    let items: Vec<&Node> = match &node.value {
        Value::Seq(items) => items.iter().collect(),
        Value::Null => Vec::new(),
        _ => vec![node],
    };
    let mut codes = Vec::new();
    for item in items {
        let Some(text) = r.text_of(item, field) else { continue };
        match OitCode::parse(&text) {
            Some(code) => codes.push(At::new(code, item.pos)),
            None => r.value_error(item, field, format!("รหัส OIT ต้องเป็นตัว O ตามด้วยตัวเลข เช่น O1, O40 (พบ \"{text}\")")),
        }
    }
    codes
}

/// A project's `_index` file.
pub fn project(r: &mut Reader<'_>, front: &Node, mut source: Source) -> Option<Project> {
    let map = r.map(
        front,
        "",
        &fields(&[
            "responsible",
            "objectives",
            "targets",
            "alignment",
            "outputs",
            "outcomes",
            "indicators",
            "budget",
            "rounds",
        ]),
    )?;
    common(r, &map, &mut source);
    let title = r.required_text(&map, "title", "ชื่อโครงการ");
    let responsible = r
        .items(&map, "responsible")
        .into_iter()
        .enumerate()
        .filter_map(|(i, node)| person(r, node, &format!("responsible[{}]", i + 1)))
        .collect();
    let (mut quantitative, mut qualitative) = (Vec::new(), Vec::new());
    if let Some(node) = map.get("targets") {
        match &node.value {
            Value::Map(_) => {
                if let Some(t) = r.map(node, "targets", &["quantitative", "qualitative"]) {
                    quantitative = r.text_list(&t, "quantitative");
                    qualitative = r.text_list(&t, "qualitative");
                }
            }
            _ => quantitative = r.text_list_of(node, "targets"),
        }
    }
    let alignment = r
        .items(&map, "alignment")
        .into_iter()
        .enumerate()
        .filter_map(|(i, node)| {
            let field = format!("alignment[{}]", i + 1);
            if let Value::Scalar { text, .. } = &node.value {
                return Some(Alignment { title: text.clone(), items: Vec::new() });
            }
            let m = r.map(node, &field, &["title", "items"])?;
            Some(Alignment {
                title: r.required_text(&m, "title", "หัวข้อความสอดคล้อง")?, items: r.text_list(&m, "items")
            })
        })
        .collect();
    let indicators = r
        .items(&map, "indicators")
        .into_iter()
        .enumerate()
        .filter_map(|(i, node)| indicator(r, node, &format!("indicators[{}]", i + 1)))
        .collect();
    let (mut approved, mut sources, mut sources_pos) = (None, Vec::new(), map.pos);
    if let Some(node) = map.get("budget") {
        match &node.value {
            Value::Map(_) => {
                if let Some(b) = r.map(node, "budget", &["approved", "sources"]) {
                    approved = r.money(&b, "approved").map(|(v, pos)| At::new(v, pos));
                    if let Some(s) = b.get("sources") {
                        sources_pos = s.pos;
                    }
                    for (i, s) in r.items(&b, "sources").into_iter().enumerate() {
                        let field = format!("budget.sources[{}]", i + 1);
                        let Some(m) = r.map(s, &field, &["name", "amount"]) else { continue };
                        let name = r.required_text(&m, "name", "ชื่อแหล่งงบประมาณ");
                        let amount = r.money(&m, "amount");
                        if amount.is_none() && m.get("amount").is_none() {
                            r.missing(&m, "amount", "จำนวนเงิน");
                        }
                        if let (Some(name), Some((amount, _))) = (name, amount) {
                            sources.push(BudgetSource { name, amount });
                        }
                    }
                }
            }
            // `budget: 100000` is read as the approved amount.
            _ => approved = r.money_of(node, "budget").map(|v| At::new(v, node.pos)),
        }
    }
    let rounds = round_entries(r, &map, &["status", "progress", "spent", "committed", "note", "date"]);
    Some(Project {
        source,
        title: title?,
        responsible,
        objectives: r.text_list(&map, "objectives"),
        targets_quantitative: quantitative,
        targets_qualitative: qualitative,
        alignment,
        outputs: r.text_list(&map, "outputs"),
        outcomes: r.text_list(&map, "outcomes"),
        indicators,
        approved,
        sources,
        sources_pos,
        rounds,
        activities: Vec::new(),
        group: None,
    })
}

/// A responsible person or unit: `{name, position, unit}` with a name or a unit, or a plain
/// text (a name, or a unit such as กก.สป.).
pub(super) fn person(r: &mut Reader<'_>, node: &Node, field: &str) -> Option<Person> {
    if let Value::Scalar { text, .. } = &node.value {
        return Some(Person { name: Some(text.clone()), ..Person::default() });
    }
    let m = r.map(node, field, &["name", "position", "unit"])?;
    let person = Person { name: r.text(&m, "name"), position: r.text(&m, "position"), unit: r.text(&m, "unit") };
    if person.name.is_none() && person.unit.is_none() {
        r.error(m.pos, field, "ต้องมีชื่อผู้รับผิดชอบ (name) หรือหน่วยงานที่รับผิดชอบ (unit) อย่างน้อยหนึ่งอย่าง เช่น {unit: กก.สป.}");
        return None;
    }
    Some(person)
}

fn measure(r: &mut Reader<'_>, node: &Node, field: &str) -> Option<Measure> {
    let text = r.text_of(node, field)?;
    let trimmed = text.trim();
    let numeric = crate::values::digits::to_arabic_digits(trimmed);
    let looks_numeric = !numeric.is_empty() && numeric.chars().all(|c| c.is_ascii_digit() || c == '.' || c == ',');
    match crate::values::money::Baht::parse(trimmed) {
        Ok(b) if looks_numeric => Some(Measure::Number(b.satang())),
        _ => Some(Measure::Text(trimmed.to_string())),
    }
}

fn indicator(r: &mut Reader<'_>, node: &Node, field: &str) -> Option<Indicator> {
    if let Value::Scalar { text, .. } = &node.value {
        return Some(Indicator { name: text.clone(), target: None, unit: None, results: Vec::new() });
    }
    let m = r.map(node, field, &["name", "target", "unit", "results"])?;
    let name = r.required_text(&m, "name", "ชื่อตัวชี้วัด");
    let target = m.get("target").and_then(|n| match &n.value {
        Value::Map(entries) => {
            let list: Vec<(At<String>, Measure)> = entries
                .iter()
                .filter(|(_, v)| v.value != Value::Null)
                .filter_map(|(key, v)| {
                    let field = format!("{}.{}", m.field("target"), key.name);
                    measure(r, v, &field).map(|x| (At::new(key.name.clone(), key.pos), x))
                })
                .collect();
            (!list.is_empty()).then_some(Target::PerRound(list))
        }
        _ => measure(r, n, &m.field("target")).map(Target::Year),
    });
    let mut results = Vec::new();
    if let Some(node) = m.get("results") {
        match &node.value {
            Value::Map(entries) => {
                for (key, value) in entries {
                    if value.value == Value::Null {
                        continue;
                    }
                    if let Some(v) = measure(r, value, &format!("{}.{}", m.field("results"), key.name)) {
                        results.push((At::new(key.name.clone(), key.pos), v));
                    }
                }
            }
            _ => r.error(node.pos, &m.field("results"), "ต้องเป็นผลแยกตามรอบ เช่น {6m: 80, 12m: 100}"),
        }
    }
    Some(Indicator { name: name?, target, unit: r.text(&m, "unit"), results })
}

/// The `rounds:` mapping of a project or an activity.
fn round_entries(r: &mut Reader<'_>, map: &Map<'_>, allowed: &[&str]) -> Vec<RoundEntry> {
    let Some(node) = map.get("rounds") else { return Vec::new() };
    let Value::Map(entries) = &node.value else {
        r.error(node.pos, "rounds", format!("ต้องเป็นข้อมูลแยกตามรอบ เช่น 6m: {{status: done}} แต่พบ{}", node.kind_name()));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (key, value) in entries {
        let field = format!("rounds.{}", key.name);
        let mut entry = RoundEntry { round: At::new(key.name.clone(), key.pos), ..RoundEntry::default() };
        if value.value != Value::Null {
            let Some(m) = r.map(value, &field, allowed) else { continue };
            if let Some(s) = m.get("status") {
                entry.status_pos = Some(s.pos);
                if let Some(text) = r.text_of(s, &m.field("status")) {
                    entry.status = Status::parse(&text);
                    if entry.status.is_none() {
                        let known: Vec<String> =
                            Status::ALL.iter().map(|s| format!("{} ({})", s.id(), s.label())).collect();
                        r.value_error(
                            s,
                            &m.field("status"),
                            format!("ไม่รู้จักสถานะ \"{text}\"; ใช้ได้: {}", known.join(", ")),
                        );
                    }
                }
            }
            entry.date = r.date(&m, "date").map(|(d, pos)| At::new(d, pos));
            entry.spent = r.money(&m, "spent").map(|(b, pos)| At::new(b, pos));
            entry.committed = r.money(&m, "committed").map(|(b, pos)| At::new(b, pos));
            entry.progress = m.get("progress").and_then(|n| percent(r, n, &m.field("progress")));
            entry.note = r.text(&m, "note");
        }
        out.push(entry);
    }
    out
}

/// ร้อยละ 0–100 (up to two decimals, Thai digits, an optional "ร้อยละ" or "%"), in hundredths.
fn percent(r: &mut Reader<'_>, node: &Node, field: &str) -> Option<At<i64>> {
    let text = r.text_of(node, field)?;
    let t = crate::values::digits::to_arabic_digits(text.trim());
    let t = t.trim_start_matches("ร้อยละ").trim_end_matches('%').trim();
    match crate::values::money::Baht::parse(t).map(|b| b.satang()) {
        Ok(h) if h <= 10_000 => Some(At::new(h, node.pos)),
        _ => {
            r.error(node.pos, field, format!("ต้องเป็นร้อยละ ๐ ถึง ๑๐๐ เช่น 60 หรือ 62.5 (พบ \"{text}\")"));
            None
        }
    }
}

/// A group's `_index` file (`type: group`): a folder of projects within a plan.
pub fn group(r: &mut Reader<'_>, front: &Node, mut source: Source) -> Option<Group> {
    let map = r.map(front, "", &fields(&[]))?;
    common(r, &map, &mut source);
    let title = r.required_text(&map, "title", "ชื่อกลุ่ม (เช่น มิติที่ ๑ ...)");
    Some(Group { source, title: title?, parent: None, depth: 0 })
}

/// An activity file.
pub fn activity(r: &mut Reader<'_>, front: &Node, mut source: Source) -> Option<Activity> {
    let map = r.map(front, "", &fields(&["budget", "steps", "rounds"]))?;
    common(r, &map, &mut source);
    let title = r.required_text(&map, "title", "ชื่อกิจกรรม");
    let budget = r.money(&map, "budget").map(|(b, pos)| At::new(b, pos));
    let steps = r.text_list(&map, "steps");
    let rounds = round_entries(r, &map, &["status", "date", "spent", "committed", "note"]);
    Some(Activity { source, title: title?, budget, steps, rounds })
}

/// A round report's narrative (`reports/<round id>.md`).
pub fn narrative(r: &mut Reader<'_>, front: &Node, mut source: Source, round: String) -> Option<Narrative> {
    let map = r.map(front, "", &fields(&["date", "signers"]))?;
    common(r, &map, &mut source);
    let date = r.date(&map, "date").map(|(d, _)| d);
    let signers = signers(r, &map);
    Some(Narrative { source, round, title: r.text(&map, "title"), date, signers })
}

/// `signers:` of a plan or a narrative: `{name, position, role}` each (role optional).
fn signers(r: &mut Reader<'_>, map: &Map<'_>) -> Vec<Signer> {
    let mut out = Vec::new();
    for (i, node) in r.items(map, "signers").into_iter().enumerate() {
        let field = format!("signers[{}]", i + 1);
        let Some(m) = r.map(node, &field, &["name", "position", "role"]) else { continue };
        let name = r.required_text(&m, "name", "ชื่อผู้ลงนาม เช่น นายสมชาย ใจดี");
        let position = r.required_text(&m, "position", "ตำแหน่งของผู้ลงนาม เช่น ผู้อำนวยการกลุ่มอำนวยการ");
        let role = r.text(&m, "role");
        if let (Some(name), Some(position)) = (name, position) {
            out.push(Signer { name, position, role });
        }
    }
    out
}

/// A plain page.
pub fn page(r: &mut Reader<'_>, front: &Node, mut source: Source, is_section: bool) -> Option<Page> {
    let map = r.map(front, "", &fields(&["oit", "date", "documents"]))?;
    common(r, &map, &mut source);
    let title = r.required_text(&map, "title", "ชื่อหน้า (title)");
    let oit = map.get("oit").map(|n| oit_codes(r, n, "oit")).unwrap_or_default();
    let date = r.date(&map, "date").map(|(d, _)| d);
    let mut documents = Vec::new();
    for (i, node) in r.items(&map, "documents").into_iter().enumerate() {
        let field = format!("documents[{}]", i + 1);
        if let Value::Scalar { text, .. } = &node.value {
            documents.push(Document { title: file_name(text), file: At::new(text.clone(), node.pos) });
            continue;
        }
        let Some(m) = r.map(node, &field, &["title", "file"]) else { continue };
        let file = m.get("file").and_then(|n| r.text_of(n, &m.field("file")).map(|t| At::new(t, n.pos)));
        let Some(file) = file else {
            r.missing(&m, "file", "ที่อยู่ไฟล์ใน static/");
            continue;
        };
        let title = r.text(&m, "title").unwrap_or_else(|| file_name(&file.value));
        documents.push(Document { title, file });
    }
    Some(Page { source, title: title?, oit, date, documents, is_section })
}

fn file_name(path: &str) -> String {
    path.rsplit('/').next().unwrap_or(path).to_string()
}
