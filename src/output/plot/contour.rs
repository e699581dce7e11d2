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

#[cfg(test)]
mod tests {
    use super::*;

    /// The separate curves of one level: its series split at the non-finite breaks.
    fn lines(
        f: impl Fn(f64, f64) -> f64,
        range: (f64, f64),
        level: f64,
        grid: usize,
    ) -> Vec<Vec<(f64, f64)>> {
        let series = contours(f, range, range, &[level], grid);
        assert_eq!(series.len(), 1, "one series per level");
        series[0]
            .points
            .split(|p| !p.0.is_finite())
            .map(|line| line.to_vec())
            .collect()
    }

    fn closed(line: &[(f64, f64)]) -> bool {
        let (a, b) = (line[0], line[line.len() - 1]);
        line.len() > 3 && (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9
    }

    fn circle(x: f64, y: f64) -> f64 {
        x * x + y * y
    }

    // The lattices below have 37 cells a side over [−2, 2], so that no lattice point lies
    // on the traced level (see `a_level_through_lattice_points_is_still_one_closed_line`).

    #[test]
    fn a_circle_is_one_closed_line_within_a_grid_spacing_of_its_radius() {
        let (range, grid) = ((-2.0, 2.0), 37);
        let spacing = (range.1 - range.0) / grid as f64;
        let found = lines(circle, range, 1.0, grid);
        assert_eq!(found.len(), 1, "{found:?}");
        let line = &found[0];
        assert!(closed(line), "from {:?} to {:?}", line[0], line.last());
        for &(x, y) in line {
            let r = (x * x + y * y).sqrt();
            assert!((r - 1.0).abs() < spacing, "({x}, {y}) at radius {r}");
        }
        // A point on every lattice line the circle crosses: about 8 / spacing of them.
        assert!(line.len() > 60, "{} points", line.len());
    }

    #[test]
    fn two_bumps_give_two_closed_lines() {
        // Two bowls, centred at (−1, 0) and (1, 0); level 0.25 is a circle of radius 0.5
        // around each.
        let two_bowls = |x: f64, y: f64| circle(x - 1.0, y).min(circle(x + 1.0, y));
        let mut found = lines(two_bowls, (-2.0, 2.0), 0.25, 37);
        assert_eq!(found.len(), 2, "{found:?}");
        found.sort_by(|a, b| a[0].0.total_cmp(&b[0].0));
        let (left, right) = (&found[0], &found[1]);
        assert!(closed(left) && closed(right));
        assert!(left.iter().all(|p| p.0 < 0.0), "{left:?}");
        assert!(right.iter().all(|p| p.0 > 0.0), "{right:?}");
    }

    #[test]
    fn a_saddle_gives_two_lines_from_edge_to_edge() {
        // x² − y² = 1: a hyperbola, one branch on each side, each leaving the frame at
        // x = ±2 (y = ±√3).
        let mut found = lines(|x, y| x * x - y * y, (-2.0, 2.0), 1.0, 37);
        assert_eq!(found.len(), 2, "{found:?}");
        found.sort_by(|a, b| a[0].0.total_cmp(&b[0].0));
        for (branch, side) in [(&found[0], -1.0), (&found[1], 1.0)] {
            assert!(
                branch.iter().all(|p| p.0 * side >= 1.0),
                "the branch x = {side}·√(1 + y²): {branch:?}"
            );
            let (a, b) = (branch[0], branch[branch.len() - 1]);
            assert_eq!((a.0, b.0), (2.0 * side, 2.0 * side), "ends on the frame");
            assert!(a.1 * b.1 < 0.0, "one end above, one below: {a:?}, {b:?}");
        }
    }

    #[test]
    fn a_level_through_lattice_points_is_still_one_closed_line() {
        // On 40 cells over [−2, 2], the circle passes exactly through lattice points such
        // as (1, 0) and (0.6, 0.8). There the cells' crossings meet at one point computed
        // twice, a rounding apart, and chaining can leave such a pair over: the circle is
        // still one closed line, plus pieces of no length (invisible when drawn).
        let found = lines(circle, (-2.0, 2.0), 1.0, 40);
        let (long, short): (Vec<_>, Vec<_>) = found.iter().partition(|l| l.len() > 2);
        assert_eq!(long.len(), 1);
        assert!(closed(long[0]));
        for piece in short {
            let (a, b) = (piece[0], piece[1]);
            assert!(
                (a.0 - b.0).abs() < 1e-9 && (a.1 - b.1).abs() < 1e-9,
                "{piece:?}"
            );
        }
    }

    /// One cell, corners (0, 0) and (1, 1) at 1 and the other two at −1.
    fn saddle_cell(level: f64) -> Vec<Vec<(f64, f64)>> {
        let (xs, ys) = ([0.0, 1.0], [0.0, 1.0]);
        // values[i][j] is f(xs[i], ys[j]).
        let values = vec![vec![1.0, -1.0], vec![-1.0, 1.0]];
        let mut found = chain(march(&xs, &ys, &values, level));
        for line in &mut found {
            line.sort_by(|a, b| a.0.total_cmp(&b.0));
        }
        found.sort_by(|a, b| a[0].1.total_cmp(&b[0].1));
        found
    }

    #[test]
    fn a_saddle_cell_above_the_level_cuts_off_the_low_corners() {
        // The centre (mean 0) is above −0.5, on the side of the high corners, which stay
        // joined: the two lines cut off the low corners (1, 0) and (0, 1), a quarter of the
        // way along each edge from the low end.
        assert_eq!(
            saddle_cell(-0.5),
            vec![
                vec![(0.75, 0.0), (1.0, 0.25)],
                vec![(0.0, 0.75), (0.25, 1.0)],
            ]
        );
    }

    #[test]
    fn a_saddle_cell_below_the_level_cuts_off_the_high_corners() {
        // The centre is below 0.5: the low corners stay joined and the lines cut off the
        // high corners (0, 0) and (1, 1).
        assert_eq!(
            saddle_cell(0.5),
            vec![
                vec![(0.0, 0.25), (0.25, 0.0)],
                vec![(0.75, 1.0), (1.0, 0.75)],
            ]
        );
    }

    #[test]
    fn a_level_the_function_never_reaches_draws_nothing() {
        let series = contours(circle, (-1.0, 1.0), (-1.0, 1.0), &[5.0, -1.0], 20);
        assert_eq!(series.len(), 2);
        assert!(series.iter().all(|s| s.points.is_empty()));
    }
}
