//! The problems the book optimizes: losses with exact gradients, their data sets and
//! mini-batches. [`Problem`] is the one interface an optimizer sees.

pub mod data;
pub mod linear_regression;
pub mod logistic;
pub mod minibatch;
pub mod mlp;
pub mod moons;
pub mod mup;
pub mod norm_net;
pub mod parabola;
pub mod piecewise;
pub mod plumbing;
pub mod quadratic;
pub mod river;
pub mod rosenbrock;
pub mod standardize;
pub mod valleys;

use ndarray::{Array1, ArrayView1};

/// A differentiable loss L(θ) over a parameter vector θ.
///
/// Every problem in the book gives its gradient in closed form, so an experiment never
/// mixes up "the optimizer misbehaved" with "the gradient was approximate".
pub trait Problem {
    /// One name per parameter, used as CSV column headers and table captions.
    fn param_names(&self) -> Vec<String>;

    /// L(θ).
    fn loss(&self, params: ArrayView1<f64>) -> f64;

    /// ∇L(θ), exactly.
    fn gradient(&self, params: ArrayView1<f64>) -> Array1<f64>;

    /// L(θ) and ∇L(θ) together. The training loop needs both at every step; a problem whose
    /// two computations share work (a network's forward pass) overrides this to do it once.
    fn loss_and_gradient(&self, params: ArrayView1<f64>) -> (f64, Array1<f64>) {
        (self.loss(params), self.gradient(params))
    }
}
