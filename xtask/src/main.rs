//! `cargo xtask`: maintainer commands for the intercom-api repository.
//!
//! - `cargo xtask codegen` regenerates `generated/` from the pinned description.
//! - `cargo xtask codegen --check` regenerates in memory and fails with a diff if `generated/`
//!   is stale (CI's drift gate; the `generated_crate_is_fresh` test does the same).
//! - `cargo xtask diff --from 2.15 --to 2.16` reports what changed between two descriptions for a
//!   user of the generated crate, breaking changes first (Markdown on stdout, or `--out FILE`;
//!   `--summary` prints only the one-line summary, which ends with the semver verdict). Without
//!   `--from`/`--to` it compares the pinned version with the newest one in `spec/intercom.toml`
//!   (CI prints that report). `--from-spec PATH`/`--to-spec PATH` compare any description file;
//!   `--fail-on breaking` exits with status 3 when a breaking change is found.
//! - `cargo xtask spec fetch` fills the cache with every pinned file (downloading what the mirror
//!   and cache lack); `cargo xtask spec update --commit <sha-or-ref>` re-pins to another upstream
//!   commit and prints what changed; `cargo xtask spec outdated [--ref main]` compares the pin with
//!   upstream without changing anything (the weekly drift workflow).
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
mod spec;
#[cfg(test)]
mod test_server;
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
    /// Report what changed between two descriptions, breaking changes first; exit status 3 with
    /// `--fail-on breaking` when a breaking change is found (1 on errors).
    Diff {
        /// The older version (default: the pinned one).
        #[arg(long, value_name = "VERSION", conflicts_with = "from_spec")]
        from: Option<String>,
        /// The older description: any file (not verified against the pin).
        #[arg(long, value_name = "PATH")]
        from_spec: Option<PathBuf>,
        /// The newer version (default: the newest in spec/intercom.toml).
        #[arg(long, value_name = "VERSION", conflicts_with = "to_spec")]
        to: Option<String>,
        /// The newer description: any file (not verified against the pin).
        #[arg(long, value_name = "PATH")]
        to_spec: Option<PathBuf>,
        /// Write the Markdown report to this file (the summary line still goes to stdout).
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Print only the one-line summary.
        #[arg(long)]
        summary: bool,
        /// Exit with status 3 when such a change is found.
        #[arg(long, value_enum, value_name = "WHAT")]
        fail_on: Option<diff::FailOn>,
    },
    /// The pinned upstream files: fetch them, re-pin, or compare the pin with upstream.
    #[command(subcommand)]
    Spec(SpecCommand),
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

#[derive(Subcommand)]
enum SpecCommand {
    /// Find or download a verified copy of every pinned file into the cache
    /// (target/intercom-openapi, or $INTERCOM_OPENAPI_CACHE).
    Fetch {
        /// Only these versions (comma-separated).
        #[arg(long, value_delimiter = ',', value_name = "LIST")]
        versions: Vec<String>,
    },
    /// Re-pin spec/intercom.toml to another upstream commit: print what changed per file and
    /// the drift report of the pinned version; then run `cargo xtask codegen`.
    Update {
        /// The upstream commit (or a branch or tag, resolved to its commit).
        #[arg(long, value_name = "SHA-OR-REF")]
        commit: String,
        /// Read the files from this checkout of the upstream repository (a git clone, or a folder
        /// laid out like it) instead of downloading them.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Start pinning this version (its folder under `descriptions/`); repeatable.
        #[arg(long, value_name = "VERSION")]
        add_version: Vec<String>,
        /// Generate the crate from this version from now on.
        #[arg(long, value_name = "VERSION")]
        pin: Option<String>,
    },
    /// Compare the pin with an upstream branch: changed hashes, new versions, drift reports.
    Outdated {
        /// The upstream branch, tag or commit.
        #[arg(long = "ref", value_name = "REF", default_value = "main")]
        reference: String,
        /// Read the files from this checkout of the upstream repository.
        #[arg(long, value_name = "DIR")]
        dir: Option<PathBuf>,
        /// Exit with status 3 when a drift report has a breaking change.
        #[arg(long, value_enum, value_name = "WHAT")]
        fail_on: Option<diff::FailOn>,
    },
}

fn spec(root: &std::path::Path, command: SpecCommand) -> Result<u8, String> {
    let sources = lowering::Sources::read(root, None)?;
    match command {
        SpecCommand::Fetch { versions } => spec::fetch::run(&sources, &versions).map(|()| 0),
        SpecCommand::Update {
            commit,
            dir,
            add_version,
            pin,
        } => spec::update::run(
            root,
            &sources,
            &spec::update::Options {
                commit,
                dir,
                add_versions: add_version,
                pin,
            },
        )
        .map(|_| 0),
        SpecCommand::Outdated {
            reference,
            dir,
            fail_on,
        } => spec::outdated::run(
            root,
            &sources,
            &spec::outdated::Options {
                reference,
                dir,
                fail_on,
            },
        ),
    }
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
        )
        .map(|()| 0),
        Command::Diff {
            from,
            from_spec,
            to,
            to_spec,
            out,
            summary,
            fail_on,
        } => diff::run(
            &root,
            &diff::Options {
                from,
                from_spec,
                to,
                to_spec,
                out,
                summary,
                fail_on,
            },
        ),
        Command::Spec(command) => spec(&root, command),
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
        )
        .map(|()| 0),
    };
    match result {
        Ok(status) => ExitCode::from(status),
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
