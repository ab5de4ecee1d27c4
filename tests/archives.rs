//! Archives are read in place, member by member: the alerts are those of the
//! members, and damage is reported without losing the members before it.

mod common;
use common::*;
use std::io::Write;

const MEMBERS: &[&str] = &["portal.csv", "rows.jsonl", "api.json", "eventhub.jsonl"];

fn zip_of_fixtures() -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for m in MEMBERS {
        w.start_file(
            format!("export/{m}"),
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        w.write_all(&std::fs::read(fixture(&format!("defender/{m}"))).unwrap())
            .unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn tar_gz_of_fixtures() -> Vec<u8> {
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let mut b = tar::Builder::new(gz);
    for m in MEMBERS {
        b.append_path_with_name(fixture(&format!("defender/{m}")), format!("export/{m}"))
            .unwrap();
    }
    b.into_inner().unwrap().finish().unwrap()
}

fn run(bytes: &[u8], name: &str) -> std::process::Output {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    porthunt(&["hunt", "--now", NOW, path.to_str().unwrap()])
}

fn expected_per_member() -> Vec<serde_json::Value> {
    // Each member holds the same rows, so each alert appears once per member,
    // and the sort puts the copies together.
    expected_seed()
        .into_iter()
        .flat_map(|a| std::iter::repeat_n(a, MEMBERS.len()))
        .collect()
}

#[test]
fn zip_and_tar_gz_members_are_hunted() {
    for (bytes, name) in [
        (zip_of_fixtures(), "export.zip"),
        (tar_gz_of_fixtures(), "export.tar.gz"),
    ] {
        let out = run(&bytes, name);
        assert_eq!(out.status.code(), Some(0), "{name}: {}", stderr(&out));
        assert_eq!(alerts(&out), expected_per_member(), "{name}");
        assert!(stderr(&out).contains("60 read"), "{name}: {}", stderr(&out));
    }
}

#[test]
fn a_damaged_zip_keeps_the_members_before_the_damage() {
    let bytes = zip_of_fixtures();
    // Cut in the middle of the third member's local header.
    let third = bytes
        .windows(4)
        .enumerate()
        .filter(|(_, w)| *w == b"PK\x03\x04")
        .nth(2)
        .unwrap()
        .0;
    let out = run(&bytes[..third + 10], "cut.zip");
    assert_eq!(out.status.code(), Some(3));
    let err = stderr(&out);
    assert!(
        err.contains("cut.zip: zip damaged after 2 member(s)"),
        "{err}"
    );
    // portal.csv and rows.jsonl were read in full.
    assert_eq!(alerts(&out).len(), expected_seed().len() * 2, "{err}");
}
