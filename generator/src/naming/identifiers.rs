//! Rust identifiers from spec strings: words, keywords, case, symbols, collisions (the rules
//! table in [`super`]).

use std::collections::HashSet;

use heck::ToSnakeCase;

use crate::vocab::Operator;

/// The variant name the generator reserves for the catch-all variant of every string enum.
///
/// [`variant_name`] never returns it.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// Strict keywords of every edition up to 2024, including the 2018 additions.
const STRICT_KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while",
];

/// Reserved keywords (unused today but rejected as identifiers), including 2018's `try` and
/// 2024's `gen`.
const RESERVED_KEYWORDS: &[&str] = &[
    "abstract", "become", "box", "do", "final", "gen", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be written as raw identifiers (`r#self` is an error).
pub(super) const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

/// Returns true when `s` is a Rust keyword and therefore cannot be used as a plain identifier.
///
/// Covers the strict keywords (`type`, `self`, `Self`, `crate`, …), the edition-2018 keywords
/// `async`, `await`, `dyn`, and the reserved keywords (`abstract`, `box`, `try`, edition 2024's
/// `gen`, …). The check is case-sensitive (`Self` is a keyword, `SELF` is not).
///
/// Weak (contextual) keywords — `union`, `macro_rules`, `raw`, `safe` — return `false`: Rust
/// accepts them as names of fields, methods, modules, types and variants, which is all the
/// generator emits (`HashSet::union` is a method in `std`).
pub fn is_keyword(s: &str) -> bool {
    STRICT_KEYWORDS.contains(&s) || RESERVED_KEYWORDS.contains(&s)
}

/// Compound words written in camel form that are nevertheless one word. Matched with the first
/// letter in either case; see [`words`].
const COMPOUNDS: &[&str] = &[
    "WhatsApp",
    "OAuth",
    "iOS",
    "macOS",
    "GitHub",
    "GitLab",
    "LinkedIn",
    "YouTube",
    "JavaScript",
    "TypeScript",
    "PayPal",
    "HubSpot",
    "WordPress",
    "TikTok",
    "SharePoint",
];

/// Splits any spec string into lowercase ASCII word tokens.
///
/// The string is first made ASCII (common accented Latin letters are folded, `ß` → `ss`; any
/// other non-ASCII letter or digit becomes a word `u<hex code point>`; other non-ASCII characters
/// separate words). Camel-form compounds from a small table (`WhatsApp`, `OAuth`, `iOS`, …) are
/// kept as one word, and acronym plurals (`IDs`, `URLs`) are kept as one word. The result is then
/// snake-cased with `heck` and split on `_`.
///
/// Examples: `customAttributes` → [`custom`, `attributes`]; `pt-BR` → [`pt`, `br`];
/// `getWhatsAppMessageStatus` → [`get`, `whatsapp`, `message`, `status`];
/// `listDeletedConversationIds` → [`list`, `deleted`, `conversation`, `ids`];
/// `2.15` → [`2`, `15`]; `$` → [] (no words).
pub fn words(s: &str) -> Vec<String> {
    let ascii = fold_to_ascii(s);
    let merged = merge_compounds(&ascii);
    let fixed = fix_acronym_plurals(&merged);
    fixed
        .to_snake_case()
        .split('_')
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect()
}

/// Folds common Latin letters to ASCII; see [`words`].
fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'À'..='Å' | 'Ą' | 'Ā' => "A",
        'à'..='å' | 'ą' | 'ā' => "a",
        'Æ' => "AE",
        'æ' => "ae",
        'Ç' | 'Ć' | 'Č' => "C",
        'ç' | 'ć' | 'č' => "c",
        'Ð' | 'Đ' | 'Ď' => "D",
        'ð' | 'đ' | 'ď' => "d",
        'È'..='Ë' | 'Ę' | 'Ě' | 'Ē' => "E",
        'è'..='ë' | 'ę' | 'ě' | 'ē' => "e",
        'Ğ' => "G",
        'ğ' => "g",
        'Ì'..='Ï' | 'İ' | 'Ī' => "I",
        'ì'..='ï' | 'ı' | 'ī' => "i",
        'Ł' => "L",
        'ł' => "l",
        'Ñ' | 'Ń' | 'Ň' => "N",
        'ñ' | 'ń' | 'ň' => "n",
        'Ò'..='Ö' | 'Ø' | 'Ő' | 'Ō' => "O",
        'ò'..='ö' | 'ø' | 'ő' | 'ō' => "o",
        'Œ' => "OE",
        'œ' => "oe",
        'Ř' => "R",
        'ř' => "r",
        'Ś' | 'Š' | 'Ş' => "S",
        'ś' | 'š' | 'ş' => "s",
        'ß' => "ss",
        'Ť' => "T",
        'ť' => "t",
        'Þ' => "TH",
        'þ' => "th",
        'Ù'..='Ü' | 'Ů' | 'Ű' | 'Ū' => "U",
        'ù'..='ü' | 'ů' | 'ű' | 'ū' => "u",
        'Ý' | 'Ÿ' => "Y",
        'ý' | 'ÿ' => "y",
        'Ź' | 'Ż' | 'Ž' => "Z",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
}

