//! The charts' geometry, computed at build time and drawn as inline SVG by
//! the components of `templates/_charts.html` (so a site can change the
//! markup): readable without JavaScript, sized by months rather than by
//! events so that a site of 100,000 events draws as fast and as small as
//! one of 200.
//!
//! - [`month_counts`] and [`month_chart`]: a bar per month from the first
//!   dated event to the last (empty months included), each bar a link to
//!   its month page with a tooltip (`2025年2月：116 条`);
//! - [`product_chart`]: products as labelled dots at their release dates on
//!   a time axis, each a link to its page.
//!
//! Both come with a title and a description that says in words what the
//! picture shows ([`Frame`]), which label the SVG; the SVG keeps its own
//! role: `role="img"` would hide the links from assistive technology
//! (axe-core's nested-interactive), and the HTML checker allows no other
//! role on `<svg>`. Coordinates are strings with at most one decimal, so
//! the template prints them as they are. Colours come from classes the
//! stylesheet sets, so they follow its light and dark schemes.

use super::view::LangView;
use crate::model::date::{days_in_month, MONTHS_EN};
use crate::model::{DatePoint, Lang, Site};
use serde::Serialize;
use std::collections::BTreeMap;

/// The events of one month.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MonthBar {
    pub year: i32,
    pub month: u8,
    pub count: usize,
    /// The month's page, relative to the output root (none for an empty
    /// month: it has no page).
    pub url: Option<String>,
}

/// Events per month of the events date pages list (restatements once),
/// every month from the first to the last included. Events known only to
/// the year are not counted: they belong to no month.
pub fn month_counts(site: &Site, view: &LangView) -> Vec<(i32, u8, usize)> {
    let mut counts: BTreeMap<(i32, u8), usize> = BTreeMap::new();
    for i in view.dated() {
        let p = site.events[i].date.start;
        if let Some(m) = p.month {
            *counts.entry((p.year, m)).or_default() += 1;
        }
    }
    fill_months(&counts)
}

/// Every month from the first key of `counts` to the last, with its count
/// (zero when absent).
pub fn fill_months(counts: &BTreeMap<(i32, u8), usize>) -> Vec<(i32, u8, usize)> {
    let (Some(&first), Some(&last)) = (counts.keys().next(), counts.keys().next_back()) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    let (mut y, mut m) = first;
    while (y, m) <= last {
        out.push((y, m, counts.get(&(y, m)).copied().unwrap_or(0)));
        (y, m) = if m == 12 { (y + 1, 1) } else { (y, m + 1) };
    }
    out
}

/// An interface string with `{name}` placeholders filled in.
pub fn fill(t: &BTreeMap<String, String>, key: &str, values: &[(&str, &str)]) -> String {
    let mut s = t.get(key).cloned().unwrap_or_else(|| key.to_string());
    for (name, value) in values {
        s = s.replace(&format!("{{{name}}}"), value);
    }
    s
}

/// `2025年2月：116 条` / `February 2025: 116 events`.
pub fn bar_label(
    t: &BTreeMap<String, String>,
    lang: Lang,
    year: i32,
    month: u8,
    n: usize,
) -> String {
    let key = if n == 1 { "chart_bar_one" } else { "chart_bar" };
    fill(
        t,
        key,
        &[
            ("month", &DatePoint::month(year, month).display(lang)),
            ("n", &n.to_string()),
        ],
    )
}

/// A number for an SVG attribute: at most one decimal, no trailing `.0`.
fn num(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{}", r as i64)
    } else {
        format!("{r:.1}")
    }
}

fn short_month(lang: Lang, month: u8) -> String {
    match lang {
        Lang::Zh => format!("{month}月"),
        Lang::En => MONTHS_EN[month as usize - 1][..3].to_string(),
    }
}

fn short_month_year(lang: Lang, year: i32, month: u8) -> String {
    match lang {
        Lang::Zh => format!("{year}年{month}月"),
        Lang::En => format!("{} {year}", short_month(lang, month)),
    }
}

/// A step of 1, 2 or 5 × 10ⁿ giving at most `max_ticks` ticks up to `top`.
fn nice_step(top: usize, max_ticks: usize) -> usize {
    let mut step = 1;
    loop {
        for k in [1, 2, 5] {
            if top.div_ceil(step * k) <= max_ticks {
                return step * k;
            }
        }
        step *= 10;
    }
}

