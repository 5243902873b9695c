//! Which operations are served: one API's operation table (the pinned version's, or the Preview
//! API's), filtered by the highest risk allowed, the resources asked for and the cargo features
//! compiled in; and why an operation is not served ([`Refusal`]).

use std::fmt;

use intercom_api::{Client, OperationInfo, Risk};
use serde_json::Value;

use crate::cli::allow_flag;
use crate::tools::tool_name;

/// The API whose operations are served.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// The pinned version (`intercom_api::OPERATIONS`, `Client::execute`).
    Stable,
    /// The Preview API (`intercom_api::preview::OPERATIONS`, `Preview::execute`).
    #[cfg(feature = "preview")]
    Preview,
}

impl Api {
    /// `--preview` or not; the Preview API needs the `preview` cargo feature.
    pub fn select(preview: bool) -> Result<Api, String> {
        if !preview {
            return Ok(Api::Stable);
        }
        #[cfg(feature = "preview")]
        return Ok(Api::Preview);
        #[cfg(not(feature = "preview"))]
        Err(
            "--preview: this intercom-mcp was built without the Preview API (build it with \
             `--features mcp,preview`)"
                .to_owned(),
        )
    }

    /// The operation table.
    pub fn table(self) -> &'static [OperationInfo] {
        match self {
            Api::Stable => intercom_api::OPERATIONS,
            #[cfg(feature = "preview")]
            Api::Preview => intercom_api::preview::OPERATIONS,
        }
    }

    /// The `Intercom-Version` its calls send.
    pub fn version(self) -> &'static str {
        match self {
            Api::Stable => intercom_api::API_VERSION,
            #[cfg(feature = "preview")]
            Api::Preview => intercom_api::preview::API_VERSION,
        }
    }

    /// An operation by id or `resource.method` name (the registry's lookup).
    fn operation(self, name: &str) -> Option<&'static OperationInfo> {
        match self {
            Api::Stable => intercom_api::operation(name),
            #[cfg(feature = "preview")]
            Api::Preview => intercom_api::preview::operation(name),
        }
    }

    /// Calls `op` with JSON input: one page (`execute`), or up to `max_items` items across pages
    /// (`execute_items`).
    pub async fn call(
        self,
        client: &Client,
        op: &'static OperationInfo,
        input: Value,
        max_items: Option<usize>,
    ) -> intercom_api::Result<Value> {
        match self {
            Api::Stable => match max_items {
                None => client.execute(op.name, input).await,
                Some(max) => client.execute_items(op.name, input, max).await,
            },
            #[cfg(feature = "preview")]
            Api::Preview => {
                let preview = client.preview();
                match max_items {
                    None => preview.execute(op.name, input).await,
                    Some(max) => preview.execute_items(op.name, input, max).await,
                }
            }
        }
    }

    /// Checks `--resources` names against the table: each must be a resource compiled into this
    /// build.
    pub fn check_resources(self, wanted: &[String]) -> Result<(), String> {
        let table = self.table();
        for name in wanted {
            match table.iter().find(|op| op.resource == name) {
                Some(op) if op.enabled => {}
                Some(_) => {
                    return Err(format!(
                        "--resources: this intercom-mcp was built without the resource \
                         {name:?} (its cargo feature is off)"
                    ));
                }
                None => {
                    let mut known: Vec<&str> = table.iter().map(|op| op.resource).collect();
                    known.dedup();
                    return Err(format!(
                        "--resources: unknown resource {name:?}; the resources are: {}",
                        known.join(", ")
                    ));
                }
            }
        }
        Ok(())
    }
}

/// The operations one server serves.
#[derive(Debug)]
pub struct Catalog {
    api: Api,
    allow: Risk,
    resources: Option<Vec<String>>,
}

impl Catalog {
    /// The operations of `api` up to risk `allow`, of `resources` (`None`: all).
    pub fn new(api: Api, allow: Risk, resources: Option<Vec<String>>) -> Catalog {
        Catalog {
            api,
            allow,
            resources,
        }
    }

    /// The API served.
    pub fn api(&self) -> Api {
        self.api
    }

    /// The highest risk served.
    pub fn allow(&self) -> Risk {
        self.allow
    }

    /// The served operations, in table order (by resource, then method).
    pub fn served(&self) -> impl Iterator<Item = &'static OperationInfo> + '_ {
        self.api
            .table()
            .iter()
            .filter(move |op| self.check(op).is_ok())
    }

    /// Whether `op` is served, or why not.
    pub fn check(&self, op: &'static OperationInfo) -> Result<(), Refusal> {
        if !op.enabled {
            return Err(Refusal::NotCompiled { op });
        }
        if let Some(resources) = &self.resources
            && !resources.iter().any(|r| r == op.resource)
        {
            return Err(Refusal::Resource {
                op,
                served: resources.join(","),
            });
        }
        if op.risk > self.allow {
            return Err(Refusal::Risk {
                op,
                allow: self.allow,
            });
        }
        Ok(())
    }

