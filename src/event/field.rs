//! The canonical fields a rule may read, and their values.

use super::{NetworkEvent, Timestamp};

/// A field of [`NetworkEvent`], by the name rules use for it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Field {
    Timestamp,
    DeviceId,
    DeviceName,
    ActionType,
    Action,
    Direction,
    Outcome,
    RemoteIp,
    RemoteIpClass,
    RemoteIpType,
    RemotePort,
    RemoteUrl,
    LocalIp,
    LocalPort,
    Protocol,
    ProcessName,
    ProcessPath,
    ProcessCommandLine,
    ProcessOriginalName,
    ProcessId,
    ProcessParentName,
    UserName,
    UserDomain,
    ProcessSha1,
    ProcessSha256,
    ReportId,
}

/// Every field with its rule name and what it holds; docs are generated from this.
pub const FIELDS: &[(Field, &str, &str)] = &[
    (
        Field::Timestamp,
        "timestamp",
        "event time (Defender `Timestamp` or `TimeGenerated`)",
    ),
    (Field::DeviceId, "device.id", "Defender `DeviceId`"),
    (Field::DeviceName, "device.name", "Defender `DeviceName`"),
    (
        Field::ActionType,
        "action_type",
        "the source's action text, verbatim (`ActionType`)",
    ),
    (
        Field::Action,
        "action",
        "normalised action: ConnectionSuccess, ConnectionRequest, ConnectionFailed, ConnectionAttempt, ConnectionAcknowledged, InboundConnectionAccepted, ListeningConnectionCreated, ConnectionFound, Inspected, Other",
    ),
    (
        Field::Direction,
        "direction",
        "outbound, inbound, listen or unknown",
    ),
    (
        Field::Outcome,
        "outcome",
        "success, failure, attempt or unknown",
    ),
    (Field::RemoteIp, "remote.ip", "`RemoteIP` as given"),
    (
        Field::RemoteIpClass,
        "remote.ip_class",
        "computed from the address: private, public, loopback, link_local, multicast, broadcast, reserved, unknown",
    ),
    (
        Field::RemoteIpType,
        "remote.ip_type",
        "Defender `RemoteIPType`, as given",
    ),
    (
        Field::RemotePort,
        "remote.port",
        "`RemotePort` (integer; numeric strings accepted)",
    ),
    (Field::RemoteUrl, "remote.url", "`RemoteUrl`"),
    (Field::LocalIp, "local.ip", "`LocalIP`"),
    (Field::LocalPort, "local.port", "`LocalPort`"),
    (
        Field::Protocol,
        "protocol",
        "`Protocol` as given (Tcp, TcpV4, Udp, Icmp)",
    ),
    (
        Field::ProcessName,
        "process.name",
        "`InitiatingProcessFileName`",
    ),
    (
        Field::ProcessPath,
        "process.path",
        "`InitiatingProcessFolderPath`",
    ),
    (
        Field::ProcessCommandLine,
        "process.command_line",
        "`InitiatingProcessCommandLine`",
    ),
    (
        Field::ProcessOriginalName,
        "process.original_name",
        "`InitiatingProcessVersionInfoOriginalFileName`",
    ),
    (Field::ProcessId, "process.pid", "`InitiatingProcessId`"),
    (
        Field::ProcessParentName,
        "process.parent.name",
        "`InitiatingProcessParentFileName`",
    ),
    (
        Field::UserName,
        "user.name",
        "`InitiatingProcessAccountName`",
    ),
    (
        Field::UserDomain,
        "user.domain",
        "`InitiatingProcessAccountDomain`",
    ),
    (
        Field::ProcessSha1,
        "process.sha1",
        "`InitiatingProcessSHA1`",
    ),
    (
        Field::ProcessSha256,
        "process.sha256",
        "`InitiatingProcessSHA256`",
    ),
    (Field::ReportId, "record.id", "`ReportId`"),
];

