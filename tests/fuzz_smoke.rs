//! A brief run of every fuzz target (see `fuzz/`) on random and mutated
//! inputs, so that each test run exercises them; the long runs use
//! `cargo fuzz` (README, "Fuzzing").

use proptest::prelude::*;
use transaudit::fuzz;

/// Inputs close to what the readers see: pieces of valid JSONL, TOML and
/// prose, glued and cut at random.
fn near_valid() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::sample::select(vec![
        &b"{\"id\": \"a\", \"text\": \"Talks in kyiv.\"}\n"[..],
        b"{\"id\": 1, \"text\": 2}\n",
        b"\xEF\xBB\xBF",
        b"\xFF\xFE",
        b"\r\n",
        b"\n\n",
        b"[[rule]]\ncode = \"MT101\"\npattern = \"high fire\"\nsummary = \"s\"\nexplanation = \"e\"\n",
        b"lang = \"es\"\n",
        b"pattern = \"{a|b} {c|\"\n",
        b"There is an opportunity for a high fire. ",
        b"seek it.Lini nj\xC3\xAB P\xC3\xABrgjigje",
        b"\"",
        b"\xE2\x80\x9C",
        b"\x00",
        b"\xC3",
    ]);
    prop::collection::vec(
        prop_oneof![3 => pieces.prop_map(|p| p.to_vec()), 1 => prop::collection::vec(any::<u8>(), 0..16)],
        0..24,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn jsonl_reader(data in near_valid()) { fuzz::jsonl_reader(&data); }

    #[test]
    fn decoder(data in near_valid()) { fuzz::decoder(&data); }

    #[test]
    fn segmenter(data in near_valid()) { fuzz::segmenter(&data); }

    #[test]
    fn pack_parser(data in near_valid()) { fuzz::pack_parser(&data); }
}
