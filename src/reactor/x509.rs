// SPDX-License-Identifier: MIT OR Apache-2.0
//! Just enough X.509 reading for the checks rinet makes itself on a server certificate (see
//! [`super::tls`]): a self-signed certificate's own signature, dates and key purposes, which
//! WebPKI cannot check when the certificate is a CA certificate used as the server's own (as
//! `openssl req -x509` makes them by default), and the subject's common names, for a
//! certificate that names its host nowhere else.
//!
//! It reads DER only (definite lengths, one-byte tags) and refuses anything else by returning
//! None; it never panics on any input. It checks no signature itself and trusts nothing: the
//! caller decides what the fields mean.

use crate::http::date;

/// DER tags of the elements read here.
const BOOLEAN: u8 = 0x01;
const INTEGER: u8 = 0x02;
const BIT_STRING: u8 = 0x03;
const OCTET_STRING: u8 = 0x04;
pub(super) const OID: u8 = 0x06;
const UTF8_STRING: u8 = 0x0c;
const PRINTABLE_STRING: u8 = 0x13;
const IA5_STRING: u8 = 0x16;
const UTC_TIME: u8 = 0x17;
const GENERALIZED_TIME: u8 = 0x18;
pub(super) const SEQUENCE: u8 = 0x30;
pub(super) const SET: u8 = 0x31;
/// tbsCertificate's `[0] EXPLICIT version`, `[1] IMPLICIT issuerUniqueID`, `[2] IMPLICIT
/// subjectUniqueID` and `[3] EXPLICIT extensions`.
const VERSION: u8 = 0xa0;
const ISSUER_UID: u8 = 0x81;
const SUBJECT_UID: u8 = 0x82;
const EXTENSIONS: u8 = 0xa3;

/// The contents of the OIDs read here.
const OID_COMMON_NAME: &[u8] = &[0x55, 0x04, 0x03]; // 2.5.4.3
const OID_SUBJECT_ALT_NAME: &[u8] = &[0x55, 0x1d, 0x11]; // 2.5.29.17
const OID_EXT_KEY_USAGE: &[u8] = &[0x55, 0x1d, 0x25]; // 2.5.29.37
/// id-kp-serverAuth, 1.3.6.1.5.5.7.3.1.
pub const OID_SERVER_AUTH: &[u8] = &[0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01];

/// One DER element.
#[derive(Clone, Copy)]
pub(super) struct Tlv<'a> {
    pub(super) tag: u8,
    /// Its contents.
    pub(super) value: &'a [u8],
    /// The whole element: tag, length and contents.
    whole: &'a [u8],
}

/// Reads DER elements one after another.
pub(super) struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Reader<'a> {
        Reader { rest: bytes }
    }

    pub(super) fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    /// The next element, or None when what is left is not one.
    pub(super) fn next(&mut self) -> Option<Tlv<'a>> {
        let (&tag, after_tag) = self.rest.split_first()?;
        if tag & 0x1f == 0x1f {
            // A multi-byte tag: a certificate has none.
            return None;
        }
        let (&first, after) = after_tag.split_first()?;
        let (len, after) = if first < 0x80 {
            (usize::from(first), after)
        } else {
            // 0x80 is BER's indefinite length, never DER's; more than 4 length bytes is more
            // than any certificate holds.
            let n = usize::from(first & 0x7f);
            if n == 0 || n > 4 || after.len() < n {
                return None;
            }
            let len = after[..n]
                .iter()
                .fold(0usize, |len, &b| (len << 8) | usize::from(b));
            (len, &after[n..])
        };
        if after.len() < len {
            return None;
        }
        let head = self.rest.len() - after.len();
        let tlv = Tlv {
            tag,
            value: &after[..len],
            whole: &self.rest[..head + len],
        };
        self.rest = &after[len..];
        Some(tlv)
    }

    /// The next element, which must have `tag`.
    pub(super) fn expect(&mut self, tag: u8) -> Option<Tlv<'a>> {
        self.next().filter(|t| t.tag == tag)
    }

    /// The next element if it has `tag`; otherwise None, and nothing is consumed.
    fn optional(&mut self, tag: u8) -> Option<Tlv<'a>> {
        let mut ahead = Reader { rest: self.rest };
        let tlv = ahead.next().filter(|t| t.tag == tag)?;
        self.rest = ahead.rest;
        Some(tlv)
    }
}

