// SPDX-License-Identifier: MIT OR Apache-2.0
//! What WinInet tells of a server's certificate (INTERNET_OPTION_SECURITY_CERTIFICATE_STRUCT
//! and INTERNET_OPTION_SECURITY_CERTIFICATE): the subject and issuer names, the validity dates
//! and the strength of the session's cipher.
//!
//! [`parse`] reads the few fields it needs from the DER of an X.509 certificate: it walks the
//! TBSCertificate (version, serial number, signature algorithm, issuer, validity, subject) and
//! nothing else. The certificate has already been verified by the TLS layer, but the reader
//! trusts no length in it: anything out of place gives None.
//!
//! Names are written as WinInet writes them (CertNameToStr with CERT_SIMPLE_NAME_STR and
//! CERT_NAME_STR_CRLF_FLAG): the value of each attribute, without its type, in the order the
//! certificate has them, one per line ("\r\n" between them); the values of a multi-valued RDN
//! are joined with " + ".
//!
//! The trace shows the same names the way `openssl x509 -subject` and `curl -v` do: each
//! attribute with its type ("C=US, O=rinet tests, CN=localhost"), in certificate order, the
//! values of a multi-valued RDN joined with " + " ([`CertInfo::subject_dn`]).

/// The certificate of a TLS connection, as the SECURITY_CERTIFICATE options report it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertInfo {
    /// The subject's attribute values, one per line.
    pub subject: String,
    /// The issuer's attribute values, one per line.
    pub issuer: String,
    /// The subject with each attribute's type, on one line, for the trace:
    /// "C=US, O=rinet tests, CN=localhost".
    pub subject_dn: String,
    /// The issuer, likewise.
    pub issuer_dn: String,
    /// notBefore, as a FILETIME (100 ns units since 1601-01-01 UTC).
    pub start: u64,
    /// notAfter, as a FILETIME.
    pub expiry: u64,
    /// The key size of the session's cipher, in bits (128 for AES-128, 256 for AES-256 and
    /// ChaCha20); 0 when unknown.
    pub key_bits: u32,
}

/// Seconds from 1601-01-01 (FILETIME's epoch) to 1970-01-01.
const FILETIME_UNIX_OFFSET: i64 = 11_644_473_600;

/// A DER element: its tag and its contents.
struct Tlv<'a> {
    tag: u8,
    body: &'a [u8],
}

/// Read one DER element from the front of `input`; returns it and the rest.
fn read_tlv(input: &[u8]) -> Option<(Tlv<'_>, &[u8])> {
    let (&tag, rest) = input.split_first()?;
    let (&first, mut rest) = rest.split_first()?;
    let len = if first < 0x80 {
        first as usize
    } else {
        let n = (first & 0x7f) as usize;
        if n == 0 || n > 4 || rest.len() < n {
            return None;
        }
        let mut len = 0usize;
        for &b in &rest[..n] {
            len = (len << 8) | b as usize;
        }
        rest = &rest[n..];
        len
    };
    if rest.len() < len {
        return None;
    }
    Some((
        Tlv {
            tag,
            body: &rest[..len],
        },
        &rest[len..],
    ))
}

/// Read an element that must have tag `tag`.
fn expect(input: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let (tlv, rest) = read_tlv(input)?;
    (tlv.tag == tag).then_some((tlv.body, rest))
}

const SEQUENCE: u8 = 0x30;
const SET: u8 = 0x31;

/// Parse the names and dates of a DER certificate; `key_bits` is the cipher's strength. None
/// when the certificate is not laid out as X.509 says.
pub fn parse(der: &[u8], key_bits: u32) -> Option<CertInfo> {
    let (cert, _) = expect(der, SEQUENCE)?;
    let (tbs, _) = expect(cert, SEQUENCE)?;
    let mut rest = tbs;
    // [0] EXPLICIT version, optional.
    if rest.first() == Some(&0xa0) {
        rest = read_tlv(rest)?.1;
    }
    let (_serial, r) = read_tlv(rest)?;
    let (_algorithm, r) = expect(r, SEQUENCE)?;
    let (issuer, r) = expect(r, SEQUENCE)?;
    let (validity, r) = expect(r, SEQUENCE)?;
    let (subject, _) = expect(r, SEQUENCE)?;
    let (not_before, v) = read_tlv(validity)?;
    let (not_after, _) = read_tlv(v)?;
    let (subject, subject_dn) = name(subject)?;
    let (issuer, issuer_dn) = name(issuer)?;
    Some(CertInfo {
        subject,
        issuer,
        subject_dn,
        issuer_dn,
        start: filetime(&not_before)?,
        expiry: filetime(&not_after)?,
        key_bits,
    })
}

