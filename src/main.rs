//! The `transaudit` binary: parse the command line, run, exit.

use std::process::ExitCode;

use clap::Parser;

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    transaudit::cli::run(transaudit::cli::Cli::parse())
}
