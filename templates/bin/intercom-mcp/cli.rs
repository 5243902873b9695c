//! The command line: flags, and the token from the environment, checked into a [`Config`].

use std::net::SocketAddr;

use clap::{Parser, ValueEnum};
use intercom_api::{Region, Risk};

use crate::catalog::Api;

/// An MCP server for the Intercom API: one tool per operation, or three tools that search,
/// describe and call them.
///
/// The access token is read from the environment variable INTERCOM_TOKEN (required; never
/// printed). Only operations at or below the --allow risk are served: read by default.
#[derive(Debug, Parser)]
#[command(name = "intercom-mcp", version)]
pub struct Args {
    /// The highest risk served: `read` (default) changes nothing, `write` creates and changes
    /// data, `destructive` also deletes, merges, blocks and redacts.
    #[arg(long, value_enum, default_value_t = Allow::Read)]
    pub allow: Allow,
    /// Serve only these resources, comma-separated (e.g. `contacts,conversations,tags`).
    #[arg(long, value_delimiter = ',', value_name = "LIST")]
    pub resources: Vec<String>,
    /// Serve the Preview API (`Intercom-Version: Preview`) instead of the pinned version.
    #[arg(long)]
    pub preview: bool,
    /// `operations`: one tool per operation; `dynamic`: three tools (search_operations,
    /// describe_operation, call_operation); `auto` (default): operations unless more than 64
    /// tools would be listed.
    #[arg(long, value_enum, default_value_t = ToolsMode::Auto)]
    pub tools: ToolsMode,
    /// The region the workspace is hosted in (its API host).
    #[arg(long, value_enum, default_value_t = RegionArg::Us, conflicts_with = "base_url")]
    pub region: RegionArg,
    /// Another API base URL (a proxy, a mock server): https, or http to a loopback host.
    #[arg(long, value_name = "URL")]
    pub base_url: Option<String>,
    /// Serve MCP over streamable HTTP at `http://ADDR/mcp` instead of stdio. ADDR must be a
    /// loopback address (`127.0.0.1:8765`, `[::1]:8765`; port 0 picks a free port).
    #[arg(long, value_name = "ADDR")]
    pub http: Option<SocketAddr>,
    /// What to log on stderr.
    #[arg(long, value_enum, default_value_t = LogLevel::Warn)]
    pub log: LogLevel,
}

/// `--allow`: the highest risk served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Allow {
    /// Read-only operations.
    Read,
    /// Also operations that create or change data.
    Write,
    /// Every operation.
    Destructive,
}

impl Allow {
    /// The risk label this level allows, and every one below it.
    pub fn risk(self) -> Risk {
        match self {
            Allow::Read => Risk::Read,
            Allow::Write => Risk::Write,
            Allow::Destructive => Risk::Destructive,
        }
    }
}

/// The `--allow` value that serves operations of `risk`.
pub fn allow_flag(risk: Risk) -> &'static str {
    match risk {
        Risk::Read => "--allow read",
        Risk::Write => "--allow write",
        Risk::Destructive => "--allow destructive",
    }
}

/// `--tools`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ToolsMode {
    /// `operations` up to 64 operation tools (`AUTO_LIMIT`), else `dynamic`.
    Auto,
    /// One tool per operation.
    Operations,
    /// Three tools that search, describe and call the operations.
    Dynamic,
}

/// The most operation tools `--tools auto` lists before it switches to the dynamic mode.
pub const AUTO_LIMIT: usize = 64;

/// `--region`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RegionArg {
    /// United States (api.intercom.io).
    Us,
    /// Europe (api.eu.intercom.io).
    Eu,
    /// Australia (api.au.intercom.io).
    Au,
}

/// `--log`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LogLevel {
    /// Errors only.
    Error,
    /// Errors and warnings.
    Warn,
    /// Also start-up and session events.
    Info,
    /// Also every request.
    Debug,
    /// Everything.
    Trace,
}

/// The server's settings, checked.
#[derive(Debug)]
pub struct Config {
    /// The access token. Kept out of `Debug`.
    pub token: Token,
    /// Which API's table is served.
    pub api: Api,
    /// The highest risk served.
    pub allow: Risk,
    /// The resources served (`None`: every one compiled in).
    pub resources: Option<Vec<String>>,
    /// `--tools`.
    pub tools: ToolsMode,
    /// The API host.
    pub region: Region,
    /// `--base-url`.
    pub base_url: Option<String>,
    /// `--http`.
    pub http: Option<SocketAddr>,
    /// `--log`.
    pub log: tracing::Level,
}

/// The access token: printed as `***`.
#[derive(Clone)]
pub struct Token(String);

impl Token {
    /// The token itself, for the client builder and the redaction of answers.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("***")
    }
}

