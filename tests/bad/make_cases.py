#!/usr/bin/env python3
"""Regenerates the bad-input corpus (constructed inputs, not real lists).

Each case is a file here plus an entry in expected.toml: the diagnostics it must produce,
as "LINE:COL CODE text-that-the-message-or-hint-contains". Run from this directory.
"""
import os

BASE = '''format_version = 1

[list]
id = "xa-test"
jurisdiction = "XA"
instrument = "resolution"
title = { en = "Constructed test list" }
status = "unknown"
effect = "prohibits"
default_scope = "all-women"
confidence = "unknown"
note = "Constructed for tests; not a real list."

[[sources]]
id = "T1"
title = "Constructed source"
kind = "secondary"

[[sections]]
id = "s1"
number = "I"
title = { ru = "Подземные работы" }

[[entries]]
id = "a"
section = "s1"
title = { ru = "Машинист бульдозера" }
evidence = "reported"
sources = ["T1"]
'''

cases = []  # (name, bytes, [expected], kind)

def case(name, text, expected, kind="error"):
    data = text if isinstance(text, bytes) else text.encode("utf-8")
    cases.append((name, data, expected, kind))

def sub(old, new, count=1):
    assert old in BASE, old
    return BASE.replace(old, new, count)

case("empty", "", ["1:1 empty-file empty"])
case("whitespace-only", "\n   \n\t\n", ["1:1 empty-file empty"])
case("truncated", BASE[: BASE.index("Машинист") + 4], ["toml-syntax"])
case("invalid-utf8", BASE.encode() [:200] + b"\xff\xfe" + BASE.encode()[200:], ["invalid-utf8 invalid UTF-8 at byte 200"])
case("windows-1251", sub("Машинист бульдозера", "XXXX").encode().replace(b"XXXX", "Машинист".encode("cp1251")), ["invalid-utf8 import option `encoding` = windows-1251"])
case("bom", b"\xef\xbb\xbf" + BASE.encode(), ["1:1 bom byte order mark"], kind="warning")
case("unknown-key-list", sub('status = "unknown"', 'statuz = "unknown"'), ["8:1 unknown-key did you mean `status`", "missing-key `status`"])
case("unknown-key-entry", sub('evidence = "reported"', 'evidence = "reported"\nconditon = { ru = "x" }'), ["29:1 unknown-key did you mean `condition`"])
case("unknown-table", BASE + '\n[[entrie]]\nid = "b"\n', ["unknown-key unknown key `entrie`"])
case("duplicate-key", sub('id = "a"', 'id = "a"\nid = "b"'), ["toml-syntax duplicate key"])
case("duplicate-entry-id", BASE + '\n[[entries]]\nid = "a"\ntitle = { ru = "Сварщик" }\nevidence = "reported"\nsources = ["T1"]\n', ["32:6 duplicate-id duplicate entry id `a`"])
case("duplicate-source-id", sub('[[sections]]', '[[sources]]\nid = "T1"\ntitle = "Again"\nkind = "official"\n\n[[sections]]'), ["20:6 duplicate-id duplicate source id `T1`"])
case("duplicate-section-id", sub('[[entries]]', '[[sections]]\nid = "s1"\ntitle = { ru = "Ещё раз" }\n\n[[entries]]'), ["25:6 duplicate-id duplicate section id `s1`"])
case("wrong-type-format-version", sub('format_version = 1', 'format_version = "1"'), ['1:18 wrong-type must be an integer but is a string'])
case("wrong-type-title", sub('title = { en = "Constructed test list" }', 'title = "Constructed test list"'), ["7:9 wrong-type `list.title` must be"])
case("wrong-type-sources", sub('sources = ["T1"]', 'sources = "T1"'), ["29:11 wrong-type must be an array but is a string"])
case("wrong-type-bool", sub('evidence = "reported"', 'evidence = "reported"\nemployer_waiver = "yes"'), ["29:19 wrong-type must be a boolean"])
case("invalid-scope", sub('evidence = "reported"', 'evidence = "reported"\nscope = "women"'), ["29:9 invalid-scope `women` is not a scope"])
case("invalid-scope-age", sub('default_scope = "all-women"', 'default_scope = "age-35-18"'), ["10:17 invalid-scope `age-35-18`"])
case("invalid-status", sub('status = "unknown"', 'status = "in_force"'), ["8:10 invalid-value did you mean `in-force`"])
case("invalid-evidence", sub('evidence = "reported"', 'evidence = "official"'), ["28:12 invalid-value expected one of: official-text, reported"])
case("impossible-date", sub('note = "Constructed', '[list.dates]\nadopted = { date = "2000-02-30" }\n\nnote = "Constructed').replace('[list.dates]\nadopted = { date = "2000-02-30" }\n\nnote', 'dates = { adopted = { date = "2000-02-30" } }\nnote'), ["12:30 invalid-date 2000-02 has 29 days"])
case("bad-date-format", sub('note = "Constructed', 'dates = { adopted = { date = "24.03.2000" } }\nnote = "Constructed'), ["12:30 invalid-date write YYYY-MM-DD"])
case("date-order", sub('note = "Constructed', 'dates = { adopted = { date = "2000-03-24" }, in_force_from = { date = "1999-01-01" } }\nnote = "Constructed'), ["12:71 date-order in_force_from (1999-01-01) is before adopted (2000-03-24)"])
case("unknown-section", sub('section = "s1"', 'section = "s2"'), ['26:11 unknown-section unknown section `s2`', 'unknown-section did you mean `s1`'])
case("unknown-source", sub('sources = ["T1"]', 'sources = ["T2"]'), ['29:12 unknown-source unknown source `T2`', "unknown-source did you mean `T1`"])
case("empty-list", BASE[: BASE.index("[[entries]]")], ["empty-list the list has no entries"])
case("missing-evidence", sub('evidence = "reported"\n', ''), ["24:1 missing-key missing required key `evidence` in `entries[1]`"])
case("missing-list", "format_version = 1\n", ["1:1 missing-key missing required key `list`"])
case("unknown-jurisdiction", sub('jurisdiction = "XA"', 'jurisdiction = "ZZ"'), ['5:16 unknown-jurisdiction `ZZ` is not an ISO 3166-1 alpha-2 code'])
case("lowercase-jurisdiction", sub('jurisdiction = "XA"', 'jurisdiction = "kg"'), ['5:16 invalid-value two capital letters'])
case("format-version-2", sub('format_version = 1', 'format_version = 2'), ['1:18 format-version format_version 2 is not supported'])
case("deep-nesting", BASE + "\nx = " + "[" * 5000 + "]" * 5000 + "\n", ["toml-syntax"])
case("waiver-no-reason", sub('evidence = "reported"', 'evidence = "reported"\nwaivers = [{ rule = "CEDAW-GENERAL-BAN", by = "X" }]'), ["29:12 missing-key missing required key `reason`"])
case("waiver-empty-reason", sub('evidence = "reported"', 'evidence = "reported"\nwaivers = [{ rule = "CEDAW-GENERAL-BAN", reason = " ", by = "X" }]'), ["29:51 waiver-reason a waiver needs a reason"])
case("empty-title", sub('title = { ru = "Машинист бульдозера" }', 'title = { ru = "" }'), ["27:16 empty-text text is empty"])
case("bad-language", sub('title = { ru = "Машинист бульдозера" }', 'title = { RU = "Машинист бульдозера" }'), ["27:16 invalid-language `RU` is not a language code"])
case("overlay-with-entries", sub('note = "Constructed', 'base = "xa-other"\nnote = "Constructed'), ["overlay-entries an overlay", "empty-overlay"])
case("operations-without-base", BASE + '\n[[operations]]\nop = "repeal"\ntarget = "a"\nconfidence = "reported"\n', ["operations-without-base need `list.base`"])
case("transcription-mismatch", sub('note = "Constructed', 'transcription = { status = "none" }\nnote = "Constructed'), ['transcription-mismatch status is "none" but the list has entries'])
case("negative-count", sub('note = "Constructed', 'declared = { count = -5, confidence = "reported", sources = ["T1"] }\nnote = "Constructed'), ["12:22 invalid-value less than the minimum 0"])
case("integer-overflow", sub('format_version = 1', 'format_version = 99999999999999999999'), ["1:18"])
case("bad-url", sub('kind = "secondary"', 'kind = "secondary"\nurl = "javascript:alert(1)"'), ['18:7 invalid-value is not an http(s) URL'])
case("section-cycle", sub('[[entries]]', '[[sections]]\nid = "s2"\ntitle = { ru = "x" }\nparent = "s3"\n\n[[sections]]\nid = "s3"\ntitle = { ru = "y" }\nparent = "s2"\n\n[[entries]]'), ["section-cycle is its own ancestor"])
case("unknown-op", 'format_version = 1\n[list]\nid = "xa-o"\njurisdiction = "XA"\ninstrument = "draft"\ntitle = { en = "Constructed overlay" }\nstatus = "draft"\neffect = "restricts"\ndefault_scope = "pregnant"\nconfidence = "unknown"\nbase = "xa-test"\n\n[[operations]]\nop = "delete"\ntarget = "a"\nconfidence = "reported"\n', ['14:6 invalid-value `delete` is not a valid `op`'])

