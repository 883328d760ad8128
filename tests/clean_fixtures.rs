//! Runs the layout fixtures of fixtures/clean/: each article's boilerplate
//! and metadata must come out exactly as its file says.

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::Path;
use vnanalyze::{Options, Stage, analyze_str};

#[derive(Debug, Deserialize)]
struct Fixture {
    input: String,
    #[serde(default)]
    body: Vec<String>,
    #[serde(default)]
    meta: BTreeMap<String, toml::Value>,
    #[serde(default)]
    removed: Vec<Expected>,
}

#[derive(Debug, Deserialize)]
struct Expected {
    kind: String,
    text: String,
}

fn chars(s: &str, start: usize, end: usize) -> String {
    s.chars().skip(start).take(end - start).collect()
}

fn check(name: &str, f: &Fixture) -> Vec<String> {
    let mut errs = Vec::new();
    let opts = Options {
        stage: Stage::Normalize,
        ..Options::default()
    };
    let doc = analyze_str(&f.input, &opts);
    let json = serde_json::to_value(&doc).expect("document serializes");
    for (key, want) in &f.meta {
        let got = &json["meta"][key];
        let ok = match want {
            toml::Value::String(w) if w.is_empty() => got.is_null(),
            toml::Value::String(w) => got.as_str() == Some(w.as_str()),
            toml::Value::Array(ws) => {
                let ws: Vec<&str> = ws.iter().filter_map(|w| w.as_str()).collect();
                let gs: Vec<&str> = got
                    .as_array()
                    .map(|a| a.iter().filter_map(|g| g.as_str()).collect())
                    .unwrap_or_default();
                ws == gs
            }
            _ => false,
        };
        if !ok {
            errs.push(format!("{name}: meta.{key}: want {want}, got {got}"));
        }
    }
    let got: Vec<(String, String)> = doc
        .removed
        .iter()
        .map(|r| {
            (
                serde_json::to_value(r.kind)
                    .ok()
                    .and_then(|v| v.as_str().map(str::to_string))
                    .unwrap_or_default(),
                r.text.clone(),
            )
        })
        .collect();
    let want: Vec<(String, String)> = f
        .removed
        .iter()
        .map(|e| (e.kind.clone(), e.text.trim_start_matches('\n').to_string()))
        .collect();
    if got != want {
        errs.push(format!(
            "{name}: removed differs\n  want: {want:#?}\n  got:  {got:#?}"
        ));
    }
    for r in &doc.removed {
        let at = chars(&f.input, r.span.start, r.span.end);
        if at != r.text {
            errs.push(format!(
                "{name}: span {:?} holds {at:?}, not {:?}",
                r.span, r.text
            ));
        }
    }
    for keep in &f.body {
        let Some(byte) = f.input.find(keep.as_str()) else {
            errs.push(format!("{name}: body line {keep:?} is not in the input"));
            continue;
        };
        let start = f.input[..byte].chars().count();
        let end = start + keep.chars().count();
        if let Some(r) = doc
            .removed
            .iter()
            .find(|r| r.span.start < end && start < r.span.end)
        {
            errs.push(format!(
                "{name}: body line {keep:?} removed as {:?}",
                r.kind
            ));
        }
    }
    errs
}

#[test]
fn layout_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/clean");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .expect("fixtures/clean exists")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .collect();
    files.sort();
    assert!(
        files.len() >= 7,
        "expected the layout fixtures, found {}",
        files.len()
    );
    let mut errs = Vec::new();
    for path in &files {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_default();
        let text = std::fs::read_to_string(path).expect("fixture readable");
        let f: Fixture = toml::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        errs.extend(check(&name, &f));
    }
    assert!(
        errs.is_empty(),
        "{} problems:\n{}",
        errs.len(),
        errs.join("\n")
    );
}

/// Issue 17, "Also": more-news and "read more" markers inserted at random
/// places of real-looking articles (written for this test) never take a
/// body paragraph longer than a teaser with them; in these articles, whose
/// paragraphs all end with a full stop, they take no paragraph at all.
mod inserted_markers {
    use proptest::prelude::*;
    use vnanalyze::{Options, Stage, analyze_str};

    /// A teaser inside an article is a headline of at most this many words;
    /// a longer paragraph is body and must stay.
    const TEASER_WORDS: usize = 25;

