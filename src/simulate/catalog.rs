//! Static knowledge the generator draws from: process images (with the PE version
//! info Defender reports), their usual network flows, and which images run on which
//! kind of device.
//!
//! Paths are in their original case here; network rows lower-case them, process
//! rows keep them (telemetry-formats.md §1.8). `{user}` in a path or command line is
//! the device's user; the other `{…}` placeholders are listed in `world::render`.

/// Who a process runs as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Acct {
    /// A fixed Windows service identity.
    Service(&'static ServiceAccount),
    /// The device's interactive user.
    User,
    /// The device's user, elevated (admin token).
    UserElevated,
    /// `root` on macOS/Linux.
    Root,
}

#[derive(Debug, PartialEq, Eq)]
pub struct ServiceAccount {
    pub domain: &'static str,
    pub name: &'static str,
    pub sid: &'static str,
}

pub const SYSTEM: ServiceAccount = ServiceAccount {
    domain: "nt authority",
    name: "system",
    sid: "S-1-5-18",
};
pub const LOCAL_SERVICE: ServiceAccount = ServiceAccount {
    domain: "nt authority",
    name: "local service",
    sid: "S-1-5-19",
};
pub const NETWORK_SERVICE: ServiceAccount = ServiceAccount {
    domain: "nt authority",
    name: "network service",
    sid: "S-1-5-20",
};
pub const APP_POOL: ServiceAccount = ServiceAccount {
    domain: "iis apppool",
    name: "defaultapppool",
    sid: "S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415",
};
pub const MSSQL: ServiceAccount = ServiceAccount {
    domain: "nt service",
    name: "mssqlserver",
    sid: "S-1-5-80-3880718306-3832830129-1677859214-2598158968-1052248003",
};

