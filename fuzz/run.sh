#!/usr/bin/env bash
# Runs every fuzz target for a fixed time each (not in CI).
#   fuzz/run.sh 60          # 60 seconds per target
#   TARGETS=fmt_roundtrip fuzz/run.sh 600   # one target
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a nightly toolchain
# (`rustup toolchain install nightly`). Crashes land in fuzz/artifacts/TARGET/;
# turn each into a regression test (commit the input under tests/bad/ or as a
# unit test) before fixing it.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-60}
command -v cargo-fuzz >/dev/null || { echo "cargo-fuzz is not installed: cargo install cargo-fuzz" >&2; exit 2; }
rustup toolchain list | grep -q nightly || { echo "cargo fuzz needs a nightly toolchain: rustup toolchain install nightly" >&2; exit 2; }
# Seeds: the shipped lists and the bad-input corpus for the loader; the import fixtures for the importer.
mkdir -p fuzz/corpus/load_str fuzz/corpus/decode_utf8 fuzz/corpus/import fuzz/corpus/import_formats fuzz/corpus/fmt_roundtrip fuzz/corpus/diff_invariants
cp -n lists/*/*.toml tests/bad/*.toml fuzz/corpus/load_str/ 2>/dev/null || true
cp -n lists/*/*.toml tests/bad/*.toml fuzz/corpus/fmt_roundtrip/ 2>/dev/null || true
# diff seeds: two list files joined by a NUL byte.
for f in lists/*/*.toml; do
  { cat "$f"; printf '\000'; cat lists/kg/kg-2000-res-158.toml; } > "fuzz/corpus/diff_invariants/$(basename "$f")"
done
cp -n tests/bad/*.toml fuzz/corpus/decode_utf8/ 2>/dev/null || true
for f in tests/fixtures/import/* tests/bad/cli/import-*; do
  [ -f "$f" ] && { printf '\000'; cat "$f"; } > "fuzz/corpus/import/$(basename "$f")"
done
# The document readers: the HTML, DOCX and PDF fixtures, each behind the selector byte of its format.
for f in tests/fixtures/import/*.html tests/fixtures/import/*.docx tests/fixtures/import/*.pdf; do
  case "$f" in *.html) sel='\000';; *.docx) sel='\001';; *) sel='\002';; esac
  [ -f "$f" ] && { printf "$sel"; cat "$f"; } > "fuzz/corpus/import_formats/$(basename "$f")"
done
status=0
for t in ${TARGETS:-load_str decode_utf8 import import_formats fmt_roundtrip diff_invariants}; do
  echo "== fuzz target $t: ${SECONDS_PER_TARGET}s" >&2
  if ! nice -n 19 cargo +nightly fuzz run "$t" "fuzz/corpus/$t" -- -max_total_time="$SECONDS_PER_TARGET" -max_len=65536 -rss_limit_mb=2048; then
    echo "!! $t found a crash: see fuzz/artifacts/$t/" >&2
    status=1
  fi
done
exit $status
