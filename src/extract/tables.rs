//! The data tables of the extract stage (`data/extract/`), embedded at build
//! time and parsed once, and helpers that turn word lists into regex
//! alternations insensitive to tone-mark placement ("hòa" / "hoà").

use crate::document::System;
use crate::tone;
use rustc_hash::FxHashMap;
use std::sync::OnceLock;

const DOC_TYPES: &str = include_str!("../../data/extract/doc_types.tsv");
const ISSUERS: &str = include_str!("../../data/extract/issuers.tsv");
const BODIES: &str = include_str!("../../data/extract/bodies.txt");
const UNITS: &str = include_str!("../../data/extract/units.tsv");
const SCALES: &str = include_str!("../../data/extract/scales.tsv");
const NUMERALS: &str = include_str!("../../data/extract/numerals.tsv");
const QUALIFIERS: &str = include_str!("../../data/extract/qualifiers.tsv");
const IDIOMS: &str = include_str!("../../data/extract/idioms.txt");
const NOT_LABELS: &str = include_str!("../../data/extract/not_labels.txt");
const FIGURE_WORDS: &str = include_str!("../../data/extract/figure_words.tsv");
const REF_TYPES: &str = include_str!("../../data/extract/ref_types.txt");
const COUNTED: &str = include_str!("../../data/extract/counted.txt");
const NOT_NOUNS: &str = include_str!("../../data/extract/not_nouns.txt");
const LABELS: &str = include_str!("../../data/extract/labels.txt");

/// Which system a document-type abbreviation belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TypeSystem {
    /// Party documents only.
    Party,
    /// State documents only.
    State,
    /// Both systems use the abbreviation.
    Both,
}

impl TypeSystem {
    /// Whether the abbreviation is valid in `system`.
    pub fn allows(self, system: System) -> bool {
        matches!(
            (self, system),
            (TypeSystem::Both, _)
                | (TypeSystem::Party, System::Party)
                | (TypeSystem::State, System::State)
        )
    }
}

/// What kind of figure a unit makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// Currencies.
    Money,
    /// Area, length, weight, volume, power, time spans.
    Measure,
    /// "%" and "phần trăm".
    Percent,
}

/// Where a unit may stand relative to its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitPlace {
    /// After the number only ("5 triệu đồng", "20 euros").
    After,
    /// Before or after the number ("$5", "5$", "USD 10", "10 USD").
    Both,
    /// After a number written in digits only: a word that is also a
    /// common noun ("kíp" a shift, "yên" calm) is no currency after a
    /// spelled number ("một kíp trực").
    Digits,
    /// After an amount with a scale word only ("2 triệu bảng" is money,
    /// "2 bảng đấu" is not).
    Scaled,
}

/// A unit of `units.tsv`.
#[derive(Debug, Clone)]
pub struct Unit {
    /// How the unit is written in the text.
    pub surface: String,
    /// The kind of figure it makes.
    pub kind: UnitKind,
    /// The unit as reported: an ISO 4217 code for money, the symbol of a
    /// measure, "%" or "điểm phần trăm" for a percent.
    pub name: String,
    /// Where the unit may stand.
    pub place: UnitPlace,
}

/// The role of a spelled-out numeral word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumeralRole {
    /// một .. chín.
    Digit,
    /// mười (ten).
    Ten,
    /// mươi (times ten).
    Tens,
    /// trăm (times a hundred).
    Hundred,
    /// linh / lẻ (zero tens).
    Zero,
    /// lăm / nhăm (five after tens).
    Five,
    /// mốt (one after tens).
    One,
    /// tư (four after tens).
    Four,
    /// không (a zero digit, before "trăm": "không trăm mười một").
    Nought,
    /// chục (times ten, as "mươi": "hai chục" = 20).
    Dozen,
}

/// A word class of `figure_words.tsv`: words that shape a figure around
/// its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WordClass {
    /// A verb that makes "N lần" a multiplier ("tăng", "giảm", "gấp").
    MultiplierVerb,
    /// An adjective that makes the "hơn" after it a comparison, not a
    /// qualifier ("cao hơn 0,6 điểm phần trăm").
    Comparative,
    /// A word allowed between a qualifier and its amount ("khoảng đạt mốc
    /// 400 tỷ USD").
    QualifierGap,
    /// A word that joins the two ends of a range ("đến", "tới").
    RangeMarker,
    /// A word before a rate's denominator ("7% mỗi năm").
    PerMarker,
    /// A word that negates the number after it ("âm 5%").
    Minus,
    /// A word after "N giờ" that makes it a time of day ("9 giờ sáng").
    TimeOfDay,
    /// A spoken decimal mark ("hai phẩy năm", "2 chấm 23").
    DecimalMark,
}

