//! Round trips of a real article through every supported encoding: the seed
//! is encoded with encoders written here (the inverses of the decoding
//! tables), then `decode` must find the encoding and give the text back.

use crate::common::encode::*;
use std::collections::BTreeSet;
use vnanalyze::decode::{DETECTION_SAMPLE, Encoding, decode};

const SEED: &str = include_str!("../seeds/000_3b1f77d61af83a32.txt");

/// Decodes `bytes` detected and forced, checking the encoding and the text.
fn assert_round_trip(bytes: &[u8], encoding: Encoding, expected: &str) {
    for forced in [None, Some(encoding)] {
        let d = match decode(bytes, forced) {
            Ok(d) => d,
            Err(e) => panic!("{encoding} (forced: {forced:?}): {e}"),
        };
        assert_eq!(d.encoding, encoding, "forced: {forced:?}");
        let (got, want) = (nfc(&d.text), nfc(expected));
        if got != want {
            let at = got
                .chars()
                .zip(want.chars())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            let near = |s: &str| {
                s.chars()
                    .skip(at.saturating_sub(20))
                    .take(50)
                    .collect::<String>()
            };
            panic!(
                "{encoding} (forced: {forced:?}) differs at char {at}:\n got: {}\nwant: {}",
                near(&got),
                near(&want)
            );
        }
    }
}

#[test]
fn seed_is_nfc_and_vietnamese() {
    assert_eq!(nfc(SEED), SEED);
    assert!(SEED.contains("Yên Bái"));
}

#[test]
fn seed_utf8_with_and_without_bom() {
    assert_round_trip(SEED.as_bytes(), Encoding::Utf8, SEED);
    assert_round_trip(&utf8_bom(SEED), Encoding::Utf8, SEED);
    assert_eq!(decode(&utf8_bom(SEED), None).unwrap().text, SEED);
}

#[test]
fn seed_utf16_with_bom() {
    assert_round_trip(&utf16(SEED, false), Encoding::Utf16Le, SEED);
    assert_round_trip(&utf16(SEED, true), Encoding::Utf16Be, SEED);
    assert_eq!(decode(&utf16(SEED, true), None).unwrap().text, SEED);
}

#[test]
fn seed_windows_1258() {
    let e = windows_1258(SEED);
    // Every character of the seed exists in cp1258, precomposed or as base
    // letter + combining tone mark.
    assert_eq!(e.unrepresentable, BTreeSet::new());
    assert_round_trip(&e.bytes, Encoding::Windows1258, SEED);
    // The decoder keeps the combining marks of the code page.
    let text = decode(&e.bytes, None).unwrap().text;
    assert!(text.contains('\u{323}') && text.contains('\u{309}'));
    assert_ne!(text, SEED);
}

#[test]
fn seed_tcvn3() {
    let e = tcvn3(SEED);
    // The only capital letter with a tone mark in the seed ("Ảnh").
    assert_eq!(e.unrepresentable, BTreeSet::from(['Ả']));
    let expected = tcvn3_expected(SEED, &e.unrepresentable);
    assert!(expected.contains("ảnh") && !expected.contains('Ả'));
    assert_round_trip(&e.bytes, Encoding::Tcvn3, &expected);
}

#[test]
fn seed_vni() {
    let e = vni(SEED);
    assert_eq!(e.unrepresentable, BTreeSet::new());
    // VNI spells "Việt"-style letters with two bytes.
    assert!(e.bytes.len() > SEED.chars().count());
    assert_round_trip(&e.bytes, Encoding::Vni, SEED);
}

/// Inputs longer than the detection sample: detection looks at the start,
/// the chosen encoding decodes all of it.
#[test]
fn seed_repeated_past_the_detection_sample() {
    let n = DETECTION_SAMPLE / SEED.len() + 2;
    let long = SEED.repeat(n);
    assert!(long.len() > DETECTION_SAMPLE);

    assert_round_trip(&windows_1258(&long).bytes, Encoding::Windows1258, &long);
    let e = tcvn3(&long);
    assert_round_trip(
        &e.bytes,
        Encoding::Tcvn3,
        &tcvn3_expected(&long, &e.unrepresentable),
    );
    assert_round_trip(&vni(&long).bytes, Encoding::Vni, &long);
}

