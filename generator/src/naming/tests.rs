//! Unit tests of the naming rules: identifiers, method names and the lexicon.

use std::collections::HashSet;

use super::identifiers::*;
use super::lexicon::*;
use super::methods::*;
use crate::vocab::HttpMethod;

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
        "return", "self", "Self", "static", "struct", "super", "trait", "true", "type", "unsafe",
        "use", "where", "while", "async", "await", "dyn", "abstract", "become", "box", "do",
        "final", "macro", "override", "priv", "typeof", "unsized", "virtual", "yield", "try",
        "gen",
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
    assert_eq!(
        m(HttpMethod::Post, "/export/reporting_data/enqueue", rde),
        "enqueue"
    );
    assert_eq!(
        m(
            HttpMethod::Get,
            "/export/reporting_data/{job_identifier}",
            rde
        ),
        "get"
    );
    assert_eq!(
        m(HttpMethod::Get, "/export/reporting_data/get_datasets", rde),
        "get_datasets"
    );
    assert_eq!(
        m(
            HttpMethod::Get,
            "/download/reporting_data/{job_identifier}",
            rde
        ),
        "download"
    );
    assert_eq!(m(HttpMethod::Get, "/contacts", "contacts"), "list");
    assert_eq!(m(HttpMethod::Post, "/contacts", "contacts"), "create");
    assert_eq!(m(HttpMethod::Get, "/contacts/{id}", "contacts"), "get");
    assert_eq!(m(HttpMethod::Put, "/contacts/{id}", "contacts"), "update");
    assert_eq!(m(HttpMethod::Patch, "/contacts/{id}", "contacts"), "update");
    assert_eq!(
        m(HttpMethod::Delete, "/contacts/{id}", "contacts"),
        "delete"
    );
    assert_eq!(
        m(HttpMethod::Get, "/contacts/{id}/notes", "contacts"),
        "list_notes"
    );
    assert_eq!(
        m(HttpMethod::Post, "/contacts/{id}/archive", "contacts"),
        "archive"
    );
    assert_eq!(
        m(HttpMethod::Post, "/export/cancel/{id}", "data_export"),
        "cancel"
    );
    assert_eq!(
        m(
            HttpMethod::Get,
            "/contacts/find_by_external_id/{id}",
            "contacts"
        ),
        "get_by_external_id"
    );
    assert_eq!(
        m(
            HttpMethod::Get,
            "/conversations/attributes",
            "conversations_attributes"
        ),
        "list"
    );
    assert_eq!(
        m(
            HttpMethod::Get,
            "/help_center/help_centers/{id}/redirects",
            "help_center"
        ),
        "list_redirects"
    );
    assert_eq!(
        m(
            HttpMethod::Get,
            "/office_hours_schedules/{id}/office_hours_exceptions",
            "office_hours"
        ),
        "list_exceptions"
    );
    // Item operations use the singular noun; GET on a singular literal is `get`.
    assert_eq!(
        m(HttpMethod::Post, "/contacts/{id}/notes", "contacts"),
        "create_note"
    );
    assert_eq!(
        m(
            HttpMethod::Delete,
            "/contacts/{id}/tags/{tag_id}",
            "contacts"
        ),
        "delete_tag"
    );
    assert_eq!(
        m(HttpMethod::Get, "/calls/{id}/recording", "calls"),
        "get_recording"
    );
    assert_eq!(m(HttpMethod::Get, "/ip_allowlist", "ip_allowlist"), "get");
    assert_eq!(
        m(HttpMethod::Get, "/conversations/deleted", "conversations"),
        "list_deleted"
    );
    // GET actions need a read verb.
    assert_eq!(
        m(HttpMethod::Get, "/contacts/{id}/merge_history", "contacts"),
        "get_merge_history"
    );
    assert_eq!(m(HttpMethod::Post, "/contacts/merge", "contacts"), "merge");
    assert_eq!(
        m(HttpMethod::Get, "/companies/scroll", "companies"),
        "scroll"
    );
    assert_eq!(m(HttpMethod::Get, "/", "x"), "list");
    assert_eq!(m(HttpMethod::Get, "/contacts?x=1", "contacts"), "list");
    for s in AWKWARD {
        for p in AWKWARD {
            assert_ident(&m(HttpMethod::Post, p, s), true);
            assert_ident(&m(HttpMethod::Get, p, s), true);
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
