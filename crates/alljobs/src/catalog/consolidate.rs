//! Consolidation: an overlay (`list.base` + ordered operations) becomes a full
//! version of the list. Operations naming a missing entry, a missing or
//! circular base, and conflicting operations are errors with positions.

use super::Catalog;
use crate::diagnostic::{Diagnostic, Location, did_you_mean};
use crate::list::List;
use crate::load::{LoadError, Loaded};
use crate::model::{OpKind, Operation};
use std::collections::HashMap;

/// Consolidates `l` using `catalog` to find bases; `stack` holds the ids being
/// resolved (cycle detection).
pub(crate) fn consolidate(catalog: &Catalog, l: &Loaded, stack: &mut Vec<String>) -> Result<List, LoadError> {
    let id = l.file.list.id.clone();
    let Some(base_id) = l.file.list.base.clone() else {
        return Ok(List::from_parts(l.file.clone(), l.entry_locations(), l.path.clone()));
    };
    let here = |pointer: &str| l.locate(pointer);
    let fail = |d: Diagnostic| LoadError { path: l.path.clone(), diagnostics: vec![d] };
    stack.push(id.clone());
    if stack.contains(&base_id) {
        let mut chain = stack.clone();
        chain.push(base_id.clone());
        return Err(fail(located(
            Diagnostic::error("circular-base", format!("circular base: {}", chain.join(" → "))),
            l,
            here("/list/base"),
        )));
    }
    let Some(base_loaded) = catalog.get(&base_id) else {
        let mut d = Diagnostic::error("missing-base", format!("base list `{base_id}` not found"));
        d = match did_you_mean(&base_id, catalog.ids()) {
            Some(s) => d.with_hint(format!("did you mean `{s}`?")),
            None => d.with_hint("the base is looked up beside the file, in the lists directory, then among the lists built into alljobs"),
        };
        return Err(fail(located(d, l, here("/list/base"))));
    };
    let base = consolidate(catalog, base_loaded, stack)?;
    stack.pop();
    apply(base, l)
}

fn located(d: Diagnostic, l: &Loaded, loc: Location) -> Diagnostic {
    d.at(&l.path, &l.text, loc.span)
}

/// What earlier operation touched an entry, for conflict messages.
#[derive(Clone, Copy)]
struct Touch {
    op: usize,
    kind: OpKind,
    all: bool,
}

