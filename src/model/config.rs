//! The settings of `site.yaml`, as read: the agency, its address, its numerals, its ITA year and
//! list, its theme and its reporting rounds.

use super::{At, Body};
use std::path::PathBuf;

/// The file name of the settings, in the site folder.
pub const SETTINGS_FILE: &str = "site.yaml";

/// The settings of `site.yaml`.
#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    /// The agency's name.
    pub title: String,
    /// The bodies the agency belongs to, shown under its name.
    pub parents: Vec<String>,
    /// A short description of the site, for search engines.
    pub description: Option<String>,
    /// The public address, always ending in `/` (`https://example.go.th/ita/`).
    pub base_url: String,
    /// Digits used in every page.
    pub numerals: crate::values::thai::Numerals,
    /// The ITA assessment year whose OIT catalogue the site follows (`None`: the newest fiscal
    /// year in content).
    pub ita_year: Option<At<i32>>,
    /// Which list of that year: the agencies' or the OBEC schools'.
    pub ita_body: At<Body>,
    /// A catalogue file of the site's own, relative to the site folder.
    pub oit_catalog: Option<At<String>>,
    /// The theme folder under `themes/` whose templates override the built-in ones.
    pub theme: Option<At<String>>,
    /// How to reach the agency.
    pub contact: Contact,
    /// The reporting rounds of a fiscal year, in order.
    pub rounds: Vec<RoundDef>,
    /// Whether raw HTML written in Markdown is published as is (off by default: it is shown
    /// as text, so that nobody can put a script on the agency's site by accident).
    pub allow_html: bool,
    /// Whether round reports are printed to PDF (`pdf:`): when a browser is found (default),
    /// always (a missing browser is an error), or never.
    pub pdf: At<PdfMode>,
    /// Whether the site has `/search/` and its index (`search:`, on by default; a very large
    /// site may turn it off to build faster).
    pub search: bool,
}

/// Whether a build prints each round report to `report.pdf`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PdfMode {
    /// When a Chromium-family browser is found; otherwise the build says so once and goes on.
    #[default]
    Auto,
    /// Always: a build without a browser fails.
    Required,
    /// Never.
    Off,
}

impl SiteConfig {
    /// The path part of `base_url`, always starting and ending with `/` (`/ita/`).
    pub fn base_path(&self) -> String {
        let after_scheme = self.base_url.split_once("://").map(|(_, r)| r).unwrap_or(&self.base_url);
        match after_scheme.find('/') {
            Some(i) => after_scheme[i..].to_string(),
            None => "/".to_string(),
        }
    }

    /// The round with this id.
    pub fn round(&self, id: &str) -> Option<&RoundDef> {
        self.rounds.iter().find(|r| r.id == id)
    }
}

/// The theme folders of a site, in the order they override the built-in theme: the site's
/// own `themes/default/` (overriding a built-in template needs no `theme:` key), then the theme
/// named in `site.yaml`.
pub fn theme_dirs(root: &std::path::Path, theme: Option<&str>) -> Vec<PathBuf> {
    let mut dirs = vec![root.join("themes").join("default")];
    if let Some(t) = theme.filter(|t| *t != "default") {
        dirs.push(root.join("themes").join(t));
    }
    dirs
}

/// Contact details of the agency.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Contact {
    /// Postal address.
    pub address: Option<String>,
    /// Telephone.
    pub phone: Option<String>,
    /// E-mail.
    pub email: Option<String>,
    /// Website or social page.
    pub website: Option<String>,
}

/// One reporting round of the fiscal year.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoundDef {
    /// The id used in content (`6m`).
    pub id: String,
    /// The name shown (`รอบ ๖ เดือน`).
    pub name: String,
    /// The month and day the round ends (`03-31`).
    pub end_month: i8,
    /// See `end_month`.
    pub end_day: i8,
}

/// The default rounds: 6, 9 and 12 months of the fiscal year.
pub fn default_rounds() -> Vec<RoundDef> {
    vec![
        RoundDef { id: "6m".into(), name: "รอบ ๖ เดือน".into(), end_month: 3, end_day: 31 },
        RoundDef { id: "9m".into(), name: "รอบ ๙ เดือน".into(), end_month: 6, end_day: 30 },
        RoundDef { id: "12m".into(), name: "รอบ ๑๒ เดือน".into(), end_month: 9, end_day: 30 },
    ]
}
