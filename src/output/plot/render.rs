//! Drawing a [`Chart`] with plotters: its axes (ranges, ticks, labels), its series clipped
//! at the frame, the legend, and [`grid`] of several charts. Every axis range goes through
//! [`drawable`] first, so no input makes plotters loop or panic.

use plotters::coord::Shift;
use plotters::coord::ranged1d::{Ranged, ValueFormatter};
use plotters::element::DashedPathElement;
use plotters::prelude::*;

use super::geometry::{Bounds, clip_polyline, thin};
use super::{Chart, Legend, Scale, Style};
use crate::math;
use crate::output::table::num;

impl Chart {
    /// The chart alone, as an SVG document of the given size in pixels.
    pub fn render(&self, size: (u32, u32)) -> String {
        let mut svg = String::new();
        {
            let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
            root.fill(&WHITE)
                .expect("drawing into a String cannot fail");
            draw(&root, self).expect("drawing into a String cannot fail");
            root.present().expect("drawing into a String cannot fail");
        }
        svg
    }

    fn bounds(
        &self,
        scale: Scale,
        fixed: Option<(f64, f64)>,
        pick: fn(&(f64, f64)) -> f64,
        extra: &[f64],
    ) -> (f64, f64) {
        if let Some(r) = fixed {
            return drawable(scale, r);
        }
        // Values beyond what an axis can show are held at its edge (and drawn outside the
        // frame), so the padding below stays finite.
        let values = self
            .series
            .iter()
            .flat_map(|s| s.points.iter().map(pick))
            .chain(extra.iter().copied())
            .filter(|v| v.is_finite() && (scale == Scale::Linear || *v > 0.0))
            .map(|v| match scale {
                Scale::Linear => v.clamp(-LINEAR_LIMIT, LINEAR_LIMIT),
                Scale::Log => v.clamp(1.0 / LOG_LIMIT, LOG_LIMIT),
            });
        let (lo, hi) = values.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        if !lo.is_finite() {
            return if scale == Scale::Log {
                (0.1, 10.0)
            } else {
                (0.0, 1.0)
            };
        }
        let padded = match scale {
            Scale::Linear => {
                let pad = if hi > lo {
                    0.05 * (hi - lo)
                } else {
                    0.5_f64.max(lo.abs() * 0.1)
                };
                (lo - pad, hi + pad)
            }
            Scale::Log => {
                let (l, h) = (math::log10(lo), math::log10(hi));
                let pad = if h > l { 0.05 * (h - l) } else { 0.5 };
                (math::powf(10.0, l - pad), math::powf(10.0, h + pad))
            }
        };
        drawable(scale, padded)
    }
}

/// The largest size a linear axis reaches.
const LINEAR_LIMIT: f64 = 1e300;
/// A log axis stays within [1/LOG_LIMIT, LOG_LIMIT] and spans at most `LOG_DECADES`.
const LOG_LIMIT: f64 = 1e300;
const LOG_DECADES: f64 = 300.0;

