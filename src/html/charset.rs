//! The bytes of a page to text: the charset the page declares
//! (`<meta charset>`, `http-equiv` Content-Type), checked against the bytes.
//!
//! Valid UTF-8 with non-ASCII characters is UTF-8 whatever the label says
//! (a page saved as UTF-8 keeps its old `iso-8859-1` label more often than
//! a Latin-1 page happens to be valid UTF-8); other bytes go to the decode
//! stage, forced to the declared encoding when it is one of the Vietnamese
//! ones it knows, detected otherwise.

use crate::decode::{self, Decoded, Encoding};

/// How far into the page a charset declaration is looked for (the HTML
/// standard's prescan reads 1024 bytes; saved pages put comments first).
const PRESCAN: usize = 4096;

/// A decoded page and a note when the declared charset was not used.
#[derive(Debug, Clone)]
pub struct PageText {
    /// The decoded page.
    pub decoded: Decoded,
    /// "declared charset iso-8859-1, but the bytes are UTF-8".
    pub warning: Option<String>,
}

/// The charset label the page declares, lower case.
pub fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(PRESCAN)];
    let lower: Vec<u8> = head.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(at) = find(&lower[from..], b"charset") {
        let mut i = from + at + b"charset".len();
        from = i;
        while i < lower.len() && lower[i].is_ascii_whitespace() {
            i += 1;
        }
        if lower.get(i) != Some(&b'=') {
            continue;
        }
        i += 1;
        while i < lower.len()
            && (lower[i].is_ascii_whitespace() || matches!(lower[i], b'"' | b'\''))
        {
            i += 1;
        }
        let start = i;
        while i < lower.len()
            && (lower[i].is_ascii_alphanumeric() || matches!(lower[i], b'-' | b'_' | b':' | b'.'))
        {
            i += 1;
        }
        if i > start {
            return Some(String::from_utf8_lossy(&lower[start..i]).into_owned());
        }
    }
    None
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Decodes a page: `forced` (`--encoding`) wins; then a BOM; then valid
/// UTF-8; then the declared charset when it is a Vietnamese one; then the
/// decode stage's detection.
pub fn decode_page(
    bytes: &[u8],
    forced: Option<Encoding>,
) -> Result<PageText, decode::DecodeError> {
    if forced.is_some() {
        return decode::decode(bytes, forced).map(|decoded| PageText {
            decoded,
            warning: None,
        });
    }
    let label = declared_charset(bytes);
    let declared = label.as_deref().and_then(Encoding::from_name);
    let has_bom = bytes.starts_with(b"\xEF\xBB\xBF")
        || bytes.starts_with(b"\xFF\xFE")
        || bytes.starts_with(b"\xFE\xFF");
    if !has_bom && let Ok(text) = std::str::from_utf8(bytes) {
        let warning = label
            .as_deref()
            .filter(|_| declared != Some(Encoding::Utf8) && !text.is_ascii())
            .map(|l| format!("HTML input: declared charset {l}, but the bytes are UTF-8"));
        return Ok(PageText {
            decoded: Decoded {
                text: text.to_string(),
                encoding: Encoding::Utf8,
                warnings: Vec::new(),
            },
            warning,
        });
    }
    let forced = declared.filter(|e| {
        !has_bom && matches!(e, Encoding::Windows1258 | Encoding::Tcvn3 | Encoding::Vni)
    });
    let decoded = decode::decode(bytes, forced)?;
    let warning = label
        .filter(|l| Encoding::from_name(l) != Some(decoded.encoding))
        .map(|l| {
            format!(
                "HTML input: declared charset {l}, decoded as {}",
                decoded.encoding.name()
            )
        });
    Ok(PageText { decoded, warning })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_declarations() {
        assert_eq!(
            declared_charset(b"<meta charset=\"UTF-8\">").as_deref(),
            Some("utf-8")
        );
        assert_eq!(
            declared_charset(
                b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1258\" />"
            )
            .as_deref(),
            Some("windows-1258")
        );
        assert_eq!(declared_charset(b"<p>no charset here</p>"), None);
    }

    #[test]
    fn utf8_bytes_under_a_latin1_label_are_utf8() {
        let page = "<meta charset=\"iso-8859-1\"><p>Tỉnh ủy</p>".as_bytes();
        let t = decode_page(page, None).unwrap();
        assert_eq!(t.decoded.encoding, Encoding::Utf8);
        assert!(t.decoded.text.contains("Tỉnh ủy"));
        assert!(t.warning.unwrap().contains("iso-8859-1"));
    }
}
