//! OIT catalogues as data: one assessment's list of items, in groups (the indicators), each
//! with what serves it. Read by [`crate::load::catalog`]; used by [`crate::oit`].

use super::{Body, OitCode, PlanKind};

/// One assessment's list of OIT items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Catalog {
    /// The assessment's title.
    pub title: String,
    /// The ITA year (B.E.) the list is for, when the file says.
    pub year: Option<i32>,
    /// Who is assessed with this list.
    pub body: Body,
    /// Where the list comes from, as the file says.
    pub source: Option<String>,
    /// Groups (indicators) of items, in order.
    pub groups: Vec<ItemGroup>,
}

/// A group of items (an indicator).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemGroup {
    /// Title, e.g. ตัวชี้วัดที่ ๙.๑ ข้อมูลพื้นฐาน.
    pub title: String,
    /// Items in order.
    pub items: Vec<Item>,
}

/// One OIT item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Code such as O1.
    pub code: OitCode,
    /// The official title; `None` while it is not known.
    pub title: Option<String>,
    /// What the assessor expects to find.
    pub detail: Option<String>,
    /// Whether the code and title were confirmed for this year.
    pub verified: bool,
    /// Where the item was seen.
    pub source: Option<String>,
    /// A remark of the catalogue's authors.
    pub note: Option<String>,
    /// The generated pages that serve the item.
    pub serves: Vec<Serves>,
    /// Where the agency publishes the item outside this site (`url:` in a site's own list): the
    /// item then counts as served, at that address.
    pub url: Option<String>,
}

impl Item {
    /// The title, or a placeholder that says it is not known yet.
    pub fn title_or_unknown(&self) -> String {
        self.title.clone().unwrap_or_else(|| "(ยังไม่ทราบชื่อข้อ)".to_string())
    }
}

/// A generated page that serves an item: a plan page or a round report of the plan of one kind,
/// or a page of a procurement register.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Serves {
    /// A page of the procurement register (`{procurement: register}` or `{procurement: annual}`);
    /// when set, `kind` is [`PlanKind::Procurement`] and `round` is `None`.
    pub register: Option<RegisterPage>,
    /// The plan's `kind`.
    pub kind: PlanKind,
    /// The round of the report; `None`: the plan page itself.
    pub round: Option<String>,
    /// Whether it is the plan of the fiscal year before the ITA year (annual results are
    /// assessed a year late).
    pub previous_year: bool,
}

impl Catalog {
    /// All items in order.
    pub fn items(&self) -> impl Iterator<Item = &Item> {
        self.groups.iter().flat_map(|g| g.items.iter())
    }

    /// The item with this code.
    pub fn item(&self, code: OitCode) -> Option<&Item> {
        self.items().find(|i| i.code == code)
    }

    /// The item with this code, to change it.
    pub fn item_mut(&mut self, code: OitCode) -> Option<&mut Item> {
        self.groups.iter_mut().flat_map(|g| g.items.iter_mut()).find(|i| i.code == code)
    }
}

/// The page of a procurement register that serves an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegisterPage {
    /// The register's own page (the year's monthly summaries).
    Register,
    /// The annual report (published once the year is complete).
    Annual,
}

impl RegisterPage {
    /// The value written in a catalogue.
    pub fn id(self) -> &'static str {
        match self {
            RegisterPage::Register => "register",
            RegisterPage::Annual => "annual",
        }
    }
}
