//! Defender Advanced Hunting columns, and the mapping from a row of them to a
//! canonical event. Every Defender shape (CSV, API JSON, stream records, Log
//! Analytics) fills a [`Row`] and shares this one mapping.

use std::borrow::Cow;

use crate::event::field::Field;
use crate::event::{Event, NetworkEvent, Process, ProcessEvent, Text, Timestamp};
use crate::source::RecordError;

macro_rules! columns {
    ($($col:ident = $name:literal,)*) => {
        /// A Defender column porthunt reads.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u8)]
        pub enum Col { $($col,)* }

        /// (column, name as Defender spells it), in `Col` order.
        pub const COLUMNS: &[(Col, &str)] = &[$((Col::$col, $name),)*];

        impl Col {
            /// Looks a column up by its exact (case-sensitive) name, as KQL resolves columns.
            pub fn from_name(name: &str) -> Option<Col> {
                match name {
                    $($name => Some(Col::$col),)*
                    // The portal CSV of a `union` splits ReportId by type.
                    "ReportId_long" => Some(Col::ReportId),
                    _ => None,
                }
            }
        }
    };
}

columns! {
    Timestamp = "Timestamp",
    TimeGenerated = "TimeGenerated",
    Type = "Type",
    DeviceId = "DeviceId",
    DeviceName = "DeviceName",
    ActionType = "ActionType",
    RemoteIp = "RemoteIP",
    RemotePort = "RemotePort",
    RemoteIpType = "RemoteIPType",
    RemoteUrl = "RemoteUrl",
    LocalIp = "LocalIP",
    LocalPort = "LocalPort",
    Protocol = "Protocol",
    ReportId = "ReportId",
    IpFileName = "InitiatingProcessFileName",
    IpFolderPath = "InitiatingProcessFolderPath",
    IpCommandLine = "InitiatingProcessCommandLine",
    IpOriginalFileName = "InitiatingProcessVersionInfoOriginalFileName",
    IpId = "InitiatingProcessId",
    IpCreationTime = "InitiatingProcessCreationTime",
    IpParentFileName = "InitiatingProcessParentFileName",
    IpAccountName = "InitiatingProcessAccountName",
    IpAccountDomain = "InitiatingProcessAccountDomain",
    IpSha1 = "InitiatingProcessSHA1",
    IpSha256 = "InitiatingProcessSHA256",
    IpIntegrityLevel = "InitiatingProcessIntegrityLevel",
    IpSignerType = "InitiatingProcessSignerType",
    IpSignatureStatus = "InitiatingProcessSignatureStatus",
    FileName = "FileName",
    FolderPath = "FolderPath",
    ProcessCommandLine = "ProcessCommandLine",
    ProcessOriginalFileName = "ProcessVersionInfoOriginalFileName",
    ProcessId = "ProcessId",
    ProcessCreationTime = "ProcessCreationTime",
    AccountName = "AccountName",
    AccountDomain = "AccountDomain",
    Sha1 = "SHA1",
    Sha256 = "SHA256",
    ProcessIntegrityLevel = "ProcessIntegrityLevel",
}

pub const NCOLS: usize = COLUMNS.len();
const _: () = assert!(NCOLS <= 64, "ColSet is a u64");

/// A set of columns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ColSet(u64);

impl ColSet {
    pub const ALL: ColSet = ColSet(u64::MAX >> (64 - NCOLS));

    pub fn of(cols: &[Col]) -> ColSet {
        cols.iter().fold(ColSet(0), |s, c| s.with(*c))
    }
    pub fn with(self, c: Col) -> ColSet {
        ColSet(self.0 | 1 << c as u8)
    }
    pub fn contains(self, c: Col) -> bool {
        self.0 & (1 << c as u8) != 0
    }
    pub fn union(self, o: ColSet) -> ColSet {
        ColSet(self.0 | o.0)
    }
    pub fn iter(self) -> impl Iterator<Item = Col> {
        COLUMNS
            .iter()
            .map(|(c, _)| *c)
            .filter(move |c| self.contains(*c))
    }
}

