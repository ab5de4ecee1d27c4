//! The canonical events every source produces and every rule reads.
//!
//! Strings borrow from the input buffer where they can (`Cow`), so a record that
//! does not alert costs no allocation. An absent string is `""`, as in KQL, where
//! the `string` type has no null; absent numbers and times are `None`.

pub mod field;
pub mod ip;
pub mod time;

use std::borrow::Cow;
use std::net::IpAddr;

pub use ip::IpClass;
pub use time::Timestamp;

pub type Text<'a> = Cow<'a, str>;

/// What a network event records, normalised from Defender `ActionType`
/// (and, for other sources, from their own fields).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Action {
    /// Outbound connection established (Defender `ConnectionSuccess`, Sysmon `Initiated=true`).
    ConnectionSuccess,
    /// Outbound connection request (Defender on macOS and Linux).
    ConnectionRequest,
    ConnectionFailed,
    /// TCP SYN seen (device discovery).
    ConnectionAttempt,
    ConnectionAcknowledged,
    InboundConnectionAccepted,
    ListeningConnectionCreated,
    /// An already-open connection found by enumeration; direction unknown.
    ConnectionFound,
    /// Network-protection deep inspection (`*ConnectionInspected`, `*Inspected`).
    Inspected,
    Other,
}

impl Action {
    /// Maps a Defender `ActionType`. The match is exact (case-sensitive), as KQL's
    /// `==` is: `connectionsuccess` is not `ConnectionSuccess`.
    pub fn from_defender(action_type: &str) -> Action {
        match action_type {
            "ConnectionSuccess" => Action::ConnectionSuccess,
            "ConnectionRequest" => Action::ConnectionRequest,
            "ConnectionFailed" => Action::ConnectionFailed,
            "ConnectionAttempt" => Action::ConnectionAttempt,
            "ConnectionAcknowledged" => Action::ConnectionAcknowledged,
            "InboundConnectionAccepted" => Action::InboundConnectionAccepted,
            "ListeningConnectionCreated" => Action::ListeningConnectionCreated,
            "ConnectionFound" => Action::ConnectionFound,
            s if s.ends_with("Inspected") => Action::Inspected,
            _ => Action::Other,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Action::ConnectionSuccess => "ConnectionSuccess",
            Action::ConnectionRequest => "ConnectionRequest",
            Action::ConnectionFailed => "ConnectionFailed",
            Action::ConnectionAttempt => "ConnectionAttempt",
            Action::ConnectionAcknowledged => "ConnectionAcknowledged",
            Action::InboundConnectionAccepted => "InboundConnectionAccepted",
            Action::ListeningConnectionCreated => "ListeningConnectionCreated",
            Action::ConnectionFound => "ConnectionFound",
            Action::Inspected => "Inspected",
            Action::Other => "Other",
        }
    }

    pub fn direction(self) -> Direction {
        match self {
            Action::ConnectionSuccess
            | Action::ConnectionRequest
            | Action::ConnectionFailed
            | Action::ConnectionAttempt => Direction::Outbound,
            Action::ConnectionAcknowledged | Action::InboundConnectionAccepted => {
                Direction::Inbound
            }
            Action::ListeningConnectionCreated => Direction::Listen,
            Action::ConnectionFound | Action::Inspected | Action::Other => Direction::Unknown,
        }
    }

    pub fn outcome(self) -> Outcome {
        match self {
            Action::ConnectionSuccess
            | Action::InboundConnectionAccepted
            | Action::ConnectionAcknowledged => Outcome::Success,
            Action::ConnectionFailed => Outcome::Failure,
            Action::ConnectionRequest | Action::ConnectionAttempt => Outcome::Attempt,
            _ => Outcome::Unknown,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Direction {
    Outbound,
    Inbound,
    Listen,
    Unknown,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Outbound => "outbound",
            Direction::Inbound => "inbound",
            Direction::Listen => "listen",
            Direction::Unknown => "unknown",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    Success,
    Failure,
    Attempt,
    Unknown,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Success => "success",
            Outcome::Failure => "failure",
            Outcome::Attempt => "attempt",
            Outcome::Unknown => "unknown",
        }
    }
}

/// The process that made a connection (Defender `InitiatingProcess*`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Process<'a> {
    /// Image file name as the source gives it (casing preserved).
    pub file_name: Text<'a>,
    /// Image path; Defender network events usually include the file name.
    pub folder_path: Text<'a>,
    pub command_line: Text<'a>,
    pub original_file_name: Text<'a>,
    pub pid: Option<i64>,
    pub creation_time: Option<Timestamp>,
    pub parent_file_name: Text<'a>,
    pub account_name: Text<'a>,
    pub account_domain: Text<'a>,
    pub sha1: Text<'a>,
    pub sha256: Text<'a>,
    pub integrity_level: Text<'a>,
    /// Sysmon `ProcessGuid` (empty where the source has none, as in Defender).
    pub process_guid: Text<'a>,
}