/// How long an instance of the image lives.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Life {
    /// Started at boot, before the generated span: no process-creation row.
    Boot,
    /// Started during the span and restarted after about this many minutes.
    Session(u32),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dir {
    Out,
    In,
    Listen,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proto {
    Tcp,
    Udp,
    Icmp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Port {
    Is(u16),
    OneOf(&'static [u16]),
    /// An ephemeral port (49152–65535).
    High,
}

/// Where a connection goes; `world` turns it into an address, a type label and a URL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dest {
    MsCloud,
    Web,
    Cdn,
    /// A public IPv6 web address.
    Web6,
    PublicDns,
    DnsServer,
    DomainController,
    FileServer,
    Intranet,
    /// The SCCM / software distribution servers.
    Distribution,
    /// Another workstation; sometimes written as a v4-mapped IPv6 address.
    Peer,
    /// An internal server (RDP / SSH jump hosts).
    Server,
    Loopback,
    /// Anyone on the internet (inbound to servers).
    Internet,
    NuGet,
    Github,
    AptMirror,
    Database,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Flow {
    pub dir: Dir,
    pub proto: Proto,
    pub port: Port,
    pub dest: Dest,
}

const fn out(proto: Proto, port: Port, dest: Dest) -> Flow {
    Flow {
        dir: Dir::Out,
        proto,
        port,
        dest,
    }
}

const fn inbound(port: u16, dest: Dest) -> Flow {
    Flow {
        dir: Dir::In,
        proto: Proto::Tcp,
        port: Port::Is(port),
        dest,
    }
}

const fn listen(port: Port) -> Flow {
    Flow {
        dir: Dir::Listen,
        proto: Proto::Tcp,
        port,
        dest: Dest::Loopback,
    }
}

use Dest::*;
use Port::*;
use Proto::*;

pub type Flows = &'static [(Flow, u32)];

pub const BROWSER: Flows = &[
    (out(Tcp, Is(443), Web), 50),
    (out(Tcp, Is(443), Cdn), 15),
    (out(Tcp, Is(443), MsCloud), 10),
    (out(Udp, Is(443), Web), 8),
    (out(Tcp, Is(443), Web6), 6),
    (out(Tcp, Is(80), Web), 5),
    (out(Tcp, Is(443), Intranet), 3),
    (listen(High), 1),
];
pub const MS_APP: Flows = &[
    (out(Tcp, Is(443), MsCloud), 80),
    (out(Tcp, Is(443), Cdn), 8),
    (out(Udp, OneOf(&[3478, 3479, 3480, 3481]), MsCloud), 6),
    (out(Tcp, Is(443), Web6), 4),
    (out(Tcp, Is(80), MsCloud), 2),
];
pub const MS_SERVICE: Flows = &[
    (out(Tcp, Is(443), MsCloud), 85),
    (out(Tcp, Is(80), MsCloud), 5),
    (out(Tcp, High, Loopback), 6),
    (out(Tcp, Is(443), Web6), 4),
];
pub const SVCHOST: Flows = &[
    (out(Tcp, Is(443), MsCloud), 30),
    (out(Tcp, Is(80), MsCloud), 6),
    (out(Tcp, Is(135), Peer), 3),
    (out(Tcp, Is(7680), Peer), 6),
    (inbound(135, Peer), 4),
    (inbound(7680, Peer), 3),
    (out(Udp, Is(123), DomainController), 3),
    (out(Udp, Is(1900), Peer), 2),
    (listen(OneOf(&[135, 5040, 49664, 49665, 49666])), 3),
];
pub const DNS_CLIENT: Flows = &[
    (out(Udp, Is(53), DnsServer), 85),
    (out(Tcp, Is(53), DnsServer), 5),
    (out(Udp, Is(5353), Peer), 5),
    (out(Udp, Is(53), PublicDns), 5),
];
pub const KERNEL: Flows = &[
    (out(Tcp, Is(445), FileServer), 45),
    (inbound(445, Peer), 15),
    (out(Tcp, Is(139), Peer), 5),
    (out(Icmp, Is(0), Peer), 5),
    (listen(OneOf(&[445, 139])), 3),
    (out(Tcp, Is(445), Peer), 5),
];
pub const LSASS_FLOWS: Flows = &[
    (out(Tcp, Is(88), DomainController), 40),
    (out(Tcp, Is(389), DomainController), 35),
    (out(Udp, Is(389), DomainController), 10),
    (out(Tcp, Is(636), DomainController), 5),
    (out(Tcp, Is(135), DomainController), 10),
];
pub const CONFERENCING: Flows = &[
    (out(Tcp, Is(443), Web), 40),
    (out(Udp, OneOf(&[8801, 8802]), Web), 40),
    (out(Tcp, Is(443), Cdn), 20),
];
pub const DEV_TOOLS: Flows = &[
    (out(Tcp, Is(443), Github), 35),
    (out(Tcp, Is(443), NuGet), 25),
    (out(Tcp, Is(443), MsCloud), 25),
    (out(Tcp, High, Loopback), 10),
    (listen(OneOf(&[3000, 5000, 5173, 8080])), 5),
];
pub const RDP_CLIENT: Flows = &[
    (out(Tcp, Is(3389), Server), 85),
    (out(Udp, Is(3389), Server), 15),
];
pub const SSH_CLIENT: Flows = &[
    (out(Tcp, Is(22), Server), 70),
    (out(Tcp, Is(22), Github), 30),
];
pub const SCCM_CLIENT: Flows = &[
    (out(Tcp, Is(443), Distribution), 70),
    (out(Tcp, Is(80), Distribution), 30),
];
pub const WEB_SERVER: Flows = &[
    (inbound(443, Internet), 70),
    (inbound(80, Internet), 20),
    (out(Tcp, Is(1433), Database), 10),
];
pub const SQL_SERVER: Flows = &[(inbound(1433, Peer), 90), (listen(Is(1433)), 10)];
pub const RDP_HOST: Flows = &[(inbound(3389, Peer), 80), (listen(Is(3389)), 20)];
pub const DNS_SERVER: Flows = &[
    (
        Flow {
            dir: Dir::In,
            proto: Udp,
            port: Is(53),
            dest: Peer,
        },
        80,
    ),
    (out(Udp, Is(53), PublicDns), 20),
];
pub const UNIX_WEB: Flows = &[
    (out(Tcp, Is(443), Web), 40),
    (out(Tcp, Is(443), Cdn), 20),
    (out(Tcp, Is(443), MsCloud), 25),
    (out(Tcp, Is(443), Web6), 15),
];
pub const UNIX_DNS: Flows = &[
    (out(Udp, Is(53), DnsServer), 70),
    (out(Udp, Is(5353), Peer), 30),
];
pub const SSHD_FLOWS: Flows = &[(inbound(22, Peer), 85), (listen(Is(22)), 15)];
pub const NGINX: Flows = &[
    (inbound(443, Internet), 60),
    (inbound(80, Internet), 30),
    (listen(Is(443)), 10),
];
pub const APT: Flows = &[
    (out(Tcp, Is(80), AptMirror), 80),
    (out(Tcp, Is(443), AptMirror), 20),
];
pub const APP_WORKER: Flows = &[
    (out(Tcp, Is(5432), Database), 60),
    (out(Tcp, Is(443), Web), 30),
    (out(Tcp, Is(6379), Database), 10),
];
pub const NONE: Flows = &[];

/// A process image and the PE version info Defender attaches to it.
#[derive(Debug)]
pub struct Image {
    /// The file name as Defender reports it.
    pub name: &'static str,
    /// Other casings of the same name seen in real data (`mssense.exe`).
    pub variants: &'static [&'static str],
    /// Full path in original case; `{user}` expands to the user's profile name.
    pub path: &'static str,
    pub company: &'static str,
    pub product: &'static str,
    pub version: &'static str,
    pub internal: &'static str,
    pub original: &'static str,
    pub description: &'static str,
    pub size: i64,
    /// A renamed copy has the hashes of the binary it copies (given by its path).
    pub hash_of: Option<&'static str>,
    pub parent: Option<&'static Image>,
    /// Command-line template.
    pub cmd: &'static str,
    pub acct: Acct,
    pub life: Life,
    /// InitiatingProcessSignerType when this image is a parent (DeviceProcessEvents).
    pub signer: &'static str,
    pub flows: Flows,
}

const WIN: Image = Image {
    name: "",
    variants: &[],
    path: "",
    company: "Microsoft Corporation",
    product: "Microsoft® Windows® Operating System",
    version: "10.0.22621.4541",
    internal: "",
    original: "",
    description: "",
    size: 0,
    hash_of: None,
    parent: None,
    cmd: "",
    acct: Acct::Service(&SYSTEM),
    life: Life::Boot,
    signer: "OsVendor",
    flows: NONE,
};

/// macOS and Linux images carry no PE version info.
const UNIX: Image = Image {
    company: "",
    product: "",
    version: "",
    signer: "",
    acct: Acct::Root,
    ..WIN
};

// ---- Windows parents (weight 0: they appear as InitiatingProcessParent*) ----

pub const WININIT: Image = Image {
    name: "wininit.exe",
    path: "C:\\Windows\\System32\\wininit.exe",
    internal: "wininit.exe",
    original: "wininit.exe",
    description: "Windows Start-Up Application",
    size: 440_320,
    cmd: "wininit.exe",
    ..WIN
};
pub const SERVICES: Image = Image {
    name: "services.exe",
    path: "C:\\Windows\\System32\\services.exe",
    internal: "services.exe",
    original: "services.exe",
    description: "Services and Controller app",
    size: 727_480,
    parent: Some(&WININIT),
    cmd: "C:\\Windows\\system32\\services.exe",
    ..WIN
};
pub const USERINIT: Image = Image {
    name: "userinit.exe",
    path: "C:\\Windows\\System32\\userinit.exe",
    internal: "userinit",
    original: "USERINIT.EXE",
    description: "Userinit Logon Application",
    size: 59_392,
    parent: Some(&WINLOGON),
    cmd: "C:\\Windows\\system32\\userinit.exe",
    ..WIN
};
pub const WINLOGON: Image = Image {
    name: "winlogon.exe",
    path: "C:\\Windows\\System32\\winlogon.exe",
    internal: "winlogon",
    original: "WINLOGON.EXE",
    description: "Windows Logon Application",
    size: 906_240,
    cmd: "winlogon.exe",
    ..WIN
};
pub const EXPLORER: Image = Image {
    name: "explorer.exe",
    variants: &["Explorer.EXE"],
    path: "C:\\Windows\\explorer.exe",
    internal: "explorer",
    original: "EXPLORER.EXE",
    description: "Windows Explorer",
    size: 5_584_424,
    parent: Some(&USERINIT),
    cmd: "C:\\Windows\\Explorer.EXE",
    acct: Acct::User,
    ..WIN
};
pub const SVCHOST_DCOM: Image = Image {
    name: "svchost.exe",
    path: "C:\\Windows\\System32\\svchost.exe",
    version: "10.0.22621.1",
    internal: "svchost.exe",
    original: "svchost.exe",
    description: "Host Process for Windows Services",
    size: 79_920,
    parent: Some(&SERVICES),
    cmd: "C:\\Windows\\system32\\svchost.exe -k DcomLaunch -p",
    ..WIN
};
pub const WINWORD: Image = Image {
    name: "WINWORD.EXE",
    path: "C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE",
    company: "Microsoft Corporation",
    product: "Microsoft Office",
    version: "16.0.18129.20158",
    internal: "WinWord",
    original: "WinWord.exe",
    description: "Microsoft Word",
    size: 1_632_648,
    parent: Some(&EXPLORER),
    cmd: "\"C:\\Program Files\\Microsoft Office\\Root\\Office16\\WINWORD.EXE\" /n \"C:\\Users\\{user}\\Downloads\\{doc}\" /o \"\"",
    acct: Acct::User,
    signer: "Microsoft",
    life: Life::Session(90),
    flows: MS_APP,
    ..WIN
};
pub const CCMEXEC: Image = Image {
    name: "CcmExec.exe",
    path: "C:\\Windows\\CCM\\CcmExec.exe",
    product: "System Center Configuration Manager",
    version: "5.0.9128.1007",
    internal: "CcmExec",
    original: "CcmExec.exe",
    description: "SMS Agent Host",
    size: 3_271_096,
    parent: Some(&SERVICES),
    cmd: "C:\\Windows\\CCM\\CcmExec.exe",
    signer: "Microsoft",
    flows: SCCM_CLIENT,
    ..WIN
};
pub const RUBY_CHEF: Image = Image {
    name: "ruby.exe",
    path: "C:\\opscode\\chef\\embedded\\bin\\ruby.exe",
    company: "http://www.ruby-lang.org/",
    product: "Ruby interpreter 3.1.4p223 [x64-mingw-ucrt]",
    version: "3.1.4p223",
    internal: "ruby",
    original: "ruby.exe",
    description: "Ruby interpreter (CUI) 3.1.4p223 [x64-mingw-ucrt]",
    size: 158_720,
    parent: Some(&SERVICES),
    cmd: "C:/opscode/chef/embedded/bin/ruby.exe --disable-gems C:/opscode/chef/bin/chef-client -c C:\\chef\\client.rb",
    signer: "ThirdParty",
    ..WIN
};
pub const RUBY_PUPPET: Image = Image {
    path: "C:\\Program Files\\Puppet Labs\\Puppet\\puppet\\bin\\ruby.exe",
    cmd: "\"C:\\Program Files\\Puppet Labs\\Puppet\\puppet\\bin\\ruby.exe\" -- \"C:\\Program Files\\Puppet Labs\\Puppet\\service\\daemon.rb\"",
    product: "Ruby interpreter 3.2.5p208 [x64-mingw-ucrt]",
    version: "3.2.5p208",
    description: "Ruby interpreter (CUI) 3.2.5p208 [x64-mingw-ucrt]",
    ..RUBY_CHEF
};
pub const WSMPROVHOST: Image = Image {
    name: "wsmprovhost.exe",
    path: "C:\\Windows\\System32\\wsmprovhost.exe",
    internal: "wsmprovhost.exe",
    original: "wsmprovhost.exe",
    description: "Host process for WinRM plug-ins",
    size: 52_224,
    parent: Some(&SVCHOST_DCOM),
    cmd: "C:\\Windows\\system32\\wsmprovhost.exe -Embedding",
    acct: Acct::UserElevated,
    ..WIN
};
pub const SOLARWINDS: Image = Image {
    name: "SWJobEngineWorker2.exe",
    path: "C:\\Program Files\\SolarWinds\\Agent\\SWJobEngineWorker2.exe",
    company: "SolarWinds Worldwide, LLC.",
    product: "SolarWinds Job Engine v2",
    version: "2024.2.1.4560",
    internal: "SWJobEngineWorker2.exe",
    original: "SWJobEngineWorker2.exe",
    description: "SolarWinds Job Engine Worker v2",
    size: 38_232,
    parent: Some(&SERVICES),
    cmd: "\"C:\\Program Files\\SolarWinds\\Agent\\SWJobEngineWorker2.exe\" 7b4e9a1c",
    signer: "ThirdParty",
    ..WIN
};
pub const DATADOG: Image = Image {
    name: "agent.exe",
    path: "C:\\Program Files\\Datadog\\Datadog Agent\\bin\\agent.exe",
    company: "Datadog, Inc.",
    product: "Datadog Agent",
    version: "7.59.0",
    internal: "agent.exe",
    original: "agent.exe",
    description: "Datadog Agent",
    size: 112_345_088,
    parent: Some(&SERVICES),
    cmd: "\"C:\\Program Files\\Datadog\\Datadog Agent\\bin\\agent.exe\" run",
    signer: "ThirdParty",
    ..WIN
};
pub const ZABBIX: Image = Image {
    name: "zabbix_agent2.exe",
    path: "C:\\Program Files\\Zabbix Agent 2\\zabbix_agent2.exe",
    company: "Zabbix SIA",
    product: "Zabbix",
    version: "7.0.6",
    internal: "zabbix_agent2",
    original: "zabbix_agent2.exe",
    description: "Zabbix Agent 2",
    size: 25_834_496,
    parent: Some(&SERVICES),
    cmd: "\"C:\\Program Files\\Zabbix Agent 2\\zabbix_agent2.exe\" -c \"C:\\Program Files\\Zabbix Agent 2\\zabbix_agent2.conf\"",
    signer: "ThirdParty",
    ..WIN
};
pub const DEVENV: Image = Image {
    name: "devenv.exe",
    path: "C:\\Program Files\\Microsoft Visual Studio\\2022\\Professional\\Common7\\IDE\\devenv.exe",
    product: "Microsoft® Visual Studio®",
    version: "17.12.35521.163",
    internal: "devenv.exe",
    original: "devenv.exe",
    description: "Microsoft Visual Studio 2022",
    size: 1_042_016,
    parent: Some(&EXPLORER),
    cmd: "\"C:\\Program Files\\Microsoft Visual Studio\\2022\\Professional\\Common7\\IDE\\devenv.exe\" \"C:\\src\\{project}\\{project}.sln\"",
    acct: Acct::User,
    life: Life::Session(240),
    signer: "Microsoft",
    flows: DEV_TOOLS,
    ..WIN
};
pub const CMD_PARENT: Image = Image {
    name: "cmd.exe",
    path: "C:\\Windows\\System32\\cmd.exe",
    internal: "cmd",
    original: "Cmd.Exe",
    description: "Windows Command Processor",
    size: 323_584,
    parent: Some(&EXPLORER),
    cmd: "\"C:\\Windows\\system32\\cmd.exe\" ",
    acct: Acct::User,
    life: Life::Session(30),
    ..WIN
};

// ---- Windows background images ----

pub const CHROME_MAIN: Image = Image {
    name: "chrome.exe",
    variants: &["CHROME.EXE", "Chrome.exe"],
    path: "C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe",
    company: "Google LLC",
    product: "Google Chrome",
    version: "131.0.6778.86",
    internal: "chrome_exe",
    original: "chrome.exe",
    description: "Google Chrome",
    size: 3_027_512,
    parent: Some(&EXPLORER),
    cmd: "\"C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe\" ",
    acct: Acct::User,
    life: Life::Session(480),
    signer: "ThirdParty",
    flows: BROWSER,
    ..WIN
};
pub const CHROME: Image = Image {
    parent: Some(&CHROME_MAIN),
    cmd: "\"chrome.exe\" --type=utility --utility-sub-type=network.mojom.NetworkService --lang=en-US --service-sandbox-type=none --mojo-platform-channel-handle={n} --field-trial-handle=2016,i,{n},{n},262144 --variations-seed-version=20241126-050102.371000 /prefetch:11",
    life: Life::Session(240),
    ..CHROME_MAIN
};
pub const MSEDGE: Image = Image {
    name: "msedge.exe",
    variants: &["MSEDGE.EXE"],
    path: "C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe",
    company: "Microsoft Corporation",
    product: "Microsoft Edge",
    version: "131.0.2903.70",
    internal: "msedge_exe",
    original: "msedge.exe",
    description: "Microsoft Edge",
    size: 4_180_536,
    parent: Some(&EXPLORER),
    cmd: "\"msedge.exe\" --type=utility --utility-sub-type=network.mojom.NetworkService --lang=en-US --service-sandbox-type=none --field-trial-handle={n},i,{n},{n},262144 /prefetch:11",
    acct: Acct::User,
    life: Life::Session(300),
    signer: "Microsoft",
    flows: BROWSER,
    ..WIN
};
pub const FIREFOX: Image = Image {
    name: "firefox.exe",
    path: "C:\\Program Files\\Mozilla Firefox\\firefox.exe",
    company: "Mozilla Corporation",
    product: "Firefox",
    version: "133.0.0.8607",
    internal: "firefox",
    original: "firefox.exe",
    description: "Firefox",
    size: 677_304,
    parent: Some(&EXPLORER),
    cmd: "\"C:\\Program Files\\Mozilla Firefox\\firefox.exe\" -contentproc -parentBuildID 20241121140525 -prefsLen 31025 -prefMapSize 244583 -appDir \"C:\\Program Files\\Mozilla Firefox\\browser\" - {n} socket",
    acct: Acct::User,
    life: Life::Session(300),
    signer: "ThirdParty",
    flows: BROWSER,
    ..WIN
};
pub const SVCHOST_NETSVCS: Image = Image {
    cmd: "C:\\Windows\\system32\\svchost.exe -k netsvcs -p -s wuauserv",
    flows: SVCHOST,
    ..SVCHOST_DCOM
};
pub const SVCHOST_DNS: Image = Image {
    cmd: "C:\\Windows\\system32\\svchost.exe -k NetworkService -p -s Dnscache",
    acct: Acct::Service(&NETWORK_SERVICE),
    flows: DNS_CLIENT,
    ..SVCHOST_DCOM
};
pub const SVCHOST_RDP: Image = Image {
    cmd: "C:\\Windows\\System32\\svchost.exe -k termsvcs -s TermService",
    acct: Acct::Service(&NETWORK_SERVICE),
    flows: RDP_HOST,
    ..SVCHOST_DCOM
};
pub const TEAMS: Image = Image {
    name: "Teams.exe",
    variants: &["teams.exe"],
    path: "C:\\Users\\{user}\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe",
    company: "Microsoft Corporation",
    product: "Microsoft Teams",
    version: "1.7.00.33761",
    internal: "Teams",
    original: "Teams.exe",
    description: "Microsoft Teams",
    size: 134_583_232,
    parent: Some(&EXPLORER),
    cmd: "\"C:\\Users\\{user}\\AppData\\Local\\Microsoft\\Teams\\current\\Teams.exe\" --type=utility --utility-sub-type=network.mojom.NetworkService --lang=en-US --service-sandbox-type=none --mojo-platform-channel-handle={n} /prefetch:8",
    acct: Acct::User,
    life: Life::Session(600),
    signer: "Microsoft",
    flows: MS_APP,
    ..WIN
};
pub const MS_TEAMS: Image = Image {
    variants: &[],
    name: "ms-teams.exe",
    path: "C:\\Program Files\\WindowsApps\\MSTeams_24295.605.3225.8804_x64__8wekyb3d8bbwe\\ms-teams.exe",
    version: "24295.605.3225.8804",
    internal: "ms-teams",
    original: "ms-teams.exe",
    size: 11_543_120,
    cmd: "\"C:\\Program Files\\WindowsApps\\MSTeams_24295.605.3225.8804_x64__8wekyb3d8bbwe\\ms-teams.exe\" msteams:system-initiated",
    ..TEAMS
};
pub const ONEDRIVE: Image = Image {
    name: "OneDrive.exe",
    variants: &["onedrive.exe"],
    path: "C:\\Users\\{user}\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe",
    product: "Microsoft OneDrive",
    version: "24.221.1027.0001",
    internal: "OneDrive.exe",
    original: "OneDrive.exe",
    description: "Microsoft OneDrive",
    size: 3_632_960,
    parent: Some(&EXPLORER),
    cmd: "\"C:\\Users\\{user}\\AppData\\Local\\Microsoft\\OneDrive\\OneDrive.exe\" /background",
    acct: Acct::User,
    life: Life::Session(1440),
    signer: "Microsoft",
    flows: MS_APP,
    ..WIN
};
pub const OUTLOOK: Image = Image {
    name: "OUTLOOK.EXE",
    variants: &["outlook.exe", "Outlook.exe"],
    path: "C:\\Program Files\\Microsoft Office\\root\\Office16\\OUTLOOK.EXE",
    product: "Microsoft Outlook",
    version: "16.0.18129.20158",
    internal: "Outlook",
    original: "Outlook.exe",
    description: "Microsoft Outlook",
    size: 43_171_248,
    parent: Some(&EXPLORER),
    cmd: "\"C:\\Program Files\\Microsoft Office\\Root\\Office16\\OUTLOOK.EXE\" ",
    acct: Acct::User,
    life: Life::Session(720),
    signer: "Microsoft",
    flows: MS_APP,
    ..WIN
};
pub const OFFICE_C2R: Image = Image {
    name: "OfficeClickToRun.exe",
    path: "C:\\Program Files\\Common Files\\microsoft shared\\ClickToRun\\OfficeClickToRun.exe",
    product: "Microsoft 365 and Office",
    version: "16.0.18129.20158",
    internal: "OfficeClickToRun.exe",
    original: "OfficeClickToRun.exe",
    description: "Microsoft Office Click-to-Run (SxS)",
    size: 12_867_584,
    parent: Some(&SERVICES),
    cmd: "\"OfficeClickToRun.exe\" /service",
    signer: "Microsoft",
    flows: MS_SERVICE,
    ..WIN
};
pub const MSSENSE: Image = Image {
    name: "MsSense.exe",
    variants: &["mssense.exe", "MSSENSE.EXE"],
    path: "C:\\Program Files\\Windows Defender Advanced Threat Protection\\MsSense.exe",
    version: "10.8760.22621.1105",
    internal: "MsSense.exe",
    original: "MsSense.exe",
    description: "Windows Defender Advanced Threat Protection Service Executable",
    size: 4_719_536,
    parent: Some(&SERVICES),
    cmd: "\"MsSense.exe\"",
    flows: MS_SERVICE,
    ..WIN
};
pub const SENSE_CNC: Image = Image {
    variants: &[],
    name: "SenseCncProxy.exe",
    path: "C:\\Program Files\\Windows Defender Advanced Threat Protection\\SenseCncProxy.exe",
    internal: "SenseCncProxy.exe",
    original: "SenseCncProxy.exe",
    description: "Windows Defender Advanced Threat Protection Communication Module",
    size: 1_262_000,
    parent: Some(&MSSENSE),
    cmd: "\"SenseCncProxy.exe\" ",
    ..MSSENSE
};
pub const MSMPENG: Image = Image {
    name: "MsMpEng.exe",
    variants: &["msmpeng.exe"],
    path: "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\MsMpEng.exe",
    version: "4.18.24090.11",
    internal: "MsMpEng.exe",
    original: "MsMpEng.exe",
    description: "Antimalware Service Executable",
    size: 133_576,
    parent: Some(&SERVICES),
    cmd: "\"MsMpEng.exe\"",
    flows: MS_SERVICE,
    ..WIN
};
pub const NISSRV: Image = Image {
    name: "NisSrv.exe",
    variants: &["nissrv.exe"],
    path: "C:\\ProgramData\\Microsoft\\Windows Defender\\Platform\\4.18.24090.11-0\\NisSrv.exe",
    description: "Microsoft Network Realtime Inspection Service",
    internal: "NisSrv.exe",
    original: "NisSrv.exe",
    size: 3_174_840,
    cmd: "\"NisSrv.exe\"",
    acct: Acct::Service(&LOCAL_SERVICE),
    ..MSMPENG
};
pub const KERNEL_SYSTEM: Image = Image {
    name: "System",
    path: "C:\\Windows\\System32\\ntoskrnl.exe",
    internal: "ntkrnlmp.exe",
    original: "ntkrnlmp.exe",
    description: "NT Kernel & System",
    size: 12_240_264,
    flows: KERNEL,
    ..WIN
};
pub const LSASS: Image = Image {
    name: "lsass.exe",
    path: "C:\\Windows\\System32\\lsass.exe",
    internal: "lsass.exe",
    original: "lsass.exe",
    description: "Local Security Authority Process",
    size: 84_760,
    parent: Some(&WININIT),
    cmd: "C:\\Windows\\system32\\lsass.exe",
    flows: LSASS_FLOWS,
    ..WIN
};
pub const SEARCH_INDEXER: Image = Image {
    name: "SearchIndexer.exe",
    variants: &["searchindexer.exe"],
    path: "C:\\Windows\\System32\\SearchIndexer.exe",
    internal: "SearchIndexer.exe",
    original: "SearchIndexer.exe",
    description: "Microsoft Windows Search Indexer",
    size: 1_004_544,
    parent: Some(&SERVICES),
    cmd: "C:\\Windows\\system32\\SearchIndexer.exe /Embedding",
    flows: MS_SERVICE,
    ..WIN
};
pub const SEARCH_HOST: Image = Image {
    name: "SearchHost.exe",
    path: "C:\\Windows\\SystemApps\\MicrosoftWindows.Client.CBS_cw5n1h2txyewy\\SearchHost.exe",
    version: "2124.33802.20.0",
    internal: "SearchHost.exe",
    original: "SearchHost.exe",
    description: "Search host",
    size: 1_151_040,
    parent: Some(&SVCHOST_DCOM),
    cmd: "\"C:\\Windows\\SystemApps\\MicrosoftWindows.Client.CBS_cw5n1h2txyewy\\SearchHost.exe\" -ServerName:CortanaUI.AppX8z9r6jm96hw4bsbneegw0kyxx296wr9t.mca",
    acct: Acct::User,
    life: Life::Session(600),
    flows: MS_APP,
    ..WIN
};
pub const COMPAT_TEL: Image = Image {
    name: "CompatTelRunner.exe",
    path: "C:\\Windows\\System32\\CompatTelRunner.exe",
    internal: "CompatTelRunner.exe",
    original: "CompatTelRunner.exe",
    description: "Microsoft Compatibility Telemetry",
    size: 280_168,
    parent: Some(&SVCHOST_NETSVCS),
    cmd: "compattelrunner.exe -m:appraiser.dll -f:DoScheduledTelemetryRun -cv:{guid}.1",
    life: Life::Session(20),
    flows: MS_SERVICE,
    ..WIN
};
pub const WERMGR: Image = Image {
    name: "wermgr.exe",
    path: "C:\\Windows\\System32\\wermgr.exe",
    internal: "wermgr.exe",
    original: "wermgr.exe",
    description: "Windows Problem Reporting",
    size: 229_888,
    parent: Some(&SVCHOST_NETSVCS),
    cmd: "C:\\Windows\\system32\\wermgr.exe -upload",
    life: Life::Session(10),
    flows: MS_SERVICE,
    ..WIN
};
pub const ZOOM: Image = Image {
    name: "Zoom.exe",
    path: "C:\\Users\\{user}\\AppData\\Roaming\\Zoom\\bin\\Zoom.exe",
    company: "Zoom Video Communications, Inc.",
    product: "Zoom",
    version: "6.2.11.48209",
    internal: "Zoom",
    original: "Zoom.exe",
    description: "Zoom Meetings",
    size: 466_632,
    parent: Some(&EXPLORER),
    cmd: "\"C:\\Users\\{user}\\AppData\\Roaming\\Zoom\\bin\\Zoom.exe\" \"--url=zoommtg://zoom.us/join?action=join&confno={n}&pwd=x,y&browser=chrome\"",
    acct: Acct::User,
    life: Life::Session(60),
    signer: "ThirdParty",
    flows: CONFERENCING,
    ..WIN
};
pub const SLACK: Image = Image {
    name: "slack.exe",
    path: "C:\\Users\\{user}\\AppData\\Local\\slack\\app-4.41.105\\slack.exe",
    company: "Slack Technologies Inc.",
    product: "Slack",
    version: "4.41.105",
    internal: "slack",
    original: "slack.exe",
    description: "Slack",
    size: 168_765_440,
    parent: Some(&EXPLORER),
    cmd: "\"C:\\Users\\{user}\\AppData\\Local\\slack\\app-4.41.105\\slack.exe\" --type=utility --utility-sub-type=network.mojom.NetworkService --lang=en-US --service-sandbox-type=none --user-data-dir=\"C:\\Users\\{user}\\AppData\\Roaming\\Slack\" --mojo-platform-channel-handle={n} /prefetch:11",
    acct: Acct::User,
    life: Life::Session(600),
    signer: "ThirdParty",
    flows: CONFERENCING,
    ..WIN
};
pub const CODE: Image = Image {
    name: "Code.exe",
    path: "C:\\Users\\{user}\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe",
    product: "Visual Studio Code",
    version: "1.95.3",
    internal: "Code",
    original: "Code.exe",
    description: "Visual Studio Code",
    size: 190_264_152,
    parent: Some(&EXPLORER),
    cmd: "\"C:\\Users\\{user}\\AppData\\Local\\Programs\\Microsoft VS Code\\Code.exe\" --type=utility --utility-sub-type=node.mojom.NodeService --lang=en-US --service-sandbox-type=none --dns-result-order=ipv4first --inspect-port=0 --mojo-platform-channel-handle={n} /prefetch:8",
    acct: Acct::User,
    life: Life::Session(480),
    signer: "Microsoft",
    flows: DEV_TOOLS,
    ..WIN
};
pub const GIT: Image = Image {
    name: "git-remote-https.exe",
    path: "C:\\Program Files\\Git\\mingw64\\libexec\\git-core\\git-remote-https.exe",
    company: "The Git Development Community",
    product: "Git",
    version: "2.47.1.1",
    internal: "git-remote-https",
    original: "git-remote-https.exe",
    description: "Git for Windows",
    size: 4_386_120,
    parent: Some(&CODE),
    cmd: "\"C:\\Program Files\\Git\\mingw64\\libexec\\git-core\\git-remote-https.exe\" origin https://github.com/contoso/{project}.git",
    acct: Acct::User,
    life: Life::Session(2),
    signer: "ThirdParty",
    flows: DEV_TOOLS,
    ..WIN
};
pub const DOTNET: Image = Image {
    name: "dotnet.exe",
    path: "C:\\Program Files\\dotnet\\dotnet.exe",
    product: "Microsoft® .NET",
    version: "8.0.1124.51707",
    internal: ".NET Host",
    original: ".NET Host",
    description: ".NET Host",
    size: 158_024,
    parent: Some(&DEVENV),
    cmd: "\"C:\\Program Files\\dotnet\\dotnet.exe\" restore \"C:\\src\\{project}\\{project}.sln\" --interactive",
    acct: Acct::User,
    life: Life::Session(5),
    signer: "Microsoft",
    flows: DEV_TOOLS,
    ..WIN
};
pub const MSTSC: Image = Image {
    name: "mstsc.exe",
    path: "C:\\Windows\\System32\\mstsc.exe",
    internal: "mstsc.exe",
    original: "mstsc.exe",
    description: "Remote Desktop Connection",
    size: 1_379_840,
    parent: Some(&EXPLORER),
    cmd: "\"C:\\Windows\\system32\\mstsc.exe\" /v:srv-app-{n}.corp.contoso.com",
    acct: Acct::User,
    life: Life::Session(60),
    flows: RDP_CLIENT,
    ..WIN
};
pub const SSH_EXE: Image = Image {
    name: "ssh.exe",
    path: "C:\\Windows\\System32\\OpenSSH\\ssh.exe",
    company: "",
    product: "OpenSSH for Windows",
    version: "9.5.4.1",
    internal: "ssh.exe",
    original: "ssh.exe",
    description: "OpenSSH SSH client",
    size: 1_117_184,
    parent: Some(&CODE),
    cmd: "\"C:\\Windows\\System32\\OpenSSH\\ssh.exe\" -o ConnectTimeout=10 deploy@lnx-build.corp.contoso.com",
    acct: Acct::User,
    life: Life::Session(30),
    flows: SSH_CLIENT,
    ..WIN
};
pub const W3WP: Image = Image {
    name: "w3wp.exe",
    path: "C:\\Windows\\System32\\inetsrv\\w3wp.exe",
    product: "Internet Information Services",
    internal: "w3wp.exe",
    original: "w3wp.exe",
    description: "IIS Worker Process",
    size: 31_744,
    parent: Some(&SVCHOST_DCOM),
    cmd: "c:\\windows\\system32\\inetsrv\\w3wp.exe -ap \"DefaultAppPool\" -v \"v4.0\" -l \"webengine4.dll\" -a \\\\.\\pipe\\iisipm{guid} -h \"C:\\inetpub\\temp\\apppools\\DefaultAppPool\\DefaultAppPool.config\" -w \"\" -m 0",
    acct: Acct::Service(&APP_POOL),
    life: Life::Session(1740),
    flows: WEB_SERVER,
    ..WIN
};
pub const SQLSERVR: Image = Image {
    name: "sqlservr.exe",
    path: "C:\\Program Files\\Microsoft SQL Server\\MSSQL16.MSSQLSERVER\\MSSQL\\Binn\\sqlservr.exe",
    product: "Microsoft SQL Server",
    version: "2022.160.4155.4",
    internal: "SQLSERVR",
    original: "SQLSERVR.EXE",
    description: "SQL Server Windows NT - 64 Bit",
    size: 627_248,
    parent: Some(&SERVICES),
    cmd: "\"C:\\Program Files\\Microsoft SQL Server\\MSSQL16.MSSQLSERVER\\MSSQL\\Binn\\sqlservr.exe\" -sMSSQLSERVER",
    acct: Acct::Service(&MSSQL),
    signer: "Microsoft",
    flows: SQL_SERVER,
    ..WIN
};
pub const DNS_EXE: Image = Image {
    name: "dns.exe",
    path: "C:\\Windows\\System32\\dns.exe",
    internal: "dns.exe",
    original: "dns.exe",
    description: "Domain Name System (DNS) Server",
    size: 1_368_064,
    parent: Some(&SERVICES),
    cmd: "C:\\Windows\\system32\\dns.exe",
    flows: DNS_SERVER,
    ..WIN
};

// ---- macOS ----

pub const LAUNCHD: Image = Image {
    name: "launchd",
    path: "/sbin/launchd",
    cmd: "/sbin/launchd",
    ..UNIX
};
pub const XPCPROXY: Image = Image {
    name: "xpcproxy",
    path: "/usr/libexec/xpcproxy",
    parent: Some(&LAUNCHD),
    cmd: "xpcproxy com.apple.WebKit.Networking",
    ..UNIX
};
pub const WEBKIT: Image = Image {
    name: "com.apple.WebKit.Networking",
    path: "/System/Library/Frameworks/WebKit.framework/Versions/A/XPCServices/com.apple.WebKit.Networking.xpc/Contents/MacOS/com.apple.WebKit.Networking",
    size: 169_200,
    parent: Some(&XPCPROXY),
    cmd: "/System/Library/Frameworks/WebKit.framework/Versions/A/XPCServices/com.apple.WebKit.Networking.xpc/Contents/MacOS/com.apple.WebKit.Networking",
    acct: Acct::User,
    life: Life::Session(300),
    flows: UNIX_WEB,
    ..UNIX
};
pub const MAC_CHROME: Image = Image {
    name: "Google Chrome Helper",
    path: "/Applications/Google Chrome.app/Contents/Frameworks/Google Chrome Framework.framework/Versions/131.0.6778.86/Helpers/Google Chrome Helper.app/Contents/MacOS/Google Chrome Helper",
    size: 171_552,
    parent: Some(&LAUNCHD),
    cmd: "\"/Applications/Google Chrome.app/Contents/Frameworks/Google Chrome Framework.framework/Versions/131.0.6778.86/Helpers/Google Chrome Helper.app/Contents/MacOS/Google Chrome Helper\" --type=utility --utility-sub-type=network.mojom.NetworkService --lang=en-US --service-sandbox-type=network --seatbelt-client={n}",
    acct: Acct::User,
    life: Life::Session(480),
    flows: BROWSER,
    ..UNIX
};
pub const MAC_TEAMS: Image = Image {
    name: "MSTeams",
    path: "/Applications/Microsoft Teams.app/Contents/MacOS/MSTeams",
    size: 8_702_880,
    parent: Some(&LAUNCHD),
    cmd: "/Applications/Microsoft Teams.app/Contents/MacOS/MSTeams",
    acct: Acct::User,
    life: Life::Session(600),
    flows: MS_APP,
    ..UNIX
};
pub const MAC_MAU: Image = Image {
    name: "microsoft update assistant",
    path: "/Library/Application Support/Microsoft/MAU2.0/Microsoft AutoUpdate.app/Contents/MacOS/Microsoft Update Assistant.app/Contents/MacOS/Microsoft Update Assistant",
    size: 1_246_512,
    parent: Some(&XPCPROXY),
    cmd: "\"/Library/Application Support/Microsoft/MAU2.0/Microsoft AutoUpdate.app/Contents/MacOS/Microsoft Update Assistant.app/Contents/MacOS/Microsoft Update Assistant\" --launchByAgent",
    acct: Acct::User,
    life: Life::Session(15),
    flows: MS_SERVICE,
    ..UNIX
};
pub const MAC_WDAV: Image = Image {
    name: "wdavdaemon",
    path: "/Library/Application Support/Microsoft/Defender/wdavdaemon.app/Contents/MacOS/wdavdaemon",
    size: 10_485_760,
    parent: Some(&LAUNCHD),
    cmd: "/Library/Application Support/Microsoft/Defender/wdavdaemon.app/Contents/MacOS/wdavdaemon",
    flows: MS_SERVICE,
    ..UNIX
};
pub const MDNS: Image = Image {
    name: "mDNSResponder",
    path: "/usr/sbin/mDNSResponder",
    size: 2_129_152,
    parent: Some(&LAUNCHD),
    cmd: "/usr/sbin/mDNSResponder",
    flows: UNIX_DNS,
    ..UNIX
};

// ---- Linux ----

pub const SYSTEMD: Image = Image {
    name: "systemd",
    path: "/usr/lib/systemd/systemd",
    cmd: "/sbin/init",
    ..UNIX
};
pub const SSHD: Image = Image {
    name: "sshd",
    path: "/usr/sbin/sshd",
    size: 921_416,
    parent: Some(&SYSTEMD),
    cmd: "sshd: /usr/sbin/sshd -D [listener] 0 of 10-100 startups",
    flows: SSHD_FLOWS,
    ..UNIX
};
pub const NGINX_BIN: Image = Image {
    name: "nginx",
    path: "/usr/sbin/nginx",
    size: 1_290_160,
    parent: Some(&SYSTEMD),
    cmd: "nginx: worker process",
    flows: NGINX,
    ..UNIX
};
pub const RESOLVED: Image = Image {
    name: "systemd-resolved",
    path: "/usr/lib/systemd/systemd-resolved",
    size: 588_024,
    parent: Some(&SYSTEMD),
    cmd: "/lib/systemd/systemd-resolved",
    flows: UNIX_DNS,
    ..UNIX
};
pub const APT_HTTP: Image = Image {
    name: "http",
    path: "/usr/lib/apt/methods/http",
    size: 92_488,
    parent: Some(&SYSTEMD),
    cmd: "/usr/lib/apt/methods/http",
    life: Life::Session(3),
    flows: APT,
    ..UNIX
};
pub const LINUX_WDAV: Image = Image {
    name: "wdavdaemon",
    path: "/opt/microsoft/mdatp/sbin/wdavdaemon",
    size: 25_165_824,
    parent: Some(&SYSTEMD),
    cmd: "/opt/microsoft/mdatp/sbin/wdavdaemon edr 12 11 --log_level info",
    flows: MS_SERVICE,
    ..UNIX
};
pub const PYTHON_WORKER: Image = Image {
    name: "python3.12",
    variants: &["python3"],
    path: "/usr/bin/python3.12",
    size: 8_019_136,
    parent: Some(&SYSTEMD),
    cmd: "/opt/app/venv/bin/python3 -c 'import worker\nworker.main(queue=\"jobs\", retries=3)'",
    life: Life::Session(1440),
    flows: APP_WORKER,
    ..UNIX
};

/// A device's background mix: which images talk, and how often.
pub type Profile = &'static [(&'static Image, u32)];

