//! Charts drawn at build time as inline SVG: readable without JavaScript,
//! every label escaped, sized by months rather than by events so that a
//! site of 100,000 events draws as fast and as small as one of 200.
//!
//! - [`month_counts`] and [`month_chart`]: a bar per month from the first
//!   dated event to the last (empty months included), each bar a link to
//!   its month page with a tooltip (`2025年2月：116 条`);
//! - [`product_chart`]: products as labelled dots at their release dates on
//!   a time axis, each a link to its page.
//!
//! Both are labelled by a `<title>` and a `<desc>` that says in words
//! what the picture shows, and keep the SVG's own role: `role="img"` would
//! hide their links from assistive technology (axe-core's
//! nested-interactive), and the HTML checker allows no other role on
//! `<svg>`. Colours come from classes the stylesheet sets,
//! so they follow its light and dark schemes.

use super::view::LangView;
use crate::model::date::{days_in_month, MONTHS_EN};
use crate::model::{DatePoint, Lang, Site};
use crate::text::escape;
use std::collections::BTreeMap;
use std::fmt::Write as _;

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

/// Opens an accessible inline SVG.
fn open_svg(
    out: &mut String,
    id: &str,
    class: &str,
    width: f64,
    height: f64,
    title: &str,
    desc: &str,
) {
    let _ = write!(
        out,
        "<svg class=\"{class}\" viewBox=\"0 0 {} {}\" aria-labelledby=\"{id}-title {id}-desc\">\
         <title id=\"{id}-title\">{}</title><desc id=\"{id}-desc\">{}</desc>",
        num(width),
        num(height),
        escape(title),
        escape(desc)
    );
}

