//! # stepsize
//!
//! The library behind *stepsize*, a book about the learning rate that you can run.
//! Every chapter of the book has an example binary (`cargo run --example NAME`) written
//! with the pieces below; the book shows the example's printed output and figures, and the
//! tests lock them.
//!
//! The tree is the architecture. The core is five folders and the configuration error,
//! which know nothing of the command line or of figures; [`output`] turns their results
//! into what a reader sees, and nothing in the core imports it.
//!
//! | module | what it holds | chapters |
//! |---|---|---|
//! | [`problems`] | [`problems::Problem`] (a loss with its exact gradient); parabola, three valleys, quadratics, Rosenbrock, linear and logistic regression, a small network; data sets, mini-batches, standardization | every chapter (6 batch size and normalization: mini-batches, standardization, logistic regression) |
//! | [`optim`] | [`optim::Optimizer`] and PyTorch's optimizers, one file each: gradient descent, SGD (momentum, Nesterov), Adagrad, RMSprop, Adam/AdamW; gradient clipping | 1 intuition, 5 adaptive, 7 finding a rate |
//! | [`schedule`] | [`schedule::Schedule`] and PyTorch's learning-rate schedulers, one file per family (step, exponential, linear, polynomial, cosine, cyclic, one-cycle, inverse square root, plateau, sequential) | 4 schedules |
//! | [`train`] | the one training loop ([`train::Training`]: schedule, reduce-on-plateau, observers), its history, budget and divergence rule | every chapter |
//! | [`config`] | [`ConfigError`], the one error of the core: a setting out of range, named as PyTorch names it | every chapter |
//! | [`analysis`] | the stable edge 2/λ_max, sharpness, the range test, gradient checks | 2 update rule, 3 too high, 7 finding a rate, 8 edge of stability |
//! | [`math`] | elementary functions through `libm`, the same bits on every platform | every chapter |
//! | [`numfmt`] | the one number format of tables, labels and messages | every chapter |
//! | [`output`] | flags, printed reports and tables, CSV, SVG figures, quizzes, optimizers and schedules by name | every example |

pub mod analysis;
pub mod config;
pub mod math;
pub mod numfmt;
pub mod optim;
pub mod output;
pub mod problems;
pub mod schedule;
pub mod train;

pub use config::ConfigError;
