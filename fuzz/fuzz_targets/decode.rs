//! Fuzz target: decoding arbitrary bytes, detected and with every forced
//! encoding. Invariants: no panic; valid BOM-less UTF-8 without NUL decodes
//! to itself; invalid UTF-8 detected as UTF-8 is its lossy decoding with a
//! warning; a binary error points at a NUL byte.
#![no_main]

use libfuzzer_sys::fuzz_target;
use vnanalyze::Encoding;
use vnanalyze::decode::{DecodeError, decode};

fuzz_target!(|data: &[u8]| {
    let detected = decode(data, None);
    match &detected {
        Ok(d) => {
            if d.encoding == Encoding::Utf8
                && !data.starts_with(b"\xEF\xBB\xBF")
                && !data.contains(&0)
            {
                if std::str::from_utf8(data).is_ok() {
                    assert_eq!(d.text.as_bytes(), data, "UTF-8 decodes to itself");
                    assert!(d.warnings.is_empty(), "valid UTF-8 needs no warning");
                } else {
                    assert_eq!(
                        d.text,
                        String::from_utf8_lossy(data),
                        "invalid UTF-8 bytes become U+FFFD"
                    );
                    assert!(!d.warnings.is_empty(), "replaced bytes are reported");
                }
            }
        }
        Err(DecodeError::Binary { offset }) => {
            assert_eq!(
                data.get(*offset),
                Some(&0),
                "a binary error names a NUL byte"
            );
        }
        Err(DecodeError::Undecodable(_)) => {}
    }
    if std::str::from_utf8(data).is_ok() && !data.contains(&0) {
        assert!(
            matches!(&detected, Ok(d) if d.encoding == Encoding::Utf8),
            "valid UTF-8 without NUL is UTF-8"
        );
    }
    for enc in Encoding::ALL {
        let forced = decode(data, Some(enc));
        if let Err(DecodeError::Binary { offset }) = &forced {
            assert_eq!(
                data.get(*offset),
                Some(&0),
                "a binary error names a NUL byte"
            );
        }
    }
});
