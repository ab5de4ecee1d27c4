//! Inputs: files, folders (recursive), gzip files and stdin; format detection
//! from content; and cutting a stream into chunks of whole records that can be
//! parsed in parallel.

use std::fs::File;
use std::io::{self, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;

use super::archive::ArchiveKind;
use super::sysmon::{self, JsonFlavor};

/// Where an input comes from.
#[derive(Clone, Debug)]
pub enum Origin {
    Path(PathBuf),
    Stdin,
    /// Bytes in memory (the demo sample compiled into the binary, fuzzing, embedding).
    Bytes(std::sync::Arc<[u8]>),
}

#[derive(Clone, Debug)]
pub struct Input {
    /// How the input is named in messages and outputs.
    pub name: String,
    pub origin: Origin,
    /// Found by walking a folder rather than named by the user.
    pub in_folder: bool,
}

/// Expands command-line arguments: `-` is stdin, folders are walked recursively
/// in name order (hidden entries skipped), files are taken as given.
pub fn expand(args: &[String]) -> Result<Vec<Input>, String> {
    let mut out = Vec::new();
    for arg in args {
        if arg == "-" {
            out.push(Input {
                name: "<stdin>".into(),
                origin: Origin::Stdin,
                in_folder: false,
            });
            continue;
        }
        let path = Path::new(arg);
        let meta = std::fs::metadata(path).map_err(|e| format!("{arg}: {e}"))?;
        if meta.is_dir() {
            for entry in walkdir::WalkDir::new(path)
                .sort_by_file_name()
                .into_iter()
                .filter_entry(|e| {
                    e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
                })
            {
                let entry = entry.map_err(|e| format!("{arg}: {e}"))?;
                if entry.file_type().is_file() {
                    out.push(Input {
                        name: entry.path().display().to_string(),
                        origin: Origin::Path(entry.into_path()),
                        in_folder: true,
                    });
                }
            }
        } else {
            out.push(Input {
                name: arg.clone(),
                origin: Origin::Path(path.to_path_buf()),
                in_folder: false,
            });
        }
    }
    Ok(out)
}

/// The shape of an input's content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Delimited text with a header row.
    Csv,
    /// One JSON value per line (rows, stream records, Event Hub messages).
    JsonLines,
    /// One JSON document (API, Graph or Log Analytics response, or an array).
    JsonDocument,
    /// A zip or tar archive, read member by member.
    Archive(ArchiveKind),
    /// Windows event log (`.evtx`).
    Evtx,
    /// Event XML: Event Viewer / wevtutil exports, Sysmon for Linux syslog lines.
    EventXml,
    /// Sysmon-family JSON lines (Winlogbeat, ECS, OTRF, evtx_dump).
    SysmonJsonLines(JsonFlavor),
    /// A JSON array of Sysmon-family documents.
    SysmonJsonArray,
}

impl Format {
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::JsonLines => "json-lines",
            Format::JsonDocument => "json-document",
            Format::Archive(ArchiveKind::Zip) => "zip",
            Format::Archive(ArchiveKind::Tar) => "tar",
            Format::Evtx => "evtx",
            Format::EventXml => "event-xml",
            Format::SysmonJsonLines(f) => f.as_str(),
            Format::SysmonJsonArray => "sysmon-json-array",
        }
    }
}

/// How an input that is no telemetry porthunt reads is reported.
pub const NOT_RECOGNISED: &str = "not a recognised format";

/// How much is read at a time, and the size of a parallel work unit.
pub const CHUNK_SIZE: usize = 4 << 20;
/// The longest record porthunt accepts; a longer one stops that input with an error.
pub const MAX_RECORD: usize = 256 << 20;

/// An opened input: its (decompressed) byte stream with the first block already read.
pub struct Opened<'r> {
    pub format: Format,
    pub gzip: bool,
    reader: Box<dyn Read + 'r>,
    /// Bytes read but not yet handed out.
    buf: Vec<u8>,
    eof: bool,
    /// 1-based line number of `buf[0]`.
    line: u64,
    /// Compressed bytes read so far (for throughput figures).
    pub bytes_in: CountingHandle,
}

