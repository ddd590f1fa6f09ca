//! The `transaudit` binary: parse the command line, run, exit.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    transaudit::cli::run(transaudit::cli::Cli::parse())
}
