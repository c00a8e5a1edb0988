//! The `alljobs` command line: parse arguments, call the library, map the
//! outcome to an exit code (0 clean, 1 findings when asked to fail on them,
//! 2 errors).

mod cmd;

use clap::Parser;
use std::process::ExitCode;

/// mimalloc: alljobs allocates many small strings (entry texts, keys,
/// findings); the system allocator was a fifth of the instructions of `flag`
/// and `diff` (docs/src/benchmarks.md, round 6).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    reset_sigpipe();
    quiet_caught_reader_panics();
    let cli = cmd::Cli::parse();
    match cmd::run(cli) {
        Ok(code) => code,
        Err(e) => {
            e.print();
            ExitCode::from(2)
        }
    }
}

/// The PDF reader (a third-party crate) panics on some damaged files; the
/// importer catches that and reports a clear error, so its panic message and
/// backtrace are not printed. Every other panic is printed as usual.
fn quiet_caught_reader_panics() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !alljobs::import::in_caught_reader() {
            default(info);
        }
    }));
}

/// `alljobs … | head` should end quietly, as Unix tools do, not panic on a closed pipe.
fn reset_sigpipe() {
    #[cfg(unix)]
    // SAFETY: restoring the default disposition of SIGPIPE before any thread or I/O starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