/// The texts of a Name (a SEQUENCE of RDN SETs of AttributeTypeAndValue SEQUENCEs): WinInet's
/// (the values, one RDN per line) and the trace's (each value with its type, one line).
fn name(mut rdns: &[u8]) -> Option<(String, String)> {
    let mut lines = Vec::new();
    let mut typed = Vec::new();
    while !rdns.is_empty() {
        let (set, rest) = expect(rdns, SET)?;
        rdns = rest;
        let mut values = Vec::new();
        let mut pairs = Vec::new();
        let mut attrs = set;
        while !attrs.is_empty() {
            let (attr, rest) = expect(attrs, SEQUENCE)?;
            attrs = rest;
            let (oid, value) = expect(attr, 0x06)?;
            let (value, _) = read_tlv(value)?;
            let value = string(&value)?;
            pairs.push(format!("{}={}", attribute_type(oid), printable(&value)));
            values.push(value);
        }
        lines.push(values.join(" + "));
        typed.push(pairs.join(" + "));
    }
    Some((lines.join("\r\n"), typed.join(", ")))
}

/// The short name of an attribute type (RFC 4514's, and OpenSSL's for the others a server
/// certificate commonly has), or its OID in dotted form.
fn attribute_type(oid: &[u8]) -> String {
    match oid {
        [0x55, 0x04, 0x03] => "CN".into(),
        [0x55, 0x04, 0x05] => "serialNumber".into(),
        [0x55, 0x04, 0x06] => "C".into(),
        [0x55, 0x04, 0x07] => "L".into(),
        [0x55, 0x04, 0x08] => "ST".into(),
        [0x55, 0x04, 0x09] => "street".into(),
        [0x55, 0x04, 0x0a] => "O".into(),
        [0x55, 0x04, 0x0b] => "OU".into(),
        [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x01] => "emailAddress".into(),
        [0x09, 0x92, 0x26, 0x89, 0x93, 0xf2, 0x2c, 0x64, 0x01, 0x19] => "DC".into(),
        _ => dotted(oid),
    }
}

/// An OID's contents in dotted form ("1.2.840.113549"); arcs too large for 64 bits, or a
/// last arc cut short, end it with "?".
fn dotted(oid: &[u8]) -> String {
    let mut arcs: Vec<String> = Vec::new();
    let mut value = 0u64;
    let mut pending = false;
    for &b in oid {
        if value >> 57 != 0 {
            arcs.push("?".into());
            return arcs.join(".");
        }
        value = (value << 7) | u64::from(b & 0x7f);
        pending = b & 0x80 != 0;
        if !pending {
            if arcs.is_empty() {
                let first = (value / 40).min(2);
                arcs.push(first.to_string());
                arcs.push((value - first * 40).to_string());
            } else {
                arcs.push(value.to_string());
            }
            value = 0;
        }
    }
    if pending {
        arcs.push("?".into());
    }
    arcs.join(".")
}

/// A name's value as one trace line shows it: control characters (a line break in a
/// certificate would start a false trace line) become '?'.
fn printable(value: &str) -> String {
    value
        .chars()
        .map(|c| if c.is_control() { '?' } else { c })
        .collect()
}

/// The text of a directory string.
fn string(v: &Tlv<'_>) -> Option<String> {
    match v.tag {
        // UTF8String, PrintableString, IA5String, NumericString, VisibleString.
        0x0c | 0x13 | 0x16 | 0x12 | 0x1a => Some(String::from_utf8_lossy(v.body).into_owned()),
        // TeletexString: taken as ISO-8859-1.
        0x14 => Some(v.body.iter().map(|&b| b as char).collect()),
        // BMPString: UTF-16BE.
        0x1e => {
            if !v.body.len().is_multiple_of(2) {
                return None;
            }
            let units: Vec<u16> = v
                .body
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            Some(String::from_utf16_lossy(&units))
        }
        // UniversalString: UTF-32BE.
        0x1c => {
            if !v.body.len().is_multiple_of(4) {
                return None;
            }
            Some(
                v.body
                    .chunks(4)
                    .map(|c| {
                        char::from_u32(u32::from_be_bytes([c[0], c[1], c[2], c[3]]))
                            .unwrap_or('\u{fffd}')
                    })
                    .collect(),
            )
        }
        _ => None,
    }
}