pub const WORKSTATION: Profile = &[
    (&CHROME, 220),
    (&MSEDGE, 120),
    (&FIREFOX, 20),
    (&SVCHOST_NETSVCS, 90),
    (&SVCHOST_DNS, 110),
    (&TEAMS, 50),
    (&MS_TEAMS, 30),
    (&ONEDRIVE, 40),
    (&OUTLOOK, 50),
    (&OFFICE_C2R, 15),
    (&MSSENSE, 40),
    (&SENSE_CNC, 15),
    (&MSMPENG, 25),
    (&NISSRV, 8),
    (&KERNEL_SYSTEM, 30),
    (&LSASS, 12),
    (&SEARCH_INDEXER, 6),
    (&SEARCH_HOST, 15),
    (&COMPAT_TEL, 5),
    (&WERMGR, 3),
    (&ZOOM, 12),
    (&SLACK, 15),
    (&MSTSC, 4),
    (&WINWORD, 15),
];

pub const DEVELOPER: Profile = &[
    (&CHROME, 150),
    (&MSEDGE, 60),
    (&SVCHOST_NETSVCS, 80),
    (&SVCHOST_DNS, 110),
    (&TEAMS, 40),
    (&OUTLOOK, 40),
    (&MSSENSE, 40),
    (&MSMPENG, 25),
    (&KERNEL_SYSTEM, 20),
    (&LSASS, 10),
    (&CODE, 60),
    (&DEVENV, 40),
    (&GIT, 30),
    (&DOTNET, 25),
    (&MSTSC, 6),
    (&SSH_EXE, 8),
];

