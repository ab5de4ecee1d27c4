//! Remote and local addresses: the public ranges, internal servers and labels a
//! connection gets, as Defender reports them (telemetry-formats.md §1.5).

use std::fmt::Write as _;

use super::catalog::Dest;
use super::rng::Rng;

/// A resolved remote endpoint.
#[derive(Debug, Default)]
pub struct Endpoint {
    pub ip: String,
    pub label: &'static str,
    /// A v4-mapped IPv6 address (`::ffff:10.1.2.3`); the local side is mapped too.
    mapped: bool,
    /// A native IPv6 address; the local side is the device's IPv6 address.
    v6: bool,
    pub url: Option<&'static str>,
}

impl Endpoint {
    /// A literal address (planted scenarios), labelled from its text.
    pub fn literal(&mut self, ip: &str) {
        self.ip.clear();
        self.ip.push_str(ip);
        self.label = ip_label(ip);
        self.mapped = ip.starts_with("::ffff:");
        self.v6 = ip.contains(':') && !self.mapped;
        self.url = None;
    }

    /// Picks a concrete address for a destination kind.
    pub fn resolve(&mut self, dest: Dest, rng: &mut Rng) {
        self.ip.clear();
        self.mapped = false;
        self.v6 = false;
        self.url = None;
        self.label = "Public";
        match dest {
            Dest::MsCloud => {
                public_v4(&mut self.ip, rng, MS_PREFIXES);
                self.url = Some(*rng.pick(MS_HOSTS));
            }
            Dest::Web => {
                public_v4(&mut self.ip, rng, WEB_PREFIXES);
                self.url = Some(*rng.pick(WEB_HOSTS));
            }
            Dest::Cdn => {
                public_v4(&mut self.ip, rng, CDN_PREFIXES);
                self.url = Some(*rng.pick(CDN_HOSTS));
            }
            Dest::Internet => public_v4(&mut self.ip, rng, SCANNER_PREFIXES),
            Dest::Web6 => {
                let prefix = *rng.pick(&[
                    "2606:4700::6810:",
                    "2a00:1450:4001:82b::",
                    "2603:1061:13f1:4c00::",
                ]);
                let _ = write!(self.ip, "{prefix}{:x}", rng.range(1, 0xfffe));
                self.v6 = true;
                self.url = Some(*rng.pick(WEB_HOSTS));
            }
            Dest::PublicDns => self
                .ip
                .push_str(rng.pick::<&str>(&["8.8.8.8", "1.1.1.1", "9.9.9.9"])),
            Dest::NuGet => {
                public_v4(&mut self.ip, rng, &[[152, 199]]);
                self.url = Some("api.nuget.org");
            }
            Dest::Github => {
                public_v4(&mut self.ip, rng, &[[140, 82]]);
                self.url =
                    Some(*rng.pick(&["github.com", "api.github.com", "codeload.github.com"]));
            }
            Dest::AptMirror => {
                public_v4(&mut self.ip, rng, &[[91, 189], [185, 125]]);
                self.url = Some(*rng.pick(&["archive.ubuntu.com", "security.ubuntu.com"]));
            }
            Dest::Loopback => {
                self.label = "Loopback";
                self.ip
                    .push_str(if rng.chance(0.8) { "127.0.0.1" } else { "::1" });
            }
            _ => {
                self.label = "Private";
                let (ip, url) = private_address(dest, rng);
                if dest == Dest::Peer && rng.chance(0.12) {
                    // v4-mapped private peers are labelled FourToSixMapping (§1.5).
                    self.ip.push_str("::ffff:");
                    self.label = "FourToSixMapping";
                    self.mapped = true;
                }
                push_v4(&mut self.ip, ip);
                self.url = url;
            }
        }
    }

    /// Writes the device's own address for a connection to this endpoint into
    /// `cell` (same family: v4-mapped when the remote is) and returns its label.
    pub fn write_local(&self, v4: [u8; 4], v6: &str, cell: &mut String) -> &'static str {
        if self.label == "Loopback" {
            cell.push_str(if self.ip == "::1" { "::1" } else { "127.0.0.1" });
            "Loopback"
        } else if self.v6 {
            cell.push_str(v6);
            "Public"
        } else {
            if self.mapped {
                cell.push_str("::ffff:");
            }
            push_v4(cell, v4);
            if self.mapped {
                "FourToSixMapping"
            } else {
                "Private"
            }
        }
    }
}