/// An axis range plotters can draw: its tick code (`LogCoord::key_points`, the linear
/// key points) loops forever on an infinite end, a log axis starting at 0 or spanning more
/// than a double's range, or a linear axis narrower than subnormal numbers resolve. Ranges
/// that are already drawable, every figure of the book among them, come back unchanged;
/// others are held within [`LINEAR_LIMIT`] or [`LOG_LIMIT`] and [`LOG_DECADES`], and given
/// a width.
fn drawable(scale: Scale, (lo, hi): (f64, f64)) -> (f64, f64) {
    match scale {
        Scale::Linear => {
            let limit = 1.1 * LINEAR_LIMIT;
            let fix = |v: f64| {
                if v.is_nan() {
                    0.0
                } else {
                    v.clamp(-limit, limit)
                }
            };
            let (lo, hi) = (fix(lo), fix(hi));
            let (lo, hi) = (lo.min(hi), lo.max(hi));
            let min_width = 1e-200_f64.max(1e-12 * lo.abs().max(hi.abs()));
            if hi - lo >= min_width {
                (lo, hi)
            } else {
                let mid = lo / 2.0 + hi / 2.0;
                (mid - min_width, mid + min_width)
            }
        }
        Scale::Log => {
            let ok = |v: f64| v.is_finite() && v > 0.0;
            if ok(lo)
                && ok(hi)
                && lo >= 0.1 / LOG_LIMIT
                && hi <= 10.0 * LOG_LIMIT
                && hi > lo
                && hi / lo <= math::powf(10.0, LOG_DECADES)
            {
                return (lo, hi);
            }
            let exponent = |v: f64, default: f64| {
                if v.is_nan() || v <= 0.0 {
                    default
                } else {
                    math::log10(v).clamp(-LOG_DECADES, LOG_DECADES)
                }
            };
            let l = exponent(lo, -LOG_DECADES);
            let h = exponent(hi, LOG_DECADES);
            let (l, h) = (l.min(h), l.max(h));
            let (l, h) = if h - l < 1e-9 {
                (l - 0.5, h + 0.5)
            } else {
                (l.max(h - LOG_DECADES), h)
            };
            (math::powf(10.0, l), math::powf(10.0, h))
        }
    }
}

/// Several charts side by side under one title, `columns` per row.
pub fn grid(title: &str, charts: &[Chart], columns: usize, panel: (u32, u32)) -> String {
    let columns = columns.max(1);
    let rows = charts.len().div_ceil(columns).max(1);
    let title_height = 40;
    let size = (
        panel.0 * columns as u32,
        panel.1 * rows as u32 + title_height,
    );
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        root.fill(&WHITE)
            .expect("drawing into a String cannot fail");
        let body = root
            .titled(title, ("sans-serif", 20))
            .expect("drawing into a String cannot fail");
        for (area, chart) in body.split_evenly((rows, columns)).iter().zip(charts) {
            draw(area, chart).expect("drawing into a String cannot fail");
        }
        root.present().expect("drawing into a String cannot fail");
    }
    svg
}

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

fn draw<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, chart: &Chart) -> DrawResult<DB> {
    let vline_xs: Vec<f64> = chart.vlines.iter().map(|v| v.0).collect();
    let (x0, x1) = chart.bounds(chart.x_scale, chart.x_range, |p| p.0, &vline_xs);
    let (y0, y1) = chart.bounds(chart.y_scale, chart.y_range, |p| p.1, &[]);
    let mut builder = ChartBuilder::on(area);
    builder
        .caption(&chart.title, ("sans-serif", 17))
        .margin(10)
        .margin_right(30)
        .x_label_area_size(48)
        .y_label_area_size(72);
    let bounds = Bounds { x0, x1, y0, y1 };
    match (chart.x_scale, chart.y_scale) {
        (Scale::Linear, Scale::Linear) => {
            draw_in(builder.build_cartesian_2d(x0..x1, y0..y1)?, chart, bounds)
        }
        (Scale::Linear, Scale::Log) => draw_in(
            builder.build_cartesian_2d(x0..x1, (y0..y1).log_scale())?,
            chart,
            bounds,
        ),
        (Scale::Log, Scale::Linear) => draw_in(
            builder.build_cartesian_2d((x0..x1).log_scale(), y0..y1)?,
            chart,
            bounds,
        ),
        (Scale::Log, Scale::Log) => draw_in(
            builder.build_cartesian_2d((x0..x1).log_scale(), (y0..y1).log_scale())?,
            chart,
            bounds,
        ),
    }
}

/// Tick labels: a log axis that reaches beyond 0.001 … 10000 writes every power of ten as
/// `1eN`, so one axis never mixes `10000` with `1e6`; other axes use [`num`].
fn tick(v: f64, log: bool, scientific: bool) -> String {
    // On a linear axis a tick computed as 0.1 − 0.1 can come out as −3.5e-18: it is 0.
    if !log && v.abs() < 1e-12 {
        return "0".into();
    }
    if scientific && v > 0.0 {
        let e = math::log10(v);
        if (e - e.round()).abs() < 1e-9 {
            return format!("1e{}", e.round() as i32);
        }
    }
    num(v)
}

