//! `sitemap.xml` (with `base_url` only) and `robots.txt`, written by the
//! `sitemap.xml`, `split_sitemap_index.xml` and `robots.txt` templates,
//! which a site may replace.

use super::pages::Page;
use super::urls;
use crate::model::Lang;
use serde::Serialize;
use std::collections::BTreeMap;

/// The most URLs one sitemap may list (sitemaps.org); past it,
/// `sitemap.xml` is an index of `sitemap-1.xml`, `sitemap-2.xml`, ….
pub const URLS_MAX: usize = 50_000;

/// What `sitemap.xml` receives: the pages it lists, sorted by URL.
#[derive(Debug, Serialize)]
pub struct Sitemap {
    pub entries: Vec<SitemapEntry>,
}

#[derive(Debug, Serialize)]
pub struct SitemapEntry {
    /// The page's absolute URL.
    pub loc: String,
    /// The page in every language (itself included); empty when it exists
    /// in one language only.
    pub alternates: Vec<SitemapAlternate>,
}

#[derive(Debug, Serialize)]
pub struct SitemapAlternate {
    pub hreflang: &'static str,
    pub href: String,
}

/// What `split_sitemap_index.xml` receives: the absolute URLs of the
/// parts.
#[derive(Debug, Serialize)]
pub struct SitemapIndex {
    pub sitemaps: Vec<String>,
}

/// What `robots.txt` receives.
#[derive(Debug, Serialize)]
pub struct Robots {
    /// The sitemap's absolute URL, when the site has a `base_url`.
    pub sitemap: Option<String>,
}

/// One file of the sitemap.
pub enum SitemapFile {
    Urls(Sitemap),
    Index(SitemapIndex),
}

impl SitemapFile {
    pub fn template(&self) -> &'static str {
        match self {
            SitemapFile::Urls(_) => "sitemap.xml",
            SitemapFile::Index(_) => "split_sitemap_index.xml",
        }
    }
}

/// `sitemap.xml` (and its parts, on a site of more than `limit` pages):
/// every page with its versions in every language.
pub fn sitemaps(
    base: &str,
    versions: &BTreeMap<&Page, Vec<(Lang, String)>>,
    limit: usize,
) -> Vec<(String, SitemapFile)> {
    let by_url: Vec<(&str, &Vec<(Lang, String)>)> = versions
        .values()
        .flat_map(|v| v.iter().map(move |(_, url)| (url.as_str(), v)))
        .collect::<BTreeMap<_, _>>()
        .into_iter()
        .collect();
    let abs = |url: &str| urls::absolute(base, urls::pretty(url));
    let urlset = |part: &[(&str, &Vec<(Lang, String)>)]| {
        let entries = (part.iter())
            .map(|&(url, versions)| SitemapEntry {
                loc: abs(url),
                alternates: if versions.len() < 2 {
                    Vec::new()
                } else {
                    (versions.iter())
                        .map(|(lang, alt)| SitemapAlternate {
                            hreflang: lang.html_tag(),
                            href: abs(alt),
                        })
                        .collect()
                },
            })
            .collect();
        SitemapFile::Urls(Sitemap { entries })
    };
    if by_url.len() <= limit {
        return vec![("sitemap.xml".into(), urlset(&by_url))];
    }
    let parts: Vec<(String, SitemapFile)> = (by_url.chunks(limit).enumerate())
        .map(|(k, part)| (format!("sitemap-{}.xml", k + 1), urlset(part)))
        .collect();
    let index = SitemapIndex {
        sitemaps: (parts.iter())
            .map(|(name, _)| urls::absolute(base, name))
            .collect(),
    };
    std::iter::once(("sitemap.xml".to_string(), SitemapFile::Index(index)))
        .chain(parts)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sitemap_past_the_limit_becomes_an_index_of_parts() {
        let pages: Vec<Page> = (0..5).map(|y| Page::Year(2000 + y)).collect();
        let versions: BTreeMap<&Page, Vec<(Lang, String)>> = (pages.iter())
            .map(|p| {
                let Page::Year(y) = p else { unreachable!() };
                let v =
                    [Lang::Zh, Lang::En].map(|l| (l, format!("{}/dates/{y}/index.html", l.code())));
                (p, v.to_vec())
            })
            .collect();
        let base = "https://example.org/a";
        let count = |f: &SitemapFile| match f {
            SitemapFile::Urls(s) => s.entries.len(),
            SitemapFile::Index(_) => 0,
        };
        let whole = sitemaps(base, &versions, 10);
        assert_eq!(whole.len(), 1);
        assert_eq!(count(&whole[0].1), 10);

        let split = sitemaps(base, &versions, 4);
        let names: Vec<&str> = split.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml"
            ]
        );
        let SitemapFile::Index(index) = &split[0].1 else {
            panic!("sitemap.xml is an index")
        };
        assert_eq!(index.sitemaps[2], "https://example.org/a/sitemap-3.xml");
        let listed: usize = split[1..].iter().map(|(_, x)| count(x)).sum();
        assert_eq!(listed, 10);
        assert!(split[1..].iter().all(|(_, x)| count(x) <= 4));
        // Each page keeps its alternates in whichever part lists it.
        let SitemapFile::Urls(last) = &split[3].1 else {
            panic!("a part lists pages")
        };
        assert_eq!(last.entries[0].alternates[0].hreflang, "zh-Hans");
    }
}