/// The Defender columns that supply a canonical field of a network event; any one
/// of the alternatives will do (`Timestamp` in Advanced Hunting, `TimeGenerated` in
/// Sentinel).
pub fn network_columns_for(field: Field) -> &'static [Col] {
    use Col::*;
    match field {
        Field::Timestamp => &[Timestamp, TimeGenerated],
        Field::DeviceId => &[DeviceId],
        Field::DeviceName => &[DeviceName],
        Field::ActionType | Field::Action | Field::Direction | Field::Outcome => &[ActionType],
        Field::RemoteIp | Field::RemoteIpClass => &[RemoteIp],
        Field::RemoteIpType => &[RemoteIpType],
        Field::RemotePort => &[RemotePort],
        Field::RemoteUrl => &[RemoteUrl],
        Field::LocalIp => &[LocalIp],
        Field::LocalPort => &[LocalPort],
        Field::Protocol => &[Protocol],
        Field::ProcessName => &[IpFileName],
        Field::ProcessPath => &[IpFolderPath],
        Field::ProcessCommandLine => &[IpCommandLine],
        Field::ProcessOriginalName => &[IpOriginalFileName],
        Field::ProcessId => &[IpId],
        Field::ProcessParentName => &[IpParentFileName],
        Field::UserName => &[IpAccountName],
        Field::UserDomain => &[IpAccountDomain],
        Field::ProcessSha1 => &[IpSha1],
        Field::ProcessSha256 => &[IpSha256],
        Field::ReportId => &[ReportId],
    }
}

/// How a field's value appears in a raw Defender record, for the rule prefilter:
/// string columns verbatim; an action as its `ActionType` text (a substring of it
/// for `Inspected`); derived and numeric values not at all.
pub fn literal(field: Field, value: &str) -> Option<String> {
    match field {
        Field::Action => match crate::event::Action::from_defender(value) {
            crate::event::Action::Other => None,
            _ => Some(value.to_string()),
        },
        Field::Timestamp
        | Field::Direction
        | Field::Outcome
        | Field::RemoteIpClass
        | Field::RemotePort
        | Field::LocalPort
        | Field::ProcessId => None,
        _ => Some(value.to_string()),
    }
}

/// The one JSON key a network event's field is read from, for the prefilter.
pub fn json_key(field: Field) -> Option<&'static str> {
    match network_columns_for(field) {
        [one] => Some(COLUMNS[*one as usize].1),
        _ => None,
    }
}

/// Columns every network row needs whatever the rule: the event time and the
/// columns that tell a network row from a process row.
pub const ALWAYS: &[Col] = &[
    Col::Timestamp,
    Col::TimeGenerated,
    Col::Type,
    Col::ActionType,
    Col::RemotePort,
    Col::RemoteIp,
    Col::ProcessId,
    Col::ProcessCommandLine,
    Col::DeviceId,
    Col::DeviceName,
    Col::ReportId,
];

/// Columns of a process-creation row.
pub const PROCESS_COLUMNS: &[Col] = &[
    Col::FileName,
    Col::FolderPath,
    Col::ProcessCommandLine,
    Col::ProcessOriginalFileName,
    Col::ProcessId,
    Col::ProcessCreationTime,
    Col::AccountName,
    Col::AccountDomain,
    Col::Sha1,
    Col::Sha256,
    Col::ProcessIntegrityLevel,
    Col::IpFileName,
    Col::IpFolderPath,
    Col::IpCommandLine,
    Col::IpId,
    Col::IpCreationTime,
    Col::IpParentFileName,
    Col::IpAccountName,
    Col::IpAccountDomain,
    Col::IpSignerType,
    Col::IpSignatureStatus,
];

/// One cell of a row.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Cell<'a> {
    /// The row has no such column (JSON key absent, CSV column absent).
    #[default]
    Missing,
    Null,
    Str(Cow<'a, str>),
    Int(i64),
    Float(f64),
    Bool(bool),
    /// An object or array where a scalar was expected.
    Nested,
}

/// The cells of one record, indexed by [`Col`].
#[derive(Clone, Debug)]
pub struct Row<'a> {
    cells: [Cell<'a>; NCOLS],
}

