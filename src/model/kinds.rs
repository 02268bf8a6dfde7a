//! The closed sets of values that content chooses from: statuses, plan kinds, assessed bodies,
//! OIT codes, and measures (a number or free text) with per-round targets.

use super::{At, RoundDef};
use std::fmt;

/// Who is assessed: each kind of body has its own OIT list in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Body {
    /// Government agencies (หน่วยงานภาครัฐ), the default.
    #[default]
    Agency,
    /// Schools under OBEC (สถานศึกษาสังกัด สพฐ.), assessed on their own, shorter list.
    ObecSchool,
}

impl Body {
    /// Every body, in the order they are listed to editors.
    pub const ALL: [Body; 2] = [Body::Agency, Body::ObecSchool];

    /// The id written in `site.yaml` and catalogues.
    pub fn id(self) -> &'static str {
        match self {
            Body::Agency => "agency",
            Body::ObecSchool => "obec-school",
        }
    }

    /// The Thai name.
    pub fn label(self) -> &'static str {
        match self {
            Body::Agency => "หน่วยงานภาครัฐ",
            Body::ObecSchool => "สถานศึกษาสังกัด สพฐ.",
        }
    }

    /// Reads an id or a Thai name.
    pub fn parse(text: &str) -> Option<Body> {
        let t = text.trim();
        let lower = t.to_lowercase().replace([' ', '_'], "-");
        Body::ALL.into_iter().find(|b| b.id() == lower || b.label() == t).or(match lower.as_str() {
            "school" | "obec" | "สถานศึกษา" | "โรงเรียน" => Some(Body::ObecSchool),
            "หน่วยงาน" => Some(Body::Agency),
            _ => None,
        })
    }
}

/// What a plan is, so that every year's OIT catalogue can find its pages by what they are
/// rather than by a number written in content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum PlanKind {
    /// แผนปฏิบัติการป้องกันการทุจริต
    AntiCorruption,
    /// แผนปฏิบัติการ / แผนดำเนินงานและการใช้จ่ายงบประมาณประจำปี
    Operations,
    /// แผนการจัดซื้อจัดจ้าง
    Procurement,
    /// แผนการบริหารและพัฒนาทรัพยากรบุคคล
    Hr,
    /// แผนบริหารจัดการความเสี่ยงการทุจริต
    Risk,
    /// มาตรการส่งเสริมคุณธรรมและความโปร่งใส
    Integrity,
    /// Any other plan (the default).
    #[default]
    Other,
}

impl PlanKind {
    /// Every kind, in the order they are listed to editors.
    pub const ALL: [PlanKind; 7] = [
        PlanKind::AntiCorruption,
        PlanKind::Operations,
        PlanKind::Procurement,
        PlanKind::Hr,
        PlanKind::Risk,
        PlanKind::Integrity,
        PlanKind::Other,
    ];

    /// The id written in content and catalogues.
    pub fn id(self) -> &'static str {
        match self {
            PlanKind::AntiCorruption => "anti-corruption",
            PlanKind::Operations => "operations",
            PlanKind::Procurement => "procurement",
            PlanKind::Hr => "hr",
            PlanKind::Risk => "risk",
            PlanKind::Integrity => "integrity",
            PlanKind::Other => "other",
        }
    }

    /// The Thai name, also accepted as a value.
    pub fn label(self) -> &'static str {
        match self {
            PlanKind::AntiCorruption => "แผนปฏิบัติการป้องกันการทุจริต",
            PlanKind::Operations => "แผนปฏิบัติการ",
            PlanKind::Procurement => "แผนการจัดซื้อจัดจ้าง",
            PlanKind::Hr => "แผนการบริหารและพัฒนาทรัพยากรบุคคล",
            PlanKind::Risk => "แผนบริหารจัดการความเสี่ยงการทุจริต",
            PlanKind::Integrity => "มาตรการส่งเสริมคุณธรรมและความโปร่งใส",
            PlanKind::Other => "อื่น ๆ",
        }
    }

    /// Reads an id or a Thai name (also the common other names of each plan).
    pub fn parse(text: &str) -> Option<PlanKind> {
        let t = text.trim();
        let lower = t.to_lowercase().replace([' ', '_'], "-");
        PlanKind::ALL.into_iter().find(|k| k.id() == lower || k.label() == t).or(match t {
            "แผนดำเนินงาน" | "แผนปฏิบัติราชการ" | "แผนดำเนินงานและการใช้จ่ายงบประมาณประจำปี" | "แผนปฏิบัติการประจำปี" => {
                Some(PlanKind::Operations)
            }
            "แผนการจัดซื้อจัดจ้างหรือแผนการจัดหาพัสดุ" | "แผนการจัดหาพัสดุ" => {
                Some(PlanKind::Procurement)
            }
            "แผนการบริหารทรัพยากรบุคคล" | "แผนพัฒนาบุคลากร" => {
                Some(PlanKind::Hr)
            }
            "แผนบริหารความเสี่ยงการทุจริต" | "แผนบริหารความเสี่ยง" => {
                Some(PlanKind::Risk)
            }
            "มาตรการส่งเสริมคุณธรรมและความโปร่งใสภายในหน่วยงาน" => {
                Some(PlanKind::Integrity)
            }
            "แผนป้องกันการทุจริต" | "แผนปฏิบัติการป้องกันและปราบปรามการทุจริต" => {
                Some(PlanKind::AntiCorruption)
            }
            "อื่นๆ" => Some(PlanKind::Other),
            _ => None,
        })
    }
}