/// What both charts open with: the `<svg>` element's size and the
/// `<title>` and `<desc>` that name it for screen readers.
#[derive(Debug, Clone, Serialize)]
pub struct Frame {
    /// Unique on the page; the prefix of the ids inside the chart.
    pub id: String,
    /// The `viewBox` size, as SVG attribute text.
    pub width: String,
    pub height: String,
    pub title: String,
    pub desc: String,
}

impl Frame {
    fn new(id: &str, width: f64, height: f64, t: &BTreeMap<String, String>, title: &str) -> Self {
        Frame {
            id: id.to_string(),
            width: num(width),
            height: num(height),
            title: t.get(title).cloned().unwrap_or_default(),
            desc: String::new(),
        }
    }
}

/// The chart of events per month, as the `month_chart` component of
/// `_charts.html` draws it. Coordinates are SVG attribute text (at most
/// one decimal), so that the template prints them as they are.
#[derive(Debug, Clone, Serialize)]
pub struct MonthChart {
    pub frame: Frame,
    /// The plot's left and right edges, its top and its base line.
    pub left: String,
    pub right: String,
    pub top: String,
    pub base: String,
    pub plot_height: String,
    /// The width of a month's slot, and of the bar drawn in it.
    pub slot: String,
    pub bar_width: String,
    /// Grid lines of the count axis, from 0 up.
    pub ticks: Vec<CountTick>,
    /// Where the count tick labels end.
    pub tick_x: String,
    /// The count axis' name, and the middle of the plot it is centred on.
    pub count_axis: String,
    pub count_axis_y: String,
    pub bars: Vec<Bar>,
    /// Baselines of the month labels under the bars and of the year labels,
    /// and the foot of the year marks.
    pub month_y: String,
    pub year_y: String,
    pub year_mark_y: String,
    /// The time axis' name, at the bottom right.
    pub month_axis: String,
    pub month_axis_y: String,
}

/// A grid line of the count axis.
#[derive(Debug, Clone, Serialize)]
pub struct CountTick {
    pub y: String,
    pub value: usize,
}

/// A month of the chart.
#[derive(Debug, Clone, Serialize)]
pub struct Bar {
    /// The bar's element id, `{frame.id}-2025-02`.
    pub id: String,
    /// The month's page, `root` included (none for an empty month).
    pub href: Option<String>,
    /// The tooltip: `2025年2月：116 条`.
    pub label: String,
    pub count: usize,
    /// Whether the count is printed above the bar (every bar of a chart of
    /// few months, only the peak's of a long one).
    pub show_count: bool,
    /// The busiest month (the first, when several are).
    pub peak: bool,
    /// The slot's left edge, the visible bar's left edge, top and height,
    /// the slot's middle and the count's baseline.
    pub x: String,
    pub bar_x: String,
    pub y: String,
    pub height: String,
    pub middle: String,
    pub count_y: String,
    /// The month's short name under the bar, when there are few months.
    pub month_label: Option<String>,
    /// The year, when a year mark starts at this bar, and its x.
    pub year_label: Option<String>,
    pub year_x: String,
}

