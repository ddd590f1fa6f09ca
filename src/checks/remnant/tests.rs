use super::*;

const SEED_000: &str = include_str!("../../../eval/remnant/seeds/000_c2d0bef3eceee832.txt");
const SEED_003: &str = include_str!("../../../eval/remnant/seeds/003_76af8b894998912a.txt");

fn run(text: &str) -> Vec<Finding> {
    let doc = Document::new("t", 0, text.to_string());
    let mut out = Vec::new();
    Remnant::new().check(&doc, &mut out);
    // Every finding's text is exactly the character slice it claims.
    let chars: Vec<char> = text.chars().collect();
    for f in &out {
        let slice: String = chars[f.span.start..f.span.end].iter().collect();
        assert_eq!(f.text, slice, "text != slice for {f:?}");
        assert!(f.lang.is_some());
    }
    out
}

/// The one finding of `text`, as (rule, lang, text).
fn one(text: &str) -> (String, String, String) {
    let out = run(text);
    assert_eq!(
        out.len(),
        1,
        "expected one finding in {text:?}, got {out:#?}"
    );
    let f = &out[0];
    (f.rule.to_string(), f.lang.clone().unwrap(), f.text.clone())
}

fn none(text: &str) {
    let out = run(text);
    assert!(out.is_empty(), "expected nothing in {text:?}, got {out:#?}");
}

const LAST: &str = "Istanbul is a touchstone, not for achieving peace, but for understanding who is really willing to seek it.";

#[test]
fn seed_000_gives_exactly_the_albanian_footer() {
    let out = run(SEED_000);
    assert_eq!(out.len(), 1, "{out:#?}");
    assert_eq!(out[0].span.start, 5621);
    assert_eq!(out[0].text, "Lini një Përgjigje");
    assert_eq!(out[0].lang.as_deref(), Some("sq"));
    assert_eq!(&*out[0].rule, "RM002");
}

#[test]
fn seed_003_gives_nothing() {
    none(SEED_003);
}

#[test]
fn footer_on_its_own_line() {
    let t = format!("{LAST}\nLini një Përgjigje");
    assert_eq!(
        one(&t),
        ("RM002".into(), "sq".into(), "Lini një Përgjigje".into())
    );
    let t = format!("{LAST}\n\nLini një Përgjigje\n");
    assert_eq!(one(&t).2, "Lini një Përgjigje");
}

#[test]
fn footer_glued_after_the_last_sentence() {
    let glued = LAST.replace("seek it.", "seek it.Lini një Përgjigje");
    assert_eq!(
        one(&glued),
        ("RM002".into(), "sq".into(), "Lini një Përgjigje".into())
    );
    let no_period = LAST.replace("seek it.", "seek itLini një Përgjigje");
    assert_eq!(
        one(&no_period),
        ("RM002".into(), "sq".into(), "Lini një Përgjigje".into())
    );
}

#[test]
fn footer_at_the_start_of_the_article() {
    let t = format!("Lini një Përgjigje\n{LAST}");
    assert_eq!(one(&t).2, "Lini një Përgjigje");
    let t = format!("Lini një Përgjigje {LAST}");
    assert_eq!(
        one(&t),
        ("RM002".into(), "sq".into(), "Lini një Përgjigje".into())
    );
}

#[test]
fn footers_in_other_languages() {
    for (t, lang, span) in [
        (
            "The talks ended.\nDeja una respuesta",
            "es",
            "Deja una respuesta",
        ),
        (
            "The talks ended.Laisser un commentaire",
            "fr",
            "Laisser un commentaire",
        ),
        (
            "The talks endedSchreibe einen Kommentar",
            "de",
            "Schreibe einen Kommentar",
        ),
        (
            "The talks ended.\nДобавить комментарий",
            "ru",
            "Добавить комментарий",
        ),
    ] {
        let (rule, l, s) = one(t);
        assert_eq!(
            (rule.as_str(), l.as_str(), s.as_str()),
            ("RM002", lang, span),
            "{t}"
        );
    }
}