impl Default for Row<'_> {
    fn default() -> Self {
        Row {
            cells: std::array::from_fn(|_| Cell::Missing),
        }
    }
}

impl<'a> Row<'a> {
    pub fn set(&mut self, c: Col, cell: Cell<'a>) {
        self.cells[c as usize] = cell;
    }

    pub fn get(&self, c: Col) -> &Cell<'a> {
        &self.cells[c as usize]
    }

    pub fn has(&self, c: Col) -> bool {
        !matches!(self.get(c), Cell::Missing)
    }

    /// The columns this row has (null values included).
    pub fn present(&self) -> ColSet {
        COLUMNS
            .iter()
            .filter(|(c, _)| self.has(*c))
            .fold(ColSet::default(), |s, (c, _)| s.with(*c))
    }

    fn text(&mut self, c: Col) -> Result<Text<'a>, RecordError> {
        match std::mem::take(&mut self.cells[c as usize]) {
            Cell::Missing | Cell::Null => Ok(Cow::Borrowed("")),
            Cell::Str(s) => Ok(s),
            Cell::Int(i) => Ok(Cow::Owned(i.to_string())),
            Cell::Float(f) => Ok(Cow::Owned(f.to_string())),
            Cell::Bool(b) => Ok(Cow::Borrowed(if b { "true" } else { "false" })),
            Cell::Nested => Err(invalid(c, "an object or array where a string was expected")),
        }
    }

    fn int(&self, c: Col) -> Result<Option<i64>, RecordError> {
        match self.get(c) {
            Cell::Missing | Cell::Null => Ok(None),
            Cell::Int(i) => Ok(Some(*i)),
            Cell::Float(f) if f.fract() == 0.0 && f.abs() < 9.0e15 => Ok(Some(*f as i64)),
            Cell::Str(s) => {
                let t = s.trim();
                if t.is_empty() {
                    return Ok(None);
                }
                // Exports of pandas frames write integers as `72192.0`.
                let t = t.strip_suffix(".0").unwrap_or(t);
                t.parse::<i64>()
                    .map(Some)
                    .map_err(|_| invalid(c, &format!("`{}` is not an integer", clip(s))))
            }
            other => Err(invalid(c, &format!("{other:?} is not an integer"))),
        }
    }

    fn port(&self, c: Col) -> Result<Option<i64>, RecordError> {
        match self.int(c)? {
            Some(p) if !(0..=65535).contains(&p) => {
                Err(invalid(c, &format!("port {p} is outside 0-65535")))
            }
            p => Ok(p),
        }
    }

    fn time(&self, c: Col) -> Result<Option<Timestamp>, RecordError> {
        match self.get(c) {
            Cell::Missing | Cell::Null => Ok(None),
            Cell::Str(s) if s.trim().is_empty() => Ok(None),
            Cell::Str(s) => Timestamp::parse(s)
                .map(Some)
                .map_err(|e| invalid(c, &format!("`{}`: {e}", clip(s)))),
            other => Err(invalid(c, &format!("{other:?} is not a datetime"))),
        }
    }

    fn event_time(&self) -> Result<Timestamp, RecordError> {
        for c in [Col::Timestamp, Col::TimeGenerated] {
            if let Some(t) = self.time(c)? {
                return Ok(t);
            }
        }
        Err(RecordError {
            field: "Timestamp",
            reason: "missing event time",
            detail: "neither Timestamp nor TimeGenerated has a value".into(),
        })
    }
}

fn name_of(c: Col) -> &'static str {
    COLUMNS[c as usize].1
}

fn invalid(c: Col, detail: &str) -> RecordError {
    RecordError {
        field: name_of(c),
        reason: "invalid value",
        detail: detail.to_string(),
    }
}

/// At most 80 characters of a value for an error message.
fn clip(s: &str) -> String {
    s.chars().take(80).collect()
}

/// Which table a row belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    Network,
    Process,
    /// Another table or an action porthunt does not read (file, registry, logon…).
    Other,
}