/// A single paragraph is enough to tell the 8-bit encodings apart.
#[test]
fn first_paragraph_alone() {
    let para = SEED.lines().next().unwrap();
    assert!(para.starts_with("Chấn chỉnh"));
    assert_round_trip(&windows_1258(para).bytes, Encoding::Windows1258, para);
    assert_round_trip(&tcvn3(para).bytes, Encoding::Tcvn3, para);
    assert_round_trip(&vni(para).bytes, Encoding::Vni, para);
}

/// Sentences written for these tests (political news style), cut into
/// short pieces to measure detection on short legacy inputs.
const SHORT_SOURCE: [&str; 50] = [
    "Sáng nay, Ban Thường vụ Tỉnh ủy họp phiên thường kỳ tháng Tư để cho ý kiến về nhiều nội dung quan trọng.",
    "Đồng chí Bí thư Tỉnh ủy chủ trì hội nghị, các đồng chí Phó Bí thư cùng dự.",
    "Hội nghị đã nghe báo cáo tình hình kinh tế - xã hội quý I và nhiệm vụ trọng tâm quý II năm 2024.",
    "Tổng sản phẩm trên địa bàn tỉnh ước tăng 6,8% so với cùng kỳ năm trước.",
    "Thu ngân sách nhà nước đạt 2.315 tỷ đồng, bằng 27% dự toán được giao.",
    "Công tác xây dựng Đảng tiếp tục được quan tâm, chất lượng sinh hoạt chi bộ từng bước nâng lên.",
    "Ủy ban kiểm tra các cấp đã kiểm tra 35 tổ chức đảng và 112 đảng viên khi có dấu hiệu vi phạm.",
    "Người đứng đầu cấp ủy phải gương mẫu, nói đi đôi với làm, chịu trách nhiệm trước tập thể.",
    "Huyện đã vận động nhân dân hiến hơn 12 nghìn mét vuông đất để làm đường giao thông nông thôn.",
    "Việc chuyển đổi số được triển khai mạnh mẽ ở tất cả các xã, phường, thị trấn.",
    "Nhiều hộ dân vùng cao đã thoát nghèo bền vững nhờ phát triển cây quế và chăn nuôi gia súc.",
    "Ngành giáo dục chuẩn bị tốt các điều kiện cho kỳ thi tốt nghiệp trung học phổ thông.",
    "Lực lượng công an giữ vững an ninh chính trị, trật tự an toàn xã hội trên địa bàn.",
    "Mặt trận Tổ quốc và các đoàn thể tích cực tuyên truyền, vận động đoàn viên, hội viên.",
    "Quốc hội thông qua Luật Đất đai sửa đổi với đa số đại biểu tán thành.",
    "Chính phủ yêu cầu các bộ, ngành đẩy nhanh tiến độ giải ngân vốn đầu tư công.",
    "Thủ tướng nhấn mạnh phải khơi thông mọi nguồn lực cho phát triển.",
    "Đoàn đại biểu Quốc hội tỉnh tiếp xúc cử tri trước kỳ họp thứ bảy.",
    "Cử tri kiến nghị sớm sửa chữa tuyến đường liên xã bị sạt lở sau mưa lũ.",
    "Trường Đại học Sư phạm tổ chức lễ trao bằng tốt nghiệp cho hơn một nghìn tân cử nhân.",
    "Bệnh viện đa khoa tỉnh tiếp nhận trang thiết bị y tế hiện đại trị giá hàng chục tỷ đồng.",
    "Phong trào thi đua yêu nước được phát động sâu rộng trong cán bộ, đảng viên và nhân dân.",
    "Kỷ niệm 94 năm Ngày thành lập Đảng Cộng sản Việt Nam, tỉnh tổ chức nhiều hoạt động ý nghĩa.",
    "Hội Liên hiệp Phụ nữ huyện trao tặng mái ấm tình thương cho hội viên có hoàn cảnh khó khăn.",
    "Đoàn Thanh niên ra quân hưởng ứng Tháng thanh niên với nhiều công trình thiết thực.",
    "Ông Nguyễn Văn Hùng được bầu giữ chức Chủ tịch Ủy ban nhân dân huyện nhiệm kỳ 2021 - 2026.",
    "Bà Trần Thị Hương, Phó Chủ tịch Hội đồng nhân dân tỉnh, phát biểu bế mạc kỳ họp.",
    "Tỉnh ủy ban hành Nghị quyết về phát triển du lịch gắn với bảo tồn văn hóa các dân tộc.",
    "Sản lượng lương thực cả năm ước đạt hơn hai trăm nghìn tấn, vượt kế hoạch đề ra.",
    "Diện tích rừng trồng mới tăng mạnh, tỷ lệ che phủ rừng đạt 63,5%.",
    "Các doanh nghiệp gặp khó khăn về vốn, thị trường tiêu thụ và nguồn nhân lực chất lượng cao.",
    "Để tháo gỡ vướng mắc, tỉnh thành lập tổ công tác đặc biệt hỗ trợ nhà đầu tư.",
    "Buổi lễ diễn ra trang trọng tại Quảng trường trung tâm thành phố.",
    "Chúng ta phải kiên quyết đấu tranh phòng, chống tham nhũng, tiêu cực, lãng phí.",
    "Mỗi cán bộ cần nêu cao tinh thần trách nhiệm, dám nghĩ, dám làm, dám chịu trách nhiệm.",
    "Trời mưa to kéo dài khiến nhiều tuyến đường ở huyện miền núi bị chia cắt.",
    "Học sinh trường trung học cơ sở thị trấn giành giải nhất cuộc thi sáng tạo khoa học kỹ thuật.",
    "Khuyến khích người dân ứng dụng khoa học công nghệ vào sản xuất nông nghiệp hữu cơ.",
    "Nguyện vọng chính đáng của người lao động luôn được tổ chức công đoàn quan tâm giải quyết.",
    "Xã biên giới được đầu tư xây dựng trạm y tế, điểm trường và nhà văn hóa thôn bản.",
    "Tuyến cao tốc mới khánh thành rút ngắn thời gian di chuyển xuống còn hơn hai giờ.",
    "Hướng dẫn của Ban Tuyên giáo Trung ương nêu rõ yêu cầu đổi mới công tác tuyên truyền.",
    "Ngày hội đại đoàn kết toàn dân tộc được tổ chức ấm cúng ở khu dân cư.",
    "Đại hội đại biểu Đảng bộ xã lần thứ hai mươi bầu Ban Chấp hành gồm mười lăm đồng chí.",
    "Vườn cam của gia đình anh Lò Văn Khởi cho thu nhập gần ba trăm triệu đồng mỗi năm.",
    "Nước sạch đã về tới từng bản làng xa xôi nhất của huyện vùng cao.",
    "Quyết tâm hoàn thành thắng lợi các mục tiêu, nhiệm vụ phát triển kinh tế - xã hội năm nay.",
    "Trung tâm Y tế huyện khuyến cáo người dân chủ động phòng, chống dịch bệnh mùa hè.",
    "Cuộc thi viết về gương người tốt, việc tốt thu hút hàng trăm tác phẩm dự thi.",
    "Các chi bộ thực hiện nghiêm nguyên tắc tập trung dân chủ, tự phê bình và phê bình.",
];