    /// Any operation of the table (served or not) by tool name (`contacts_get`), `resource.method`
    /// name (`contacts.get`) or id (`ShowContact`); exact first, then ignoring ASCII case.
    pub fn find(&self, name: &str) -> Option<&'static OperationInfo> {
        let name = name.trim();
        let table = self.api.table();
        table
            .iter()
            .find(|op| tool_name(op) == name)
            .or_else(|| self.api.operation(name))
            .or_else(|| {
                table
                    .iter()
                    .find(|op| tool_name(op).eq_ignore_ascii_case(name))
            })
    }
}

/// Why an operation is not served: the text of the tool error a call of it gets.
#[derive(Debug)]
pub enum Refusal {
    /// Its risk is above `--allow`.
    Risk {
        /// The operation.
        op: &'static OperationInfo,
        /// The highest risk served.
        allow: Risk,
    },
    /// Its resource is not in `--resources`.
    Resource {
        /// The operation.
        op: &'static OperationInfo,
        /// `--resources` as given.
        served: String,
    },
    /// Its resource's cargo feature is off in this build.
    NotCompiled {
        /// The operation.
        op: &'static OperationInfo,
    },
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::Risk { op, allow } => {
                let served = match allow {
                    Risk::Read => "read-only operations",
                    Risk::Write => "read and write operations, not destructive ones",
                    Risk::Destructive => "every operation",
                };
                write!(
                    f,
                    "refused: {} ({} {}) is a {} operation, and this server is allowed {served}; \
                     it is served when intercom-mcp is started with {}",
                    op.name,
                    op.http_method.as_str(),
                    op.path,
                    op.risk,
                    allow_flag(op.risk)
                )
            }
            Refusal::Resource { op, served } => write!(
                f,
                "refused: {} belongs to the resource {:?}, which this server does not serve \
                 (--resources {served}); add it to --resources to serve it",
                op.name, op.resource
            ),
            Refusal::NotCompiled { op } => write!(
                f,
                "refused: {}: this intercom-mcp was built without the cargo feature {:?} of \
                 intercom-api",
                op.name, op.resource
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enabled(risk: Risk) -> usize {
        intercom_api::OPERATIONS
            .iter()
            .filter(|op| op.enabled && op.risk <= risk)
            .count()
    }

    #[test]
    fn allow_levels_filter_by_risk() {
        for risk in [Risk::Read, Risk::Write, Risk::Destructive] {
            let catalog = Catalog::new(Api::Stable, risk, None);
            assert_eq!(catalog.served().count(), enabled(risk));
            assert!(catalog.served().all(|op| op.risk <= risk));
        }
    }

    #[cfg(feature = "contacts")]
    #[test]
    fn refusals_name_the_flag_or_resource() {
        let catalog = Catalog::new(Api::Stable, Risk::Read, Some(vec!["contacts".into()]));
        let create = catalog.find("contacts_create").expect("contacts.create");
        let text = catalog.check(create).unwrap_err().to_string();
        assert!(
            text.contains("--allow write") && text.contains("contacts.create"),
            "{text}"
        );
        let delete = catalog.find("contacts.delete").expect("contacts.delete");
        let text = catalog.check(delete).unwrap_err().to_string();
        assert!(text.contains("--allow destructive"), "{text}");
        if let Some(tags) = catalog.find("tags_list").filter(|op| op.enabled) {
            let text = catalog.check(tags).unwrap_err().to_string();
            assert!(
                text.contains("--resources contacts") && text.contains("\"tags\""),
                "{text}"
            );
        }
    }

    #[test]
    fn finds_by_tool_name_name_or_id() {
        let catalog = Catalog::new(Api::Stable, Risk::Read, None);
        let by_tool = catalog.find("contacts_get").map(|op| op.name);
        assert_eq!(by_tool, Some("contacts.get"));
        assert_eq!(catalog.find("contacts.get").map(|op| op.name), by_tool);
        assert_eq!(catalog.find("ShowContact").map(|op| op.name), by_tool);
        assert_eq!(catalog.find(" CONTACTS_GET ").map(|op| op.name), by_tool);
        assert!(catalog.find("contacts_fetch").is_none());
        assert!(catalog.find("").is_none());
    }

    #[test]
    fn resources_are_checked_against_the_table() {
        assert!(Api::Stable.check_resources(&["contacts".into()]).is_ok());
        let e = Api::Stable
            .check_resources(&["contact".into()])
            .unwrap_err();
        assert!(
            e.contains("unknown resource \"contact\"") && e.contains("contacts"),
            "{e}"
        );
    }
}
