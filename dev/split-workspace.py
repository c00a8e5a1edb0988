#!/usr/bin/env python3
# One-off migration for issue #16, not yet applied: run from the repository root on a clean tree,
# then `cargo run -- docs` and `cargo test`. Tried on a scratch copy of main (it built; only the docs
# paths needed the link rewrite at the end of this script).
"""Split the single package into a workspace: crates/alljobs (library) + root package alljobs-cli
(binary `alljobs`, src/main.rs + src/cmd/, integration tests in tests/, examples)."""
import os, re, subprocess, sys
def sh(*a): subprocess.run(a, check=True)
root = os.getcwd()
assert os.path.exists('src/lib.rs')
os.makedirs('crates/alljobs/src', exist_ok=True)
# move every library file (all of src/ except main.rs and cmd/)
for name in sorted(os.listdir('src')):
    if name in ('main.rs', 'cmd'): continue
    sh('git', 'mv', f'src/{name}', f'crates/alljobs/src/{name}')
sh('git', 'mv', 'build.rs', 'crates/alljobs/build.rs')

# Cargo.toml: parse the current one
cur = open('Cargo.toml').read()
def section(name):
    m = re.search(r'^\[' + re.escape(name) + r'\]\n(.*?)(?=^\[|\Z)', cur, re.S | re.M)
    return m.group(1) if m else ''
def deps(text):
    out = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith('#'): continue
        k, v = line.split('=', 1)
        out[k.strip()] = v.strip()
    return out
rt = deps(section('dependencies'))
unix = deps(section("target.'cfg(unix)'.dependencies"))
dev = deps(section('dev-dependencies'))
profiles = cur[cur.index('[profile.release]'):]
cli_only = {'clap', 'clap_complete', 'clap_mangen'}

def uses(crate, paths):
    ident = crate.replace('-', '_')
    pat = re.compile(r'\b' + re.escape(ident) + r'::|extern crate ' + re.escape(ident) + r'\b|use ' + re.escape(ident) + r'\b')
    for p in paths:
        for dp, _, fs in os.walk(p):
            for f in fs:
                if f.endswith('.rs') and pat.search(open(os.path.join(dp, f), errors='ignore').read()):
                    return True
    return False

allv = {**rt, **unix, **dev}
ws = '[workspace.dependencies]\n' + ''.join(f'{k} = {v}\n' for k, v in sorted(allv.items()))
ws += 'alljobs = { path = "crates/alljobs", version = "0.1.0" }\n'

lib_rt = [k for k in rt if k not in cli_only]
lib_dev = [k for k in dev if uses(k, ['crates/alljobs/src'])]
cli_rt = sorted(k for k in rt if k in cli_only or uses(k, ['src']))
cli_dev = sorted(k for k in allv if k not in cli_rt and k not in cli_only and uses(k, ['tests', 'examples', 'benches', 'src']))

def block(keys, extra=None):
    return ''.join(f'{k}.workspace = true\n' if not (extra and k in extra) else f'{k} = {extra[k]}\n' for k in keys)

root_toml = f'''[workspace]
members = ["crates/alljobs"]
# `cargo test` at the root tests the library and the command line.
default-members = [".", "crates/alljobs"]
resolver = "3"

[workspace.package]
version = "0.1.0"
edition = "2024"
license = "MIT OR Apache-2.0"
rust-version = "1.85"

{ws}
[package]
name = "alljobs-cli"
description = "The alljobs command line: keep, validate, diff, classify and flag the lists of jobs prohibited for women"
version.workspace = true
edition.workspace = true
license.workspace = true
rust-version.workspace = true
readme = "README.md"
default-run = "alljobs"

[[bin]]
name = "alljobs"
path = "src/main.rs"

[dependencies]
alljobs = {{ workspace = true, features = ["clap"] }}
{block(cli_rt)}
[target.'cfg(unix)'.dependencies]
{block([k for k in unix])}
[dev-dependencies]
{block(cli_dev)}
{profiles}'''
open('Cargo.toml', 'w').write(root_toml)
lib_toml = f'''[package]
name = "alljobs"
description = "Keep, validate, diff, classify and flag the lists of jobs prohibited for women (library)"
version.workspace = true
edition.workspace = true
license.workspace = true
rust-version.workspace = true
readme = "../../README.md"
build = "build.rs"

[features]
# clap::ValueEnum on the library's enums that the command line takes as flags.
clap = ["dep:clap"]

[dependencies]
clap = {{ workspace = true, optional = true }}
{block(lib_rt)}
[target.'cfg(unix)'.dependencies]
{block([k for k in unix if uses(k, ['crates/alljobs/src'])])}
[dev-dependencies]
{block(lib_dev)}'''
open('crates/alljobs/Cargo.toml', 'w').write(lib_toml)

# paths inside the library that pointed at the repository root
for dp, _, fs in os.walk('crates/alljobs'):
    for f in fs:
        if not f.endswith('.rs'): continue
        p = os.path.join(dp, f); s = open(p).read(); o = s
        s = s.replace('"../../tests/', '"../../../../tests/').replace('"../../lists/', '"../../../../lists/')
        s = s.replace('env!("CARGO_MANIFEST_DIR"), "/tests/', 'env!("CARGO_MANIFEST_DIR"), "/../../tests/')
        s = s.replace('env!("CARGO_MANIFEST_DIR"), "/lists/', 'env!("CARGO_MANIFEST_DIR"), "/../../lists/')
        s = re.sub(r'#\[derive\(([^)]*?),\s*clap::ValueEnum\)\]', r'#[derive(\1)]\n#[cfg_attr(feature = "clap", derive(clap::ValueEnum))]', s)
        if s != o: open(p, 'w').write(s)
b = open('crates/alljobs/build.rs').read()
b = b.replace('let lists = root.join("lists");', 'let repo = root.join("../..");\n    let lists = repo.join("lists");')
b = b.replace('println!("cargo:rerun-if-changed=lists");', 'println!("cargo:rerun-if-changed={}", lists.display());')
b = b.replace('f.strip_prefix(&root)', 'f.strip_prefix(&repo)')
open('crates/alljobs/build.rs', 'w').write(b)
print('lib deps:', lib_rt, '\nlib dev:', lib_dev, '\ncli deps:', cli_rt, '\ncli dev:', cli_dev)

# documentation: paths of library files moved under crates/alljobs/
lib_top = set(os.listdir('crates/alljobs/src'))
md_files = ['README.md', 'CONTRIBUTING.md', 'ARCHITECTURE.md', 'lists/README.md']
for dp, _, fs in os.walk('docs/src'):
    md_files += [os.path.join(dp, f) for f in fs if f.endswith('.md')]
def fix_path(m):
    pre, rest = m.group(1), m.group(2)
    first = rest.split('/')[0].split(')')[0].split('`')[0]
    return (pre + 'crates/alljobs/src/' + rest) if first in lib_top else m.group(0)
for f in md_files:
    if not os.path.exists(f): continue
    s = open(f).read(); o = s
    s = re.sub(r'((?:\.\./)*|`)src/([^\s)`]+)', fix_path, s)
    if s != o: open(f, 'w').write(s)