#[test]
fn untranslated_sentences() {
    let cases = [
        (
            "The minister spoke for an hour. El gobierno no ha tomado ninguna decisión sobre las sanciones. He left at noon.",
            "es",
            "El gobierno no ha tomado ninguna decisión sobre las sanciones.",
        ),
        (
            "Talks resumed on Friday. Les négociations reprendront la semaine prochaine à Genève. Nobody expects a deal.",
            "fr",
            "Les négociations reprendront la semaine prochaine à Genève.",
        ),
        (
            "The chancellor was cautious. Die Regierung hat heute keine Entscheidung über die Waffenlieferungen getroffen. Critics disagreed.",
            "de",
            "Die Regierung hat heute keine Entscheidung über die Waffenlieferungen getroffen.",
        ),
        (
            "The report was published on Monday. Qeveria nuk ka marrë ende një vendim për këtë çështje. The opposition protested.",
            "sq",
            "Qeveria nuk ka marrë ende një vendim për këtë çështje.",
        ),
    ];
    for (t, lang, span) in cases {
        let (rule, l, s) = one(t);
        assert_eq!(
            (rule.as_str(), l.as_str(), s.as_str()),
            ("RM001", lang, span),
            "{t}"
        );
    }
}

#[test]
fn untranslated_paragraph_is_one_finding() {
    let p = "Il governo ha deciso di non partecipare al vertice. La decisione è stata criticata dall'opposizione.";
    let t = format!("The summit opened in Rome.\n\n{p}\n\nThe talks continue tomorrow.\n");
    assert_eq!(one(&t), ("RM001".into(), "it".into(), p.into()));
}

#[test]
fn untranslated_clause_inside_an_english_sentence() {
    let (rule, lang, span) =
        one("He said that nous devons partir maintenant before the vote in Paris.");
    assert_eq!((rule.as_str(), lang.as_str()), ("RM001", "fr"));
    assert_eq!(span, "nous devons partir maintenant");
    let (_, lang, span) =
        one("The spokesman added that la situación es muy difícil and left the room.");
    assert_eq!(lang, "es");
    assert_eq!(span, "la situación es muy difícil");
}

#[test]
fn cyrillic_and_other_scripts() {
    let (rule, lang, span) =
        one("Peskov said on Friday. Мы не будем вести переговоры без гарантий. Then he left.");
    assert_eq!((rule.as_str(), lang.as_str()), ("RM003", "ru"));
    assert_eq!(span, "Мы не будем вести переговоры без гарантий.");
    let (_, lang, _) =
        one("The statement read: Ми не будемо вести переговори без гарантій, and nothing more.");
    assert_eq!(lang, "uk");
    let (_, lang, span) = one("The banner said Η κυβέρνηση παραιτήθηκε σήμερα in large letters.");
    assert_eq!(lang, "el");
    assert_eq!(span, "Η κυβέρνηση παραιτήθηκε σήμερα");
    let (_, lang, _) = one("A sign read 政府今天宣布了新的制裁措施 near the embassy.");
    assert_eq!(lang, "zh");
}

#[test]
fn names_and_places_are_not_remnants() {
    none("Turkish Foreign Minister Hakan Fidan met Rustem Umérov at the Dolmabahce Palace in Istanbul.");
    none("Chijioke Obinna grew up in Lagos and reported from Tirana, Kyiv and Moscow.");
    none("Dmitri Peskov, Volodimir Zelenski and Recep Tayyip Erdoğan spoke at the Palazzo della Consulta.");
    none("Mediation by Türkiye brought Sergei Lavrov and Andrii Sybiha to the table in Antalya.");
    none("The Banco de la Nación Argentina and the Ministerio de Asuntos Exteriores issued statements.");
    none("She studied at the Université de Montréal before joining the Süddeutsche Zeitung in München.");
    none("Jean-Luc Mélenchon and Marine Le Pen attacked Emmanuel Macron over the réforme.");
}

#[test]
fn british_spelling_is_english() {
    // `organised`, `harbour`: English, though not American; next to a
    // name that is a Scandinavian word (`hans` = his) they looked Swedish.
    for text in [
        "Hans Kariuki criticised the plan and organised a meeting at the harbour.",
        "The minister said Hans Fischer would organise the talks on the new labour code.",
        "Officials apologised for the delay and recognised the colour of the flag.",
    ] {
        none(text);
    }
}

