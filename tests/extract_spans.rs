//! Property test: every extracted item's span and text point into the
//! original input (`input[span] == text`, in characters), whatever mix of
//! real patterns, random Vietnamese text, NFD forms and stray spaces.

use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;
use vnanalyze::{Options, Stage, analyze_str};

const PIECES: &[&str] = &[
    "Nghị quyết số 37-NQ/TU",
    "Chỉ thị số 24- CT/TU ngày 20/4/2018 của Ban Thường vụ Tỉnh ủy",
    "Kết luận số 100 - KL/TW",
    "các Quyết định số 668/QĐ-TTg, 669/QĐ-TTg và 670/QĐ-TTg",
    "Nghị quyết Trung ương 4 (khóa XI, XII, XIII)",
    "Luật Đất đai 2024",
    "Hiến pháp và Điều lệ Đảng",
    "Thứ tư, 21/2/2024 | 9:30:21 AM",
    "từ ngày 12 đến ngày 15 tháng 10 năm 2020",
    "giai đoạn 2021-2025",
    "quý I/2024",
    "6 tháng đầu năm",
    "Năm qua",
    "6,61 triệu cây",
    "45.799/36.875 tỷ đồng",
    "gần gấp ba lần",
    "thứ 5/14 tỉnh",
    "-9,28%",
    "7-8%",
    "hơn 1.200 ha",
    "ba trường hợp",
    "0912 345 678",
    "31/2/2024",
    "Ủy ban nhân dân tỉnh",
    "hoà bình, thuỷ lợi, khoá XIII",
];

const WORDS: &[&str] = &[
    "cán bộ",
    "đảng viên",
    "tỉnh",
    "năm",
    "tháng",
    "ngày",
    "số",
    "thứ",
    "gấp",
    "hơn",
    "gần",
    "của",
    "và",
    "triệu",
    "tỷ",
    "đồng",
    "%",
    "/",
    "-",
    ",",
    ".",
    "(",
    ")",
    "\n",
    "  ",
    "\u{a0}",
    "\u{200b}",
    "Quy định",
    "ban hành",
    "lần",
    "khóa",
    "quý",
    "Tết",
];

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        proptest::sample::select(PIECES).prop_map(str::to_string),
        proptest::sample::select(WORDS).prop_map(str::to_string),
        "[0-9]{1,6}([.,/-][0-9]{1,4}){0,2}",
        "\\PC{0,12}",
    ]
}

fn input() -> impl Strategy<Value = String> {
    (proptest::collection::vec((piece(), any::<bool>(), any::<bool>()), 0..24)).prop_map(|v| {
        let mut s = String::new();
        for (p, nfd, space) in v {
            if nfd {
                s.extend(p.nfd());
            } else {
                s.push_str(&p);
            }
            s.push_str(if space { " " } else { "" });
        }
        s
    })
}

fn check(text: &str) -> Result<(), TestCaseError> {
    let opts = Options {
        stage: Stage::Extract,
        ..Options::default()
    };
    let doc = analyze_str(text, &opts);
    let chars: Vec<char> = text.chars().collect();
    let json = serde_json::to_value(&doc).expect("serializes");
    for fam in ["dates", "figures", "doc_refs"] {
        for item in json[fam].as_array().cloned().unwrap_or_default() {
            let s = item["span"][0].as_u64().unwrap_or(u64::MAX) as usize;
            let e = item["span"][1].as_u64().unwrap_or(0) as usize;
            prop_assert!(s < e && e <= chars.len(), "bad span {s}..{e} in {text:?}");
            let slice: String = chars[s..e].iter().collect();
            prop_assert_eq!(Some(slice.as_str()), item["text"].as_str());
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]
    #[test]
    fn spans_point_into_the_input(text in input()) {
        check(&text)?;
    }
}

#[test]
fn seed_spans_point_into_the_input() {
    let seed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/seeds/000_3b1f77d61af83a32.txt"
    ))
    .expect("seed readable");
    check(&seed).expect("seed spans");
}
