//! `synth`: the command line of the SYNTHETIC list generator (see the library's
//! documentation): `cargo run --release -p alljobs-synth -- --help`, or as before
//! `cargo run --release --example synth -- --help`.

fn main() -> std::process::ExitCode {
    alljobs_synth::main()
}