/// Makes `s` ASCII: folds what [`fold_char`] knows, spells other alphanumerics as ` u<hex> `
/// words and turns every other non-ASCII character into a space (a word separator).
fn fold_to_ascii(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
        } else if let Some(folded) = fold_char(c) {
            out.push_str(folded);
        } else if c.is_alphanumeric() {
            out.push_str(&format!(" u{:04x} ", u32::from(c)));
        } else {
            out.push(' ');
        }
    }
    out
}

/// Rewrites each [`COMPOUNDS`] entry found in camel form to a single capitalised word
/// (`WhatsApp` → `Whatsapp`). `s` must be ASCII.
fn merge_compounds(s: &str) -> String {
    let mut bytes = s.as_bytes().to_vec();
    for pattern in COMPOUNDS {
        let p = pattern.as_bytes();
        let mut i = 0;
        while i + p.len() <= bytes.len() {
            let window = &bytes[i..i + p.len()];
            let first_ok = window[0].eq_ignore_ascii_case(&p[0]);
            let rest_ok = window[1..] == p[1..];
            let start_ok = i == 0 || {
                let prev = bytes[i - 1];
                !prev.is_ascii_alphabetic()
                    || ((prev.is_ascii_lowercase() || prev.is_ascii_digit())
                        && window[0].is_ascii_uppercase())
            };
            let end_ok = bytes
                .get(i + p.len())
                .is_none_or(|next| !next.is_ascii_lowercase());
            if first_ok && rest_ok && start_ok && end_ok {
                for b in &mut bytes[i + 1..i + p.len()] {
                    b.make_ascii_lowercase();
                }
                i += p.len();
            } else {
                i += 1;
            }
        }
    }
    String::from_utf8(bytes).unwrap_or_default()
}

/// Rewrites acronym plurals so they stay one word: a run of two or more capitals followed by a
/// lowercase `s` that ends the word (`IDs` → `Ids`). `s` must be ASCII.
fn fix_acronym_plurals(s: &str) -> String {
    let mut bytes = s.as_bytes().to_vec();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i].is_ascii_uppercase() {
            let mut j = i;
            while j < bytes.len() && bytes[j].is_ascii_uppercase() {
                j += 1;
            }
            let plural = j - i >= 2
                && bytes.get(j) == Some(&b's')
                && bytes
                    .get(j + 1)
                    .is_none_or(|next| !next.is_ascii_lowercase());
            if plural {
                for b in &mut bytes[i + 1..j] {
                    b.make_ascii_lowercase();
                }
            }
            i = j;
        } else {
            i += 1;
        }
    }
    String::from_utf8(bytes).unwrap_or_default()
}