pub const SERVER: Profile = &[
    (&SVCHOST_NETSVCS, 60),
    (&SVCHOST_DNS, 60),
    (&SVCHOST_RDP, 30),
    (&KERNEL_SYSTEM, 90),
    (&LSASS, 40),
    (&MSSENSE, 50),
    (&SENSE_CNC, 15),
    (&MSMPENG, 30),
    (&W3WP, 60),
    (&SQLSERVR, 40),
    (&DNS_EXE, 25),
    (&CCMEXEC, 15),
    (&WERMGR, 2),
];

pub const MAC: Profile = &[
    (&WEBKIT, 60),
    (&MAC_CHROME, 60),
    (&MAC_TEAMS, 30),
    (&MAC_MAU, 10),
    (&MAC_WDAV, 20),
    (&MDNS, 30),
];

pub const LINUX: Profile = &[
    (&SSHD, 30),
    (&NGINX_BIN, 60),
    (&RESOLVED, 40),
    (&APT_HTTP, 10),
    (&LINUX_WDAV, 25),
    (&PYTHON_WORKER, 40),
];

// ---- Images only planted scenarios use ----

/// Windows tools started by a user; scenarios give the command line.
const WIN_TOOL: Image = Image {
    version: "10.0.22621.3527",
    parent: Some(&EXPLORER),
    acct: Acct::User,
    life: Life::Session(10),
    ..WIN
};