impl Table {
    /// The table named by a stream `category` (`AdvancedHunting-DeviceNetworkEvents`)
    /// or a Log Analytics `Type` column.
    pub fn from_name(name: &str) -> Table {
        let name = name.strip_prefix("AdvancedHunting-").unwrap_or(name);
        match name {
            "DeviceNetworkEvents" => Table::Network,
            "DeviceProcessEvents" => Table::Process,
            _ => Table::Other,
        }
    }
}

/// Decides the table of a row that carries no table name: by the columns it has,
/// and for a `union` export that has both tables' columns, by its ActionType.
pub fn table_of(row: &Row<'_>, hint: Option<Table>) -> Table {
    if let Some(t) = hint {
        return t;
    }
    if let Cell::Str(t) = row.get(Col::Type) {
        let t = Table::from_name(t);
        if t != Table::Other {
            return t;
        }
    }
    let net = row.has(Col::RemotePort) || row.has(Col::RemoteIp);
    let proc = row.has(Col::ProcessId) || row.has(Col::ProcessCommandLine);
    match (net, proc) {
        (true, false) => Table::Network,
        (false, true) => Table::Process,
        (false, false) => Table::Other,
        (true, true) => match row.get(Col::ActionType) {
            Cell::Str(a) if a == "ProcessCreated" => Table::Process,
            Cell::Str(a) if is_network_action(a) => Table::Network,
            _ => Table::Other,
        },
    }
}

fn is_network_action(a: &str) -> bool {
    let starts = |p: &str| a.get(..p.len()).is_some_and(|s| s.eq_ignore_ascii_case(p));
    let ends = |p: &str| {
        a.len() >= p.len()
            && a.get(a.len() - p.len()..)
                .is_some_and(|s| s.eq_ignore_ascii_case(p))
    };
    starts("Connection") || starts("Inbound") || starts("Listening") || ends("Inspected")
}

/// Maps a row of the given table to a canonical event (`None` for other tables).
pub fn to_event<'a>(mut row: Row<'a>, table: Table) -> Result<Option<Event<'a>>, RecordError> {
    match table {
        Table::Other => Ok(None),
        Table::Network => {
            let mut e = NetworkEvent::empty(row.event_time()?);
            e.remote_port = row.port(Col::RemotePort)?;
            e.local_port = row.port(Col::LocalPort)?;
            e.device_id = row.text(Col::DeviceId)?;
            e.device_name = row.text(Col::DeviceName)?;
            e.action_type = row.text(Col::ActionType)?;
            e.remote_ip = row.text(Col::RemoteIp)?;
            e.remote_ip_type = row.text(Col::RemoteIpType)?;
            e.remote_url = row.text(Col::RemoteUrl)?;
            e.local_ip = row.text(Col::LocalIp)?;
            e.protocol = row.text(Col::Protocol)?;
            e.report_id = row.text(Col::ReportId)?;
            e.process = initiating_process(&mut row)?;
            e.derive();
            Ok(Some(Event::Network(e)))
        }
        Table::Process => {
            let timestamp = row.event_time()?;
            let process = Process {
                pid: row.int(Col::ProcessId)?,
                creation_time: row.time(Col::ProcessCreationTime)?,
                file_name: row.text(Col::FileName)?,
                folder_path: row.text(Col::FolderPath)?,
                command_line: row.text(Col::ProcessCommandLine)?,
                original_file_name: row.text(Col::ProcessOriginalFileName)?,
                parent_file_name: Cow::Borrowed(""),
                account_name: row.text(Col::AccountName)?,
                account_domain: row.text(Col::AccountDomain)?,
                sha1: row.text(Col::Sha1)?,
                sha256: row.text(Col::Sha256)?,
                integrity_level: row.text(Col::ProcessIntegrityLevel)?,
                process_guid: Cow::Borrowed(""),
            };
            Ok(Some(Event::Process(ProcessEvent {
                timestamp,
                device_id: row.text(Col::DeviceId)?,
                device_name: row.text(Col::DeviceName)?,
                action_type: row.text(Col::ActionType)?,
                signer_type: row.text(Col::IpSignerType)?,
                signature_status: row.text(Col::IpSignatureStatus)?,
                report_id: row.text(Col::ReportId)?,
                parent: initiating_process(&mut row)?,
                process,
            })))
        }
    }
}

