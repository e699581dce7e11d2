//! SVG figures: a small description of a chart ([`Chart`]) and one renderer for all of them,
//! so every figure in the book shares its fonts, colours, axes and clipping rules.
//!
//! Rendering uses plotters' SVG backend without system fonts: text is written as
//! `font-family="sans-serif"` and laid out by the viewer, and the same input always gives
//! the same bytes.
//!
//! Rules every figure gets from the renderer, not from its own code (each tested in
//! `render.rs` or here):
//! - **colours**: one colour-blind-safe [`PALETTE`]; no two legend entries of a chart share a
//!   colour or a near-identical one ([`Chart::with_distinct_colors`]); past eight entries a
//!   colour comes back with another line style;
//! - **legend**: placed where it covers no drawn pixel, trying the preferred corner, the
//!   other corners and the edges' middles, else in a strip below the chart;
//! - **ranges**: without a fixed range an axis spans the data it shows, plus 5%;
//! - **visibility**: a labelled series hidden under later ones, or too short to see (a run
//!   that ends at step 1), gets markers; a value of 0 on a log axis is drawn on the bottom
//!   edge with a triangle instead of being dropped;
//! - **text**: font sizes from the figure's width, so text stays 9 px or more when a phone
//!   shows the figure 350 px wide.
//!
//! This file is the description: [`Chart`], [`Series`], [`Style`], [`Legend`], [`Scale`]
//! and the colours. The rest, all reachable from here:
//!
//! | file | what it holds |
//! |---|---|
//! | `render.rs` | drawing with plotters: [`Chart::render`], [`grid`], axes, ticks, the legend's place, markers for hidden series, font sizes, the guard that keeps every axis range drawable |
//! | `geometry.rs` | pure functions on points: clipping a polyline at the frame, thinning ([`thin_to`]), smoothing ([`trailing_mean`]) |
//! | `contour.rs` | contour lines by marching squares ([`contours`]), pure |
//! | `presets.rs` | the book's ready-made charts ([`loss_curves`], [`sweep_chart`], [`paths_over_contours`], …) and the slider's rates ([`SLIDER_LRS`]) |

use plotters::style::RGBColor;

mod contour;
mod geometry;
mod presets;
mod render;

pub use contour::contours;
pub use geometry::{thin_to, trailing_mean};
pub use presets::{
    SLIDER_LRS, loss_curves, loss_range, paths_over_contours, positions, sweep_chart, walk_on_curve,
};
pub use render::grid;

/// Colours that stay distinct for readers with colour-vision deficiencies: Paul Tol's
/// "bright" scheme, its grey replaced by black (grey is for reference curves), and the
/// indigo of his "muted" scheme as an eighth. Okabe–Ito's vermillion and orange read as one
/// orange in thin lines (33 apart in CIELAB); every pair here is at least 34 apart, and at
/// least 15 under simulated deuteranopia (tested below against [`MIN_COLOR_DISTANCE`]).
pub const PALETTE: [RGBColor; 8] = [
    RGBColor(0x44, 0x77, 0xAA), // blue
    RGBColor(0xEE, 0x66, 0x77), // red
    RGBColor(0x22, 0x88, 0x33), // green
    RGBColor(0xAA, 0x33, 0x77), // purple
    RGBColor(0x66, 0xCC, 0xEE), // cyan
    RGBColor(0xCC, 0xBB, 0x44), // yellow
    RGBColor(0, 0, 0),          // black
    RGBColor(0x33, 0x22, 0x88), // indigo
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

/// Where the legend should go, if it covers no data there. The renderer tries this corner
/// first, then the others, then the middles of the edges, and if every place inside the
/// frame would cover a drawn point it puts the legend below the chart.
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
    /// Horizontal lines at y, with a legend label (e.g. a target loss).
    pub hlines: Vec<(f64, String, RGBColor)>,
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
            hlines: Vec::new(),
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

    pub fn hline(mut self, y: f64, label: impl Into<String>, color: RGBColor) -> Self {
        self.hlines.push((y, label.into(), color));
        self
    }

    /// The same chart with one colour per legend entry: an entry whose colour repeats (or
    /// nearly repeats) an earlier entry's takes the first palette colour no entry uses;
    /// when the palette runs out it keeps its colour and takes a line style no entry of
    /// that colour has. Entries with the same label (one run drawn twice) may share.
    pub fn with_distinct_colors(&self) -> Chart {
        let mut chart = self.clone();
        let mut used: Vec<(String, RGBColor, Style)> = Vec::new();
        let near = |a: RGBColor, b: RGBColor| color_distance(a, b) < MIN_COLOR_DISTANCE;
        let mut settle = |label: &str, color: RGBColor, style: Style| -> (RGBColor, Style) {
            let taken = |c: RGBColor, used: &[(String, RGBColor, Style)]| {
                used.iter().any(|(l, u, _)| l != label && near(*u, c))
            };
            let mut chosen = (color, style);
            if taken(color, &used) {
                if let Some(&free) = PALETTE.iter().find(|&&c| !taken(c, &used)) {
                    chosen = (free, style);
                } else if is_line(style) {
                    // Out of colours: a colour and line style no entry has.
                    let pairs = [Style::Dashed, Style::Dotted, Style::Line]
                        .into_iter()
                        .flat_map(|st| PALETTE.iter().map(move |&c| (c, st)));
                    let free = |&(c, st): &(RGBColor, Style)| {
                        !used
                            .iter()
                            .any(|(l, u, ust)| l != label && *u == c && *ust == st)
                    };
                    if let Some(pair) = pairs.clone().find(free) {
                        chosen = pair;
                    }
                }
            }
            used.push((label.to_string(), chosen.0, chosen.1));
            chosen
        };
        for v in chart.vlines.iter_mut().chain(chart.hlines.iter_mut()) {
            if !v.1.is_empty() {
                v.2 = settle(&v.1, v.2, Style::Dashed).0;
            }
        }
        for s in chart.series.iter_mut() {
            if let Some(label) = &s.label {
                let (c, st) = settle(label, s.color, s.style);
                s.color = c;
                s.style = st;
            }
        }
        chart
    }
}

