//! prongsai (โปร่งใส, "transparent"): a static site generator for the transparency websites of
//! Thai government offices.
//!
//! The pipeline, one module a stage:
//! [`content`] (load) → [`validate`] (the contract's rules) → [`report`] (rounds, budgets) →
//! [`render`] (HTML) → [`output`] (write `public/` atomically). [`build`] runs them in order.

#![warn(missing_docs)]

pub mod build;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod fields;
pub mod init;
pub mod links;
pub mod model;
pub mod money;
pub mod oit;
pub mod output;
pub mod render;
pub mod report;
pub mod search;
pub mod serve;
pub mod thai;
pub mod validate;
pub mod yaml;
