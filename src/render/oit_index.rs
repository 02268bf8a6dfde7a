//! The views of the OIT index: its page, the URL list for the assessment system (CSV) and JSON.

use super::views::{d, Views};
use crate::model::*;
use serde_json::{json, Value};

impl Views<'_, '_> {
    fn oit_rows(&self) -> (Vec<Value>, Vec<Value>) {
        let servings = &self.r.tables.servings;
        let served = |code: OitCode| -> Vec<Value> {
            servings
                .iter()
                .filter(|s| s.code == code)
                .map(|s| match &s.url {
                    Some(url) => {
                        json!({"title": s.title, "path": null, "date": d(s.date), "url": url, "external": true})
                    }
                    None => json!({"title": s.title, "path": s.path, "date": d(s.date), "url": self.absolute(&s.path)}),
                })
                .collect()
        };
        let groups: Vec<Value> = match &self.site.catalog {
            Some(c) => c
                .groups
                .iter()
                .map(|g| {
                    let items: Vec<Value> = g
                        .items
                        .iter()
                        .map(|i| {
                            json!({
                                "code": i.code.to_string(),
                                "title": i.title_or_unknown(),
                                "title_known": i.title.is_some(),
                                "verified": i.verified,
                                "detail": i.detail,
                                "pages": served(i.code),
                            })
                        })
                        .collect();
                    json!({"title": g.title, "items": items})
                })
                .collect(),
            None => Vec::new(),
        };
        // Codes served by pages but absent from the catalogue (or all of them, without one).
        let mut extra: Vec<OitCode> = servings
            .iter()
            .map(|s| s.code)
            .filter(|c| self.site.catalog.as_ref().is_none_or(|cat| cat.item(*c).is_none()))
            .collect();
        extra.sort();
        extra.dedup();
        let extra: Vec<Value> = extra
            .into_iter()
            .map(|c| json!({"code": c.to_string(), "title": "", "detail": null, "pages": served(c)}))
            .collect();
        (groups, extra)
    }

    /// The absolute URL of a site path, from `base_url`.
    pub(super) fn absolute(&self, path: &str) -> String {
        format!("{}{}", self.site.config.base_url, crate::links::percent_encode(path))
    }

    /// The OIT index page. The public page lists only the items served (by a page or a `url`);
    /// the preview (`serve`) shows every item, the gaps and how sure the list is.
    pub fn oit(&self) -> Value {
        let (mut groups, extra) = self.oit_rows();
        let has_pages = |i: &Value| i["pages"].as_array().is_some_and(|p| !p.is_empty());
        let total: usize = groups.iter().map(|g| g["items"].as_array().map_or(0, |a| a.len())).sum();
        let served: usize =
            groups.iter().flat_map(|g| g["items"].as_array().cloned().unwrap_or_default()).filter(has_pages).count();
        if !self.r.preview {
            public_only(&mut groups);
        }
        let confidence = match (&self.site.catalog, self.r.preview) {
            (Some(c), true) => Some(crate::oit::confidence_line(c, self.site.config.oit_catalog.is_none())),
            _ => None,
        };
        let intro = self.site.pages.iter().find(|p| p.is_section && p.source.path == "oit/");
        json!({
            "page": {
                "title": self.r.tables.titles.get("oit/"),
                "body_html": intro.map(|p| self.body(&p.source, "oit/")).unwrap_or_default(),
            },
            "catalog": self.site.catalog.as_ref().map(|c| json!({
                "title": c.title,
                "year": c.year,
                "body": c.body.label(),
                "unverified": c.items().filter(|i| !i.verified).count(),
            })),
            "ita_year": self.site.ita_year,
            "groups": groups,
            "extra": extra,
            "total": total,
            "served": served,
            "missing": total - served,
            "preview": self.r.preview,
            "confidence": confidence,
        })
    }

    pub fn oit_csv(&self) -> Vec<u8> {
        let (groups, extra) = self.oit_rows();
        super::open_data::excel_csv(|w| {
            let _ = w.write_record(["code", "title", "url", "page_title"]);
            let items = groups.iter().flat_map(|g| g["items"].as_array().cloned().unwrap_or_default()).chain(extra);
            for item in items {
                let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
                let (code, title) = (text(&item["code"]), text(&item["title"]));
                let pages = item["pages"].as_array().cloned().unwrap_or_default();
                // The public list holds served items only; the preview shows the gaps too.
                if pages.is_empty() && self.r.preview {
                    let _ = w.write_record([code.as_str(), title.as_str(), "", ""]);
                }
                for p in pages {
                    let _ = w.write_record([code.clone(), title.clone(), text(&p["url"]), text(&p["title"])]);
                }
            }
        })
    }

    pub fn oit_json(&self) -> Vec<u8> {
        let (mut groups, extra) = self.oit_rows();
        if !self.r.preview {
            public_only(&mut groups);
        }
        let mut v = json!({
            "site": self.site.config.title,
            "base_url": self.site.config.base_url,
            "catalog": self.site.catalog.as_ref().map(|c| json!({"title": c.title, "ita_year": c.year, "body": c.body.id()})),
            "groups": groups,
            "other_items": extra,
        });
        super::url_paths(&mut v);
        serde_json::to_vec_pretty(&v).unwrap_or_default()
    }
}

/// The groups of items as the public sees them: the items served (by a page or a `url`) only, and
/// the groups that still hold some.
fn public_only(groups: &mut Vec<Value>) {
    let has_pages = |i: &Value| i["pages"].as_array().is_some_and(|p| !p.is_empty());
    for g in groups.iter_mut() {
        if let Some(items) = g["items"].as_array_mut() {
            items.retain(has_pages);
        }
    }
    groups.retain(|g| g["items"].as_array().is_some_and(|i| !i.is_empty()));
}
