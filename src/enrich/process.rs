//! The process-context join: a network event names its process (Sysmon
//! `ProcessGuid`; Defender `DeviceId` + `InitiatingProcessId` +
//! `InitiatingProcessCreationTime`), and the process-creation event of that
//! process supplies what the network event lacks: command line, parent, original
//! file name, integrity level, hashes. Sysmon event 3 carries none of these.
//!
//! State is bounded: at most `capacity` processes are kept, the oldest inserted
//! evicted first, and evictions are counted. Alerts are enriched when the run
//! ends, so the process event may come before or after the network event, in any
//! input of the run.

use std::collections::{HashMap, VecDeque};

use crate::event::{NetworkEvent, Process, ProcessEvent, Text, Timestamp};

/// Processes kept by default: about 0.5 KB each, so ~500 MB at the cap.
pub const DEFAULT_CAPACITY: usize = 1_000_000;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum ProcessKey {
    /// (device name, ProcessGuid) for Sysmon-family sources.
    Guid(String, String),
    /// (DeviceId, process id, creation time) for Defender.
    Defender(String, i64, Timestamp),
}

impl ProcessKey {
    fn of(device_id: &str, device_name: &str, p: &Process<'_>) -> Option<ProcessKey> {
        if !p.process_guid.is_empty() {
            let device = if device_id.is_empty() {
                device_name
            } else {
                device_id
            };
            return Some(ProcessKey::Guid(
                device.to_ascii_lowercase(),
                p.process_guid.to_ascii_lowercase(),
            ));
        }
        match (p.pid, p.creation_time) {
            (Some(pid), Some(t)) if !device_id.is_empty() => {
                Some(ProcessKey::Defender(device_id.to_string(), pid, t))
            }
            _ => None,
        }
    }

    pub fn of_network(e: &NetworkEvent<'_>) -> Option<ProcessKey> {
        Self::of(&e.device_id, &e.device_name, &e.process)
    }

    pub fn of_created(e: &ProcessEvent<'_>) -> Option<ProcessKey> {
        Self::of(&e.device_id, &e.device_name, &e.process)
    }
}

/// What a process-creation event tells about the created process.
#[derive(Clone, Debug)]
pub struct ProcessContext {
    pub process: Process<'static>,
    /// The parent's image file name (basename of its path).
    pub parent_file_name: String,
    pub signer: String,
}

#[derive(Default)]
pub struct ProcessTable {
    capacity: usize,
    map: HashMap<ProcessKey, ProcessContext>,
    order: VecDeque<ProcessKey>,
    pub evicted: u64,
}

impl ProcessTable {
    pub fn new(capacity: usize) -> Self {
        ProcessTable {
            capacity,
            ..Default::default()
        }
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }

    pub fn insert(&mut self, e: &ProcessEvent<'_>) {
        let Some(key) = ProcessKey::of_created(e) else {
            return;
        };
        let parent = &e.parent;
        let parent_path = if parent.file_name.is_empty() {
            &parent.folder_path
        } else {
            &parent.file_name
        };
        let context = ProcessContext {
            process: e.process.clone().into_owned(),
            parent_file_name: basename(parent_path).to_string(),
            signer: e.signer_type.to_string(),
        };
        if self.map.insert(key.clone(), context).is_none() {
            self.order.push_back(key);
            self.evict();
        }
    }

    fn evict(&mut self) {
        while self.map.len() > self.capacity {
            match self.order.pop_front() {
                Some(old) => {
                    self.map.remove(&old);
                    self.evicted += 1;
                }
                None => break,
            }
        }
    }

    /// Moves another table's processes into this one (workers' tables at the end).
    pub fn merge(&mut self, other: ProcessTable) {
        self.evicted += other.evicted;
        let mut map = other.map;
        for key in other.order {
            if let Some(ctx) = map.remove(&key)
                && self.map.insert(key.clone(), ctx).is_none()
            {
                self.order.push_back(key);
            }
        }
        self.evict();
    }

