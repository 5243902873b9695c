//! Constructor names: what a person would write to build a request value.
//!
//! | Rule | Where | Behaviour |
//! | --- | --- | --- |
//! | Alternative named by its title | [`alternative_method`] | an "at least one of" alternative titled `<field>: \`<value>\`` whose field is an enum with that value (compared without `_`, any case: `inapp` is `in_app`) is built by a method named after the value (`email`, `in_app`, `whatsapp`), which fills the field in; otherwise `with_` + the keys only it needs, joined by `_and_` (`with_body`). |
//! | Union constructor | [`union_constructor`] | the variant's words, then the words of what the struct constructor names (an alternative's method, or the one value of a kind field such as `message_type`), then `by` + the identifying key for every keyed variant but the first of a nested union: `admin` + `comment` → `admin_comment`, `contact` + `comment` → `contact_comment`, `contact_comment_by_email`. A word already said is not repeated (`close` + `close` → `close`). In a union told apart by keys the variant is its key: the kind alone names the first variant's constructor and `by` + key the others (`comment`, `comment_by_user_id`); without a kind the variant's name stays (`email`). |
//! | Kind fields | [`KIND_FIELDS`] | the fields whose one value names what a variant does. |

use super::identifiers::{finish_snake, snake_join, suffix_keyword, words};

/// Fields whose value says what kind of request a struct is (`message_type: comment`): their
/// one value (or each alternative's value) goes into a union constructor's name.
pub const KIND_FIELDS: [&str; 2] = ["message_type", "data_type"];

/// `<field>: \`<value>\`` (a trailing full stop allowed): the field and value an alternative's
/// title names.
pub fn title_value(title: &str) -> Option<(&str, &str)> {
    let title = title.trim().trim_end_matches('.').trim();
    let (field, rest) = title.split_once(':')?;
    let value = rest.trim().strip_prefix('`')?.strip_suffix('`')?;
    let field = field.trim();
    let plain = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '_');
    (plain(field) && !value.is_empty() && !value.contains('`')).then_some((field, value))
}

/// The enum value among `values` a title's value means: equal, or equal once `_`, `-` and case
/// are ignored (`inapp` → `in_app`).
pub fn matching_value<'a>(said: &str, values: &'a [String]) -> Option<&'a String> {
    let squash = |s: &str| {
        s.chars()
            .filter(|c| !matches!(c, '_' | '-' | ' '))
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    values
        .iter()
        .find(|v| *v == said)
        .or_else(|| values.iter().find(|v| squash(v) == squash(said)))
}

/// The method building one "at least one of" alternative: the value its title names (when
/// `named_value` is that value, checked against the field's enum by the caller), else `with_` +
/// the keys that tell it apart.
pub fn alternative_method(named_value: Option<&str>, distinct_keys: &[&str]) -> String {
    match named_value {
        Some(value) => suffix_keyword(finish_snake(snake_join(&words(value)), "build")),
        None => {
            let keys: Vec<String> = distinct_keys
                .iter()
                .map(|k| snake_join(&words(k)))
                .collect();
            suffix_keyword(finish_snake(
                format!("with_{}", keys.join("_and_")),
                "build",
            ))
        }
    }
}

/// A union constructor's name: `variant` (snake or camel), then `what` (an alternative's
/// method or a kind field's value, `with_…` names left out), then `by_<key>` when given; words
/// already said are not repeated.
pub fn union_constructor(variant: &str, what: Option<&str>, by_key: Option<&str>) -> String {
    let mut out: Vec<String> = words(variant);
    if let Some(what) = what.filter(|w| !w.starts_with("with_")) {
        for w in words(what) {
            if !out.contains(&w) {
                out.push(w);
            }
        }
    }
    if let Some(key) = by_key {
        let key_words = words(key);
        if !key_words.iter().all(|w| out.contains(w)) {
            out.push("by".into());
            out.extend(key_words);
        }
    }
    suffix_keyword(finish_snake(snake_join(&out), "build"))
}

#[cfg(test)]
mod tests;
