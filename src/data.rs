//! Embedded data files that more than one stage reads, so each is embedded
//! once and no stage depends on another only for its data.

/// The word list of `data/segment/pyvi-words.txt` (one word a line,
/// syllables separated by spaces; MIT, see its SOURCE.md): the word model's
/// lexicon features and the tone module's attested syllables.
pub const WORD_LIST: &str = include_str!("../data/segment/pyvi-words.txt");