    /// Fills, for an event whose source lacks process context, the empty fields
    /// from its process-creation event. `None` when the event needs no join,
    /// `Some(false)` when its process is unknown.
    pub fn enrich(&self, e: &mut NetworkEvent<'static>) -> Option<bool> {
        if !e.lacks_process_context {
            return None;
        }
        let Some(ctx) = ProcessKey::of_network(e).and_then(|k| self.map.get(&k)) else {
            return Some(false);
        };
        let p = &mut e.process;
        let from = &ctx.process;
        fill(&mut p.command_line, &from.command_line);
        fill(&mut p.original_file_name, &from.original_file_name);
        fill(&mut p.folder_path, &from.folder_path);
        fill(&mut p.file_name, &from.file_name);
        fill(&mut p.sha1, &from.sha1);
        fill(&mut p.sha256, &from.sha256);
        fill(&mut p.integrity_level, &from.integrity_level);
        fill(&mut p.account_name, &from.account_name);
        fill(&mut p.account_domain, &from.account_domain);
        if p.parent_file_name.is_empty() {
            p.parent_file_name = Text::Owned(ctx.parent_file_name.clone());
        }
        // The context is now known: empty values are empty, not unknown.
        e.lacks_process_context = false;
        Some(true)
    }
}

fn fill(target: &mut Text<'static>, from: &Text<'static>) {
    if target.is_empty() && !from.is_empty() {
        *target = from.clone();
    }
}

/// The file name at the end of a Windows or POSIX path.
pub fn basename(path: &str) -> &str {
    path.rsplit(['\\', '/']).next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::Timestamp;

    fn process_event(guid: &str, cmd: &str) -> ProcessEvent<'static> {
        ProcessEvent {
            timestamp: Timestamp(0),
            device_id: "".into(),
            device_name: "WS1".into(),
            action_type: "ProcessCreate".into(),
            process: Process {
                process_guid: guid.to_string().into(),
                command_line: cmd.to_string().into(),
                original_file_name: "PowerShell.EXE".into(),
                ..Default::default()
            },
            parent: Process {
                folder_path: "C:\\Windows\\explorer.exe".into(),
                ..Default::default()
            },
            signer_type: "".into(),
            signature_status: "".into(),
            report_id: "".into(),
        }
    }

    fn network(guid: &str) -> NetworkEvent<'static> {
        let mut e = NetworkEvent::empty(Timestamp(1));
        e.device_name = "ws1".into();
        e.process.process_guid = guid.to_string().into();
        e.process.file_name = "update.exe".into();
        e.lacks_process_context = true;
        e
    }

    #[test]
    fn joins_on_guid_either_order_and_fills_only_gaps() {
        let mut t = ProcessTable::new(10);
        t.insert(&process_event("{A-1}", "powershell -enc x"));
        let mut e = network("{a-1}");
        assert_eq!(t.enrich(&mut e), Some(true));
        assert_eq!(e.process.command_line, "powershell -enc x");
        assert_eq!(e.process.original_file_name, "PowerShell.EXE");
        assert_eq!(e.process.parent_file_name, "explorer.exe");
        assert_eq!(
            e.process.file_name, "update.exe",
            "the network event's own value stays"
        );
        assert_eq!(t.enrich(&mut network("{other}")), Some(false));
        let mut defender = network("{a-1}");
        defender.lacks_process_context = false;
        assert_eq!(
            t.enrich(&mut defender),
            None,
            "rows that carry context are never altered"
        );
        assert!(defender.process.command_line.is_empty());
    }

    #[test]
    fn bounded_with_evictions_counted() {
        let mut t = ProcessTable::new(2);
        for g in ["a", "b", "c"] {
            t.insert(&process_event(g, "x"));
        }
        assert_eq!((t.len(), t.evicted), (2, 1));
        assert_eq!(t.enrich(&mut network("a")), Some(false), "oldest evicted");
        let mut other = ProcessTable::new(2);
        other.insert(&process_event("d", "y"));
        t.merge(other);
        assert_eq!((t.len(), t.evicted), (2, 2));
    }
}
