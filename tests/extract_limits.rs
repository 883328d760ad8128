//! Hostile shapes for the document-reference and entity stages (issue 12,
//! "Bad input"): a name of 10,000 syllables, 1,000 nested parentheses, a
//! code of 5,000 characters, and a line packed with references that the
//! entity stage cuts into windows. Each must finish, keep every span exact
//! and give the items a reader would expect.

use vnanalyze::{Options, Stage, analyze_str};

fn run(text: &str) -> vnanalyze::Document {
    let opts = Options {
        stage: Stage::Extract,
        ..Options::default()
    };
    analyze_str(text, &opts)
}

/// Every item's span selects its text in the input.
fn assert_spans(text: &str, doc: &vnanalyze::Document) {
    let chars: Vec<char> = text.chars().collect();
    let cut = |s: vnanalyze::Span| chars[s.start..s.end].iter().collect::<String>();
    for e in &doc.entities {
        assert_eq!(cut(e.span), e.text);
    }
    for d in &doc.doc_refs {
        assert_eq!(cut(d.span), d.text);
    }
}

#[test]
fn a_name_of_ten_thousand_syllables() {
    let text = format!("Ông Nguyễn {} phát biểu.", "Văn ".repeat(10_000).trim_end());
    let doc = run(&text);
    assert_spans(&text, &doc);
    // A name has at most four syllables after its cue.
    assert!(doc.entities.iter().all(|e| e.text.split(' ').count() <= 4));
}

#[test]
fn a_thousand_nested_parentheses() {
    let text = format!(
        "Nghị quyết số 37-NQ/TU {}của Tỉnh ủy Yên Bái{} ban hành.",
        "(".repeat(1000),
        ")".repeat(1000)
    );
    let doc = run(&text);
    assert_spans(&text, &doc);
    assert_eq!(doc.doc_refs.len(), 1);
    assert_eq!(doc.doc_refs[0].code.as_deref(), Some("37-NQ/TU"));
}

#[test]
fn a_code_of_five_thousand_characters() {
    let text = format!(
        "Theo Quyết định số 12/{}-UBND ngày 5/3/2024.",
        "A".repeat(5000)
    );
    let doc = run(&text);
    assert_spans(&text, &doc);
    assert!(doc.doc_refs.iter().all(|d| d.text.chars().count() < 6000));
}

#[test]
fn a_line_packed_with_references_is_read_in_windows() {
    let clause = "Nghị quyết số 37-NQ/TU ngày 5/8/2021 của Ban Thường vụ Tỉnh ủy Yên Bái, ";
    let text = clause.repeat(4000);
    assert!(text.len() > 4 * 64 * 1024, "longer than several windows");
    let doc = run(&text);
    assert_spans(&text, &doc);
    assert_eq!(doc.doc_refs.len(), 4000);
    // The body named in each clause is found in every window, cut or not.
    let bodies = doc
        .entities
        .iter()
        .filter(|e| e.name == "Ban Thường vụ Tỉnh ủy Yên Bái")
        .count();
    assert!(bodies >= 3990, "{bodies} of 4000");
}
