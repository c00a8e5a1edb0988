#!/usr/bin/env bash
# Runs every fuzz target for a fixed time each, one at a time, on one core (not in CI).
#   fuzz/run.sh 600                         # 10 minutes per target
#   TARGETS="import import_formats" fuzz/run.sh 600
# Needs cargo-fuzz (`cargo install cargo-fuzz`) and a nightly toolchain
# (`rustup toolchain install nightly`). Crashes land in fuzz/artifacts/TARGET/,
# libFuzzer's output in fuzz/logs/TARGET.log; turn each crash into a regression
# test (commit the minimised input under tests/bad/ or as a unit test) before
# fixing it. The corpora (fuzz/corpus/) are not committed: they are seeded
# here from the shipped lists, tests/bad/ and tests/fixtures/import/.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_PER_TARGET=${1:-60}
command -v cargo-fuzz >/dev/null || { echo "cargo-fuzz is not installed: cargo install cargo-fuzz" >&2; exit 2; }
rustup toolchain list | grep -q nightly || { echo "cargo fuzz needs a nightly toolchain: rustup toolchain install nightly" >&2; exit 2; }
ALL="load_str decode_utf8 import import_formats fmt_roundtrip diff_invariants"
for t in $ALL; do mkdir -p "fuzz/corpus/$t" "fuzz/artifacts/$t"; done
mkdir -p fuzz/logs
# Seeds: the shipped lists and the bad-input corpus for the loader and fmt.
cp -n lists/*/*.toml tests/bad/*.toml fuzz/corpus/load_str/ 2>/dev/null || true
cp -n lists/*/*.toml tests/bad/*.toml fuzz/corpus/fmt_roundtrip/ 2>/dev/null || true
cp -n tests/bad/*.toml tests/bad/cli/import-* fuzz/corpus/decode_utf8/ 2>/dev/null || true
# diff seeds: two list files joined by a NUL byte.
for f in lists/*/*.toml; do
  { cat "$f"; printf '\000'; cat lists/kg/kg-2000-res-158.toml; } > "fuzz/corpus/diff_invariants/$(basename "$f")"
done
# The importer: every text fixture behind each selector byte's layout/encoding family.
for f in tests/fixtures/import/*.txt tests/fixtures/import/*.csv tests/fixtures/import/*.tsv tests/bad/cli/import-*; do
  [ -f "$f" ] || continue
  for sel in 000 001 002 003 005 006 016; do
    { printf "\\$sel"; cat "$f"; } > "fuzz/corpus/import/$sel-$(basename "$f")"
  done
done
# The document readers: each fixture behind the selector byte of its format
# (import_formats: sel % 5 = 0 html, 1 docx, 2 pdf, 3 rtf, 4 detect).
for f in tests/fixtures/import/*.html tests/fixtures/import/*.docx tests/fixtures/import/*.pdf tests/fixtures/import/*.rtf; do
  case "$f" in *.html) sel='\000';; *.docx) sel='\001';; *.pdf) sel='\002';; *) sel='\003';; esac
  [ -f "$f" ] && { printf "$sel"; cat "$f"; } > "fuzz/corpus/import_formats/$(basename "$f")"
done
limits() { # max_len rss_limit_mb per target
  case "$1" in
    decode_utf8) echo "4096 512";;
    load_str|fmt_roundtrip) echo "32768 1024";;
    diff_invariants) echo "65536 2048";;
    import) echo "65536 2048";;
    import_formats) echo "70000 2048";;
  esac
}
# FUZZ_BUILD_FLAGS: the default builds with AddressSanitizer; "-s none -a" (no sanitizer, debug
# assertions on: overflow checks) builds in a fraction of the time and still catches panics, hangs and
# memory blow-ups, which is what safe Rust code can do wrong.
[ -n "${NO_BUILD:-}" ] || nice -n 19 cargo +nightly fuzz build ${FUZZ_BUILD_FLAGS:-}
BIN=fuzz/target/x86_64-unknown-linux-gnu/release
status=0
for t in ${TARGETS:-$ALL}; do
  read -r max_len rss <<<"$(limits "$t")"
  echo "== fuzz target $t: ${SECONDS_PER_TARGET}s, -max_len=$max_len -rss_limit_mb=$rss" >&2
  # -jobs=1 runs the fuzzer in one worker process whose output goes to fuzz-0.log (moved to fuzz/logs/).
  if ! (cd fuzz/logs && nice -n "${FUZZ_NICE:-19}" "../../$BIN/$t" "../corpus/$t" -jobs=1 -workers=1 \
        -max_total_time="$SECONDS_PER_TARGET" -max_len="$max_len" -rss_limit_mb="$rss" -timeout=10 \
        -artifact_prefix="../artifacts/$t/" -print_final_stats=1); then
    status=1
  fi
  mv -f fuzz/logs/fuzz-0.log "fuzz/logs/$t.log" 2>/dev/null || true
  if ls "fuzz/artifacts/$t/"* >/dev/null 2>&1; then
    echo "!! $t found crashes: see fuzz/artifacts/$t/" >&2
    status=1
  fi
  grep -E "^stat::|^#[0-9]+.*DONE|Done [0-9]+ runs" "fuzz/logs/$t.log" | tail -12 >&2 || true
done
exit $status
