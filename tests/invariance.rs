//! One article, many spellings, one analysis: the seed and three articles
//! written for this project (`fixtures/invariance/`) are fed to the library
//! in UTF-8, NFD, Windows-1258, TCVN3, VNI and in both tone-mark placements,
//! and every normalized field — `doc_refs[].type/key/issuer/name`,
//! `entities[].name/kind/title/expansion` — must come out identical, so that
//! counting across a corpus never splits one name in two.

use crate::common::encode::{nfc, tcvn3_vn2, vni, windows_1258};
use unicode_normalization::UnicodeNormalization;
use vnanalyze::{Options, Tone, analyze_bytes};

const ARTICLES: [(&str, &str); 4] = [
    ("seed", include_str!("../seeds/000_3b1f77d61af83a32.txt")),
    (
        "a1",
        include_str!("../fixtures/invariance/a1_hoi_nghi_tinh_uy.txt"),
    ),
    ("a2", include_str!("../fixtures/invariance/a2_quoc_hoi.txt")),
    (
        "a3",
        include_str!("../fixtures/invariance/a3_doi_ngoai.txt"),
    ),
];

/// Rewrites every syllable's tone mark in the placement `tone`, leaving
/// everything else (spacing, glued words) as written.
fn retone(s: &str, tone: Tone) -> String {
    let mut out = String::with_capacity(s.len());
    let mut word: Vec<char> = Vec::new();
    let flush = |word: &mut Vec<char>, out: &mut String| {
        vnanalyze::tone::place_syllable(word, tone);
        out.extend(word.drain(..));
    };
    for c in s.chars() {
        if c.is_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// The normalized fields of one analysis, one line per item.
fn fields(bytes: &[u8], what: &str) -> Vec<String> {
    let doc =
        analyze_bytes(bytes, None, &Options::default()).unwrap_or_else(|e| panic!("{what}: {e}"));
    let mut out: Vec<String> = doc
        .doc_refs
        .iter()
        .map(|d| {
            format!(
                "ref type={} key={} issuer={:?} name={:?}",
                d.doc_type, d.key, d.issuer, d.name
            )
        })
        .collect();
    out.extend(doc.entities.iter().map(|e| {
        format!(
            "entity {:?} name={} title={:?} expansion={:?}",
            e.kind, e.name, e.title, e.expansion
        )
    }));
    out
}

/// The article in every form the tool reads: (form, bytes).
fn forms(text: &str) -> Vec<(&'static str, Vec<u8>)> {
    let text = nfc(text);
    let mut v = vec![
        ("utf-8", text.as_bytes().to_vec()),
        ("nfd", text.nfd().collect::<String>().into_bytes()),
        ("old", retone(&text, Tone::Old).into_bytes()),
        ("new", retone(&text, Tone::New).into_bytes()),
    ];
    for (name, e) in [
        ("windows-1258", windows_1258(&text)),
        ("tcvn3", tcvn3_vn2(&text)),
        ("vni", vni(&text)),
        ("windows-1258 new", windows_1258(&retone(&text, Tone::New))),
        ("vni new", vni(&retone(&text, Tone::New))),
    ] {
        assert!(
            e.unrepresentable.iter().all(|c| !c.is_alphabetic()),
            "{name} cannot write {:?}",
            e.unrepresentable
        );
        v.push((name, e.bytes));
    }
    v
}

#[test]
fn every_encoding_form_and_placement_gives_the_same_fields() {
    for (article, text) in ARTICLES {
        check(article, text);
    }
}

/// The same check over real articles of the shared development set, which
/// may not be copied into the repository (run by scripts/eval-invariance.sh).
#[test]
#[ignore = "needs ../shared/gold-dev (VNANALYZE_GOLD_DEV); run by scripts/eval-invariance.sh"]
fn gold_dev_articles_give_the_same_fields_in_every_form() {
    let dir = std::env::var("VNANALYZE_GOLD_DEV")
        .unwrap_or_else(|_| "../shared/gold-dev/articles".to_string());
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{dir}: {e}"))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no articles in {dir}");
    for p in &paths {
        let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        check(&p.display().to_string(), &text);
    }
    eprintln!(
        "{} articles x {} forms: identical fields",
        paths.len(),
        forms("a").len()
    );
}

/// Analyses every form of `text` and compares their fields with UTF-8's.
fn check(article: &str, text: &str) {
    {
        let forms = forms(text);
        let want = fields(&forms[0].1, article);
        assert!(!want.is_empty(), "{article}: nothing to compare");
        for (form, bytes) in &forms[1..] {
            let got = fields(bytes, &format!("{article} as {form}"));
            if got != want {
                let first = got
                    .iter()
                    .zip(&want)
                    .position(|(a, b)| a != b)
                    .unwrap_or(got.len().min(want.len()));
                panic!(
                    "{article} as {form}: {} fields against {}; first difference at {first}:\n got: {:?}\nwant: {:?}",
                    got.len(),
                    want.len(),
                    got.get(first),
                    want.get(first)
                );
            }
        }
    }
}

#[test]
fn the_fields_take_the_old_placement_by_default_and_tone_new_when_asked() {
    let text = ARTICLES[1].1;
    let new_style = retone(text, Tone::New);
    let doc = analyze_bytes(new_style.as_bytes(), None, &Options::default()).expect("analysis");
    // The input's own majority is still reported.
    assert_eq!(doc.source.tone.as_deref(), Some("new"));
    let names: Vec<&str> = doc.entities.iter().map(|e| e.name.as_str()).collect();
    assert!(names.contains(&"Ủy ban nhân dân tỉnh"), "{names:?}");
    assert!(!names.iter().any(|n| n.contains("Uỷ")), "{names:?}");
    let issuers: Vec<&str> = doc
        .doc_refs
        .iter()
        .filter_map(|d| d.issuer.as_deref())
        .collect();
    assert!(issuers.contains(&"Ban Thường vụ Tỉnh ủy"), "{issuers:?}");

    let opts = Options {
        tone: Some(Tone::New),
        ..Options::default()
    };
    let doc = analyze_bytes(text.as_bytes(), None, &opts).expect("analysis");
    assert_eq!(doc.source.tone.as_deref(), Some("old"));
    let names: Vec<&str> = doc.entities.iter().map(|e| e.name.as_str()).collect();
    assert!(names.contains(&"Uỷ ban nhân dân tỉnh"), "{names:?}");
    let issuers: Vec<&str> = doc
        .doc_refs
        .iter()
        .filter_map(|d| d.issuer.as_deref())
        .collect();
    assert!(issuers.contains(&"Ban Thường vụ Tỉnh uỷ"), "{issuers:?}");
    // Not one normalized field in the other placement.
    for field in doc
        .entities
        .iter()
        .flat_map(|e| [Some(&e.name), e.title.as_ref(), e.expansion.as_ref()])
        .chain(
            doc.doc_refs
                .iter()
                .flat_map(|d| [d.issuer.as_ref(), Some(&d.key)]),
        )
        .flatten()
    {
        for old in ["Ủy", "ủy", "hòa", "Hòa", "khỏe", "thủy"] {
            assert!(!field.contains(old), "{old} in {field:?}");
        }
    }
}
