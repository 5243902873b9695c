//! `cargo xtask`: maintainer commands for the intercom-api repository.
//!
//! - `cargo xtask codegen` regenerates `generated/` from the pinned description.
//! - `cargo xtask codegen --check` regenerates in memory and fails with a diff if `generated/`
//!   is stale (CI's drift gate; the `generated_crate_is_fresh` test does the same).

mod codegen;

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
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
