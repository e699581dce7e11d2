//! A learning-rate sweep in two passes: a coarse geometric grid, then finer rates where the
//! coarse grid cannot tell the best rate from the stability edge (above the best rate and
//! above the largest rate that did not diverge).

use crate::math;

/// One rate's outcome: (η, final loss, or None if the run diverged).
pub type Point = (f64, Option<f64>);

/// The best rate and its loss: the lowest final loss among rates that did not diverge.
pub fn best(points: &[Point]) -> Option<(f64, f64)> {
    points
        .iter()
        .filter_map(|&(lr, loss)| loss.map(|l| (lr, l)))
        .min_by(|a, b| a.1.total_cmp(&b.1))
}

/// The largest rate that did not diverge.
pub fn largest_stable(points: &[Point]) -> Option<f64> {
    points
        .iter()
        .filter(|p| p.1.is_some())
        .map(|p| p.0)
        .max_by(f64::total_cmp)
}

/// The rates to add to a coarse grid whose neighbours differ by the factor `ratio`: the
/// steps ratio^(j/`parts`) above the best rate and above the largest stable rate
/// (j = 1 … parts − 1), and one step below the best (j = −1, to see that it is a minimum at
/// the finer resolution too), leaving out rates the grid already has. Sorted; empty if no
/// rate was stable.
pub fn refinement(points: &[Point], ratio: f64, parts: u32) -> Vec<f64> {
    let (Some((b, _)), Some(s)) = (best(points), largest_stable(points)) else {
        return Vec::new();
    };
    let step = |from: f64, j: i32| from * math::powf(ratio, j as f64 / parts as f64);
    let n = parts as i32;
    let mut rates: Vec<f64> = (1..n).flat_map(|j| [step(b, j), step(s, j)]).collect();
    rates.push(step(b, -1));
    let known = |r: f64, list: &[f64]| list.iter().any(|&x| (x / r - 1.0).abs() < 1e-9);
    let coarse: Vec<f64> = points.iter().map(|p| p.0).collect();
    rates.sort_by(f64::total_cmp);
    let mut out: Vec<f64> = Vec::new();
    for r in rates {
        if !known(r, &coarse) && !known(r, &out) {
            out.push(r);
        }
    }
    out
}

/// `f` applied to every item, each on its own thread, the results in the items' order:
/// independent sweeps (one per width, one per optimizer) finish in the time of the longest
/// on a machine with enough cores, and print the same output as one after another.
pub fn in_parallel<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    std::thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> = items
            .iter()
            .map(|item| scope.spawn(move || f(item)))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}
