//! The reader thread: opens inputs in order, detects their format, and sends
//! chunks of whole records to the workers (or reads documents, EVTX and XML itself).

use super::*;

/// The reader: opens each input and sends its chunks (or the whole document) to
/// the workers. Returns inputs that failed, and the bytes read.
pub(super) fn read_inputs(
    shared: &Shared<'_>,
    tx: Sender<Job>,
) -> (Vec<InputFailure>, u64, Worker) {
    let mut failures = Vec::new();
    let mut bytes = 0;
    // JSON documents stream through one parser, here on the reader thread.
    let mut documents = Worker::new(shared);
    for (idx, inp) in shared.cfg.inputs.iter().enumerate() {
        if shared.stop.load(Ordering::Relaxed) {
            break;
        }
        match input::open(inp) {
            Ok(opened) => {
                let counter = opened.bytes_in.clone();
                match (&inp.origin, opened.format, opened.gzip) {
                    // A file is read chunk by chunk by the EVTX parser, which seeks.
                    (Origin::Path(path), Format::Evtx, false) => {
                        drop(opened);
                        let read = std::fs::File::open(path)
                            .map_err(|e| e.to_string())
                            .and_then(|f| {
                                let mut rows = Rows::new(shared, &mut documents, idx as u32);
                                sysmon::evtx::read_evtx_from(
                                    std::io::BufReader::new(f),
                                    &inp.name,
                                    &mut rows,
                                )
                            });
                        if let Err(error) = read {
                            failures.push(InputFailure::new(inp.name.clone(), error));
                        }
                        bytes += std::fs::metadata(path).map_or(0, |m| m.len());
                    }
                    (Origin::Path(path), Format::Archive(ArchiveKind::Zip), false) => {
                        drop(opened);
                        let problems = archive::for_each_zip_member_in_file(path, &mut |m, r| {
                            read_member(shared, &tx, &inp.name, m, r, &mut documents, &mut failures)
                        });
                        record_problems(&inp.name, problems, &mut failures);
                        bytes += std::fs::metadata(path).map_or(0, |m| m.len());
                    }
                    _ => dispatch(
                        shared,
                        &tx,
                        idx as u32,
                        opened,
                        &mut documents,
                        &mut failures,
                    ),
                }
                bytes += counter.get();
            }
            Err(error) => failures.push(not_telemetry_or_error(
                inp.name.clone(),
                error,
                inp.in_folder,
            )),
        }
    }
    (failures, bytes, documents)
}

/// An archive member is an input of its own, named `archive:member`.
pub(super) fn read_member(
    shared: &Shared<'_>,
    tx: &Sender<Job>,
    archive: &str,
    member: &str,
    reader: &mut dyn Read,
    documents: &mut Worker,
    failures: &mut Vec<InputFailure>,
) -> Result<(), String> {
    let input = shared.add_input(format!("{archive}:{member}"));
    let opened = match input::from_reader(Box::new(reader)) {
        Ok(o) => o,
        Err(error) => {
            failures.push(not_telemetry_or_error(shared.name(input), error, true));
            return Ok(());
        }
    };
    dispatch(shared, tx, input, opened, documents, failures);
    Ok(())
}

/// An unrecognised file that was met (in a folder walk or an archive), rather than
/// named by the user, is a note; anything else is an error.
pub(super) fn not_telemetry_or_error(input: String, error: String, met: bool) -> InputFailure {
    let not_telemetry = met && error.starts_with(input::NOT_RECOGNISED);
    InputFailure {
        not_telemetry,
        ..InputFailure::new(input, error)
    }
}

pub(super) fn record_problems(
    archive: &str,
    problems: archive::ArchiveProblems,
    failures: &mut Vec<InputFailure>,
) {
    for (member, error) in problems.members {
        failures.push(InputFailure::new(format!("{archive}:{member}"), error));
    }
    if let Some(error) = problems.damage {
        failures.push(InputFailure::new(archive.to_string(), error));
    }
}

