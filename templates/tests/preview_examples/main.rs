//! Checks the typed models of the Preview API (`--features preview`) against the Preview
//! description's own examples (see `../spec_examples/harness.rs`).

/// The generated map from (method, path, status) to typed decoders.
mod dispatch {
    include!("dispatch.rs");
}
/// Finding the description (generated: a copy of the generator's `fetch.rs`).
#[allow(dead_code)]
mod fetch {
    include!("../spec_examples/fetch.rs");
}
#[path = "../spec_examples/harness.rs"]
mod harness;
/// Where the descriptions are pinned (generated).
#[allow(dead_code)]
mod pinned {
    include!("../spec_examples/pinned.rs");
}
#[path = "../spec_examples/schema.rs"]
mod schema;

use harness::{Api, check_request, check_response};

const API: Api = Api {
    version: intercom_api::preview::SPEC_VERSION,
    upstream: pinned::PREVIEW,
    sha256: intercom_api::preview::SPEC_SHA256,
    decode_response: dispatch::decode_response,
    decode_request: dispatch::decode_request,
};

#[test]
fn response_examples_decode_and_round_trip() {
    harness::response_examples_decode_and_round_trip(&API);
}

#[test]
fn response_examples_survive_mutations() {
    harness::response_examples_survive_mutations(&API);
}

#[test]
fn valid_request_examples_round_trip_through_typed_requests() {
    harness::valid_request_examples_round_trip_through_typed_requests(&API);
}
