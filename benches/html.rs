//! Criterion benchmark of HTML main-text extraction in bytes/s: parsing,
//! flattening, metadata and scoring (`vnanalyze::html::extract`), without
//! the text pipeline after it. Inputs: the project's own portal page padded
//! to about 100 KB with menus, related lists and scripts (as real pages
//! are), and, when `../shared` is present, the saved pages of
//! `data/html-pages`. The target is under 2 ms per 100 KB page.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;

const PORTAL: &str = include_str!("../fixtures/html/portal.html");

/// The portal page grown to about 100 KB: a mega-menu before the article
/// and a most-read list and a script after it.
fn padded_page() -> String {
    let menu: String = (0..400)
        .map(|i| format!("<li><a href=\"/muc-{i}\">Chuyên mục số {i} của cổng thông tin</a></li>"))
        .collect();
    let most_read: String = (0..300)
        .map(|i| format!("<li><a href=\"/tin-{i}\">Tin đọc nhiều thứ {i}: hội nghị, khánh thành, tuyên dương</a></li>"))
        .collect();
    let script = format!("<script>var data = \"{}\";</script>", "x".repeat(20_000));
    PORTAL
        .replacen(
            "<body>",
            &format!("<body><ul class=\"mega-menu\">{menu}</ul>"),
            1,
        )
        .replacen(
            "</body>",
            &format!("<ul class=\"most-read\">{most_read}</ul>{script}</body>"),
            1,
        )
}

fn shared_pages() -> Vec<(String, String)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../shared/data/html-pages");
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut pages: Vec<(String, String)> = entries
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .filter_map(|e| {
            let text = std::fs::read_to_string(e.path()).ok()?;
            Some((e.file_name().to_string_lossy().into_owned(), text))
        })
        .collect();
    pages.sort();
    pages
}

fn html(c: &mut Criterion) {
    let mut inputs = vec![("portal-100KB".to_string(), padded_page())];
    inputs.extend(shared_pages());
    let mut g = c.benchmark_group("html-extract");
    g.sample_size(20);
    for (name, page) in &inputs {
        g.throughput(Throughput::Bytes(page.len() as u64));
        g.bench_function(name.as_str(), |b| {
            b.iter(|| vnanalyze::html::extract(black_box(page)))
        });
    }
    g.finish();
}

criterion_group!(benches, html);
criterion_main!(benches);
