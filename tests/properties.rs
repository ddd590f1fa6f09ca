//! Properties every finding of every check must have: its `text` is exactly
//! the document's characters `start..end`, and `line`/`column` point at
//! `start` — on the fixtures and on random documents.

mod util;

use std::collections::HashMap;
use std::fs;

use proptest::prelude::*;
use transaudit::finding::Finding;
use transaudit::pipeline::{check_texts, Config};
use util::*;

/// (line, column), 1-based, of a character offset, counting `\n`, `\r\n`
/// and a lone `\r` as line ends, independently of the library's LineIndex.
fn line_column(chars: &[char], offset: usize) -> (usize, usize) {
    let (mut line, mut col) = (1, 1);
    let mut i = 0;
    while i < offset {
        match chars[i] {
            '\n' => (line, col) = (line + 1, 1),
            '\r' if chars.get(i + 1) != Some(&'\n') => (line, col) = (line + 1, 1),
            '\r' => col += 1,
            _ => col += 1,
        }
        i += 1;
    }
    (line, col)
}

fn assert_span(
    text: &str,
    doc: &str,
    start: usize,
    end: usize,
    flagged: &str,
    line: usize,
    column: usize,
) {
    let chars: Vec<char> = text.chars().collect();
    assert!(
        start <= end && end <= chars.len(),
        "{doc}: span {start}..{end} out of bounds"
    );
    let slice: String = chars[start..end].iter().collect();
    assert_eq!(slice, flagged, "{doc}: text is not doc[{start}..{end}]");
    assert_eq!(
        line_column(&chars, start),
        (line, column),
        "{doc}: line/column of {start}"
    );
}

fn check_finding(texts: &HashMap<String, String>, f: &Finding) {
    let text = &texts[&*f.doc];
    assert_span(
        text,
        &f.doc,
        f.span.start,
        f.span.end,
        &f.text,
        f.span.line,
        f.span.column,
    );
    if let Some(r) = &f.related {
        let other = &texts[&*r.doc];
        assert!(
            r.start <= r.end && r.end <= other.chars().count(),
            "related out of bounds: {f:?}"
        );
    }
}

#[test]
fn every_fixture_finding_is_the_exact_slice_at_its_line_and_column() {
    let o = transaudit(&[
        "check",
        "fixtures",
        "fixtures/corpus.jsonl",
        "--fail-on",
        "never",
    ]);
    let rows = parse_csv(&stdout(&o));
    assert!(rows.len() > 10, "expected findings on the fixtures");
    let mut texts: HashMap<String, String> = HashMap::new();
    for entry in fs::read_dir(fixtures()).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".txt") {
            let t = fs::read_to_string(&p).unwrap();
            texts.insert(name, t.trim_start_matches('\u{FEFF}').to_string());
        }
    }
    for line in fs::read_to_string(fixtures().join("corpus.jsonl"))
        .unwrap()
        .lines()
    {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        texts.insert(
            v["id"].as_str().unwrap().into(),
            v["text"].as_str().unwrap().into(),
        );
    }
    for r in &rows {
        let num = |k: &str| r[k].parse::<usize>().unwrap();
        let text = &texts[&r["doc"]];
        assert_span(
            text,
            &r["doc"],
            num("start"),
            num("end"),
            &r["text"],
            num("line"),
            num("column"),
        );
        if !r["related_doc"].is_empty() {
            let other = &texts[&r["related_doc"]];
            let rel: String = other
                .chars()
                .skip(num("related_start"))
                .take(num("related_end") - num("related_start"))
                .collect();
            assert!(!rel.is_empty(), "empty related span: {r:?}");
        }
    }
}

/// Pieces random documents are made of: seed phrases that fire rules,
/// foreign text, names, odd characters and every kind of line break.
const PIECES: &[&str] = &[
    "There is an opportunity for a high fire.",
    " Lini një Përgjigje",
    "kyiv",
    "Kiev",
    "Kyiv",
    "Zelenski",
    "Zelensky",
    " a “error” ",
    "high -level",
    " “",
    "”",
    "\"",
    "EAU",
    "CPE",
    "the ball is in its field",
    "towards La Paz",
    "\r\n",
    "\n\n",
    "\r",
    "\n",
    " ",
    ".",
    "é",
    "e\u{301}",
    "\u{200B}",
    "\u{202E}",
    "日本語のテキスト",
    "Привет, как дела?",
    "🙂",
    "\u{FFFD}",
    "Chijioke Obinna",
    "Dolmabahce",
    "Negotiations for a peace between Ukraine and Russia",
    "Der Präsident sagte, dass die Verhandlungen weitergehen werden.",
    "the the",
    ",",
];

fn document() -> impl Strategy<Value = String> {
    prop::collection::vec(
        prop_oneof![
            3 => prop::sample::select(PIECES).prop_map(str::to_string),
            1 => any::<String>(),
        ],
        0..40,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn random_documents_give_exact_spans_and_never_panic(a in document(), b in document()) {
        let findings = check_texts(&[("a", &a), ("b", &b)], &Config::default()).unwrap();
        let texts: HashMap<String, String> = [("a".to_string(), a), ("b".to_string(), b)].into();
        for f in &findings {
            check_finding(&texts, f);
        }
    }
}