/// A word or phrase with a spelled-out number in it that is not a figure
/// ("một số", "cả hai", "hai bên"): its words, lower case, and the index
/// of the numeral word among them.
#[derive(Debug, Clone)]
pub struct Idiom {
    /// The words of the phrase.
    pub words: Vec<String>,
    /// Which word is the numeral.
    pub numeral: usize,
}

/// A malformed row of a data table: the file and line it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableError {
    /// The table's file name under `data/extract/`.
    pub file: String,
    /// The 1-based line number.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for TableError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "data/extract/{}:{}: {}",
            self.file, self.line, self.message
        )
    }
}

impl std::error::Error for TableError {}

/// All tables, parsed once.
#[derive(Debug)]
pub struct Tables {
    /// Document-type abbreviation -> (full name, system).
    pub doc_types: FxHashMap<String, Vec<(String, TypeSystem)>>,
    /// Issuer code -> issuer name.
    pub issuers: FxHashMap<String, String>,
    /// Issuing bodies as named in text.
    pub bodies: Vec<String>,
    /// Units, longest surface first (ties in file order).
    pub units: Vec<Unit>,
    /// Scale word -> power of ten.
    pub scales: FxHashMap<String, u32>,
    /// Scale words in file order.
    pub scale_words: Vec<String>,
    /// Spelled-out numeral word -> (value, role).
    pub numerals: FxHashMap<String, (u64, NumeralRole)>,
    /// Spelled-out numeral words in file order.
    pub numeral_words: Vec<String>,
    /// Full type names that head a reference, longest first.
    pub ref_types: Vec<String>,
    /// Counted nouns, longest first.
    pub counted: Vec<String>,
    /// Words after a number that are not counted nouns.
    pub not_nouns: rustc_hash::FxHashSet<String>,
    /// Words before a number that make it a label ("Điều 5", "Phương án 1").
    pub labels: rustc_hash::FxHashSet<String>,
    /// Two-word phrases ending in a label word that are not labels ("dân
    /// số", "trong số"), lower case.
    pub not_labels: rustc_hash::FxHashSet<String>,
    /// Qualifier phrases (lower case) and their kind, longest first.
    pub qualifiers: Vec<(String, crate::document::Qualifier)>,
    /// Phrases whose spelled-out number is not a figure.
    pub idioms: Vec<Idiom>,
    /// Word classes of `figure_words.tsv`, lower case.
    pub figure_words: FxHashMap<String, Vec<WordClass>>,
}

impl Tables {
    /// Whether `word` (lower case) has the class `class` in `figure_words.tsv`.
    pub fn is(&self, word: &str, class: WordClass) -> bool {
        self.figure_words
            .get(word)
            .is_some_and(|v| v.contains(&class))
    }
}

/// The data rows of a table: (1-based line number, trimmed cells); blank
/// lines and `#` comments are skipped.
fn numbered_rows(data: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    data.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end()))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i, l.split('\t').map(str::trim).collect()))
}

fn rows(data: &str) -> impl Iterator<Item = Vec<&str>> {
    numbered_rows(data).map(|(_, r)| r)
}

fn by_length_desc(mut v: Vec<String>) -> Vec<String> {
    v.sort_by(|a, b| b.chars().count().cmp(&a.chars().count()).then(a.cmp(b)));
    v.dedup();
    v
}

fn table_error(file: &str, line: usize, message: String) -> TableError {
    TableError {
        file: file.to_string(),
        line,
        message,
    }
}

