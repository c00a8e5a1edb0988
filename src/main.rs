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
    small_pages_for_small_inputs();
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

/// Files named on the command line smaller than this in total are small inputs.
const SMALL_INPUTS: u64 = 1 << 20;

/// mimalloc backs its arena with transparent huge pages where the system
/// allows them: each first touch of a 2 MiB region zeroes all of it. On a large
/// list that saves many page faults (a 10 000-entry diff ran 15–20 % faster with
/// them); a command on the shipped lists or a 446-entry list touches a few MiB
/// in scattered places, and zeroing whole huge pages was a fifth of its time.
/// So they are turned off for this process when the files named on the command
/// line (lists named by id are the small built-in ones) total less than
/// [`SMALL_INPUTS`]. Only speed changes: never what is computed or printed.
fn small_pages_for_small_inputs() {
    #[cfg(target_os = "linux")]
    {
        let mut total = 0u64;
        for a in std::env::args_os().skip(1) {
            if let Ok(m) = std::fs::metadata(&a)
                && m.is_file()
            {
                total += m.len();
            }
        }
        if total < SMALL_INPUTS {
            // SAFETY: prctl with PR_SET_THP_DISABLE takes plain integers and only sets a flag of this process.
            unsafe {
                libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
            }
        }
    }
}
