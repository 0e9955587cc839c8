//! The home page: the overview section, the company's infobox, featured
//! products, the latest events and the chart of events per month.

use super::*;

#[derive(Debug, Clone, Serialize)]
pub struct HomePage {
    pub infobox: Vec<FactView>,
    pub overview: Option<SectionBody>,
    pub featured: Vec<ProductCard>,
    /// The latest events, each `_entry.html` rendered.
    pub latest: Vec<tera::Value>,
    /// The page reading every section in order.
    pub article_url: String,
    pub event_count: usize,
    /// The bar chart of events per month (drawn by `_charts.html`), none
    /// when no event has a month.
    pub chart: Option<charts::MonthChart>,
}

impl<'a> Builder<'a> {
    pub fn overview_section(&self) -> Option<SectionId> {
        self.site
            .sections
            .iter()
            .position(|s| s.slug() == "overview")
    }

    pub fn home(&self, root: &str) -> Result<HomePage, BuildError> {
        Ok(HomePage {
            infobox: self.facts(&self.site.config.company, |i| format!("fact-{i}"), root),
            overview: (self.overview_section())
                .map(|s| self.section_body(s, root))
                .transpose()?,
            featured: (0..self.site.products.len())
                .filter(|&p| self.site.products[p].featured)
                .map(|p| self.product_card(p))
                .collect(),
            latest: self.fragments(
                self.view.order.iter().rev().take(10).copied(),
                Fragment::WholeUnanchored,
            )?,
            article_url: Page::Article.url(self.site, self.lang),
            event_count: self.site.timeline_count(self.lang).events,
            chart: self.month_chart(root),
        })
    }
}
