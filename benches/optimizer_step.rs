//! Time per step of each optimizer on a vector of four million parameters: the cost that
//! the adaptive-optimizers chapter quotes. Run with `cargo bench --bench optimizer_step`.
//! (A plain timing loop, not a test: timings vary by machine and are never snapshotted.)

use std::time::Instant;

use ndarray::Array1;
use stepsize::output::optimizers::{self, Settings};

fn main() {
    let n = 4_000_000;
    let grad = Array1::from_shape_fn(n, |i| ((i % 97) as f64 - 48.0) * 1e-3);
    println!("time per step on {n} parameters (release profile, best of 5 runs of 10 steps)");
    println!(
        "{:<10} {:>12} {:>14} {:>12}",
        "optimizer", "ms per step", "ns per param", "state bytes"
    );
    for name in [
        "sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw",
    ] {
        let mut params = Array1::<f64>::zeros(n);
        let mut opt =
            optimizers::build(name, 1e-3, &Settings::default()).expect("defaults are valid");
        opt.step(params.view_mut(), grad.view()); // allocate the state outside the timing
        let mut best = f64::INFINITY;
        for _ in 0..5 {
            let start = Instant::now();
            for _ in 0..10 {
                opt.step(params.view_mut(), grad.view());
            }
            best = best.min(start.elapsed().as_secs_f64() / 10.0);
        }
        println!(
            "{:<10} {:>12.2} {:>14.2} {:>12}",
            name,
            best * 1e3,
            best * 1e9 / n as f64,
            8 * opt.state_per_param()
        );
    }
}
