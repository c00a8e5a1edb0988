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

/// mimalloc's `mi_option_purge_delay` (the 16th of `mi_option_e` in
/// `include/mimalloc.h`, v2 and v3; the v3 build used here defaults it to
/// 1000 ms — a test checks the index by that default). At -1 freed memory is
/// kept for reuse until the process ends instead of being returned to the OS
/// and faulted in again: `classify` at 100 000 entries spent 0.8–1.3 s in the
/// kernel without it, 0.3–0.9 s with it (same peak memory; the environment
/// variable `MIMALLOC_PURGE_DELAY=-1`, read before `main`, brings it to 0.1–0.2 s).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // SAFETY: first in `main`, before any other thread exists (mimalloc's
    // option setters are not thread-safe); the option only tunes purging.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // SAFETY: reads an option; the default of `mi_option_purge_delay` in v3 is 1000 (ms),
        // which no neighbouring option has (`MIMALLOC_VERBOSE=1 alljobs --version` lists them).
        let default = unsafe { libmimalloc_sys::mi_option_get(super::MI_OPTION_PURGE_DELAY) };
        assert_eq!(default, 1000, "index {} is not mi_option_purge_delay", super::MI_OPTION_PURGE_DELAY);
    }
}
