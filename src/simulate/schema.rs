//! Column names, types and orders of the two Advanced Hunting tables.
//!
//! Every column of both tables is one variant of [`Col`]; a table is an ordered
//! slice of them (the order of the Microsoft schema reference, telemetry-formats.md
//! §1.1 and §1.3), so a record can carry the union and each writer picks its columns.

/// The KQL type of a column, which decides how each shape renders it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColType {
    DateTime,
    Str,
    Int,
    Long,
    Bool,
    /// JSON text: `string` in Advanced Hunting, `dynamic` in Log Analytics.
    Dynamic,
}

impl ColType {
    /// Type names of the MDE API (`Schema[].Type`) and Graph (`schema[].type`).
    pub fn hunting_name(self) -> &'static str {
        match self {
            ColType::DateTime => "DateTime",
            ColType::Str | ColType::Dynamic => "String",
            ColType::Int => "Int32",
            ColType::Long => "Int64",
            ColType::Bool => "Boolean",
        }
    }

    /// Type names of the Log Analytics query API (`columns[].type`).
    pub fn analytics_name(self) -> &'static str {
        match self {
            ColType::DateTime => "datetime",
            ColType::Str => "string",
            ColType::Int => "int",
            ColType::Long => "long",
            ColType::Bool => "bool",
            ColType::Dynamic => "dynamic",
        }
    }
}

macro_rules! columns {
    ($($col:ident: $ty:ident),* $(,)?) => {
        /// One column of DeviceNetworkEvents or DeviceProcessEvents (or both).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Col { $($col),* }

        impl Col {
            pub const ALL: &'static [Col] = &[$(Col::$col),*];

            pub fn name(self) -> &'static str {
                match self { $(Col::$col => stringify!($col)),* }
            }

            pub fn ty(self) -> ColType {
                match self { $(Col::$col => ColType::$ty),* }
            }
        }
    };
}

columns! {
    Timestamp: DateTime, DeviceId: Str, DeviceName: Str, ActionType: Str,
    RemoteIP: Str, RemotePort: Int, RemoteUrl: Str, LocalIP: Str, LocalPort: Int,
    Protocol: Str, LocalIPType: Str, RemoteIPType: Str,
    FileName: Str, FolderPath: Str, SHA1: Str, SHA256: Str, MD5: Str, FileSize: Long,
    ProcessVersionInfoCompanyName: Str, ProcessVersionInfoProductName: Str,
    ProcessVersionInfoProductVersion: Str, ProcessVersionInfoInternalFileName: Str,
    ProcessVersionInfoOriginalFileName: Str, ProcessVersionInfoFileDescription: Str,
    ProcessId: Long, ProcessCommandLine: Str, ProcessIntegrityLevel: Str,
    ProcessTokenElevation: Str, ProcessCreationTime: DateTime,
    AccountDomain: Str, AccountName: Str, AccountSid: Str, AccountUpn: Str,
    AccountObjectId: Str, LogonId: Long,
    InitiatingProcessSHA1: Str, InitiatingProcessSHA256: Str, InitiatingProcessMD5: Str,
    InitiatingProcessFileName: Str, InitiatingProcessFileSize: Long,
    InitiatingProcessVersionInfoCompanyName: Str, InitiatingProcessVersionInfoProductName: Str,
    InitiatingProcessVersionInfoProductVersion: Str,
    InitiatingProcessVersionInfoInternalFileName: Str,
    InitiatingProcessVersionInfoOriginalFileName: Str,
    InitiatingProcessVersionInfoFileDescription: Str,
    InitiatingProcessId: Long, InitiatingProcessCommandLine: Str,
    InitiatingProcessCreationTime: DateTime, InitiatingProcessFolderPath: Str,
    InitiatingProcessParentFileName: Str, InitiatingProcessParentId: Long,
    InitiatingProcessParentCreationTime: DateTime,
    InitiatingProcessAccountDomain: Str, InitiatingProcessAccountName: Str,
    InitiatingProcessAccountSid: Str, InitiatingProcessAccountUpn: Str,
    InitiatingProcessAccountObjectId: Str, InitiatingProcessLogonId: Long,
    InitiatingProcessIntegrityLevel: Str, InitiatingProcessTokenElevation: Str,
    InitiatingProcessSignerType: Str, InitiatingProcessSignatureStatus: Str,
    ReportId: Long, AppGuardContainerId: Str, AdditionalFields: Dynamic,
    InitiatingProcessSessionId: Long, IsInitiatingProcessRemoteSession: Bool,
    InitiatingProcessRemoteSessionDeviceName: Str, InitiatingProcessRemoteSessionIP: Str,
    // Not an Advanced Hunting column: the Streaming API and Log Analytics add it.
    MachineGroup: Str,
}

/// The table a record belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    Network,
    Process,
}