/// Parses `units.tsv` (`surface`, `money|measure|percent`, unit name,
/// optional `after|both|digits|scaled`): an unknown kind or place, or a missing column,
/// is an error naming the file and line.
pub fn parse_units(file: &str, data: &str) -> Result<Vec<Unit>, TableError> {
    let mut units = Vec::new();
    for (line, r) in numbered_rows(data) {
        let [surface, kind, name, rest @ ..] = r.as_slice() else {
            return Err(table_error(
                file,
                line,
                "expected 3 or 4 tab-separated columns".into(),
            ));
        };
        let kind = match *kind {
            "money" => UnitKind::Money,
            "measure" => UnitKind::Measure,
            "percent" => UnitKind::Percent,
            other => {
                return Err(table_error(
                    file,
                    line,
                    format!("unknown unit kind {other:?}"),
                ));
            }
        };
        let place = match rest.first().copied() {
            None | Some("after") => UnitPlace::After,
            Some("both") => UnitPlace::Both,
            Some("digits") => UnitPlace::Digits,
            Some("scaled") => UnitPlace::Scaled,
            Some(other) => {
                return Err(table_error(
                    file,
                    line,
                    format!("unknown unit place {other:?}"),
                ));
            }
        };
        if surface.is_empty() || name.is_empty() {
            return Err(table_error(file, line, "empty surface or name".into()));
        }
        units.push(Unit {
            surface: surface.to_string(),
            kind,
            name: name.to_string(),
            place,
        });
    }
    // Longest first; a stable sort keeps the file order among equals.
    units.sort_by_key(|u| std::cmp::Reverse(u.surface.len()));
    Ok(units)
}

/// Document types by abbreviation: (full name, system) pairs.
pub type DocTypes = FxHashMap<String, Vec<(String, TypeSystem)>>;

/// Parses `doc_types.tsv` (abbreviation, full name, `party|state|both`).
pub fn parse_doc_types(file: &str, data: &str) -> Result<DocTypes, TableError> {
    let mut out: DocTypes = FxHashMap::default();
    for (line, r) in numbered_rows(data) {
        let [abbr, name, sys, ..] = r.as_slice() else {
            return Err(table_error(
                file,
                line,
                "expected 3 tab-separated columns".into(),
            ));
        };
        let sys = match *sys {
            "party" => TypeSystem::Party,
            "state" => TypeSystem::State,
            "both" => TypeSystem::Both,
            other => {
                return Err(table_error(file, line, format!("unknown system {other:?}")));
            }
        };
        out.entry(abbr.to_string())
            .or_default()
            .push((name.to_string(), sys));
    }
    Ok(out)
}

/// Parses `numerals.tsv` (`word`, value, role) in file order.
pub fn parse_numerals(
    file: &str,
    data: &str,
) -> Result<Vec<(String, u64, NumeralRole)>, TableError> {
    let mut out = Vec::new();
    for (line, r) in numbered_rows(data) {
        let [w, v, role, ..] = r.as_slice() else {
            return Err(table_error(
                file,
                line,
                "expected 3 tab-separated columns".into(),
            ));
        };
        let role = match *role {
            "digit" => NumeralRole::Digit,
            "ten" => NumeralRole::Ten,
            "tens" => NumeralRole::Tens,
            "hundred" => NumeralRole::Hundred,
            "zero" => NumeralRole::Zero,
            "five" => NumeralRole::Five,
            "one" => NumeralRole::One,
            "four" => NumeralRole::Four,
            "nought" => NumeralRole::Nought,
            "dozen" => NumeralRole::Dozen,
            other => {
                return Err(table_error(
                    file,
                    line,
                    format!("unknown numeral role {other:?}"),
                ));
            }
        };
        let v = v
            .parse()
            .map_err(|_| table_error(file, line, format!("value {v:?} is not a number")))?;
        out.push((w.to_string(), v, role));
    }
    Ok(out)
}

/// Parses `scales.tsv` (`word`, power of ten) in file order.
pub fn parse_scales(file: &str, data: &str) -> Result<Vec<(String, u32)>, TableError> {
    let mut out = Vec::new();
    for (line, r) in numbered_rows(data) {
        let [w, p, ..] = r.as_slice() else {
            return Err(table_error(
                file,
                line,
                "expected 2 tab-separated columns".into(),
            ));
        };
        let p = p
            .parse()
            .ok()
            .filter(|p| (1..=24).contains(p))
            .ok_or_else(|| table_error(file, line, format!("power {p:?} is not 1..=24")))?;
        out.push((w.to_string(), p));
    }
    Ok(out)
}