pub const POWERSHELL: Image = Image {
    name: "powershell.exe",
    variants: &["PowerShell.EXE", "POWERSHELL.EXE", "Powershell.exe"],
    path: "C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe",
    version: "10.0.22621.3527",
    internal: "POWERSHELL",
    original: "PowerShell.EXE",
    description: "Windows PowerShell",
    size: 450_560,
    ..WIN_TOOL
};
pub const PWSH: Image = Image {
    name: "pwsh.exe",
    path: "C:\\Program Files\\PowerShell\\7\\pwsh.exe",
    product: "PowerShell",
    version: "7.4.6.500",
    internal: "pwsh.dll",
    original: "pwsh.dll",
    description: "pwsh",
    size: 287_280,
    signer: "Microsoft",
    ..WIN_TOOL
};
pub const CMD: Image = Image {
    variants: &["CMD.EXE"],
    life: Life::Session(10),
    ..CMD_PARENT
};
pub const WSCRIPT: Image = Image {
    name: "wscript.exe",
    path: "C:\\Windows\\System32\\wscript.exe",
    version: "5.812.10240.16384",
    internal: "wscript.exe",
    original: "wscript.exe",
    description: "Microsoft ® Windows Based Script Host",
    size: 167_936,
    ..WIN_TOOL
};
pub const CSCRIPT: Image = Image {
    name: "cscript.exe",
    path: "C:\\Windows\\System32\\cscript.exe",
    internal: "cscript.exe",
    original: "cscript.exe",
    description: "Microsoft ® Console Based Script Host",
    size: 156_672,
    ..WSCRIPT
};
pub const MSHTA: Image = Image {
    name: "mshta.exe",
    variants: &["MSHTA.EXE"],
    path: "C:\\Windows\\System32\\mshta.exe",
    version: "11.00.22621.1",
    internal: "MSHTA.EXE",
    original: "MSHTA.EXE",
    description: "Microsoft (R) HTML Application host",
    size: 14_848,
    ..WIN_TOOL
};
pub const WMIC: Image = Image {
    name: "WMIC.exe",
    variants: &["wmic.exe"],
    path: "C:\\Windows\\System32\\wbem\\WMIC.exe",
    internal: "wmic.exe",
    original: "wmic.exe",
    description: "WMI Commandline Utility",
    size: 571_904,
    ..WIN_TOOL
};
pub const RUNDLL32: Image = Image {
    name: "rundll32.exe",
    variants: &["RUNDLL32.EXE"],
    path: "C:\\Windows\\System32\\rundll32.exe",
    internal: "rundll",
    original: "RUNDLL32.EXE",
    description: "Windows host process (Rundll32)",
    size: 71_680,
    ..WIN_TOOL
};
pub const REGSVR32: Image = Image {
    name: "regsvr32.exe",
    path: "C:\\Windows\\System32\\regsvr32.exe",
    internal: "REGSVR32",
    original: "REGSVR32.EXE",
    description: "Microsoft(C) Register Server",
    size: 25_600,
    ..WIN_TOOL
};
pub const CERTUTIL: Image = Image {
    name: "certutil.exe",
    variants: &["CertUtil.exe"],
    path: "C:\\Windows\\System32\\certutil.exe",
    internal: "CertUtil.exe",
    original: "CertUtil.exe",
    description: "CertUtil.exe",
    size: 1_569_280,
    ..WIN_TOOL
};
pub const BITSADMIN: Image = Image {
    name: "bitsadmin.exe",
    path: "C:\\Windows\\System32\\bitsadmin.exe",
    internal: "bitsadmin",
    original: "bitsadmin.exe",
    description: "BITS administration utility",
    size: 190_464,
    ..WIN_TOOL
};
pub const MSBUILD: Image = Image {
    name: "MSBuild.exe",
    variants: &["msbuild.exe"],
    path: "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\MSBuild.exe",
    product: "Microsoft® .NET Framework",
    version: "4.8.9032.0",
    internal: "MSBuild.exe",
    original: "MSBuild.exe",
    description: "MSBuild.exe",
    size: 345_648,
    ..WIN_TOOL
};
pub const CSC: Image = Image {
    variants: &[],
    name: "csc.exe",
    path: "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe",
    internal: "csc.exe",
    original: "csc.exe",
    description: "Visual C# Command Line Compiler",
    size: 2_759_232,
    ..MSBUILD
};
pub const INSTALLUTIL: Image = Image {
    variants: &[],
    name: "InstallUtil.exe",
    path: "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\InstallUtil.exe",
    internal: "InstallUtil.exe",
    original: "InstallUtil.exe",
    description: ".NET Framework installation utility",
    size: 42_592,
    ..MSBUILD
};
pub const REGASM: Image = Image {
    variants: &[],
    name: "RegAsm.exe",
    path: "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\RegAsm.exe",
    internal: "RegAsm.exe",
    original: "RegAsm.exe",
    description: "Microsoft .NET Assembly Registration Utility",
    size: 64_112,
    ..MSBUILD
};
pub const REGSVCS: Image = Image {
    variants: &[],
    name: "RegSvcs.exe",
    path: "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\RegSvcs.exe",
    internal: "RegSvcs.exe",
    original: "RegSvcs.exe",
    description: "Microsoft .NET Services Installation Utility",
    size: 45_680,
    ..MSBUILD
};
pub const HH: Image = Image {
    name: "hh.exe",
    path: "C:\\Windows\\hh.exe",
    internal: "HH 1.41",
    original: "HH.exe",
    description: "Microsoft® HTML Help Executable",
    size: 17_408,
    ..WIN_TOOL
};
pub const XWIZARD: Image = Image {
    name: "xwizard.exe",
    path: "C:\\Windows\\System32\\xwizard.exe",
    internal: "xwizard",
    original: "xwizard.exe",
    description: "Extensible Wizards Host Process",
    size: 67_584,
    ..WIN_TOOL
};
pub const NOTEPAD: Image = Image {
    name: "notepad.exe",
    variants: &["Notepad.exe"],
    path: "C:\\Windows\\System32\\notepad.exe",
    internal: "Notepad",
    original: "NOTEPAD.EXE",
    description: "Notepad",
    size: 201_216,
    ..WIN_TOOL
};
pub const CALC: Image = Image {
    name: "calc.exe",
    path: "C:\\Windows\\System32\\calc.exe",
    internal: "CALC",
    original: "CALC.EXE",
    description: "Windows Calculator",
    size: 27_648,
    ..WIN_TOOL
};
pub const MSPAINT: Image = Image {
    name: "mspaint.exe",
    path: "C:\\Windows\\System32\\mspaint.exe",
    internal: "MSPAINT",
    original: "MSPAINT.EXE",
    description: "Paint",
    size: 988_160,
    ..WIN_TOOL
};
/// A copy of powershell.exe renamed to update.exe (ATT&CK T1036.003).
pub const UPDATE_EXE: Image = Image {
    name: "update.exe",
    path: "C:\\Users\\{user}\\AppData\\Local\\Temp\\update.exe",
    variants: &[],
    hash_of: Some(POWERSHELL.path),
    ..POWERSHELL
};
/// An unsigned implant named chrome.exe outside Chrome's folder (T1036.005).
pub const FAKE_CHROME: Image = Image {
    name: "chrome.exe",
    variants: &[],
    path: "C:\\Users\\Public\\chrome.exe",
    company: "",
    product: "",
    version: "",
    internal: "",
    original: "",
    description: "",
    size: 78_336,
    signer: "",
    ..WIN_TOOL
};
pub const MSIEXEC: Image = Image {
    name: "msiexec.exe",
    variants: &["MsiExec.exe"],
    path: "C:\\Windows\\System32\\msiexec.exe",
    product: "Windows Installer - Unicode",
    version: "5.0.22621.3880",
    internal: "msiexec",
    original: "msiexec.exe",
    description: "Windows® installer",
    size: 66_048,
    ..WIN_TOOL
};
pub const VS_MSBUILD: Image = Image {
    path: "C:\\Program Files\\Microsoft Visual Studio\\2022\\Professional\\MSBuild\\Current\\Bin\\amd64\\MSBuild.exe",
    product: "Microsoft® Build Tools®",
    version: "17.12.12.57101",
    parent: Some(&DEVENV),
    signer: "Microsoft",
    ..MSBUILD
};
pub const VS_CSC: Image = Image {
    path: "C:\\Program Files\\Microsoft Visual Studio\\2022\\Professional\\MSBuild\\Current\\Bin\\Roslyn\\csc.exe",
    product: "Microsoft .NET Compiler Platform (\"Roslyn\")",
    version: "4.12.0-3.24572.7",
    parent: Some(&VS_MSBUILD),
    signer: "Microsoft",
    ..CSC
};
pub const PYTHON_APP: Image = Image {
    name: "python3",
    path: "/usr/bin/python3.12",
    size: 8_019_136,
    parent: Some(&SYSTEMD),
    cmd: "/usr/bin/python3 /opt/app/server.py --port 8000",
    life: Life::Session(1440),
    ..UNIX
};
pub const BASH: Image = Image {
    name: "bash",
    path: "/usr/bin/bash",
    size: 1_446_024,
    parent: Some(&PYTHON_APP),
    cmd: "bash",
    life: Life::Session(5),
    ..UNIX
};
