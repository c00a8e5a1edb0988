#!/usr/bin/env bash
# Benchmarks of alljobs on SYNTHETIC data (crates/alljobs-synth) — not run by CI.
#
#   bench/run.sh                 # N = 446, 10000, 100000
#   bench/run.sh 446 10000       # chosen sizes
#   BENCH_RUNS=10 bench/run.sh   # runs per measurement (default 5; 2 for N >= 100000)
#   DAFF_TIMEOUT=900             # seconds before a daff run is stopped (default 900)
#
# For each N it generates an old/new pair under target/synth/N (seed 1), then
# measures whole-process wall time with hyperfine (release build) and peak
# memory (max RSS) with GNU /usr/bin/time for: load (`check FILE`), `show`, diff
# (`diff OLD NEW --format json`), classify, flag and report (`--format html -o`),
# and side by side `git diff --no-index --word-diff` on the same TOML files and
# daff on CSV exports of the same lists. Results: target/bench/results.md (a
# Markdown table, also printed) and target/bench/*.json (hyperfine exports).
# A command that this build does not have is reported as "n/a".
set -euo pipefail
cd "$(dirname "$0")/.."

SIZES=("$@")
[ ${#SIZES[@]} -eq 0 ] && SIZES=(446 10000 100000)
OUT=target/bench
mkdir -p "$OUT"

# Tools: hyperfine and GNU time from Debian, daff from PyPI.
need_apt=()
command -v hyperfine >/dev/null || need_apt+=(hyperfine)
[ -x /usr/bin/time ] || need_apt+=(time)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "installing ${need_apt[*]} (apt-get)" >&2
  apt-get update -qq && apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi
if ! command -v daff >/dev/null; then
  echo "installing daff (pip)" >&2
  pip install -q daff || echo "daff could not be installed; its column will be n/a" >&2
fi

cargo build --release --bin alljobs --example synth >&2
BIN=$PWD/target/release/alljobs
SYNTH=$PWD/target/release/examples/synth

# The machine.
{
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
  echo "nproc: $(nproc)"
  lscpu | head -n 20 | grep -E '^(Architecture|CPU\(s\)|Model name|Thread|Core|Socket|CPU MHz|BogoMIPS)' || true
  free -h | head -n 2
  echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
  rustc --version
  hyperfine --version
  git --version
  echo "daff: $(pip show daff 2>/dev/null | awk '/^Version/ {print $2}')"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt" >&2

has() { "$BIN" help "$1" >/dev/null 2>&1; }

# measure NAME N RUNS COMMAND... : hyperfine wall time + /usr/bin/time peak RSS.
# Writes one line "NAME N mean_s stddev_s user_s sys_s maxrss_kb" to $OUT/raw.tsv.
measure() {
  local name=$1 n=$2 runs=$3
  shift 3
  local cmd
  cmd=$(printf '%q ' "$@")
  local json="$OUT/$n-$name.json"
  echo "== N=$n $name: $cmd" >&2
  if ! hyperfine -N --warmup 1 --runs "$runs" -i --prepare "rm -f $OUT/report-$n.html" \
    --export-json "$json" "$cmd" >&2; then
    printf '%s\t%s\tfail\t\t\t\t\n' "$name" "$n" >> "$OUT/raw.tsv"
    return
  fi
  local rss
  rm -f "$OUT/report-$n.html"
  /usr/bin/time -f '%M' -o "$OUT/time.txt" "$@" >/dev/null 2>&1 || true
  rss=$(tail -n 1 "$OUT/time.txt")
  python3 - "$json" "$name" "$n" "$rss" >> "$OUT/raw.tsv" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print("\t".join([sys.argv[2], sys.argv[3], f"{r['mean']:.4f}", f"{r['stddev'] or 0:.4f}",
                 f"{r['user']:.4f}", f"{r['system']:.4f}", sys.argv[4]]))
PY
}

na() { printf '%s\t%s\tn/a\t\t\t\t\n' "$1" "$2" >> "$OUT/raw.tsv"; }

: > "$OUT/raw.tsv"
for n in "${SIZES[@]}"; do
  d=target/synth/$n
  if [ ! -f "$d/expected.json" ] || [ "$SYNTH" -nt "$d/expected.json" ]; then
    "$SYNTH" --entries "$n" --seed 1 --out "$d"
  fi
  runs=${BENCH_RUNS:-5}
  [ "$n" -ge 100000 ] && runs=${BENCH_RUNS:-2}
  old=$d/old.toml
  new=$d/new.toml
  measure load "$n" "$runs" "$BIN" check "$old"
  measure show "$n" "$runs" "$BIN" show "$old"
  if has diff; then measure diff "$n" "$runs" "$BIN" diff "$old" "$new" --format json; else na diff "$n"; fi
  if has classify; then measure classify "$n" "$runs" "$BIN" classify "$new"; else na classify "$n"; fi
  if has flag; then measure flag "$n" "$runs" "$BIN" flag "$new"; else na flag "$n"; fi
  if has report; then
    measure report "$n" "$runs" "$BIN" report "$old" "$new" --format html -o "$OUT/report-$n.html"
  else
    na report "$n"
  fi
  measure git-word-diff "$n" "$runs" git diff --no-index --word-diff "$old" "$new"
  if command -v daff >/dev/null; then
    # daff is slow on large tables: one run at 100 000.
    druns=$runs
    [ "$n" -ge 100000 ] && druns=1
    # A run that hits the timeout is reported as such (exit 124, wall = the timeout).
    measure daff "$n" "$druns" timeout "${DAFF_TIMEOUT:-900}" daff "$d/old.csv" "$d/new.csv"
  else
    na daff "$n"
  fi
done

python3 - "$OUT/raw.tsv" > "$OUT/results.md" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
by = {}
for name, n, mean, sd, user, sys_, rss in rows:
    by[(name, int(n))] = (mean, sd, user, sys_, rss)
sizes = sorted({k[1] for k in by})
names = []
for r in rows:
    if r[0] not in names:
        names.append(r[0])

def t(x):
    x = float(x)
    return f"{x * 1000:.1f} ms" if x < 1 else f"{x:.2f} s"

print("| command | N | wall (mean ± sd) | user + sys CPU | peak RSS |")
print("|---|---:|---:|---:|---:|")
for name in names:
    for n in sizes:
        v = by.get((name, n))
        if not v:
            continue
        mean, sd, user, sys_, rss = v
        if mean in ("n/a", "fail"):
            print(f"| {name} | {n} | {mean} | | |")
            continue
        cpu = float(user) + float(sys_)
        mb = f"{int(rss) / 1024:.0f} MB" if rss else "?"
        print(f"| {name} | {n} | {t(mean)} ± {t(sd)} | {t(cpu)} | {mb} |")
print()
if 10000 in sizes and 100000 in sizes:
    print("Growth from 10 000 to 100 000 entries (10× the data; 10.0 = linear):")
    print()
    print("| command | wall 100k / 10k | CPU 100k / 10k |")
    print("|---|---:|---:|")
    for name in names:
        a, b = by.get((name, 10000)), by.get((name, 100000))
        if not a or not b or a[0] in ("n/a", "fail") or b[0] in ("n/a", "fail"):
            continue
        wall = float(b[0]) / float(a[0])
        cpu = (float(b[2]) + float(b[3])) / max(float(a[2]) + float(a[3]), 1e-9)
        print(f"| {name} | {wall:.1f} | {cpu:.1f} |")
    print()
print("Side by side on the same data (wall time; > 1 means alljobs diff is faster):")
print()
print("| N | alljobs diff | git diff --word-diff | git / alljobs | daff | daff / alljobs |")
print("|---:|---:|---:|---:|---:|---:|")
for n in sizes:
    d, g, f = by.get(("diff", n)), by.get(("git-word-diff", n)), by.get(("daff", n))
    ok = lambda v: v and v[0] not in ("n/a", "fail")
    ds = t(d[0]) if ok(d) else "n/a"
    gs = t(g[0]) if ok(g) else "n/a"
    fs = t(f[0]) if ok(f) else "n/a"
    gr = f"{float(g[0]) / float(d[0]):.2f}" if ok(d) and ok(g) else "n/a"
    fr = f"{float(f[0]) / float(d[0]):.1f}" if ok(d) and ok(f) else "n/a"
    print(f"| {n} | {ds} | {gs} | {gr} | {fs} | {fr} |")
PY
echo >&2
cat "$OUT/machine.txt"
echo
cat "$OUT/results.md"