/// Parses `qualifiers.tsv` (phrase, `approx|over|under`), longest first.
pub fn parse_qualifiers(
    file: &str,
    data: &str,
) -> Result<Vec<(String, crate::document::Qualifier)>, TableError> {
    use crate::document::Qualifier;
    let mut out = Vec::new();
    for (line, r) in numbered_rows(data) {
        let [w, kind, ..] = r.as_slice() else {
            return Err(table_error(
                file,
                line,
                "expected 2 tab-separated columns".into(),
            ));
        };
        let kind = match *kind {
            "approx" => Qualifier::Approx,
            "over" => Qualifier::Over,
            "under" => Qualifier::Under,
            other => {
                return Err(table_error(
                    file,
                    line,
                    format!("unknown qualifier {other:?}"),
                ));
            }
        };
        out.push((w.to_string(), kind));
    }
    out.sort_by_key(|(w, _)| std::cmp::Reverse(w.len()));
    Ok(out)
}

/// Parses `figure_words.tsv` (word, class).
pub fn parse_figure_words(
    file: &str,
    data: &str,
) -> Result<FxHashMap<String, Vec<WordClass>>, TableError> {
    let mut out: FxHashMap<String, Vec<WordClass>> = FxHashMap::default();
    for (line, r) in numbered_rows(data) {
        let [w, class, ..] = r.as_slice() else {
            return Err(table_error(
                file,
                line,
                "expected 2 tab-separated columns".into(),
            ));
        };
        let class = match *class {
            "multiplier_verb" => WordClass::MultiplierVerb,
            "comparative" => WordClass::Comparative,
            "qualifier_gap" => WordClass::QualifierGap,
            "range" => WordClass::RangeMarker,
            "per" => WordClass::PerMarker,
            "minus" => WordClass::Minus,
            "time_of_day" => WordClass::TimeOfDay,
            "decimal_mark" => WordClass::DecimalMark,
            other => {
                return Err(table_error(
                    file,
                    line,
                    format!("unknown word class {other:?}"),
                ));
            }
        };
        out.entry(w.to_string()).or_default().push(class);
    }
    Ok(out)
}

/// Parses `idioms.txt`: one phrase a line with its numeral word in
/// brackets ("cả \[hai\]"); a line without exactly one bracketed word is an
/// error.
pub fn parse_idioms(file: &str, data: &str) -> Result<Vec<Idiom>, TableError> {
    let mut out = Vec::new();
    for (line, r) in numbered_rows(data) {
        let phrase = r.first().copied().unwrap_or("");
        let mut words = Vec::new();
        let mut numeral = None;
        for w in phrase.split_whitespace() {
            if let Some(inner) = w.strip_prefix('[').and_then(|x| x.strip_suffix(']')) {
                if numeral.is_some() {
                    return Err(table_error(file, line, "more than one [numeral]".into()));
                }
                numeral = Some(words.len());
                words.push(inner.to_lowercase());
            } else {
                words.push(w.to_lowercase());
            }
        }
        let Some(numeral) = numeral else {
            return Err(table_error(file, line, "no [numeral] in the phrase".into()));
        };
        out.push(Idiom { words, numeral });
    }
    Ok(out)
}

fn load<T>(r: Result<T, TableError>) -> T {
    match r {
        Ok(t) => t,
        // The tables are embedded at build time and checked by the
        // `tables_parse` test: a broken one is a build defect.
        Err(e) => panic!("embedded table is malformed: {e}"),
    }
}

