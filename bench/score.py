#!/usr/bin/env python3
"""Recall of `alljobs diff --format json` against the changes planted by examples/synth.rs.

    python3 bench/score.py target/synth/10000/expected.json diff.json

A planted change counts as found when the diff has a change with the same old
and new ids and the planted kind: an aspect of a `changed` entry (reworded,
moved, renumbered, rescoped), or the op (added, removed, split, merged,
unchanged). Prints recall per kind and the number of diff changes that match no
planted change (for precision).
"""
import json
import sys

exp = json.load(open(sys.argv[1]))
diff = json.load(open(sys.argv[2]))
index = {}
for c in diff["changes"]:
    index[(tuple(sorted(c["old_ids"])), tuple(sorted(c["new_ids"])))] = c


def found(kind, old, new):
    c = index.get((tuple(sorted(old)), tuple(sorted(new))))
    if c is None:
        return False
    if kind in ("reworded", "moved", "renumbered", "rescoped"):
        return c["op"] == "changed" and kind in c["aspects"]
    return c["op"] == kind


planted = [(p["kind"], p["old_ids"], p["new_ids"]) for p in exp["changes"]]
planted += [("unchanged", [o], [n]) for o, n in exp["unchanged"]]
keys = {(tuple(sorted(o)), tuple(sorted(n))) for _, o, n in planted}
per = {}
for kind, old, new in planted:
    ok, total = per.get(kind, (0, 0))
    per[kind] = (ok + found(kind, old, new), total + 1)
print(f"{'kind':<11} {'found':>7} {'planted':>8} {'recall':>7}")
worst = 1.0
for kind in sorted(per):
    ok, total = per[kind]
    worst = min(worst, ok / total)
    print(f"{kind:<11} {ok:>7} {total:>8} {ok / total:>7.3f}")
extra = sum(1 for k in index if k not in keys)
print(f"diff changes matching no planted change: {extra} of {len(index)}")
print(f"lowest recall: {worst:.3f}")
