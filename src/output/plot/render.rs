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
            draw(&root, self, font_for(size.0)).expect("drawing into a String cannot fail");
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

/// The width a figure is shown at on a 390-px phone, in CSS pixels (measured in Chromium:
/// the page's text column).
const PHONE_WIDTH: f64 = 350.0;
/// The smallest text a reader should meet on that phone, in CSS pixels.
const MIN_TEXT_PX: f64 = 9.0;
/// Plotters writes 1/1.24 of the font size it is given into the SVG.
const PLOTTERS_FONT_RATIO: f64 = 1.24;

/// The font size (in plotters' units) for a figure `width` pixels wide: its text stays at
/// [`MIN_TEXT_PX`] or more when the figure is scaled to [`PHONE_WIDTH`].
pub(super) fn font_for(width: u32) -> f64 {
    // Rounded up: plotters writes whole font sizes, dropping the fraction.
    (MIN_TEXT_PX * PLOTTERS_FONT_RATIO * width as f64 / PHONE_WIDTH)
        .ceil()
        .max(14.0)
}

/// Several charts side by side under one title, `columns` per row.
pub fn grid(title: &str, charts: &[Chart], columns: usize, panel: (u32, u32)) -> String {
    let columns = columns.max(1);
    let rows = charts.len().div_ceil(columns).max(1);
    let font = font_for(panel.0 * columns as u32);
    let title_font = 1.1 * font;
    let title_height = (title_font / PLOTTERS_FONT_RATIO * 1.6) as u32 + 6;
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
            .titled(title, ("sans-serif", title_font))
            .expect("drawing into a String cannot fail");
        for (area, chart) in body.split_evenly((rows, columns)).iter().zip(charts) {
            draw(area, chart, font).expect("drawing into a String cannot fail");
        }
        root.present().expect("drawing into a String cannot fail");
    }
    svg
}

type DrawResult<DB, T = ()> = Result<T, DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// A legend entry: its label and what its sample looks like.
#[derive(Clone, Debug)]
struct Entry {
    label: String,
    color: RGBColor,
    style: Style,
    /// The series carries markers (it would be hidden, or too short to see, without).
    marked: bool,
    /// A second series of the same label marks points with this shape.
    marker: Option<Style>,
}

/// What a drawn chart covers, in pixels of its drawing area.
#[derive(Clone, Debug)]
pub(super) struct Survey {
    /// The plotting area: left, top, right, bottom.
    pub(super) plot: (i32, i32, i32, i32),
    pub(super) width: i32,
    pub(super) height: i32,
    /// Per pixel, row by row: a line, marker or reference line is drawn there.
    pub(super) occupied: Vec<bool>,
    /// Per series: markers were added (hidden under later series, or too short).
    pub(super) marked: Vec<bool>,
    /// Per series: pixels of it that no later series draws over (markers count).
    pub(super) visible: Vec<usize>,
}

impl Survey {
    fn blank(width: i32, height: i32) -> Survey {
        Survey {
            plot: (0, 0, width, height),
            width,
            height,
            occupied: vec![false; (width.max(0) * height.max(0)) as usize],
            marked: Vec::new(),
            visible: Vec::new(),
        }
    }

    fn mark(&mut self, (x, y): (i32, i32)) {
        if x >= 0 && y >= 0 && x < self.width && y < self.height {
            self.occupied[(y * self.width + x) as usize] = true;
        }
    }

    /// Whether anything is drawn within `r` pixels of the box [x0, x1] × [y0, y1].
    pub(super) fn any_in(&self, (x0, y0, x1, y1): (i32, i32, i32, i32), r: i32) -> bool {
        let (x0, y0) = ((x0 - r).max(0), (y0 - r).max(0));
        let (x1, y1) = ((x1 + r).min(self.width - 1), (y1 + r).min(self.height - 1));
        (y0..=y1).any(|y| (x0..=x1).any(|x| self.occupied[(y * self.width + x) as usize]))
    }
}

/// The pixels a polyline passes through, one every pixel or so.
fn trace(points: &[(i32, i32)], out: &mut Vec<(i32, i32)>) {
    if let [p] = points {
        out.push(*p);
    }
    for w in points.windows(2) {
        let ((ax, ay), (bx, by)) = (w[0], w[1]);
        let n = (bx - ax).abs().max((by - ay).abs()).clamp(1, 4000);
        for k in 0..=n {
            let t = k as f64 / n as f64;
            out.push((
                ax + ((bx - ax) as f64 * t).round() as i32,
                ay + ((by - ay) as f64 * t).round() as i32,
            ));
        }
    }
}

