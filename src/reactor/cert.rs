// SPDX-License-Identifier: MIT OR Apache-2.0
//! What WinInet tells of a server's certificate (INTERNET_OPTION_SECURITY_CERTIFICATE_STRUCT
//! and INTERNET_OPTION_SECURITY_CERTIFICATE): the subject and issuer names, the validity dates
//! and the strength of the session's cipher.
//!
//! [`parse`] takes the names and dates that [`x509::Cert`] reads from the DER of an X.509
//! certificate. The certificate has already been verified by the TLS layer, but the reader
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

use super::x509::{self, Reader, Tlv, OID, SEQUENCE, SET};
use crate::http::date;

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

/// Parse the names and dates of a DER certificate; `key_bits` is the cipher's strength. None
/// when the certificate is not laid out as X.509 says.
pub fn parse(der: &[u8], key_bits: u32) -> Option<CertInfo> {
    let cert = x509::Cert::parse(der)?;
    let (subject, subject_dn) = name(cert.subject)?;
    let (issuer, issuer_dn) = name(cert.issuer)?;
    Some(CertInfo {
        subject,
        issuer,
        subject_dn,
        issuer_dn,
        start: filetime(cert.not_before)?,
        expiry: filetime(cert.not_after)?,
        key_bits,
    })
}

/// The texts of a Name (a SEQUENCE of RDN SETs of AttributeTypeAndValue SEQUENCEs): WinInet's
/// (the values, one RDN per line) and the trace's (each value with its type, one line).
fn name(rdns: &[u8]) -> Option<(String, String)> {
    let mut lines = Vec::new();
    let mut typed = Vec::new();
    let mut rdns = Reader::new(rdns);
    while !rdns.is_empty() {
        let mut attrs = Reader::new(rdns.expect(SET)?.value);
        let mut values = Vec::new();
        let mut pairs = Vec::new();
        while !attrs.is_empty() {
            let mut attr = Reader::new(attrs.expect(SEQUENCE)?.value);
            let oid = attr.expect(OID)?.value;
            let value = string(&attr.next()?)?;
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
    let body = v.value;
    match v.tag {
        // UTF8String, PrintableString, IA5String, NumericString, VisibleString.
        0x0c | 0x13 | 0x16 | 0x12 | 0x1a => Some(String::from_utf8_lossy(body).into_owned()),
        // TeletexString: taken as ISO-8859-1.
        0x14 => Some(body.iter().map(|&b| b as char).collect()),
        // BMPString: UTF-16BE.
        0x1e => {
            if !body.len().is_multiple_of(2) {
                return None;
            }
            let units: Vec<u16> = body
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], c[1]]))
                .collect();
            Some(String::from_utf16_lossy(&units))
        }
        // UniversalString: UTF-32BE.
        0x1c => {
            if !body.len().is_multiple_of(4) {
                return None;
            }
            Some(
                body.chunks(4)
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

/// Seconds since the Unix epoch as a FILETIME; None before 1601.
fn filetime(unix: i64) -> Option<u64> {
    u64::try_from(
        unix.checked_add(FILETIME_UNIX_OFFSET)?
            .checked_mul(10_000_000)?,
    )
    .ok()
}

/// A FILETIME as seconds since the Unix epoch.
fn unix_seconds(filetime: u64) -> i64 {
    (filetime / 10_000_000) as i64 - FILETIME_UNIX_OFFSET
}

/// A FILETIME as Windows writes a date in English ("3/4/2021 9:05:07 PM"), in UTC.
fn date_text(filetime: u64) -> String {
    let unix = unix_seconds(filetime);
    let (y, mo, d) = date::civil_from_days(unix.div_euclid(86_400));
    let of_day = unix.rem_euclid(86_400);
    let (h, mi, s) = (of_day / 3600, of_day % 3600 / 60, of_day % 60);
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
        date::format_utc(unix_seconds(self.start))
    }

    /// notAfter, likewise.
    pub fn expiry_text(&self) -> String {
        date::format_utc(unix_seconds(self.expiry))
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