/// Spelled-out names of symbol characters, used when a string has no words at all.
fn symbol_char_words(c: char) -> Vec<String> {
    let spelled: &[&str] = match c {
        '!' => &["exclamation"],
        '"' => &["quote"],
        '#' => &["hash"],
        '$' => &["dollar"],
        '%' => &["percent"],
        '&' => &["ampersand"],
        '\'' => &["apostrophe"],
        '(' => &["open", "paren"],
        ')' => &["close", "paren"],
        '*' => &["asterisk"],
        '+' => &["plus"],
        ',' => &["comma"],
        '-' => &["minus"],
        '.' => &["dot"],
        '/' => &["slash"],
        ':' => &["colon"],
        ';' => &["semicolon"],
        '<' => &["less", "than"],
        '=' => &["equals"],
        '>' => &["greater", "than"],
        '?' => &["question"],
        '@' => &["at"],
        '[' => &["open", "bracket"],
        '\\' => &["backslash"],
        ']' => &["close", "bracket"],
        '^' => &["caret"],
        '_' => &["underscore"],
        '`' => &["backtick"],
        '{' => &["open", "brace"],
        '|' => &["pipe"],
        '}' => &["close", "brace"],
        '~' => &["tilde"],
        ' ' => &["space"],
        '\t' => &["tab"],
        '\n' => &["newline"],
        '\r' => &["carriage", "return"],
        _ => return vec![format!("u{:04x}", u32::from(c))],
    };
    spelled.iter().map(|w| (*w).to_owned()).collect()
}

/// All characters of `s` spelled out as words (`<>` → [`less`, `than`, `greater`, `than`]).
fn symbol_words(s: &str) -> Vec<String> {
    s.chars().flat_map(symbol_char_words).collect()
}

/// The words of `s`, or, when it has none, its characters spelled out.
fn words_or_symbols(s: &str) -> Vec<String> {
    let w = words(s);
    if w.is_empty() { symbol_words(s) } else { w }
}

/// Joins lowercase words in UpperCamel case, keeping a `_` between two words that would
/// otherwise run digits together (`["2", "15"]` → `2_15`).
fn camel_join<S: AsRef<str>>(words: &[S]) -> String {
    let mut out = String::new();
    for w in words {
        let w = w.as_ref();
        if out.ends_with(|c: char| c.is_ascii_digit())
            && w.starts_with(|c: char| c.is_ascii_digit())
        {
            out.push('_');
        }
        let mut chars = w.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars.map(|c| c.to_ascii_lowercase()));
        }
    }
    out
}

/// Joins lowercase words with `_`.
pub(super) fn snake_join<S: AsRef<str>>(words: &[S]) -> String {
    words
        .iter()
        .map(|w| w.as_ref().to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_")
}

/// Final UpperCamel rules: empty → `empty`; leading digit → `V` prefix; keyword → `_` suffix.
fn finish_camel(name: String, empty: &str) -> String {
    let name = if name.is_empty() {
        empty.to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("V{name}")
    } else {
        name
    };
    if is_keyword(&name) {
        format!("{name}_")
    } else {
        name
    }
}

/// Final snake rules except keywords: empty → `empty`; leading digit → `_` prefix.
pub(super) fn finish_snake(name: String, empty: &str) -> String {
    if name.is_empty() {
        empty.to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name
    }
}

/// Appends `_` to keywords.
pub(super) fn suffix_keyword(name: String) -> String {
    if is_keyword(&name) {
        format!("{name}_")
    } else {
        name
    }
}

/// UpperCamelCase type name for a spec (schema) name.
///
/// `contact_list` → `ContactList`, `error` → `Error`, `tag.list` → `TagList`,
/// `HTTPServer` → `HttpServer`, `2.15` → `V2_15` (leading digit → `V`; digit next to digit keeps
/// a `_`), `` → `Unnamed`, symbols only → spelled out (`$` → `Dollar`). The result is always a
/// valid identifier and never a keyword (`Self` → `Self_`).
pub fn type_name(spec: &str) -> String {
    finish_camel(camel_join(&words_or_symbols(spec)), "Unnamed")
}

/// snake_case name for a struct field, query/path/header parameter or function argument.
///
/// `customAttributes` → `custom_attributes`, `pt-BR` → `pt_br`, `zh-CN` → `zh_cn`,
/// `Intercom-Version` → `intercom_version`, `$foo` → `foo`, `@x` → `x` (symbols around words are
/// dropped: [`dedupe`] resolves any collision), `1st` → `_1st` (leading digit → `_` prefix),
/// symbols only → spelled out (`+` → `plus`), `` → `field`. Keywords become raw identifiers
/// (`type` → `r#type`, `async` → `r#async`) except `self`, `super`, `crate` (and `Self`), which
/// Rust does not allow as raw identifiers and which get a `_` suffix (`self` → `self_`).
pub fn field_name(wire: &str) -> String {
    let name = finish_snake(snake_join(&words_or_symbols(wire)), "field");
    if !is_keyword(&name) {
        name
    } else if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        format!("r#{name}")
    }
}

