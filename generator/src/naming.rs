//! Every Rust identifier the generator emits is made here, and each naming rule lives in exactly
//! one place in this module.
//!
//! All functions are total: they accept any string (empty, symbols only, digits, non-ASCII) and
//! never panic. Every identifier they return is ASCII, is a valid Rust identifier in edition 2024,
//! is not a keyword (field names may be raw identifiers such as `r#type`), and passes rustc's
//! `non_snake_case` / `non_camel_case_types` lints.
//!
//! # Rules
//!
//! | Rule | Where | Behaviour |
//! | --- | --- | --- |
//! | Word splitting | [`words`] | `heck` snake-casing, split on `_`; camelCase, PascalCase, acronyms (`HTTPServer` → `http`, `server`) and any non-alphanumeric separator all split words; digits stick to the word they touch (`line1`, `v2`, `1st`). |
//! | Compound words | [`words`] | `WhatsApp`, `OAuth`, `iOS`, `macOS`, `GitHub`, `GitLab`, `LinkedIn`, `YouTube`, `JavaScript`, `TypeScript`, `PayPal`, `HubSpot`, `WordPress`, `TikTok`, `SharePoint` are one word (`whatsapp`) when written in that camel form. |
//! | Acronym plurals | [`words`] | `IDs`, `URLs`, `APIs` are one word (`ids`), not `i`, `ds`. |
//! | Non-ASCII | [`words`] | Common Latin letters are folded (`é` → `e`, `ß` → `ss`); any other letter or digit becomes its own word `u<hex>` (`日` → `u65e5`); other non-ASCII characters separate words. |
//! | Singular | [`singular`] | Only for comparisons (never changes emitted words): `ies` → `y`, `sses`/`xes`/`ches`/`shes` → drop `es`, else drop `s`; words ending `ss`/`us`/`is`, words of ≤ 2 letters and an invariant list (`news`, `status`, `data`, `sms`, …) unchanged; small irregular table. |
//! | Keywords | [`is_keyword`] | Strict, reserved and edition-2018/2024 keywords (`async`, `await`, `dyn`, `try`, `gen`). Weak keywords (`union`, `macro_rules`, `raw`, `safe`) are *not* keywords: Rust accepts them as field, method, module, type and variant names. |
//! | Leading digit, UpperCamel | [`type_name`], [`variant_name`], … | prefix `V` (`2.15` → `V2_15`, `3rd_party_error` → `V3rdPartyError`). |
//! | Leading digit, snake | [`field_name`], [`module_name`], [`method_name`] | prefix `_` (`1st` → `_1st`). |
//! | Digit next to digit | all | separate words that would run together keep a `_` (`2.15` → `V2_15`, `1.0` → `V1_0`); other words are simply concatenated (UpperCamel) or joined with `_` (snake). |
//! | Keyword, snake | [`field_name`] | raw identifier (`type` → `r#type`); `self`, `super`, `crate` cannot be raw and get a `_` suffix. |
//! | Keyword, elsewhere | [`module_name`], [`method_name`], [`type_name`], [`variant_name`] | suffix `_` (`type` → `type_`, `Self` → `Self_`). |
//! | Symbols only | [`field_name`], [`module_name`], [`type_name`], [`variant_name`] | symbols are spelled out character by character (`<>` → `LessThanGreaterThan`, `+` → `plus`); see [`variant_name`] for the operator table. |
//! | Empty | | [`type_name`] → `Unnamed`, [`field_name`] → `field`, [`module_name`] → `unnamed`, [`variant_name`] → `Empty`, [`method_name`] → `call`. |
//! | `Unknown` variant | [`variant_name`] | reserved for the generator's catch-all ([`UNKNOWN_VARIANT`]); a wire value `unknown` becomes `UnknownValue`. |
//! | Symbols next to words | [`field_name`], [`module_name`], [`type_name`], [`variant_name`] | dropped (`$foo` → `foo`, `@x` → `x`); [`dedupe`] resolves any resulting collision. |
//! | Owning resource | [`owning_tag`] | the tag whose module matches the first literal path segment (singular/plural-insensitive), else the first tag. |
//! | Method names | [`method_name`] | see its documentation: typo table, verb synonyms, fillers, resource-noun removal, trailing `by_id`. |
//! | Methods without operationId | [`method_name_from_path`] | trailing action segment, else HTTP verb (`list`/`get`/`create`/`update`/`delete`, `download`) plus the last literal segment. |
//! | Builders, inline types | [`builder_name`], [`inline_type_name`] | UpperCamel concatenation (`ContactsGetByExternalId`, `ContactLocation`); empty context → `Inline`. |
//! | Duplicates | [`dedupe`] | first keeps its name, later ones get `2`, `3`, … (`name_2` in snake case, `Name2` in UpperCamel). |

use std::collections::HashSet;

use heck::ToSnakeCase;

/// The variant name the generator reserves for the catch-all variant of every string enum.
///
/// [`variant_name`] never returns it.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// The job-status helper that polls until a job finishes (declared with `waiter` overrides).
pub const WAIT: &str = "wait";

/// The job-status helper that waits, then downloads the job's file.
pub const DOWNLOAD_WHEN_READY: &str = "download_when_ready";

/// The create-or-update helper of a create operation (declared with `upsert` overrides).
pub const UPSERT: &str = "upsert";

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
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate"];

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

/// Singular/plural pairs that the suffix rules in [`singular`] get wrong.
const IRREGULAR_PLURALS: &[(&str, &str)] = &[
    ("people", "person"),
    ("children", "child"),
    ("men", "man"),
    ("women", "woman"),
    ("indices", "index"),
    ("matrices", "matrix"),
    ("vertices", "vertex"),
    ("criteria", "criterion"),
    ("analyses", "analysis"),
    ("statuses", "status"),
    ("aliases", "alias"),
    ("buses", "bus"),
    ("viruses", "virus"),
    ("caches", "cache"),
    ("niches", "niche"),
    ("movies", "movie"),
    ("cookies", "cookie"),
    ("lives", "life"),
    ("leaves", "leaf"),
    ("halves", "half"),
    ("knives", "knife"),
    ("selves", "self"),
    ("shelves", "shelf"),
];

/// Words that end in `s` but are not plurals (or have no distinct singular).
const INVARIANT_WORDS: &[&str] = &[
    "news", "status", "analysis", "series", "species", "sms", "mms", "data", "metadata", "media",
    "ios", "macos", "always", "alias", "bus", "canvas", "gas", "has", "was", "its", "yes", "this",
    "perhaps", "chaos", "kudos", "thanks", "whereas",
];