fn apply(base: List, l: &Loaded) -> Result<List, LoadError> {
    let mut errors = Vec::new();
    let (mut file, mut origins, _) = base.into_parts();
    let base_default = file.list.default_scope.clone();
    // Materialise scopes so that the overlay's own default does not silently rescope base entries.
    for e in &mut file.entries {
        if e.scope.is_none() && base_default != l.file.list.default_scope {
            e.scope = Some(base_default.clone());
        }
    }
    // Sources and sections: the overlay's are added to the base's.
    for s in &l.file.sources {
        file.sources.retain(|b| b.id != s.id);
        file.sources.push(s.clone());
    }
    for (i, s) in l.file.sections.iter().enumerate() {
        if file.sections.iter().any(|b| b.id == s.id) {
            errors.push(op_error(
                l,
                &format!("/sections/{i}/id"),
                "duplicate-id",
                format!("section `{}` already exists in the base", s.id),
            ));
        } else {
            file.sections.push(s.clone());
        }
    }
    // Provisions: the overlay's apply besides the base's.
    file.provisions.extend(l.file.provisions.iter().cloned());
    let op_loc = |i: usize| -> Location {
        match l.operation_spans.get(i) {
            Some(s) => l.location(s.clone()),
            None => Location::file_only(&l.path),
        }
    };
    let mut touched: HashMap<String, Vec<Touch>> = HashMap::new();
    let mut repealed: HashMap<String, usize> = HashMap::new();
    let mut global_rescope: Option<usize> = None;

    for (i, op) in l.file.operations.iter().enumerate() {
        let at = |d: Diagnostic| d.at(&l.path, &l.text, op_loc(i).span);
        let n = i + 1;
        if let Some(d) = misplaced_fields(op) {
            errors.push(at(d));
            continue;
        }
        let target = op.target.as_deref();
        if op.kind_needs_target() && target.is_none() {
            errors.push(at(Diagnostic::error(
                "op-missing-field",
                format!("operation {n} ({}) needs `target`, the entry id", op.op.as_str()),
            )));
            continue;
        }
        if target == Some("*") && op.op != OpKind::Rescope {
            errors.push(at(Diagnostic::error(
                "op-invalid",
                format!("operation {n}: `target = \"*\"` is only allowed for rescope"),
            )));
            continue;
        }
        // Locate the target entry.
        let idx = match target {
            Some("*") | None => None,
            Some(t) => match file.entries.iter().position(|e| e.id == t) {
                Some(ix) => Some(ix),
                None => {
                    let mut d = match repealed.get(t) {
                        Some(&r) => Diagnostic::error(
                            "op-conflict",
                            format!(
                                "operation {n} ({}) names entry `{t}`, repealed by operation {} (line {})",
                                op.op.as_str(),
                                r + 1,
                                op_loc(r).line
                            ),
                        ),
                        None => Diagnostic::error(
                            "op-missing-entry",
                            format!("operation {n} ({}): no entry `{t}` in the base list", op.op.as_str()),
                        ),
                    };
                    if !repealed.contains_key(t)
                        && let Some(s) = did_you_mean(t, file.entries.iter().map(|e| e.id.as_str()))
                    {
                        d = d.with_hint(format!("did you mean `{s}`?"));
                    }
                    errors.push(at(d));
                    continue;
                }
            },
        };
        // Conflicts: the same kind of change twice on one entry, or a global rescope after a specific one.
        if let Some(t) = target.filter(|t| *t != "*") {
            let prev = touched.entry(t.to_string()).or_default();
            if let Some(p) = prev.iter().find(|p| p.kind == op.op && !p.all) {
                errors.push(at(Diagnostic::error(
                    "op-conflict",
                    format!(
                        "operation {n} ({}) conflicts with operation {} on entry `{t}` (line {})",
                        op.op.as_str(),
                        p.op + 1,
                        op_loc(p.op).line
                    ),
                )));
                continue;
            }
            prev.push(Touch { op: i, kind: op.op, all: false });
        } else if op.op == OpKind::Rescope && target == Some("*") {
            if let Some(g) = global_rescope {
                errors.push(at(Diagnostic::error(
                    "op-conflict",
                    format!(
                        "operation {n} rescopes every entry again (operation {} did, line {})",
                        g + 1,
                        op_loc(g).line
                    ),
                )));
                continue;
            }
            if let Some((t, p)) =
                touched.iter().flat_map(|(t, v)| v.iter().map(move |p| (t, p))).find(|(_, p)| p.kind == OpKind::Rescope)
            {
                errors.push(at(Diagnostic::error(
                    "op-conflict",
                    format!(
                        "operation {n} rescopes every entry after operation {} rescoped `{t}` (line {}); put the global rescope first",
                        p.op + 1,
                        op_loc(p.op).line
                    ),
                )));
                continue;
            }
            global_rescope = Some(i);
        }
        let origin = op_loc(i);
        match op.op {
            OpKind::Repeal => {
                let ix = idx.unwrap_or(0);
                let e = file.entries.remove(ix);
                origins.remove(ix);
                repealed.insert(e.id, i);
            }
            OpKind::Rescope => {
                let Some(scope) = op.scope.clone() else {
                    errors.push(at(Diagnostic::error(
                        "op-missing-field",
                        format!("operation {n} (rescope) needs `scope`"),
                    )));
                    continue;
                };
                match idx {
                    Some(ix) => {
                        file.entries[ix].scope = Some(scope);
                        file.entries[ix].scope_inferred = false;
                        origins[ix] = origin;
                    }
                    None => {
                        for (e, o) in file.entries.iter_mut().zip(origins.iter_mut()) {
                            e.scope = Some(scope.clone());
                            e.scope_inferred = false;
                            *o = origin.clone();
                        }
                    }
                }
            }
            OpKind::Reword => {
                if op.title.is_none() && op.condition.is_none() {
                    errors.push(at(Diagnostic::error(
                        "op-missing-field",
                        format!("operation {n} (reword) needs `title` or `condition`"),
                    )));
                    continue;
                }
                let ix = idx.unwrap_or(0);
                if let Some(t) = &op.title {
                    file.entries[ix].title = t.clone();
                }
                if let Some(c) = &op.condition {
                    file.entries[ix].condition = c.clone();
                }
                origins[ix] = origin;
            }
            OpKind::Renumber => {
                let Some(num) = op.number.clone() else {
                    errors.push(at(Diagnostic::error(
                        "op-missing-field",
                        format!("operation {n} (renumber) needs `number`"),
                    )));
                    continue;
                };
                let ix = idx.unwrap_or(0);
                file.entries[ix].number = Some(num);
                origins[ix] = origin;
            }
            OpKind::Move => {
                let Some(sec) = op.section.clone() else {
                    errors.push(at(Diagnostic::error(
                        "op-missing-field",
                        format!("operation {n} (move) needs `section`"),
                    )));
                    continue;
                };
                if !file.sections.iter().any(|s| s.id == sec) {
                    let mut d =
                        Diagnostic::error("unknown-section", format!("operation {n} (move): unknown section `{sec}`"));
                    if let Some(s) = did_you_mean(&sec, file.sections.iter().map(|s| s.id.as_str())) {
                        d = d.with_hint(format!("did you mean `{s}`?"));
                    }
                    errors.push(at(d));
                    continue;
                }
                let ix = idx.unwrap_or(0);
                file.entries[ix].section = Some(sec);
                origins[ix] = origin;
            }
            OpKind::Add => {
                let Some(entry) = op.entry.as_deref().cloned() else {
                    errors.push(at(Diagnostic::error(
                        "op-missing-field",
                        format!("operation {n} (add) needs an `entry` table"),
                    )));
                    continue;
                };
                if file.entries.iter().any(|e| e.id == entry.id) || repealed.contains_key(&entry.id) {
                    errors.push(at(Diagnostic::error(
                        "duplicate-id",
                        format!("operation {n} (add): entry id `{}` is already used", entry.id),
                    )));
                    continue;
                }
                if let Some(s) = &entry.section
                    && !file.sections.iter().any(|x| &x.id == s)
                {
                    errors.push(at(Diagnostic::error(
                        "unknown-section",
                        format!("operation {n} (add): unknown section `{s}`"),
                    )));
                    continue;
                }
                let pos = match &op.after {
                    None => file.entries.len(),
                    Some(a) => match file.entries.iter().position(|e| &e.id == a) {
                        Some(p) => p + 1,
                        None => {
                            errors.push(at(Diagnostic::error(
                                "op-missing-entry",
                                format!("operation {n} (add): no entry `{a}` to insert after"),
                            )));
                            continue;
                        }
                    },
                };
                touched.entry(entry.id.clone()).or_default().push(Touch { op: i, kind: OpKind::Add, all: false });
                file.entries.insert(pos, entry);
                origins.insert(pos, origin);
            }
        }
    }
    if !errors.is_empty() {
        return Err(LoadError { path: l.path.clone(), diagnostics: errors });
    }
    file.list = l.file.list.clone();
    file.operations.clear();
    let errors = consolidated_errors(&file, l, &touched, &op_loc);
    if !errors.is_empty() {
        return Err(LoadError { path: l.path.clone(), diagnostics: errors });
    }
    Ok(List::from_parts(file, origins, l.path.clone()))
}

