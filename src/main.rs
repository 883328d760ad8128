//! The `analyze` binary: a thin layer that parses arguments, runs the
//! library over the inputs and maps the outcome to an exit code.

mod cli;

/// mimalloc instead of the system allocator: the pipeline allocates many
/// small strings on several threads, where glibc's per-thread arenas grow
/// by hundreds of `mprotect` calls and cost a third of a one-file run.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    cli::run()
}
