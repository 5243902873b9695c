//! `cargo xtask`: maintainer commands for the intercom-api repository.
//!
//! - `cargo xtask codegen` regenerates `generated/` from the pinned description.
//! - `cargo xtask codegen --check` regenerates in memory and fails with a diff if `generated/`
//!   is stale (CI's drift gate; the `generated_crate_is_fresh` test does the same).
//! - `cargo xtask diff --from 2.15 --to 2.16` reports what changed between two descriptions for a
//!   user of the generated crate, breaking changes first (Markdown on stdout, or `--out FILE`;
//!   `--summary` prints only the one-line summary). Without `--from`/`--to` it compares the
//!   pinned version with the newest one in `spec/intercom.toml` (CI prints that report).

mod codegen;
mod diff;
mod lowering;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "Maintainer commands for intercom-api")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Generate `generated/` from the pinned OpenAPI description.
    Codegen {
        /// Do not write: fail with a diff if `generated/` differs from what would be generated.
        #[arg(long)]
        check: bool,
        /// Print the time each phase took.
        #[arg(long)]
        timings: bool,
        /// Read the description from this file instead of $INTERCOM_OPENAPI_DIR or the mirror.
        #[arg(long, value_name = "PATH")]
        spec: Option<PathBuf>,
    },
    /// Report what changed between two description versions, breaking changes first.
    Diff {
        /// The older version (default: the pinned one).
        #[arg(long, value_name = "VERSION")]
        from: Option<String>,
        /// The newer version (default: the newest in spec/intercom.toml).
        #[arg(long, value_name = "VERSION")]
        to: Option<String>,
        /// Write the Markdown report to this file (the summary line still goes to stdout).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Print only the one-line summary.
        #[arg(long)]
        summary: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let root = codegen::repo_root();
    let result = match cli.command {
        Command::Codegen {
            check,
            timings,
            spec,
        } => codegen::run(
            &root,
            &codegen::Options {
                check,
                timings,
                spec,
            },
        ),
        Command::Diff {
            from,
            to,
            out,
            summary,
        } => diff::run(
            &root,
            &diff::Options {
                from,
                to,
                out,
                summary,
            },
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