/// The bar chart of events per month. `root` prefixes each bar's URL; `id`
/// is unique on the page. Empty when there is no month to show.
pub fn month_chart(
    bars: &[MonthBar],
    lang: Lang,
    t: &BTreeMap<String, String>,
    root: &str,
    id: &str,
) -> String {
    let (Some(first), Some(last)) = (bars.first(), bars.last()) else {
        return String::new();
    };
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

    let first_label = DatePoint::month(first.year, first.month).display(lang);
    let last_label = DatePoint::month(last.year, last.month).display(lang);
    let desc = fill(
        t,
        "chart_months_desc",
        &[
            ("first", &first_label),
            ("last", &last_label),
            ("months", &n.to_string()),
            (
                "peak",
                &DatePoint::month(peak.year, peak.month).display(lang),
            ),
            ("n", &peak.count.to_string()),
        ],
    );
    let mut s = String::with_capacity(600 + n * 420);
    open_svg(
        &mut s,
        id,
        "chart month-chart",
        width,
        height,
        &t.get("chart_months").cloned().unwrap_or_default(),
        &desc,
    );

    // Grid and the count axis.
    let mut v = 0;
    while v <= y_max {
        let y = num(y_of(v));
        let _ = write!(
            s,
            "<line class=\"grid\" x1=\"{}\" y1=\"{y}\" x2=\"{}\" y2=\"{y}\"/>\
             <text class=\"tick\" x=\"{}\" y=\"{y}\" dy=\"0.35em\" text-anchor=\"end\">{v}</text>",
            num(left),
            num(width - right),
            num(left - 6.0),
        );
        v += step;
    }
    let _ = write!(
        s,
        "<text class=\"axis-label\" transform=\"translate(11 {}) rotate(-90)\" text-anchor=\"middle\">{}</text>",
        num(top_pad + plot_h / 2.0),
        escape(t.get("chart_count_axis").map_or("", String::as_str))
    );

    // The bars: a full-height target (for the tooltip and the link) and
    // the visible bar.
    let gap = if slot >= 6.0 { slot * 0.18 } else { 0.0 };
    for (k, b) in bars.iter().enumerate() {
        let x = left + slot * k as f64;
        let label = escape(&bar_label(t, lang, b.year, b.month, b.count));
        let y = y_of(b.count);
        let class = if k == peak_at { "bar peak" } else { "bar" };
        match &b.url {
            Some(url) => {
                let _ = write!(s, "<a href=\"{}\">", escape(&format!("{root}{url}")));
            }
            None => s.push_str("<g>"),
        }
        let _ = write!(
            s,
            "<title>{label}</title>\
             <rect class=\"hit\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>\
             <rect class=\"{class}\" id=\"{id}-{:04}-{:02}\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"/>",
            num(x),
            num(top_pad),
            num(slot),
            num(plot_h),
            b.year,
            b.month,
            num(x + gap / 2.0),
            num(y),
            num((slot - gap).max(0.5)),
            num(base - y),
        );
        if b.count > 0 && (detailed || k == peak_at) {
            let _ = write!(
                s,
                "<text class=\"{}\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                if k == peak_at { "count peak" } else { "count" },
                num(x + slot / 2.0),
                num(y - 4.0),
                b.count
            );
        }
        s.push_str(if b.url.is_some() { "</a>" } else { "</g>" });
    }

    // The time axis: months under each bar when there are few, years under
    // their January (and the first bar), thinned to stay legible.
    let _ = write!(
        s,
        "<line class=\"axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>",
        num(left),
        num(base),
        num(width - right),
        num(base)
    );
    let years_every = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000]
        .into_iter()
        .find(|k| slot * 12.0 * *k as f64 >= 44.0)
        .unwrap_or(1000);
    for (k, b) in bars.iter().enumerate() {
        let x = left + slot * k as f64;
        if detailed {
            let _ = write!(
                s,
                "<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>",
                num(x + slot / 2.0),
                num(base + 14.0),
                escape(&short_month(lang, b.month))
            );
        }
        let year_start = b.month == 1 && b.year.rem_euclid(years_every) == 0;
        if year_start || (k == 0 && (detailed || b.month <= 6)) {
            let _ = write!(
                s,
                "<line class=\"axis\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/>\
                 <text class=\"year\" x=\"{}\" y=\"{}\">{}</text>",
                num(base),
                num(base + if detailed { 34.0 } else { 18.0 }),
                num(x + 2.0),
                num(base + if detailed { 32.0 } else { 16.0 }),
                escape(&DatePoint::year(b.year).display(lang)),
                x = num(x),
            );
        }
    }
    let _ = write!(
        s,
        "<text class=\"axis-label\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
        num(width - right),
        num(height - 2.0),
        escape(t.get("chart_month_axis").map_or("", String::as_str))
    );
    s.push_str("</svg>");
    s
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

