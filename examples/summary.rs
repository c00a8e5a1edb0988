//! Loads a list through the public API and prints its summary.
//!
//! `cargo run --example summary -- lists/kg/kg-2000-res-158.toml`
//! (with no argument: the shipped Resolution 158).

use alljobs::model::{ScopeClass, pick_text};
use alljobs::{Catalog, List};
use std::process::ExitCode;

fn main() -> ExitCode {
    let arg = std::env::args().nth(1);
    let list: List = match arg {
        Some(path) => match alljobs::catalog::Resolver::new().open_path(std::path::Path::new(&path)) {
            Ok((list, _warnings)) => list,
            Err(e) => {
                for d in &e.diagnostics {
                    eprint!("{}", d.render());
                }
                return ExitCode::from(2);
            }
        },
        None => match Catalog::embedded().resolve("kg-2000-res-158") {
            Ok(l) => l,
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(2);
            }
        },
    };
    let meta = list.meta();
    println!("{} ({}, {})", meta.id, meta.jurisdiction, meta.status);
    println!("  {}", pick_text(&meta.title, &["en", "ru", "ky"]).unwrap_or(""));
    println!("  {}", list.completeness());
    for class in ScopeClass::ALL {
        let n = list.entries().iter().filter(|e| list.scope_of(e).class() == class).count();
        if n > 0 {
            println!("  {class}: {n}");
        }
    }
    ExitCode::SUCCESS
}
