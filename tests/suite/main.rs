//! The test suite: one binary (one link step), one module per claim area. Tests are named
//! after the claim they check.

mod common;

mod adaptive;
mod after_cosine;
mod batch_size_normalization;
mod book;
mod cli;
mod edge_of_stability;
mod effective_lr;
mod examples;
mod exercises;
mod intuition;
mod logistic;
mod mlp;
mod optimizers;
mod outputs;
mod pytorch;
mod quizzes;
mod range_test;
mod rate_bugs;
mod robustness;
mod scaling;
mod schedules;
mod solutions;
mod teaching;
mod too_high_too_low;
mod training;
mod update_rule;
