//! What a value written in content means, with nothing else of the crate: Thai and Arabic
//! digits, exact amounts of money, Buddhist-era dates and the fiscal year, and how each is shown.
//!
//! `digits` ← `money` ← `thai` (dates and the site's numerals): no cycle.

pub mod digits;
pub mod money;
pub mod thai;
