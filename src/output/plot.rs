//! SVG figures: a small description of a chart ([`Chart`]) and one renderer for all of them,
//! so every figure in the book shares its fonts, colours, axes and clipping rules.
//!
//! Rendering uses plotters' SVG backend without system fonts: text is written as
//! `font-family="sans-serif"` and laid out by the viewer, and the same input always gives
//! the same bytes.

use plotters::coord::Shift;
use plotters::coord::ranged1d::{Ranged, ValueFormatter};
use plotters::element::DashedPathElement;
use plotters::prelude::*;

use crate::math;
use crate::output::table::num;

/// Colours that stay distinct for readers with colour-vision deficiencies (Okabe–Ito).
pub const PALETTE: [RGBColor; 7] = [
    RGBColor(0, 114, 178),   // blue
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(230, 159, 0),   // orange
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(0, 0, 0),       // black
];

/// The learning rates of the book's interactive sliders: a log grid through the values
/// where the behaviour changes (0.5: one step; 1: the limit on the parabola).
pub const SLIDER_LRS: &[f64] = &[
    0.01, 0.02, 0.05, 0.1, 0.2, 0.35, 0.5, 0.7, 0.9, 0.95, 1.0, 1.05, 1.1,
];

/// The grey of reference curves (a loss surface, a predicted law).
pub const GREY: RGBColor = RGBColor(150, 150, 150);

/// The colour of series `i`.
pub fn color(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scale {
    Linear,
    Log,
}

/// How a series is drawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Line,
    Dots,
    LineDots,
    /// A dashed line (predictions and reference laws).
    Dashed,
    /// A dotted line (short dashes).
    Dotted,
    /// Crosses (runs that diverged).
    Crosses,
}

/// One set of points on a chart.
#[derive(Clone, Debug)]
pub struct Series {
    pub label: Option<String>,
    pub points: Vec<(f64, f64)>,
    pub color: RGBColor,
    pub style: Style,
    /// Draw a cross on the last point: where a diverged run stopped.
    pub cross_at_end: bool,
    /// Draw a ring around the last point: where a run ended.
    pub ring_at_end: bool,
}

impl Series {
    pub fn new(points: Vec<(f64, f64)>, color: RGBColor, style: Style) -> Self {
        Series {
            label: None,
            points,
            color,
            style,
            cross_at_end: false,
            ring_at_end: false,
        }
    }

    pub fn ring_at_end(mut self, yes: bool) -> Self {
        self.ring_at_end = yes;
        self
    }

    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    pub fn cross_at_end(mut self, yes: bool) -> Self {
        self.cross_at_end = yes;
        self
    }
}

/// Where the legend goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Legend {
    UpperRight,
    MiddleRight,
    UpperLeft,
    LowerRight,
    LowerLeft,
    None,
}

/// A chart: axes, series and vertical reference lines.
#[derive(Clone, Debug)]
pub struct Chart {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub x_scale: Scale,
    pub y_scale: Scale,
    pub x_range: Option<(f64, f64)>,
    pub y_range: Option<(f64, f64)>,
    pub series: Vec<Series>,
    /// Vertical lines at x, with a legend label (e.g. a theoretical threshold).
    pub vlines: Vec<(f64, String, RGBColor)>,
    pub legend: Legend,
}

impl Chart {
    pub fn new(
        title: impl Into<String>,
        x_label: impl Into<String>,
        y_label: impl Into<String>,
    ) -> Self {
        Chart {
            title: title.into(),
            x_label: x_label.into(),
            y_label: y_label.into(),
            x_scale: Scale::Linear,
            y_scale: Scale::Linear,
            x_range: None,
            y_range: None,
            series: Vec::new(),
            vlines: Vec::new(),
            legend: Legend::UpperRight,
        }
    }

    pub fn log_x(mut self) -> Self {
        self.x_scale = Scale::Log;
        self
    }

    pub fn log_y(mut self) -> Self {
        self.y_scale = Scale::Log;
        self
    }

    pub fn x_range(mut self, lo: f64, hi: f64) -> Self {
        self.x_range = Some((lo, hi));
        self
    }

    pub fn y_range(mut self, lo: f64, hi: f64) -> Self {
        self.y_range = Some((lo, hi));
        self
    }

    pub fn legend(mut self, legend: Legend) -> Self {
        self.legend = legend;
        self
    }

    pub fn series(mut self, series: Series) -> Self {
        self.series.push(series);
        self
    }

