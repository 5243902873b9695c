//! The English the naming rules and the risk rule read: word lists (verbs, fillers,
//! prepositions, plurals, …) and [`singular`]. Data and one word-level rule; no identifiers are
//! made here. Every list of English words the generator reads lives in this file.

/// Singular/plural pairs that the suffix rules in [`singular`] get wrong.
pub const IRREGULAR_PLURALS: &[(&str, &str)] = &[
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
pub const INVARIANT_WORDS: &[&str] = &[
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

/// Misspellings found in operationIds, with their corrections.
pub const TYPOS: &[(&str, &str)] = &[
    ("lis", "list"),
    ("retreive", "retrieve"),
    ("recieve", "receive"),
    ("udpate", "update"),
];

/// First-token verbs that mean `get`.
pub const GET_SYNONYMS: &[&str] = &["show", "find", "retrieve", "fetch"];

/// Words dropped anywhere in an operationId.
pub const FILLERS: &[&str] = &["a", "an", "the", "all", "attached"];

/// Prepositions that may introduce a trailing resource noun (removed with it).
pub const PREPOSITIONS: &[&str] = &[
    "to", "from", "for", "of", "with", "in", "on", "over", "into", "onto",
];

/// Particles of phrasal verbs (`set away`): a resource noun right after one is removed.
pub const PARTICLES: &[&str] = &["away", "up", "out", "off", "down", "back"];

/// Modifiers that do not stop rule (a): the resource noun may follow them
/// (`listDeletedConversationIds` → `list_deleted_ids`).
pub const TRANSPARENT_MODIFIERS: &[&str] = &[
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
/// starting with one is an action ([`super::methods::method_name_from_path`]).
pub const VERBS: &[&str] = &[
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

/// Verbs that name a GET action segment ([`super::method_name_from_path`]); other verbs
/// in a GET path are read as nouns (`GET /contacts/{id}/merge_history` is not a merge).
///
/// Not the same list as [`READ_VERBS`], and they cannot be one today without changing the
/// generated crate: `collect` is a GET action here, but `POST …/collect_agent_input` (Preview)
/// changes data, so it must not read as a query; `preview` is a read for risk
/// (`POST /contacts/merge/preview`) but names no GET action segment in any description.
pub const GET_ACTION_VERBS: &[&str] = &[
    "get", "list", "search", "find", "show", "fetch", "retrieve", "scroll", "collect", "download",
    "export", "count",
];

/// First words of a method name that make a `POST`/`PUT`/`PATCH` a read (the risk rule,
/// `passes::risk`); see [`GET_ACTION_VERBS`] for why it is a list of its own.
pub const READ_VERBS: [&str; 5] = ["search", "list", "find", "get", "preview"];

/// Words that make a `POST`/`PUT`/`PATCH` a removal (the risk rule): the data is deleted, hidden, or combined.
/// It is destructive unless the API can undo it ([`UNDO_VERBS`]).
pub const DESTRUCTIVE_VERBS: [&str; 12] = [
    "archive", "block", "redact", "merge", "detach", "unattach", "unlink", "delete", "remove",
    "erase", "purge", "destroy",
];

/// A removal verb and the verb of the operation that undoes it.
pub const UNDO_VERBS: [(&str, &str); 6] = [
    ("archive", "unarchive"),
    ("block", "unblock"),
    ("detach", "attach"),
    ("unattach", "attach"),
    ("unlink", "link"),
    ("remove", "add"),
];

/// Words of a method name or path that make a change reach end users.
pub const END_USER_WORDS: [&str; 7] = [
    "reply", "message", "messages", "sms", "whatsapp", "publish", "news",
];
