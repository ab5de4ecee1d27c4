//! The simulated estate: devices, their users and running processes, and how one
//! connection or one process creation becomes a Defender row.
//!
//! Process instances are created lazily, the first time one is needed, so memory
//! is bounded by devices × images, never by the number of events.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::address::{Endpoint, WEB_HOSTS};
use super::catalog::{self, Acct, Dest, Dir, Flow, Image, Life, Port, Profile, Proto};
use super::record::{NANOS_PER_SEC, Record};
use super::rng::{Rng, hash_str, splitmix};
use super::schema::{Col, Table};

const MINUTE: i64 = 60 * NANOS_PER_SEC;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Workstation,
    Developer,
    Server,
    Mac,
    Linux,
}

impl Kind {
    pub fn is_windows(self) -> bool {
        matches!(self, Kind::Workstation | Kind::Developer | Kind::Server)
    }

    fn profile(self) -> Profile {
        match self {
            Kind::Workstation => catalog::WORKSTATION,
            Kind::Developer => catalog::DEVELOPER,
            Kind::Server => catalog::SERVER,
            Kind::Mac => catalog::MAC,
            Kind::Linux => catalog::LINUX,
        }
    }

    fn group(self) -> &'static str {
        match self {
            Kind::Workstation => "Workstations",
            Kind::Developer => "Developer workstations",
            Kind::Server => "Servers",
            Kind::Mac => "macOS",
            Kind::Linux => "Linux servers",
        }
    }
}

/// Kinds in the estate and their shares, in per mille.
const KIND_MIX: &[(Kind, u32)] = &[
    (Kind::Workstation, 700),
    (Kind::Developer, 80),
    (Kind::Server, 120),
    (Kind::Mac, 60),
    (Kind::Linux, 40),
];

#[derive(Debug)]
pub struct User {
    pub name: String,
    pub domain: String,
    pub sid: String,
    pub upn: String,
    pub object_id: String,
}

#[derive(Debug)]
pub struct Device {
    pub kind: Kind,
    pub name: String,
    pub id: String,
    ip: [u8; 4],
    ip6: String,
    pub user: User,
    boot: i64,
    logon: i64,
    logon_id: i64,
    next_report: i64,
    /// AdditionalFields of macOS/Linux rows (POSIX user), rendered once.
    posix_fields: String,
    /// One lazily created instance per image of the profile.
    slots: Vec<Option<Proc>>,
}

/// The hashes of one binary (same on every device).
#[derive(Debug)]
struct Hashes {
    sha1: String,
    sha256: String,
    md5: String,
}

/// One running process instance.
#[derive(Debug)]
pub struct Proc {
    pub image: &'static Image,
    /// The creating process (the image's usual parent unless a scenario says otherwise).
    parent: Option<&'static Image>,
    acct: Acct,
    pub file_name: &'static str,
    path: String,
    path_lower: String,
    pub cmdline: String,
    pid: i64,
    pub created: i64,
    /// Timestamp of the process-creation row: just after `created`, before first use.
    announce_at: i64,
    parent_name: String,
    parent_pid: i64,
    parent_created: i64,
    hashes: usize,
    expires: i64,
    /// A process-creation row is still owed for this instance.
    pub unannounced: bool,
}

/// How a scenario starts a process differently from the image's defaults.
#[derive(Clone, Copy, Debug, Default)]
pub struct Spawn<'a> {
    pub parent: Option<&'static Image>,
    pub acct: Option<Acct>,
    pub cmd: Option<&'a str>,
}

/// What to do about the process-creation rows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ProcessRows {
    Never,
    BeforeFirstUse,
    /// Process-only output: every background event is a fresh process.
    Always,
}

/// The connection a network row describes.
#[derive(Clone, Copy, Debug)]
pub struct Conn<'a> {
    pub action: &'static str,
    pub proto: Proto,
    pub dir: Dir,
    pub remote_port: Option<u16>,
    pub local_port: Option<u16>,
    /// Fixed remote address (planted scenarios); otherwise resolved from `dest`.
    pub remote_ip: Option<&'a str>,
    pub dest: Dest,
}

pub struct World {
    pub devices: Vec<Device>,
    pub rng: Rng,
    /// Start of the generated span; instances created before it are not announced.
    span_start: i64,
    process_rows: ProcessRows,
    hashes: Vec<Hashes>,
    hash_index: HashMap<&'static str, usize>,
    endpoint: Endpoint,
}

impl World {
    pub fn new(seed: u64, devices: usize, span_start: i64, process_rows: ProcessRows) -> World {
        let mut rng = Rng::new(seed, 1);
        let devices = (0..devices)
            .map(|i| Device::new(&mut rng, i, span_start))
            .collect();
        World {
            devices,
            rng,
            span_start,
            process_rows,
            hashes: Vec::new(),
            hash_index: HashMap::new(),
            endpoint: Endpoint::default(),
        }
    }