/// The bits of a BIT STRING that has no unused bits.
fn bit_string(t: Tlv<'_>) -> Option<&[u8]> {
    match t.value.split_first() {
        Some((0, bits)) if t.tag == BIT_STRING => Some(bits),
        _ => None,
    }
}

/// What rinet reads of a certificate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cert<'a> {
    /// The signed part (tbsCertificate), the whole element: the bytes the signature covers.
    pub tbs: &'a [u8],
    /// The contents of the signature's AlgorithmIdentifier.
    pub signature_algorithm: &'a [u8],
    /// The signature.
    pub signature: &'a [u8],
    /// The contents of the issuer's Name.
    pub issuer: &'a [u8],
    /// The contents of the subject's Name.
    pub subject: &'a [u8],
    /// The contents of subjectPublicKeyInfo (what a WebPKI trust anchor holds).
    pub spki: &'a [u8],
    /// The contents of the public key's AlgorithmIdentifier.
    pub key_algorithm: &'a [u8],
    /// The public key.
    pub key: &'a [u8],
    /// notBefore and notAfter, in seconds since the Unix epoch (negative before 1970).
    pub not_before: i64,
    pub not_after: i64,
    /// True when the certificate has a subjectAltName extension.
    pub has_subject_alt_name: bool,
    /// The key purposes of its extendedKeyUsage extension (each OID's contents); None when it
    /// has no such extension.
    pub key_purposes: Option<Vec<&'a [u8]>>,
}

impl<'a> Cert<'a> {
    /// Read a DER certificate. None when it is not one, or has trailing bytes, or its two
    /// signature algorithms differ.
    pub fn parse(der: &'a [u8]) -> Option<Cert<'a>> {
        let mut outer = Reader::new(der);
        let cert = outer.expect(SEQUENCE)?;
        if !outer.is_empty() {
            return None;
        }
        let mut c = Reader::new(cert.value);
        let tbs = c.expect(SEQUENCE)?;
        let signature_algorithm = c.expect(SEQUENCE)?.value;
        let signature = bit_string(c.next()?)?;
        if !c.is_empty() {
            return None;
        }

        let mut t = Reader::new(tbs.value);
        t.optional(VERSION);
        t.expect(INTEGER)?;
        // RFC 5280 4.1.1.2: the signed copy of the algorithm must match the outer one.
        if t.expect(SEQUENCE)?.value != signature_algorithm {
            return None;
        }
        let issuer = t.expect(SEQUENCE)?.value;
        let mut validity = Reader::new(t.expect(SEQUENCE)?.value);
        let not_before = time(validity.next()?)?;
        let not_after = time(validity.next()?)?;
        if !validity.is_empty() {
            return None;
        }
        let subject = t.expect(SEQUENCE)?.value;
        let spki = t.expect(SEQUENCE)?.value;
        let mut k = Reader::new(spki);
        let key_algorithm = k.expect(SEQUENCE)?.value;
        let key = bit_string(k.next()?)?;
        if !k.is_empty() {
            return None;
        }
        t.optional(ISSUER_UID);
        t.optional(SUBJECT_UID);
        let mut has_subject_alt_name = false;
        let mut key_purposes = None;
        if let Some(ext) = t.optional(EXTENSIONS) {
            let mut wrapper = Reader::new(ext.value);
            let mut list = Reader::new(wrapper.expect(SEQUENCE)?.value);
            if !wrapper.is_empty() {
                return None;
            }
            while !list.is_empty() {
                let mut e = Reader::new(list.expect(SEQUENCE)?.value);
                let id = e.expect(OID)?.value;
                e.optional(BOOLEAN);
                let value = e.expect(OCTET_STRING)?.value;
                if !e.is_empty() {
                    return None;
                }
                if id == OID_SUBJECT_ALT_NAME {
                    has_subject_alt_name = true;
                } else if id == OID_EXT_KEY_USAGE {
                    let mut v = Reader::new(value);
                    let mut ids = Reader::new(v.expect(SEQUENCE)?.value);
                    let mut purposes = Vec::new();
                    while !ids.is_empty() {
                        purposes.push(ids.expect(OID)?.value);
                    }
                    key_purposes = Some(purposes);
                }
            }
        }
        if !t.is_empty() {
            return None;
        }
        Some(Cert {
            tbs: tbs.whole,
            signature_algorithm,
            signature,
            issuer,
            subject,
            spki,
            key_algorithm,
            key,
            not_before,
            not_after,
            has_subject_alt_name,
            key_purposes,
        })
    }

    /// The subject's common names that are text (UTF8String, PrintableString or IA5String),
    /// in the order the subject lists them. A malformed subject gives none after the fault.
    pub fn common_names(&self) -> Vec<&'a [u8]> {
        let mut names = Vec::new();
        let mut rdns = Reader::new(self.subject);
        while let Some(set) = rdns.expect(SET) {
            let mut attrs = Reader::new(set.value);
            while let Some(attr) = attrs.expect(SEQUENCE) {
                let mut a = Reader::new(attr.value);
                let (Some(id), Some(value)) = (a.expect(OID), a.next()) else {
                    return names;
                };
                let text = matches!(value.tag, UTF8_STRING | PRINTABLE_STRING | IA5_STRING);
                if id.value == OID_COMMON_NAME && text {
                    names.push(value.value);
                }
            }
        }
        names
    }
}