/// Whether a field needs `#[serde(rename = "…")]`: false exactly when [`field_name`]`(wire)`,
/// with any `r#` prefix removed, is spelled like `wire`.
///
/// `type` → false (`r#type`), `name` → false, `customAttributes` → true, `pt-BR` → true,
/// `self` → true (`self_`), `` → true.
pub fn needs_rename(wire: &str) -> bool {
    let name = field_name(wire);
    name.strip_prefix("r#").unwrap_or(&name) != wire
}

/// Wire values spelled as search operators ([`Operator::as_str`]), mapped to their variant
/// names; `IN` is left to the word rule (`In`). `NIN` is matched ASCII-case-insensitively.
const OPERATOR_VARIANTS: &[(Operator, &str)] = &[
    (Operator::Equals, "Equals"),
    (Operator::NotEquals, "NotEquals"),
    (Operator::LessThan, "LessThan"),
    (Operator::LessThanOrEqual, "LessThanOrEquals"),
    (Operator::GreaterThan, "GreaterThan"),
    (Operator::GreaterThanOrEqual, "GreaterThanOrEquals"),
    (Operator::Contains, "Contains"),
    (Operator::NotContains, "NotContains"),
    (Operator::StartsWith, "StartsWith"),
    (Operator::EndsWith, "EndsWith"),
    (Operator::NotIn, "NotIn"),
];

/// UpperCamelCase enum variant for a wire value.
///
/// Word values: `user` → `User`, `tag.list` → `TagList`, `Back-office` → `BackOffice`,
/// `news-item` → `NewsItem`, `AND` → `And`, `IN` → `In`, `true` → `True`,
/// `application/octet-stream` → `ApplicationOctetStream`; leading digit → `V`
/// (`2.15` → `V2_15`, `1.0` → `V1_0`, `3rd_party_error` → `V3rdPartyError`).
///
/// Operators (whole value): `=` → `Equals`, `!=` → `NotEquals`, `<` → `LessThan`,
/// `<=` → `LessThanOrEquals`, `>` → `GreaterThan`, `>=` → `GreaterThanOrEquals`,
/// `~` → `Contains`, `!~` → `NotContains`, `^` → `StartsWith`, `$` → `EndsWith`,
/// `NIN` → `NotIn`. Any other value without letters or digits is spelled character by character
/// (`<>` → `LessThanGreaterThan`, `*` → `Asterisk`, ` ` → `Space`). The empty string → `Empty`.
///
/// Never a keyword (`Self`/`self` → `Self_`) and never [`UNKNOWN_VARIANT`]: the wire value
/// `unknown` (any case) becomes `UnknownValue`.
pub fn variant_name(wire: &str) -> String {
    if wire.is_empty() {
        return "Empty".to_owned();
    }
    if let Some((_, name)) = OPERATOR_VARIANTS
        .iter()
        .find(|(op, _)| op.as_str().eq_ignore_ascii_case(wire))
    {
        return (*name).to_owned();
    }
    let name = finish_camel(camel_join(&words_or_symbols(wire)), "Empty");
    if name == UNKNOWN_VARIANT {
        format!("{UNKNOWN_VARIANT}Value")
    } else {
        name
    }
}

/// snake_case module name for a resource (an OpenAPI tag).
///
/// `AI Content` → `ai_content`, `Help Center` → `help_center`, `IP Allowlist` → `ip_allowlist`,
/// `Conversations Attributes` → `conversations_attributes`, `Switch` → `switch`,
/// `WhatsApp` → `whatsapp`. Leading digit → `_` prefix, keyword → `_` suffix (`Type` → `type_`),
/// symbols only → spelled out, `` → `unnamed`.
pub fn module_name(tag: &str) -> String {
    suffix_keyword(finish_snake(snake_join(&words_or_symbols(tag)), "unnamed"))
}