    /// Any device of the given kinds (the first device if none matches).
    pub fn pick_device(&mut self, kinds: &[Kind]) -> usize {
        let n = self.devices.len() as u64;
        let start = self.rng.below(n);
        (0..n)
            .map(|k| ((start + k) % n) as usize)
            .find(|&i| kinds.contains(&self.devices[i].kind))
            .unwrap_or(0)
    }

    /// One background connection at `t`; fills `pre` with a process-creation row
    /// when one is owed first (returns true then). `floor` is the previous row's time.
    pub fn background(&mut self, t: i64, floor: i64, pre: &mut Record, rec: &mut Record) -> bool {
        if self.rng.chance(0.03) {
            let dev = self.rng.below(self.devices.len() as u64) as usize;
            self.inspected_row(dev, t, rec);
            return false;
        }
        let dev = self.rng.below(self.devices.len() as u64) as usize;
        let profile = self.devices[dev].kind.profile();
        let slot = self.rng.weighted_index(profile);
        let image = profile[slot].0;
        if self.process_rows == ProcessRows::Always && image.parent.is_none() {
            // The kernel is never created mid-span; pick again.
            return self.background(t, floor, pre, rec);
        }
        let refresh = match &self.devices[dev].slots[slot] {
            None => true,
            Some(p) => p.expires < t || self.process_rows == ProcessRows::Always,
        };
        if refresh {
            let p = self.spawn(dev, image, Spawn::default(), t, floor);
            self.devices[dev].slots[slot] = Some(p);
        }
        let mut proc = self.devices[dev].slots[slot]
            .take()
            .expect("slot filled above");
        let announced = self.announce(dev, &mut proc, pre);
        let flow = *self.rng.weighted(image.flows);
        let conn = self.background_conn(dev, &flow);
        self.network_row(dev, Some(&proc), &conn, t, rec);
        self.devices[dev].slots[slot] = Some(proc);
        announced
    }

    /// Writes the owed process-creation row for `proc` into `pre`, if any.
    pub fn announce(&mut self, dev: usize, proc: &mut Proc, pre: &mut Record) -> bool {
        if !proc.unannounced || self.process_rows == ProcessRows::Never {
            return false;
        }
        proc.unannounced = false;
        self.process_row(dev, proc, pre);
        true
    }

    /// Starts a new instance of `image` on a device. Boot-time images started before
    /// the span; others start between the previous row (`floor`) and `t`.
    pub fn spawn(
        &mut self,
        dev: usize,
        image: &'static Image,
        how: Spawn,
        t: i64,
        floor: i64,
    ) -> Proc {
        let (created, expires, in_span) = self.lifetime(dev, image, t, floor);
        // The creation row comes after `created` and before the first use at `t`.
        let jitter = self
            .rng
            .below(((t - created) / 2).clamp(0, 8_000_000) as u64 + 1);
        let announce_at = created + jitter as i64 / 100 * 100;
        let file_name = if !image.variants.is_empty() && self.rng.chance(0.08) {
            *self.rng.pick(image.variants)
        } else {
            image.name
        };
        let d = &self.devices[dev];
        let path = render(image.path, d, &mut self.rng);
        let cmdline = render(how.cmd.unwrap_or(image.cmd), d, &mut self.rng);
        let parent = how.parent.or(image.parent);
        let (parent_name, parent_pid, parent_created) = match parent {
            Some(parent) => self.parent_of(dev, parent, created),
            None => (String::new(), 0, 0),
        };
        let pid = match image.name {
            "System" => 4,
            _ => fresh_pid(self.devices[dev].kind, &mut self.rng),
        };
        Proc {
            image,
            parent,
            acct: how.acct.unwrap_or(image.acct),
            file_name,
            path_lower: path.to_lowercase(),
            path,
            cmdline,
            pid,
            created,
            announce_at,
            parent_name,
            parent_pid,
            parent_created,
            hashes: self.hashes_of(image),
            expires,
            unannounced: in_span,
        }
    }

    /// (created, expires, created inside the span) of a new instance.
    fn lifetime(&mut self, dev: usize, image: &Image, t: i64, floor: i64) -> (i64, i64, bool) {
        let minutes = match image.life {
            Life::Session(minutes) => minutes,
            // Process-only output wants every instance's creation, services too.
            Life::Boot if self.process_rows == ProcessRows::Always => 60,
            Life::Boot => {
                let boot = self.devices[dev].boot;
                let created = boot + self.rng.below(120 * NANOS_PER_SEC as u64) as i64;
                return (created / 100 * 100, i64::MAX, false);
            }
        };
        let gap = (t - floor).max(2) as u64;
        let created = (floor + 1 + self.rng.below(gap / 2) as i64) / 100 * 100;
        let life = u64::from(minutes) * MINUTE as u64;
        let expires = created + (life / 2 + self.rng.below(life)) as i64;
        (created, expires, created >= self.span_start)
    }