/// Sends an opened input's records to the workers: chunks of a line format, the
/// whole of a JSON document, or each member of an archive as an input of its own.
pub(super) fn dispatch(
    shared: &Shared<'_>,
    tx: &Sender<Job>,
    input: u32,
    mut opened: Opened<'_>,
    documents: &mut Worker,
    failures: &mut Vec<InputFailure>,
) {
    let name = shared.name(input);
    let result = match opened.format {
        Format::JsonDocument => {
            read_document(shared, documents, input, opened);
            Ok(())
        }
        // Inside an archive or on stdin, there is no seeking: read it whole.
        Format::Evtx => {
            let mut bytes = Vec::new();
            match opened.into_reader().read_to_end(&mut bytes) {
                Ok(_) => sysmon::read_evtx(&bytes, &name, &mut Rows::new(shared, documents, input)),
                Err(e) => Err(e.to_string()),
            }
        }
        Format::EventXml => sysmon::read_xml(
            &mut std::io::BufReader::new(opened.into_reader()),
            &mut Rows::new(shared, documents, input),
        ),
        Format::SysmonJsonArray => sysmon::read_json_array(
            &mut std::io::BufReader::new(opened.into_reader()),
            &mut Rows::new(shared, documents, input),
        ),
        Format::Archive(kind) => {
            let mut inner = Vec::new();
            let problems = archive::for_each_member(kind, opened.into_reader(), &mut |m, r| {
                read_member(shared, tx, &name, m, r, documents, &mut inner)
            });
            failures.append(&mut inner);
            record_problems(&name, problems, failures);
            Ok(())
        }
        format => send_chunks(shared, tx, input, format, &mut opened),
    };
    if let Err(error) = result {
        failures.push(InputFailure::new(name, error));
    }
}

pub(super) fn send_chunks(
    shared: &Shared<'_>,
    tx: &Sender<Job>,
    input: u32,
    format: Format,
    opened: &mut Opened<'_>,
) -> Result<(), String> {
    let layout = if format == Format::Csv {
        let header = opened.take_first_line()?;
        let layout = Layout::from_header(&header, shared.wanted)
            .ok_or("the header row names no Defender column")?;
        check_columns(&layout.names, &shared.required)?;
        Some(Arc::new(layout))
    } else {
        None
    };
    while let Some(chunk) = opened.next_chunk_reusing(shared.spare.try_recv().ok())? {
        if shared.stop.load(Ordering::Relaxed) {
            break;
        }
        let job = Job::Chunk {
            input,
            format,
            layout: layout.clone(),
            chunk,
        };
        if tx.send(job).is_err() {
            break;
        }
    }
    Ok(())
}

/// A declared column list (CSV header, API schema) must supply every field the
/// rule reads, unless it holds no network table at all (a process-only export).
pub(super) fn check_columns(names: &[String], required: &Required) -> Result<(), String> {
    let present: ColSet = names
        .iter()
        .filter_map(|n| Col::from_name(n))
        .fold(ColSet::default(), ColSet::with);
    let network = present.contains(Col::RemotePort) || present.contains(Col::RemoteIp);
    let process = present.contains(Col::ProcessId) || present.contains(Col::ProcessCommandLine);
    if !network {
        return if process {
            Ok(())
        } else {
            Err("no DeviceNetworkEvents or DeviceProcessEvents columns (RemotePort, RemoteIP, ProcessId)".into())
        };
    }
    let missing: Vec<String> = required
        .iter()
        .filter(|(_, cols)| !cols.iter().any(|c| present.contains(*c)))
        .map(|(f, cols)| {
            let names: Vec<&str> = cols.iter().map(|c| col_name(*c)).collect();
            format!("{} (for {})", names.join(" or "), f.name())
        })
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "missing column(s) the rule needs: {}",
            missing.join(", ")
        ))
    }
}

pub(super) fn col_name(c: Col) -> &'static str {
    crate::source::defender::columns::COLUMNS[c as usize].1
}
