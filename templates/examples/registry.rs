//! The operation registry: lists every operation with its risk, then calls one read operation
//! by name, with JSON input, against the crate's mock Intercom (`intercom_api::testing`), and
//! prints the JSON it answers.
//!
//! ```sh
//! cargo run -p intercom-api --example registry
//! ```

use std::collections::BTreeMap;

use intercom_api::{OPERATIONS, Risk};
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Every operation, as a tool catalogue would show it.
    let mut counts: BTreeMap<Risk, usize> = BTreeMap::new();
    for op in OPERATIONS {
        *counts.entry(op.risk).or_default() += 1;
        let deprecated = if op.deprecated { " (deprecated)" } else { "" };
        println!(
            "{:<11} {:<6} {:<52} {}{deprecated}",
            op.risk.as_str(),
            op.http_method.as_str(),
            op.name,
            op.path
        );
    }
    let count = |risk| counts.get(&risk).copied().unwrap_or(0);
    println!(
        "\n{} operations: {} read, {} write, {} destructive\n",
        OPERATIONS.len(),
        count(Risk::Read),
        count(Risk::Write),
        count(Risk::Destructive)
    );

    // A local stand-in for the Intercom API: the crate's testing kit, which answers every
    // operation with its documented example.
    let mock = intercom_api::testing::MockServer::start().await;
    let client = mock.client();

    // One read operation, by name.
    let name = "contacts.get";
    let info = intercom_api::operation(name).ok_or("no such operation")?;
    println!(
        "{} ({}, {}): {}",
        info.name, info.id, info.risk, info.summary
    );
    println!("input schema: {}\n", info.input_schema);
    let answer = client
        .execute(name, json!({"contact_id": "6329bd9ffe4e2e91dac76188"}))
        .await?;
    println!("{}", serde_json::to_string_pretty(&answer)?);

    // Input that does not fit is refused before anything is sent.
    if let Err(e) = client
        .execute(name, json!({"id": "6329bd9ffe4e2e91dac76188"}))
        .await
    {
        println!("\n{e}");
    }
    Ok(())
}