#[test]
fn loanwords_titles_and_quotes_are_not_remnants() {
    none("The status quo is a de facto truce, and the café owners feel a sense of déjà vu.");
    none("It was, per se, an ad hoc coalition with a certain joie de vivre and raison d'être.");
    none("Adapted from “Pamphlet” by “La Stampa”.");
    none("Her favourite film is “La vita è bella”, which she saw in 1998.");
    none("The crowd chanted “¡No pasarán!” as the police arrived.");
    none("The movement, known as “Ni una menos”, marched on Sunday.");
}

#[test]
fn unusual_english_is_not_a_remnant() {
    none("The sesquipedalian lexicographer's perspicacious disquisition on antidisestablishmentarianism was abstruse.");
    none("Visit www.example.com/news or write to info@example.org for the full transcript.");
    none("The UAE, NATO and the EU signed the MoU in Brussels on 12 May 2025 at 10:30.");
    none("The cryptocurrency startup livestreamed its blockchain pitch to influencers.");
}

#[test]
fn single_foreign_word_in_its_script_is_not_flagged() {
    none("The capital, Kyiv (Київ), was quiet on Friday.");
}

#[test]
fn rules_examples_fire_and_pass() {
    for rule in RULES {
        for ex in rule.fires {
            let out = run(ex);
            assert!(
                out.iter().any(|f| &*f.rule == rule.code),
                "{} must fire on {ex:?}: {out:#?}",
                rule.code
            );
        }
        for ex in rule.passes {
            let out = run(ex);
            assert!(
                out.iter().all(|f| &*f.rule != rule.code),
                "{} must pass {ex:?}: {out:#?}",
                rule.code
            );
        }
    }
}

#[test]
fn rules_are_sorted_unique_and_documented() {
    assert!(RULES.windows(2).all(|w| w[0].code < w[1].code));
    for r in RULES {
        assert!(r.code.starts_with("RM") && r.code.len() == 5);
        assert!(r.summary.len() > 20 && r.explanation.len() > 100);
        assert!(!r.fires.is_empty() && !r.passes.is_empty());
    }
}

#[test]
fn every_finding_text_is_its_slice_in_many_layouts() {
    for t in [
        "«Ünï» café.\r\nLini një Përgjigje\r\n",
        "Odesa\u{a0}zyxw qwvb.\u{2003}Dnipro\u{a0}fjqk, and the rest.",
        "ÉÉ — “Deja una respuesta”\nDeja una respuesta",
        "Ελλάδα. Η κυβέρνηση παραιτήθηκε σήμερα.\n\nLes négociations reprendront la semaine prochaine à Genève.",
    ] {
        run(t);
    }
}

#[test]
fn phrase_glued_after_a_name_or_a_quote() {
    let t = "The Michelin guide awarded a star to a restaurant in San Sebastián.Lini një Përgjigje";
    assert_eq!(one(t).2, "Lini një Përgjigje");
    let t = "The memo described the plan as \"non-negotiable\".Deja una respuesta";
    assert_eq!(one(t).2, "Deja una respuesta");
    // Initials and abbreviations are no glue.
    none("The U.S.A. and the U.K. signed it, e.g. in Paris.");
}

#[test]
fn english_lines_of_names_are_not_remnants() {
    for line in [
        "Ursula von der Leyen",
        "Chijioke Obinna",
        "By Chijioke Obinna",
        "Ekrem İmamoğlu",
        "Photo: Ekrem İmamoğlu in Kadıköy",
        "Jean-Luc Mélenchon and Marine Le Pen",
        "Reporting by Hakan Fidan; editing by Mark Rutte",
        "Fernando de la Rúa",
        "Vladimir Medinsky, Rustem Umérov",
        "Palazzo della Consulta, Roma",
    ] {
        none(&format!("The talks ended on Friday.\n{line}\n"));
        none(&format!("{line}\nThe talks ended on Friday."));
    }
}

