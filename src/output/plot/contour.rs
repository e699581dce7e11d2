//! Contour lines: marching squares on a lattice, and joining the cells' segments into
//! polylines. Pure functions on points; the result is a grey [`Series`] per level.

use plotters::style::RGBColor;

use super::{Series, Style};

/// Contour lines of `f` over a rectangle: for each level, the curves where f equals it,
/// found by marching squares on a `grid` × `grid` lattice and joined into polylines. Each
/// level becomes one grey series; separate curves are split by a non-finite point, which
/// the renderer treats as a break.
pub fn contours(
    f: impl Fn(f64, f64) -> f64,
    x_range: (f64, f64),
    y_range: (f64, f64),
    levels: &[f64],
    grid: usize,
) -> Vec<Series> {
    let n = grid.max(2);
    let xs: Vec<f64> = (0..=n)
        .map(|i| x_range.0 + (x_range.1 - x_range.0) * i as f64 / n as f64)
        .collect();
    let ys: Vec<f64> = (0..=n)
        .map(|j| y_range.0 + (y_range.1 - y_range.0) * j as f64 / n as f64)
        .collect();
    let values: Vec<Vec<f64>> = xs
        .iter()
        .map(|&x| ys.iter().map(|&y| f(x, y)).collect())
        .collect();
    levels
        .iter()
        .map(|&level| {
            let segments = march(&xs, &ys, &values, level);
            let mut points = Vec::new();
            for line in chain(segments) {
                if !points.is_empty() {
                    points.push((f64::NAN, f64::NAN));
                }
                points.extend(line);
            }
            Series::new(points, RGBColor(190, 190, 190), Style::Line)
        })
        .collect()
}

type Segment = ((f64, f64), (f64, f64));

/// Marching squares: the pieces of the level curve inside each grid cell.
fn march(xs: &[f64], ys: &[f64], v: &[Vec<f64>], level: f64) -> Vec<Segment> {
    let mut segments = Vec::new();
    let cross = |(x0, y0, v0): (f64, f64, f64), (x1, y1, v1): (f64, f64, f64)| {
        let t = (level - v0) / (v1 - v0);
        (x0 + t * (x1 - x0), y0 + t * (y1 - y0))
    };
    for i in 0..xs.len() - 1 {
        for j in 0..ys.len() - 1 {
            // Corners counter-clockwise from the bottom left.
            let c = [
                (xs[i], ys[j], v[i][j]),
                (xs[i + 1], ys[j], v[i + 1][j]),
                (xs[i + 1], ys[j + 1], v[i + 1][j + 1]),
                (xs[i], ys[j + 1], v[i][j + 1]),
            ];
            // The edges whose ends lie on opposite sides of the level.
            let crossings: Vec<(f64, f64)> = (0..4)
                .filter(|&k| (c[k].2 >= level) != (c[(k + 1) % 4].2 >= level))
                .map(|k| cross(c[k], c[(k + 1) % 4]))
                .collect();
            match crossings.len() {
                2 => segments.push((crossings[0], crossings[1])),
                // A saddle cell: pair the crossings so the curve keeps the centre's side.
                4 => {
                    let centre = (c[0].2 + c[1].2 + c[2].2 + c[3].2) / 4.0;
                    // Centre on corner 0's side: corners 0 and 2 connect through the
                    // centre, so the curve cuts off corners 1 and 3.
                    if (centre >= level) == (c[0].2 >= level) {
                        segments.push((crossings[0], crossings[1]));
                        segments.push((crossings[2], crossings[3]));
                    } else {
                        segments.push((crossings[3], crossings[0]));
                        segments.push((crossings[1], crossings[2]));
                    }
                }
                _ => {}
            }
        }
    }
    segments
}

/// Join segments that share end points into polylines.
fn chain(segments: Vec<Segment>) -> Vec<Vec<(f64, f64)>> {
    use std::collections::HashMap;
    let key = |p: (f64, f64)| ((p.0 * 1e9).round() as i64, (p.1 * 1e9).round() as i64);
    let mut at: HashMap<(i64, i64), Vec<usize>> = HashMap::new();
    for (i, (a, b)) in segments.iter().enumerate() {
        at.entry(key(*a)).or_default().push(i);
        at.entry(key(*b)).or_default().push(i);
    }
    let mut used = vec![false; segments.len()];
    let mut lines = Vec::new();
    for start in 0..segments.len() {
        if used[start] {
            continue;
        }
        used[start] = true;
        let (a, b) = segments[start];
        let mut line = std::collections::VecDeque::from([a, b]);
        // Grow the line from both ends until no unused segment touches it.
        for forward in [true, false] {
            loop {
                let end = if forward {
                    *line.back().expect("a line has points")
                } else {
                    line[0]
                };
                let next = at
                    .get(&key(end))
                    .and_then(|ids| ids.iter().copied().find(|&i| !used[i]));
                let Some(i) = next else { break };
                used[i] = true;
                let (p, q) = segments[i];
                let other = if key(p) == key(end) { q } else { p };
                if forward {
                    line.push_back(other);
                } else {
                    line.push_front(other);
                }
            }
        }
        lines.push(line.into_iter().collect());
    }
    lines
}
