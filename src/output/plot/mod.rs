//! SVG figures: a small description of a chart ([`Chart`]) and one renderer for all of them,
//! so every figure in the book shares its fonts, colours, axes and clipping rules.
//!
//! Rendering uses plotters' SVG backend without system fonts: text is written as
//! `font-family="sans-serif"` and laid out by the viewer, and the same input always gives
//! the same bytes.
//!
//! This file is the description: [`Chart`], [`Series`], [`Style`], [`Legend`], [`Scale`]
//! and the colours. The rest, all reachable from here:
//!
//! | file | what it holds |
//! |---|---|
//! | `render.rs` | drawing with plotters: [`Chart::render`], [`grid`], axes, ticks, the guard that keeps every axis range drawable |
//! | `geometry.rs` | pure functions on points: clipping a polyline at the frame, thinning ([`thin_to`]) |
//! | `contour.rs` | contour lines by marching squares ([`contours`]), pure |
//! | `presets.rs` | the book's ready-made charts ([`loss_curves`], [`sweep_chart`], [`paths_over_contours`], …) and the slider's rates ([`SLIDER_LRS`]) |

use plotters::style::RGBColor;

mod contour;
mod geometry;
mod presets;
mod render;

pub use contour::contours;
pub use geometry::thin_to;
pub use presets::{
    SLIDER_LRS, loss_curves, paths_over_contours, positions, sweep_chart, walk_on_curve,
};
pub use render::grid;

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
}
