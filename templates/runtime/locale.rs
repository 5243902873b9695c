//! [`Locale`], the help center's language codes, and [`LocaleMap`], its "translated content"
//! objects.
//!
//! Help-center articles, collections and sections carry their text per language in objects like
//!
//! ```json
//! {"type": "article_translated_content", "en": {"title": "Hello"}, "fr": {"title": "Bonjour"}, "pt-BR": null}
//! ```
//!
//! whose keys are the `type` tag plus one optional entry per locale. [`LocaleMap<T>`] holds such
//! an object: its entries keyed by [`Locale`] (locales sent as `null` are left out) and the `type`
//! string as its [`kind`](LocaleMap::kind).

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::collections::btree_map;
use std::convert::Infallible;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;
use std::str::FromStr;

use serde::de::{Deserialize, DeserializeSeed, Deserializer, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::runtime::lenient::{Lenient, Seed, Text};

/// Declares [`Locale`] and its code table.
macro_rules! locales {
    ($($variant:ident = $code:literal, $name:literal;)*) => {
        /// A help-center language, as Intercom spells it on the wire (`en`, `pt-BR`, `zh-CN`, …).
        ///
        /// Codes this crate does not know are kept in [`Locale::Unknown`], so a response with a
        /// newly added language still decodes. Serializes and deserializes as the code string.
        ///
        /// Locales are compared, ordered and hashed by their code string, so
        /// `Locale::Unknown("fr".into()) == Locale::Fr`, and locales sort as their codes do
        /// (byte-wise: `ar` < … < `pt` < `pt-BR` < … < `vi` < `xx` < `zh-CN` < `zh-TW`).
        /// `Locale` also implements `Borrow<str>`, so a [`LocaleMap`] can be looked up by code:
        /// `map.get("fr")`.
        #[derive(Debug, Clone)]
        pub enum Locale {
            $(
                #[doc = concat!($name, " (`", $code, "`).")]
                $variant,
            )*
            /// A code this crate does not know, as sent.
            Unknown(String),
        }

        impl Locale {
            /// Every locale this crate knows, in code order.
            pub const KNOWN: &'static [Locale] = &[$(Locale::$variant),*];

            /// The code, e.g. `"pt-BR"`.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Locale::$variant => $code, )*
                    Locale::Unknown(code) => code,
                }
            }

            /// The language's English name, e.g. `"Portuguese (Brazil)"`; `None` for
            /// [`Locale::Unknown`].
            pub fn language(&self) -> Option<&'static str> {
                match self {
                    $( Locale::$variant => Some($name), )*
                    Locale::Unknown(_) => None,
                }
            }

            /// The known locale with this code, if any.
            fn known(code: &str) -> Option<Locale> {
                match code {
                    $( $code => Some(Locale::$variant), )*
                    _ => None,
                }
            }
        }
    };
}

locales! {
    Ar = "ar", "Arabic";
    Bg = "bg", "Bulgarian";
    Bs = "bs", "Bosnian";
    Ca = "ca", "Catalan";
    Cs = "cs", "Czech";
    Da = "da", "Danish";
    De = "de", "German";
    El = "el", "Greek";
    En = "en", "English";
    Es = "es", "Spanish";
    Et = "et", "Estonian";
    Fi = "fi", "Finnish";
    Fr = "fr", "French";
    He = "he", "Hebrew";
    Hr = "hr", "Croatian";
    Hu = "hu", "Hungarian";
    Id = "id", "Indonesian";
    It = "it", "Italian";
    Ja = "ja", "Japanese";
    Ko = "ko", "Korean";
    Lt = "lt", "Lithuanian";
    Lv = "lv", "Latvian";
    Mn = "mn", "Mongolian";
    Nb = "nb", "Norwegian Bokmål";
    Nl = "nl", "Dutch";
    Pl = "pl", "Polish";
    Pt = "pt", "Portuguese";
    PtBr = "pt-BR", "Portuguese (Brazil)";
    Ro = "ro", "Romanian";
    Ru = "ru", "Russian";
    Sl = "sl", "Slovenian";
    Sr = "sr", "Serbian";
    Sv = "sv", "Swedish";
    Tr = "tr", "Turkish";
    Vi = "vi", "Vietnamese";
    ZhCn = "zh-CN", "Chinese (Simplified, China)";
    ZhTw = "zh-TW", "Chinese (Traditional, Taiwan)";
}