/// The RemoteIPType Defender gives a literal address.
fn ip_label(ip: &str) -> &'static str {
    if ip.starts_with("::ffff:") {
        "FourToSixMapping"
    } else if ip.starts_with("10.") || ip.starts_with("192.168.") || ip.starts_with("172.16.") {
        "Private"
    } else if ip.starts_with("127.") || ip == "::1" {
        "Loopback"
    } else {
        "Public"
    }
}

pub fn push_v4(out: &mut String, ip: [u8; 4]) {
    let mut buf = itoa::Buffer::new();
    for (i, octet) in ip.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        out.push_str(buf.format(*octet));
    }
}

fn public_v4(out: &mut String, rng: &mut Rng, prefixes: &[[u8; 2]]) {
    let p = rng.pick(prefixes);
    push_v4(
        out,
        [p[0], p[1], rng.below(256) as u8, rng.range(1, 254) as u8],
    );
}

/// Fixed internal infrastructure of corp.contoso.com.
fn private_address(dest: Dest, rng: &mut Rng) -> ([u8; 4], Option<&'static str>) {
    match dest {
        Dest::DnsServer | Dest::DomainController => (
            [10, 0, 0, 10 + rng.below(2) as u8],
            Some("dc01.corp.contoso.com"),
        ),
        Dest::FileServer => (
            [10, 0, 1, 20 + rng.below(2) as u8],
            Some("fs01.corp.contoso.com"),
        ),
        Dest::Intranet => (
            [10, 0, 3, 40 + rng.below(10) as u8],
            Some("intranet.corp.contoso.com"),
        ),
        Dest::Distribution => (
            [10, 0, 2, 15 + rng.below(2) as u8],
            Some("sccm01.corp.contoso.com"),
        ),
        Dest::Database => ([10, 0, 6, 30 + rng.below(4) as u8], None),
        Dest::Server => (
            [10, 0, rng.range(5, 9) as u8, rng.range(10, 250) as u8],
            None,
        ),
        _ => (
            [
                10,
                rng.range(20, 29) as u8,
                rng.below(256) as u8,
                rng.range(2, 254) as u8,
            ],
            None,
        ),
    }
}

const MS_PREFIXES: &[[u8; 2]] = &[
    [20, 42],
    [20, 190],
    [52, 113],
    [52, 168],
    [13, 107],
    [40, 126],
    [51, 104],
    [52, 96],
];
const WEB_PREFIXES: &[[u8; 2]] = &[
    [142, 250],
    [172, 217],
    [216, 58],
    [18, 158],
    [54, 239],
    [3, 5],
    [185, 199],
    [151, 101],
];
const CDN_PREFIXES: &[[u8; 2]] = &[[104, 16], [104, 18], [172, 64], [23, 32], [23, 62]];
const SCANNER_PREFIXES: &[[u8; 2]] = &[[45, 143], [89, 248], [167, 94], [193, 163], [198, 199]];

const MS_HOSTS: &[&str] = &[
    "login.microsoftonline.com",
    "outlook.office365.com",
    "graph.microsoft.com",
    "teams.microsoft.com",
    "winatp-gw-neu.microsoft.com",
    "v10.events.data.microsoft.com",
    "settings-win.data.microsoft.com",
    "officeclient.microsoft.com",
    "contoso-my.sharepoint.com",
    "wdcp.microsoft.com",
];
pub const WEB_HOSTS: &[&str] = &[
    "www.google.com",
    "www.wikipedia.org",
    "stackoverflow.com",
    "www.bbc.co.uk",
    "slack.com",
    "zoom.us",
    "www.linkedin.com",
    "fonts.gstatic.com",
    "www.youtube.com",
    "news.ycombinator.com",
];
const CDN_HOSTS: &[&str] = &[
    "cdn.jsdelivr.net",
    "cdnjs.cloudflare.com",
    "ajax.googleapis.com",
    "static.xx.fbcdn.net",
];