/// The pixels of a marker of radius `r` around p (its bounding square).
fn blot(p: (i32, i32), r: i32, out: &mut Vec<(i32, i32)>) {
    for dx in -r..=r {
        for dy in -r..=r {
            out.push((p.0 + dx, p.1 + dy));
        }
    }
}

/// Series with fewer pixels than this cannot be seen as a line: they get markers.
const MIN_VISIBLE_PIXELS: usize = 12;
/// A series whose pixels lie this much under later series is hidden: it gets markers.
const HIDDEN_FRACTION: f64 = 0.8;
/// Markers of a marked series stand at least this far apart, in pixels.
const MARKER_SPACING: i32 = 14;

fn draw<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart,
    font: f64,
) -> DrawResult<DB, Drawn> {
    let chart = chart.with_distinct_colors();
    let (w, h) = area.dim_in_pixel();
    let wants_legend = chart.legend != Legend::None && has_entries(&chart);
    if !wants_legend {
        let survey = draw_chart(area, &chart, font)?;
        return Ok(Drawn {
            legend: None,
            survey,
        });
    }
    // A dry run on a scratch canvas of the same size shows where the data lies.
    let mut scratch = String::new();
    let dry = {
        let root = SVGBackend::with_string(&mut scratch, (w, h)).into_drawing_area();
        draw_chart(&root, &chart, font).expect("drawing into a String cannot fail")
    };
    let entries = entries(&chart, &dry.marked);
    let (bw, bh) = legend_size(&entries, font);
    if let Some((x, y)) = free_place(&dry, (bw, bh), chart.legend) {
        let survey = draw_chart(area, &chart, font)?;
        draw_legend(area, &entries, (x, y), 1, font)?;
        return Ok(Drawn {
            legend: Some((x, y, x + bw, y + bh)),
            survey,
        });
    }
    // No room inside the frame: the legend goes in a strip below the chart, in as many
    // columns as fit.
    let row = row_height(font);
    let column = bw - 12;
    let columns = ((w as i32 - 20) / column.max(1)).clamp(1, entries.len() as i32);
    let rows = (entries.len() as i32 + columns - 1) / columns;
    let strip = rows * row + 16;
    let (top, bottom) = area.split_vertically(h as i32 - strip);
    let survey = draw_chart(&top, &chart, font)?;
    let x = ((w as i32 - columns * column - 12) / 2).max(0);
    let y = h as i32 - strip + 4;
    draw_legend(&bottom, &entries, (x, 4), columns, font)?;
    Ok(Drawn {
        legend: Some((x, y, x + columns * column + 12, y + rows * row + 8)),
        survey,
    })
}

/// Where the legend went, and what the chart covers (both in the area's pixels).
#[derive(Clone, Debug)]
#[cfg_attr(not(test), allow(dead_code))]
pub(super) struct Drawn {
    pub(super) legend: Option<(i32, i32, i32, i32)>,
    pub(super) survey: Survey,
}

fn has_entries(chart: &Chart) -> bool {
    chart.series.iter().any(|s| s.label.is_some())
        || chart
            .vlines
            .iter()
            .chain(&chart.hlines)
            .any(|v| !v.1.is_empty())
}

fn entries(chart: &Chart, marked: &[bool]) -> Vec<Entry> {
    let mut entries: Vec<Entry> = chart
        .vlines
        .iter()
        .chain(&chart.hlines)
        .filter(|v| !v.1.is_empty())
        .map(|v| Entry {
            label: v.1.clone(),
            color: v.2,
            style: Style::Dashed,
            marked: false,
            marker: None,
        })
        .collect();
    for (i, s) in chart.series.iter().enumerate() {
        if let Some(label) = &s.label {
            // One run drawn as two series (a line and its markers) is one entry.
            if let Some(e) = entries.iter_mut().find(|e| &e.label == label) {
                e.marked |= marked.get(i).copied().unwrap_or(false);
                if matches!(s.style, Style::Dots | Style::Crosses) && e.style != s.style {
                    e.marker = Some(s.style);
                }
                continue;
            }
            entries.push(Entry {
                label: label.clone(),
                color: s.color,
                style: s.style,
                marked: marked.get(i).copied().unwrap_or(false),
                marker: None,
            });
        }
    }
    entries
}