    pub fn vline(mut self, x: f64, label: impl Into<String>, color: RGBColor) -> Self {
        self.vlines.push((x, label.into(), color));
        self
    }

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

#[derive(Clone, Copy)]
struct Bounds {
    x0: f64,
    x1: f64,
    y0: f64,
    y1: f64,
}

impl Bounds {
    fn contains(&self, (x, y): (f64, f64)) -> bool {
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
fn clip_polyline(
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

fn thin(points: &[(f64, f64)]) -> Vec<(f64, f64)> {
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

/// The usual loss-curve chart: loss against step on a log scale, one line per run,
/// a cross where a run diverged. Zero losses (an exact landing on the minimum) cannot be
/// drawn on a log axis and are left out.
pub fn loss_curves(title: &str, runs: &[crate::train::Run]) -> Chart {
    // Every other run is dashed or dotted, drawn over the solid ones, so runs whose
    // curves coincide (η = 0.1 and 0.9 on the parabola) both stay visible.
    const STYLES: [Style; 4] = [Style::Line, Style::Dashed, Style::Line, Style::Dotted];
    let mut chart = Chart::new(title, "step", "loss (log scale)").log_y();
    for (i, run) in runs.iter().enumerate() {
        let points = run
            .history
            .iter()
            .map(|r| (r.step as f64, r.loss))
            .collect();
        chart = chart.series(
            Series::new(points, color(i), STYLES[i % STYLES.len()])
                .label(&run.label)
                .cross_at_end(run.outcome.diverged()),
        );
    }
    chart
}

/// The walk of a one-parameter run drawn on its loss curve: the curve in grey, the
/// iterates as dots joined in order.
///
/// `y_range` fixes the vertical axis (default: the curve's range over `x_range`); parts
/// of the walk outside the frame are cut at its edge.
pub fn walk_on_curve(
    title: &str,
    curve: impl Fn(f64) -> f64,
    x_range: (f64, f64),
    y_range: Option<(f64, f64)>,
    run: &crate::train::Run,
    color: RGBColor,
) -> Chart {
    let n = 200;
    let curve_points = (0..=n)
        .map(|i| {
            let x = x_range.0 + (x_range.1 - x_range.0) * i as f64 / n as f64;
            (x, curve(x))
        })
        .collect::<Vec<_>>();
    let y_max = curve_points
        .iter()
        .map(|p| p.1)
        .fold(f64::NEG_INFINITY, f64::max);
    let y_min = curve_points
        .iter()
        .map(|p| p.1)
        .fold(f64::INFINITY, f64::min);
    let pad = 0.05 * (y_max - y_min);
    let (y0, y1) = y_range.unwrap_or((y_min - pad, y_max + pad));
    let walk = run.history.iter().map(|r| (r.params[0], r.loss)).collect();
    Chart::new(title, "x", "L(x)")
        .x_range(x_range.0, x_range.1)
        .y_range(y0, y1)
        .legend(Legend::None)
        .series(Series::new(curve_points, GREY, Style::Line))
        .series(Series::new(walk, color, Style::LineDots))
}

/// The first parameter of each run against the step: where one-parameter walkers go.
pub fn positions(title: &str, runs: &[crate::train::Run], y_range: (f64, f64)) -> Chart {
    let mut chart = Chart::new(title, "step", "x")
        .y_range(y_range.0, y_range.1)
        .legend(Legend::LowerRight);
    for (i, run) in runs.iter().enumerate() {
        let points = run
            .history
            .iter()
            .map(|r| (r.step as f64, r.params[0]))
            .collect();
        chart = chart.series(Series::new(points, color(i), Style::Line).label(&run.label));
    }
    chart
}

/// Final loss against the learning rate on log–log axes, diverged runs as crosses along
/// the top of the frame, and the theoretical threshold as a dashed vertical line.
pub fn sweep_chart(
    title: &str,
    runs: &[crate::train::Run],
    threshold: f64,
    threshold_name: &str,
) -> Chart {
    let lr = |r: &crate::train::Run| r.history.first().map_or(f64::NAN, |h| h.lr);
    let finished: Vec<(f64, f64)> = runs
        .iter()
        .filter(|r| !r.outcome.diverged())
        .map(|r| (lr(r), r.final_loss()))
        .collect();
    let lo = finished
        .iter()
        .map(|p| p.1)
        .filter(|v| *v > 0.0)
        .fold(f64::INFINITY, f64::min);
    let hi = finished
        .iter()
        .map(|p| p.1)
        .fold(f64::NEG_INFINITY, f64::max);
    let (y0, y1) = if lo.is_finite() && hi.is_finite() {
        (lo / 10.0, hi * 1000.0)
    } else {
        (1e-6, 1e6)
    };
    let top = y1 / 3.0;
    let diverged: Vec<(f64, f64)> = runs
        .iter()
        .filter(|r| r.outcome.diverged())
        .map(|r| (lr(r), top))
        .collect();
    let mut chart = Chart::new(
        title,
        "learning rate η (log scale)",
        "loss after the last step (log scale)",
    )
    .log_x()
    .log_y()
    .y_range(y0, y1)
    .legend(Legend::LowerLeft)
    .vline(
        threshold,
        format!("{threshold_name} = {}", num(threshold)),
        PALETTE[1],
    )
    .series(Series::new(finished, PALETTE[0], Style::LineDots).label("finished runs"));
    if !diverged.is_empty() {
        chart = chart.series(
            Series::new(diverged, PALETTE[1], Style::Crosses).label("diverged (drawn at the top)"),
        );
    }
    chart
}

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

/// Optimizer paths over the contour lines of a two-parameter loss: the start, each
/// iterate as a dot, a cross where a run diverged, colours from `first_color` on.
pub fn paths_over_contours(
    title: &str,
    f: impl Fn(f64, f64) -> f64,
    x_range: (f64, f64),
    y_range: (f64, f64),
    levels: &[f64],
    runs: &[crate::train::Run],
    first_color: usize,
) -> Chart {
    let mut chart = Chart::new(title, "x1", "x2")
        .x_range(x_range.0, x_range.1)
        .y_range(y_range.0, y_range.1)
        .legend(Legend::LowerRight);
    for level in contours(f, x_range, y_range, levels, 120) {
        chart = chart.series(level);
    }
    for (i, run) in runs.iter().enumerate() {
        let points: Vec<(f64, f64)> = run
            .history
            .iter()
            .map(|r| (r.params[0], r.params[1]))
            .collect();
        // Dots show the steps of a short run; a long one is a line, thinned.
        let style = if points.len() <= 100 {
            Style::LineDots
        } else {
            Style::Line
        };
        let points = thin_to(&points, 600);
        chart = chart.series(
            Series::new(points, color(first_color + i), style)
                .label(&run.label)
                .cross_at_end(run.outcome.diverged())
                .ring_at_end(!run.outcome.diverged()),
        );
    }
    chart
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
