//! The output machinery: command-line flags, printed reports and tables, CSV, SVG figures,
//! and the book's quizzes. The core (problems, optimizers, schedules, the training loop,
//! the analysis) never imports anything from here.

pub mod flags;
pub mod optimizers;
pub mod plot;
pub mod quiz;
pub mod report;
pub mod table;