# Issue #14: strict validation (ids, languages, URLs, texts, scopes, controls) and message bugs.
ENTRY_ID = 'id = "a"\nsection'
case("id-empty", sub(ENTRY_ID, 'id = ""\nsection'), ["25:6 invalid-id `` is not a valid entry id"])
case("id-space", sub(ENTRY_ID, 'id = "a b"\nsection'), ["25:6 invalid-id `a b` is not a valid entry id"])
case("id-newline", sub(ENTRY_ID, 'id = "a\\nb"\nsection'), ["25:6 invalid-id is not a valid entry id"])
case("id-nul", sub(ENTRY_ID, 'id = "a\\u0000b"\nsection'), ["25:6 invalid-id is not a valid entry id", "25:6 control-character U+0000 (NUL)"])
case("id-rtl-override", sub(ENTRY_ID, 'id = "a\\u202Eb"\nsection'), ["25:6 invalid-id is not a valid entry id", "control-character U+202E (RIGHT-TO-LEFT OVERRIDE)"])
case("id-html", sub(ENTRY_ID, 'id = "<b>a</b>"\nsection'), ["25:6 invalid-id `<b>a</b>` is not a valid entry id"])
case("section-id-capitals", sub('id = "s1"', 'id = "S 1"').replace('section = "s1"', 'section = "S 1"'), ["invalid-id `S 1` is not a valid section id"])
case("source-id-space", sub('id = "T1"', 'id = "T 1"').replace('sources = ["T1"]', 'sources = ["T 1"]'), ["15:6 invalid-id `T 1` is not a valid source id"])
case("language-xx", sub('title = { ru = "Машинист бульдозера" }', 'title = { xx = "Машинист бульдозера" }'), ["27:16 invalid-language `xx` is not a language code"])
case("language-rus", sub('title = { ru = "Машинист бульдозера" }', 'title = { rus = "Машинист бульдозера" }'), ["27:17 invalid-language `rus` is not a language code"])
case("url-space", sub('kind = "secondary"', 'kind = "secondary"\nurl = "https://example.org/a b"'), ["18:7 invalid-value is not an http(s) URL: it contains a space"])
case("url-newline", sub('kind = "secondary"', 'kind = "secondary"\nurl = "https://example.org/\\nx"'), ["18:7 invalid-value is not an http(s) URL: it contains a line break"])
case("url-script", sub('kind = "secondary"', 'kind = "secondary"\nurl = "https://example.org/<script>alert(1)</script>"'), ["18:7 invalid-value is not an http(s) URL: it contains `<`"])
case("url-no-host", sub('kind = "secondary"', 'kind = "secondary"\nurl = "https:///path"'), ["18:7 invalid-value is not an http(s) URL: it names no host"])
case("title-zero-width-space", sub('title = { ru = "Машинист бульдозера" }', 'title = { ru = "\\u200B" }'), ["27:16 empty-text has no visible character"])
case("title-spaces", sub('title = { ru = "Машинист бульдозера" }', 'title = { ru = "   " }'), ["27:16 empty-text has no visible character"])
case("children-under-0", sub('evidence = "reported"', 'evidence = "reported"\nscope = "children-under-0"'), ["29:9 invalid-scope"])
case("text-rtl-override", sub('title = { ru = "Машинист бульдозера" }', 'title = { ru = "Машинист \\u202Eбульдозера" }'), ["27:16 control-character U+202E (RIGHT-TO-LEFT OVERRIDE)"], kind="warning")
case("text-nul", sub('note = "Constructed for tests; not a real list."', 'note = "Constructed\\u0000 for tests"'), ["12:8 control-character U+0000 (NUL)"], kind="warning")
case("text-isolate", sub('title = { ru = "Машинист бульдозера" }', 'title = { ru = "Машинист \\u2067бульдозера\\u2069" }'), ["27:16 control-character U+2067"], kind="warning")
case("weight-nan", sub('evidence = "reported"', 'evidence = "reported"\nweight_limit_kg = nan'), ["29:19 wrong-type must be a number but is `nan`, which is not a finite number"])
case("weight-inf", sub('evidence = "reported"', 'evidence = "reported"\nweight_limit_kg = -inf'), ["wrong-type but is `-inf`, which is not a finite number"])
case("key-in-the-wrong-table", sub('note = "Constructed', 'dates = { adopted = { date = 2000-03-24 }, effect = "prohibits" }\nnote = "Constructed'), ["unknown-key is a key of another table, not of `list.dates`"])

os.makedirs(".", exist_ok=True)
for f in os.listdir("."):
    if f.endswith(".toml") and f != "expected.toml":
        os.remove(f)
lines = ["# Expected diagnostics of each bad input (generated by make_cases.py; constructed inputs).", ""]
for name, data, expected, kind in cases:
    with open(name + ".toml", "wb") as fh:
        fh.write(data)
    lines.append("[[case]]")
    lines.append(f'file = "{name}.toml"')
    lines.append(f'kind = "{kind}"')
    lines.append("expect = [" + ", ".join('"' + e.replace("\\", "\\\\").replace('"', '\\"') + '"' for e in expected) + "]")
    lines.append("")
with open("expected.toml", "w") as fh:
    fh.write("\n".join(lines))
print(len(cases), "cases")