/// The bar chart of events per month. `root` prefixes each bar's URL; `id`
/// is unique on the page. None when there is no month to show.
pub fn month_chart(
    bars: &[MonthBar],
    lang: Lang,
    t: &BTreeMap<String, String>,
    root: &str,
    id: &str,
) -> Option<MonthChart> {
    let (first, last) = (bars.first()?, bars.last()?);
    let n = bars.len();
    let peak_at = bars
        .iter()
        .enumerate()
        .max_by_key(|(k, b)| (b.count, std::cmp::Reverse(*k)))
        .map_or(0, |(k, _)| k);
    let peak = &bars[peak_at];
    let top = peak.count.max(1);
    let step = nice_step(top, 5);
    let y_max = top.div_ceil(step) * step;

    // Geometry: the plot is 640 units wide whatever the number of months
    // (at most 28 per bar), so text keeps its size.
    let slot = (640.0 / n as f64).min(28.0);
    let (left, right, top_pad, plot_h) = (44.0, 14.0, 22.0, 170.0);
    let detailed = n <= 36;
    let bottom = if detailed { 48.0 } else { 34.0 };
    let width = left + slot * n as f64 + right;
    let height = top_pad + plot_h + bottom;
    let base = top_pad + plot_h;
    let y_of = |v: usize| base - plot_h * v as f64 / y_max as f64;

    let mut frame = Frame::new(id, width, height, t, "chart_months");
    frame.desc = fill(
        t,
        "chart_months_desc",
        &[
            (
                "first",
                &DatePoint::month(first.year, first.month).display(lang),
            ),
            (
                "last",
                &DatePoint::month(last.year, last.month).display(lang),
            ),
            ("months", &n.to_string()),
            (
                "peak",
                &DatePoint::month(peak.year, peak.month).display(lang),
            ),
            ("n", &peak.count.to_string()),
        ],
    );

    // The bars: a full-height target (for the tooltip and the link) and
    // the visible bar. Under them, months when there are few, years under
    // their January (and the first bar), thinned to stay legible.
    let gap = if slot >= 6.0 { slot * 0.18 } else { 0.0 };
    let years_every = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
        .into_iter()
        .find(|k| slot * 12.0 * *k as f64 >= 44.0)
        .unwrap_or(1000);
    let bars = bars
        .iter()
        .enumerate()
        .map(|(k, b)| {
            let x = left + slot * k as f64;
            let y = y_of(b.count);
            let year_start = b.month == 1 && b.year.rem_euclid(years_every) == 0;
            // The first bar names its year too, when the next year's label
            // is far enough not to overlap it.
            let months_to_next_mark = i32::from(13 - b.month)
                + 12 * (years_every - (b.year + 1).rem_euclid(years_every)) % (12 * years_every);
            let first_label_fits = slot * f64::from(months_to_next_mark) >= 44.0;
            let year_mark = year_start || (k == 0 && (detailed || first_label_fits));
            Bar {
                id: format!("{id}-{:04}-{:02}", b.year, b.month),
                href: b.url.as_ref().map(|url| format!("{root}{url}")),
                label: bar_label(t, lang, b.year, b.month, b.count),
                count: b.count,
                show_count: b.count > 0 && (detailed || k == peak_at),
                peak: k == peak_at,
                x: num(x),
                bar_x: num(x + gap / 2.0),
                y: num(y),
                height: num(base - y),
                middle: num(x + slot / 2.0),
                count_y: num(y - 4.0),
                month_label: detailed.then(|| short_month(lang, b.month)),
                year_label: year_mark.then(|| DatePoint::year(b.year).display(lang)),
                year_x: num(x + 2.0),
            }
        })
        .collect();

    Some(MonthChart {
        frame,
        left: num(left),
        right: num(width - right),
        top: num(top_pad),
        base: num(base),
        plot_height: num(plot_h),
        slot: num(slot),
        bar_width: num((slot - gap).max(0.5)),
        ticks: (0..=y_max)
            .step_by(step)
            .map(|value| CountTick {
                y: num(y_of(value)),
                value,
            })
            .collect(),
        tick_x: num(left - 6.0),
        count_axis: t.get("chart_count_axis").cloned().unwrap_or_default(),
        count_axis_y: num(top_pad + plot_h / 2.0),
        bars,
        month_y: num(base + 14.0),
        year_y: num(base + if detailed { 32.0 } else { 16.0 }),
        year_mark_y: num(base + if detailed { 34.0 } else { 18.0 }),
        month_axis: t.get("chart_month_axis").cloned().unwrap_or_default(),
        month_axis_y: num(height - 2.0),
    })
}

/// A product on the release chart.
#[derive(Debug, Clone)]
pub struct ProductDot {
    pub name: String,
    /// Its page, relative to the output root.
    pub url: String,
    pub released: DatePoint,
}

/// Months since year 0 at the middle of what the point names (a day, a
/// part of a month, a month, a year): where it sits on a time axis.
fn position(p: &DatePoint) -> f64 {
    let months = p.year as f64 * 12.0;
    match (p.month, p.day) {
        (Some(m), Some(d)) => {
            months + (m - 1) as f64 + (d as f64 - 0.5) / days_in_month(p.year, m) as f64
        }
        (Some(m), None) => {
            let (_, _, day, _) = p.sort_key();
            let within = if day > 0 {
                (day as f64 + 4.5) / 31.0
            } else {
                0.5
            };
            months + (m - 1) as f64 + within
        }
        _ => months + 6.0,
    }
}

