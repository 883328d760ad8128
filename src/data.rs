//! Embedded data files that more than one stage reads, so each is embedded
//! once and no stage depends on another only for its data.

/// The word list of `data/segment/pyvi-words.txt` (one word a line,
/// syllables separated by spaces; MIT, see its SOURCE.md): the word model's
/// lexicon features and the tone module's attested syllables.
pub const WORD_LIST: &str = include_str!("../data/segment/pyvi-words.txt");

/// Fails unless `derived` (what the code makes of the sources now) equals
/// `embedded` (the data file under `rel_path`, made ahead of time); with
/// `VNANALYZE_BLESS` set, writes `derived` to that file first, for the next
/// build. The test of every file the code derives ahead of time.
#[cfg(test)]
pub(crate) fn assert_current(rel_path: &str, derived: &[u8], embedded: &[u8]) {
    if std::env::var_os("VNANALYZE_BLESS").is_some() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel_path);
        std::fs::write(&path, derived).expect("write the derived file");
    }
    assert!(
        derived == embedded,
        "{rel_path} is stale: rerun this test with VNANALYZE_BLESS=1"
    );
}
