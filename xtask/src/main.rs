//! `cargo xtask`: maintainer commands for the intercom-api repository.
//!
//! - `cargo xtask codegen` regenerates `generated/` from the pinned description.
//! - `cargo xtask codegen --check` regenerates in memory and fails with a diff if `generated/`
//!   is stale (CI's drift gate; the `generated_crate_is_fresh` test does the same).
//! - `cargo xtask diff --from 2.15 --to 2.16` reports what changed between two descriptions for a
//!   user of the generated crate, breaking changes first (Markdown on stdout, or `--out FILE`;
//!   `--summary` prints only the one-line summary). Without `--from`/`--to` it compares the
//!   pinned version with the newest one in `spec/intercom.toml` (CI prints that report).
//! - `cargo xtask verify-versions` generates a standalone crate for every description in
//!   `spec/intercom.toml` (2.7 … 2.16, Preview) outside the repository, `cargo check`s each with
//!   one shared target directory, and prints a table (schemas, operations, warnings, errors,
//!   times, check result); `--versions 2.7,2.16` picks some, `--no-check` only generates,
//!   `--examples` also decodes each description's response examples with its crate,
//!   `--out DIR` / `--target-dir DIR` choose the folders, `--jobs N` the parallelism. The
//!   `every_version_generates_as_recorded` test keeps the generation part of the table in
//!   `xtask/snapshots/verify-versions.md`.

mod codegen;
mod crate_check;
mod diff;
mod lowering;
mod versions;

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
    /// Generate a standalone crate for every description in spec/intercom.toml and `cargo check`
    /// each; fails unless all generate without errors and compile without warnings.
    VerifyVersions {
        /// Only these versions (comma-separated, e.g. `2.7,2.16,preview`).
        #[arg(long, value_delimiter = ',', value_name = "LIST")]
        versions: Vec<String>,
        /// Only generate (in memory, or into --out); do not run `cargo check`.
        #[arg(long)]
        no_check: bool,
        /// Also test each crate against its description's response examples (slower: builds
        /// each crate's `spec_examples` test).
        #[arg(long)]
        examples: bool,
        /// Folder for the crates, one `<version>/` each, outside the repository
        /// [default: intercom-api-versions in the system's temp folder].
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// cargo's target directory for the checks, shared by every crate [default: DIR/target].
        #[arg(long, value_name = "DIR")]
        target_dir: Option<PathBuf>,
        /// Versions generated at once, and cargo's --jobs for each check [default: CPUs].
        #[arg(long, short, value_name = "N")]
        jobs: Option<usize>,
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
        Command::VerifyVersions {
            versions,
            no_check,
            examples,
            out,
            target_dir,
            jobs,
        } => versions::run(
            &root,
            &versions::Options {
                versions,
                check: !no_check,
                examples,
                out,
                target_dir,
                jobs,
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
