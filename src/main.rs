//! The `analyze` binary: a thin layer that parses arguments, runs the
//! library over the inputs and maps the outcome to an exit code.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