    const SENTENCES: [&str; 16] = [
        "Năm 2023, toàn tỉnh kết nạp 1.250 đảng viên mới, đạt 104% kế hoạch.",
        "Hội nghị đã thảo luận, thống nhất các giải pháp trọng tâm cho năm 2024.",
        "Theo báo cáo của Ban Tổ chức Tỉnh ủy, 96,2% tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên, tăng 1,4% so với cùng kỳ năm trước.",
        "Các cấp ủy đã chỉ đạo đổi mới nội dung sinh hoạt chi bộ.",
        "Thực hiện Nghị quyết số 21-NQ/TW của Ban Chấp hành Trung ương, tỉnh đã ban hành kế hoạch củng cố tổ chức cơ sở đảng và nâng cao chất lượng đội ngũ đảng viên ở các xã vùng cao.",
        "Tổng vốn đầu tư công giải ngân đạt 3.480 tỷ đồng.",
        "Phát biểu tại hội nghị, đồng chí Bí thư Tỉnh ủy đề nghị các ngành tập trung tháo gỡ khó khăn cho doanh nghiệp, đẩy nhanh tiến độ các công trình trọng điểm và bảo đảm an sinh xã hội cho người dân.",
        "Thu nhập bình quân đầu người đạt 58 triệu đồng.",
        "Công tác kiểm tra, giám sát được tăng cường, phát hiện và xử lý kịp thời các vi phạm.",
        "Tỉnh phấn đấu đến năm 2025 có 70% số xã đạt chuẩn nông thôn mới.",
        "Việc chuyển đổi số trong các cơ quan đảng được triển khai đồng bộ từ tỉnh đến cơ sở, với 100% văn bản được ký số và gửi nhận qua mạng.",
        "Hội đồng nhân dân tỉnh đã thông qua 24 nghị quyết.",
        "Nhiều mô hình hay, cách làm sáng tạo được nhân rộng.",
        "Đoàn công tác đã đến thăm, tặng quà các gia đình chính sách tại huyện miền núi.",
        "Kết quả này góp phần quan trọng vào tăng trưởng kinh tế của địa phương.",
        "Sau 5 năm thực hiện Chỉ thị số 05-CT/TW, việc học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh đã trở thành nền nếp trong sinh hoạt của các chi bộ.",
    ];

    const MARKERS: [&str; 9] = [
        "Tin liên quan",
        "Các tin khác",
        "Xem thêm",
        "Đọc thêm",
        "Bài viết liên quan",
        "TIN LIÊN QUAN:",
        "Xem thêm:",
        "Các tin khác:",
        "Đọc thêm:",
    ];

    const TEASERS: [&str; 5] = [
        "Yên Bái tổng kết công tác xây dựng Đảng năm 2023",
        "Hội nghị Ban Chấp hành Đảng bộ tỉnh lần thứ 15",
        "Nâng cao chất lượng sinh hoạt chi bộ ở vùng cao",
        "Trấn Yên ra quân sản xuất đầu xuân",
        "Khai mạc kỳ họp thứ 12 Hội đồng nhân dân tỉnh khóa XVIII",
    ];

    fn words(s: &str) -> usize {
        s.split_whitespace()
            .filter(|w| w.chars().any(char::is_alphanumeric))
            .count()
    }

    /// A paragraph: one to four sentences of the bank.
    fn paragraph() -> impl Strategy<Value = String> {
        proptest::collection::vec(0..SENTENCES.len(), 1..=4).prop_map(|ix| {
            ix.iter()
                .map(|&i| SENTENCES[i])
                .collect::<Vec<_>>()
                .join(" ")
        })
    }

    /// A marker line with up to three teaser lines under it.
    fn block() -> impl Strategy<Value = Vec<String>> {
        (
            0..MARKERS.len(),
            proptest::collection::vec(0..TEASERS.len(), 0..=3),
        )
            .prop_map(|(m, ts)| {
                std::iter::once(MARKERS[m].to_string())
                    .chain(ts.into_iter().map(|t| TEASERS[t].to_string()))
                    .collect()
            })
    }

