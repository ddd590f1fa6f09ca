//! Fuzz targets: the bodies that `fuzz/fuzz_targets/*.rs` (cargo fuzz) run,
//! kept in the library so that `tests/fuzz_smoke.rs` runs them too, briefly,
//! in every test run. Each one panics only on a broken invariant.

use std::path::PathBuf;

use crate::document::Document;
use crate::input::{decode, DocumentStream, Event, JsonlFields};

/// The JSON Lines reader: any bytes give documents, errors and warnings,
/// never a panic; every error names its line.
pub fn jsonl_reader(data: &[u8]) {
    let stream = DocumentStream::from_jsonl(
        PathBuf::from("fuzz.jsonl"),
        std::io::Cursor::new(data.to_vec()),
        JsonlFields::default(),
    );
    let lines = data.split(|&b| b == b'\n').count();
    for event in stream {
        if let Event::Error(e) = event {
            let msg = e.to_string();
            assert!(msg.starts_with("fuzz.jsonl"), "{msg}");
            if let crate::input::InputError::Jsonl { line, .. } = e {
                assert!(line >= 1 && line <= lines, "line {line} of {lines}");
            }
        }
    }
}

/// The decoder: any bytes decode or are refused as binary; valid UTF-8
/// comes back unchanged but for one leading byte-order mark, with no
/// warning; each replacement character added is reported.
pub fn decoder(data: &[u8]) {
    let Ok(d) = decode(data) else {
        assert!(data.contains(&0), "only text with NUL bytes is refused");
        return;
    };
    let utf16 = data.starts_with(b"\xFF\xFE") || data.starts_with(b"\xFE\xFF") || data.contains(&0);
    match std::str::from_utf8(data) {
        Ok(s) if !utf16 => {
            assert_eq!(d.text, s.strip_prefix('\u{FEFF}').unwrap_or(s));
            assert!(d.warnings.is_empty(), "{:?}", d.warnings);
        }
        _ if !utf16 => {
            let lossy = String::from_utf8_lossy(data);
            assert_eq!(d.text, lossy.strip_prefix('\u{FEFF}').unwrap_or(&lossy));
            assert!(!d.warnings.is_empty());
        }
        _ => {}
    }
}

/// The segmenter: paragraphs and sentences are in bounds, on character
/// boundaries, trimmed, ordered and disjoint; every span converts.
pub fn segmenter(data: &[u8]) {
    let text = String::from_utf8_lossy(data).into_owned();
    let doc = Document::new("fuzz", 0, text);
    let mut last = 0;
    for p in &doc.paragraphs {
        assert!(p.start >= last && p.start < p.end && p.end <= doc.text.len());
        assert!(doc.text.is_char_boundary(p.start) && doc.text.is_char_boundary(p.end));
        last = p.end;
    }
    let mut last = 0;
    for s in &doc.sentences {
        let r = &s.range;
        assert!(r.start >= last && r.start < r.end, "{r:?} after {last}");
        let para = &doc.paragraphs[s.paragraph];
        assert!(para.start <= r.start && r.end <= para.end);
        let span = doc.span(r.clone());
        let chars: String = doc
            .text
            .chars()
            .skip(span.start)
            .take(span.end - span.start)
            .collect();
        assert_eq!(chars, &doc.text[r.clone()]);
        last = r.end;
    }
}

/// The rule-pack parser: any text is a pack or an error that names the
/// pack; a pack that parses can be matched against its own text.
pub fn pack_parser(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match crate::pack::Pack::parse("fuzz.toml", text) {
        Ok(pack) => {
            let check = crate::checks::mistranslation::Mistranslation::from_packs(
                &crate::finding::CheckKind::ALL,
                Vec::new(),
                vec![pack],
            );
            let doc = Document::new("fuzz", 0, text.to_string());
            let mut out = Vec::new();
            crate::checks::Check::check(&check, &doc, &mut out);
        }
        Err(e) => assert!(e.to_string().contains("fuzz.toml"), "{e}"),
    }
}
