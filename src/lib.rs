//! prongsai (โปร่งใส, "transparent"): a static site generator for the transparency websites of
//! Thai government offices.
//!
//! The pipeline, one module a stage:
//! [`content`] (load) → [`validate`] (the contract's rules) → [`report`] (rounds, budgets) →
//! [`render`] (HTML) → [`output`] (write `public/` atomically). [`build`] runs them in order.

pub mod config;
pub mod content;
pub mod diagnostics;
pub mod fields;
pub mod model;
pub mod money;
pub mod thai;
pub mod yaml;