impl Table {
    pub fn name(self) -> &'static str {
        match self {
            Table::Network => "DeviceNetworkEvents",
            Table::Process => "DeviceProcessEvents",
        }
    }

    pub fn columns(self) -> &'static [Col] {
        match self {
            Table::Network => NETWORK,
            Table::Process => PROCESS,
        }
    }
}

use Col::*;

/// DeviceNetworkEvents in schema-reference order (§1.1).
pub const NETWORK: &[Col] = &[
    Timestamp,
    DeviceId,
    DeviceName,
    ActionType,
    RemoteIP,
    RemotePort,
    RemoteUrl,
    LocalIP,
    LocalPort,
    Protocol,
    LocalIPType,
    RemoteIPType,
    InitiatingProcessSHA1,
    InitiatingProcessSHA256,
    InitiatingProcessMD5,
    InitiatingProcessFileName,
    InitiatingProcessFileSize,
    InitiatingProcessVersionInfoCompanyName,
    InitiatingProcessVersionInfoProductName,
    InitiatingProcessVersionInfoProductVersion,
    InitiatingProcessVersionInfoInternalFileName,
    InitiatingProcessVersionInfoOriginalFileName,
    InitiatingProcessVersionInfoFileDescription,
    InitiatingProcessId,
    InitiatingProcessCommandLine,
    InitiatingProcessCreationTime,
    InitiatingProcessFolderPath,
    InitiatingProcessParentFileName,
    InitiatingProcessParentId,
    InitiatingProcessParentCreationTime,
    InitiatingProcessAccountDomain,
    InitiatingProcessAccountName,
    InitiatingProcessAccountSid,
    InitiatingProcessAccountUpn,
    InitiatingProcessAccountObjectId,
    InitiatingProcessIntegrityLevel,
    InitiatingProcessTokenElevation,
    ReportId,
    AppGuardContainerId,
    AdditionalFields,
    InitiatingProcessSessionId,
    IsInitiatingProcessRemoteSession,
    InitiatingProcessRemoteSessionDeviceName,
    InitiatingProcessRemoteSessionIP,
];

/// DeviceProcessEvents in schema-reference order (§1.3).
pub const PROCESS: &[Col] = &[
    Timestamp,
    DeviceId,
    DeviceName,
    ActionType,
    FileName,
    FolderPath,
    SHA1,
    SHA256,
    MD5,
    FileSize,
    ProcessVersionInfoCompanyName,
    ProcessVersionInfoProductName,
    ProcessVersionInfoProductVersion,
    ProcessVersionInfoInternalFileName,
    ProcessVersionInfoOriginalFileName,
    ProcessVersionInfoFileDescription,
    ProcessId,
    ProcessCommandLine,
    ProcessIntegrityLevel,
    ProcessTokenElevation,
    ProcessCreationTime,
    AccountDomain,
    AccountName,
    AccountSid,
    AccountUpn,
    AccountObjectId,
    LogonId,
    InitiatingProcessAccountDomain,
    InitiatingProcessAccountName,
    InitiatingProcessAccountSid,
    InitiatingProcessAccountUpn,
    InitiatingProcessAccountObjectId,
    InitiatingProcessLogonId,
    InitiatingProcessIntegrityLevel,
    InitiatingProcessTokenElevation,
    InitiatingProcessSHA1,
    InitiatingProcessSHA256,
    InitiatingProcessMD5,
    InitiatingProcessFileName,
    InitiatingProcessFileSize,
    InitiatingProcessVersionInfoCompanyName,
    InitiatingProcessVersionInfoProductName,
    InitiatingProcessVersionInfoProductVersion,
    InitiatingProcessVersionInfoInternalFileName,
    InitiatingProcessVersionInfoOriginalFileName,
    InitiatingProcessVersionInfoFileDescription,
    InitiatingProcessId,
    InitiatingProcessCommandLine,
    InitiatingProcessCreationTime,
    InitiatingProcessFolderPath,
    InitiatingProcessParentId,
    InitiatingProcessParentFileName,
    InitiatingProcessParentCreationTime,
    InitiatingProcessSignerType,
    InitiatingProcessSignatureStatus,
    ReportId,
    AppGuardContainerId,
    AdditionalFields,
];

/// The columns of a KQL `union DeviceNetworkEvents, DeviceProcessEvents`: the network
/// columns in order, then the process-only ones in their order.
pub fn union_columns() -> Vec<Col> {
    let mut cols = NETWORK.to_vec();
    cols.extend(PROCESS.iter().filter(|c| !NETWORK.contains(c)));
    cols
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_have_unique_columns() {
        for table in [Table::Network, Table::Process] {
            let cols = table.columns();
            for (i, c) in cols.iter().enumerate() {
                assert!(!cols[..i].contains(c), "{c:?} twice in {}", table.name());
            }
        }
        assert_eq!(NETWORK.len(), 44);
        let union = union_columns();
        assert!(PROCESS.iter().all(|c| union.contains(c)));
        assert!(Col::ALL.len() <= 128, "Record keeps a u128 presence mask");
    }
}
