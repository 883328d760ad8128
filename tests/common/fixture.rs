//! The one fixture harness: behaviour as data, strictly typed.
//!
//! Every `fixtures/{extract,entities}/*.toml` file holds `[[case]]` tables
//! read with `deny_unknown_fields`, so a misspelt key fails instead of
//! passing silently. Each case has a `name`, unique within its file (the
//! group is the file stem); `VNANALYZE_FIXTURE=group/name` (or any part of
//! it) runs only the matching cases. A case runs the real pipeline path
//! (`analyze_str` up to the extract stage, clean stage included) with its
//! `published` date, or the file's, as the article's date given with the
//! input; `"none"` means no date.
//!
//! For each family a case lists (`dates`, `figures`, `doc_refs`,
//! `entities`, `warnings`, `credit`, `author`), the output must hold exactly those items in
//! order; an expected item lists only the fields it checks (`text` always),
//! `"null"` expecting null. A family left out is not checked; `[]` expects
//! nothing. Every produced span must hold its text.

use serde::{Deserialize, Serialize};
use serde_json::Value as Json;
use std::collections::HashSet;
use std::path::Path;
use vnanalyze::{Options, Stage, analyze_str};

/// One fixture file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    /// The article date of every case that gives none.
    published: Option<String>,
    /// The cases.
    #[serde(rename = "case", default)]
    cases: Vec<Case>,
}

/// One case: an input and the items it must give.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    name: String,
    input: String,
    published: Option<String>,
    dates: Option<Vec<DateExp>>,
    figures: Option<Vec<FigureExp>>,
    doc_refs: Option<Vec<DocRefExp>>,
    entities: Option<Vec<EntityExp>>,
    warnings: Option<Vec<String>>,
    /// `meta.credit`; `""` for none.
    credit: Option<String>,
    /// `meta.author`; `""` for none.
    author: Option<String>,
}

/// Expected fields of a date.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct DateExp {
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    grain: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    relative: Option<bool>,
}

/// Expected fields of a figure.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct FigureExp {
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<toml::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    per: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total: Option<toml::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    qualifier: Option<String>,
}

/// Expected fields of a document reference.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct DocRefExp {
    text: String,
    #[serde(rename = "type", skip_serializing_if = "Option::is_none")]
    doc_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    system: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    issuer: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    terms: Option<Vec<String>>,
}

/// Expected fields of an entity.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct EntityExp {
    text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expansion: Option<String>,
}

/// Whether one produced field equals the expected one (`"null"` expects
/// null; numbers compare by value).
fn field_matches(want: &Json, got: &Json) -> bool {
    match want {
        Json::String(s) if s == "null" => got.is_null(),
        Json::Number(w) => match (w.as_i64(), got.as_i64()) {
            (Some(a), Some(b)) => a == b,
            _ => {
                let (a, b) = (
                    w.as_f64().unwrap_or(f64::NAN),
                    got.as_f64().unwrap_or(f64::NAN),
                );
                (a - b).abs() <= 1e-9 * a.abs().max(1.0)
            }
        },
        _ => want == got,
    }
}

/// Compares the exact list of expected items of one family with the output.
fn check_items<T: Serialize>(family: &str, want: &[T], got: &[Json]) -> Result<(), String> {
    let summary = || {
        got.iter()
            .map(Json::to_string)
            .collect::<Vec<_>>()
            .join("\n        ")
    };
    if want.len() != got.len() {
        return Err(format!(
            "{family}: expected {} items, got {}:\n        {}",
            want.len(),
            got.len(),
            summary()
        ));
    }
    for (i, (w, g)) in want.iter().zip(got).enumerate() {
        let w = serde_json::to_value(w).map_err(|e| e.to_string())?;
        for (k, v) in w.as_object().into_iter().flatten() {
            let gv = g.get(k).unwrap_or(&Json::Null);
            if !field_matches(v, gv) {
                return Err(format!(
                    "{family}[{i}]: field `{k}`: expected {v}, got {gv}\n        got: {}",
                    summary()
                ));
            }
        }
    }
    Ok(())
}

