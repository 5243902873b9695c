//! Reading an overlay whose mappings repeat keys (the 2.x overlay declares `company`, `admin`
//! and `article_list_item` twice): the later entry wins, as with the common YAML loaders, and
//! the repeated keys are listed. (`serde_yaml::Value` refuses such documents.)

use std::fmt;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_yaml::{Mapping, Value};

/// A YAML value where a repeated key's later entry wins, with the repeated keys found inside it.
struct LastWins {
    value: Value,
    repeated: Vec<String>,
}

/// Parses `text`; returns the value and every key a mapping repeats (as `parent.key`).
pub fn parse(text: &[u8]) -> Result<(Value, Vec<String>), serde_yaml::Error> {
    let parsed: LastWins = serde_yaml::from_slice(text)?;
    Ok((parsed.value, parsed.repeated))
}

impl<'de> Deserialize<'de> for LastWins {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<LastWins, D::Error> {
        deserializer.deserialize_any(LastWinsVisitor)
    }
}

struct LastWinsVisitor;

fn plain(value: Value) -> LastWins {
    LastWins {
        value,
        repeated: Vec::new(),
    }
}

impl<'de> Visitor<'de> for LastWinsVisitor {
    type Value = LastWins;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<LastWins, E> {
        Ok(plain(Value::Bool(v)))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<LastWins, E> {
        Ok(plain(Value::Number(v.into())))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<LastWins, E> {
        Ok(plain(Value::Number(v.into())))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<LastWins, E> {
        Ok(plain(Value::Number(v.into())))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<LastWins, E> {
        Ok(plain(Value::String(v.to_string())))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<LastWins, E> {
        Ok(plain(Value::String(v)))
    }

    fn visit_unit<E: de::Error>(self) -> Result<LastWins, E> {
        Ok(plain(Value::Null))
    }

    fn visit_none<E: de::Error>(self) -> Result<LastWins, E> {
        Ok(plain(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<LastWins, D::Error> {
        LastWins::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<LastWins, A::Error> {
        let mut items = Vec::new();
        let mut repeated = Vec::new();
        while let Some(item) = seq.next_element::<LastWins>()? {
            repeated.extend(item.repeated);
            items.push(item.value);
        }
        Ok(LastWins {
            value: Value::Sequence(items),
            repeated,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<LastWins, A::Error> {
        let mut out = Mapping::new();
        let mut repeated = Vec::new();
        while let Some((key, value)) = map.next_entry::<LastWins, LastWins>()? {
            let name = key.value.as_str().unwrap_or("?").to_string();
            repeated.extend(value.repeated.into_iter().map(|r| format!("{name}.{r}")));
            if out.insert(key.value, value.value).is_some() {
                repeated.push(name);
            }
        }
        Ok(LastWins {
            value: Value::Mapping(out),
            repeated,
        })
    }
}

#[cfg(test)]
mod tests;