#[test]
fn short_english_lines_are_not_remnants() {
    for line in [
        "Related posts",
        "Leave a Reply",
        "Share this:",
        "Cryptocurrency tokenomics",
        "Updated hourly",
        "Geopolitical brinkmanship",
        "Photo: Reuters",
        "Tags: Ukraine, Russia, Istanbul",
        "Kyiv, kyiv",
        "Zelenskyy's gambit",
    ] {
        none(&format!("The talks ended on Friday.\n{line}\n"));
        none(&format!("{line}\n\nThe talks ended on Friday."));
    }
}

/// Title Case interface strings whose words are all common words of one
/// language (`data/remnant/common_words.txt`, train half of the catalogues).
const TITLE_CASE_LINES: &[(&str, &str)] = &[
    ("Dosya Boyutu", "tr"),
    ("Datei Öffnen", "de"),
    ("Cadw Ffeil", "cy"),
    ("Fayl Adı", "az"),
    ("Saiz Tetingkap", "ms"),
    ("Ukuran Berkas", "id"),
];

#[test]
fn title_case_interface_line_is_found() {
    for &(line, lang) in TITLE_CASE_LINES {
        for t in [
            format!("{LAST}\n{line}"),
            format!("{line}\n\n{LAST}"),
            LAST.replace("seek it.", &format!("seek it.{line}")),
            LAST.replace("seek it.", &format!("seek it{line}")),
        ] {
            assert_eq!(one(&t), ("RM001".into(), lang.into(), line.into()), "{t:?}");
        }
    }
    // Glued after a closing quote.
    let t = format!(
        "The memo described the plan as \"non-negotiable\"{}",
        "Dosya Boyutu"
    );
    assert_eq!(one(&t).2, "Dosya Boyutu");
}

#[test]
fn title_case_name_lines_are_not_remnants() {
    // Every one has a word no common-word list holds, or only particles in
    // lower case between capitalised words.
    for line in [
        "Recep Tayyip Erdoğan",
        "Heydər Əliyev Mərkəzi",
        "Bakı Dövlət Universiteti",
        "Yeni Azərbaycan Partiyası",
        "Yeni Şafak",
        "Llanfair Caereinion",
        "Plaid Cymru",
        "Cymdeithas yr Iaith Gymraeg",
        "Bundesamt für Verfassungsschutz",
        "Frankfurter Allgemeine Zeitung",
        "Neue Zürcher Zeitung",
        "Dewan Bahasa dan Pustaka",
        "Kampung Baru",
        "Corriere della Sera",
        "Partij voor de Vrijheid",
        "Musée d'Orsay",
        "Yang di-Pertuan Agong",
        // Names and titles of common words: of countries and languages
        // (left out of the lists), Vietnamese syllables, comma-parted items.
        "Conradh na Gaeilge",
        "Nguyễn Phú Trọng",
        "O Olmasın, Bu Olsun",
    ] {
        none(&format!("{LAST}\n{line}\n"));
        none(&format!("{line}\n\n{LAST}"));
    }
}

#[test]
fn two_common_words_without_function_word_inside_a_sentence() {
    let (rule, lang, span) = one("The archive said bestand openen and nothing else.");
    assert_eq!((rule.as_str(), lang.as_str()), ("RM001", "nl"));
    assert_eq!(span, "bestand openen");
    let (_, lang, span) = one("The log said deschide fișierul before it stopped.");
    assert_eq!((lang.as_str(), span.as_str()), ("ro", "deschide fișierul"));
}

#[test]
fn german_clause_of_capitalised_nouns() {
    // A German function word that is no article or preposition, among
    // capitalised German nouns.
    let (_, lang, span) = one("The new tool kann die Datei in Berlin, he said.");
    assert_eq!(lang, "de");
    assert!(span.starts_with("kann die Datei"), "{span}");
    // Titles and names have articles and prepositions only.
    none("Journalists from Der Spiegel and Die Zeit shared the prize.");
    none("The film Das Leben der Anderen won an Oscar.");
}

#[test]
fn common_word_between_function_words_english_has_too() {
    let (_, lang, span) = one("The ministers met in Ankara and hem de pencereleri closed early.");
    assert_eq!((lang.as_str(), span.as_str()), ("tr", "hem de pencereleri"));
}