/// Shared count of raw bytes read from an input.
#[derive(Clone, Default)]
pub struct CountingHandle(std::sync::Arc<std::sync::atomic::AtomicU64>);

impl CountingHandle {
    pub fn get(&self) -> u64 {
        self.0.load(std::sync::atomic::Ordering::Relaxed)
    }
}

struct Counting<R> {
    inner: R,
    count: CountingHandle,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count
            .0
            .fetch_add(n as u64, std::sync::atomic::Ordering::Relaxed);
        Ok(n)
    }
}

/// Opens an input, undoes gzip, skips a UTF-8 byte-order mark and detects the format.
pub fn open(input: &Input) -> Result<Opened<'static>, String> {
    let raw: Box<dyn Read> = match &input.origin {
        Origin::Path(p) => Box::new(File::open(p).map_err(|e| e.to_string())?),
        Origin::Stdin => Box::new(io::stdin()),
        Origin::Bytes(b) => Box::new(io::Cursor::new(b.clone())),
    };
    from_reader(raw)
}

/// Opens a byte stream (a file, or an archive member) as `open` does.
pub fn from_reader<'r>(raw: Box<dyn Read + 'r>) -> Result<Opened<'r>, String> {
    let count = CountingHandle::default();
    let mut raw = Counting {
        inner: raw,
        count: count.clone(),
    };
    let mut magic = [0u8; 2];
    let n = read_up_to(&mut raw, &mut magic).map_err(|e| e.to_string())?;
    let prefix = io::Cursor::new(magic[..n].to_vec());
    let gzip = n == 2 && magic == [0x1f, 0x8b];
    let reader: Box<dyn Read + 'r> = if gzip {
        Box::new(MultiGzDecoder::new(prefix.chain(raw)))
    } else {
        Box::new(prefix.chain(raw))
    };
    let mut opened = Opened {
        format: Format::Csv,
        gzip,
        reader,
        buf: Vec::with_capacity(CHUNK_SIZE),
        eof: false,
        line: 1,
        bytes_in: count,
    };
    opened.fill(CHUNK_SIZE).map_err(|e| read_error(gzip, e))?;
    if opened.buf.starts_with(&[0xef, 0xbb, 0xbf]) {
        opened.buf.drain(..3);
    }
    if opened.buf.starts_with(&[0xff, 0xfe]) || opened.buf.starts_with(&[0xfe, 0xff]) {
        return Err(
            "UTF-16 text; convert the export to UTF-8 (e.g. `iconv -f UTF-16 -t UTF-8`)".into(),
        );
    }
    opened.format = detect(&opened.buf, opened.eof)?;
    Ok(opened)
}

fn read_error(gzip: bool, e: io::Error) -> String {
    if gzip {
        format!("gzip stream: {e}")
    } else {
        e.to_string()
    }
}

fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..]) {
            Ok(0) => break,
            Ok(k) => n += k,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(n)
}