/// A UTCTime (YYMMDDHHMMSSZ) or GeneralizedTime (YYYYMMDDHHMMSSZ) as a FILETIME.
fn filetime(t: &Tlv<'_>) -> Option<u64> {
    let s = std::str::from_utf8(t.body).ok()?;
    let digits = s.strip_suffix('Z')?;
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let (year, rest) = match (t.tag, digits.len()) {
        (0x17, 12) => {
            let yy: i64 = digits[..2].parse().ok()?;
            (if yy < 50 { 2000 + yy } else { 1900 + yy }, &digits[2..])
        }
        (0x18, 14) => (digits[..4].parse().ok()?, &digits[4..]),
        _ => return None,
    };
    let field = |i: usize| rest[i..i + 2].parse::<i64>().ok();
    let (month, day) = (field(0)?, field(2)?);
    let (hour, minute, second) = (field(4)?, field(6)?, field(8)?);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) || hour > 23 || minute > 59 {
        return None;
    }
    let unix = crate::http::cookie::unix_seconds(year, month, day, hour, minute, second.min(60));
    u64::try_from((unix + FILETIME_UNIX_OFFSET).checked_mul(10_000_000)?).ok()
}

/// The civil UTC date and time of a FILETIME: (year, month, day, hour, minute, second).
fn civil(filetime: u64) -> (i64, i64, i64, i64, i64, i64) {
    let secs = unix_seconds(filetime);
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil from days (the proleptic Gregorian calendar).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day, rem / 3600, rem % 3600 / 60, rem % 60)
}

/// A FILETIME as seconds since the Unix epoch.
fn unix_seconds(filetime: u64) -> i64 {
    (filetime / 10_000_000) as i64 - FILETIME_UNIX_OFFSET
}

/// A FILETIME as Windows writes a date in English ("3/4/2021 9:05:07 PM"), in UTC.
fn date_text(filetime: u64) -> String {
    let (y, mo, d, h, mi, s) = civil(filetime);
    let (h12, half) = match h {
        0 => (12, "AM"),
        1..=11 => (h, "AM"),
        12 => (12, "PM"),
        _ => (h - 12, "PM"),
    };
    format!("{mo}/{d}/{y} {h12}:{mi:02}:{s:02} {half}")
}

impl CertInfo {
    /// notBefore as the trace writes a time: "2021-03-04 00:00:00 UTC".
    pub fn start_text(&self) -> String {
        super::x509::format_time(unix_seconds(self.start))
    }

    /// notAfter, likewise.
    pub fn expiry_text(&self) -> String {
        super::x509::format_time(unix_seconds(self.expiry))
    }

    /// The text of INTERNET_OPTION_SECURITY_CERTIFICATE, laid out as WinInet lays it out.
    pub fn text(&self) -> String {
        let strength = match self.key_bits {
            128.. => "High",
            56..=127 => "Medium",
            _ => "Low",
        };
        format!(
            "Subject:\r\n{}\r\nIssuer:\r\n{}\r\nEffective Date:\t{}\r\nExpiration Date:\t{}\r\n\
             Security Protocol:\t(null)\r\nSignature Type:\t(null)\r\nEncryption Type:\t(null)\r\n\
             Privacy Strength:\t{} ({} bits)",
            self.subject,
            self.issuer,
            date_text(self.start),
            date_text(self.expiry),
            strength,
            self.key_bits
        )
    }
}