fn initiating_process<'a>(row: &mut Row<'a>) -> Result<Process<'a>, RecordError> {
    Ok(Process {
        pid: row.int(Col::IpId)?,
        creation_time: row.time(Col::IpCreationTime)?,
        file_name: row.text(Col::IpFileName)?,
        folder_path: row.text(Col::IpFolderPath)?,
        command_line: row.text(Col::IpCommandLine)?,
        original_file_name: row.text(Col::IpOriginalFileName)?,
        // Kept verbatim, as the published query projects it, even when it is an NT
        // device path (`\Device\HarddiskVolume3\Windows\explorer.exe`).
        parent_file_name: row.text(Col::IpParentFileName)?,
        account_name: row.text(Col::IpAccountName)?,
        account_domain: row.text(Col::IpAccountDomain)?,
        sha1: row.text(Col::IpSha1)?,
        sha256: row.text(Col::IpSha256)?,
        integrity_level: row.text(Col::IpIntegrityLevel)?,
        process_guid: Cow::Borrowed(""),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[(Col, Cell<'static>)]) -> Row<'static> {
        let mut r = Row::default();
        for (c, v) in cells {
            r.set(*c, v.clone());
        }
        r
    }

    fn s(v: &'static str) -> Cell<'static> {
        Cell::Str(Cow::Borrowed(v))
    }

    #[test]
    fn every_column_name_round_trips() {
        for (c, name) in COLUMNS {
            assert_eq!(Col::from_name(name), Some(*c));
        }
    }

    #[test]
    fn port_as_string_is_a_number() {
        let r = row(&[
            (Col::Timestamp, s("2024-01-01T00:00:00Z")),
            (Col::RemotePort, s("443")),
            (Col::RemoteIp, s("1.2.3.4")),
        ]);
        let Some(Event::Network(e)) = to_event(r, Table::Network).unwrap() else {
            panic!()
        };
        assert_eq!(e.remote_port, Some(443));
    }

    #[test]
    fn bad_values_name_the_column() {
        let r = row(&[
            (Col::Timestamp, s("2024-01-01T00:00:00Z")),
            (Col::RemotePort, s("https")),
        ]);
        let e = to_event(r, Table::Network).unwrap_err();
        assert_eq!((e.field, e.reason), ("RemotePort", "invalid value"));
        let r = row(&[
            (Col::Timestamp, s("2024-01-01T00:00:00Z")),
            (Col::RemotePort, Cell::Int(70000)),
        ]);
        assert!(
            to_event(r, Table::Network)
                .unwrap_err()
                .detail
                .contains("70000")
        );
        let r = row(&[(Col::Timestamp, s("yesterday"))]);
        assert_eq!(to_event(r, Table::Network).unwrap_err().field, "Timestamp");
        let r = row(&[(Col::RemotePort, Cell::Int(80))]);
        assert_eq!(
            to_event(r, Table::Network).unwrap_err().reason,
            "missing event time"
        );
    }

    #[test]
    fn union_rows_are_told_apart_by_action() {
        let both = |a: &'static str| {
            row(&[
                (Col::ActionType, s(a)),
                (Col::RemotePort, s("")),
                (Col::ProcessId, s("")),
            ])
        };
        assert_eq!(table_of(&both("ProcessCreated"), None), Table::Process);
        assert_eq!(table_of(&both("ConnectionSuccess"), None), Table::Network);
        assert_eq!(
            table_of(&both("DnsConnectionInspected"), None),
            Table::Network
        );
        assert_eq!(table_of(&both("FileCreated"), None), Table::Other);
        assert_eq!(
            table_of(&row(&[(Col::RemotePort, Cell::Int(1))]), None),
            Table::Network
        );
        assert_eq!(
            table_of(
                &row(&[
                    (Col::Type, s("DeviceProcessEvents")),
                    (Col::RemotePort, Cell::Int(1))
                ]),
                None
            ),
            Table::Process
        );
    }
}