    /// (name, pid, start time) of a long-lived parent as a child started at
    /// `created` reports it.
    fn parent_of(&mut self, dev: usize, parent: &Image, created: i64) -> (String, i64, i64) {
        let d = &self.devices[dev];
        // A few parents are reported as NT device paths (§1.8).
        let name = if d.kind.is_windows() && self.rng.chance(0.03) {
            let rest = parent.path.split_once(':').map_or(parent.path, |(_, r)| r);
            format!("\\Device\\HarddiskVolume3{rest}")
        } else {
            parent.name.to_string()
        };
        (name, stable_pid(d, parent), d.started(parent, created))
    }

    fn hashes_of(&mut self, image: &'static Image) -> usize {
        let key = image.hash_of.unwrap_or(image.path);
        if let Some(&i) = self.hash_index.get(key) {
            return i;
        }
        let hex = |bytes: usize, salt: u64| {
            let mut h = hash_str(key, salt);
            let mut s = String::with_capacity(bytes * 2);
            for _ in 0..bytes.div_ceil(8) {
                let _ = write!(s, "{:016x}", splitmix(&mut h));
            }
            s.truncate(bytes * 2);
            s
        };
        self.hashes.push(Hashes {
            sha1: hex(20, 1),
            sha256: hex(32, 2),
            md5: hex(16, 3),
        });
        self.hash_index.insert(key, self.hashes.len() - 1);
        self.hashes.len() - 1
    }

