//! Property tests: whatever normalization does, every item the pipeline
//! reports satisfies `input[span] == text` (in characters), spans are in
//! bounds and in document order; the layout of a real article (NFD, CRLF,
//! odd spaces, tone placement) does not change what is set aside.

use crate::check;

use proptest::prelude::*;
use std::path::Path;
use unicode_normalization::UnicodeNormalization;
use vnanalyze::{Options, Stage, analyze_str};

/// Runs the whole pipeline (with sentences) on `input` and checks the
/// invariants shared with the fuzz targets (`fuzz/src/check.rs`): valid
/// JSON, `source.chars`, every span in bounds holding its text, document
/// order. A failed check panics, which proptest reports and shrinks.
fn check_spans(input: &str) -> Result<(), TestCaseError> {
    check::check_text(input, &check::options(Stage::Summarize));
    Ok(())
}

/// Vietnamese-like pieces: syllables with tone marks, both tone placements,
/// glued syllables, codes with stray spaces, numbers, dates, boilerplate.
fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "cán",
            "bộ",
            "đảng",
            "viên",
            "Nghị",
            "quyết",
            "số",
            "hòa",
            "hoà",
            "thủy",
            "thuỷ",
            "ủy",
            "uỷ",
            "Yên",
            "Bái",
            "YênBái",
            "ĐắkLắk",
            "khỏe",
            "khoẻ",
            "Tỉnh",
            "Ủy",
            "Uỷ",
            "ban",
            "nhân",
            "dân",
            "quý",
            "của",
            "người",
            "Thủ",
            "tướng",
            "tăng",
            "triệu",
            "tỷ",
            "đồng",
            "%",
            ",",
            ".",
            "…",
            "\"",
            "(",
            ")",
            "-",
            ">>",
            "Ảnh:",
            "Tags",
            "Các tin khác",
            "Thành Trung",
        ])
        .prop_map(str::to_string),
        (1u32..40, 0u32..100).prop_map(|(a, b)| format!("{a},{b}")),
        (1u32..29, 1u32..13, 1990u32..2030).prop_map(|(d, m, y)| format!("ngày {d}/{m}/{y}")),
        (
            1u32..200,
            prop::sample::select(vec!["NQ", "CT", "KL", "QĐ"]),
            prop::sample::select(vec!["TW", "TU", "TƯ"])
        )
            .prop_map(|(n, t, i)| format!("{n}- {t}/{i}")),
        (1u32..999).prop_map(|n| format!("{n}/2020/NĐ-CP")),
    ]
}

fn separator() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        " ", " ", " ", " ", "  ", "\u{a0}", "\u{200b}", "\t", "\n", "\n\n", "\r\n", "\r", "\n\n\n",
        " \u{a0} ",
    ])
}

fn article() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((piece(), separator()), 0..120),
        any::<bool>(),
        any::<u64>(),
    )
        .prop_map(|(parts, nfd, salt)| {
            let mut s = String::new();
            for (i, (p, sep)) in parts.into_iter().enumerate() {
                // Decompose some words, as pasted NFD text does.
                if nfd && (salt >> (i % 64)) & 1 == 1 {
                    s.extend(p.nfd());
                } else {
                    s.push_str(&p);
                }
                s.push_str(sep);
            }
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn spans_hold_their_text_on_generated_text(input in article()) {
        check_spans(&input)?;
    }

    #[test]
    fn spans_hold_their_text_on_arbitrary_unicode(input in "\\PC{0,300}") {
        check_spans(&input)?;
    }

    #[test]
    fn spans_hold_their_text_on_perturbed_real_articles(
        cut in 0usize..12000, len in 0usize..3000, nfd in any::<bool>(), crlf in any::<bool>()
    ) {
        let seed = include_str!("../seeds/000_3b1f77d61af83a32.txt");
        let chars: Vec<char> = seed.chars().collect();
        let start = cut.min(chars.len());
        let end = (start + len).min(chars.len());
        let mut s: String = chars[start..end].iter().collect();
        if nfd {
            s = s.nfd().collect();
        }
        if crlf {
            s = s.replace('\n', "\r\n");
        }
        check_spans(&s)?;
    }
}

#[test]
fn spans_hold_their_text_on_the_seed_and_every_fixture() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut inputs = vec![include_str!("../seeds/000_3b1f77d61af83a32.txt").to_string()];
    for e in std::fs::read_dir(root.join("fixtures/clean"))
        .expect("fixtures")
        .flatten()
    {
        let text = std::fs::read_to_string(e.path()).unwrap_or_default();
        if let Ok(v) = text.parse::<toml::Table>()
            && let Some(s) = v.get("input").and_then(|i| i.as_str())
        {
            inputs.push(s.to_string());
        }
    }
    assert!(inputs.len() >= 8);
    for input in inputs {
        for variant in [
            input.clone(),
            input.nfd().collect(),
            input.replace('\n', "\r\n"),
            input.replace(' ', "\u{a0}"),
        ] {
            check_spans(&variant).expect("spans hold");
        }
    }
}