fn owned(t: Text<'_>) -> Text<'static> {
    Text::Owned(t.into_owned())
}

impl Process<'_> {
    pub fn into_owned(self) -> Process<'static> {
        Process {
            file_name: owned(self.file_name),
            folder_path: owned(self.folder_path),
            command_line: owned(self.command_line),
            original_file_name: owned(self.original_file_name),
            pid: self.pid,
            creation_time: self.creation_time,
            parent_file_name: owned(self.parent_file_name),
            account_name: owned(self.account_name),
            account_domain: owned(self.account_domain),
            sha1: owned(self.sha1),
            sha256: owned(self.sha256),
            integrity_level: owned(self.integrity_level),
            process_guid: owned(self.process_guid),
        }
    }
}

/// One network connection event (Defender `DeviceNetworkEvents`).
#[derive(Clone, Debug, PartialEq)]
pub struct NetworkEvent<'a> {
    pub timestamp: Timestamp,
    pub device_id: Text<'a>,
    pub device_name: Text<'a>,
    /// The source's own action text, verbatim.
    pub action_type: Text<'a>,
    pub action: Action,
    pub remote_ip: Text<'a>,
    pub remote_ip_class: IpClass,
    /// Defender's `RemoteIPType`, kept as given (may be empty or `FourToSixMapping`).
    pub remote_ip_type: Text<'a>,
    pub remote_port: Option<i64>,
    pub remote_url: Text<'a>,
    pub local_ip: Text<'a>,
    pub local_port: Option<i64>,
    pub protocol: Text<'a>,
    pub process: Process<'a>,
    pub report_id: Text<'a>,
    /// The source does not carry the process's creation context (command line,
    /// parent, original file name, hashes, integrity level): Sysmon event 3 and
    /// its ECS form. Only such events are filled in by the process join, so a
    /// Defender row is never altered.
    pub lacks_process_context: bool,
}

impl NetworkEvent<'_> {
    /// A copy that owns its strings, to outlive the input buffer (alerts).
    pub fn into_owned(self) -> NetworkEvent<'static> {
        NetworkEvent {
            timestamp: self.timestamp,
            device_id: owned(self.device_id),
            device_name: owned(self.device_name),
            action_type: owned(self.action_type),
            action: self.action,
            remote_ip: owned(self.remote_ip),
            remote_ip_class: self.remote_ip_class,
            remote_ip_type: owned(self.remote_ip_type),
            remote_port: self.remote_port,
            remote_url: owned(self.remote_url),
            local_ip: owned(self.local_ip),
            local_port: self.local_port,
            protocol: owned(self.protocol),
            process: self.process.into_owned(),
            report_id: owned(self.report_id),
            lacks_process_context: self.lacks_process_context,
        }
    }
}

impl<'a> NetworkEvent<'a> {
    /// Fills the fields derived from others: the action from `action_type` and the
    /// address class from `remote_ip`.
    pub fn derive(&mut self) {
        self.action = Action::from_defender(&self.action_type);
        self.remote_ip_class = ip::classify(self.remote_ip_addr());
    }

    pub fn remote_ip_addr(&self) -> Option<IpAddr> {
        ip::parse_ip(&self.remote_ip)
    }

    pub fn empty(timestamp: Timestamp) -> Self {
        NetworkEvent {
            timestamp,
            device_id: Text::Borrowed(""),
            device_name: Text::Borrowed(""),
            action_type: Text::Borrowed(""),
            action: Action::Other,
            remote_ip: Text::Borrowed(""),
            remote_ip_class: IpClass::Unknown,
            remote_ip_type: Text::Borrowed(""),
            remote_port: None,
            remote_url: Text::Borrowed(""),
            local_ip: Text::Borrowed(""),
            local_port: None,
            protocol: Text::Borrowed(""),
            process: Process::default(),
            report_id: Text::Borrowed(""),
            lacks_process_context: false,
        }
    }
}

/// One process-creation event (Defender `DeviceProcessEvents`): the created process
/// and the process that created it.
#[derive(Clone, Debug, PartialEq)]
pub struct ProcessEvent<'a> {
    pub timestamp: Timestamp,
    pub device_id: Text<'a>,
    pub device_name: Text<'a>,
    pub action_type: Text<'a>,
    /// The created process.
    pub process: Process<'a>,
    /// The creating (parent) process.
    pub parent: Process<'a>,
    pub signer_type: Text<'a>,
    pub signature_status: Text<'a>,
    pub report_id: Text<'a>,
}

/// A normalised event.
#[derive(Clone, Debug, PartialEq)]
pub enum Event<'a> {
    Network(NetworkEvent<'a>),
    Process(ProcessEvent<'a>),
}