/// Request-builder struct name: UpperCamel of the resource module followed by the method
/// (`contacts`, `get_by_external_id`) → `ContactsGetByExternalId`. A raw `r#` prefix or keyword
/// `_` suffix on either part is ignored.
pub fn builder_name(resource_module: &str, method: &str) -> String {
    let strip = |s: &str| s.strip_prefix("r#").unwrap_or(s).to_owned();
    let mut w = words(&strip(resource_module));
    w.extend(words(&strip(method)));
    finish_camel(camel_join(&w), "Unnamed")
}

/// Whether `s` is an identifier as produced by [`type_name`]: ASCII, starting with a capital,
/// `_` only between two digits or as a single keyword-escaping suffix.
fn is_camel_ident(s: &str) -> bool {
    let b = s.as_bytes();
    let body = s.strip_suffix('_').unwrap_or(s).as_bytes();
    b.first().is_some_and(u8::is_ascii_uppercase)
        && body.iter().enumerate().all(|(i, c)| {
            c.is_ascii_alphanumeric()
                || (*c == b'_'
                    && i > 0
                    && body[i - 1].is_ascii_digit()
                    && body.get(i + 1).is_some_and(u8::is_ascii_digit))
        })
}

/// Name for an inline (anonymous) schema: the parent type name followed by the UpperCamel
/// context (property name, or other context word).
///
/// (`Contact`, `location`) → `ContactLocation`; (`V2_15`, `1`) → `V2_15_1`; a keyword-escaped
/// parent loses its `_` (`Self_`, `x`) → `SelfX`; an empty context gives the suffix `Inline`
/// (`Contact`, ``) → `ContactInline`. A `parent` that is not already a [`type_name`] result is
/// passed through [`type_name`] first. No de-stuttering: (`Ticket`, `ticket_attributes`) →
/// `TicketTicketAttributes`.
pub fn inline_type_name(parent: &str, context: &str) -> String {
    let base = if is_camel_ident(parent) {
        parent.to_owned()
    } else {
        type_name(parent)
    };
    let base = base.strip_suffix('_').unwrap_or(&base);
    let context_words = words_or_symbols(context);
    let tail = if context_words.is_empty() {
        "Inline".to_owned()
    } else {
        camel_join(&context_words)
    };
    let sep = if base.ends_with(|c: char| c.is_ascii_digit())
        && tail.starts_with(|c: char| c.is_ascii_digit())
    {
        "_"
    } else {
        ""
    };
    finish_camel(format!("{base}{sep}{tail}"), "Unnamed")
}

/// Appends the number `n` to `name` in its case style: `Name2` (UpperCamel; `V2_15_2` after a
/// digit; a keyword-escaping `_` is dropped, `Self_` → `Self2`) or `name_2` (snake; `self_2`
/// after a `_`). A raw `r#` prefix is dropped, since no keyword ends in a digit.
fn with_number(name: &str, n: usize) -> String {
    let name = name.strip_prefix("r#").unwrap_or(name);
    if name.starts_with(|c: char| c.is_ascii_uppercase()) {
        let base = name.strip_suffix('_').unwrap_or(name);
        let sep = if base.ends_with(|c: char| c.is_ascii_digit()) {
            "_"
        } else {
            ""
        };
        format!("{base}{sep}{n}")
    } else {
        let sep = if !name.is_empty() && name.ends_with('_') {
            ""
        } else {
            "_"
        };
        format!("{name}{sep}{n}")
    }
}

/// Makes names unique, deterministically.
///
/// Names are taken in order: the first occurrence keeps its name; a later duplicate gets `2`,
/// `3`, … appended in its case style (`list` → `list_2`, `Contact` → `Contact2`,
/// `V2_15` → `V2_15_2`, `self_` → `self_2`, `r#type` → `type_2`), skipping any number whose
/// result is already used or appears anywhere in the input (so an input `list_2` keeps its
/// name). Returns the final names, in input order, and the renamed entries as
/// (index, original name) for diagnostics.
pub fn dedupe(names: &[String]) -> (Vec<String>, Vec<(usize, String)>) {
    let all: HashSet<&str> = names.iter().map(String::as_str).collect();
    let mut used: HashSet<String> = HashSet::with_capacity(names.len());
    let mut out = Vec::with_capacity(names.len());
    let mut collisions = Vec::new();
    for (i, name) in names.iter().enumerate() {
        if used.insert(name.clone()) {
            out.push(name.clone());
            continue;
        }
        let mut n = 2;
        let unique = loop {
            let candidate = with_number(name, n);
            if !used.contains(&candidate) && !all.contains(candidate.as_str()) {
                break candidate;
            }
            n += 1;
        };
        used.insert(unique.clone());
        out.push(unique);
        collisions.push((i, name.clone()));
    }
    (out, collisions)
}