    fn background_conn(&mut self, dev: usize, flow: &Flow) -> Conn<'static> {
        let unix = !self.devices[dev].kind.is_windows();
        let r = self.rng.unit();
        let action = match flow.dir {
            Dir::In => "InboundConnectionAccepted",
            Dir::Listen => "ListeningConnectionCreated",
            Dir::Out if unix => {
                if r < 0.95 {
                    "ConnectionRequest"
                } else {
                    "ConnectionFailed"
                }
            }
            Dir::Out if flow.dest == Dest::Loopback || r < 0.91 => "ConnectionSuccess",
            Dir::Out if r < 0.96 => "ConnectionFailed",
            Dir::Out => "ConnectionFound",
        };
        let port = match flow.port {
            Port::Is(p) => p,
            Port::OneOf(ports) => *self.rng.pick(ports),
            Port::High => ephemeral(&mut self.rng),
        };
        let (remote_port, local_port) = match (flow.proto, flow.dir) {
            (Proto::Icmp, _) => (None, None),
            (_, Dir::Out) => (Some(port), Some(ephemeral(&mut self.rng))),
            (_, Dir::In) => (Some(ephemeral(&mut self.rng)), Some(port)),
            (_, Dir::Listen) => (None, Some(port)),
        };
        Conn {
            action,
            proto: flow.proto,
            dir: flow.dir,
            remote_port,
            local_port,
            remote_ip: None,
            dest: flow.dest,
        }
    }

    /// Fills a DeviceNetworkEvents row. `proc` is `None` for the network-protection
    /// (`*Inspected`) rows, whose process columns are empty.
    pub fn network_row(
        &mut self,
        dev: usize,
        proc: Option<&Proc>,
        conn: &Conn,
        t: i64,
        rec: &mut Record,
    ) {
        rec.reset(Table::Network, t);
        self.device_cells(dev, t, rec);
        rec.set(Col::ActionType, conn.action);
        self.connection_cells(dev, conn, proc.is_some_and(|p| is_browser(p.image)), rec);
        match proc {
            Some(p) => self.process_cells(dev, p, rec),
            None => empty_process_cells(rec),
        }
        // Rarely, the name is unavailable (§1.1: "if unavailable …").
        if proc.is_some() && self.rng.chance(0.002) {
            rec.set(Col::InitiatingProcessFileName, "");
        }
        rec.ports_as_text = self.rng.chance(0.005);
    }

    fn device_cells(&mut self, dev: usize, t: i64, rec: &mut Record) {
        let step = self.rng.range(1, 3) as i64;
        let d = &mut self.devices[dev];
        d.next_report += step;
        rec.set_time(Col::Timestamp, t);
        rec.set(Col::DeviceId, &d.id);
        rec.set(Col::DeviceName, &d.name);
        rec.set_int(Col::ReportId, d.next_report);
        rec.set(Col::MachineGroup, d.kind.group());
        rec.set(Col::AppGuardContainerId, "");
    }

    fn connection_cells(&mut self, dev: usize, conn: &Conn, browser: bool, rec: &mut Record) {
        let windows = self.devices[dev].kind.is_windows();
        let protocol = match conn.proto {
            Proto::Tcp if windows && self.rng.chance(0.25) => "TcpV4",
            Proto::Tcp => "Tcp",
            Proto::Udp => "Udp",
            Proto::Icmp => "Icmp",
        };
        rec.set(Col::Protocol, protocol);
        match conn.remote_port {
            Some(p) => rec.set_int(Col::RemotePort, i64::from(p)),
            None => rec.set_null(Col::RemotePort),
        }
        match conn.local_port {
            Some(p) => rec.set_int(Col::LocalPort, i64::from(p)),
            None => rec.set_null(Col::LocalPort),
        }
        if conn.dir == Dir::Listen {
            let local = if self.rng.chance(0.5) {
                "0.0.0.0"
            } else {
                "127.0.0.1"
            };
            rec.set(Col::LocalIP, local);
            for col in [
                Col::RemoteIP,
                Col::LocalIPType,
                Col::RemoteIPType,
                Col::RemoteUrl,
            ] {
                rec.set(col, "");
            }
            return;
        }
        match conn.remote_ip {
            Some(ip) => self.endpoint.literal(ip),
            None => self.endpoint.resolve(conn.dest, &mut self.rng),
        }
        let ep = &self.endpoint;
        rec.set(Col::RemoteIP, &ep.ip);
        let d = &self.devices[dev];
        let local_label = ep.write_local(d.ip, &d.ip6, rec.cell(Col::LocalIP));
        // Windows success rows often carry no IP-type labels (observed for chrome.exe).
        let unlabelled = windows && conn.action == "ConnectionSuccess" && self.rng.chance(0.08);
        rec.set(Col::LocalIPType, if unlabelled { "" } else { local_label });
        rec.set(Col::RemoteIPType, if unlabelled { "" } else { ep.label });
        let url = ep.url;
        let shown = if browser { 0.75 } else { 0.3 };
        match url {
            _ if self.rng.chance(0.03) => rec.set_null(Col::RemoteUrl),
            Some(host) if self.rng.chance(shown) => {
                let cell = rec.cell(Col::RemoteUrl);
                if browser && !host.contains("://") {
                    cell.push_str("https://");
                }
                cell.push_str(host);
            }
            _ => rec.set(Col::RemoteUrl, ""),
        }
    }

    /// The InitiatingProcess* columns of a network row.
    fn process_cells(&mut self, dev: usize, p: &Proc, rec: &mut Record) {
        let d = &self.devices[dev];
        let image = p.image;
        let h = &self.hashes[p.hashes];
        rec.set(Col::InitiatingProcessSHA1, &h.sha1);
        rec.set(
            Col::InitiatingProcessSHA256,
            if image.signer == "OsVendor" {
                &h.sha256
            } else {
                ""
            },
        );
        rec.set(Col::InitiatingProcessMD5, &h.md5);
        rec.set(Col::InitiatingProcessFileName, p.file_name);
        rec.set_int(Col::InitiatingProcessFileSize, image.size);
        version_cells(rec, image, INITIATING_VERSION);
        rec.set_int(Col::InitiatingProcessId, p.pid);
        rec.set(Col::InitiatingProcessCommandLine, &p.cmdline);
        rec.set_time(Col::InitiatingProcessCreationTime, p.created);
        rec.set(Col::InitiatingProcessFolderPath, &p.path_lower);
        rec.set(Col::InitiatingProcessParentFileName, &p.parent_name);
        rec.set_int(Col::InitiatingProcessParentId, p.parent_pid);
        if p.parent_pid == 0 {
            rec.set_null(Col::InitiatingProcessParentCreationTime);
        } else {
            rec.set_time(Col::InitiatingProcessParentCreationTime, p.parent_created);
        }
        let a = d.account(p.acct);
        rec.set(Col::InitiatingProcessAccountDomain, a.domain);
        rec.set(Col::InitiatingProcessAccountName, a.name);
        rec.set(Col::InitiatingProcessAccountSid, a.sid);
        rec.set(Col::InitiatingProcessAccountUpn, a.upn);
        rec.set(Col::InitiatingProcessAccountObjectId, a.object_id);
        rec.set(Col::InitiatingProcessIntegrityLevel, a.integrity);
        rec.set(Col::InitiatingProcessTokenElevation, a.elevation);
        let interactive = matches!(p.acct, Acct::User | Acct::UserElevated);
        rec.set_int(Col::InitiatingProcessSessionId, i64::from(interactive));
        let remote = interactive && d.kind == Kind::Server;
        rec.set_bool(Col::IsInitiatingProcessRemoteSession, remote);
        rec.set(
            Col::InitiatingProcessRemoteSessionDeviceName,
            if remote { "ws-0001" } else { "" },
        );
        rec.set(
            Col::InitiatingProcessRemoteSessionIP,
            if remote { "10.20.0.17" } else { "" },
        );
        if d.kind.is_windows() {
            if self.rng.chance(0.5) {
                rec.set(Col::AdditionalFields, "{}");
            }
        } else {
            rec.set(Col::AdditionalFields, &d.posix_fields);
        }
    }

    /// A DeviceProcessEvents `ProcessCreated` row for `p`.
    pub fn process_row(&mut self, dev: usize, p: &Proc, rec: &mut Record) {
        let time = p.announce_at;
        rec.reset(Table::Process, time);
        self.device_cells(dev, time, rec);
        rec.set(Col::ActionType, "ProcessCreated");
        let image = p.image;
        let h = &self.hashes[p.hashes];
        rec.set(Col::FileName, p.file_name);
        rec.set(Col::FolderPath, &p.path);
        rec.set(Col::SHA1, &h.sha1);
        rec.set(Col::SHA256, &h.sha256);
        rec.set(Col::MD5, &h.md5);
        rec.set_int(Col::FileSize, image.size);
        version_cells(rec, image, PROCESS_VERSION);
        rec.set_int(Col::ProcessId, p.pid);
        rec.set(Col::ProcessCommandLine, &p.cmdline);
        rec.set_time(Col::ProcessCreationTime, p.created);
        let d = &self.devices[dev];
        let a = d.account(p.acct);
        rec.set(Col::ProcessIntegrityLevel, a.integrity);
        rec.set(Col::ProcessTokenElevation, a.elevation);
        rec.set(Col::AccountDomain, a.domain);
        rec.set(Col::AccountName, a.name);
        rec.set(Col::AccountSid, a.sid);
        rec.set(Col::AccountUpn, a.upn);
        rec.set(Col::AccountObjectId, a.object_id);
        rec.set_int(Col::LogonId, a.logon_id);
        rec.set(Col::AdditionalFields, "{}");
        match p.parent {
            Some(parent) => self.parent_cells(dev, p, parent, rec),
            None => empty_process_cells(rec),
        }
    }

    /// The InitiatingProcess* columns of a process row: the creating parent.
    fn parent_cells(&mut self, dev: usize, p: &Proc, parent: &'static Image, rec: &mut Record) {
        let hashes = self.hashes_of(parent);
        let d = &self.devices[dev];
        let h = &self.hashes[hashes];
        rec.set(Col::InitiatingProcessSHA1, &h.sha1);
        rec.set(Col::InitiatingProcessSHA256, &h.sha256);
        rec.set(Col::InitiatingProcessMD5, &h.md5);
        rec.set(Col::InitiatingProcessFileName, parent.name);
        rec.set_int(Col::InitiatingProcessFileSize, parent.size);
        version_cells(rec, parent, INITIATING_VERSION);
        rec.set_int(Col::InitiatingProcessId, p.parent_pid);
        render_into(
            rec.cell(Col::InitiatingProcessCommandLine),
            parent.cmd,
            d,
            &mut self.rng,
        );
        rec.set_time(Col::InitiatingProcessCreationTime, p.parent_created);
        let path = rec.cell(Col::InitiatingProcessFolderPath);
        render_into(path, parent.path, d, &mut self.rng);
        *path = path.to_lowercase();
        match parent.parent {
            Some(grand) => {
                rec.set(Col::InitiatingProcessParentFileName, grand.name);
                rec.set_int(Col::InitiatingProcessParentId, stable_pid(d, grand));
                rec.set_time(
                    Col::InitiatingProcessParentCreationTime,
                    d.started(grand, p.parent_created),
                );
            }
            None => {
                rec.set(Col::InitiatingProcessParentFileName, "");
                rec.set_int(Col::InitiatingProcessParentId, 0);
            }
        }
        let a = d.account(parent.acct);
        rec.set(Col::InitiatingProcessAccountDomain, a.domain);
        rec.set(Col::InitiatingProcessAccountName, a.name);
        rec.set(Col::InitiatingProcessAccountSid, a.sid);
        rec.set(Col::InitiatingProcessAccountUpn, a.upn);
        rec.set(Col::InitiatingProcessAccountObjectId, a.object_id);
        rec.set_int(Col::InitiatingProcessLogonId, a.logon_id);
        rec.set(Col::InitiatingProcessIntegrityLevel, a.integrity);
        rec.set(Col::InitiatingProcessTokenElevation, a.elevation);
        rec.set(Col::InitiatingProcessSignerType, parent.signer);
        rec.set(
            Col::InitiatingProcessSignatureStatus,
            if parent.signer.is_empty() {
                ""
            } else {
                "Valid"
            },
        );
    }

    /// A network-protection row: Zeek-like details in AdditionalFields, no process.
    fn inspected_row(&mut self, dev: usize, t: i64, rec: &mut Record) {
        let (action, dest, port) = *self.rng.weighted(INSPECTIONS);
        let conn = Conn {
            action,
            proto: if port.is_some() {
                Proto::Tcp
            } else {
                Proto::Icmp
            },
            dir: Dir::Out,
            remote_port: port,
            local_port: port.map(|_| ephemeral(&mut self.rng)),
            remote_ip: None,
            dest,
        };
        self.network_row(dev, None, &conn, t, rec);
        rec.set(Col::LocalIPType, "");
        rec.set(Col::RemoteIPType, "");
        rec.set(Col::RemoteUrl, "");
        let uid = self.rng.next_u64();
        let host = *self.rng.pick(WEB_HOSTS);
        let cell = rec.cell(Col::AdditionalFields);
        let _ = match action {
            "DnsConnectionInspected" => write!(
                cell,
                r#"{{"direction":"Out","trans_id":"{}","query":"{host}","qclass":"1","qclass_name":"C_INTERNET","qtype":"1","qtype_name":"A","rcode":"0","uid":"C{uid:016x}","rcode_name":"NOERROR","AA":"false","TC":"false","RD":"true","RA":"true","rejected":"false"}}"#,
                uid % 65_536
            ),
            "SslConnectionInspected" => write!(
                cell,
                r#"{{"direction":"Out","version":"TLSv13","server_name":"{host}","resumed":"false","next_protocol":"h2","established":"true","uid":"C{uid:016x}","cipher":"TLS_AES_256_GCM_SHA384"}}"#
            ),
            "HttpConnectionInspected" => write!(
                cell,
                r#"{{"direction":"Out","host":"www.msftconnecttest.com","method":"GET","request_body_len":"0","response_body_len":"22","status_code":"200","status_msg":"OK","tags":"[]","trans_depth":"1","uri":"/connecttest.txt","user_agent":"Microsoft NCSI","version":"1.1","uid":"C{uid:016x}"}}"#
            ),
            "SshConnectionInspected" => write!(
                cell,
                r#"{{"direction":"Out","version":"2","auth_attempts":"1","client":"SSH-2.0-OpenSSH_for_Windows_9.5","server":"SSH-2.0-OpenSSH_9.6p1 Ubuntu-3ubuntu13.5","uid":"C{uid:016x}"}}"#
            ),
            _ => write!(
                cell,
                r#"{{"direction":"Out","icmp_type":"8","icmp_code":"0","uid":"C{uid:016x}"}}"#
            ),
        };
    }
}

