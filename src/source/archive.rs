//! Archives read in place, member by member, streaming: `.zip` (local headers read
//! in order, no seeking, so a truncated archive still yields the members before the
//! damage) and `.tar` (usually inside gzip, which `input` undoes first). Nothing is
//! extracted to disk.

use std::io::Read;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ArchiveKind {
    Zip,
    Tar,
}

/// Recognises an archive from its first bytes.
pub fn kind_of(head: &[u8]) -> Option<ArchiveKind> {
    if head.starts_with(b"PK\x03\x04") {
        Some(ArchiveKind::Zip)
    } else if head.len() > 262 && &head[257..262] == b"ustar" {
        Some(ArchiveKind::Tar)
    } else {
        None
    }
}

/// What went wrong in an archive: members that failed (name, error), and damage
/// to the archive itself that ended the walk early.
#[derive(Debug, Default)]
pub struct ArchiveProblems {
    pub members: Vec<(String, String)>,
    pub damage: Option<String>,
}

/// Calls `member` with each regular file's name and contents, in archive order.
/// An error from `member` is recorded against that member and reading goes on;
/// damage to the archive itself ends the walk, recorded with where it stopped.
pub fn for_each_member(
    kind: ArchiveKind,
    reader: Box<dyn Read + '_>,
    member: &mut dyn FnMut(&str, &mut dyn Read) -> Result<(), String>,
) -> ArchiveProblems {
    let mut problems = ArchiveProblems::default();
    problems.damage = walk(kind, reader, member, &mut problems.members).err();
    problems
}

/// As `for_each_member`, for a zip file that can seek: its central directory
/// lists every member, including those whose sizes only follow their data (data
/// descriptors), which a stream cannot read. A zip without a readable central
/// directory (a truncated download) is walked as a stream instead.
pub fn for_each_zip_member_in_file(
    path: &std::path::Path,
    member: &mut dyn FnMut(&str, &mut dyn Read) -> Result<(), String>,
) -> ArchiveProblems {
    let opened = std::fs::File::open(path)
        .map_err(|e| e.to_string())
        .and_then(|f| zip::ZipArchive::new(f).map_err(|e| e.to_string()));
    let mut archive = match opened {
        Ok(a) => a,
        Err(_) => match std::fs::File::open(path) {
            Ok(f) => {
                return for_each_member(
                    ArchiveKind::Zip,
                    Box::new(std::io::BufReader::new(f)),
                    member,
                );
            }
            Err(e) => {
                return ArchiveProblems {
                    damage: Some(e.to_string()),
                    ..Default::default()
                };
            }
        },
    };
    let mut problems = ArchiveProblems::default();
    for i in 0..archive.len() {
        let mut file = match archive.by_index(i) {
            Ok(f) => f,
            Err(e) => {
                problems
                    .members
                    .push((format!("member #{i}"), e.to_string()));
                continue;
            }
        };
        if file.is_dir() {
            continue;
        }
        let name = String::from_utf8_lossy(file.name_raw()).into_owned();
        if let Err(e) = member(&name, &mut file) {
            problems.members.push((name, e));
        }
    }
    problems
}

fn walk(
    kind: ArchiveKind,
    mut reader: Box<dyn Read + '_>,
    member: &mut dyn FnMut(&str, &mut dyn Read) -> Result<(), String>,
    failures: &mut Vec<(String, String)>,
) -> Result<(), String> {
    let mut seen = 0usize;
    match kind {
        ArchiveKind::Zip => loop {
            let mut file = match zip::read::read_zipfile_from_stream(&mut reader) {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(e) => return Err(format!("zip damaged after {seen} member(s): {e}")),
            };
            seen += 1;
            if file.is_dir() {
                continue;
            }
            let name = String::from_utf8_lossy(file.name_raw()).into_owned();
            if let Err(e) = member(&name, &mut file) {
                failures.push((name, e));
            }
        },
        ArchiveKind::Tar => {
            let mut archive = tar::Archive::new(reader);
            let entries = archive.entries().map_err(|e| format!("tar: {e}"))?;
            for entry in entries {
                let mut entry =
                    entry.map_err(|e| format!("tar damaged after {seen} member(s): {e}"))?;
                seen += 1;
                if !entry.header().entry_type().is_file() {
                    continue;
                }
                let name = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
                if let Err(e) = member(&name, &mut entry) {
                    failures.push((name, e));
                }
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn zip_of(members: &[(&str, &str)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, text) in members {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            w.write_all(text.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    fn names(kind: ArchiveKind, bytes: Vec<u8>) -> (Vec<(String, String)>, ArchiveProblems) {
        let mut seen = Vec::new();
        let result = for_each_member(kind, Box::new(std::io::Cursor::new(bytes)), &mut |n, r| {
            let mut s = String::new();
            r.read_to_string(&mut s).map_err(|e| e.to_string())?;
            seen.push((n.to_string(), s));
            Ok(())
        });
        (seen, result)
    }

    #[test]
    fn zip_members_in_order_and_truncation_keeps_the_first() {
        let bytes = zip_of(&[("a.json", "{\"x\":1}\n"), ("dir/b.json", "{\"y\":2}\n")]);
        assert_eq!(kind_of(&bytes), Some(ArchiveKind::Zip));
        let (seen, result) = names(ArchiveKind::Zip, bytes.clone());
        assert_eq!(seen.len(), 2);
        assert_eq!(
            seen[1],
            ("dir/b.json".to_string(), "{\"y\":2}\n".to_string())
        );
        assert!(result.members.is_empty() && result.damage.is_none());
        // Cut inside the second member: the first is still read, and the walk ends
        // with an error rather than silently.
        let second = bytes.windows(4).rposition(|w| w == b"PK\x03\x04").unwrap();
        let (seen, result) = names(ArchiveKind::Zip, bytes[..second + 40].to_vec());
        assert_eq!(seen.len(), 1);
        assert_eq!(result.members.len(), 1, "{result:?}");
        assert_eq!(result.members[0].0, "dir/b.json");
        assert!(
            result
                .damage
                .unwrap()
                .starts_with("zip damaged after 2 member(s)")
        );
    }

    #[test]
    fn tar_members() {
        let mut b = tar::Builder::new(Vec::new());
        let data = b"line\n";
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_cksum();
        b.append_data(&mut h, "x/y.json", &data[..]).unwrap();
        let bytes = b.into_inner().unwrap();
        assert_eq!(kind_of(&bytes), Some(ArchiveKind::Tar));
        let (seen, result) = names(ArchiveKind::Tar, bytes);
        assert_eq!(seen, [("x/y.json".to_string(), "line\n".to_string())]);
        assert!(result.members.is_empty() && result.damage.is_none());
    }
}
