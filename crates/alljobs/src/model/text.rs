//! [`Text`]: a text in several languages.

use schemars::JsonSchema;
use serde::de::{MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;

/// Text in several languages, keyed by ISO 639-1 code (`ru`, `ky`, `en`, …).
///
/// A map with the interface and the behaviour of a `BTreeMap<String, String>`
/// (languages in order, one text each, a later insert replaces), held as a
/// short sorted vector: nearly every text is in one or two languages, and a
/// `BTreeMap` node takes about 540 bytes, which was a quarter of the memory of
/// a loaded 100 000-entry list (two texts an entry). It serialises, and is
/// described in the JSON Schema, exactly as that map.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Text(Vec<(String, String)>);

type Pair = (String, String);
type PairRef<'a> = (&'a String, &'a String);

fn as_refs(p: &Pair) -> PairRef<'_> {
    (&p.0, &p.1)
}

impl Text {
    /// No text in any language.
    pub const fn new() -> Text {
        Text(Vec::new())
    }

    fn find(&self, lang: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(lang))
    }

    /// The text in `lang`.
    pub fn get(&self, lang: &str) -> Option<&String> {
        self.find(lang).ok().map(|i| &self.0[i].1)
    }

    /// Whether there is a text in `lang`.
    pub fn contains_key(&self, lang: &str) -> bool {
        self.find(lang).is_ok()
    }

    /// Sets the text in `lang`, giving back the one it replaces.
    pub fn insert(&mut self, lang: String, text: String) -> Option<String> {
        match self.find(&lang) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, text)),
            Err(i) => {
                self.0.insert(i, (lang, text));
                None
            }
        }
    }

    /// Removes the text in `lang`, giving it back.
    pub fn remove(&mut self, lang: &str) -> Option<String> {
        self.find(lang).ok().map(|i| self.0.remove(i).1)
    }

    /// Whether there is no text in any language.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The number of languages.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// (language, text), in the order of the languages.
    pub fn iter(&self) -> Iter<'_> {
        self.0.iter().map(as_refs as fn(&Pair) -> PairRef<'_>)
    }

    /// The languages, in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator + Clone {
        self.0.iter().map(|(k, _)| k)
    }

    /// The texts, in the order of their languages.
    pub fn values(&self) -> impl DoubleEndedIterator<Item = &String> + ExactSizeIterator + Clone {
        self.0.iter().map(|(_, v)| v)
    }

    /// The first language and its text.
    pub fn first_key_value(&self) -> Option<(&String, &String)> {
        self.0.first().map(as_refs)
    }
}

/// The iterator of [`Text::iter`].
pub type Iter<'a> = std::iter::Map<std::slice::Iter<'a, Pair>, fn(&Pair) -> PairRef<'_>>;

impl<'a> IntoIterator for &'a Text {
    type Item = PairRef<'a>;
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl IntoIterator for Text {
    type Item = Pair;
    type IntoIter = std::vec::IntoIter<Pair>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl Extend<Pair> for Text {
    fn extend<I: IntoIterator<Item = Pair>>(&mut self, iter: I) {
        for (k, v) in iter {
            self.insert(k, v);
        }
    }
}

impl FromIterator<Pair> for Text {
    fn from_iter<I: IntoIterator<Item = Pair>>(iter: I) -> Text {
        let mut t = Text::new();
        t.extend(iter);
        t
    }
}

impl<const N: usize> From<[Pair; N]> for Text {
    fn from(pairs: [Pair; N]) -> Text {
        pairs.into_iter().collect()
    }
}

impl From<BTreeMap<String, String>> for Text {
    fn from(m: BTreeMap<String, String>) -> Text {
        // Already in order and unique.
        Text(m.into_iter().collect())
    }
}

impl std::ops::Index<&str> for Text {
    type Output = String;
    /// The text in `lang`; panics when there is none (as a map's index does).
    fn index(&self, lang: &str) -> &String {
        self.get(lang).unwrap_or_else(|| panic!("no text in `{lang}`"))
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl Serialize for Text {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter())
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Text, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Text, A::Error> {
                let mut t = Text(Vec::with_capacity(m.size_hint().unwrap_or(0).min(8)));
                while let Some((k, v)) = m.next_entry::<String, String>()? {
                    t.insert(k, v);
                }
                Ok(t)
            }
        }
        d.deserialize_map(V)
    }
}

impl JsonSchema for Text {
    fn inline_schema() -> bool {
        <BTreeMap<String, String> as JsonSchema>::inline_schema()
    }
    fn schema_name() -> std::borrow::Cow<'static, str> {
        <BTreeMap<String, String> as JsonSchema>::schema_name()
    }
    fn schema_id() -> std::borrow::Cow<'static, str> {
        <BTreeMap<String, String> as JsonSchema>::schema_id()
    }
    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        <BTreeMap<String, String> as JsonSchema>::json_schema(g)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn behaves_as_the_map_it_replaces() {
        let pairs = [("ru", "б"), ("en", "a"), ("ky", "в"), ("en", "a2"), ("ru", "б2")];
        let mut t = Text::new();
        let mut m = BTreeMap::new();
        for (k, v) in pairs {
            assert_eq!(t.insert(k.into(), v.into()), m.insert(k.to_string(), v.to_string()));
        }
        assert_eq!(t.iter().collect::<Vec<_>>(), m.iter().collect::<Vec<_>>());
        assert_eq!(format!("{t:?}"), format!("{m:?}"));
        assert_eq!(serde_json::to_string(&t).unwrap(), serde_json::to_string(&m).unwrap());
        assert_eq!(toml::to_string(&t).unwrap(), toml::to_string(&m).unwrap());
        let back: Text = serde_json::from_str(r#"{"ru":"x","en":"y","ru":"z"}"#).unwrap();
        let back_m: BTreeMap<String, String> = serde_json::from_str(r#"{"ru":"x","en":"y","ru":"z"}"#).unwrap();
        assert_eq!(back, Text::from(back_m));
        assert_eq!(t.remove("en"), m.remove("en"));
        assert_eq!(t.get("ru"), m.get("ru"));
        assert_eq!(t.first_key_value(), m.first_key_value());
        assert_eq!(t.len(), m.len());
        assert!(!t.contains_key("en") && t.contains_key("ky"));
        assert_eq!(
            serde_json::to_value(schemars::schema_for!(Text)).unwrap(),
            serde_json::to_value(schemars::schema_for!(BTreeMap<String, String>)).unwrap()
        );
    }
}
