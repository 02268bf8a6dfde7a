//! prongsai (โปร่งใส, "transparent"): a static site generator for the transparency websites of
//! Thai government offices.
//!
//! The pipeline, one folder a stage, data flowing one way:
//!
//! ```text
//! site folder ─[load]→ Site (typed model, with positions) ─[check]→ findings (errors stop)
//!   ─[report]→ figures per round ─[render]→ pages as bytes ─[output]→ public/ (atomic swap)
//!                                           [serve]: watch → load → check → render → memory → HTTP
//! ```
//!
//! - [`values`]: digits, money, dates — what a value in content means (no other module used).
//! - [`diagnostics`]: findings with file, line, column and field, and how an editor reads them.
//! - [`model`]: the content model, plain data (plans, groups, projects, activities, pages, the
//!   settings, OIT catalogues).
//! - [`load`]: the site folder → [`model::Site`]; each file read and parsed once, YAML slips
//!   explained in Thai.
//! - [`oit`]: which pages serve which OIT items, coverage, a new year's list.
//! - [`check`]: the contract's rules on the model.
//! - [`report`]: per round: statuses carried forward, money in the round and to date.
//! - [`links`]: the site's URLs and what a link may point at.
//! - [`walk`]: a folder of the site as it may be published (links only into the site, safe names).
//! - [`render`]: Markdown and Tera templates → pages, open data, feed.
//! - [`output`]: the atomic write of `public/`.
//! - [`mod@build`]: the stages in order ([`load_checked`], [`build()`]); [`serve`] the live preview;
//!   [`init`] a new site.

#![warn(missing_docs)]

pub mod build;
pub mod check;
pub mod diagnostics;
pub mod init;
pub mod links;
pub mod load;
pub mod model;
pub mod oit;
pub mod output;
pub mod render;
pub mod report;
pub mod serve;
pub mod values;
pub mod walk;

pub use build::{build, load_checked, BuildError, BuildSummary, Checked};
