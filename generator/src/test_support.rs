//! Helpers shared by the unit tests of the phases: lowering an inline or fixture description
//! through the whole pipeline ([`crate::lower`]: load, normalize, lower, passes).

use crate::diagnostics::Diagnostics;
use crate::ir::{Api, TypeDef};
use crate::{Input, lower as run};

/// Lowers `text` with `overrides` (strict, as for the pinned version).
pub fn lower_text(text: &str, overrides: &str) -> (Api, Diagnostics) {
    let out = run(&Input {
        spec: text.as_bytes(),
        version: "test",
        header: "test",
        sha256: "0",
        overrides,
        strict: true,
        webhooks: false,
        overlay: None,
    });
    (out.api.expect("lowers"), out.diagnostics)
}

/// Lowers `tests/fixtures/<name>.yaml`, which must lower without errors.
pub fn fixture(name: &str) -> Api {
    let path = format!("{}/tests/fixtures/{name}.yaml", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("fixture");
    let (api, d) = lower_text(&text, "");
    assert!(!d.has_errors(), "{d}");
    api
}

/// The type named `name` (panics with the names there are).
pub fn ty<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type {name}; have {:?}", names(api)))
}

fn names(api: &Api) -> Vec<&str> {
    api.types.iter().map(|t| t.name.as_str()).collect()
}