/// A network-protection inspection: ActionType, destination, port (none for ICMP).
type Inspection = (&'static str, Dest, Option<u16>);

const INSPECTIONS: &[(Inspection, u32)] = &[
    (("DnsConnectionInspected", Dest::DnsServer, Some(53)), 2),
    (("SslConnectionInspected", Dest::Web, Some(443)), 2),
    (("HttpConnectionInspected", Dest::MsCloud, Some(80)), 1),
    (("SshConnectionInspected", Dest::Peer, Some(22)), 1),
    (("IcmpConnectionInspected", Dest::Peer, None), 1),
];

/// Network-row cells of an absent process (network-protection rows and parents
/// that have none): empty strings, zero ids, as in real exports.
fn empty_process_cells(rec: &mut Record) {
    for col in [
        Col::InitiatingProcessSHA1,
        Col::InitiatingProcessSHA256,
        Col::InitiatingProcessMD5,
        Col::InitiatingProcessFileName,
        Col::InitiatingProcessCommandLine,
        Col::InitiatingProcessFolderPath,
        Col::InitiatingProcessParentFileName,
        Col::InitiatingProcessAccountDomain,
        Col::InitiatingProcessAccountName,
        Col::InitiatingProcessAccountSid,
        Col::InitiatingProcessAccountUpn,
        Col::InitiatingProcessAccountObjectId,
        Col::InitiatingProcessIntegrityLevel,
        Col::InitiatingProcessRemoteSessionDeviceName,
        Col::InitiatingProcessRemoteSessionIP,
    ] {
        rec.set(col, "");
    }
    for col in INITIATING_VERSION {
        rec.set(col, "");
    }
    rec.set(Col::InitiatingProcessTokenElevation, "None");
    rec.set_int(Col::InitiatingProcessId, 0);
    rec.set_int(Col::InitiatingProcessParentId, 0);
    if rec.table == Table::Process {
        rec.set(Col::InitiatingProcessSignerType, "");
        rec.set(Col::InitiatingProcessSignatureStatus, "");
        rec.set_int(Col::InitiatingProcessLogonId, 0);
    }
}

const INITIATING_VERSION: [Col; 6] = [
    Col::InitiatingProcessVersionInfoCompanyName,
    Col::InitiatingProcessVersionInfoProductName,
    Col::InitiatingProcessVersionInfoProductVersion,
    Col::InitiatingProcessVersionInfoInternalFileName,
    Col::InitiatingProcessVersionInfoOriginalFileName,
    Col::InitiatingProcessVersionInfoFileDescription,
];

const PROCESS_VERSION: [Col; 6] = [
    Col::ProcessVersionInfoCompanyName,
    Col::ProcessVersionInfoProductName,
    Col::ProcessVersionInfoProductVersion,
    Col::ProcessVersionInfoInternalFileName,
    Col::ProcessVersionInfoOriginalFileName,
    Col::ProcessVersionInfoFileDescription,
];

/// Company, product, version, internal name, original name, description.
fn version_cells(rec: &mut Record, image: &Image, cols: [Col; 6]) {
    let values = [
        image.company,
        image.product,
        image.version,
        image.internal,
        image.original,
        image.description,
    ];
    for (col, value) in cols.into_iter().zip(values) {
        rec.set(col, value);
    }
}

fn is_browser(image: &Image) -> bool {
    image.flows == catalog::BROWSER
}

/// The account columns of one identity on one device.
struct AccountView<'a> {
    domain: &'a str,
    name: &'a str,
    sid: &'a str,
    upn: &'a str,
    object_id: &'a str,
    integrity: &'static str,
    elevation: &'static str,
    logon_id: i64,
}