/// An OIT item code such as `O40`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OitCode(pub u32);

impl OitCode {
    /// Reads `O40` or `o40`.
    pub fn parse(text: &str) -> Option<OitCode> {
        let t = crate::values::digits::to_arabic_digits(text.trim());
        let rest = t.strip_prefix('O').or_else(|| t.strip_prefix('o'))?;
        if rest.is_empty() || !rest.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        rest.parse().ok().map(OitCode)
    }
}

impl fmt::Display for OitCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "O{}", self.0)
    }
}

/// The state of an activity at a round.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// ยังไม่ดำเนินการ
    NotStarted,
    /// อยู่ระหว่างดำเนินการ
    InProgress,
    /// ดำเนินการแล้ว
    Done,
    /// ยกเลิก
    Cancelled,
}

impl Status {
    /// Every status, in the order they are listed to editors.
    pub const ALL: [Status; 4] = [Status::Done, Status::InProgress, Status::NotStarted, Status::Cancelled];

    /// The id written in content.
    pub fn id(self) -> &'static str {
        match self {
            Status::NotStarted => "not_started",
            Status::InProgress => "in_progress",
            Status::Done => "done",
            Status::Cancelled => "cancelled",
        }
    }

    /// The Thai label.
    pub fn label(self) -> &'static str {
        match self {
            Status::NotStarted => "ยังไม่ดำเนินการ",
            Status::InProgress => "อยู่ระหว่างดำเนินการ",
            Status::Done => "ดำเนินการแล้ว",
            Status::Cancelled => "ยกเลิก",
        }
    }

    /// Reads an id or a Thai label (also the common spellings of the labels).
    pub fn parse(text: &str) -> Option<Status> {
        let t = text.trim();
        let lower = t.to_lowercase().replace([' ', '-'], "_");
        Status::ALL.into_iter().find(|s| s.id() == lower || s.label() == t).or(match t {
            "อยู่ระหว่างการดำเนินการ" | "กำลังดำเนินการ" => {
                Some(Status::InProgress)
            }
            "ดำเนินการเสร็จแล้ว" | "เสร็จสิ้น" => {
                Some(Status::Done)
            }
            "ยังไม่ได้ดำเนินการ" => Some(Status::NotStarted),
            "ยกเลิกแล้ว" => Some(Status::Cancelled),
            _ => None,
        })
    }

    /// How far along the status is, for "a status that goes back" (cancelled is terminal).
    pub fn progress(self) -> u8 {
        match self {
            Status::NotStarted => 0,
            Status::InProgress => 1,
            Status::Done | Status::Cancelled => 2,
        }
    }
}

/// A number with its text, or free text: indicator targets and results.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Measure {
    /// A number, in hundredths (so that 80.5 compares exactly).
    Number(i64),
    /// Free text such as "เพิ่มขึ้นร้อยละ ๕".
    Text(String),
}

/// An indicator's target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The same target at every round.
    Year(Measure),
    /// A target per round id, as written.
    PerRound(Vec<(At<String>, Measure)>),
}

impl Target {
    /// The target at the round `rounds[index]`: its own, or the last given before it.
    pub fn at(&self, rounds: &[RoundDef], index: usize) -> Option<&Measure> {
        match self {
            Target::Year(m) => Some(m),
            Target::PerRound(list) => rounds[..=index.min(rounds.len().saturating_sub(1))]
                .iter()
                .rev()
                .find_map(|r| list.iter().find(|(id, _)| id.value == r.id).map(|(_, m)| m)),
        }
    }
}