/// Method names of standard traits (clippy's `should_implement_trait` list): a chainable setter
/// with one of these names reads like the trait method, so it gets a `set_` prefix.
const TRAIT_METHODS: &[&str] = &[
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clone",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into_iter",
    "mul",
    "neg",
    "next",
    "not",
    "rem",
    "shl",
    "shr",
    "sub",
];

/// The name of a constant for a JSON key or dotted path (`location.country` →
/// `LOCATION_COUNTRY`).
pub fn const_name(wire: &str) -> String {
    field_name(wire)
        .trim_start_matches("r#")
        .trim_end_matches('_')
        .to_ascii_uppercase()
}

/// The name of a chainable setter for a field or parameter (`name` → `name`, `add` → `set_add`).
pub fn setter_name(field: &str) -> String {
    let plain = field.trim_start_matches("r#");
    if TRAIT_METHODS.contains(&plain) {
        format!("set_{plain}")
    } else {
        field.to_string()
    }
}

/// Whether a property name looks like a locale code: a lowercase ISO 639 language (`en`,
/// `fil`), optionally with an uppercase region (`pt-BR`, `zh-TW`). Used, together with the
/// object's shape, to recognise locale maps.
pub fn is_locale_code(name: &str) -> bool {
    let (language, region) = match name.split_once('-') {
        Some((l, r)) => (l, Some(r)),
        None => (name, None),
    };
    let language_ok =
        (2..=3).contains(&language.len()) && language.bytes().all(|b| b.is_ascii_lowercase());
    let region_ok =
        region.is_none_or(|r| r.len() == 2 && r.bytes().all(|b| b.is_ascii_uppercase()));
    language_ok && region_ok
}

/// Variant names for a union from its members' type names: the UpperCamel words all of them
/// share at the start and at the end are dropped (`CloseConversationRequest`,
/// `SnoozeConversationRequest` → `Close`, `Snooze`; `ContactReplyEmailRequest`,
/// `ContactReplyUserIdRequest` → `Email`, `UserId`). Names are returned unchanged when stripping
/// would leave one empty, start it with a digit, or make two equal.
pub fn strip_common_affixes(names: &[String]) -> Vec<String> {
    if names.len() < 2 {
        return names.to_vec();
    }
    let split: Vec<Vec<String>> = names.iter().map(|n| camel_words(n)).collect();
    let shortest = split.iter().map(Vec::len).min().unwrap_or(0);
    let prefix = (0..shortest)
        .take_while(|&i| split.iter().all(|w| w[i] == split[0][i]))
        .count();
    let suffix = (0..shortest - prefix)
        .take_while(|&i| {
            let last = split[0].len() - 1 - i;
            split.iter().all(|w| w[w.len() - 1 - i] == split[0][last])
        })
        .count();
    let stripped: Vec<String> = split
        .iter()
        .map(|w| w[prefix..w.len() - suffix].concat())
        .collect();
    let distinct: std::collections::BTreeSet<&String> = stripped.iter().collect();
    let usable = stripped
        .iter()
        .all(|s| s.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
        && distinct.len() == stripped.len();
    if usable { stripped } else { names.to_vec() }
}

/// Splits an UpperCamelCase identifier into its words (`ContactReplyV2_15` → `Contact`, `Reply`,
/// `V2_15`); an underscore stays with the word before it.
fn camel_words(name: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in name.chars() {
        match words.last_mut() {
            Some(w) if !c.is_ascii_uppercase() => w.push(c),
            _ => words.push(c.to_string()),
        }
    }
    words
}