/// Every run of whole words of 5 to 30 characters with a non-ASCII letter.
fn short_pieces() -> Vec<String> {
    let mut out = Vec::new();
    for line in SHORT_SOURCE {
        let words: Vec<&str> = line.split(' ').collect();
        for i in 0..words.len() {
            for j in i + 1..=words.len() {
                let piece = words[i..j].join(" ");
                let n = piece.chars().count();
                if n > 30 {
                    break;
                }
                if n >= 5 && !piece.is_ascii() {
                    out.push(piece);
                }
            }
        }
    }
    out
}

/// How detection fares on the short pieces encoded in one 8-bit encoding.
#[derive(Debug, Default)]
struct ShortDetection {
    pieces: usize,
    /// Decoded to another text than the one encoded (after NFC; another
    /// encoding that gives the same text is no error), or undecodable.
    wrong: usize,
    /// ... of those, without a warning.
    silent: usize,
    /// Right, but with a warning.
    doubted: usize,
}

impl ShortDetection {
    fn percent(n: usize, of: usize) -> f64 {
        100.0 * n as f64 / of.max(1) as f64
    }
}

fn short_detection(encoding: Encoding) -> ShortDetection {
    let mut r = ShortDetection::default();
    for piece in short_pieces() {
        let (bytes, want) = match encoding {
            Encoding::Tcvn3 => {
                let e = tcvn3(&piece);
                let want = tcvn3_expected(&piece, &e.unrepresentable);
                (e.bytes, want)
            }
            Encoding::Vni => (vni(&piece).bytes, piece.clone()),
            _ => (windows_1258(&piece).bytes, piece.clone()),
        };
        r.pieces += 1;
        let show = std::env::var("SHOW_WRONG").is_ok();
        match decode(&bytes, None) {
            Ok(d) if nfc(&d.text) == nfc(&want) => r.doubted += usize::from(!d.warnings.is_empty()),
            Ok(d) => {
                if show {
                    eprintln!(
                        "WRONG {encoding} {piece:?} -> {} {:?} {:?}",
                        d.encoding,
                        nfc(&d.text),
                        d.warnings
                    );
                }
                r.wrong += 1;
                r.silent += usize::from(d.warnings.is_empty());
            }
            Err(e) => {
                if show {
                    eprintln!("WRONG {encoding} {piece:?} -> {e}");
                }
                r.wrong += 1;
                r.silent += 1;
            }
        }
    }
    r
}

