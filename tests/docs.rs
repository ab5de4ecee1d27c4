//! Rule and field documentation is generated from the code (`porthunt rules ID`,
//! `porthunt fields`); this test fails when the committed copies drift.
//! Regenerate with `UPDATE_DOCS=1 cargo test --test docs`.

mod common;
use common::porthunt;

fn check(args: &[&str], path: &str) {
    let out = porthunt(args);
    assert_eq!(out.status.code(), Some(0));
    let generated = String::from_utf8(out.stdout).unwrap();
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&file, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&file).unwrap_or_default();
    assert_eq!(
        committed, generated,
        "{path} is stale: run UPDATE_DOCS=1 cargo test --test docs"
    );
}

#[test]
fn rule_docs_are_current() {
    for line in String::from_utf8(porthunt(&["rules"]).stdout)
        .unwrap()
        .lines()
    {
        let id = line.split_whitespace().next().unwrap();
        check(&["rules", id], &format!("docs/rules/{id}.md"));
    }
}

#[test]
fn field_docs_are_current() {
    check(&["fields", "--markdown"], "docs/fields.md");
}