impl From<&str> for Locale {
    /// The known locale with this code (exact, case-sensitive match), else
    /// [`Locale::Unknown`].
    fn from(code: &str) -> Locale {
        Locale::known(code).unwrap_or_else(|| Locale::Unknown(code.to_owned()))
    }
}

impl From<String> for Locale {
    /// Like `From<&str>`, reusing the string for [`Locale::Unknown`].
    fn from(code: String) -> Locale {
        Locale::known(&code).unwrap_or(Locale::Unknown(code))
    }
}

impl FromStr for Locale {
    type Err = Infallible;

    /// Never fails: unknown codes are [`Locale::Unknown`].
    fn from_str(code: &str) -> Result<Locale, Infallible> {
        Ok(Locale::from(code))
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq for Locale {
    fn eq(&self, other: &Locale) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for Locale {}

impl PartialOrd for Locale {
    fn partial_cmp(&self, other: &Locale) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Locale {
    fn cmp(&self, other: &Locale) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for Locale {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // As `str` hashes, which `Borrow<str>` requires.
        self.as_str().hash(state);
    }
}

impl Borrow<str> for Locale {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl Serialize for Locale {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Locale {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Locale, D::Error> {
        let key = Text::deserialize(deserializer)?;
        Ok(Locale::from(key.as_str()))
    }
}

/// The key of a translated-content object that holds its `type` tag rather than a locale.
const KIND_KEY: &str = "type";

/// A help-center "translated content" object: one `T` per [`Locale`], plus the object's `type`
/// tag (e.g. `"article_translated_content"`).
///
/// On the wire it is a JSON object with a `type` key and one key per locale. Decoding keeps the
/// `type` string as [`kind`](LocaleMap::kind), puts every other key in the map (codes it does not
/// know as [`Locale::Unknown`]) and leaves out locales whose value is `null`. Encoding writes
/// `type` first (when set), then the entries in locale order, so decoding what it encoded gives
/// the same map. An entry for the code `type` (possible only as `Locale::Unknown("type")`) would
/// clash with the tag and is not encoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocaleMap<T> {
    kind: Option<String>,
    entries: BTreeMap<Locale, T>,
}

impl<T> Default for LocaleMap<T> {
    fn default() -> LocaleMap<T> {
        LocaleMap::new()
    }
}

impl<T> LocaleMap<T> {
    /// An empty map without a `type`.
    pub const fn new() -> LocaleMap<T> {
        LocaleMap {
            kind: None,
            entries: BTreeMap::new(),
        }
    }

    /// This map with `type` set to `kind`.
    pub fn with_kind(mut self, kind: impl Into<String>) -> LocaleMap<T> {
        self.kind = Some(kind.into());
        self
    }

    /// The object's `type` tag, e.g. `"article_translated_content"`, if it had one.
    pub fn kind(&self) -> Option<&str> {
        self.kind.as_deref()
    }

    /// Sets or clears the `type` tag.
    pub fn set_kind(&mut self, kind: Option<String>) {
        self.kind = kind;
    }

    /// The entry for a locale, given as a [`Locale`] or as its code (`map.get("pt-BR")`).
    pub fn get<Q: Ord + ?Sized>(&self, locale: &Q) -> Option<&T>
    where
        Locale: Borrow<Q>,
    {
        self.entries.get(locale)
    }

    /// The entry for a locale, mutably.
    pub fn get_mut<Q: Ord + ?Sized>(&mut self, locale: &Q) -> Option<&mut T>
    where
        Locale: Borrow<Q>,
    {
        self.entries.get_mut(locale)
    }

    /// Sets the entry for `locale`, returning the one it replaces.
    pub fn insert(&mut self, locale: Locale, value: T) -> Option<T> {
        self.entries.insert(locale, value)
    }

    /// Removes and returns the entry for a locale.
    pub fn remove<Q: Ord + ?Sized>(&mut self, locale: &Q) -> Option<T>
    where
        Locale: Borrow<Q>,
    {
        self.entries.remove(locale)
    }

    /// Whether there is an entry for a locale.
    pub fn contains<Q: Ord + ?Sized>(&self, locale: &Q) -> bool
    where
        Locale: Borrow<Q>,
    {
        self.entries.contains_key(locale)
    }

    /// The entries, in locale order.
    pub fn iter(&self) -> btree_map::Iter<'_, Locale, T> {
        self.entries.iter()
    }

    /// The entries, in locale order, with mutable values.
    pub fn iter_mut(&mut self) -> btree_map::IterMut<'_, Locale, T> {
        self.entries.iter_mut()
    }

    /// The locales that have an entry, in order.
    pub fn locales(&self) -> btree_map::Keys<'_, Locale, T> {
        self.entries.keys()
    }

    /// The number of entries (the `type` tag does not count).
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

impl<'a, T> IntoIterator for &'a LocaleMap<T> {
    type Item = (&'a Locale, &'a T);
    type IntoIter = btree_map::Iter<'a, Locale, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}

impl<T> IntoIterator for LocaleMap<T> {
    type Item = (Locale, T);
    type IntoIter = btree_map::IntoIter<Locale, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.into_iter()
    }
}

impl<T> FromIterator<(Locale, T)> for LocaleMap<T> {
    /// A map without a `type`; a later entry for the same locale replaces an earlier one.
    fn from_iter<I: IntoIterator<Item = (Locale, T)>>(iter: I) -> LocaleMap<T> {
        LocaleMap {
            kind: None,
            entries: iter.into_iter().collect(),
        }
    }
}

impl<T> Extend<(Locale, T)> for LocaleMap<T> {
    fn extend<I: IntoIterator<Item = (Locale, T)>>(&mut self, iter: I) {
        self.entries.extend(iter);
    }
}

impl<T: Serialize> Serialize for LocaleMap<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        if let Some(kind) = &self.kind {
            map.serialize_entry(KIND_KEY, kind)?;
        }
        for (locale, value) in &self.entries {
            if locale.as_str() != KIND_KEY {
                map.serialize_entry(locale.as_str(), value)?;
            }
        }
        map.end()
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for LocaleMap<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<LocaleMap<T>, D::Error> {
        deserializer.deserialize_map(LocaleMapVisitor(PhantomData::<Option<T>>))
    }
}

impl<'de, T: Lenient<'de>> Lenient<'de> for LocaleMap<T> {
    fn deserialize_lenient<D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<LocaleMap<T>, D::Error> {
        deserializer.deserialize_map(LocaleMapVisitor(Seed::<Option<T>>::new()))
    }
}

/// Decodes a `LocaleMap<T>`, each value with the seed `S` (plain or lenient `Option<T>`).
struct LocaleMapVisitor<S>(S);

impl<'de, T, S: DeserializeSeed<'de, Value = Option<T>> + Copy> Visitor<'de>
    for LocaleMapVisitor<S>
{
    type Value = LocaleMap<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object of translations by locale")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LocaleMap<T>, A::Error> {
        let mut out = LocaleMap::new();
        while let Some(key) = map.next_key::<Text<'de>>()? {
            if key.as_str() == KIND_KEY {
                out.kind = map.next_value_seed(Seed::<Option<String>>::new())?;
            } else {
                let value = map.next_value_seed(self.0)?;
                let locale = Locale::from(key.as_str());
                match value {
                    Some(value) => {
                        out.entries.insert(locale, value);
                    }
                    // As if absent: a later `null` for a locale drops an earlier value too.
                    None => {
                        out.entries.remove(&locale);
                    }
                }
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::runtime::Timestamp;

    #[derive(Debug, Clone, PartialEq)]
    struct ArticleContent {
        kind: Option<String>,
        title: String,
        description: Option<String>,
        body: Option<String>,
        author_id: i64,
        state: Option<String>,
        created_at: Option<Timestamp>,
        updated_at: Option<Timestamp>,
        url: Option<String>,
    }

    crate::runtime::json_object!(ArticleContent {
        kind: "type" optional,
        title: "title" required,
        description: "description" optional,
        body: "body" optional,
        author_id: "author_id" required,
        state: "state" optional,
        created_at: "created_at" optional,
        updated_at: "updated_at" optional,
        url: "url" optional,
    });

    const ARTICLE: &str = r#"{"type":"article_translated_content","en":{"type":"article_content","title":"How to set up Messenger","description":"Set it up in minutes","body":"<p>Install the snippet.</p>","author_id":991267497,"state":"published","created_at":1734537256,"updated_at":1734537258,"url":"https://help.example.com/en/articles/1-how-to-set-up-messenger"},"fr":{"type":"article_content","title":"Configurer le Messenger","author_id":991267497,"state":"draft","created_at":1734537256,"updated_at":1734537256},"pt-BR":{"type":"article_content","title":"Como configurar","author_id":991267497,"state":"draft"}}"#;

    #[test]
    fn article_translated_content_round_trip() {
        let map: LocaleMap<ArticleContent> = serde_json::from_str(ARTICLE).expect("decodes");
        assert_eq!(map.kind(), Some("article_translated_content"));
        assert_eq!(map.len(), 3);
        assert_eq!(
            map.locales().map(Locale::as_str).collect::<Vec<_>>(),
            ["en", "fr", "pt-BR"]
        );
        let en = map.get(&Locale::En).expect("en");
        assert_eq!(en.title, "How to set up Messenger");
        assert_eq!(en.created_at, Some(Timestamp::from_unix(1_734_537_256)));
        assert_eq!(
            map.get("pt-BR").map(|c| c.title.as_str()),
            Some("Como configurar")
        );
        assert!(map.get(&Locale::De).is_none());
        assert_eq!(serde_json::to_string(&map).expect("encodes"), ARTICLE);
    }

    #[test]
    fn unknown_locales_nulls_and_lenient_values() {
        let text = r#"{"pt-BR":null,"xx":{"title":1,"author_id":"7"},"type":"section_translated_content","de":null,"en":{"title":"Hi","author_id":7.0}}"#;
        // Lenient decoding reaches the values: `1` as a string, `"7"` and `7.0` as integers.
        let map: LocaleMap<ArticleContent> =
            crate::runtime::decode_json("test", 200, text.as_bytes()).expect("decodes");
        assert_eq!(map.kind(), Some("section_translated_content"));
        assert_eq!(
            map.locales().cloned().collect::<Vec<_>>(),
            [Locale::En, Locale::Unknown("xx".into())]
        );
        let xx = map.get("xx").expect("xx kept");
        assert_eq!((xx.title.as_str(), xx.author_id), ("1", 7));
        assert!(!map.contains(&Locale::PtBr) && !map.contains("de"));
        let encoded = serde_json::to_string(&map).expect("encodes");
        assert_eq!(
            encoded,
            r#"{"type":"section_translated_content","en":{"title":"Hi","author_id":7},"xx":{"title":"1","author_id":7}}"#
        );
        // Encode → decode → encode is stable.
        let again: LocaleMap<ArticleContent> = serde_json::from_str(&encoded).expect("decodes");
        assert_eq!(again, map);
        assert_eq!(serde_json::to_string(&again).expect("encodes"), encoded);

        // A later `null` for a locale removes it; a `null` type is no type.
        let map: LocaleMap<u8> =
            serde_json::from_str(r#"{"type":null,"en":1,"en":null,"fr":2}"#).expect("decodes");
        assert_eq!(map.kind(), None);
        assert_eq!(map.iter().collect::<Vec<_>>(), [(&Locale::Fr, &2)]);
        assert_eq!(serde_json::to_string(&map).expect("encodes"), r#"{"fr":2}"#);
    }

    #[test]
    fn decode_errors() {
        assert!(serde_json::from_str::<LocaleMap<u8>>("[]").is_err());
        assert!(serde_json::from_str::<LocaleMap<u8>>(r#"{"en":"x"}"#).is_err());
        assert!(serde_json::from_str::<LocaleMap<u8>>(r#"{"type":[]}"#).is_err());
        let err = serde_json::from_str::<LocaleMap<u8>>("1").unwrap_err();
        assert!(err.to_string().contains("translations by locale"), "{err}");
        assert_eq!(
            serde_json::from_str::<LocaleMap<u8>>("{}").expect("empty"),
            LocaleMap::new()
        );
    }

    #[test]
    fn map_api() {
        let mut map: LocaleMap<&str> = [(Locale::Fr, "bonjour"), (Locale::En, "hello")]
            .into_iter()
            .collect();
        assert_eq!(map.kind(), None);
        map = map.with_kind("greeting");
        assert_eq!(map.kind(), Some("greeting"));
        assert_eq!(map.insert(Locale::from("en"), "hi"), Some("hello"));
        assert_eq!(map.insert(Locale::ZhTw, "你好"), None);
        if let Some(v) = map.get_mut(&Locale::Fr) {
            *v = "salut";
        }
        assert_eq!(map.len(), 3);
        assert!(!map.is_empty());
        let pairs: Vec<(&Locale, &&str)> = (&map).into_iter().collect();
        assert_eq!(
            pairs,
            [
                (&Locale::En, &"hi"),
                (&Locale::Fr, &"salut"),
                (&Locale::ZhTw, &"你好")
            ]
        );
        assert_eq!(
            serde_json::to_string(&map).expect("encodes"),
            r#"{"type":"greeting","en":"hi","fr":"salut","zh-TW":"你好"}"#
        );
        assert_eq!(map.remove("fr"), Some("salut"));
        assert_eq!(map.remove(&Locale::Fr), None);
        map.extend([(Locale::Unknown("type".into()), "clash")]);
        assert_eq!(
            serde_json::to_string(&map).expect("encodes"),
            r#"{"type":"greeting","en":"hi","zh-TW":"你好"}"#
        );
        map.set_kind(None);
        for (_, v) in map.iter_mut() {
            *v = "x";
        }
        assert_eq!(
            map.into_iter()
                .map(|(l, v)| (l.to_string(), v))
                .collect::<Vec<_>>(),
            [
                ("en".to_owned(), "x"),
                ("type".to_owned(), "x"),
                ("zh-TW".to_owned(), "x")
            ]
        );
        assert!(LocaleMap::<u8>::default().is_empty());
    }

    #[test]
    fn locale_codes() {
        assert_eq!(Locale::KNOWN.len(), 37);
        let mut seen = HashSet::new();
        for locale in Locale::KNOWN {
            let code = locale.as_str();
            assert!(seen.insert(code), "{code} twice");
            assert_eq!(&Locale::from(code), locale);
            assert!(!matches!(Locale::from(code), Locale::Unknown(_)), "{code}");
            assert!(locale.language().is_some());
            assert_eq!(locale.to_string(), code);
        }
        // Declared in code order, which is the `Ord` order.
        assert!(Locale::KNOWN.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(Locale::PtBr.as_str(), "pt-BR");
        assert_eq!(Locale::PtBr.language(), Some("Portuguese (Brazil)"));
        assert_eq!(Locale::ZhCn.as_str(), "zh-CN");
        assert_eq!(Locale::Nb.language(), Some("Norwegian Bokmål"));
        assert_eq!("zh-TW".parse::<Locale>(), Ok(Locale::ZhTw));
        assert_eq!(Locale::from("pt-br"), Locale::Unknown("pt-br".into()));
        assert_eq!(Locale::from(String::from("xx")).as_str(), "xx");
        assert_eq!(Locale::from(String::from("de")), Locale::De);
        assert_eq!(Locale::Unknown("xx".into()).language(), None);
    }

    #[test]
    fn locale_equality_order_and_serde() {
        assert_eq!(Locale::Unknown("fr".into()), Locale::Fr);
        let mut sorted = [
            Locale::ZhCn,
            Locale::from("xx"),
            Locale::PtBr,
            Locale::Pt,
            Locale::Ar,
        ];
        sorted.sort();
        assert_eq!(
            sorted.iter().map(Locale::as_str).collect::<Vec<_>>(),
            ["ar", "pt", "pt-BR", "xx", "zh-CN"]
        );
        let set: HashSet<Locale> = [Locale::Fr, Locale::Unknown("fr".into())].into();
        assert_eq!(set.len(), 1);
        assert!(set.contains("fr"));
        assert_eq!(
            serde_json::to_string(&[Locale::PtBr, Locale::from("xx")]).expect("encodes"),
            r#"["pt-BR","xx"]"#
        );
        assert_eq!(
            serde_json::from_str::<Vec<Locale>>(r#"["en","zh-CN","xx"]"#).expect("decodes"),
            [Locale::En, Locale::ZhCn, Locale::Unknown("xx".into())]
        );
        assert!(serde_json::from_str::<Locale>("[]").is_err());
    }
}
