//! Acceptance on the two seed articles alone: every row of
//! `../shared/seeds/ANNOTATIONS.md` that has a suggestion or a kind a
//! machine can see is reported with the right check, suggestion and
//! related span; and the only remnant is the Albanian footer.

mod util;

use std::fs;

use util::*;

const S000: &str = "000_c2d0bef3eceee832.txt";
const S003: &str = "003_76af8b894998912a.txt";

fn seed_report() -> Vec<Row> {
    let dir = tempfile::tempdir().unwrap();
    for s in [S000, S003] {
        fs::copy(fixtures().join(s), dir.path().join(s)).unwrap();
    }
    let o = transaudit(&["check", dir.path().to_str().unwrap(), "--fail-on", "never"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    parse_csv(&stdout(&o))
}

fn num(r: &Row, k: &str) -> usize {
    r[k].parse().unwrap_or_else(|_| panic!("{k} of {r:?}"))
}

/// The rows of `doc` and `check` whose span covers character `at`.
fn at<'a>(rows: &'a [Row], doc: &str, check: &str, at: usize) -> Vec<&'a Row> {
    rows.iter()
        .filter(|r| r["doc"] == doc && r["check"] == check)
        .filter(|r| num(r, "start") <= at && at < num(r, "end"))
        .collect()
}

fn line_of(doc: &str, line: usize, needle: &str) -> usize {
    let text = fs::read_to_string(fixtures().join(doc)).unwrap();
    let mut offset = 0;
    for (i, l) in text.split('\n').enumerate() {
        if i + 1 == line {
            let b = l
                .find(needle)
                .unwrap_or_else(|| panic!("{needle:?} not on line {line}"));
            return offset + l[..b].chars().count();
        }
        offset += l.chars().count() + 1;
    }
    panic!("no line {line} in {doc}");
}

fn expect(rows: &[Row], doc: &str, check: &str, start: usize, suggestion: &str) -> Row {
    let found = at(rows, doc, check, start);
    let hit = found.iter().find(|r| {
        r["suggestion"]
            .to_lowercase()
            .contains(&suggestion.to_lowercase())
    });
    match hit {
        Some(r) => (*r).clone(),
        None => panic!(
            "no {check} finding at {doc}:{start} suggesting {suggestion:?}; found {found:#?}"
        ),
    }
}

#[test]
fn the_albanian_footer_is_the_only_remnant() {
    let rows = seed_report();
    let remnants: Vec<&Row> = rows.iter().filter(|r| r["check"] == "remnant").collect();
    assert_eq!(remnants.len(), 1, "{remnants:#?}");
    let r = remnants[0];
    assert_eq!((r["doc"].as_str(), r["start"].as_str()), (S000, "5621"));
    assert_eq!(
        (r["text"].as_str(), r["lang"].as_str()),
        ("Lini një Përgjigje", "sq")
    );
}

#[test]
fn machine_translation_errors_of_seed_003() {
    let rows = seed_report();
    let mt = |start, sugg| expect(&rows, S003, "mistranslation", start, sugg);
    mt(3380, "ceasefire");
    let la_paz = mt(3634, "peace");
    assert_eq!(la_paz["text"], "La Paz");
    mt(1409, "UAE");
    mt(2737, "EPC");
    mt(
        line_of(S003, 25, "NATO general secretary"),
        "Secretary General",
    );
    mt(line_of(S003, 25, "the ball is in its field"), "court");
    mt(line_of(S003, 27, "the ball is in its field"), "court");
    for r in rows.iter().filter(|r| r["check"] == "mistranslation") {
        assert_eq!(
            r["doc"], S003,
            "the Italian article has no calque of these kinds: {r:?}"
        );
    }
}

#[test]
fn typography_of_seed_003() {
    let rows = seed_report();
    let ty = |start, sugg| expect(&rows, S003, "typography", start, sugg);
    ty(388, "high-level");
    ty(2572, "low-level");
    ty(2048, "an");
    let quote = at(&rows, S003, "typography", 1639);
    assert!(
        !quote.is_empty(),
        "the reversed quote at 1637..1640 is not reported"
    );
    for line in [15, 21, 23, 25, 29] {
        ty(line_of(S003, line, "kyiv"), "Kyiv");
    }
}

#[test]
fn names_spelled_two_ways_point_at_each_other() {
    let rows = seed_report();
    let kiev: Vec<&Row> = rows
        .iter()
        .filter(|r| r["doc"] == S000 && r["check"] == "consistency" && r["text"] == "Kiev")
        .collect();
    let lines: Vec<&str> = kiev.iter().map(|r| r["line"].as_str()).collect();
    assert_eq!(lines, vec!["2", "5", "10", "12", "14", "19", "20"]);
    for r in &kiev {
        assert_eq!(r["suggestion"], "Kyiv");
        assert!(!r["related_doc"].is_empty());
    }
    for (line, name, standard) in [
        (9, "Zelenski", "Zelensky"),
        (19, "Zelenski", "Zelensky"),
        (19, "Volodimir", "Volodymyr"),
    ] {
        let r = expect(
            &rows,
            S003,
            "consistency",
            line_of(S003, line, name),
            standard,
        );
        assert_eq!(r["related_doc"], S000, "{r:?}");
    }
}

#[test]
fn duplicated_title_byline_and_divergent_sentence() {
    let rows = seed_report();
    let dup = |line: usize, needle: &str, related_line: usize, related_needle: &str| {
        let found = at(&rows, S003, "duplicate", line_of(S003, line, needle));
        let target = line_of(S003, related_line, related_needle);
        assert!(
            found.iter().any(|r| r["related_doc"] == S003
                && num(r, "related_start") <= target
                && target < num(r, "related_end").max(num(r, "related_start") + 1)),
            "line {line} {needle:?} not paired with line {related_line}: {found:#?}"
        );
    };
    dup(5, "Negotiations for a peace", 1, "Negotiations for a peace");
    dup(41, "Chijioke Obinna", 3, "Chijioke Obinna");
    dup(39, "there are two paths", 37, "There are two paths");
    // The difference between the two copies is the error.
    let divergent = at(&rows, S003, "mistranslation", 3634);
    assert!(
        divergent
            .iter()
            .any(|r| r["related_doc"] == S003 && r["suggestion"] == "peace"),
        "{divergent:#?}"
    );
}