fn draw_in<'a, DB, X, Y>(
    mut ctx: ChartContext<'a, DB, Cartesian2d<X, Y>>,
    chart: &Chart,
    b: Bounds,
) -> DrawResult<DB>
where
    DB: DrawingBackend + 'a,
    X: Ranged<ValueType = f64> + ValueFormatter<f64>,
    Y: Ranged<ValueType = f64> + ValueFormatter<f64>,
{
    let wide = |lo: f64, hi: f64| lo < 1e-3 || hi > 1e4;
    let x_sci = chart.x_scale == Scale::Log && wide(b.x0, b.x1);
    let y_sci = chart.y_scale == Scale::Log && wide(b.y0, b.y1);
    let x_log = chart.x_scale == Scale::Log;
    let y_log = chart.y_scale == Scale::Log;
    let x_fmt = |v: &f64| tick(*v, x_log, x_sci);
    let y_fmt = |v: &f64| tick(*v, y_log, y_sci);
    ctx.configure_mesh()
        .x_desc(chart.x_label.as_str())
        .y_desc(chart.y_label.as_str())
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .x_labels(8)
        .y_labels(8)
        .label_style(("sans-serif", 14))
        .axis_desc_style(("sans-serif", 15))
        .bold_line_style(RGBColor(225, 225, 225))
        .light_line_style(TRANSPARENT)
        .draw()?;

    let mut has_legend = false;
    for (x, label, color) in &chart.vlines {
        let style = color.stroke_width(2);
        let line = DashedLineSeries::new(vec![(*x, b.y0), (*x, b.y1)], 8, 5, style);
        let anno = ctx.draw_series(line)?;
        if !label.is_empty() {
            has_legend = true;
            let c = *color;
            anno.label(label.as_str()).legend(move |(lx, ly)| {
                DashedPathElement::new(vec![(lx, ly), (lx + 20, ly)], 6, 4, c.stroke_width(2))
            });
        }
    }

    for s in &chart.series {
        let color = s.color;
        let line_style = color.stroke_width(2);
        let points = thin(&s.points);
        let pieces = clip_polyline(
            &points,
            b,
            chart.x_scale == Scale::Log,
            chart.y_scale == Scale::Log,
        );
        let inside: Vec<(f64, f64)> = points.iter().copied().filter(|&p| b.contains(p)).collect();
        // An empty series carries the legend entry, so a series whose points all lie
        // outside the frame is still named.
        let anno = ctx.draw_series(LineSeries::new(Vec::<(f64, f64)>::new(), line_style))?;
        if let Some(label) = &s.label {
            has_legend = true;
            let style = s.style;
            anno.label(label.as_str())
                .legend(move |(lx, ly)| match style {
                    Style::Dots => Circle::new((lx + 10, ly), 4, color.filled()).into_dyn(),
                    Style::Crosses => {
                        Cross::new((lx + 10, ly), 5, color.stroke_width(2)).into_dyn()
                    }
                    Style::Dashed | Style::Dotted => {
                        let (dash, gap) = if style == Style::Dashed {
                            (6, 4)
                        } else {
                            (2, 3)
                        };
                        DashedPathElement::new(
                            vec![(lx, ly), (lx + 20, ly)],
                            dash,
                            gap,
                            color.stroke_width(2),
                        )
                        .into_dyn()
                    }
                    _ => PathElement::new(vec![(lx, ly), (lx + 20, ly)], color.stroke_width(2))
                        .into_dyn(),
                });
        }
        match s.style {
            Style::Line | Style::LineDots => {
                for piece in &pieces {
                    ctx.draw_series(LineSeries::new(piece.iter().copied(), line_style))?;
                }
            }
            Style::Dashed | Style::Dotted => {
                let (dash, gap) = if s.style == Style::Dashed {
                    (8, 5)
                } else {
                    (3, 5)
                };
                for piece in &pieces {
                    ctx.draw_series(DashedLineSeries::new(
                        piece.iter().copied(),
                        dash,
                        gap,
                        line_style,
                    ))?;
                }
            }
            Style::Dots | Style::Crosses => {}
        }
        match s.style {
            Style::Dots | Style::LineDots => {
                ctx.draw_series(inside.iter().map(|&p| Circle::new(p, 3, color.filled())))?;
            }
            Style::Crosses => {
                ctx.draw_series(
                    inside
                        .iter()
                        .map(|&p| Cross::new(p, 5, color.stroke_width(2))),
                )?;
            }
            _ => {}
        }
        if s.ring_at_end
            && let Some(&p) = s.points.last()
            && b.contains(p)
        {
            ctx.draw_series(std::iter::once(Circle::new(p, 7, color.stroke_width(2))))?;
        }
        if s.cross_at_end
            && let Some(&p) = s.points.last()
            && b.contains(p)
        {
            ctx.draw_series(std::iter::once(Cross::new(p, 7, color.stroke_width(3))))?;
        }
    }

    if has_legend && chart.legend != Legend::None {
        let position = match chart.legend {
            Legend::UpperLeft => SeriesLabelPosition::UpperLeft,
            Legend::MiddleRight => SeriesLabelPosition::MiddleRight,
            Legend::LowerRight => SeriesLabelPosition::LowerRight,
            Legend::LowerLeft => SeriesLabelPosition::LowerLeft,
            _ => SeriesLabelPosition::UpperRight,
        };
        ctx.configure_series_labels()
            .position(position)
            .label_font(("sans-serif", 14))
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(180, 180, 180))
            .draw()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::plot::{PALETTE, Series};

    /// Render in a thread and fail, rather than hang the suite, if plotters loops.
    fn renders_in_time(chart: Chart) {
        let (done, finished) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let svg = chart.render((400, 300));
            let _ = done.send(svg.len());
        });
        let result = finished.recv_timeout(std::time::Duration::from_secs(10));
        assert!(result.is_ok(), "rendering did not finish");
    }

    #[test]
    fn values_near_the_limits_of_a_double_still_draw() {
        let extremes = [
            vec![(0.0, 1.0), (1.0, 1e308)],
            vec![(0.0, 1e-320), (1.0, 5e-324)],
            vec![(0.0, f64::MAX), (1.0, f64::MAX)],
            vec![(0.0, 1.7e308)],
            vec![(1e-300, 1.0), (10.0, 2.0)],
            vec![(5e-324, 1.0), (1e308, 2.0)],
            vec![(-f64::MAX, -f64::MAX), (f64::MAX, f64::MAX)],
            vec![(0.0, 0.0), (1.0, 5e-324)],
            vec![(1e300, 1e300), (1e300, 1e300 * (1.0 + 1e-15))],
        ];
        for points in extremes {
            for (x_log, y_log) in [(false, false), (false, true), (true, false), (true, true)] {
                let mut chart = Chart::new("t", "x", "y")
                    .series(Series::new(points.clone(), PALETTE[0], Style::LineDots))
                    .vline(points[0].0, "v", PALETTE[1]);
                if x_log {
                    chart = chart.log_x();
                }
                if y_log {
                    chart = chart.log_y();
                }
                renders_in_time(chart);
            }
        }
        for (lo, hi) in [
            (0.0, f64::INFINITY),
            (f64::NAN, 1.0),
            (1.0, 1.0),
            (5e-324, 1e308),
            (2.0, 1.0),
        ] {
            renders_in_time(Chart::new("t", "x", "y").x_range(lo, hi).y_range(lo, hi));
            renders_in_time(
                Chart::new("t", "x", "y")
                    .log_x()
                    .log_y()
                    .x_range(lo, hi)
                    .y_range(lo, hi),
            );
        }
    }

    #[test]
    fn drawable_ranges_are_left_alone() {
        for r in [(0.0, 800.0), (-300.0, 1100.0), (4.0, 11.0), (1.2, 1.5)] {
            assert_eq!(drawable(Scale::Linear, r), r);
        }
        for r in [(1e-17, 1e4), (1e-8, 1e7), (0.1, 1e14), (1e-3, 1e9)] {
            assert_eq!(drawable(Scale::Log, r), r);
        }
    }

    /// Whether plotters can draw an axis over `(lo, hi)`: finite, ordered and wide enough;
    /// on a log axis positive, within the limits and at most `LOG_DECADES` decades.
    fn assert_drawable(scale: Scale, given: (f64, f64)) {
        let (lo, hi) = drawable(scale, given);
        let shown = format!("{scale:?} {given:?} gave ({lo:e}, {hi:e})");
        assert!(lo.is_finite() && hi.is_finite(), "{shown}");
        assert!(lo < hi, "{shown}");
        match scale {
            Scale::Linear => {
                assert!(hi - lo >= 1e-12 * lo.abs().max(hi.abs()), "{shown}");
                // Held near `LINEAR_LIMIT`, far from overflowing when ticks are computed.
                assert!(lo.abs().max(hi.abs()) <= 1.2 * LINEAR_LIMIT, "{shown}");
            }
            Scale::Log => {
                assert!(lo > 0.0, "{shown}");
                assert!(lo >= 0.1 / LOG_LIMIT && hi <= 10.0 * LOG_LIMIT, "{shown}");
                let decades = math::log10(hi) - math::log10(lo);
                assert!(decades > 0.0 && decades <= LOG_DECADES + 1e-9, "{shown}");
            }
        }
    }

    #[test]
    fn drawable_mends_every_hostile_range() {
        let (inf, nan) = (f64::INFINITY, f64::NAN);
        let hostile = [
            (1e-320, 1e308),
            (5e-324, f64::MAX),
            (-f64::MAX, f64::MAX),
            (0.0, 1.0),
            (-1.0, 1.0),
            (nan, 1.0),
            (1.0, nan),
            (nan, nan),
            (1.0, 1.0),
            (0.0, 0.0),
            (1e300, 1e300),
            (5e-324, 5e-324),
            (2.0, 1.0),
            (0.0, inf),
            (-inf, inf),
            (inf, inf),
            (-inf, -inf),
            (1.0, -inf),
        ];
        for range in hostile {
            assert_drawable(Scale::Linear, range);
            assert_drawable(Scale::Log, range);
        }
    }

    #[test]
    fn drawable_mends_a_range_in_the_obvious_way() {
        // Reversed ends are swapped; a missing end is 0 on a linear axis.
        assert_eq!(drawable(Scale::Linear, (2.0, 1.0)), (1.0, 2.0));
        assert_eq!(drawable(Scale::Linear, (f64::NAN, 1.0)), (0.0, 1.0));
        // Equal ends are given a width around them.
        assert_eq!(
            drawable(Scale::Linear, (1.0, 1.0)),
            (1.0 - 1e-12, 1.0 + 1e-12)
        );
        // On a log axis equal ends become the decade around them; an end at 0 or beyond
        // a double's range is held to `LOG_DECADES` decades below the other end.
        let (lo, hi) = drawable(Scale::Log, (10.0, 10.0));
        assert!((lo - math::powf(10.0, 0.5)).abs() < 1e-12, "{lo}");
        assert!((hi - math::powf(10.0, 1.5)).abs() < 1e-12, "{hi}");
        assert_eq!(drawable(Scale::Log, (0.0, 10.0)), (1e-299, 10.0));
        assert_eq!(drawable(Scale::Log, (1e-320, 1e8)), (1e-292, 1e8));
    }

    #[test]
    fn tick_labels() {
        // A linear tick computed as 0.1 − 0.1 may come out a rounding away from 0.
        assert_eq!(tick(-3.5e-18, false, false), "0");
        // A wide log axis writes its powers of ten as 1eN.
        assert_eq!(tick(1e6, true, true), "1e6");
        assert_eq!(tick(1e-5, true, true), "1e-5");
    }
}