impl Device {
    fn new(rng: &mut Rng, index: usize, span_start: i64) -> Device {
        // The first devices cover every kind, so each scenario finds a host.
        let kind = KIND_MIX
            .get(index)
            .map_or_else(|| *rng.weighted(KIND_MIX), |(k, _)| *k);
        let n = index + 1;
        let name = match kind {
            Kind::Workstation => format!("ws-{n:04}.corp.contoso.com"),
            Kind::Developer => format!("dev-{n:04}.corp.contoso.com"),
            Kind::Server => {
                let role = rng.pick(&["app", "sql", "web", "dc", "file", "sccm"]);
                format!("srv-{role}-{n:02}.corp.contoso.com")
            }
            Kind::Mac => format!("mbp-{n:04}"),
            Kind::Linux => format!("lnx-{n:04}.corp.contoso.com"),
        };
        let short = name.split('.').next().unwrap_or(&name).to_string();
        let first = *rng.pick(FIRST_NAMES);
        let last = *rng.pick(LAST_NAMES);
        let user_name = format!("{}{last}", &first[..1]);
        let rid = 1100 + index as u64 * 7 + rng.below(7);
        let unix = matches!(kind, Kind::Mac | Kind::Linux);
        let user = User {
            domain: if unix {
                short.clone()
            } else {
                "contoso".to_string()
            },
            sid: format!("S-1-5-21-1004336348-1177238915-682003330-{rid}"),
            upn: format!("{first}.{last}@contoso.com"),
            object_id: guid(rng),
            name: user_name,
        };
        let posix_fields = format!(
            r#"{{"InitiatingProcessPosixEffectiveUser":{{"Sid":"{sid}","Name":"{name}","DomainName":"{short}","LogonId":0,"AadUserUpn":"{upn}","PosixUserId":501,"PrimaryPosixGroup":{{"Name":"staff","PosixGroupId":20}}}},"InitiatingProcessPosixEffectiveGroup":{{"Name":"staff","PosixGroupId":20}},"InitiatingProcessPosixSessionId":1,"InitiatingProcessCurrentWorkingDirectory":"/"}}"#,
            sid = user.sid,
            name = user.name,
            upn = user.upn,
        );
        let boot = span_start - rng.range(1, 20 * 24 * 60) as i64 * MINUTE;
        let ip = match kind {
            Kind::Server | Kind::Linux => [10, 0, rng.range(5, 9) as u8, rng.range(10, 250) as u8],
            Kind::Mac => [
                192,
                168,
                rng.range(0, 1) as u8 * 68,
                rng.range(2, 250) as u8,
            ],
            _ => [
                10,
                rng.range(20, 29) as u8,
                rng.below(256) as u8,
                rng.range(2, 254) as u8,
            ],
        };
        Device {
            kind,
            id: hex_id(rng),
            ip6: format!(
                "2a01:111:f100:{:x}::{:x}",
                rng.below(0xffff),
                rng.range(1, 0xfffe)
            ),
            ip,
            user,
            boot,
            logon: boot + rng.range(1, 30) as i64 * MINUTE,
            logon_id: rng.range(100_000, 99_999_999) as i64,
            next_report: rng.range(1_000, 250_000) as i64,
            posix_fields,
            slots: (0..kind.profile().len()).map(|_| None).collect(),
            name,
        }
    }