impl Config {
    /// Checks the arguments and the token (`INTERCOM_TOKEN`). The errors never quote the token.
    pub fn from_args(args: Args, token: Option<String>) -> Result<Config, String> {
        let token = token.map(|t| t.trim().to_owned()).unwrap_or_default();
        if token.is_empty() {
            return Err(
                "set INTERCOM_TOKEN to an Intercom access token (it is read from the \
                        environment only, never from a flag)"
                    .to_owned(),
            );
        }
        if let Some(addr) = args.http
            && !addr.ip().is_loopback()
        {
            return Err(format!(
                "--http {addr}: only a loopback address is allowed (127.0.0.1 or [::1]): the \
                 server acts with your Intercom token for whoever can reach it"
            ));
        }
        let api = Api::select(args.preview)?;
        let resources = if args.resources.is_empty() {
            None
        } else {
            let wanted: Vec<String> = args
                .resources
                .iter()
                .map(|r| r.trim().to_owned())
                .filter(|r| !r.is_empty())
                .collect();
            api.check_resources(&wanted)?;
            Some(wanted)
        };
        Ok(Config {
            token: Token(token),
            api,
            allow: args.allow.risk(),
            resources,
            tools: args.tools,
            region: match args.region {
                RegionArg::Us => Region::Us,
                RegionArg::Eu => Region::Eu,
                RegionArg::Au => Region::Au,
            },
            base_url: args.base_url,
            http: args.http,
            log: match args.log {
                LogLevel::Error => tracing::Level::ERROR,
                LogLevel::Warn => tracing::Level::WARN,
                LogLevel::Info => tracing::Level::INFO,
                LogLevel::Debug => tracing::Level::DEBUG,
                LogLevel::Trace => tracing::Level::TRACE,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Result<Config, String> {
        let args =
            Args::try_parse_from(std::iter::once("intercom-mcp").chain(args.iter().copied()))
                .map_err(|e| e.to_string())?;
        Config::from_args(args, Some(" secret-token ".to_owned()))
    }

    #[test]
    fn defaults_are_read_only_stdio_and_auto() {
        let config = parse(&[]).unwrap();
        assert_eq!(config.allow, Risk::Read);
        assert_eq!(config.tools, ToolsMode::Auto);
        assert_eq!(config.region, Region::Us);
        assert!(config.http.is_none() && config.resources.is_none());
        assert_eq!(config.token.expose(), "secret-token");
        assert_eq!(format!("{config:?}").matches("secret-token").count(), 0);
    }

    #[test]
    fn flags_are_checked() {
        let config = parse(&[
            "--allow",
            "write",
            "--resources",
            "contacts, tags",
            "--region",
            "eu",
        ])
        .unwrap();
        assert_eq!(config.allow, Risk::Write);
        assert_eq!(config.region, Region::Eu);
        assert_eq!(config.resources.unwrap(), ["contacts", "tags"]);
        let e = parse(&["--resources", "contact"]).unwrap_err();
        assert!(e.contains("\"contact\"") && e.contains("contacts"), "{e}");
        let e = parse(&["--http", "0.0.0.0:8080"]).unwrap_err();
        assert!(e.contains("loopback"), "{e}");
        assert!(parse(&["--http", "127.0.0.1:0"]).is_ok());
        assert!(parse(&["--allow", "everything"]).is_err());
        assert!(parse(&["--region", "eu", "--base-url", "http://127.0.0.1:1"]).is_err());
    }

    #[test]
    fn the_token_is_required_and_never_quoted() {
        let args = Args::try_parse_from(["intercom-mcp"]).unwrap();
        let e = Config::from_args(args, Some("  ".to_owned())).unwrap_err();
        assert!(e.contains("INTERCOM_TOKEN"));
        let args = Args::try_parse_from(["intercom-mcp", "--http", "10.0.0.1:80"]).unwrap();
        let e = Config::from_args(args, Some("tok-123".to_owned())).unwrap_err();
        assert!(!e.contains("tok-123"));
    }

    #[test]
    fn the_help_states_the_auto_limit() {
        use clap::CommandFactory;
        let help = Args::command().render_long_help().to_string();
        assert!(
            help.contains(&format!("more than {AUTO_LIMIT} tools")),
            "{help}"
        );
        assert!(
            help.contains(&format!("up to {AUTO_LIMIT} operation tools")),
            "{help}"
        );
        assert!(help.contains("INTERCOM_TOKEN"), "{help}");
    }

    #[test]
    fn allow_flags_name_each_level() {
        for allow in [Allow::Read, Allow::Write, Allow::Destructive] {
            let flag = allow_flag(allow.risk());
            let value = allow.to_possible_value().unwrap();
            assert_eq!(flag, format!("--allow {}", value.get_name()));
        }
    }
}