    /// An article: title, date line, 3 to 10 paragraphs; 1 to 3 marker
    /// blocks inserted before the paragraphs at the given positions;
    /// paragraphs separated by one newline or by a blank line.
    fn article() -> impl Strategy<Value = (String, Vec<String>, Vec<String>)> {
        (
            proptest::collection::vec(paragraph(), 3..=10),
            proptest::collection::vec((0usize..=10, block()), 1..=3),
            any::<bool>(),
        )
            .prop_map(|(paras, blocks, blank)| {
                let sep = if blank { "\n\n" } else { "\n" };
                let mut parts = vec![
                    "Tỉnh ủy tổng kết công tác năm 2023, triển khai nhiệm vụ năm 2024".to_string(),
                    "Thứ Năm, 11/01/2024 10:20".to_string(),
                ];
                let mut markers = Vec::new();
                for (i, p) in paras.iter().enumerate() {
                    for (at, b) in &blocks {
                        if *at == i {
                            markers.push(b[0].clone());
                            // The marker and its teasers are one block of lines.
                            parts.push(b.join("\n"));
                        }
                    }
                    parts.push(p.clone());
                }
                (parts.join(sep), paras, markers)
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

        #[test]
        fn no_long_body_paragraph_is_removed((input, paras, markers) in article()) {
            let opts = Options { stage: Stage::Normalize, ..Options::default() };
            let doc = analyze_str(&input, &opts);
            // Long paragraphs never go; and here, where every paragraph
            // ends with a full stop and no byline or tags line stands
            // before a marker, no paragraph goes at all.
            for p in &paras {
                // A repeated paragraph may be a duplicate; only unique ones count.
                if input.matches(p.as_str()).count() != 1 {
                    continue;
                }
                let byte = input.find(p.as_str()).unwrap_or(0);
                let start = input[..byte].chars().count();
                let end = start + p.chars().count();
                let hit = doc.removed.iter().find(|r| r.span.start < end && start < r.span.end);
                prop_assert!(
                    hit.is_none(),
                    "paragraph of {} words (a teaser has at most {}) removed as {:?}: {:?}\n{}",
                    words(p), TEASER_WORDS, hit.map(|r| r.kind), p, input
                );
            }
            // Each marker line itself is set aside as more-news.
            let mut at = 0;
            for line in input.split('\n') {
                let n = line.chars().count();
                if markers.iter().any(|m| m == line) {
                    let covered = doc.removed.iter().any(|r| {
                        r.kind == vnanalyze::document::RemovedKind::MoreNews
                            && r.span.start <= at
                            && at + n <= r.span.end
                    });
                    prop_assert!(covered, "marker {:?} at {} not removed\n{}", line, at, input);
                }
                at += n + 1;
            }
        }
    }
}

/// Issue 17, item 16: the metadata strings are NFC whatever the input's
/// normalization form or encoding (NFD text; Windows-1258 bytes, whose tone
/// marks decode as combining characters).
#[test]
fn meta_strings_are_nfc_for_nfd_and_windows_1258_input() {
    use unicode_normalization::UnicodeNormalization;
    let article = "Huyện Mù Cang Chải triển khai nhiệm vụ năm 2024\n\
                   Thứ Hai, 15/01/2024 09:30\n\
                   Bài và ảnh: Thành Trung\n\n\
                   Mù Cang Chải - Sáng 14/1, Huyện ủy Mù Cang Chải tổ chức hội nghị triển khai nhiệm vụ năm 2024.\n\n\
                   Năm 2023, huyện đã hoàn thành 18/20 chỉ tiêu chủ yếu.\n\n\
                   Tags: Mù Cang Chải, Huyện ủy, nhiệm vụ năm 2024\n";
    let want_title = "Huyện Mù Cang Chải triển khai nhiệm vụ năm 2024";
    let opts = Options {
        stage: Stage::Normalize,
        ..Options::default()
    };
    let nfd: String = article.nfd().collect();
    assert_ne!(nfd, article);
    // Windows-1258: precomposed where the code page has the letter, else the
    // base letter and a combining tone mark.
    let mut cp1258 = Vec::new();
    for c in article.chars() {
        let mut one = [0u8; 4];
        let s: &str = c.encode_utf8(&mut one);
        let (bytes, _, bad) = encoding_rs::WINDOWS_1258.encode(s);
        if !bad {
            cp1258.extend_from_slice(&bytes);
            continue;
        }
        const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
        let parts: String = std::iter::once(c).nfd().collect();
        let base: String = parts.chars().filter(|m| !TONES.contains(m)).nfc().collect();
        let tones: String = parts.chars().filter(|m| TONES.contains(m)).collect();
        let split = format!("{base}{tones}");
        let (bytes, _, bad) = encoding_rs::WINDOWS_1258.encode(&split);
        assert!(!bad, "{c} in windows-1258");
        cp1258.extend_from_slice(&bytes);
    }
    let from_bytes = vnanalyze::analyze_bytes(&cp1258, None, &opts).expect("decodes");
    assert_eq!(from_bytes.source.encoding.as_deref(), Some("windows-1258"));
    for doc in [analyze_str(&nfd, &opts), from_bytes] {
        assert_eq!(doc.meta.title.as_deref(), Some(want_title));
        assert_eq!(doc.meta.author.as_deref(), Some("Thành Trung"));
        assert_eq!(doc.meta.place.as_deref(), Some("Mù Cang Chải"));
        assert_eq!(
            doc.meta.tags,
            ["Mù Cang Chải", "Huyện ủy", "nhiệm vụ năm 2024"]
        );
        assert_eq!(doc.meta.published.as_deref(), Some("2024-01-15T09:30:00"));
    }
}

/// Issue 17, item 16: a title given with the input (a record's `title`) in
/// NFD comes out NFC too.
#[test]
fn given_title_is_nfc() {
    use unicode_normalization::UnicodeNormalization;
    let opts = Options {
        stage: Stage::Normalize,
        title: Some("Ủy ban nhân dân tỉnh họp phiên thường kỳ".nfd().collect()),
        ..Options::default()
    };
    let doc = analyze_str(
        "Sáng 3/4, Ủy ban nhân dân tỉnh họp phiên thường kỳ tháng 3.",
        &opts,
    );
    assert_eq!(
        doc.meta.title.as_deref(),
        Some("Ủy ban nhân dân tỉnh họp phiên thường kỳ")
    );
}