fn text_px(font: f64) -> f64 {
    font / PLOTTERS_FONT_RATIO
}

fn row_height(font: f64) -> i32 {
    (text_px(font) * 1.45).round() as i32
}

/// The legend box's size: a sample 28 px wide, then the label (estimated at 0.58 em a
/// character, wider than the average of a sans-serif face).
fn legend_size(entries: &[Entry], font: f64) -> (i32, i32) {
    let chars = entries
        .iter()
        .map(|e| e.label.chars().count())
        .max()
        .unwrap_or(0);
    let w = 12 + 28 + 8 + (chars as f64 * 0.58 * text_px(font)).ceil() as i32 + 12;
    let h = entries.len() as i32 * row_height(font) + 8;
    (w, h)
}

/// The first place inside the frame, starting with the preferred corner, where a legend
/// of this size covers no drawn pixel.
fn free_place(s: &Survey, (w, h): (i32, i32), prefer: Legend) -> Option<(i32, i32)> {
    let (l, t, r, b) = s.plot;
    let inset = 6;
    let (left, right) = (l + inset, r - inset - w);
    let (top, bottom) = (t + inset, b - inset - h);
    let (centre_x, middle_y) = ((l + r - w) / 2, (t + b - h) / 2);
    let corner = |c: Legend| match c {
        Legend::UpperLeft => (left, top),
        Legend::LowerRight => (right, bottom),
        Legend::LowerLeft => (left, bottom),
        Legend::MiddleRight => (right, middle_y),
        _ => (right, top),
    };
    let mut places = vec![corner(prefer)];
    places.extend([
        corner(Legend::UpperRight),
        corner(Legend::UpperLeft),
        corner(Legend::LowerRight),
        corner(Legend::LowerLeft),
        (centre_x, top),
        (centre_x, bottom),
        (right, middle_y),
        (left, middle_y),
    ]);
    places.into_iter().find(|&(x, y)| {
        x >= l && y >= t && x + w <= r && y + h <= b && !s.any_in((x, y, x + w, y + h), 3)
    })
}

/// The legend: a framed box at `at` (area pixels), entries in `columns` columns.
fn draw_legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[Entry],
    at: (i32, i32),
    columns: i32,
    font: f64,
) -> DrawResult<DB> {
    let (bw, _) = legend_size(entries, font);
    let column = if columns > 1 { bw - 12 } else { bw };
    let row = row_height(font);
    let rows = (entries.len() as i32 + columns - 1) / columns;
    let width = if columns > 1 {
        columns * column + 12
    } else {
        bw
    };
    let height = rows * row + 8;
    let (x0, y0) = at;
    area.draw(&Rectangle::new(
        [(x0, y0), (x0 + width, y0 + height)],
        WHITE.mix(0.9).filled(),
    ))?;
    area.draw(&Rectangle::new(
        [(x0, y0), (x0 + width, y0 + height)],
        RGBColor(180, 180, 180).stroke_width(1),
    ))?;
    let style = TextStyle::from(("sans-serif", font).into_font()).pos(
        plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Left,
            plotters::style::text_anchor::VPos::Center,
        ),
    );
    for (k, e) in entries.iter().enumerate() {
        let (c, r) = (k as i32 / rows, k as i32 % rows);
        let x = x0 + 12 + c * column;
        let y = y0 + 4 + r * row + row / 2;
        let stroke = e.color.stroke_width(2);
        match e.style {
            Style::Dots => area.draw(&Circle::new((x + 14, y), 4, e.color.filled()))?,
            Style::Crosses => area.draw(&Cross::new((x + 14, y), 5, stroke))?,
            Style::Dashed | Style::Dotted => {
                let (dash, gap) = if e.style == Style::Dashed {
                    (7, 4)
                } else {
                    (2, 3)
                };
                area.draw(&DashedPathElement::new(
                    vec![(x, y), (x + 28, y)],
                    dash,
                    gap,
                    stroke,
                ))?
            }
            Style::Line | Style::LineDots => {
                area.draw(&PathElement::new(vec![(x, y), (x + 28, y)], stroke))?
            }
        }
        match e.marker {
            Some(Style::Crosses) => {
                area.draw(&Cross::new((x + 14, y), 6, e.color.stroke_width(3)))?
            }
            Some(_) => area.draw(&Circle::new((x + 14, y), 5, e.color.filled()))?,
            None if e.style == Style::LineDots || e.marked => {
                area.draw(&Circle::new((x + 14, y), 4, e.color.filled()))?
            }
            None => {}
        }
        area.draw(&Text::new(e.label.clone(), (x + 36, y), style.clone()))?;
    }
    Ok(())
}