    fn account(&self, acct: Acct) -> AccountView<'_> {
        let windows = self.kind.is_windows();
        let user = &self.user;
        match acct {
            Acct::Service(s) => AccountView {
                domain: s.domain,
                name: s.name,
                sid: s.sid,
                upn: "",
                object_id: "",
                integrity: "System",
                elevation: "TokenElevationTypeDefault",
                logon_id: 999,
            },
            Acct::Root => AccountView {
                domain: user.domain.as_str(),
                name: "root",
                sid: "",
                upn: "",
                object_id: "",
                integrity: "",
                elevation: "None",
                logon_id: 0,
            },
            Acct::User | Acct::UserElevated => AccountView {
                domain: &user.domain,
                name: &user.name,
                sid: &user.sid,
                upn: &user.upn,
                object_id: &user.object_id,
                integrity: match (windows, acct == Acct::UserElevated) {
                    (false, _) => "",
                    (true, true) => "High",
                    (true, false) => "Medium",
                },
                elevation: match (windows, acct == Acct::UserElevated) {
                    (false, _) => "None",
                    (true, true) => "TokenElevationTypeFull",
                    (true, false) => "TokenElevationTypeLimited",
                },
                logon_id: self.logon_id,
            },
        }
    }

    /// When a long-lived parent started: at boot, at logon, or shortly before `child`.
    fn started(&self, image: &Image, child: i64) -> i64 {
        let offset = (hash_str(image.path, 9) % 600) as i64 * NANOS_PER_SEC / 10 + 3_300;
        let t = match (image.life, image.acct) {
            (Life::Boot, Acct::User) => self.logon + offset, // explorer.exe
            (Life::Boot, _) => self.boot + offset,
            (Life::Session(_), _) => child - offset * 10,
        };
        t.min(child - 1_000_000) / 100 * 100
    }
}

