//! Text given per language.

use super::Lang;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// A string per language. In YAML either a map (`{zh: 深度求索, en: DeepSeek}`)
/// or one plain string used for every language (`DeepSeek-R1`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Localized(pub BTreeMap<Lang, String>);

impl Localized {
    /// The text in `lang`, falling back to any other language.
    pub fn get(&self, lang: Lang) -> &str {
        self.0
            .get(&lang)
            .or_else(|| self.0.values().next())
            .map_or("", String::as_str)
    }

    pub fn same(text: &str) -> Self {
        Localized(Lang::ALL.iter().map(|l| (*l, text.to_string())).collect())
    }
}

impl<'de> Deserialize<'de> for Localized {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct LocalizedVisitor;
        impl<'de> Visitor<'de> for LocalizedVisitor {
            type Value = Localized;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string, or a map from language (zh, en) to string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Localized, E> {
                Ok(Localized::same(v))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Localized, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((lang, text)) = map.next_entry::<Lang, String>()? {
                    out.insert(lang, text);
                }
                Ok(Localized(out))
            }
        }
        deserializer.deserialize_any(LocalizedVisitor)
    }
}