/// The key size in bits of a cipher suite, from its name (AES_128, AES_256, CHACHA20).
pub fn cipher_bits(suite_name: &str) -> u32 {
    if suite_name.contains("AES_256") || suite_name.contains("CHACHA20") {
        256
    } else if suite_name.contains("AES_128") {
        128
    } else {
        0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rcgen::{CertificateParams, DnType, KeyPair};

    fn cert(edit: impl FnOnce(&mut CertificateParams)) -> Vec<u8> {
        let mut p = CertificateParams::new(vec!["localhost".to_string()]).unwrap();
        p.distinguished_name = rcgen::DistinguishedName::new();
        edit(&mut p);
        p.self_signed(&KeyPair::generate().unwrap())
            .unwrap()
            .der()
            .to_vec()
    }

    #[test]
    fn names_and_dates() {
        let der = cert(|p| {
            p.distinguished_name.push(DnType::CountryName, "US");
            p.distinguished_name
                .push(DnType::OrganizationName, "rinet tests");
            p.distinguished_name.push(DnType::CommonName, "h\u{e9}llo");
            p.not_before = rcgen::date_time_ymd(2021, 3, 4);
            p.not_after = rcgen::date_time_ymd(2051, 6, 7);
        });
        let info = parse(&der, 128).unwrap();
        assert_eq!(info.subject, "US\r\nrinet tests\r\nh\u{e9}llo");
        assert_eq!(info.issuer, info.subject);
        assert_eq!(info.subject_dn, "C=US, O=rinet tests, CN=h\u{e9}llo");
        assert_eq!(info.issuer_dn, info.subject_dn);
        assert_eq!(info.start_text(), "2021-03-04 00:00:00 UTC");
        assert_eq!(info.expiry_text(), "2051-06-07 00:00:00 UTC");
        // 2021-03-04 00:00:00 UTC (a UTCTime) and 2051-06-07 (a GeneralizedTime).
        assert_eq!(info.start, (1_614_816_000 + 11_644_473_600) * 10_000_000);
        assert_eq!(info.expiry, (2_569_708_800 + 11_644_473_600) * 10_000_000);
        assert_eq!(
            info.text(),
            "Subject:\r\nUS\r\nrinet tests\r\nh\u{e9}llo\r\nIssuer:\r\nUS\r\nrinet tests\r\n\
             h\u{e9}llo\r\nEffective Date:\t3/4/2021 12:00:00 AM\r\nExpiration Date:\t\
             6/7/2051 12:00:00 AM\r\nSecurity Protocol:\t(null)\r\nSignature Type:\t(null)\r\n\
             Encryption Type:\t(null)\r\nPrivacy Strength:\tHigh (128 bits)"
        );
    }

    #[test]
    fn typed_names_for_the_trace() {
        let der = cert(|p| {
            p.distinguished_name
                .push(DnType::OrganizationalUnitName, "a\nb");
            p.distinguished_name
                .push(DnType::CustomDnType(vec![2, 5, 4, 42]), "given");
            p.distinguished_name.push(DnType::LocalityName, "Paris");
        });
        let info = parse(&der, 0).unwrap();
        assert_eq!(info.subject_dn, "OU=a?b, 2.5.4.42=given, L=Paris");
        // WinInet's form keeps the value as it is.
        assert_eq!(info.subject, "a\nb\r\ngiven\r\nParis");
        assert_eq!(
            dotted(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d]),
            "1.2.840.113549"
        );
        assert_eq!(dotted(&[0x55, 0x84]), "2.5.?");
        assert_eq!(dotted(&[0xff; 12]), "?");
    }

    #[test]
    fn dates_in_the_afternoon() {
        let t = |unix: u64| (unix + 11_644_473_600) * 10_000_000;
        // 2021-03-04 21:05:07 and 12:00:59 UTC.
        assert_eq!(date_text(t(1_614_891_907)), "3/4/2021 9:05:07 PM");
        assert_eq!(date_text(t(1_614_859_259)), "3/4/2021 12:00:59 PM");
        assert_eq!(date_text(t(0)), "1/1/1970 12:00:00 AM");
    }

    #[test]
    fn anything_out_of_place_is_none() {
        let der = cert(|p| {
            p.distinguished_name.push(DnType::CommonName, "x");
        });
        assert!(parse(&der, 0).is_some());
        for cut in [0, 1, 2, 10, der.len() / 2, der.len() - 1] {
            // A certificate cut short: its outer length no longer fits.
            assert_eq!(parse(&der[..cut], 0), None, "cut at {cut}");
        }
        assert_eq!(parse(b"\x30\x84\xff\xff\xff\xff", 0), None);
        assert_eq!(parse(b"\x31\x00", 0), None);
    }

    #[test]
    fn cipher_strengths() {
        assert_eq!(cipher_bits("TLS13_AES_128_GCM_SHA256"), 128);
        assert_eq!(cipher_bits("TLS13_AES_256_GCM_SHA384"), 256);
        assert_eq!(cipher_bits("TLS13_CHACHA20_POLY1305_SHA256"), 256);
        assert_eq!(cipher_bits("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"), 128);
        assert_eq!(cipher_bits("TLS_NULL"), 0);
    }
}
