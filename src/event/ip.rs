//! Classification of an address by what it is, not by what a vendor labelled it.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// The class of a remote address, computed from the address itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IpClass {
    Private,
    Public,
    Loopback,
    LinkLocal,
    Multicast,
    Broadcast,
    /// Unspecified, documentation, benchmarking, shared (CGNAT) and reserved ranges.
    Reserved,
    /// Empty or unparseable text.
    Unknown,
}

impl IpClass {
    pub fn as_str(self) -> &'static str {
        match self {
            IpClass::Private => "private",
            IpClass::Public => "public",
            IpClass::Loopback => "loopback",
            IpClass::LinkLocal => "link_local",
            IpClass::Multicast => "multicast",
            IpClass::Broadcast => "broadcast",
            IpClass::Reserved => "reserved",
            IpClass::Unknown => "unknown",
        }
    }

    /// Internal to the enterprise: private and loopback/link-local ranges.
    pub fn is_internal(self) -> bool {
        matches!(
            self,
            IpClass::Private | IpClass::Loopback | IpClass::LinkLocal
        )
    }
}

/// Parses an address as found in telemetry, unmapping `::ffff:a.b.c.d` to IPv4 and
/// dropping an IPv6 zone suffix (`fe80::1%12`).
pub fn parse_ip(text: &str) -> Option<IpAddr> {
    let t = text.trim();
    let t = t
        .strip_prefix('[')
        .and_then(|s| s.strip_suffix(']'))
        .unwrap_or(t);
    let t = t.split_once('%').map_or(t, |(addr, _zone)| addr);
    match t.parse::<IpAddr>().ok()? {
        IpAddr::V6(v6) => Some(match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => IpAddr::V6(v6),
        }),
        v4 => Some(v4),
    }
}

pub fn classify(ip: Option<IpAddr>) -> IpClass {
    match ip {
        None => IpClass::Unknown,
        Some(IpAddr::V4(v4)) => classify_v4(v4),
        Some(IpAddr::V6(v6)) => classify_v6(v6),
    }
}

fn classify_v4(ip: Ipv4Addr) -> IpClass {
    let o = ip.octets();
    if ip.is_loopback() {
        IpClass::Loopback
    } else if ip.is_private() {
        IpClass::Private
    } else if ip.is_link_local() {
        IpClass::LinkLocal
    } else if ip.is_broadcast() {
        IpClass::Broadcast
    } else if ip.is_multicast() {
        IpClass::Multicast
    } else if ip.is_unspecified()
        || ip.is_documentation()
        || o[0] == 0
        || o[0] >= 240
        || (o[0] == 100 && (o[1] & 0xc0) == 64) // 100.64/10 shared address space
        || (o[0] == 198 && (o[1] & 0xfe) == 18) // 198.18/15 benchmarking
        || (o[0] == 192 && o[1] == 0 && o[2] == 0)
    {
        IpClass::Reserved
    } else {
        IpClass::Public
    }
}

fn classify_v6(ip: Ipv6Addr) -> IpClass {
    let seg = ip.segments();
    if ip.is_loopback() {
        IpClass::Loopback
    } else if ip.is_unspecified() {
        IpClass::Reserved
    } else if ip.is_multicast() {
        IpClass::Multicast
    } else if ip.is_unicast_link_local() {
        IpClass::LinkLocal
    } else if ip.is_unique_local() {
        IpClass::Private
    } else if seg[0] == 0x2001 && seg[1] == 0x0db8 {
        IpClass::Reserved // documentation
    } else if seg[0] & 0xe000 == 0x2000 {
        IpClass::Public // global unicast 2000::/3 (Teredo and 6to4 included)
    } else {
        IpClass::Reserved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(s: &str) -> IpClass {
        classify(parse_ip(s))
    }

    #[test]
    fn classes() {
        assert_eq!(c("10.2.0.5"), IpClass::Private);
        assert_eq!(c("::ffff:10.2.0.5"), IpClass::Private);
        assert_eq!(c("::ffff:8.8.8.8"), IpClass::Public);
        assert_eq!(c("172.31.255.1"), IpClass::Private);
        assert_eq!(c("172.32.0.1"), IpClass::Public);
        assert_eq!(c("192.168.39.127"), IpClass::Private);
        assert_eq!(c("127.0.0.1"), IpClass::Loopback);
        assert_eq!(c("::1"), IpClass::Loopback);
        assert_eq!(c("169.254.1.1"), IpClass::LinkLocal);
        assert_eq!(c("fe80::1%12"), IpClass::LinkLocal);
        assert_eq!(c("fd00::5"), IpClass::Private);
        assert_eq!(c("224.0.0.251"), IpClass::Multicast);
        assert_eq!(c("ff02::fb"), IpClass::Multicast);
        assert_eq!(c("255.255.255.255"), IpClass::Broadcast);
        assert_eq!(c("0.0.0.0"), IpClass::Reserved);
        assert_eq!(c("100.64.1.1"), IpClass::Reserved);
        assert_eq!(c("2001:db8::1"), IpClass::Reserved);
        assert_eq!(c("2606:4700::1111"), IpClass::Public);
        assert_eq!(c("52.113.194.132"), IpClass::Public);
        assert_eq!(c(""), IpClass::Unknown);
        assert_eq!(c("not-an-ip"), IpClass::Unknown);
    }
}
