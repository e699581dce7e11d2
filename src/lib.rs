//! # stepsize
//!
//! The library behind *stepsize*, a book about the learning rate that you can run.
//! Every chapter of the book has an example binary (`cargo run --example NAME`) written
//! with the pieces below; the book shows the example's printed output and figures, and the
//! tests lock them.
//!
//! One concept per module, in the order the book introduces them:
//!
//! | module | concept | first chapter |
//! |---|---|---|
//! | [`problem`] | a loss with its exact gradient | intuition |
//! | [`parabola`], [`valleys`] | one-dimensional losses | intuition |
//! | [`optimizer`] | the update rule (gradient descent) | intuition |
//! | [`train`] | the training loop, its history and divergence | intuition |
//! | [`data`] | the house-price data and a seeded synthetic generator | the update rule |
//! | [`linear_regression`] | mean squared error of a linear model | the update rule |
//! | [`gradcheck`] | finite-difference checks of a gradient | the update rule |
//! | [`stability`] | the largest stable learning rate, 2/λ_max | too high, too low |
//! | [`cli`], [`report`], [`table`], [`plot`] | flags, printed tables, CSV, SVG figures | every chapter |

pub mod adagrad;
pub mod adam;
pub mod cli;
pub mod clip;
pub mod data;
pub mod gradcheck;
pub mod linear_regression;
pub mod logistic;
pub mod minibatch;
pub mod mlp;
pub mod moons;
pub mod optimizer;
pub mod optimizers;
pub mod parabola;
pub mod plot;
pub mod problem;
pub mod quadratic;
pub mod quiz;
pub mod range_test;
pub mod report;
pub mod rmsprop;
pub mod rosenbrock;
pub mod schedule;
pub mod sgd;
pub mod sharpness;
pub mod stability;
pub mod standardize;
pub mod table;
pub mod train;
pub mod valleys;