/// The singular form of one lowercase word, used to compare nouns plural-insensitively.
///
/// The result is lowercase ASCII-case-folded input. Rules, first match wins: irregular table
/// (`statuses` → `status`, `people` → `person`, …); invariant list (`news`, `status`, `data`,
/// `sms`, `analysis`, …) and words of at most two letters or ending in `ss`, `us`, `is` stay;
/// `…ies` → `…y` (`companies` → `company`); `…sses`, `…xes`, `…ches`, `…shes` drop `es`
/// (`addresses` → `address`, `boxes` → `box`); any other trailing `s` is dropped
/// (`contacts` → `contact`, `ids` → `id`). It is only ever used for comparisons, so a rare wrong
/// singular only matters if both spellings are compared.
pub fn singular(word: &str) -> String {
    let w = word.to_ascii_lowercase();
    if let Some((_, one)) = IRREGULAR_PLURALS.iter().find(|(many, _)| *many == w) {
        return (*one).to_owned();
    }
    if INVARIANT_WORDS.contains(&w.as_str())
        || w.len() <= 2
        || w.ends_with("ss")
        || w.ends_with("us")
        || w.ends_with("is")
    {
        return w;
    }
    if let Some(stem) = w.strip_suffix("ies").filter(|stem| stem.len() >= 2) {
        return format!("{stem}y");
    }
    for suffix in ["sses", "xes", "ches", "shes"] {
        if w.ends_with(suffix) {
            return w[..w.len() - 2].to_owned();
        }
    }
    match w.strip_suffix('s') {
        Some(stem) => stem.to_owned(),
        None => w,
    }
}