/// The same article in NFD, with CRLF line ends, with non-breaking spaces
/// or in the other tone placement sets aside the same parts with the same
/// metadata.
#[test]
fn layout_of_the_bytes_does_not_change_what_is_removed() {
    let seed = include_str!("../seeds/000_3b1f77d61af83a32.txt");
    let opts = Options {
        stage: Stage::Normalize,
        ..Options::default()
    };
    let summary = |s: &str| {
        let d = analyze_str(s, &opts);
        let kinds: Vec<_> = d
            .removed
            .iter()
            .map(|r| {
                (
                    r.kind,
                    r.text.nfc().collect::<String>().replace("\r\n", "\n"),
                )
            })
            .collect();
        (
            kinds,
            d.meta.published.clone(),
            d.meta.place.clone(),
            d.meta.author.clone(),
        )
    };
    let base = summary(seed);
    assert_eq!(base.0.len(), 9);
    let retoned = seed.replace("ủy", "uỷ").replace("hòa", "hoà");
    for variant in [
        seed.nfd().collect::<String>(),
        seed.replace('\n', "\r\n"),
        retoned,
    ] {
        let v = summary(&variant);
        assert_eq!(
            v.0.iter().map(|k| k.0).collect::<Vec<_>>(),
            base.0.iter().map(|k| k.0).collect::<Vec<_>>()
        );
        assert_eq!((&v.1, &v.2, &v.3), (&base.1, &base.2, &base.3));
    }
}

/// Pieces of a news page: markup (blocks, links, boxes, scripts,
/// entities, comments, unclosed tags) and Vietnamese text.
fn page_piece() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "<p>",
            "</p>",
            "<div class=\"content\">",
            "<div class=\"related\">",
            "</div>",
            "<a href=\"/x\">",
            "</a>",
            "<br>",
            "<br><br>",
            "<h1>",
            "</h1>",
            "<h2 class=\"sapo\">",
            "</h2>",
            "<figure><img src=\"a.jpg\"><figcaption>Quang cảnh hội nghị. Ảnh: Minh Anh</figcaption></figure>",
            "<script>var a = '<p>không phải văn bản</p>';</script>",
            "<style>p { color: red }</style>",
            "<!-- chú thích -->",
            "&amp;",
            "&#7879;",
            "&nbsp;",
            "<span>",
            "</span>",
            "<b>",
            "<ul><li>",
            "</li></ul>",
            "<time datetime=\"2024-02-21T09:30:21+07:00\">21/2/2024</time>",
        ])
        .prop_map(str::to_string),
        prop::sample::select(vec![
            "Sáng 21/2, Tỉnh ủy ban hành Nghị quyết số 37-NQ/TU về phát triển kinh tế.",
            "Thu ngân sách đạt 6,61 triệu đồng, tăng 7,24% so với năm trước.",
            "Đồng chí Trần Huy Tuấn, Chủ tịch UBND tỉnh, phát biểu tại hội nghị.",
            "Chỉ thị số 24- CT/TU ngày 15/10/2020 của Ban Thường vụ Tỉnh ủy Yên Bái",
            "Thứ tư, 21/2/2024 | 9:30:21 AM",
            "Tin liên quan",
            "hòa thuỷ khoẻ Yên\u{0300}Bái",
            " \n\t ",
        ])
        .prop_map(str::to_string),
    ]
}

fn page() -> impl Strategy<Value = String> {
    prop::collection::vec(page_piece(), 0..60).prop_map(|pieces| {
        format!(
            "<!DOCTYPE html><html><head><title>Tỉnh ủy họp phiên thường kỳ</title></head><body>{}</body></html>",
            pieces.concat()
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// HTML input: every span indexes the record's `text` (the extracted
    /// article), or the page is a clear `no_article` error.
    #[test]
    fn spans_hold_their_text_on_generated_pages(input in page()) {
        let json = check::check_bytes(input.as_bytes(), &check::options(Stage::Summarize));
        if json.get("error").is_none() {
            prop_assert_eq!(&json["source"]["format"], "html");
            prop_assert!(json["text"].is_string());
        } else {
            prop_assert_eq!(&json["error"]["kind"], "no_article");
        }
    }
}
