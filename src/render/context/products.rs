//! The products page and each product's page (in parts past `list_limit`).

use super::*;

#[derive(Debug, Clone, Serialize)]
pub struct ProductCard {
    pub id: String,
    pub name: String,
    pub url: String,
    pub kind: Option<String>,
    pub released: Option<String>,
    pub released_url: Option<String>,
    pub summary: String,
    pub featured: bool,
    /// How many events mention it, as the page says it.
    pub event_count: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProductsPage {
    pub products: Vec<ProductCard>,
    /// Products on a time axis (drawn by `_charts.html`), none when none
    /// has a date.
    pub chart: Option<charts::ReleaseChart>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ProductPage {
    pub product: ProductCard,
    /// On the first part only.
    pub facts: Vec<FactView>,
    pub aliases: Vec<String>,
    /// The events of this part, `list_limit` at most, each `_entry.html`
    /// rendered.
    pub events: Vec<tera::Value>,
    pub event_count: usize,
    /// This part of the page, from 1, of `parts`.
    pub part: usize,
    pub parts: usize,
    pub prev: Option<Link>,
    pub next: Option<Link>,
}

impl<'a> Builder<'a> {
    fn product_events(&self, p: usize) -> Vec<EventId> {
        self.view
            .product_events(self.site, &self.site.products[p].id)
    }

    pub(super) fn product_card(&self, p: usize) -> ProductCard {
        let product: &Product = &self.site.products[p];
        let released = product.released.as_deref().and_then(DatePoint::parse_iso);
        ProductCard {
            id: product.id.clone(),
            name: product.name.get(self.lang).to_string(),
            url: urls::product(self.lang, &product.id),
            kind: product.kind.map(|k| self.s(k.i18n_key())),
            released: released.map(|d| d.display(self.lang)),
            released_url: released.and_then(|d| {
                urls::archives(self.lang, &d)
                    .into_iter()
                    .find(|u| self.existing.contains(u))
            }),
            summary: product.summary.get(self.lang).to_string(),
            featured: product.featured,
            event_count: self.count_text(self.product_events(p).len(), 0),
        }
    }

    pub fn products_page(&self) -> ProductsPage {
        let root = urls::root_prefix(&urls::products(self.lang));
        let dots: Vec<charts::ProductDot> = self
            .site
            .products
            .iter()
            .filter_map(|p| {
                let released = DatePoint::parse_iso(p.released.as_deref()?)?;
                Some(charts::ProductDot {
                    name: p.name.get(self.lang).to_string(),
                    url: urls::product(self.lang, &p.id),
                    released,
                })
            })
            .collect();
        ProductsPage {
            products: (0..self.site.products.len())
                .map(|p| self.product_card(p))
                .collect(),
            chart: charts::product_chart(&dots, self.lang, self.t, &root, "chart-products"),
        }
    }

    /// Part `part` (from 1) of product `p`'s page: its card and facts on
    /// the first, and `list_limit` of its events on each.
    pub fn product_page(
        &self,
        p: usize,
        part: usize,
        root: &str,
    ) -> Result<ProductPage, BuildError> {
        let product = &self.site.products[p];
        let events = self.product_events(p);
        let limit = self.list_limit();
        let parts = events.len().div_ceil(limit).max(1);
        let link = |k: usize| Link {
            title: k.to_string(),
            url: Page::product_part(p, k).url(self.site, self.lang),
        };
        Ok(ProductPage {
            product: self.product_card(p),
            facts: if part == 1 {
                self.facts(
                    &product.facts,
                    |i| format!("product-{}-{i}", product.id),
                    root,
                )
            } else {
                Vec::new()
            },
            aliases: product.aliases.clone(),
            event_count: events.len(),
            events: self.fragments(
                events.iter().skip((part - 1) * limit).take(limit).copied(),
                Fragment::Headline,
            )?,
            part,
            parts,
            prev: (part > 1).then(|| link(part - 1)),
            next: (part < parts).then(|| link(part + 1)),
        })
    }
}