/// A UTCTime (YYMMDDHHMMSSZ; years 50 to 99 are 19xx) or GeneralizedTime (YYYYMMDDHHMMSSZ)
/// as seconds since the Unix epoch: the two forms RFC 5280 allows in a certificate.
fn time(t: Tlv<'_>) -> Option<i64> {
    let s = t.value;
    let (year, rest) = match (t.tag, s.len()) {
        (UTC_TIME, 13) => {
            let yy = digits(&s[..2])?;
            (if yy >= 50 { 1900 + yy } else { 2000 + yy }, &s[2..])
        }
        (GENERALIZED_TIME, 15) => (digits(&s[..4])?, &s[4..]),
        _ => return None,
    };
    if rest[10] != b'Z' {
        return None;
    }
    let month = digits(&rest[0..2])?;
    let day = digits(&rest[2..4])?;
    let hour = digits(&rest[4..6])?;
    let minute = digits(&rest[6..8])?;
    let second = digits(&rest[8..10])?;
    let month_days = match (u16::try_from(year), u16::try_from(month)) {
        (Ok(y), Ok(m)) => i64::from(date::days_in_month(y, m)),
        _ => 0,
    };
    if !(1..=12).contains(&month)
        || day < 1
        || day > month_days
        || hour > 23
        || minute > 59
        || second > 59
    {
        return None;
    }
    Some(date::days_from_civil(year, month, day) * 86_400 + hour * 3_600 + minute * 60 + second)
}

