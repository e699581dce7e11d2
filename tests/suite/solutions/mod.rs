//! The tested solutions: one module per chapter page (book/NAME.md ↔ solutions/NAME.rs).
//! Each exercise's answer is a test named after what the solution states; the folded
//! solution blocks include code from these tests by ANCHOR
//! (`{{#include ../tests/suite/solutions/NAME.rs:ANCHOR}}`).

mod adaptive;
mod after_cosine;
mod batch_normalization;
mod edge_of_stability;
mod effective_lr;
mod intuition;
mod lr_finder;
mod rate_bugs;
mod scaling;
mod schedules;
mod too_high_too_low;
mod update_rule;
