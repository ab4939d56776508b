//! The report's two SVG charts, drawn with plotters: each problem's fuel
//! speedup by mode, and the distribution of wall-clock speedups. They take
//! plain figures, so that this module knows nothing of the report.

use std::path::Path;

use anyhow::{Context, Result};
use plotters::coord::CoordTranslate;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::model::Mode;

fn colour(mode: Mode) -> RGBColor {
    match mode {
        Mode::SingleShot => RGBColor(0x9e, 0x9e, 0x9e),
        Mode::Loop => RGBColor(0x1f, 0x77, 0xb4),
        Mode::LoopSearch => RGBColor(0xff, 0x7f, 0x0e),
    }
}

/// The series' names in a box at the top left.
fn legend<'a, CT: CoordTranslate>(
    chart: &mut ChartContext<'a, SVGBackend<'a>, CT>,
) -> Result<(), Box<dyn std::error::Error + 'a>> {
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .border_style(BLACK)
        .background_style(WHITE.mix(0.9))
        .draw()?;
    Ok(())
}

/// A log axis that holds every value and 1 with some room.
fn log_range(values: impl Iterator<Item = f64>) -> std::ops::Range<f64> {
    let (low, high) =
        values.filter(|v| v.is_finite() && *v > 0.0).fold((1.0f64, 1.0f64), |(l, h), v| (l.min(v), h.max(v)));
    (low / 1.25).min(0.8)..(high * 1.25).max(1.25)
}

/// One problem's group of bars: each mode's fuel speedup over the start
/// (a mode without a correct result has none).
pub struct Bars<'a> {
    pub problem: &'a str,
    pub speedups: Vec<(Mode, f64)>,
}

/// Grouped bars: one group per problem, one bar per mode of `modes`, from
/// 1 (the start) to the result's fuel speedup, on a log axis.
pub fn by_problem(path: &Path, modes: &[Mode], problems: &[Bars<'_>]) -> Result<()> {
    let width = (160 + problems.len() as u32 * (16 * modes.len() as u32 + 14)).max(640);
    let root = SVGBackend::new(path, (width, 420)).into_drawing_area();
    let range = log_range(problems.iter().flat_map(|p| p.speedups.iter().map(|&(_, s)| s)));
    // Headroom above the tallest bar for the legend.
    let range = range.start..range.end * 4.0;
    let draw = || -> Result<(), Box<dyn std::error::Error>> {
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption("Fuel speedup over the start, per problem and mode (log scale)", ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(44)
            .y_label_area_size(56)
            .build_cartesian_2d(0f64..problems.len().max(1) as f64, range.clone().log_scale())?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(0)
            .x_desc("problem")
            .y_desc("start fuel / result fuel")
            .y_label_formatter(&|v| format!("{v:.2}x"))
            .draw()?;
        let slot = 0.8 / modes.len().max(1) as f64;
        for (k, &mode) in modes.iter().enumerate() {
            let bars = problems.iter().enumerate().filter_map(|(i, p)| {
                let &(_, value) = p.speedups.iter().find(|(m, _)| *m == mode)?;
                let x = i as f64 + 0.1 + k as f64 * slot;
                Some(Rectangle::new([(x, 1.0), (x + slot * 0.9, value)], colour(mode).filled()))
            });
            chart
                .draw_series(bars)?
                .label(mode.name())
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], colour(mode).filled()));
        }
        chart.draw_series(LineSeries::new([(0.0, 1.0), (problems.len() as f64, 1.0)], BLACK.stroke_width(1)))?;
        let label = TextStyle::from(("sans-serif", 12).into_font()).pos(Pos::new(HPos::Center, VPos::Top));
        for (i, p) in problems.iter().enumerate() {
            let (x, y) = chart.backend_coord(&(i as f64 + 0.5, range.start));
            root.draw(&Text::new(p.problem, (x, y + 6), label.clone()))?;
        }
        legend(&mut chart)?;
        root.present()?;
        Ok(())
    };
    draw().map_err(|e| anyhow::anyhow!("{e}")).with_context(|| format!("cannot draw {}", path.display()))
}

/// For each mode, the share of problems whose correct result is at most a
/// given wall-clock speedup over the start (an empirical CDF, log axis),
/// from each mode's speedups of its correct results.
pub fn distribution(path: &Path, speedups: &[(Mode, Vec<f64>)]) -> Result<()> {
    let per_mode: Vec<(Mode, Vec<f64>)> = speedups
        .iter()
        .map(|(mode, speedups)| {
            let mut speedups = speedups.clone();
            speedups.sort_by(f64::total_cmp);
            (*mode, speedups)
        })
        .collect();
    let range = log_range(per_mode.iter().flat_map(|(_, s)| s.iter().copied()));
    let root = SVGBackend::new(path, (720, 420)).into_drawing_area();
    let draw = || -> Result<(), Box<dyn std::error::Error>> {
        root.fill(&WHITE)?;
        let mut chart = ChartBuilder::on(&root)
            .caption("Wall-clock speedup over the start: share of problems at or below (log scale)", ("sans-serif", 18))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(56)
            .build_cartesian_2d(range.clone().log_scale(), 0f64..1.0)?;
        chart
            .configure_mesh()
            .x_desc("start time / result time")
            .y_desc("share of problems")
            .x_label_formatter(&|v| format!("{v:.2}x"))
            .y_label_formatter(&|v| format!("{:.0}%", v * 100.0))
            .draw()?;
        for (mode, speedups) in &per_mode {
            let n = speedups.len() as f64;
            let mut steps = vec![(range.start, 0.0)];
            for (i, &s) in speedups.iter().enumerate() {
                steps.push((s, i as f64 / n));
                steps.push((s, (i + 1) as f64 / n));
            }
            steps.push((range.end, if speedups.is_empty() { 0.0 } else { 1.0 }));
            let style = colour(*mode).stroke_width(2);
            chart
                .draw_series(LineSeries::new(steps, style))?
                .label(format!("{mode} (n = {})", speedups.len()))
                .legend(move |(x, y)| PathElement::new([(x, y), (x + 16, y)], style));
        }
        chart.draw_series(LineSeries::new([(1.0, 0.0), (1.0, 1.0)], BLACK.mix(0.4).stroke_width(1)))?;
        legend(&mut chart)?;
        root.present()?;
        Ok(())
    };
    draw().map_err(|e| anyhow::anyhow!("{e}")).with_context(|| format!("cannot draw {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_charts_draw_from_plain_figures() {
        let dir = tempfile::tempdir().unwrap();
        let modes = [Mode::SingleShot, Mode::Loop, Mode::LoopSearch];
        let problems = [
            Bars { problem: "1768", speedups: vec![(Mode::SingleShot, 1.5), (Mode::Loop, 12.0)] },
            Bars { problem: "1071", speedups: Vec::new() },
        ];
        let path = dir.path().join("bars.svg");
        by_problem(&path, &modes, &problems).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        for text in ["1768", "1071", "single-shot", "loop+search"] {
            assert!(svg.contains(text), "{text} missing from the bar chart");
        }

        let path = dir.path().join("cdf.svg");
        distribution(&path, &[(Mode::Loop, vec![2.0, 0.9, 1.1]), (Mode::LoopSearch, Vec::new())]).unwrap();
        let svg = std::fs::read_to_string(&path).unwrap();
        assert!(svg.contains("loop (n = 3)") && svg.contains("loop+search (n = 0)"), "legend missing");
    }
}