/// Width of a label in SVG units at the chart's font size: wide for CJK,
/// narrower for Latin text. An estimate, with a margin.
fn text_width(s: &str, font: f64) -> f64 {
    s.chars()
        .map(|c| if crate::text::is_wide(c) { 1.0 } else { 0.62 })
        .sum::<f64>()
        * font
}

/// The product release chart, as the `release_chart` component of
/// `_charts.html` draws it (coordinates as SVG attribute text).
#[derive(Debug, Clone, Serialize)]
pub struct ReleaseChart {
    pub frame: Frame,
    /// The time axis: its ends and its line.
    pub left: String,
    pub right: String,
    pub base: String,
    /// The foot of the tick marks and the baseline of their labels.
    pub tick_y: String,
    pub tick_label_y: String,
    pub ticks: Vec<TimeTick>,
    /// The products, by release date.
    pub dots: Vec<Dot>,
}

/// A mark on the time axis.
#[derive(Debug, Clone, Serialize)]
pub struct TimeTick {
    pub x: String,
    pub label: String,
    /// `start`, `middle` or `end`: labels at the ends stay inside the
    /// picture.
    pub anchor: &'static str,
}

/// A product on the time axis.
#[derive(Debug, Clone, Serialize)]
pub struct Dot {
    pub name: String,
    /// Its page, `root` included.
    pub href: String,
    /// The tooltip: `DeepSeek-R1：2025年1月20日发布`.
    pub title: String,
    /// The release date's x, and the y of the dot and of its name.
    pub x: String,
    pub y: String,
    /// Where the name starts, or ends when it is left of the dot (near
    /// the right edge).
    pub label_x: String,
    pub label_left: bool,
}

