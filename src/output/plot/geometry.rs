//! Geometry on points, without plotters: the frame of a chart, cutting a polyline at it,
//! thinning a long series, and smoothing a noisy one. Pure functions, tested here with plain numbers.

use crate::math;

/// The frame of a chart: the axes' ranges, in data units.
#[derive(Clone, Copy, Debug)]
pub(super) struct Bounds {
    pub(super) x0: f64,
    pub(super) x1: f64,
    pub(super) y0: f64,
    pub(super) y1: f64,
}

impl Bounds {
    /// Whether a point lies in the frame (edges included); non-finite points never do.
    pub(super) fn contains(&self, (x, y): (f64, f64)) -> bool {
        x.is_finite()
            && y.is_finite()
            && x >= self.x0
            && x <= self.x1
            && y >= self.y0
            && y <= self.y1
    }
}

/// Cut a polyline at the frame: returns the pieces that lie inside, with segments that
/// cross the frame clipped at its edge (Liang–Barsky, in the axes' own scale, so a
/// straight segment on a log axis is clipped where it is drawn).
pub(super) fn clip_polyline(
    points: &[(f64, f64)],
    b: Bounds,
    x_log: bool,
    y_log: bool,
) -> Vec<Vec<(f64, f64)>> {
    let fx = |v: f64| if x_log { math::log10(v) } else { v };
    let fy = |v: f64| if y_log { math::log10(v) } else { v };
    let gx = |v: f64| if x_log { math::powf(10.0, v) } else { v };
    let gy = |v: f64| if y_log { math::powf(10.0, v) } else { v };
    let (x0, x1, y0, y1) = (fx(b.x0), fx(b.x1), fy(b.y0), fy(b.y1));
    let mut pieces: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut current: Vec<(f64, f64)> = Vec::new();
    for pair in points.windows(2) {
        let (ax, ay, bx, by) = (fx(pair[0].0), fy(pair[0].1), fx(pair[1].0), fy(pair[1].1));
        if ![ax, ay, bx, by].iter().all(|v| v.is_finite()) {
            if !current.is_empty() {
                pieces.push(std::mem::take(&mut current));
            }
            continue;
        }
        let (dx, dy) = (bx - ax, by - ay);
        let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
        let mut visible = true;
        for (p, q) in [(-dx, ax - x0), (dx, x1 - ax), (-dy, ay - y0), (dy, y1 - ay)] {
            if p == 0.0 {
                if q < 0.0 {
                    visible = false;
                }
            } else {
                let t = q / p;
                if p < 0.0 {
                    t0 = t0.max(t);
                } else {
                    t1 = t1.min(t);
                }
            }
        }
        if !visible || t0 > t1 {
            if !current.is_empty() {
                pieces.push(std::mem::take(&mut current));
            }
            continue;
        }
        // Held inside the frame: with coordinates of very different sizes (1e25 against a
        // frame of 10), the crossing point's rounding error alone can be far outside it,
        // and the renderer's pixel arithmetic would overflow.
        let at = |t: f64| {
            (
                gx((ax + t * dx).clamp(x0, x1)),
                gy((ay + t * dy).clamp(y0, y1)),
            )
        };
        let (start, end) = (at(t0), at(t1));
        if current.is_empty() || t0 > 0.0 {
            if !current.is_empty() {
                pieces.push(std::mem::take(&mut current));
            }
            current.push(start);
        }
        current.push(end);
        if t1 < 1.0 {
            pieces.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        pieces.push(current);
    }
    pieces
}

/// A figure never needs more points per series than this; longer series keep their
/// first half exactly and are thinned evenly after it, so a million-step run still gives
/// a small SVG.
const MAX_POINTS: usize = 4000;

pub(super) fn thin(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
    thin_to(points, MAX_POINTS)
}

/// At most about `max` points: the first half kept exactly, the rest evenly thinned, the
/// last point always kept.
pub fn thin_to(points: &[(f64, f64)], max: usize) -> Vec<(f64, f64)> {
    let max = max.max(4);
    if points.len() <= max {
        return points.to_vec();
    }
    let head = max / 2;
    let stride = (points.len() - head).div_ceil(max - head);
    let mut kept: Vec<(f64, f64)> = points[..head].to_vec();
    kept.extend(points[head..].iter().step_by(stride));
    if kept.last() != points.last() {
        kept.push(*points.last().expect("a long series has a last point"));
    }
    kept
}

/// The mean over the `window` values ending at each index (fewer at the start): it uses no
/// value after the one it is drawn at, so runs that start at the same point are drawn
/// starting there. It lags the data by about half a window.
pub fn trailing_mean(values: &[f64], window: usize) -> Vec<f64> {
    let window = window.max(1);
    (0..values.len())
        .map(|i| {
            let span = &values[(i + 1).saturating_sub(window)..=i];
            span.iter().sum::<f64>() / span.len() as f64
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The unit square.
    const SQUARE: Bounds = Bounds {
        x0: 0.0,
        x1: 1.0,
        y0: 0.0,
        y1: 1.0,
    };

    fn clip(points: &[(f64, f64)]) -> Vec<Vec<(f64, f64)>> {
        clip_polyline(points, SQUARE, false, false)
    }

    #[test]
    fn a_line_inside_the_frame_is_one_piece_unchanged() {
        // Numbers exact in binary: each end is recomputed as a + t·(b − a) with t = 1, which
        // can move a point like 0.2 by one ulp.
        let line = [(0.125, 0.125), (0.5, 0.875), (0.875, 0.25)];
        assert_eq!(clip(&line), vec![line.to_vec()]);
    }

    #[test]
    fn a_line_that_leaves_and_comes_back_is_cut_where_it_crosses_the_edge() {
        // Right along y = 0.5 out through the right edge, down outside the frame, and back
        // in along y = 0.25.
        let line = [(0.5, 0.5), (1.5, 0.5), (1.5, 0.25), (0.5, 0.25)];
        assert_eq!(
            clip(&line),
            vec![vec![(0.5, 0.5), (1.0, 0.5)], vec![(1.0, 0.25), (0.5, 0.25)]]
        );
    }

    #[test]
    fn a_segment_across_the_whole_frame_is_cut_at_both_edges() {
        assert_eq!(
            clip(&[(-1.0, 0.5), (2.0, 0.5)]),
            vec![vec![(0.0, 0.5), (1.0, 0.5)]]
        );
        assert_eq!(
            clip(&[(0.5, 3.0), (0.5, -1.0)]),
            vec![vec![(0.5, 1.0), (0.5, 0.0)]]
        );
    }

    #[test]
    fn a_line_entirely_outside_gives_nothing() {
        assert!(clip(&[(2.0, 2.0), (3.0, 3.0), (2.0, 5.0)]).is_empty());
        assert!(clip(&[(-1.0, -1.0), (-1.0, 2.0), (-2.0, 0.5)]).is_empty());
        // Within the frame's x range and within its y range, yet never inside: the
        // diagonal x + y = 3 passes beyond the corner (1, 1).
        assert!(clip(&[(3.0, 0.0), (0.0, 3.0)]).is_empty());
    }

    #[test]
    fn a_crossing_computed_from_huge_coordinates_stays_in_the_frame() {
        // A diverging run in a frame 9 high: gradient descent at η = 0.9 on
        // 0.1·x² + 2·y² from (1e24, 5) shrinks x by 0.82 and multiplies y by −2.6 per step.
        // Once y is near 1e25, a crossing point's rounding error alone (about 1e9) would
        // land far outside the frame.
        let frame = Bounds {
            x0: -5.5,
            x1: 1.1e24,
            y0: -3.0,
            y1: 6.0,
        };
        let line: Vec<(f64, f64)> = (0..80)
            .map(|k| (1e24 * 0.82f64.powi(k), 5.0 * (-2.6f64).powi(k)))
            .collect();
        let pieces = clip_polyline(&line, frame, false, false);
        assert!(!pieces.is_empty());
        for p in pieces.iter().flatten() {
            assert!(frame.contains(*p), "{p:?} lies outside the frame");
        }
    }

    #[test]
    fn a_non_finite_point_breaks_the_line() {
        let line = [
            (0.1, 0.1),
            (0.2, 0.2),
            (f64::NAN, f64::NAN),
            (0.3, 0.3),
            (0.4, 0.4),
        ];
        assert_eq!(
            clip(&line),
            vec![vec![(0.1, 0.1), (0.2, 0.2)], vec![(0.3, 0.3), (0.4, 0.4)]]
        );
    }

    #[test]
    fn on_a_log_axis_a_segment_is_cut_where_it_is_drawn() {
        // x from 0.1 to 1000 on a log axis framed 1 … 100: the cuts are at the frame's
        // edges, and y (linear) is cut in proportion to log x, not to x.
        let frame = Bounds {
            x0: 1.0,
            x1: 100.0,
            y0: 0.0,
            y1: 10.0,
        };
        let pieces = clip_polyline(&[(0.1, 0.0), (1000.0, 8.0)], frame, true, false);
        assert_eq!(pieces.len(), 1);
        let [(xa, ya), (xb, yb)] = pieces[0][..] else {
            panic!("expected one segment, got {pieces:?}");
        };
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12 * b.abs().max(1.0);
        assert!(close(xa, 1.0) && close(ya, 2.0), "start ({xa}, {ya})");
        assert!(close(xb, 100.0) && close(yb, 6.0), "end ({xb}, {yb})");
    }

    #[test]
    fn the_frame_contains_its_edges_but_no_non_finite_point() {
        assert!(SQUARE.contains((0.0, 1.0)));
        assert!(SQUARE.contains((0.5, 0.5)));
        assert!(!SQUARE.contains((1.5, 0.5)));
        assert!(!SQUARE.contains((f64::NAN, 0.5)));
        assert!(!SQUARE.contains((0.5, f64::INFINITY)));
    }

    fn ramp(n: usize) -> Vec<(f64, f64)> {
        (0..n).map(|i| (i as f64, i as f64)).collect()
    }

    #[test]
    fn a_short_series_is_not_thinned() {
        assert_eq!(thin_to(&ramp(600), 600), ramp(600));
        assert_eq!(thin_to(&[], 10), Vec::<(f64, f64)>::new());
    }

    #[test]
    fn thinning_keeps_the_first_and_last_points_and_about_max_points() {
        for n in [601, 1000, 1001, 4321, 100_000] {
            for max in [4, 10, 600] {
                let points = ramp(n);
                let kept = thin_to(&points, max);
                assert_eq!(kept.first(), points.first(), "n = {n}, max = {max}");
                assert_eq!(kept.last(), points.last(), "n = {n}, max = {max}");
                // At most `max` (the first half exact, the rest evenly spaced), plus the
                // last point when the stride misses it; at least the first half and the
                // last point.
                assert!(
                    kept.len() <= max + 1,
                    "n = {n}, max = {max}: {}",
                    kept.len()
                );
                assert!(kept.len() > max / 2, "n = {n}, max = {max}: {}", kept.len());
                // Still in order: thinning only drops points.
                assert!(kept.windows(2).all(|w| w[0].0 < w[1].0));
            }
        }
        // The extra point: 1001 points to 10 keeps 0 … 4, then 5, 205, 405, 605, 805 and
        // the last, 1000.
        let xs: Vec<f64> = thin_to(&ramp(1001), 10).iter().map(|p| p.0).collect();
        assert_eq!(
            xs,
            [
                0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 205.0, 405.0, 605.0, 805.0, 1000.0
            ]
        );
    }

    #[test]
    fn thinning_keeps_the_first_half_exactly_so_an_early_spike_survives() {
        // A diverging run's blow-up or a schedule's restart early in a long series.
        let mut points = vec![(0.0, 1.0); 10_000];
        for (i, p) in points.iter_mut().enumerate() {
            p.0 = i as f64;
        }
        points[1234].1 = 1e6;
        let kept = thin_to(&points, 4000);
        assert!(kept.len() <= 4001);
        assert_eq!(kept[..2000], points[..2000]);
        assert!(kept.contains(&(1234.0, 1e6)));
    }

    #[test]
    fn thinning_keeps_a_spike_at_the_end() {
        // Where a diverged run stopped.
        let mut points = ramp(10_000);
        points[9_999].1 = 1e300;
        assert_eq!(thin_to(&points, 600).last(), Some(&(9_999.0, 1e300)));
    }

    #[test]
    fn trailing_mean_averages_the_window_ending_at_each_value() {
        let m = trailing_mean(&[4.0, 2.0, 6.0, 0.0], 2);
        assert_eq!(m, vec![4.0, 3.0, 4.0, 3.0]);
        assert_eq!(trailing_mean(&[1.0, 3.0], 0), vec![1.0, 3.0]);
        assert!(trailing_mean(&[], 5).is_empty());
    }
}
