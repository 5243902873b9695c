//! Passes: rewrites of the lowered IR, after [`crate::lower`](mod@crate::lower) and before [`crate::emit`].
//!
//! None of them sees `openapiv3` types: each reads and rewrites an [`Api`] (with
//! `spec/overrides.yaml`, and the description's response examples that lowering read out for
//! [`evidence`]). They run in one fixed order, [`run`]'s; each module's doc says what it reads,
//! what it writes and which passes it runs after.
//!
//! | pass | decides |
//! |---|---|
//! | [`search`] (query) | the recursive search-query union becomes the runtime's `search::Query` |
//! | [`timestamps`] | every unix-time integer is a `Timestamp` |
//! | [`reach`] | where each type is used, which cargo features compile it, which fields are boxed |
//! | [`prune`] | response-only type tags become plain strings |
//! | [`usage`] | the required × nullable matrix, lenient response fields, request unions by shape |
//! | [`evidence`] | response fields the description's own examples leave out or send as `null` |
//! | [`prose`] | values, closed sets and identities the description states only in words |
//! | [`constructors`] | `From` for union variants, alternatives' and unions' constructor names |
//! | [`paging`] | which operations page, how, and where cursors and items are |
//! | [`risk`] | how much harm each operation can do, whether it reaches end users |
//! | [`body_inputs`] | where each body goes in the operation's JSON input |
//! | [`search`] (fields) | the typed fields of every search operation |
//! | [`waiters`] | job-status helpers declared in the overrides |
//! | [`upserts`] | create-or-update helpers declared in the overrides |
//! | [`arguments`] | the positional arguments of every method and shortcut, swap-safe |
//! | [`reach`] (files) | types compiled under different gates get different files |
//!
//! An override entry that does not apply to the description is reported through
//! [`Overrides::not_applied`], which holds the strict/lenient policy.

pub mod arguments;
pub mod body_inputs;
pub mod constructors;
pub mod evidence;
pub mod paging;
pub mod prose;
pub mod prose_sets;
pub mod prune;
pub mod reach;
pub mod risk;
pub mod search;
#[cfg(test)]
mod tests;
pub mod timestamps;
pub mod upserts;
pub mod usage;
pub mod waiters;

use crate::diagnostics::Diagnostics;
use crate::ir::Api;
use crate::overrides::Overrides;

use crate::ir::ResponseExample;

/// Runs every pass over a freshly lowered `api`, in order.
pub fn run(
    api: &mut Api,
    examples: &[ResponseExample],
    overrides: &Overrides,
    diagnostics: &mut Diagnostics,
) {
    search::use_runtime_query(api);
    timestamps::decide(api, overrides, diagnostics);
    reach::mark(api);
    prune::inline_response_tags(api);
    usage::decide(api, diagnostics);
    evidence::relax(api, examples, diagnostics);
    prose::decide(api, overrides, diagnostics);
    constructors::decide(api);
    paging::decide(api, overrides, diagnostics);
    risk::decide(api, overrides, diagnostics);
    body_inputs::decide(api);
    search::typed_fields(api, overrides, diagnostics);
    waiters::decide(api, overrides, diagnostics);
    upserts::decide(api, overrides, diagnostics);
    arguments::decide(api, overrides, diagnostics);
    reach::split_files_by_gate(&mut api.types);
}
