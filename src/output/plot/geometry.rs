//! Geometry on points, without plotters: the frame of a chart, cutting a polyline at it,
//! and thinning a long series. Pure functions, tested here with plain numbers.

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
        let start = (gx(ax + t0 * dx), gy(ay + t0 * dy));
        let end = (gx(ax + t1 * dx), gy(ay + t1 * dy));
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