/// The consolidated list must be valid on its own (an overlay `reword` with
/// `title = {}` must not make an entry without a title): each error is placed
/// at the last operation that touched the entry, else at `list.base`.
fn consolidated_errors(
    file: &crate::model::ListFile,
    l: &Loaded,
    touched: &HashMap<String, Vec<Touch>>,
    op_loc: &dyn Fn(usize) -> Location,
) -> Vec<Diagnostic> {
    let mut as_full = file.clone();
    as_full.list.base = None;
    let mut out = Vec::new();
    crate::load::validate_model(&as_full, &mut |d: Diagnostic, pointer: Option<&str>| {
        // A list emptied by its amendments is a fact, not an error of the file.
        if !d.is_error() || d.code == "empty-list" {
            return;
        }
        let entry = pointer
            .and_then(|p| p.strip_prefix("/entries/"))
            .and_then(|rest| rest.split('/').next())
            .and_then(|i| i.parse::<usize>().ok())
            .and_then(|i| file.entries.get(i));
        let op = entry.and_then(|e| touched.get(&e.id)).and_then(|t| t.last()).map(|t| t.op);
        let loc = match op {
            Some(i) => op_loc(i),
            None => l.locate("/list/base"),
        };
        let what = match (op, entry) {
            (Some(i), Some(e)) => format!("operation {} makes entry `{}` invalid: {}", i + 1, e.id, d.message),
            _ => format!("the consolidated list is invalid: {}", d.message),
        };
        let mut nd = Diagnostic::error(d.code, what);
        if let Some(h) = d.hint {
            nd = nd.with_hint(h);
        }
        out.push(nd.at(&l.path, &l.text, loc.span));
    });
    out
}

fn op_error(l: &Loaded, pointer: &str, code: &'static str, msg: String) -> Diagnostic {
    Diagnostic::error(code, msg).at(&l.path, &l.text, l.locate(pointer).span)
}

impl Operation {
    fn kind_needs_target(&self) -> bool {
        self.op != OpKind::Add
    }
}

/// A field that has no meaning for the operation's kind.
fn misplaced_fields(op: &Operation) -> Option<Diagnostic> {
    let allowed: &[&str] = match op.op {
        OpKind::Repeal => &[],
        OpKind::Rescope => &["scope"],
        OpKind::Reword => &["title", "condition"],
        OpKind::Renumber => &["number"],
        OpKind::Move => &["section"],
        OpKind::Add => &["entry", "after"],
    };
    let present = [
        ("scope", op.scope.is_some()),
        ("title", op.title.is_some()),
        ("condition", op.condition.is_some()),
        ("number", op.number.is_some()),
        ("section", op.section.is_some()),
        ("entry", op.entry.is_some()),
        ("after", op.after.is_some()),
        ("target", op.target.is_some() && op.op == OpKind::Add),
    ];
    present.iter().find(|(k, p)| *p && !allowed.contains(k)).map(|(k, _)| {
        Diagnostic::error("op-invalid", format!("`{k}` has no meaning for op = \"{}\"", op.op.as_str())).with_hint(
            format!(
                "op = \"{}\" takes: {}",
                op.op.as_str(),
                if allowed.is_empty() { "target".to_string() } else { allowed.join(", ") }
            ),
        )
    })
}