/// Issue 17, item 4: short legacy inputs (5 to 30 characters, the 4,156
/// pieces of `SHORT_SOURCE` with a non-ASCII letter). Before the fix:
/// Windows-1258 0% wrong, TCVN3 1.90% wrong, VNI 4.69% wrong, all of them
/// silently. After: 0%, 0.22% (9) and 0.24% (10), none silently (a close
/// call is a warning; right decodings with a warning: 3.42%, 2.26%,
/// 1.03%). Run with `--nocapture` for the rates, `SHOW_WRONG=1` for the
/// pieces.
#[test]
fn short_legacy_inputs_are_detected() {
    for e in [Encoding::Windows1258, Encoding::Tcvn3, Encoding::Vni] {
        let r = short_detection(e);
        eprintln!(
            "{e}: {} pieces, {} wrong ({:.2}%), {} wrong without a warning ({:.2}%), \
             {} right with a warning ({:.2}%)",
            r.pieces,
            r.wrong,
            ShortDetection::percent(r.wrong, r.pieces),
            r.silent,
            ShortDetection::percent(r.silent, r.pieces),
            r.doubted,
            ShortDetection::percent(r.doubted, r.pieces),
        );
        assert_eq!(r.pieces, 4156);
        assert!(r.wrong * 200 <= r.pieces, "{e}: over 0.5% wrong: {r:?}");
        assert_eq!(r.silent, 0, "{e}: wrong without a warning: {r:?}");
        assert!(r.doubted * 20 <= r.pieces, "{e}: over 5% doubted: {r:?}");
    }
}

/// An article written for these tests: the short-piece sentences, one
/// paragraph each.
fn own_article() -> String {
    SHORT_SOURCE.join("\n\n") + "\n"
}

/// Issue 17, item 2: a UTF-8 article cut inside its last character is
/// UTF-8 with one U+FFFD and a warning, not undecodable.
#[test]
fn utf8_cut_inside_its_last_character_is_utf8_with_a_warning() {
    let article = own_article();
    let text = article.trim_end();
    assert!(text.ends_with("phê bình."));
    // Cut inside "ì" of the last "bình": keep its first byte only.
    let at = text.rfind('ì').unwrap();
    let bytes = &text.as_bytes()[..at + 1];
    let d = decode(bytes, None).unwrap();
    assert_eq!(d.encoding, Encoding::Utf8);
    assert_eq!(d.text, format!("{}\u{fffd}", &text[..at]));
    assert_eq!(
        d.warnings,
        [format!(
            "1 invalid UTF-8 byte sequence replaced by U+FFFD (first at byte offset {at})"
        )]
    );
}

/// Issue 17, item 2: mostly-ASCII UTF-8 with one stray 0xA0 is UTF-8 with
/// one U+FFFD and a warning, not Windows-1258 mojibake.
#[test]
fn mostly_ascii_utf8_with_a_stray_byte_is_utf8_with_a_warning() {
    let mut bytes = b"Press release: the People's Committee of ".to_vec();
    bytes.extend("Yên Bái".as_bytes());
    bytes.extend(b" province met on 5 March 2024.\xA0The meeting reviewed 12 projects.\n");
    let d = decode(&bytes, None).unwrap();
    assert_eq!(d.encoding, Encoding::Utf8);
    assert_eq!(
        d.text,
        "Press release: the People's Committee of Yên Bái province met on 5 March \
         2024.\u{fffd}The meeting reviewed 12 projects.\n"
    );
    let stray = bytes.iter().position(|&b| b == 0xA0).unwrap();
    assert_eq!(stray, 80);
    assert_eq!(
        d.warnings,
        ["1 invalid UTF-8 byte sequence replaced by U+FFFD (first at byte offset 80)"]
    );
    // A few stray bytes in a Vietnamese article: still UTF-8.
    let article = own_article();
    let mut bytes = article.as_bytes().to_vec();
    for at in [3000, 2000, 1000] {
        let at = (at..).find(|&i| article.is_char_boundary(i)).unwrap();
        bytes.insert(at, 0xFF);
    }
    let d = decode(&bytes, None).unwrap();
    assert_eq!(d.encoding, Encoding::Utf8);
    assert_eq!(d.text.matches('\u{fffd}').count(), 3);
    assert_eq!(d.warnings.len(), 1);
    assert!(d.warnings[0].starts_with("3 invalid UTF-8 byte sequences"));
}