/// Products as labelled dots at their release dates. Labels that would
/// overlap are moved to further lanes above the axis. None when no
/// product has a date.
pub fn product_chart(
    dots: &[ProductDot],
    lang: Lang,
    t: &BTreeMap<String, String>,
    root: &str,
    id: &str,
) -> Option<ReleaseChart> {
    let mut dots: Vec<&ProductDot> = dots.iter().collect();
    dots.sort_by(|a, b| {
        position(&a.released)
            .total_cmp(&position(&b.released))
            .then_with(|| a.name.cmp(&b.name))
    });
    let (first, last) = (dots.first()?, dots.last()?);
    // The axis: whole months around the first and last release, a month
    // of margin on each side.
    let lo = (position(&first.released).floor() - 1.0).max(0.0);
    let hi = position(&last.released).ceil() + 1.0;
    let span = (hi - lo).max(1.0);
    let (left, right, plot_w, font, lane_h) = (16.0, 16.0, 660.0, 12.0, 19.0);
    let width = left + plot_w + right;
    let x_of = |p: f64| left + plot_w * (p - lo) / span;

    // Lanes: each label on the lowest lane where it fits after the labels
    // already there.
    let mut lane_ends: Vec<f64> = Vec::new();
    let mut placed = Vec::with_capacity(dots.len());
    for d in &dots {
        let x = x_of(position(&d.released));
        let w = text_width(&d.name, font);
        let to_right = x + 7.0 + w <= width - 2.0;
        let (from, to) = if to_right {
            (x - 5.0, x + 7.0 + w)
        } else {
            (x - 7.0 - w, x + 5.0)
        };
        let lane = match lane_ends.iter().position(|&end| end + 6.0 <= from) {
            Some(k) => k,
            None => {
                lane_ends.push(f64::NEG_INFINITY);
                lane_ends.len() - 1
            }
        };
        lane_ends[lane] = to;
        placed.push((x, lane, to_right));
    }
    let lanes = lane_ends.len();
    let top_pad = 8.0;
    let base = top_pad + lanes as f64 * lane_h + 10.0;
    let height = base + 34.0;

    let mut frame = Frame::new(id, width, height, t, "chart_products");
    frame.desc = fill(
        t,
        "chart_products_desc",
        &[
            ("n", &dots.len().to_string()),
            ("first", &first.released.display(lang)),
            ("last", &last.released.display(lang)),
        ],
    );

    // Ticks: every 1, 3, 6 months or 1, 2, 5… years, at most 8 of them.
    let months = span.ceil() as i64;
    let step = [1, 3, 6, 12, 24, 60, 120, 240, 600, 1200]
        .into_iter()
        .find(|k| months / k <= 8)
        .unwrap_or(1200);
    let ticks = (lo.ceil() as i64..=hi.floor() as i64)
        .filter(|m| m.rem_euclid(step) == 0)
        .map(|m| {
            let (year, month) = (m.div_euclid(12) as i32, (m.rem_euclid(12) + 1) as u8);
            let label = if step >= 12 {
                DatePoint::year(year).display(lang)
            } else {
                short_month_year(lang, year, month)
            };
            let at = x_of(m as f64);
            let half = text_width(&label, 11.0) / 2.0;
            let anchor = if at + half > width - 1.0 {
                "end"
            } else if at - half < 1.0 {
                "start"
            } else {
                "middle"
            };
            TimeTick {
                x: num(at),
                label,
                anchor,
            }
        })
        .collect();

    let dots = dots
        .iter()
        .zip(placed)
        .map(|(d, (x, lane, to_right))| {
            let y = base - 10.0 - lane as f64 * lane_h - lane_h / 2.0 + 4.0;
            Dot {
                name: d.name.clone(),
                href: format!("{root}{}", d.url),
                title: fill(
                    t,
                    "chart_product_dot",
                    &[("name", &d.name), ("date", &d.released.display(lang))],
                ),
                x: num(x),
                y: num(y),
                label_x: num(if to_right { x + 7.0 } else { x - 7.0 }),
                label_left: !to_right,
            }
        })
        .collect();

    Some(ReleaseChart {
        frame,
        left: num(left),
        right: num(width - right),
        base: num(base),
        tick_y: num(base + 5.0),
        tick_label_y: num(base + 18.0),
        ticks,
        dots,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings() -> BTreeMap<String, String> {
        [
            ("chart_bar", "{month}: {n} events"),
            ("chart_bar_one", "{month}: 1 event"),
            ("chart_months", "Events per month"),
            (
                "chart_months_desc",
                "From {first} to {last}; peak {peak} ({n}).",
            ),
            ("chart_products", "Products"),
            ("chart_products_desc", "{n} products"),
            ("chart_product_dot", "{name}: released {date}"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
    }

    #[test]
    fn empty_months_are_filled_in() {
        let counts: BTreeMap<(i32, u8), usize> =
            [((2023, 11), 2), ((2024, 2), 5)].into_iter().collect();
        assert_eq!(
            fill_months(&counts),
            vec![(2023, 11, 2), (2023, 12, 0), (2024, 1, 0), (2024, 2, 5)]
        );
        assert!(fill_months(&BTreeMap::new()).is_empty());
    }

    #[test]
    fn bars_link_to_their_months_and_the_peak_stands_out() {
        let bars = vec![
            MonthBar {
                year: 2025,
                month: 1,
                count: 1,
                url: Some("en/dates/2025/01/index.html".into()),
            },
            MonthBar {
                year: 2025,
                month: 2,
                count: 0,
                url: None,
            },
            MonthBar {
                year: 2025,
                month: 3,
                count: 93,
                url: Some("en/dates/2025/03/index.html".into()),
            },
        ];
        let chart = month_chart(&bars, Lang::En, &strings(), "../", "c").unwrap();
        assert_eq!(chart.frame.title, "Events per month");
        assert_eq!(
            chart.frame.desc,
            "From January 2025 to March 2025; peak March 2025 (93)."
        );
        let b = &chart.bars;
        assert_eq!(b[0].href.as_deref(), Some("../en/dates/2025/01/index.html"));
        assert_eq!(b[0].label, "January 2025: 1 event");
        assert_eq!(
            (b[1].href.as_ref(), b[1].label.as_str()),
            (None, "February 2025: 0 events")
        );
        assert_eq!(b[2].label, "March 2025: 93 events");
        assert_eq!(
            b.iter().map(|b| b.peak).collect::<Vec<_>>(),
            [false, false, true]
        );
        assert_eq!(b[2].id, "c-2025-03");
        // The empty month has no bar height and no count.
        assert_eq!((b[1].height.as_str(), b[1].show_count), ("0", false));
        // The count axis goes up by a round step past the peak.
        let ticks: Vec<usize> = chart.ticks.iter().map(|t| t.value).collect();
        assert_eq!(ticks, [0, 20, 40, 60, 80, 100]);
        assert!(month_chart(&[], Lang::En, &strings(), "", "c").is_none());
    }

    #[test]
    fn a_hundred_thousand_events_make_bars_per_month() {
        // 100,000 events over 50 years: 600 bars, a chart of bounded size.
        let mut counts: BTreeMap<(i32, u8), usize> = BTreeMap::new();
        for k in 0..100_000usize {
            let m = (k * 7919) % 600;
            *counts
                .entry((1975 + (m / 12) as i32, (m % 12) as u8 + 1))
                .or_default() += 1;
        }
        let bars: Vec<MonthBar> = fill_months(&counts)
            .into_iter()
            .map(|(year, month, count)| MonthBar {
                year,
                month,
                count,
                url: None,
            })
            .collect();
        assert_eq!(bars.len(), 600);
        let chart = month_chart(&bars, Lang::Zh, &strings(), "", "c").unwrap();
        assert_eq!(chart.bars.len(), 600);
        assert_eq!(chart.frame.width, "698");
        // Too many months to name; only the peak's count is printed.
        assert!(chart.bars.iter().all(|b| b.month_label.is_none()));
        assert_eq!(chart.bars.iter().filter(|b| b.show_count).count(), 1);
        // Years are labelled, thinned so that labels do not collide.
        let years: Vec<&str> = (chart.bars.iter())
            .filter_map(|b| b.year_label.as_deref())
            .collect();
        assert_eq!(years[..2], ["1975年", "1980年"]);
    }

    /// Bars of every month from `first` (year, month) for `months` months.
    fn months_from(first: (i32, u8), months: usize) -> Vec<MonthBar> {
        (0..months)
            .map(|k| {
                let m = usize::from(first.1) - 1 + k;
                MonthBar {
                    year: first.0 + (m / 12) as i32,
                    month: (m % 12) as u8 + 1,
                    count: 1,
                    url: None,
                }
            })
            .collect()
    }

    #[test]
    fn the_first_bars_year_is_named_only_where_its_label_fits() {
        // Eighteen years from June 2001: January 2002 is seven narrow
        // slots away, too close for "2001年" beside "2002年".
        let chart =
            month_chart(&months_from((2001, 6), 223), Lang::Zh, &strings(), "", "c").unwrap();
        let named: Vec<&str> = (chart.bars.iter())
            .filter_map(|b| b.year_label.as_deref())
            .collect();
        assert_eq!(named[0], "2002年", "{named:?}");
        // Over forty months the slots are wide: eleven of them leave room.
        let chart =
            month_chart(&months_from((2001, 2), 40), Lang::Zh, &strings(), "", "c").unwrap();
        assert_eq!(chart.bars[0].year_label.as_deref(), Some("2001年"));
    }

    #[test]
    fn product_labels_do_not_overlap() {
        let dots: Vec<ProductDot> = (1..=6)
            .map(|d| ProductDot {
                name: format!("Product <{d}>"),
                url: format!("en/products/p{d}/index.html"),
                released: DatePoint::day(2025, 2, 20 + d),
            })
            .collect();
        let chart = product_chart(&dots, Lang::En, &strings(), "../../", "p").unwrap();
        assert_eq!(chart.dots.len(), 6);
        assert_eq!(chart.dots[0].href, "../../en/products/p1/index.html");
        assert_eq!(
            chart.dots[2].title,
            "Product <3>: released 23 February 2025"
        );
        // Six labels a day apart cannot share a lane.
        let ys: std::collections::BTreeSet<&str> =
            chart.dots.iter().map(|d| d.y.as_str()).collect();
        assert_eq!(ys.len(), 6);
        assert!(product_chart(&[], Lang::En, &strings(), "", "p").is_none());
    }

    #[test]
    fn steps_are_round() {
        assert_eq!(nice_step(116, 5), 50);
        assert_eq!(nice_step(4, 5), 1);
        assert_eq!(nice_step(9, 5), 2);
        assert_eq!(num(3.0), "3");
        assert_eq!(num(2.25), "2.3");
    }
}
