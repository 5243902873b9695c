//! Method names from operationIds and paths, by English heuristics over [`super::lexicon`]: typo
//! table, verb synonyms, fillers, resource-noun removal, trailing `by_id`; and which tag owns an
//! operation.

use super::identifiers::{finish_snake, module_name, snake_join, suffix_keyword, type_name, words};
use super::lexicon::{
    FILLERS, GET_ACTION_VERBS, GET_SYNONYMS, PARTICLES, PREPOSITIONS, TRANSPARENT_MODIFIERS, TYPOS,
    VERBS, singular,
};
use crate::vocab::HttpMethod;

/// The job-status helper that polls until a job finishes (declared with `waiter` overrides).
pub const WAIT: &str = "wait";

/// The job-status helper that waits, then downloads the job's file.
pub const DOWNLOAD_WHEN_READY: &str = "download_when_ready";

/// The create-or-update helper of a create operation (declared with `upsert` overrides).
pub const UPSERT: &str = "upsert";

/// Words of `s`, each made singular: the key for plural-insensitive noun comparisons.
fn singular_words(s: &str) -> Vec<String> {
    words(s).iter().map(|w| singular(w)).collect()
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
///    `GET /contacts/find_by_external_id/{id}` → `get_by_external_id`). For GET only
///    read verbs count (`get`, `list`, `search`, `find`, `show`, `fetch`, `retrieve`, `scroll`,
///    `collect`, `download`, `export`, `count`).
/// 2. Otherwise the verb comes from the HTTP method: GET → `get` when the path ends in a
///    `{variable}` or in a singular literal (`/ip_allowlist`, `/calls/{id}/recording`), `list`
///    when it ends in a plural or participle literal (`/contacts`, `/conversations/deleted`) or
///    has no literal; POST → `create`; PUT/PATCH → `update`; DELETE → `delete`. A GET whose
///    first segment is `download` uses the verb
///    `download` (`GET /download/reporting_data/{job_identifier}` → `download`).
/// 3. The last literal segment is appended as the noun, unless its words all belong to the
///    resource noun (`GET /export/reporting_data/{job_identifier}` in `reporting_data_export` →
///    `get`); for verbs other than `list` its last word is made singular
///    (`POST /contacts/{id}/notes` → `create_note`, `GET /contacts/{id}/notes` → `list_notes`).
pub fn method_name_from_path(http_method: HttpMethod, path: &str, resource_module: &str) -> String {
    let segments = path_segments(path);
    let read_only = http_method == HttpMethod::Get;
    let last_literal = segments
        .iter()
        .rposition(|(_, is_var)| !is_var)
        .map(|i| (i, segments[i].0));
    let verbs = if read_only { GET_ACTION_VERBS } else { VERBS };
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
    let verb = match http_method {
        HttpMethod::Get if is_download => "download".to_owned(),
        HttpMethod::Get if ends_in_var => "get".to_owned(),
        HttpMethod::Get => match last_literal {
            Some((_, s)) if !is_collection(s) => "get".to_owned(),
            _ => "list".to_owned(),
        },
        HttpMethod::Post => "create".to_owned(),
        HttpMethod::Put | HttpMethod::Patch => "update".to_owned(),
        HttpMethod::Delete => "delete".to_owned(),
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
