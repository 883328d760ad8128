//! Records to other forms: CSV rows of one item list (`--format csv
//! --items ...`, RFC 4180 quoting by the `csv` crate) and the clean article
//! text (`analyze text`).

use super::Items;
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;
use vnanalyze::{Document, Work};

/// The list name in the record and the item fields after `text`, per
/// item kind; every row starts with the input, `start`, `end` and `text`.
fn columns(items: Items) -> (&'static str, &'static [&'static str]) {
    match items {
        Items::Dates => ("dates", &["value", "grain", "relative"]),
        Items::Figures => (
            "figures",
            &["kind", "value", "unit", "per", "total", "qualifier"],
        ),
        Items::DocRefs => (
            "doc_refs",
            &[
                "type", "number", "code", "key", "system", "issuer", "date", "name", "terms",
            ],
        ),
        Items::Entities => ("entities", &["kind", "name", "title", "expansion"]),
    }
}

/// The header row.
pub fn header(items: Items) -> String {
    let (_, fields) = columns(items);
    let mut row = vec!["input", "start", "end", "text"];
    row.extend_from_slice(fields);
    write_rows(std::iter::once(
        row.into_iter().map(str::to_string).collect(),
    ))
}

/// One row per item of the chosen list, `input` (path or record id) first.
pub fn rows(input: &str, doc: &Document, items: Items) -> String {
    let (list, fields) = columns(items);
    let Ok(json) = serde_json::to_value(doc) else {
        return String::new();
    };
    let Some(array) = json.get(list).and_then(Value::as_array) else {
        return String::new();
    };
    write_rows(array.iter().map(|item| {
        let span = item.get("span").and_then(Value::as_array);
        let end = |i: usize| span.and_then(|s| s.get(i)).map(cell).unwrap_or_default();
        let mut row = vec![
            input.to_string(),
            end(0),
            end(1),
            item.get("text").map(cell).unwrap_or_default(),
        ];
        row.extend(
            fields
                .iter()
                .map(|f| item.get(*f).map(cell).unwrap_or_default()),
        );
        row
    }))
}

/// A JSON value as a CSV cell: null empty, a list joined with `;`.
fn cell(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(a) => a.iter().map(cell).collect::<Vec<_>>().join(";"),
        other => other.to_string(),
    }
}

fn write_rows(rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    for row in rows {
        // Writing to memory fails only on a bug; the row is then left out.
        let _ = w.write_record(&row);
    }
    w.into_inner()
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default()
}

/// The clean article text: the title, then the body paragraphs, one per
/// line, NFC, as written (boilerplate, captions and metadata lines left out).
pub fn article_text(doc: &Document, work: &Work) -> String {
    let mut out: Vec<String> = Vec::new();
    if let Some(t) = &doc.meta.title {
        out.push(t.nfc().collect());
    }
    for line in work.body_lines() {
        let (_, text) = work.text.excerpt(line.norm.clone());
        out.push(text.nfc().collect());
    }
    out.join("\n")
}