/// The chart without its legend: axes, reference lines and series, with markers on the
/// series that would otherwise not be seen. Returns what it covers.
fn draw_chart<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    chart: &Chart,
    font: f64,
) -> DrawResult<DB, Survey> {
    let vline_xs: Vec<f64> = chart.vlines.iter().map(|v| v.0).collect();
    let hline_ys: Vec<f64> = chart.hlines.iter().map(|v| v.0).collect();
    let (x0, x1) = chart.bounds(chart.x_scale, chart.x_range, |p| p.0, &vline_xs);
    let (y0, y1) = chart.bounds(chart.y_scale, chart.y_range, |p| p.1, &hline_ys);
    let text = text_px(font);
    let mut builder = ChartBuilder::on(area);
    builder
        .caption(&chart.title, ("sans-serif", 1.05 * font))
        .margin(8)
        .margin_right((1.5 * text) as i32)
        .x_label_area_size((3.0 * text) as i32)
        .y_label_area_size((4.6 * text) as i32);
    let bounds = Bounds { x0, x1, y0, y1 };
    match (chart.x_scale, chart.y_scale) {
        (Scale::Linear, Scale::Linear) => draw_in(
            area,
            builder.build_cartesian_2d(x0..x1, y0..y1)?,
            chart,
            bounds,
            font,
        ),
        (Scale::Linear, Scale::Log) => draw_in(
            area,
            builder.build_cartesian_2d(x0..x1, (y0..y1).log_scale())?,
            chart,
            bounds,
            font,
        ),
        (Scale::Log, Scale::Linear) => draw_in(
            area,
            builder.build_cartesian_2d((x0..x1).log_scale(), y0..y1)?,
            chart,
            bounds,
            font,
        ),
        (Scale::Log, Scale::Log) => draw_in(
            area,
            builder.build_cartesian_2d((x0..x1).log_scale(), (y0..y1).log_scale())?,
            chart,
            bounds,
            font,
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

/// One series made ready to draw: its pieces inside the frame, its points inside, and
/// where it fell to 0 or below on a log axis (drawn at the frame's bottom edge).
struct Prepared {
    pieces: Vec<Vec<(f64, f64)>>,
    inside: Vec<(f64, f64)>,
    zeros: Vec<(f64, f64)>,
}

fn prepare(s: &super::Series, b: Bounds, x_log: bool, y_log: bool) -> Prepared {
    let mut points = thin(&s.points);
    let mut zeros = Vec::new();
    if y_log {
        // A loss that reaches exactly 0 (a landing on the minimum) has no place on a log
        // axis: it is drawn on the bottom edge, marked with a triangle, instead of dropped.
        for p in points.iter_mut() {
            if p.1.is_finite() && p.1 <= 0.0 && p.0.is_finite() {
                *p = (p.0, b.y0);
                zeros.push(*p);
            }
        }
    }
    let pieces = clip_polyline(&points, b, x_log, y_log);
    let inside = points.iter().copied().filter(|&p| b.contains(p)).collect();
    Prepared {
        pieces,
        inside,
        zeros,
    }
}

fn draw_in<'a, DB, X, Y>(
    area: &DrawingArea<DB, Shift>,
    mut ctx: ChartContext<'a, DB, Cartesian2d<X, Y>>,
    chart: &Chart,
    b: Bounds,
    font: f64,
) -> DrawResult<DB, Survey>
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
    let base = area.get_base_pixel();
    let (w, h) = area.dim_in_pixel();
    let mut survey = Survey::blank(w as i32, h as i32);
    {
        let (xr, yr) = ctx.plotting_area().get_pixel_range();
        survey.plot = (
            xr.start - base.0,
            yr.start - base.1,
            xr.end - base.0,
            yr.end - base.1,
        );
    }
    let text = text_px(font);
    // Tick counts from the frame's size in text heights, so labels in a large font do not
    // collide (plotters takes the count as an upper bound for round steps).
    let plot_w = (survey.plot.2 - survey.plot.0) as f64;
    let plot_h = (survey.plot.3 - survey.plot.1) as f64;
    let x_ticks = ((plot_w / (3.2 * text)) as usize).clamp(4, 10);
    let y_ticks = ((plot_h / (1.8 * text)) as usize).clamp(4, 10);
    ctx.configure_mesh()
        .x_desc(chart.x_label.as_str())
        .y_desc(chart.y_label.as_str())
        .x_label_formatter(&x_fmt)
        .y_label_formatter(&y_fmt)
        .x_labels(x_ticks)
        .y_labels(y_ticks)
        .label_style(("sans-serif", font))
        .axis_desc_style(("sans-serif", font))
        .bold_line_style(RGBColor(225, 225, 225))
        .light_line_style(TRANSPARENT)
        .draw()?;

    let px = |p: (f64, f64)| {
        let (x, y) = ctx.backend_coord(&p);
        (x - base.0, y - base.1)
    };

    // Reference lines first, under the data.
    let mut reference: Vec<(i32, i32)> = Vec::new();
    for (x, _, _) in &chart.vlines {
        if *x >= b.x0 && *x <= b.x1 {
            trace(&[px((*x, b.y0)), px((*x, b.y1))], &mut reference);
        }
    }
    for (y, _, _) in &chart.hlines {
        if *y >= b.y0 && *y <= b.y1 {
            trace(&[px((b.x0, *y)), px((b.x1, *y))], &mut reference);
        }
    }

    // Each series' pixels, and which series need markers: from the last drawn (on top)
    // to the first, a series whose pixels lie mostly under later ones, or that has too
    // few pixels to be seen, gets markers at its points.
    let prepared: Vec<Prepared> = chart
        .series
        .iter()
        .map(|s| prepare(s, b, x_log, y_log))
        .collect();
    let n = chart.series.len();
    let mut marked = vec![false; n];
    let mut visible = vec![0usize; n];
    let mut above = Survey::blank(w as i32, h as i32);
    for i in (0..n).rev() {
        let (s, p) = (&chart.series[i], &prepared[i]);
        let mut own = Vec::new();
        if matches!(
            s.style,
            Style::Line | Style::LineDots | Style::Dashed | Style::Dotted
        ) {
            for piece in &p.pieces {
                let pts: Vec<(i32, i32)> = piece.iter().map(|&q| px(q)).collect();
                trace(&pts, &mut own);
            }
        }
        if matches!(s.style, Style::Dots | Style::LineDots | Style::Crosses) {
            for &q in &p.inside {
                blot(px(q), 3, &mut own);
            }
        }
        for &q in &p.zeros {
            blot(px(q), 5, &mut own);
        }
        own.sort_unstable();
        own.dedup();
        let covered = |own: &[(i32, i32)]| {
            own.iter()
                .filter(|&&q| above.any_in((q.0, q.1, q.0, q.1), 2))
                .count()
        };
        let hidden = covered(&own);
        if s.label.is_some()
            && !p.inside.is_empty()
            && (own.len() < MIN_VISIBLE_PIXELS
                || hidden as f64 >= HIDDEN_FRACTION * own.len() as f64)
            && !matches!(s.style, Style::Dots | Style::LineDots | Style::Crosses)
        {
            marked[i] = true;
            for q in marker_points(&p.inside, &px) {
                blot(q, 4, &mut own);
            }
            own.sort_unstable();
            own.dedup();
        }
        visible[i] = own.len() - covered(&own);
        for q in own {
            above.mark(q);
        }
    }
    for q in reference {
        above.mark(q);
    }
    let marks: Vec<Vec<(i32, i32)>> = (0..n)
        .map(|i| {
            if marked[i] {
                marker_points(&prepared[i].inside, &px)
            } else {
                Vec::new()
            }
        })
        .collect();
    let zeros: Vec<Vec<(i32, i32)>> = prepared
        .iter()
        .map(|p| p.zeros.iter().map(|&q| px(q)).collect())
        .collect();
    survey.occupied = above.occupied;
    survey.marked = marked.clone();
    survey.visible = visible;

    for (x, _, color) in &chart.vlines {
        let line = DashedLineSeries::new(vec![(*x, b.y0), (*x, b.y1)], 8, 5, color.stroke_width(2));
        ctx.draw_series(line)?;
    }
    for (y, _, color) in &chart.hlines {
        let line = DashedLineSeries::new(vec![(b.x0, *y), (b.x1, *y)], 8, 5, color.stroke_width(2));
        ctx.draw_series(line)?;
    }

    for (i, s) in chart.series.iter().enumerate() {
        let p = &prepared[i];
        let color = s.color;
        let line_style = color.stroke_width(2);
        match s.style {
            Style::Line | Style::LineDots => {
                for piece in &p.pieces {
                    ctx.draw_series(LineSeries::new(piece.iter().copied(), line_style))?;
                }
            }
            Style::Dashed | Style::Dotted => {
                let (dash, gap) = if s.style == Style::Dashed {
                    (8, 5)
                } else {
                    (3, 5)
                };
                for piece in &p.pieces {
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
                ctx.draw_series(p.inside.iter().map(|&q| Circle::new(q, 3, color.filled())))?;
            }
            Style::Crosses => {
                ctx.draw_series(
                    p.inside
                        .iter()
                        .map(|&q| Cross::new(q, 5, color.stroke_width(2))),
                )?;
            }
            _ => {}
        }
        for &q in &marks[i] {
            area.draw(&Circle::new(q, 4, color.filled()))?;
        }
        for &(x, y) in &zeros[i] {
            // A triangle pointing down at the bottom edge: the value fell to 0.
            area.draw(&Polygon::new(
                vec![(x - 6, y - 10), (x + 6, y - 10), (x, y)],
                color.filled(),
            ))?;
        }
        if s.ring_at_end
            && let Some(&q) = s.points.last()
            && b.contains(q)
        {
            ctx.draw_series(std::iter::once(Circle::new(q, 7, color.stroke_width(2))))?;
        }
        // A diverged run's cross stands where it stopped, or where it left the frame.
        let stop = s
            .points
            .last()
            .copied()
            .filter(|&q| b.contains(q))
            .or_else(|| p.pieces.last().and_then(|piece| piece.last().copied()));
        if s.cross_at_end
            && let Some(q) = stop
        {
            ctx.draw_series(std::iter::once(Cross::new(q, 7, color.stroke_width(3))))?;
        }
    }
    Ok(survey)
}

/// Where a marked series gets its markers: its points inside the frame, at least
/// [`MARKER_SPACING`] pixels apart, the last one always.
fn marker_points(inside: &[(f64, f64)], px: &impl Fn((f64, f64)) -> (i32, i32)) -> Vec<(i32, i32)> {
    let mut at: Vec<(i32, i32)> = Vec::new();
    for &q in inside {
        let p = px(q);
        let far = at
            .last()
            .is_none_or(|l| (l.0 - p.0).abs().max((l.1 - p.1).abs()) >= MARKER_SPACING);
        if far {
            at.push(p);
        }
    }
    if let Some(&last) = inside.last() {
        let p = px(last);
        if at.last() != Some(&p) {
            at.push(p);
        }
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::plot::{PALETTE, Series};

    /// Render a chart and keep where its legend went and what it covers.
    fn render_drawn(chart: &Chart, size: (u32, u32)) -> Drawn {
        let mut svg = String::new();
        let root = SVGBackend::with_string(&mut svg, size).into_drawing_area();
        draw(&root, chart, font_for(size.0)).expect("drawing into a String cannot fail")
    }

    fn curve(f: impl Fn(f64) -> f64, n: usize) -> Vec<(f64, f64)> {
        (0..=n).map(|i| (i as f64, f(i as f64))).collect()
    }

    #[test]
    fn the_legend_covers_no_drawn_point() {
        let falling = |k: f64| move |t: f64| 10.0 * crate::math::exp(-k * t / 20.0);
        let mut charts = Vec::new();
        // Curves from the upper left falling to the lower right: the upper right is free.
        let mut c = Chart::new("falling", "step", "loss").legend(Legend::UpperLeft);
        for (i, k) in [1.0, 2.0, 4.0].iter().enumerate() {
            c = c.series(
                Series::new(curve(falling(*k), 50), PALETTE[i], Style::Line)
                    .label(format!("k = {k}")),
            );
        }
        charts.push(c.clone());
        charts.push(c.clone().log_y());
        // A cross through every corner and the middles: no free place inside the frame,
        // so the legend goes below.
        let mut x = Chart::new("crossing", "x", "y").legend(Legend::UpperRight);
        x = x.series(Series::new(curve(|t| t, 50), PALETTE[0], Style::Line).label("rising"));
        x = x
            .series(Series::new(curve(|t| 50.0 - t, 50), PALETTE[1], Style::Line).label("falling"));
        x = x.series(
            Series::new(
                curve(|t| if (t as i64) % 2 == 0 { 0.0 } else { 50.0 }, 50),
                PALETTE[2],
                Style::Dots,
            )
            .label("both ends"),
        );
        x = x
            .vline(25.0, "middle", PALETTE[3])
            .hline(25.0, "level", PALETTE[4]);
        charts.push(x);
        for chart in &charts {
            for size in [(600, 400), (300, 260)] {
                let drawn = render_drawn(chart, size);
                let rect = drawn.legend.expect("the chart has a legend");
                assert!(
                    !drawn.survey.any_in(rect, 0),
                    "{}: the legend {rect:?} covers data",
                    chart.title
                );
                let (w, h) = (size.0 as i32, size.1 as i32);
                assert!(
                    rect.0 >= 0 && rect.1 >= 0 && rect.2 <= w && rect.3 <= h,
                    "{rect:?}"
                );
            }
        }
        // The falling curves leave the upper right free: the legend stays in the frame.
        let drawn = render_drawn(&charts[0], (600, 400));
        let (rect, plot) = (drawn.legend.unwrap(), drawn.survey.plot);
        assert!(
            rect.1 >= plot.1 && rect.3 <= plot.3,
            "{rect:?} outside {plot:?}"
        );
        // The crossing lines leave no place inside: the legend is below the frame.
        let drawn = render_drawn(&charts[2], (600, 400));
        assert!(drawn.legend.unwrap().1 >= drawn.survey.plot.3);
    }

    #[test]
    fn every_legend_entry_has_a_drawn_element() {
        // The parabola's walkers: η = 0.1 and 0.9 have the same loss curve, η = 0.5 lands
        // on the minimum at step 1 (loss 0, which a log axis cannot show), and one run has a
        // single point.
        let shrink = |r: f64| move |t: f64| 4.0 * crate::math::powf(r, 2.0 * t);
        let chart = Chart::new("loss", "step", "loss")
            .log_y()
            .series(Series::new(curve(shrink(0.8), 35), PALETTE[0], Style::Line).label("η=0.1"))
            .series(
                Series::new(vec![(0.0, 4.0), (1.0, 0.0)], PALETTE[1], Style::Line).label("η=0.5"),
            )
            .series(Series::new(curve(shrink(0.8), 35), PALETTE[2], Style::Line).label("η=0.9"))
            .series(Series::new(vec![(3.0, 2.0)], PALETTE[3], Style::Line).label("one step"));
        let drawn = render_drawn(&chart, (600, 400));
        for (i, s) in chart.series.iter().enumerate() {
            assert!(
                drawn.survey.visible[i] > 0,
                "{:?} draws nothing visible",
                s.label
            );
        }
        // The hidden twin and the single point carry markers.
        assert!(drawn.survey.marked[0], "η = 0.1 lies under η = 0.9");
        assert!(drawn.survey.marked[3], "a single point");
        assert!(!drawn.survey.marked[2], "η = 0.9 is on top");
    }

    #[test]
    fn axis_ranges_come_from_the_data_shown() {
        // Without a fixed range each axis spans the data plus 5% either side (in the
        // axis's own scale), so the data fill 90% of the frame.
        let points = vec![(0.0, 0.13), (10.0, 0.4), (20.0, 0.2)];
        let chart =
            Chart::new("t", "x", "y").series(Series::new(points.clone(), PALETTE[0], Style::Line));
        let (lo, hi) = chart.bounds(Scale::Linear, None, |p| p.1, &[]);
        let span = hi - lo;
        assert!((0.4 - 0.13) / span > 0.9 - 1e-9, "({lo}, {hi})");
        assert!(lo <= 0.13 && hi >= 0.4);
        let (lo, hi) = chart.bounds(Scale::Log, None, |p| p.1, &[]);
        let decades = math::log10(hi) - math::log10(lo);
        assert!(decades < 0.6, "({lo}, {hi})");
    }

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