/// Issue 17, item 3: TCVN3, VNI or Windows-1258 text after an ASCII header
/// longer than the detection sample is detected from its non-ASCII lines.
#[test]
fn legacy_text_after_a_long_ascii_header() {
    let header = "Copyright (c) Bao Yen Bai. All rights reserved.\n".repeat(1400);
    assert!(header.len() > DETECTION_SAMPLE);
    let article = own_article();
    let e = tcvn3(&article);
    let cases = [
        (
            e.bytes.clone(),
            Encoding::Tcvn3,
            tcvn3_expected(&article, &e.unrepresentable),
        ),
        (vni(&article).bytes, Encoding::Vni, article.clone()),
        (
            windows_1258(&article).bytes,
            Encoding::Windows1258,
            article.clone(),
        ),
    ];
    for (body, encoding, want) in cases {
        let mut bytes = header.as_bytes().to_vec();
        bytes.extend(&body);
        assert_round_trip(&bytes, encoding, &format!("{header}{want}"));
        // One long line: the header without newlines.
        let mut bytes = header.replace('\n', " ").into_bytes();
        bytes.extend(&body);
        assert_round_trip(
            &bytes,
            encoding,
            &format!("{}{want}", header.replace('\n', " ")),
        );
    }
}

/// Issue 17, item 4: short lines with an abbreviation that is no syllable
/// ("ĐH", "HĐND", "TƯ") decode in every 8-bit encoding, not `undecodable`.
#[test]
fn abbreviations_are_no_obstacle() {
    for line in [
        "trường ĐH",
        "ĐHQG Hà Nội",
        "HĐND tỉnh",
        "Ban Bí thư TƯ Đoàn",
        "Sở KH&ĐT",
    ] {
        let e = tcvn3(line);
        let cases = [
            (
                e.bytes,
                Encoding::Tcvn3,
                tcvn3_expected(line, &e.unrepresentable),
            ),
            (vni(line).bytes, Encoding::Vni, line.to_string()),
            (
                windows_1258(line).bytes,
                Encoding::Windows1258,
                line.to_string(),
            ),
        ];
        for (bytes, encoding, want) in cases {
            match decode(&bytes, None) {
                Ok(d) => assert_eq!(nfc(&d.text), nfc(&want), "{line} in {encoding}"),
                Err(e) => panic!("{line} in {encoding}: {e}"),
            }
        }
    }
}

/// Issue 17, item 4: a close call between two 8-bit encodings is said in
/// the warnings; a whole article in any of them is no close call.
#[test]
fn close_calls_are_warnings() {
    // "chi bộ" in TCVN3 reads as "chi bé" in Windows-1258: both Vietnamese.
    let d = decode(&tcvn3("chi bộ").bytes, None).unwrap();
    assert_eq!((d.text.as_str(), d.encoding), ("chi bộ", Encoding::Tcvn3));
    assert_eq!(
        d.warnings,
        ["encoding uncertain: tcvn3 chosen, but windows-1258 reads almost as well"]
    );
    // Through the library, the record carries it.
    let opts = vnanalyze::Options {
        stage: vnanalyze::Stage::Normalize,
        ..vnanalyze::Options::default()
    };
    let doc = vnanalyze::analyze_bytes(&tcvn3("chi bộ").bytes, None, &opts).unwrap();
    assert_eq!(doc.warnings, d.warnings);
    // Whole articles: certain.
    let article = own_article();
    for (bytes, encoding) in [
        (tcvn3(&article).bytes, Encoding::Tcvn3),
        (vni(&article).bytes, Encoding::Vni),
        (windows_1258(&article).bytes, Encoding::Windows1258),
        (tcvn3(SEED).bytes, Encoding::Tcvn3),
        (vni(SEED).bytes, Encoding::Vni),
        (windows_1258(SEED).bytes, Encoding::Windows1258),
    ] {
        let d = decode(&bytes, None).unwrap();
        assert_eq!(d.encoding, encoding);
        assert_eq!(d.warnings, Vec::<String>::new(), "{encoding}");
    }
}
