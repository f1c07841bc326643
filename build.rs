//! Compiles the demo's evidence files into the binary: generates a `match` from file name to
//! `include_bytes!`, so adding a PDF to assets/demo/evidence/ needs no code change.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let dir = Path::new("assets/demo/evidence");
    println!("cargo:rerun-if-changed={}", dir.display());
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter(|e| e.path().is_file())
                .filter_map(|e| e.file_name().into_string().ok())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut code = String::from("match name {\n");
    for name in &names {
        let path = std::fs::canonicalize(dir.join(name)).unwrap_or_else(|_| dir.join(name));
        let _ = writeln!(
            code,
            "    {name:?} => Some(include_bytes!({:?})),",
            path.display().to_string()
        );
    }
    code.push_str("    _ => None,\n}\n");
    let out = std::env::var("OUT_DIR").unwrap_or_else(|_| ".".into());
    if let Err(e) = std::fs::write(Path::new(&out).join("demo_evidence.rs"), code) {
        panic!("cannot write the demo evidence table: {e}");
    }
}