/// Decimal digits as a number; None if any byte is not a digit.
fn digits(s: &[u8]) -> Option<i64> {
    s.iter().try_fold(0i64, |n, &b| {
        b.is_ascii_digit().then(|| n * 10 + i64::from(b - b'0'))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use rcgen::{CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, KeyPair};

    fn der(params: CertificateParams) -> (Vec<u8>, KeyPair) {
        let key = KeyPair::generate().unwrap();
        let cert = params.self_signed(&key).unwrap();
        (cert.der().to_vec(), key)
    }

    #[test]
    fn reads_a_self_signed_certificate() {
        let mut params = CertificateParams::new(vec!["localhost".to_string()]).unwrap();
        params.distinguished_name.push(DnType::CommonName, "rinet");
        params.not_before = rcgen::date_time_ymd(2000, 2, 29);
        params.not_after = rcgen::date_time_ymd(2049, 12, 31);
        params.is_ca = IsCa::ExplicitNoCa;
        params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let (der, key) = der(params);
        let c = Cert::parse(&der).unwrap();
        assert_eq!(c.issuer, c.subject);
        assert_eq!(c.not_before, 951_782_400);
        assert_eq!(c.not_after, 2_524_521_600);
        assert!(c.has_subject_alt_name);
        assert_eq!(c.key_purposes, Some(vec![OID_SERVER_AUTH]));
        assert_eq!(c.common_names(), vec![b"rinet".as_slice()]);
        // The key bits are the key pair's public key.
        assert_eq!(c.key, key.public_key_raw());
        // The signed part starts where the certificate's contents do (after 4 bytes of tag
        // and length for a certificate this size).
        assert_eq!(&der[4..4 + c.tbs.len()], c.tbs);
        assert!(c.tbs.len() + c.signature.len() < der.len());
    }

    #[test]
    fn no_extensions_and_no_common_name() {
        let mut params = CertificateParams::new(Vec::<String>::new()).unwrap();
        params.distinguished_name = rcgen::DistinguishedName::new();
        params
            .distinguished_name
            .push(DnType::OrganizationName, "o");
        let (der, _) = der(params);
        let c = Cert::parse(&der).unwrap();
        assert!(!c.has_subject_alt_name);
        assert_eq!(c.key_purposes, None);
        assert!(c.common_names().is_empty());
    }

    #[test]
    fn every_truncation_and_trailing_byte_is_refused() {
        let params = CertificateParams::new(vec!["localhost".to_string()]).unwrap();
        let (der, _) = der(params);
        for n in 0..der.len() {
            assert_eq!(Cert::parse(&der[..n]), None, "cut at {n}");
        }
        let mut longer = der.clone();
        longer.push(0);
        assert_eq!(Cert::parse(&longer), None);
        // No byte flipped anywhere makes it panic.
        for i in 0..der.len() {
            let mut d = der.clone();
            d[i] ^= 0xff;
            let _ = Cert::parse(&d).map(|c| c.common_names());
        }
    }

    #[test]
    fn times() {
        let t = |tag, s: &str| {
            time(Tlv {
                tag,
                value: s.as_bytes(),
                whole: &[],
            })
        };
        assert_eq!(t(UTC_TIME, "700101000000Z"), Some(0));
        assert_eq!(t(UTC_TIME, "491231235959Z"), Some(2_524_607_999));
        assert_eq!(t(UTC_TIME, "500101000000Z"), Some(-631_152_000));
        assert_eq!(t(GENERALIZED_TIME, "20000229120000Z"), Some(951_825_600));
        assert_eq!(
            t(GENERALIZED_TIME, "99991231235959Z"),
            Some(253_402_300_799)
        );
        for bad in [
            "20010229000000Z",
            "20001301000000Z",
            "20000101240000Z",
            "2000010100000Z",
        ] {
            assert_eq!(t(GENERALIZED_TIME, bad), None, "{bad}");
        }
        assert_eq!(t(UTC_TIME, "000101000000+0100"), None);
        assert_eq!(t(UTC_TIME, "0001010000-0Z"), None);
        assert_eq!(t(OCTET_STRING, "700101000000Z"), None);
        for secs in [0, 951_825_600, 2_524_607_999, -631_152_000, 253_402_300_799] {
            let s = date::format_utc(secs);
            let g = format!(
                "{}{}{}{}{}{}Z",
                &s[0..4],
                &s[5..7],
                &s[8..10],
                &s[11..13],
                &s[14..16],
                &s[17..19]
            );
            assert_eq!(t(GENERALIZED_TIME, &g), Some(secs), "{s}");
        }
        assert_eq!(date::format_utc(951_825_600), "2000-02-29 12:00:00 UTC");
    }
}