/// The pid of a long-lived parent: the same for every child on one device.
fn stable_pid(d: &Device, image: &Image) -> i64 {
    let h = hash_str(image.cmd, hash_str(&d.id, 0));
    if d.kind.is_windows() {
        400 + (h % 15_000) as i64 * 4
    } else {
        1 + (h % 5_000) as i64
    }
}

fn fresh_pid(kind: Kind, rng: &mut Rng) -> i64 {
    if kind.is_windows() {
        rng.range(300, 16_000) as i64 * 4
    } else {
        rng.range(300, 99_999) as i64
    }
}

fn ephemeral(rng: &mut Rng) -> u16 {
    rng.range(49_152, 65_535) as u16
}

fn hex_id(rng: &mut Rng) -> String {
    let mut s = String::with_capacity(48);
    for _ in 0..3 {
        let _ = write!(s, "{:016x}", rng.next_u64());
    }
    s.truncate(40);
    s
}

/// A version-4-shaped GUID from the generator (deterministic per seed).
pub(super) fn guid(rng: &mut Rng) -> String {
    let (a, b) = (rng.next_u64(), rng.next_u64());
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        0x8000 | (b >> 48) & 0x3fff,
        b & 0xffff_ffff_ffff
    )
}

/// Expands a path or command-line template for one device.
fn render(template: &str, d: &Device, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    render_into(&mut out, template, d, rng);
    out
}

/// Placeholders: `{user}`, `{host}` (short device name), `{n}` (a number),
/// `{guid}`, `{doc}` (a document name, often non-ASCII), `{project}`, `{c2}`.
fn render_into(out: &mut String, template: &str, d: &Device, rng: &mut Rng) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let tail = &rest[open..];
        let Some(close) = tail.find('}') else { break };
        match &tail[1..close] {
            "user" => out.push_str(&d.user.name),
            "host" => out.push_str(d.name.split('.').next().unwrap_or(&d.name)),
            "n" => {
                let _ = write!(out, "{}", rng.range(1_000, 9_999_999));
            }
            "guid" => out.push_str(&guid(rng)),
            "doc" => out.push_str(rng.pick::<&str>(DOCUMENTS)),
            "project" => out.push_str(rng.pick::<&str>(&[
                "Contoso.Billing",
                "Contoso.Portal",
                "InventorySvc",
            ])),
            // Not a placeholder (e.g. JSON or a PowerShell script block): keep it.
            _ => {
                out.push('{');
                rest = &tail[1..];
                continue;
            }
        }
        rest = &tail[close + 1..];
    }
    out.push_str(rest);
}

const FIRST_NAMES: &[&str] = &[
    "james", "maria", "wei", "olga", "jose", "zoe", "lars", "aiko", "fatima", "noah", "sofia",
    "liam", "emma", "lukas", "chloe", "soren", "mateo", "priya", "yuki", "ahmed",
];
const LAST_NAMES: &[&str] = &[
    "smith",
    "garcia",
    "muller",
    "chen",
    "kowalski",
    "nguyen",
    "johansson",
    "rossi",
    "tanaka",
    "obrien",
    "dubois",
    "silva",
    "novak",
    "patel",
    "kim",
    "ivanova",
    "jensen",
    "haddad",
    "brown",
    "lopez",
];
/// Document names in Office command lines: the main source of non-ASCII text.
const DOCUMENTS: &[&str] = &[
    "Q3 forecast.docx",
    "Präsentation Vertrieb, final.docx",
    "Отчёт за квартал.docx",
    "議事録_2026-11.docx",
    "Résumé - Zoë Müller.docx",
    "Angebot O'Brien, Meier & Co.docx",
];