fn is_line(style: Style) -> bool {
    matches!(style, Style::Line | Style::Dashed | Style::Dotted)
}

/// Two legend colours closer than this (CIE76 ΔE in CIELAB) count as the same colour.
pub const MIN_COLOR_DISTANCE: f64 = 30.0;

/// A colour in CIELAB (D65), from sRGB.
pub fn lab(c: RGBColor) -> [f64; 3] {
    let lin = |v: u8| {
        let v = v as f64 / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            crate::math::powf((v + 0.055) / 1.055, 2.4)
        }
    };
    lab_of_linear([lin(c.0), lin(c.1), lin(c.2)])
}

/// CIELAB of a linear-light RGB triple.
pub fn lab_of_linear([r, g, b]: [f64; 3]) -> [f64; 3] {
    let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    let f = |t: f64| {
        if t > 0.008856 {
            crate::math::powf(t, 1.0 / 3.0)
        } else {
            7.787 * t + 16.0 / 116.0
        }
    };
    [
        116.0 * f(y) - 16.0,
        500.0 * (f(x) - f(y)),
        200.0 * (f(y) - f(z)),
    ]
}

/// The CIE76 colour difference ΔE between two colours.
pub fn color_distance(a: RGBColor, b: RGBColor) -> f64 {
    let (p, q) = (lab(a), lab(b));
    ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every pair of palette colours, under a linear map of linear-light RGB (identity for
    /// normal vision), at least `min` apart.
    fn assert_palette_apart(simulate: [[f64; 3]; 3], min: f64, vision: &str) {
        let lin = |v: u8| {
            let v = v as f64 / 255.0;
            if v <= 0.04045 {
                v / 12.92
            } else {
                crate::math::powf((v + 0.055) / 1.055, 2.4)
            }
        };
        let seen: Vec<[f64; 3]> = PALETTE
            .iter()
            .map(|c| {
                let l = [lin(c.0), lin(c.1), lin(c.2)];
                let m =
                    |row: [f64; 3]| (row[0] * l[0] + row[1] * l[1] + row[2] * l[2]).clamp(0.0, 1.0);
                lab_of_linear([m(simulate[0]), m(simulate[1]), m(simulate[2])])
            })
            .collect();
        for i in 0..seen.len() {
            for j in i + 1..seen.len() {
                let d = (0..3)
                    .map(|k| (seen[i][k] - seen[j][k]).powi(2))
                    .sum::<f64>()
                    .sqrt();
                assert!(d >= min, "{vision}: colours {i} and {j} only {d:.1} apart");
            }
        }
    }

    #[test]
    fn the_palette_colours_are_far_apart_also_for_colour_blind_readers() {
        let identity = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];
        assert_palette_apart(identity, MIN_COLOR_DISTANCE, "normal vision");
        // Machado, Oliveira and Fernandes (2009), deuteranopia at severity 1.
        let deuteranopia = [
            [0.367322, 0.860646, -0.227968],
            [0.280085, 0.672501, 0.047413],
            [-0.011820, 0.042940, 0.968881],
        ];
        assert_palette_apart(deuteranopia, 15.0, "deuteranopia");
        // Every palette colour stands apart from the grey of reference curves.
        for c in PALETTE {
            assert!(color_distance(c, GREY) >= MIN_COLOR_DISTANCE, "{c:?}");
        }
    }

    #[test]
    fn no_two_series_in_a_figure_share_a_colour() {
        // Nine runs all given the first colour, and a threshold line in a near-identical
        // orange pair: the settled chart gives each entry its own colour, and once the
        // palette is spent, a line style no entry of that colour has.
        let mut chart = Chart::new("t", "x", "y").vline(1.0, "limit", RGBColor(213, 94, 0));
        chart = chart.series(
            Series::new(vec![(0.0, 0.0)], RGBColor(230, 159, 0), Style::Line).label("near"),
        );
        for i in 0..9 {
            chart = chart.series(
                Series::new(vec![(0.0, i as f64)], PALETTE[0], Style::Line)
                    .label(format!("run {i}")),
            );
        }
        let settled = chart.with_distinct_colors();
        let mut entries: Vec<(RGBColor, Style)> = settled
            .vlines
            .iter()
            .map(|v| (v.2, Style::Dashed))
            .collect();
        entries.extend(settled.series.iter().map(|s| (s.color, s.style)));
        for i in 0..entries.len() {
            for j in i + 1..entries.len() {
                let (a, b) = (entries[i], entries[j]);
                assert!(
                    color_distance(a.0, b.0) >= MIN_COLOR_DISTANCE || (a.0 == b.0 && a.1 != b.1),
                    "entries {i} and {j} look alike: {a:?}, {b:?}"
                );
            }
        }
        // The first eight entries take eight colours.
        let colours: std::collections::HashSet<_> =
            entries[..8].iter().map(|e| (e.0.0, e.0.1, e.0.2)).collect();
        assert_eq!(colours.len(), 8);
        // The same run drawn twice (a line and its end marker) keeps one colour.
        let twice = Chart::new("t", "x", "y")
            .series(Series::new(vec![], PALETTE[2], Style::Line).label("a"))
            .series(Series::new(vec![], PALETTE[2], Style::Dots).label("a"))
            .with_distinct_colors();
        assert_eq!(twice.series[0].color, twice.series[1].color);
    }
}