/// Products as labelled dots at their release dates. Labels that would
/// overlap are moved to further lanes above the axis.
pub fn product_chart(
    dots: &[ProductDot],
    lang: Lang,
    t: &BTreeMap<String, String>,
    root: &str,
    id: &str,
) -> String {
    let mut dots: Vec<&ProductDot> = dots.iter().collect();
    dots.sort_by(|a, b| {
        position(&a.released)
            .total_cmp(&position(&b.released))
            .then_with(|| a.name.cmp(&b.name))
    });
    let (Some(first), Some(last)) = (dots.first(), dots.last()) else {
        return String::new();
    };
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

    let desc = fill(
        t,
        "chart_products_desc",
        &[
            ("n", &dots.len().to_string()),
            ("first", &first.released.display(lang)),
            ("last", &last.released.display(lang)),
        ],
    );
    let mut s = String::with_capacity(800 + dots.len() * 400);
    open_svg(
        &mut s,
        id,
        "chart product-chart",
        width,
        height,
        &t.get("chart_products").cloned().unwrap_or_default(),
        &desc,
    );

    // Ticks: every 1, 3, 6 months or 1, 2, 5… years, at most 8 of them.
    let months = span.ceil() as i64;
    let step = [1, 3, 6, 12, 24, 60, 120, 240, 600, 1200]
        .into_iter()
        .find(|k| months / k <= 8)
        .unwrap_or(1200);
    let _ = write!(
        s,
        "<line class=\"axis\" x1=\"{}\" y1=\"{b}\" x2=\"{}\" y2=\"{b}\"/>",
        num(left),
        num(width - right),
        b = num(base)
    );
    let mut m = lo.ceil() as i64;
    while (m as f64) <= hi {
        if m.rem_euclid(step) == 0 {
            let (year, month) = (m.div_euclid(12) as i32, (m.rem_euclid(12) + 1) as u8);
            let label = if step >= 12 {
                DatePoint::year(year).display(lang)
            } else {
                short_month_year(lang, year, month)
            };
            let at = x_of(m as f64);
            // Labels at the ends stay inside the picture.
            let half = text_width(&label, 11.0) / 2.0;
            let anchor = if at + half > width - 1.0 {
                "end"
            } else if at - half < 1.0 {
                "start"
            } else {
                "middle"
            };
            let x = num(at);
            let _ = write!(
                s,
                "<line class=\"axis\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/>\
                 <text class=\"tick\" x=\"{x}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>",
                num(base),
                num(base + 5.0),
                num(base + 18.0),
                escape(&label)
            );
        }
        m += 1;
    }

    for (d, (x, lane, to_right)) in dots.iter().zip(placed) {
        let y = base - 10.0 - lane as f64 * lane_h - lane_h / 2.0 + 4.0;
        let title = fill(
            t,
            "chart_product_dot",
            &[("name", &d.name), ("date", &d.released.display(lang))],
        );
        let _ = write!(
            s,
            "<a href=\"{}\"><title>{}</title>\
             <line class=\"stem\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" y2=\"{}\"/>\
             <circle class=\"dot\" cx=\"{x}\" cy=\"{}\" r=\"4\"/>\
             <text class=\"name\" x=\"{}\" y=\"{}\" dy=\"0.35em\"{}>{}</text></a>",
            escape(&format!("{root}{}", d.url)),
            escape(&title),
            num(y),
            num(base),
            num(y),
            num(if to_right { x + 7.0 } else { x - 7.0 }),
            num(y),
            if to_right { "" } else { " text-anchor=\"end\"" },
            escape(&d.name),
            x = num(x),
        );
    }
    s.push_str("</svg>");
    s
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
    fn bars_link_to_months_and_labels_are_escaped() {
        let mut t = strings();
        t.insert("chart_months".into(), "<b>&</b>".into());
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
        let svg = month_chart(&bars, Lang::En, &t, "../", "c");
        assert!(svg.contains("<title id=\"c-title\">&lt;b&gt;&amp;&lt;/b&gt;</title>"));
        assert!(svg.contains(
            "<a href=\"../en/dates/2025/01/index.html\"><title>January 2025: 1 event</title>"
        ));
        assert!(svg.contains("<title>March 2025: 93 events</title>"));
        assert!(svg.contains("<g><title>February 2025: 0 events</title>"));
        assert_eq!(svg.matches("class=\"bar").count(), 3);
        assert!(svg.contains("class=\"bar peak\" id=\"c-2025-03\""));
        assert!(!svg.contains("<b>"));
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
        let svg = month_chart(&bars, Lang::Zh, &strings(), "", "c");
        assert_eq!(svg.matches("<rect class=\"bar").count(), 600);
        assert!(svg.len() < 400_000, "{} bytes", svg.len());
        // Years are labelled, thinned so that labels do not collide.
        assert!(svg.contains(">1975年</text>") && !svg.contains(">1976年</text>"));
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
        let svg = product_chart(&dots, Lang::En, &strings(), "../../", "p");
        assert_eq!(svg.matches("<circle").count(), 6);
        assert!(svg.contains("Product &lt;3&gt;") && !svg.contains("<3>"));
        assert!(svg.contains("href=\"../../en/products/p1/index.html\""));
        // Six labels a day apart cannot share a lane.
        let ys: std::collections::BTreeSet<&str> = svg
            .split("<circle class=\"dot\" cx=\"")
            .skip(1)
            .map(|rest| {
                rest.split("cy=\"")
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap()
            })
            .collect();
        assert_eq!(ys.len(), 6);
        assert!(product_chart(&[], Lang::En, &strings(), "", "p").is_empty());
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