impl Field {
    pub fn from_name(name: &str) -> Option<Field> {
        FIELDS
            .iter()
            .find(|(_, n, _)| *n == name)
            .map(|(f, _, _)| *f)
    }

    pub fn name(self) -> &'static str {
        FIELDS
            .iter()
            .find(|(f, _, _)| *f == self)
            .map_or("?", |(_, n, _)| n)
    }

    /// Fields that a process-creation event supplies (see `enrich::process`).
    pub fn is_process_context(self) -> bool {
        matches!(
            self,
            Field::ProcessCommandLine
                | Field::ProcessOriginalName
                | Field::ProcessParentName
                | Field::ProcessSha1
                | Field::ProcessSha256
        )
    }

    /// The field's value. A process-context field of an event whose source does
    /// not carry it, and that the join has not filled, is unknown (null), not
    /// empty: a rule cannot decide on it, and an output shows it as unknown.
    pub fn get<'e>(self, e: &'e NetworkEvent<'_>) -> Value<'e> {
        let value = self.get_given(e);
        if e.lacks_process_context && self.is_process_context() && value == Value::Str("") {
            Value::Null
        } else {
            value
        }
    }

    fn get_given<'e>(self, e: &'e NetworkEvent<'_>) -> Value<'e> {
        let p = &e.process;
        match self {
            Field::Timestamp => Value::Time(e.timestamp),
            Field::DeviceId => Value::Str(&e.device_id),
            Field::DeviceName => Value::Str(&e.device_name),
            Field::ActionType => Value::Str(&e.action_type),
            Field::Action => Value::Str(e.action.as_str()),
            Field::Direction => Value::Str(e.action.direction().as_str()),
            Field::Outcome => Value::Str(e.action.outcome().as_str()),
            Field::RemoteIp => Value::Str(&e.remote_ip),
            Field::RemoteIpClass => Value::Str(e.remote_ip_class.as_str()),
            Field::RemoteIpType => Value::Str(&e.remote_ip_type),
            Field::RemotePort => Value::from_int(e.remote_port),
            Field::RemoteUrl => Value::Str(&e.remote_url),
            Field::LocalIp => Value::Str(&e.local_ip),
            Field::LocalPort => Value::from_int(e.local_port),
            Field::Protocol => Value::Str(&e.protocol),
            Field::ProcessName => Value::Str(&p.file_name),
            Field::ProcessPath => Value::Str(&p.folder_path),
            Field::ProcessCommandLine => Value::Str(&p.command_line),
            Field::ProcessOriginalName => Value::Str(&p.original_file_name),
            Field::ProcessId => Value::from_int(p.pid),
            Field::ProcessParentName => Value::Str(&p.parent_file_name),
            Field::UserName => Value::Str(&p.account_name),
            Field::UserDomain => Value::Str(&p.account_domain),
            Field::ProcessSha1 => Value::Str(&p.sha1),
            Field::ProcessSha256 => Value::Str(&p.sha256),
            Field::ReportId => Value::Str(&e.report_id),
        }
    }
}

/// A field value borrowed from an event.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Value<'e> {
    Str(&'e str),
    Int(i64),
    Time(Timestamp),
    Bool(bool),
    Null,
}

impl Value<'_> {
    fn from_int(v: Option<i64>) -> Self {
        v.map_or(Value::Null, Value::Int)
    }
}

/// The type of a field's values, checked against operators when a rule loads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Str,
    Int,
    Time,
}

impl FieldKind {
    pub fn describe(self) -> &'static str {
        match self {
            FieldKind::Str => "a string",
            FieldKind::Int => "an integer",
            FieldKind::Time => "a datetime",
        }
    }
}

impl Field {
    pub fn kind(self) -> FieldKind {
        match self {
            Field::Timestamp => FieldKind::Time,
            Field::RemotePort | Field::LocalPort | Field::ProcessId => FieldKind::Int,
            _ => FieldKind::Str,
        }
    }
}