/// The parsed tables.
pub fn tables() -> &'static Tables {
    static T: OnceLock<Tables> = OnceLock::new();
    T.get_or_init(|| {
        let doc_types = load(parse_doc_types("doc_types.tsv", DOC_TYPES));
        let mut issuers = FxHashMap::default();
        for (line, r) in numbered_rows(ISSUERS) {
            match r.as_slice() {
                [code, name, ..] => {
                    issuers
                        .entry(code.to_string())
                        .or_insert_with(|| name.to_string());
                }
                _ => load::<()>(Err(table_error(
                    "issuers.tsv",
                    line,
                    "expected 2 tab-separated columns".into(),
                ))),
            }
        }
        let bodies = by_length_desc(
            rows(BODIES)
                .filter_map(|r| r.first().map(|s| s.to_string()))
                .collect(),
        );
        let units = load(parse_units("units.tsv", UNITS));
        let scale_rows = load(parse_scales("scales.tsv", SCALES));
        let numeral_rows = load(parse_numerals("numerals.tsv", NUMERALS));
        let ref_types = by_length_desc(
            rows(REF_TYPES)
                .filter_map(|r| r.first().map(|s| s.to_string()))
                .collect(),
        );
        let counted = by_length_desc(
            rows(COUNTED)
                .filter_map(|r| r.first().map(|s| s.to_string()))
                .collect(),
        );
        Tables {
            doc_types,
            issuers,
            bodies,
            units,
            scales: scale_rows.iter().cloned().collect(),
            scale_words: scale_rows.into_iter().map(|(w, _)| w).collect(),
            numerals: numeral_rows
                .iter()
                .map(|(w, v, r)| (w.clone(), (*v, *r)))
                .collect(),
            numeral_words: numeral_rows.into_iter().map(|(w, _, _)| w).collect(),
            ref_types,
            counted,
            not_nouns: rows(NOT_NOUNS)
                .filter_map(|r| r.first().map(|w| w.to_string()))
                .collect(),
            labels: rows(LABELS)
                .filter_map(|r| r.first().map(|w| w.to_string()))
                .collect(),
            not_labels: rows(NOT_LABELS)
                .filter_map(|r| r.first().map(|w| w.to_lowercase()))
                .collect(),
            qualifiers: load(parse_qualifiers("qualifiers.tsv", QUALIFIERS)),
            idioms: load(parse_idioms("idioms.txt", IDIOMS)),
            figure_words: load(parse_figure_words("figure_words.tsv", FIGURE_WORDS)),
        }
    })
}

/// A regex alternation of literal words (escaped, tone-folded), longest first.
pub fn alternation<S: AsRef<str>>(words: &[S]) -> String {
    let mut v: Vec<&str> = words.iter().map(AsRef::as_ref).collect();
    v.sort_by_key(|w| std::cmp::Reverse(w.len()));
    let parts: Vec<String> = v
        .iter()
        .map(|w| tone::either_placement(&regex::escape(w)).replace(' ', r"\s+"))
        .collect();
    format!("(?:{})", parts.join("|"))
}

/// A word with its first letter lower-cased ("Nghị quyết" -> "nghị quyết").
pub fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_parse() {
        let t = tables();
        assert_eq!(
            t.doc_types
                .get("QĐi")
                .and_then(|x| x.first())
                .map(|x| x.0.as_str()),
            Some("Quy định")
        );
        assert_eq!(t.issuers.get("TU").map(String::as_str), Some("Tỉnh ủy"));
        assert!(t.units.iter().any(|u| u.surface == "ha"));
        assert!(
            t.units
                .iter()
                .any(|u| u.surface == "đô la Singapore" && u.name == "SGD")
        );
        assert!(!t.qualifiers.is_empty() && !t.idioms.is_empty());
        assert_eq!(t.scales.get("tỷ"), Some(&9));
        assert!(
            t.ref_types
                .first()
                .is_some_and(|s| s == "Chương trình hành động")
        );
    }

    #[test]
    fn unknown_values_name_file_and_line() {
        let e = parse_units("units.tsv", "# c\nha\tmeasure\tha\nUSD\tmoeny\tUSD\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "data/extract/units.tsv:3: unknown unit kind \"moeny\""
        );
        let e = parse_units("units.tsv", "$\tmoney\tUSD\tbefore\n").unwrap_err();
        assert_eq!(e.line, 1);
        assert!(e.message.contains("place"));
        let e = parse_numerals("numerals.tsv", "hai\t2\tdigit\nba\tx\tdigit\n").unwrap_err();
        assert_eq!((e.file.as_str(), e.line), ("numerals.tsv", 2));
        let e = parse_numerals("numerals.tsv", "hai\t2\tdigti\n").unwrap_err();
        assert!(e.to_string().contains("numerals.tsv:1"));
        assert!(parse_scales("scales.tsv", "tỷ\t99\n").is_err());
        assert!(parse_scales("scales.tsv", "tỷ\n").is_err());
        assert!(parse_qualifiers("qualifiers.tsv", "hơn\tmore\n").is_err());
        assert!(parse_figure_words("figure_words.tsv", "tăng\tverb\n").is_err());
        assert!(parse_idioms("idioms.txt", "một số\n").is_err());
        assert!(parse_idioms("idioms.txt", "[một] [hai]\n").is_err());
        let e = parse_doc_types("doc_types.tsv", "NQ\tNghị quyết\tboth\nCT\tChỉ thị\tpary\n")
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "data/extract/doc_types.tsv:2: unknown system \"pary\""
        );
    }
}
