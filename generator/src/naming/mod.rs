//! Every Rust identifier the generator emits is made here, and each naming rule lives in exactly
//! one place in this module: [`identifiers`] (words, keywords, case, collisions), [`methods`]
//! (method names from operationIds and paths, by English heuristics) and [`lexicon`] (the English
//! word lists those heuristics and the risk rule read).
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
//! | Setters | [`setter_name`] | the field's or parameter's name, `set_` before a standard trait's method name (`add` → `set_add`); decided while lowering and stored on the IR ([`crate::ir::Param::setter`], [`crate::ir::Field::setter`]). |
//! | Duplicates | [`dedupe`] | first keeps its name, later ones get `2`, `3`, … (`name_2` in snake case, `Name2` in UpperCamel). |

pub mod identifiers;
pub mod lexicon;
pub mod methods;
#[cfg(test)]
mod tests;

pub use identifiers::*;
pub use lexicon::singular;
pub use methods::*;