/// Tells the format from the first block of content, never from the file name.
fn detect(block: &[u8], eof: bool) -> Result<Format, String> {
    let start = block.iter().position(|b| !b.is_ascii_whitespace());
    let Some(start) = start else {
        return Ok(Format::JsonLines); // empty input: no records either way
    };
    if let Some(kind) = super::archive::kind_of(block) {
        return Ok(Format::Archive(kind));
    }
    if block.starts_with(b"ElfFile\0") {
        return Ok(Format::Evtx);
    }
    let first_line = &block[..memchr::memchr(b'\n', block).unwrap_or(block.len())];
    if block[start] == b'<' || memchr::memmem::find(first_line, b"<Event").is_some() {
        return Ok(Format::EventXml);
    }
    match block[start] {
        b'[' if SYSMON_MARKS
            .iter()
            .any(|m| memchr::memmem::find(block, m).is_some()) =>
        {
            Ok(Format::SysmonJsonArray)
        }
        b'[' => Ok(Format::JsonDocument),
        b'{' => {
            let rest = &block[start..];
            let line = match memchr::memchr(b'\n', rest) {
                Some(end) => Some(&rest[..end]),
                None if eof => Some(rest),
                None => None,
            };
            match line.filter(|l| is_json(l)) {
                // A first line that is a whole JSON value means JSON lines; a
                // pretty-printed or huge single-line document is read as a stream.
                Some(l) => {
                    Ok(sysmon::detect_json(l).map_or(Format::JsonLines, Format::SysmonJsonLines))
                }
                None => Ok(Format::JsonDocument),
            }
        }
        _ => {
            let end = memchr::memchr(b'\n', block).unwrap_or(block.len());
            let header = &block[..end];
            let looks_like_csv = header.contains(&b',')
                && super::defender::csv::Layout::from_header(header, Default::default()).is_some();
            if looks_like_csv {
                Ok(Format::Csv)
            } else {
                Err(format!(
                    "{NOT_RECOGNISED}: expected a Defender CSV export, JSON, event XML, EVTX or an archive"
                ))
            }
        }
    }
}

/// Keys that only Sysmon-family JSON has (a Defender row has none of them).
const SYSMON_MARKS: &[&[u8]] = &[
    b"\"winlog",
    b"\"EventID\"",
    b"\"event_data\"",
    b"\"Event\":{",
];

fn is_json(bytes: &[u8]) -> bool {
    let trimmed = bytes.trim_ascii_end();
    sonic_rs::from_slice::<serde::de::IgnoredAny>(trimmed).is_ok()
}

/// A run of whole records and the line number of its first byte.
pub struct Chunk {
    pub data: Vec<u8>,
    pub first_line: u64,
}

impl<'r> Opened<'r> {
    /// Reads until `buf` holds at least `want` bytes or the input ends.
    fn fill(&mut self, want: usize) -> io::Result<()> {
        if self.eof || self.buf.len() >= want {
            return Ok(());
        }
        // `read_to_end` reads into spare capacity without zeroing it first, and
        // retries on `Interrupted`; `take` stops it at `want`.
        let need = (want - self.buf.len()) as u64;
        self.buf.reserve(need as usize);
        let n = (&mut self.reader).take(need).read_to_end(&mut self.buf)?;
        if (n as u64) < need {
            self.eof = true;
        }
        Ok(())
    }

    /// Takes the first line (the CSV header), without its line terminator.
    pub fn take_first_line(&mut self) -> Result<Vec<u8>, String> {
        let end = loop {
            if let Some(i) = memchr::memchr(b'\n', &self.buf) {
                break i;
            }
            if self.eof {
                break self.buf.len();
            }
            if self.buf.len() > MAX_RECORD {
                return Err(format!("line 1 is longer than {MAX_RECORD} bytes"));
            }
            let want = self.buf.len() * 2;
            self.fill(want).map_err(|e| read_error(self.gzip, e))?;
        };
        let mut line: Vec<u8> = self.buf.drain(..end).collect();
        if !self.buf.is_empty() {
            self.buf.drain(..1);
        }
        if line.last() == Some(&b'\r') {
            line.pop();
        }
        self.line += 1;
        Ok(line)
    }

    /// The next run of whole records, about `CHUNK_SIZE` bytes; `None` at the end.
    pub fn next_chunk(&mut self) -> Result<Option<Chunk>, String> {
        self.next_chunk_reusing(None)
    }