/// Words of `s`, each made singular: the key for plural-insensitive noun comparisons.
fn singular_words(s: &str) -> Vec<String> {
    words(s).iter().map(|w| singular(w)).collect()
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
fn snake_join<S: AsRef<str>>(words: &[S]) -> String {
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
fn finish_snake(name: String, empty: &str) -> String {
    if name.is_empty() {
        empty.to_owned()
    } else if name.starts_with(|c: char| c.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name
    }
}

/// Appends `_` to keywords.
fn suffix_keyword(name: String) -> String {
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

/// Wire values spelled as operators, mapped to their variant names. `NIN` is matched
/// ASCII-case-insensitively.
const OPERATOR_VARIANTS: &[(&str, &str)] = &[
    ("=", "Equals"),
    ("!=", "NotEquals"),
    ("<", "LessThan"),
    ("<=", "LessThanOrEquals"),
    (">", "GreaterThan"),
    (">=", "GreaterThanOrEquals"),
    ("~", "Contains"),
    ("!~", "NotContains"),
    ("^", "StartsWith"),
    ("$", "EndsWith"),
    ("NIN", "NotIn"),
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
        .find(|(op, _)| op.eq_ignore_ascii_case(wire))
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

/// The literal (non-`{variable}`) segments of a URL path, ignoring any query or fragment.
fn path_segments(path: &str) -> Vec<(&str, bool)> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    path.split('/')
        .filter(|s| !s.is_empty())
        .map(|s| (s, s.contains('{')))
        .collect()
}

/// Chooses the resource (tag) that owns an operation listed under several tags.
///
/// Returns the first tag whose [`module_name`] equals the first literal segment of `path`,
/// compared word by word and singular/plural-insensitively (`/contacts/{id}/tags` with
/// [`Tags`, `Contacts`] → `Contacts`; `/companies/{id}/notes` with [`Notes`, `Companies`] →
/// `Companies`; `/messages/status` with [`Messages`, `WhatsApp`] → `Messages`); otherwise the
/// first tag. Returns the tag itself, not its module name; `None` only when `tags` is empty.
pub fn owning_tag<'a>(tags: &'a [String], path: &str) -> Option<&'a str> {
    let first = tags.first()?;
    let segment = path_segments(path)
        .into_iter()
        .find(|(_, is_var)| !is_var)
        .map(|(s, _)| singular_words(s))
        .filter(|w| !w.is_empty());
    let matching = segment.and_then(|segment| {
        tags.iter()
            .find(|t| singular_words(&module_name(t)) == segment)
    });
    Some(matching.unwrap_or(first))
}

/// Misspellings found in operationIds, with their corrections.
const TYPOS: &[(&str, &str)] = &[
    ("lis", "list"),
    ("retreive", "retrieve"),
    ("recieve", "receive"),
    ("udpate", "update"),
];

/// The words of an operationId with the [`TYPOS`] corrected.
fn corrected_words(operation_id: &str) -> Vec<String> {
    words(operation_id)
        .into_iter()
        .map(|t| match TYPOS.iter().find(|(wrong, _)| *wrong == t) {
            Some((_, right)) => (*right).to_owned(),
            None => t,
        })
        .collect()
}

/// The UpperCamelCase stem for types synthesised for an operation (its inline request body,
/// responses and parameters), from its operationId with typos corrected:
/// `lisDataEvents` → `ListDataEvents`, `ShowContact` → `ShowContact`.
pub fn operation_type_name(operation_id: &str) -> String {
    type_name(&corrected_words(operation_id).join("_"))
}

/// First-token verbs that mean `get`.
const GET_SYNONYMS: &[&str] = &["show", "find", "retrieve", "fetch"];

/// Words dropped anywhere in an operationId.
const FILLERS: &[&str] = &["a", "an", "the", "all", "attached"];

/// Prepositions that may introduce a trailing resource noun (removed with it).
const PREPOSITIONS: &[&str] = &[
    "to", "from", "for", "of", "with", "in", "on", "over", "into", "onto",
];

/// Particles of phrasal verbs (`set away`): a resource noun right after one is removed.
const PARTICLES: &[&str] = &["away", "up", "out", "off", "down", "back"];

/// Modifiers that do not stop rule (a): the resource noun may follow them
/// (`listDeletedConversationIds` → `list_deleted_ids`).
const TRANSPARENT_MODIFIERS: &[&str] = &[
    "deleted",
    "archived",
    "unarchived",
    "blocked",
    "merged",
    "linked",
    "unlinked",
    "published",
    "unpublished",
    "closed",
    "snoozed",
    "assigned",
    "unassigned",
];

/// Words that are verbs (and not commonly nouns). A resource noun right after one at the end of
/// an operationId is removed (`enqueueCreateTicket` → `enqueue_create`); a trailing path segment
/// starting with one is an action ([`method_name_from_path`]).
const VERBS: &[&str] = &[
    "add",
    "archive",
    "ask",
    "assign",
    "attach",
    "block",
    "cancel",
    "change",
    "close",
    "collect",
    "convert",
    "create",
    "delete",
    "detach",
    "disable",
    "dismiss",
    "download",
    "enable",
    "enqueue",
    "escalate",
    "export",
    "fetch",
    "find",
    "get",
    "identify",
    "import",
    "invite",
    "link",
    "list",
    "manage",
    "mark",
    "merge",
    "preview",
    "publish",
    "redact",
    "register",
    "remove",
    "reopen",
    "reply",
    "restore",
    "retrieve",
    "run",
    "scroll",
    "search",
    "send",
    "set",
    "show",
    "snooze",
    "stage",
    "start",
    "stop",
    "submit",
    "subscribe",
    "sync",
    "unarchive",
    "unassign",
    "unblock",
    "unlink",
    "unpublish",
    "unsubscribe",
    "update",
    "upload",
    "upsert",
    "verify",
];

/// Whether `tokens[at..]` starts with the singular words `noun`.
fn matches_at(tokens: &[String], at: usize, noun: &[String]) -> bool {
    at + noun.len() <= tokens.len()
        && tokens[at..at + noun.len()]
            .iter()
            .zip(noun)
            .all(|(t, n)| singular(t) == *n)
}

/// Length of the longest non-empty prefix of `resource` that `tokens[at..]` starts with.
fn resource_prefix_at(tokens: &[String], at: usize, resource: &[String]) -> Option<usize> {
    (1..=resource.len())
        .rev()
        .find(|&k| matches_at(tokens, at, &resource[..k]))
}

/// Removes the resource noun from method-name tokens, per [`method_name`]'s rules 4 and 5.
fn strip_resource_noun(tokens: &mut Vec<String>, resource: &[String]) {
    // (d) operationId starts with the whole resource noun.
    let led_by_noun =
        !resource.is_empty() && tokens.len() > resource.len() && matches_at(tokens, 0, resource);
    if led_by_noun {
        tokens.drain(..resource.len());
    } else if !resource.is_empty() && tokens.len() > 1 {
        // (a) right after the leading verb, skipping transparent modifiers.
        let mut at = 1;
        while at < tokens.len() && TRANSPARENT_MODIFIERS.contains(&tokens[at].as_str()) {
            at += 1;
        }
        if let Some(k) = resource_prefix_at(tokens, at, resource) {
            tokens.drain(at..at + k);
        }
    }
    // (5) trailing `by_id`.
    let n = tokens.len();
    if n > 2 && tokens[n - 2] == "by" && tokens[n - 1] == "id" {
        tokens.truncate(n - 2);
    }
    // (b) at the end, after a preposition (removed too), a verb or a particle.
    for k in (1..=resource.len()).rev() {
        let n = tokens.len();
        if n < k + 1 || !matches_at(tokens, n - k, &resource[..k]) {
            continue;
        }
        let before = tokens[n - k - 1].as_str();
        if PREPOSITIONS.contains(&before) && n - k > 1 {
            tokens.truncate(n - k - 1);
            break;
        }
        if VERBS.contains(&before) || PARTICLES.contains(&before) {
            tokens.truncate(n - k);
            break;
        }
    }
}

/// The method name a Rust user would guess for an operation inside its resource module.
///
/// `operation_id` may be camelCase, PascalCase or snake_case; `resource_module` is the
/// [`module_name`] of the owning resource. Working on [`words`]:
///
/// 1. Typos are fixed: `lis` → `list` (`lisDataAttributes`), `retreive`, `recieve`, `udpate`.
/// 2. A first word `show`, `find`, `retrieve` or `fetch` becomes `get`.
/// 3. Fillers are dropped anywhere: `a`, `an`, `the`, `all`, `attached`.
/// 4. The resource noun — the resource's words, or a non-empty prefix of them (`fin` for
///    `fin_agent`), compared with [`singular`] — is removed only:
///    - (d) when the operationId starts with the whole noun (`jobsStatus` in `jobs` → `status`,
///      `dataEventSummaries` in `data_events` → `summaries`); otherwise
///    - (a) right after the leading verb, possibly after participle modifiers such as `deleted`
///      (`ShowContactByExternalId` → `get_by_external_id`, `listOfficeHoursSchedules` in
///      `office_hours` → `list_schedules`, `listDeletedConversationIds` → `list_deleted_ids`);
///    - (b) at the end after a preposition (`to`, `from`, `for`, `of`, `with`, `in`, `on`,
///      `over`, `into`, `onto`), which goes too (`listCompaniesForAContact` → `list_companies`,
///      `replyToFin` → `reply`); or at the end right after a verb (`enqueueCreateTicket` →
///      `enqueue_create`, `createOrUpdateCompany` → `create_or_update`) or a phrasal particle
///      (`away`, `up`, `out`, `off`, `down`, `back`: `setAwayAdmin` → `set_away`).
///
///    A noun after any other modifier stays (`listSideConversations` → `list_side_conversations`,
///    `registerFinVoiceCall` in `calls` stays).
/// 5. A trailing `by_id` after at least one other word is dropped (`RetrieveACompanyById` →
///    `get`); other `by_*` stay (`get_by_external_id`).
/// 6. Nothing left → the first word, or `call` if there are no words; leading digit → `_`
///    prefix; keyword → `_` suffix.
///
/// Choice: in `news` the noun is `news`, so `listNewsItems` → `list_items`.
pub fn method_name(operation_id: &str, resource_module: &str) -> String {
    let mut tokens = corrected_words(operation_id);
    if let Some(first) = tokens
        .first_mut()
        .filter(|first| GET_SYNONYMS.contains(&first.as_str()))
    {
        *first = "get".to_owned();
    }
    let fallback = tokens.first().cloned().unwrap_or_else(|| "call".to_owned());
    tokens.retain(|t| !FILLERS.contains(&t.as_str()));
    strip_resource_noun(&mut tokens, &singular_words(resource_module));
    let name = if tokens.is_empty() {
        fallback
    } else {
        snake_join(&tokens)
    };
    suffix_keyword(finish_snake(name, "call"))
}

/// Verbs that name a GET (or HEAD) action segment; other verbs in a GET path are read as nouns
/// (`GET /contacts/{id}/merge_history` is not a merge).
const READ_VERBS: &[&str] = &[
    "get", "list", "search", "find", "show", "fetch", "retrieve", "scroll", "collect", "download",
    "export", "count",
];

/// Whether the last word of `segment` reads as a collection: a plural (`contacts`) or a
/// participle filter (`deleted`).
fn is_collection(segment: &str) -> bool {
    words(segment)
        .last()
        .is_some_and(|w| singular(w) != *w || TRANSPARENT_MODIFIERS.contains(&w.as_str()))
}

/// A method name synthesised from the HTTP method and path, for operations without an
/// operationId. The result goes through [`method_name`], so the same noun removal applies.
///
/// 1. Action: if the last literal segment is followed only by `{variables}` and its first word
///    is a verb, the segment names the method (`POST /export/reporting_data/enqueue` →
///    `enqueue`, `GET /export/reporting_data/get_datasets` → `get_datasets`,
///    `POST /contacts/{id}/archive` → `archive`, `POST /export/cancel/{id}` → `cancel`,
///    `GET /contacts/find_by_external_id/{id}` → `get_by_external_id`). For GET and HEAD only
///    read verbs count (`get`, `list`, `search`, `find`, `show`, `fetch`, `retrieve`, `scroll`,
///    `collect`, `download`, `export`, `count`).
/// 2. Otherwise the verb comes from the HTTP method: GET → `get` when the path ends in a
///    `{variable}` or in a singular literal (`/ip_allowlist`, `/calls/{id}/recording`), `list`
///    when it ends in a plural or participle literal (`/contacts`, `/conversations/deleted`) or
///    has no literal; POST → `create`; PUT/PATCH → `update`; DELETE → `delete`; any other method
///    → its own name in snake case. A GET whose first segment is `download` uses the verb
///    `download` (`GET /download/reporting_data/{job_identifier}` → `download`).
/// 3. The last literal segment is appended as the noun, unless its words all belong to the
///    resource noun (`GET /export/reporting_data/{job_identifier}` in `reporting_data_export` →
///    `get`); for verbs other than `list` its last word is made singular
///    (`POST /contacts/{id}/notes` → `create_note`, `GET /contacts/{id}/notes` → `list_notes`).
pub fn method_name_from_path(http_method: &str, path: &str, resource_module: &str) -> String {
    let segments = path_segments(path);
    let method = snake_join(&words(http_method));
    let read_only = matches!(method.as_str(), "get" | "head");
    let last_literal = segments
        .iter()
        .rposition(|(_, is_var)| !is_var)
        .map(|i| (i, segments[i].0));
    let verbs = if read_only { READ_VERBS } else { VERBS };
    let action = last_literal.map(|(_, s)| s).filter(|s| {
        words(s)
            .first()
            .is_some_and(|w| verbs.contains(&w.as_str()))
    });
    if let Some(action) = action {
        return method_name(action, resource_module);
    }
    let ends_in_var = segments.last().is_some_and(|(_, is_var)| *is_var);
    let is_download = segments
        .iter()
        .find(|(_, is_var)| !is_var)
        .is_some_and(|(s, _)| words(s) == ["download"]);
    let verb = match method.as_str() {
        "get" if is_download => "download".to_owned(),
        "get" if ends_in_var => "get".to_owned(),
        "get" => match last_literal {
            Some((_, s)) if !is_collection(s) => "get".to_owned(),
            _ => "list".to_owned(),
        },
        "post" => "create".to_owned(),
        "put" | "patch" => "update".to_owned(),
        "delete" => "delete".to_owned(),
        "" => "call".to_owned(),
        other => other.to_owned(),
    };
    let resource = singular_words(resource_module);
    let mut noun = last_literal.map(|(_, s)| words(s)).unwrap_or_default();
    let key: Vec<String> = noun.iter().map(|w| singular(w)).collect();
    if key.is_empty()
        || (is_download && key == ["download"])
        || resource.windows(key.len()).any(|run| run == key.as_slice())
    {
        noun.clear();
    }
    if let Some(last) = noun.last_mut().filter(|_| verb != "list") {
        *last = singular(last);
    }
    noun.insert(0, verb);
    method_name(&snake_join(&noun), resource_module)
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks that `s` is an identifier rustc accepts without naming lints.
    fn assert_ident(s: &str, snake: bool) {
        let plain = s.strip_prefix("r#").unwrap_or(s);
        assert!(!plain.is_empty(), "empty identifier");
        assert!(
            plain
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_'),
            "{s:?}"
        );
        assert!(!plain.starts_with(|c: char| c.is_ascii_digit()), "{s:?}");
        assert!(plain != "_", "{s:?}");
        if s.starts_with("r#") {
            assert!(is_keyword(plain) && !NOT_RAW.contains(&plain), "{s:?}");
        } else {
            assert!(!is_keyword(s), "{s:?} is a keyword");
        }
        let trimmed = plain.trim_matches('_');
        if snake {
            assert!(!trimmed.contains("__"), "{s:?}");
            assert!(!plain.bytes().any(|b| b.is_ascii_uppercase()), "{s:?}");
        } else {
            assert!(!trimmed.contains("__"), "{s:?}");
            let b = trimmed.as_bytes();
            assert!(b.first().is_some_and(u8::is_ascii_uppercase), "{s:?}");
            for w in b.windows(2) {
                let cased = |c: u8| c.is_ascii_alphabetic();
                assert!(
                    !((cased(w[0]) && w[1] == b'_') || (cased(w[1]) && w[0] == b'_')),
                    "{s:?}"
                );
            }
        }
    }

    const AWKWARD: &[&str] = &[
        "",
        " ",
        "_",
        "__",
        "$",
        "$foo",
        "@x",
        "1st",
        "2.15",
        "1.0",
        "123",
        "-",
        "=",
        "!=",
        "<=>",
        "self",
        "Self",
        "super",
        "crate",
        "type",
        "async",
        "gen",
        "try",
        "union",
        "unknown",
        "Unknown",
        "café",
        "日本",
        "😀",
        "a😀b",
        "\u{0}",
        "\t\n",
        "ǅemal",
        "İstanbul",
        "r#type",
        "x__y",
        "A_B",
        "ABC",
        "WhatsApp",
        "IDs",
        "zh-CN",
        "Intercom-Version",
        "3rd_party_error",
        "application/octet-stream",
        "{id}",
        "/contacts/{id}",
    ];

    #[test]
    fn keywords() {
        for k in [
            "as", "break", "const", "continue", "crate", "else", "enum", "extern", "false", "fn",
            "for", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub", "ref",
            "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
            "unsafe", "use", "where", "while", "async", "await", "dyn", "abstract", "become",
            "box", "do", "final", "macro", "override", "priv", "typeof", "unsized", "virtual",
            "yield", "try", "gen",
        ] {
            assert!(is_keyword(k), "{k}");
        }
        for k in [
            "union",
            "macro_rules",
            "raw",
            "safe",
            "",
            "Type",
            "SELF",
            "types",
            "r#type",
        ] {
            assert!(!is_keyword(k), "{k}");
        }
    }

    #[test]
    fn word_splitting() {
        let w = |s: &str| words(s);
        assert_eq!(w("customAttributes"), ["custom", "attributes"]);
        assert_eq!(w("CreateContact"), ["create", "contact"]);
        assert_eq!(w("list_contacts"), ["list", "contacts"]);
        assert_eq!(w("HTTPServer"), ["http", "server"]);
        assert_eq!(w("pt-BR"), ["pt", "br"]);
        assert_eq!(w("tag.list"), ["tag", "list"]);
        assert_eq!(w("2.15"), ["2", "15"]);
        assert_eq!(w("line1"), ["line1"]);
        assert_eq!(w("v2Beta"), ["v2", "beta"]);
        assert_eq!(w("1st"), ["1st"]);
        assert_eq!(w("  a  b "), ["a", "b"]);
        assert!(w("").is_empty());
        assert!(w("$").is_empty());
        assert!(w("__").is_empty());
    }

    #[test]
    fn compound_words() {
        assert_eq!(
            words("getWhatsAppMessageStatus"),
            ["get", "whatsapp", "message", "status"]
        );
        assert_eq!(words("WhatsApp"), ["whatsapp"]);
        assert_eq!(words("whatsAppStatus"), ["whatsapp", "status"]);
        assert_eq!(words("useOAuth"), ["use", "oauth"]);
        assert_eq!(words("iOSApp"), ["ios", "app"]);
        assert_eq!(words("supportsIOS"), ["supports", "ios"]);
        assert_eq!(words("GitHubUser"), ["github", "user"]);
        // Only the camel form is a compound: separated words stay separate.
        assert_eq!(words("linked_in"), ["linked", "in"]);
        assert_eq!(words("whats_app"), ["whats", "app"]);
        // Not inside a longer capital run.
        assert_eq!(words("RATIOS"), ["ratios"]);
        // Not when a lowercase letter continues the word.
        assert_eq!(words("WhatsApps"), ["whats", "apps"]);
    }

    #[test]
    fn acronym_plurals() {
        assert_eq!(words("ConversationIDs"), ["conversation", "ids"]);
        assert_eq!(words("listURLs"), ["list", "urls"]);
        assert_eq!(words("APIsV2"), ["apis", "v2"]);
        assert_eq!(words("IDsomething"), ["i", "dsomething"]);
        assert_eq!(words("ids"), ["ids"]);
    }

    #[test]
    fn non_ascii() {
        assert_eq!(words("café"), ["cafe"]);
        assert_eq!(words("Straße"), ["strasse"]);
        assert_eq!(words("日本"), ["u65e5", "u672c"]);
        assert_eq!(words("a😀b"), ["a", "b"]);
        assert_eq!(words("İstanbul"), ["istanbul"]);
        for s in AWKWARD {
            for w in words(s) {
                assert!(w.is_ascii() && !w.is_empty(), "{s:?} -> {w:?}");
            }
        }
    }

    #[test]
    fn singulars() {
        for (many, one) in [
            ("contacts", "contact"),
            ("companies", "company"),
            ("summaries", "summary"),
            ("addresses", "address"),
            ("boxes", "box"),
            ("matches", "match"),
            ("searches", "search"),
            ("wishes", "wish"),
            ("statuses", "status"),
            ("status", "status"),
            ("news", "news"),
            ("analysis", "analysis"),
            ("data", "data"),
            ("ids", "id"),
            ("hours", "hour"),
            ("switch", "switch"),
            ("business", "business"),
            ("caches", "cache"),
            ("responses", "response"),
            ("ties", "tie"),
            ("people", "person"),
            ("is", "is"),
            ("", ""),
            ("S", "s"),
            ("Contacts", "contact"),
        ] {
            assert_eq!(singular(many), one, "{many}");
        }
    }

    #[test]
    fn type_names() {
        for (spec, want) in [
            ("contact_list", "ContactList"),
            ("error", "Error"),
            ("tag.list", "TagList"),
            ("2.15", "V2_15"),
            ("", "Unnamed"),
            ("Self", "Self_"),
            ("self", "Self_"),
            ("HTTPServer", "HttpServer"),
            ("contact.role_updated", "ContactRoleUpdated"),
            ("$", "Dollar"),
            ("3rd_party_error", "V3rdPartyError"),
            ("v2.1", "V2_1"),
            ("union", "Union"),
        ] {
            assert_eq!(type_name(spec), want, "{spec:?}");
        }
        for s in AWKWARD {
            assert_ident(&type_name(s), false);
        }
    }

    #[test]
    fn field_names() {
        for (wire, want) in [
            ("type", "r#type"),
            ("async", "r#async"),
            ("gen", "r#gen"),
            ("self", "self_"),
            ("Self", "self_"),
            ("super", "super_"),
            ("crate", "crate_"),
            ("pt-BR", "pt_br"),
            ("zh-CN", "zh_cn"),
            ("zh-TW", "zh_tw"),
            ("Intercom-Version", "intercom_version"),
            ("customAttributes", "custom_attributes"),
            ("$foo", "foo"),
            ("@x", "x"),
            ("1st", "_1st"),
            ("2fa_enabled", "_2fa_enabled"),
            ("address_line_1", "address_line_1"),
            ("", "field"),
            ("+", "plus"),
            ("_", "underscore"),
            ("union", "union"),
            ("name", "name"),
        ] {
            assert_eq!(field_name(wire), want, "{wire:?}");
        }
        for s in AWKWARD {
            assert_ident(&field_name(s), true);
        }
    }

    #[test]
    fn renames() {
        for wire in [
            "type",
            "name",
            "address_line_1",
            "created_at",
            "union",
            "gen",
        ] {
            assert!(!needs_rename(wire), "{wire}");
        }
        for wire in [
            "customAttributes",
            "pt-BR",
            "self",
            "",
            "1st",
            "$foo",
            "Accept",
        ] {
            assert!(needs_rename(wire), "{wire}");
        }
    }

    #[test]
    fn variant_names() {
        for (wire, want) in [
            ("user", "User"),
            ("tag.list", "TagList"),
            ("Back-office", "BackOffice"),
            ("news-item", "NewsItem"),
            ("2.15", "V2_15"),
            ("1.0", "V1_0"),
            ("AND", "And"),
            ("OR", "Or"),
            ("=", "Equals"),
            ("!=", "NotEquals"),
            ("<", "LessThan"),
            ("<=", "LessThanOrEquals"),
            (">", "GreaterThan"),
            (">=", "GreaterThanOrEquals"),
            ("~", "Contains"),
            ("!~", "NotContains"),
            ("^", "StartsWith"),
            ("$", "EndsWith"),
            ("IN", "In"),
            ("NIN", "NotIn"),
            ("nin", "NotIn"),
            ("", "Empty"),
            ("true", "True"),
            ("false", "False"),
            ("unknown", "UnknownValue"),
            ("UNKNOWN", "UnknownValue"),
            ("Self", "Self_"),
            ("<>", "LessThanGreaterThan"),
            ("*", "Asterisk"),
            (" ", "Space"),
            ("3rd_party_error", "V3rdPartyError"),
            ("application/octet-stream", "ApplicationOctetStream"),
            ("contact.role_updated", "ContactRoleUpdated"),
            ("😀", "U1f600"),
        ] {
            assert_eq!(variant_name(wire), want, "{wire:?}");
        }
        for s in AWKWARD {
            let v = variant_name(s);
            assert_ident(&v, false);
            assert_ne!(v, UNKNOWN_VARIANT);
        }
    }

    #[test]
    fn module_names() {
        for (tag, want) in [
            ("AI Content", "ai_content"),
            ("Help Center", "help_center"),
            ("IP Allowlist", "ip_allowlist"),
            ("Conversations Attributes", "conversations_attributes"),
            ("Switch", "switch"),
            ("WhatsApp", "whatsapp"),
            ("Type", "type_"),
            ("Self", "self_"),
            ("", "unnamed"),
            ("2FA", "_2fa"),
        ] {
            assert_eq!(module_name(tag), want, "{tag:?}");
        }
        for s in AWKWARD {
            assert_ident(&module_name(s), true);
        }
    }

    fn tags(t: &[&str]) -> Vec<String> {
        t.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn owning_tags() {
        let t = tags(&["Tags", "Contacts"]);
        assert_eq!(owning_tag(&t, "/contacts/{id}/tags"), Some("Contacts"));
        let t = tags(&["Notes", "Companies"]);
        assert_eq!(owning_tag(&t, "/companies/{id}/notes"), Some("Companies"));
        let t = tags(&["Messages", "WhatsApp"]);
        assert_eq!(owning_tag(&t, "/messages/status"), Some("Messages"));
        let t = tags(&["Help Center"]);
        assert_eq!(
            owning_tag(&t, "/help_center/collections"),
            Some("Help Center")
        );
        // Singular path segment against plural tag.
        let t = tags(&["Notes", "Contact"]);
        assert_eq!(owning_tag(&t, "/contacts/{id}/notes"), Some("Contact"));
        // No match: first tag.
        let t = tags(&["Calls", "Fin"]);
        assert_eq!(owning_tag(&t, "/fin_voice/register"), Some("Calls"));
        assert_eq!(owning_tag(&t, ""), Some("Calls"));
        assert_eq!(owning_tag(&t, "/{id}"), Some("Calls"));
        assert_eq!(owning_tag(&[], "/contacts"), None);
        let t = tags(&["", "$"]);
        assert_eq!(owning_tag(&t, "/$/x"), Some(""));
    }

    /// The expected method names for the 2.16 description.
    const METHODS_2_16: &[(&str, &str, &str)] = &[
        ("contacts", "ListContacts", "list"),
        ("contacts", "CreateContact", "create"),
        ("contacts", "ShowContactByExternalId", "get_by_external_id"),
        ("contacts", "MergeContact", "merge"),
        ("contacts", "SearchContacts", "search"),
        ("contacts", "UpdateContact", "update"),
        ("contacts", "ShowContact", "get"),
        ("contacts", "DeleteContact", "delete"),
        ("contacts", "ArchiveContact", "archive"),
        ("contacts", "BlockContact", "block"),
        ("contacts", "listCompaniesForAContact", "list_companies"),
        ("contacts", "listSegmentsForAContact", "list_segments"),
        (
            "contacts",
            "listSubscriptionsForAContact",
            "list_subscriptions",
        ),
        ("contacts", "listTagsForAContact", "list_tags"),
        ("contacts", "UnarchiveContact", "unarchive"),
        ("contacts", "ListContactMergeHistory", "list_merge_history"),
        ("contacts", "attachContactToACompany", "attach_to_company"),
        (
            "contacts",
            "detachContactFromACompany",
            "detach_from_company",
        ),
        ("contacts", "listNotes", "list_notes"),
        ("contacts", "createNote", "create_note"),
        (
            "contacts",
            "attachSubscriptionTypeToContact",
            "attach_subscription_type",
        ),
        (
            "contacts",
            "detachSubscriptionTypeToContact",
            "detach_subscription_type",
        ),
        ("contacts", "attachTagToContact", "attach_tag"),
        ("contacts", "detachTagFromContact", "detach_tag"),
        ("contacts", "listContactBanners", "list_banners"),
        ("contacts", "dismissContactBanner", "dismiss_banner"),
        ("companies", "createOrUpdateCompany", "create_or_update"),
        ("companies", "listAllCompanies", "list"),
        ("companies", "scrollOverAllCompanies", "scroll"),
        ("companies", "RetrieveACompanyById", "get"),
        ("companies", "retrieveCompany", "get"),
        ("companies", "UpdateCompany", "update"),
        ("companies", "deleteCompany", "delete"),
        ("companies", "ListAttachedContacts", "list_contacts"),
        (
            "companies",
            "ListAttachedSegmentsForCompanies",
            "list_segments",
        ),
        ("companies", "listCompanyNotes", "list_notes"),
        ("companies", "createCompanyNote", "create_note"),
        ("conversations", "listConversations", "list"),
        (
            "conversations",
            "listDeletedConversationIds",
            "list_deleted_ids",
        ),
        ("conversations", "redactConversation", "redact"),
        ("conversations", "retrieveConversation", "get"),
        (
            "conversations",
            "convertConversationToTicket",
            "convert_to_ticket",
        ),
        (
            "conversations",
            "attachContactToConversation",
            "attach_contact",
        ),
        (
            "conversations",
            "detachContactFromConversation",
            "detach_contact",
        ),
        ("conversations", "manageConversation", "manage"),
        ("conversations", "replyConversation", "reply"),
        (
            "conversations",
            "listHandlingEvents",
            "list_handling_events",
        ),
        ("conversations", "mergeConversation", "merge"),
        (
            "conversations",
            "listSideConversations",
            "list_side_conversations",
        ),
        ("conversations", "attachTagToConversation", "attach_tag"),
        ("conversations", "detachTagFromConversation", "detach_tag"),
        ("help_center", "listAllCollections", "list_collections"),
        ("help_center", "retrieveHelpCenter", "get"),
        ("help_center", "listHelpCenters", "list"),
        ("help_center", "listHelpCenterRedirects", "list_redirects"),
        ("help_center", "retrieveHelpCenterRedirect", "get_redirect"),
        ("help_center", "retrieveCollection", "get_collection"),
        ("office_hours", "listOfficeHoursSchedules", "list_schedules"),
        ("office_hours", "getOfficeHoursSchedule", "get_schedule"),
        (
            "office_hours",
            "listOfficeHoursExceptions",
            "list_exceptions",
        ),
        (
            "conversations_attributes",
            "listConversationAttributes",
            "list",
        ),
        (
            "conversations_attributes",
            "createConversationAttributeOption",
            "create_option",
        ),
        ("data_attributes", "lisDataAttributes", "list"),
        ("data_attributes", "createDataAttribute", "create"),
        ("data_events", "lisDataEvents", "list"),
        ("data_events", "createDataEvent", "create"),
        ("data_events", "dataEventSummaries", "summaries"),
        ("data_export", "downloadDataExport", "download"),
        ("data_export", "getDataExport", "get"),
        (
            "data_connectors",
            "listDataConnectorExecutionResults",
            "list_execution_results",
        ),
        (
            "data_connectors",
            "showDataConnectorExecutionResult",
            "get_execution_result",
        ),
        ("data_connectors", "RetrieveDataConnector", "get"),
        (
            "custom_object_instances",
            "listCustomObjectInstances",
            "list",
        ),
        (
            "custom_object_instances",
            "getCustomObjectInstancesById",
            "get",
        ),
        ("admins", "identifyAdmin", "identify"),
        ("admins", "setAwayAdmin", "set_away"),
        ("admins", "listActivityLogs", "list_activity_logs"),
        ("admins", "retrieveAdmin", "get"),
        ("articles", "attachTagToArticle", "attach_tag"),
        ("articles", "retrieveArticleVersion", "get_version"),
        ("articles", "publishArticleDraft", "publish_draft"),
        ("calls", "showCall", "get"),
        ("calls", "showCallRecording", "get_recording"),
        ("calls", "listCallsWithTranscripts", "list_with_transcripts"),
        ("calls", "registerFinVoiceCall", "register_fin_voice_call"),
        ("tickets", "enqueueCreateTicket", "enqueue_create"),
        ("tickets", "changeTicketType", "change_type"),
        ("tickets", "linkConversationToTicket", "link_conversation"),
        (
            "tickets",
            "unlinkConversationFromTicket",
            "unlink_conversation",
        ),
        ("tickets", "replyTicket", "reply"),
        ("tags", "findTag", "get"),
        ("teams", "getTeamMetrics", "get_metrics"),
        ("jobs", "jobsStatus", "status"),
        ("news", "listNewsItems", "list_items"),
        (
            "messages",
            "getWhatsAppMessageStatus",
            "get_whatsapp_message_status",
        ),
        ("ip_allowlist", "getIpAllowlist", "get"),
        ("fin_agent", "submitFinCsat", "submit_csat"),
        ("fin_agent", "replyToFin", "reply"),
        ("fin_agent", "startFinConversation", "start_conversation"),
        ("visitors", "convertVisitor", "convert"),
        ("workflows", "exportWorkflow", "export"),
        (
            "ai_content",
            "listContentImportSources",
            "list_content_import_sources",
        ),
    ];

    #[test]
    fn method_names_2_16() {
        let mut failures = Vec::new();
        for (module, op, want) in METHODS_2_16 {
            let got = method_name(op, module);
            if got != *want {
                failures.push(format!("{module}::{op}: got {got}, want {want}"));
            }
        }
        assert!(failures.is_empty(), "{}", failures.join("\n"));
    }

    #[test]
    fn method_typos_and_synonyms() {
        assert_eq!(method_name("lisThings", "x"), "list_things");
        assert_eq!(method_name("retreiveThing", "x"), "get_thing");
        assert_eq!(method_name("fetchThing", "x"), "get_thing");
        assert_eq!(method_name("findThing", "x"), "get_thing");
        // Synonyms apply only to the first word.
        assert_eq!(method_name("listShowThings", "x"), "list_show_things");
    }

    #[test]
    fn method_fillers() {
        assert_eq!(method_name("listAllThings", "x"), "list_things");
        assert_eq!(method_name("getTheThing", "x"), "get_thing");
        assert_eq!(method_name("ListAttachedThings", "x"), "list_things");
        assert_eq!(method_name("makeAnApple", "x"), "make_apple");
    }

    #[test]
    fn method_resource_noun_positions() {
        // (a) right after the verb, singular-insensitive, multi-word.
        assert_eq!(method_name("listContacts", "contacts"), "list");
        assert_eq!(method_name("list_contacts", "contacts"), "list");
        assert_eq!(method_name("list_contact", "contacts"), "list");
        // (b) after a preposition, which goes too.
        assert_eq!(
            method_name("attach_tag_to_contact", "contacts"),
            "attach_tag"
        );
        assert_eq!(method_name("replyWithContact", "contacts"), "reply");
        // (b) only at the end.
        assert_eq!(
            method_name("attachTagToContactNow", "contacts"),
            "attach_tag_to_contact_now"
        );
        // (b) after a verb or particle: only the noun goes.
        assert_eq!(
            method_name("enqueueCreateTicket", "tickets"),
            "enqueue_create"
        );
        assert_eq!(method_name("setAwayAdmin", "admins"), "set_away");
        // (c) a prefix of the resource words counts.
        assert_eq!(method_name("submitFinCsat", "fin_agent"), "submit_csat");
        assert_eq!(method_name("replyToFin", "fin_agent"), "reply");
        // Not a prefix from the middle.
        assert_eq!(
            method_name("listContentImportSources", "ai_content"),
            "list_content_import_sources"
        );
        // (d) leading noun.
        assert_eq!(method_name("jobsStatus", "jobs"), "status");
        assert_eq!(
            method_name("dataEventSummaries", "data_events"),
            "summaries"
        );
        // Modifier before the noun: kept.
        assert_eq!(
            method_name("listSideConversations", "conversations"),
            "list_side_conversations"
        );
        assert_eq!(
            method_name("registerFinVoiceCall", "calls"),
            "register_fin_voice_call"
        );
        // Transparent participle.
        assert_eq!(
            method_name("listDeletedConversationIds", "conversations"),
            "list_deleted_ids"
        );
    }

    #[test]
    fn method_by_id() {
        assert_eq!(method_name("RetrieveACompanyById", "companies"), "get");
        assert_eq!(method_name("getThingById", "x"), "get_thing");
        assert_eq!(
            method_name("ShowContactByExternalId", "contacts"),
            "get_by_external_id"
        );
        assert_eq!(method_name("getById", "x"), "get");
        assert_eq!(method_name("byId", "x"), "by_id");
    }

    #[test]
    fn method_fallbacks() {
        assert_eq!(method_name("", "contacts"), "call");
        assert_eq!(method_name("$$", "contacts"), "call");
        assert_eq!(method_name("all", "contacts"), "all");
        assert_eq!(method_name("contacts", "contacts"), "contacts");
        assert_eq!(method_name("type", "x"), "type_");
        assert_eq!(method_name("self", "x"), "self_");
        assert_eq!(method_name("2faEnable", "x"), "_2fa_enable");
        assert_eq!(method_name("getThing", ""), "get_thing");
        for s in AWKWARD {
            for r in AWKWARD {
                assert_ident(&method_name(s, r), true);
            }
        }
    }

    #[test]
    fn methods_from_paths() {
        let m = method_name_from_path;
        let rde = "reporting_data_export";
        assert_eq!(m("POST", "/export/reporting_data/enqueue", rde), "enqueue");
        assert_eq!(
            m("GET", "/export/reporting_data/{job_identifier}", rde),
            "get"
        );
        assert_eq!(
            m("GET", "/export/reporting_data/get_datasets", rde),
            "get_datasets"
        );
        assert_eq!(
            m("GET", "/download/reporting_data/{job_identifier}", rde),
            "download"
        );
        assert_eq!(m("GET", "/contacts", "contacts"), "list");
        assert_eq!(m("POST", "/contacts", "contacts"), "create");
        assert_eq!(m("GET", "/contacts/{id}", "contacts"), "get");
        assert_eq!(m("PUT", "/contacts/{id}", "contacts"), "update");
        assert_eq!(m("PATCH", "/contacts/{id}", "contacts"), "update");
        assert_eq!(m("DELETE", "/contacts/{id}", "contacts"), "delete");
        assert_eq!(m("get", "/contacts/{id}/notes", "contacts"), "list_notes");
        assert_eq!(m("POST", "/contacts/{id}/archive", "contacts"), "archive");
        assert_eq!(m("POST", "/export/cancel/{id}", "data_export"), "cancel");
        assert_eq!(
            m("GET", "/contacts/find_by_external_id/{id}", "contacts"),
            "get_by_external_id"
        );
        assert_eq!(
            m(
                "GET",
                "/conversations/attributes",
                "conversations_attributes"
            ),
            "list"
        );
        assert_eq!(
            m(
                "GET",
                "/help_center/help_centers/{id}/redirects",
                "help_center"
            ),
            "list_redirects"
        );
        assert_eq!(
            m(
                "GET",
                "/office_hours_schedules/{id}/office_hours_exceptions",
                "office_hours"
            ),
            "list_exceptions"
        );
        assert_eq!(m("HEAD", "/contacts", "contacts"), "head");
        // Item operations use the singular noun; GET on a singular literal is `get`.
        assert_eq!(m("POST", "/contacts/{id}/notes", "contacts"), "create_note");
        assert_eq!(
            m("DELETE", "/contacts/{id}/tags/{tag_id}", "contacts"),
            "delete_tag"
        );
        assert_eq!(m("GET", "/calls/{id}/recording", "calls"), "get_recording");
        assert_eq!(m("GET", "/ip_allowlist", "ip_allowlist"), "get");
        assert_eq!(
            m("GET", "/conversations/deleted", "conversations"),
            "list_deleted"
        );
        // GET actions need a read verb.
        assert_eq!(
            m("GET", "/contacts/{id}/merge_history", "contacts"),
            "get_merge_history"
        );
        assert_eq!(m("POST", "/contacts/merge", "contacts"), "merge");
        assert_eq!(m("GET", "/companies/scroll", "companies"), "scroll");
        assert_eq!(m("", "", ""), "call");
        assert_eq!(m("GET", "/", "x"), "list");
        assert_eq!(m("GET", "/contacts?x=1", "contacts"), "list");
        for s in AWKWARD {
            for p in AWKWARD {
                assert_ident(&m(s, p, s), true);
                assert_ident(&m("GET", p, s), true);
            }
        }
    }

    #[test]
    fn builder_names() {
        assert_eq!(
            builder_name("contacts", "get_by_external_id"),
            "ContactsGetByExternalId"
        );
        assert_eq!(builder_name("help_center", "list"), "HelpCenterList");
        assert_eq!(builder_name("types_", "type_"), "TypesType");
        assert_eq!(builder_name("x", "r#type"), "XType");
        assert_eq!(builder_name("", ""), "Unnamed");
        assert_eq!(builder_name("_2fa", "get"), "V2faGet");
        for s in AWKWARD {
            for r in AWKWARD {
                assert_ident(&builder_name(s, r), false);
            }
        }
    }

    #[test]
    fn inline_type_names() {
        assert_eq!(inline_type_name("Contact", "location"), "ContactLocation");
        assert_eq!(
            inline_type_name("Contact", "custom_attributes"),
            "ContactCustomAttributes"
        );
        assert_eq!(inline_type_name("V2_15", "1"), "V2_15_1");
        assert_eq!(inline_type_name("Self_", "x"), "SelfX");
        assert_eq!(inline_type_name("Contact", ""), "ContactInline");
        assert_eq!(inline_type_name("contact_list", "item"), "ContactListItem");
        assert_eq!(inline_type_name("AB", "x"), "ABX");
        assert_eq!(inline_type_name("", ""), "UnnamedInline");
        assert_eq!(
            inline_type_name("Ticket", "ticket_attributes"),
            "TicketTicketAttributes"
        );
        for s in AWKWARD {
            for r in AWKWARD {
                assert_ident(&inline_type_name(s, r), false);
            }
        }
    }

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| (*s).to_owned()).collect()
    }

    #[test]
    fn dedupes() {
        let (names, collisions) = dedupe(&strings(&["get", "list", "get", "get"]));
        assert_eq!(names, ["get", "list", "get_2", "get_3"]);
        assert_eq!(collisions, [(2, "get".to_owned()), (3, "get".to_owned())]);
        let (names, _) = dedupe(&strings(&["Contact", "Contact", "V2_15", "V2_15"]));
        assert_eq!(names, ["Contact", "Contact2", "V2_15", "V2_15_2"]);
        // A later literal `get_2` keeps its name.
        let (names, collisions) = dedupe(&strings(&["get", "get", "get_2"]));
        assert_eq!(names, ["get", "get_3", "get_2"]);
        assert_eq!(collisions, [(1, "get".to_owned())]);
        let (names, _) = dedupe(&strings(&["self_", "self_", "r#type", "r#type"]));
        assert_eq!(names, ["self_", "self_2", "r#type", "type_2"]);
        let (names, _) = dedupe(&strings(&["", ""]));
        assert_eq!(names, ["", "_2"]);
        let (names, collisions) = dedupe(&[]);
        assert!(names.is_empty() && collisions.is_empty());
        // Results stay lint-clean identifiers.
        let input: Vec<String> = AWKWARD
            .iter()
            .flat_map(|s| {
                [
                    field_name(s),
                    field_name(s),
                    variant_name(s),
                    variant_name(s),
                ]
            })
            .collect();
        let (names, _) = dedupe(&input);
        let unique: HashSet<&String> = names.iter().collect();
        assert_eq!(unique.len(), names.len());
        for n in &names {
            assert_ident(n, !n.starts_with(|c: char| c.is_ascii_uppercase()));
        }
    }

    #[test]
    fn strips_shared_words_from_variant_names() {
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            strip_common_affixes(&names(&[
                "CloseConversationRequest",
                "SnoozeConversationRequest",
                "OpenConversationRequest",
                "AssignConversationRequest"
            ])),
            names(&["Close", "Snooze", "Open", "Assign"])
        );
        assert_eq!(
            strip_common_affixes(&names(&[
                "ContactReplyIntercomUserIdRequest",
                "ContactReplyEmailRequest",
                "ContactReplyUserIdRequest"
            ])),
            names(&["IntercomUserId", "Email", "UserId"])
        );
        // Stripping would leave an empty name: unchanged.
        assert_eq!(
            strip_common_affixes(&names(&["Contact", "ContactList"])),
            names(&["Contact", "ContactList"])
        );
        // Stripping would start a name with a digit: unchanged.
        assert_eq!(
            strip_common_affixes(&names(&["V2_15", "V2_16"])),
            names(&["V2_15", "V2_16"])
        );
        assert_eq!(strip_common_affixes(&names(&["One"])), names(&["One"]));
    }

    #[test]
    fn operation_type_names_fix_typos() {
        assert_eq!(operation_type_name("lisDataEvents"), "ListDataEvents");
        assert_eq!(operation_type_name("ShowContact"), "ShowContact");
        assert_eq!(operation_type_name("listContacts"), "ListContacts");
        assert_eq!(operation_type_name(""), "Unnamed");
    }

    #[test]
    fn locale_codes() {
        for code in ["en", "pt-BR", "zh-TW", "fil", "id"] {
            assert!(is_locale_code(code), "{code}");
        }
        for other in ["type", "EN", "pt-br", "pt_BR", "e", "english", "zh-TWN", ""] {
            assert!(!is_locale_code(other), "{other}");
        }
    }

    #[test]
    fn setters_avoid_std_trait_method_names() {
        assert_eq!(setter_name("name"), "name");
        assert_eq!(setter_name("add"), "set_add");
        assert_eq!(setter_name("r#type"), "r#type");
    }
}