/// Runs one case; every failure as a message.
fn run_case(case: &Case, default_published: Option<&str>) -> Vec<String> {
    let published = match case.published.as_deref().or(default_published) {
        Some("none") | None => None,
        Some(p) => match vnanalyze::normalize::meta::parse_input_date(p) {
            Some(d) => Some(d),
            None => return vec![format!("`published` is not a date: {p:?}")],
        },
    };
    let opts = Options {
        stage: Stage::Extract,
        published,
        ..Options::default()
    };
    let doc = analyze_str(&case.input, &opts);
    let json = serde_json::to_value(&doc).unwrap_or(Json::Null);
    let chars: Vec<char> = case.input.chars().collect();
    let mut errs = Vec::new();
    for fam in ["dates", "figures", "doc_refs", "entities"] {
        for item in json[fam].as_array().into_iter().flatten() {
            if let Some(m) = super::span_mismatch(&chars, item) {
                errs.push(format!("{fam}: {m}"));
            }
        }
    }
    let list = |fam: &str| json[fam].as_array().cloned().unwrap_or_default();
    let results = [
        case.dates
            .as_ref()
            .map(|w| check_items("dates", w, &list("dates"))),
        case.figures
            .as_ref()
            .map(|w| check_items("figures", w, &list("figures"))),
        case.doc_refs
            .as_ref()
            .map(|w| check_items("doc_refs", w, &list("doc_refs"))),
        case.entities
            .as_ref()
            .map(|w| check_items("entities", w, &list("entities"))),
        case.warnings.as_ref().map(|w| {
            let got: Vec<String> = doc.warnings.clone();
            (w == &got)
                .then_some(())
                .ok_or_else(|| format!("warnings: expected {w:?}, got {got:?}"))
        }),
        case.credit.as_ref().map(|w| {
            let got = doc.meta.credit.clone().unwrap_or_default();
            (w == &got)
                .then_some(())
                .ok_or_else(|| format!("meta.credit: expected {w:?}, got {got:?}"))
        }),
        case.author.as_ref().map(|w| {
            let got = doc.meta.author.clone().unwrap_or_default();
            (w == &got)
                .then_some(())
                .ok_or_else(|| format!("meta.author: expected {w:?}, got {got:?}"))
        }),
    ];
    errs.extend(results.into_iter().flatten().filter_map(Result::err));
    errs
}

/// What a run of one fixture directory found.
pub struct Report {
    /// Cases run (after the filter).
    pub ran: usize,
    /// Failures, each naming its case.
    pub failures: Vec<String>,
}

/// Runs every case of every `*.toml` file in `fixtures/<dir>`.
pub fn run_dir(dir: &str) -> Report {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(dir);
    let filter = std::env::var("VNANALYZE_FIXTURE").ok();
    let mut files: Vec<_> = std::fs::read_dir(&root)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.retain(|p: &std::path::PathBuf| p.extension().is_some_and(|x| x == "toml"));
    files.sort();
    let mut report = Report {
        ran: 0,
        failures: Vec::new(),
    };
    if files.is_empty() {
        report
            .failures
            .push(format!("no fixture files in {}", root.display()));
    }
    for path in &files {
        let group = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let raw = match std::fs::read_to_string(path) {
            Ok(r) => r,
            Err(e) => {
                report.failures.push(format!("{}: {e}", path.display()));
                continue;
            }
        };
        let r = run_source(&group, &raw, filter.as_deref());
        report.ran += r.ran;
        report.failures.extend(
            r.failures
                .into_iter()
                .map(|f| format!("{}: {f}", path.display())),
        );
    }
    report
}

/// Runs the cases of one fixture file's text (`group` is its file stem),
/// those whose `group/name` contains `filter` when one is given.
pub fn run_source(group: &str, raw: &str, filter: Option<&str>) -> Report {
    let mut report = Report {
        ran: 0,
        failures: Vec::new(),
    };
    let file: File = match toml::from_str(raw) {
        Ok(f) => f,
        Err(e) => {
            report.failures.push(format!("{group}: {e}"));
            return report;
        }
    };
    let mut seen = HashSet::new();
    for case in &file.cases {
        let id = format!("{group}/{}", case.name);
        if !seen.insert(case.name.as_str()) {
            report.failures.push(format!("{id}: duplicate case name"));
        }
        if filter.is_some_and(|f| !id.contains(f)) {
            continue;
        }
        report.ran += 1;
        for m in run_case(case, file.published.as_deref()) {
            report
                .failures
                .push(format!("{id}: {:?}\n    {m}", case.input));
        }
    }
    report
}

/// Runs a directory and fails with every failing case listed.
pub fn assert_dir(dir: &str, at_least: usize) {
    let r = run_dir(dir);
    let filter = std::env::var("VNANALYZE_FIXTURE").ok();
    match &filter {
        // A filter that matches nothing would pass without testing anything.
        Some(f) => assert!(
            r.ran > 0,
            "fixtures/{dir}: VNANALYZE_FIXTURE={f:?} matches no case"
        ),
        None => assert!(
            r.ran >= at_least,
            "fixtures/{dir}: expected at least {at_least} cases, ran {}",
            r.ran
        ),
    }
    assert!(
        r.failures.is_empty(),
        "{} failures in fixtures/{dir} ({} cases):\n{}",
        r.failures.len(),
        r.ran,
        r.failures.join("\n")
    );
    eprintln!("fixtures/{dir}: {} cases passed", r.ran);
}