    /// As `next_chunk`, continuing in `spare` (a buffer a finished chunk gave back)
    /// so that steady-state reading allocates nothing: fresh memory costs a page
    /// fault and a kernel zeroing per page, more than the read itself.
    pub fn next_chunk_reusing(&mut self, spare: Option<Vec<u8>>) -> Result<Option<Chunk>, String> {
        self.fill(CHUNK_SIZE)
            .map_err(|e| read_error(self.gzip, e))?;
        loop {
            if self.buf.is_empty() {
                return Ok(None);
            }
            let cut = if self.eof {
                Some(self.buf.len())
            } else {
                match self.format {
                    Format::Csv => last_csv_record_end(&self.buf),
                    _ => memchr::memrchr(b'\n', &self.buf).map(|i| i + 1),
                }
            };
            if let Some(cut) = cut {
                let mut next = spare.unwrap_or_default();
                next.clear();
                next.reserve(CHUNK_SIZE);
                next.extend_from_slice(&self.buf[cut..]);
                self.buf.truncate(cut);
                let data = std::mem::replace(&mut self.buf, next);
                let first_line = self.line;
                self.line += memchr::memchr_iter(b'\n', &data).count() as u64;
                return Ok(Some(Chunk { data, first_line }));
            }
            if self.buf.len() >= MAX_RECORD {
                return Err(format!(
                    "a record starting at line {} is longer than {MAX_RECORD} bytes",
                    self.line
                ));
            }
            let want = self.buf.len() * 2;
            self.fill(want).map_err(|e| read_error(self.gzip, e))?;
        }
    }

    /// The rest of the stream, for formats read as one document.
    pub fn into_reader(self) -> Box<dyn Read + 'r> {
        Box::new(io::Cursor::new(self.buf).chain(self.reader))
    }
}

/// The end (just past a `\n`) of the last complete CSV record in `buf`, which starts
/// at a record boundary. A newline ends a record only outside quotes, that is where
/// the number of `"` before it is even (RFC 4180 doubles quotes inside fields).
fn last_csv_record_end(buf: &[u8]) -> Option<usize> {
    let mut quotes_before_end = memchr::memchr_iter(b'"', buf).count();
    let mut end = buf.len();
    while let Some(nl) = memchr::memrchr(b'\n', &buf[..end]) {
        quotes_before_end -= memchr::memchr_iter(b'"', &buf[nl..end]).count();
        if quotes_before_end.is_multiple_of(2) {
            return Some(nl + 1);
        }
        end = nl;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_cut_respects_quoted_newlines() {
        let buf = b"a,b\n1,\"x\ny\"\n2,\"z\nw";
        assert_eq!(last_csv_record_end(buf), Some(12));
        assert_eq!(last_csv_record_end(b"1,\"open\nstill open"), None);
    }

    #[test]
    fn detects_formats_from_content() {
        assert_eq!(detect(b"Timestamp,DeviceName\n", true), Ok(Format::Csv));
        assert_eq!(
            detect(b"{\"a\":1}\n{\"a\":2}\n", true),
            Ok(Format::JsonLines)
        );
        assert_eq!(detect(b"{\"a\":1}", true), Ok(Format::JsonLines));
        assert_eq!(
            detect(b"{\n  \"Schema\": [],\n", false),
            Ok(Format::JsonDocument)
        );
        assert_eq!(detect(b"  [{\"a\":1}]", true), Ok(Format::JsonDocument));
        assert!(detect(b"hello world\n", true).is_err());
    }

    fn chunks_of(data: &'static [u8], format: Format) -> Vec<(Vec<u8>, u64)> {
        let mut o = Opened {
            format,
            gzip: false,
            reader: Box::new(data),
            buf: Vec::new(),
            eof: false,
            line: 1,
            bytes_in: CountingHandle::default(),
        };
        let mut out = Vec::new();
        while let Some(c) = o.next_chunk().unwrap() {
            out.push((c.data, c.first_line));
        }
        out
    }

    #[test]
    fn chunks_cover_the_input_exactly() {
        let out = chunks_of(b"{\"a\":1}\n{\"a\":2}\n{\"a\":3}", Format::JsonLines);
        let joined: Vec<u8> = out.iter().flat_map(|c| c.0.clone()).collect();
        assert_eq!(joined, b"{\"a\":1}\n{\"a\":2}\n{\"a\":3}");
        assert_eq!(out[0].1, 1);
    }
}
