//! Generates a synthetic corpus of English news-like articles with planted
//! duplicates and the ground truth, for the duplicate-check benchmark
//! (bench/duplicate/).
//!
//! Usage: `dupgen DOCS SEED OUT_DIR` writes `OUT_DIR/corpus.jsonl`
//! (`{"id","text"}` per line) and `OUT_DIR/truth.jsonl`: one family of
//! copies per line, `{"id","kind","members":[[doc,start,end],...]}` with
//! character offsets, the first member being the original; plus
//! `OUT_DIR/divergent.jsonl`, the planted one-phrase differences
//! (`{"doc","start","end","other_doc","other_start","other_end"}`), and
//! `OUT_DIR/edits.jsonl`, the words changed in edited copies (one-word
//! changes are divergent copies too).
//!
//! Articles are built from a small grammar over large word lists, so that
//! unrelated sentences share function words and stock phrases but rarely a
//! run of content. Planted, with a family each: exact and edited paragraph
//! copies across articles (light: 1-2 word edits, medium: ~5%, heavy: ~10%),
//! a sentence copied into another article's paragraph, a paragraph copied
//! with a new sentence appended, titles and paragraphs repeated within an
//! article, a subheading repeated inside a quotation with one phrase
//! changed, bylines, author bios, footers (some with variants) and agency
//! lines across many articles. Hard negatives, not in the truth: articles
//! about the same event reusing its people, places and numbers in new
//! sentences, and paragraphs that keep a copied sentence's frame with new
//! content.
//!
//! Deterministic: the same arguments give the same bytes.

use std::fmt::Write as _;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::PathBuf;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    fn pick<'a, T: ?Sized>(&mut self, xs: &[&'a T]) -> &'a T {
        xs[self.below(xs.len())]
    }
}

const FIRST: &[&str] = &[
    "Ana",
    "Pedro",
    "Maria",
    "Luis",
    "Sofia",
    "Javier",
    "Elena",
    "Carlos",
    "Irina",
    "Oleksandr",
    "Dmitri",
    "Olga",
    "Hakan",
    "Ayse",
    "Mehmet",
    "Giulia",
    "Marco",
    "Francesca",
    "Pierre",
    "Claire",
    "Jean",
    "Hans",
    "Greta",
    "Lukas",
    "Yusuf",
    "Fatima",
    "Omar",
    "Leila",
    "Chen",
    "Wei",
    "Akira",
    "Yuki",
    "Priya",
    "Rahul",
    "Amara",
    "Kwame",
    "Nadia",
    "Tomas",
    "Eva",
    "Jakub",
    "Marta",
    "Andrei",
    "Viktor",
    "Daria",
    "Samuel",
    "Grace",
    "Daniel",
    "Rosa",
    "Ibrahim",
    "Zeynep",
    "Mateo",
    "Lucia",
    "Diego",
    "Camila",
    "Bruno",
    "Ines",
    "Rui",
    "Beatriz",
    "Kofi",
    "Esi",
];
const LAST: &[&str] = &[
    "Garcia",
    "Rossi",
    "Dubois",
    "Muller",
    "Kowalski",
    "Petrenko",
    "Ivanov",
    "Yilmaz",
    "Demir",
    "Bianchi",
    "Moreau",
    "Schmidt",
    "Novak",
    "Horvat",
    "Silva",
    "Santos",
    "Costa",
    "Ferreira",
    "Lopez",
    "Martinez",
    "Fernandez",
    "Romano",
    "Conti",
    "Lambert",
    "Fischer",
    "Weber",
    "Wagner",
    "Kaya",
    "Celik",
    "Shevchenko",
    "Bondarenko",
    "Kovalenko",
    "Sokolov",
    "Popescu",
    "Ionescu",
    "Nagy",
    "Toth",
    "Jensen",
    "Nielsen",
    "Larsen",
    "Haddad",
    "Mansour",
    "Okafor",
    "Mensah",
    "Tanaka",
    "Sato",
    "Kim",
    "Park",
    "Singh",
    "Sharma",
    "Zhang",
    "Liu",
    "Wang",
    "Nguyen",
    "Abebe",
    "Kariuki",
    "Diallo",
    "Traore",
    "Alvarez",
    "Moreno",
    "Navarro",
    "Ruiz",
    "Vidal",
];
const PLACES: &[&str] = &[
    "Istanbul",
    "Geneva",
    "Kyiv",
    "Moscow",
    "Ankara",
    "Brussels",
    "Vienna",
    "Warsaw",
    "Madrid",
    "Rome",
    "Paris",
    "Berlin",
    "Lisbon",
    "Athens",
    "Cairo",
    "Nairobi",
    "Lagos",
    "Accra",
    "Doha",
    "Riyadh",
    "Tehran",
    "Baghdad",
    "Beirut",
    "Amman",
    "Tbilisi",
    "Yerevan",
    "Baku",
    "Minsk",
    "Vilnius",
    "Riga",
    "Tallinn",
    "Helsinki",
    "Oslo",
    "Stockholm",
    "Copenhagen",
    "Prague",
    "Budapest",
    "Bucharest",
    "Sofia",
    "Belgrade",
    "Zagreb",
    "Sarajevo",
    "Tirana",
    "Skopje",
    "Chisinau",
    "Odesa",
    "Kharkiv",
    "Dnipro",
    "Lviv",
    "Mariupol",
    "Kherson",
    "Zaporizhzhia",
    "Bogota",
    "Lima",
    "Quito",
    "Caracas",
    "Santiago",
    "Montevideo",
    "Asuncion",
    "Havana",
    "Manila",
    "Jakarta",
    "Hanoi",
    "Bangkok",
    "Dhaka",
    "Karachi",
    "Kabul",
    "Tashkent",
    "Almaty",
];
const ORGS: &[&str] = &[
    "the United Nations",
    "NATO",
    "the European Commission",
    "the World Bank",
    "the International Monetary Fund",
    "the Red Cross",
    "the African Union",
    "the Kremlin",
    "the State Department",
    "the Foreign Ministry",
    "the Defence Ministry",
    "the central bank",
    "the electoral commission",
    "the Supreme Court",
    "the parliament",
    "the opposition party",
    "the ruling coalition",
    "the trade union",
    "the national railway",
    "the energy regulator",
    "the health ministry",
    "the army",
    "the coast guard",
    "the border police",
    "the chamber of commerce",
    "the football federation",
    "the national museum",
];
const ROLES: &[&str] = &[
    "minister",
    "president",
    "prime minister",
    "spokesman",
    "spokeswoman",
    "mayor",
    "governor",
    "ambassador",
    "general",
    "negotiator",
    "chief executive",
    "economist",
    "analyst",
    "prosecutor",
    "judge",
    "commander",
    "senator",
    "envoy",
    "director",
    "secretary",
    "adviser",
    "chairman",
];
const NOUNS: &[&str] = &[
    "agreement",
    "proposal",
    "ceasefire",
    "offensive",
    "budget",
    "election",
    "referendum",
    "pipeline",
    "port",
    "bridge",
    "harbour",
    "convoy",
    "delegation",
    "summit",
    "sanction",
    "embargo",
    "tariff",
    "loan",
    "reform",
    "investigation",
    "trial",
    "verdict",
    "strike",
    "protest",
    "rally",
    "campaign",
    "coalition",
    "deal",
    "treaty",
    "border",
    "crossing",
    "corridor",
    "shipment",
    "grain",
    "fuel",
    "gas",
    "power plant",
    "dam",
    "reservoir",
    "flood",
    "drought",
    "wildfire",
    "earthquake",
    "storm",
    "vaccine",
    "hospital",
    "school",
    "university",
    "factory",
    "mine",
    "railway",
    "airport",
    "highway",
    "market",
    "currency",
    "inflation",
    "interest rate",
    "pension",
    "salary",
    "tax",
    "subsidy",
    "debt",
    "bond",
    "export",
    "import",
    "harvest",
    "fishing quota",
    "water supply",
    "curfew",
    "checkpoint",
    "prisoner exchange",
    "evacuation",
    "refugee camp",
    "aid package",
    "peace plan",
    "security guarantee",
    "drone",
    "missile",
    "air defence system",
    "warship",
    "tank",
    "battalion",
    "frontline",
    "village",
    "district",
    "province",
    "region",
    "capital",
    "district court",
    "council",
    "committee",
    "inquiry",
    "report",
    "survey",
    "poll",
    "statement",
    "interview",
    "speech",
    "meeting",
    "negotiation",
    "round of talks",
    "visit",
    "tour",
    "festival",
    "exhibition",
    "match",
    "tournament",
    "stadium",
    "museum",
    "library",
    "church",
    "mosque",
    "monument",
    "archive",
];
const ADJS: &[&str] = &[
    "new",
    "former",
    "fragile",
    "temporary",
    "long-awaited",
    "controversial",
    "joint",
    "regional",
    "national",
    "local",
    "foreign",
    "military",
    "civilian",
    "economic",
    "political",
    "public",
    "private",
    "emergency",
    "humanitarian",
    "diplomatic",
    "financial",
    "final",
    "first",
    "second",
    "third",
    "major",
    "minor",
    "key",
    "disputed",
    "planned",
    "delayed",
    "revised",
    "modest",
    "sharp",
    "sudden",
    "gradual",
    "historic",
    "unprecedented",
    "secret",
    "official",
    "preliminary",
    "annual",
    "monthly",
    "weekly",
    "northern",
    "southern",
    "eastern",
    "western",
    "coastal",
    "rural",
    "urban",
    "industrial",
    "agricultural",
    "cultural",
    "judicial",
    "electoral",
];
const VERBS: &[&str] = &[
    "approved",
    "rejected",
    "signed",
    "delayed",
    "announced",
    "criticised",
    "welcomed",
    "suspended",
    "extended",
    "cancelled",
    "opened",
    "closed",
    "blocked",
    "reviewed",
    "discussed",
    "proposed",
    "promised",
    "defended",
    "questioned",
    "postponed",
    "confirmed",
    "denied",
    "investigated",
    "funded",
    "rebuilt",
    "damaged",
    "inspected",
    "launched",
    "completed",
    "negotiated",
    "ratified",
    "challenged",
    "praised",
    "condemned",
    "supported",
    "opposed",
    "expanded",
    "reduced",
    "raised",
    "lowered",
    "restored",
    "repaired",
    "evacuated",
    "protected",
    "secured",
    "monitored",
    "organised",
    "hosted",
    "attended",
    "visited",
    "left",
    "reached",
];
const VERBS_BASE: &[&str] = &[
    "approve",
    "reject",
    "sign",
    "delay",
    "announce",
    "review",
    "discuss",
    "propose",
    "defend",
    "postpone",
    "confirm",
    "fund",
    "rebuild",
    "inspect",
    "launch",
    "complete",
    "negotiate",
    "ratify",
    "challenge",
    "support",
    "oppose",
    "expand",
    "reduce",
    "raise",
    "lower",
    "restore",
    "repair",
    "protect",
    "secure",
    "monitor",
    "organise",
    "host",
    "attend",
    "visit",
    "reopen",
];
const PREPS: &[&str] = &[
    "in", "near", "outside", "across", "along", "inside", "around", "beyond", "towards", "from",
];
const DAYS: &[&str] = &[
    "on Monday",
    "on Tuesday",
    "on Wednesday",
    "on Thursday",
    "on Friday",
    "on Saturday",
    "on Sunday",
    "last week",
    "this week",
    "earlier this month",
    "last month",
    "in January",
    "in March",
    "in May",
    "in July",
    "in September",
    "in November",
    "overnight",
    "this morning",
    "late on Sunday",
    "early on Friday",
];
const SAID: &[&str] = &[
    "said",
    "told reporters",
    "announced",
    "insisted",
    "warned",
    "stressed",
    "added",
    "acknowledged",
    "claimed",
    "noted",
    "argued",
    "explained",
];
const OUTLETS: &[&str] = &[
    "local television",
    "a radio station",
    "state media",
    "the news agency",
    "a newspaper",
    "a press conference",
    "journalists",
    "foreign correspondents",
    "a parliamentary committee",
];
const OPENERS: &[&str] = &[
    "However",
    "Meanwhile",
    "In addition",
    "At the same time",
    "Nevertheless",
    "For now",
    "According to officials",
    "In a statement",
    "Separately",
    "Earlier",
    "Later",
    "Despite the criticism",
    "As a result",
    "In response",
];
const AGENCIES: &[&str] = &["Reuters", "AFP", "EFE", "ANSA", "DPA"];

/// The people, places and organisations of one news event; articles about
/// the same event share them (hard negatives).
#[derive(Clone)]
struct Event {
    people: Vec<(String, &'static str)>,
    places: Vec<&'static str>,
    orgs: Vec<&'static str>,
    nouns: Vec<&'static str>,
    numbers: Vec<usize>,
}

fn event(rng: &mut Rng) -> Event {
    Event {
        people: (0..3)
            .map(|_| {
                (
                    format!("{} {}", rng.pick(FIRST), rng.pick(LAST)),
                    rng.pick(ROLES),
                )
            })
            .collect(),
        places: (0..3).map(|_| rng.pick(PLACES)).collect(),
        orgs: (0..2).map(|_| rng.pick(ORGS)).collect(),
        nouns: (0..4).map(|_| rng.pick(NOUNS)).collect(),
        numbers: (0..3).map(|_| rng.range(2, 900)).collect(),
    }
}

fn cap(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

fn subject(rng: &mut Rng, ev: &Event) -> String {
    match rng.below(6) {
        0 | 1 => {
            let (name, role) = &ev.people[rng.below(ev.people.len())];
            if rng.chance(0.5) {
                name.clone()
            } else {
                format!("the {role} {name}")
            }
        }
        2 => ev.orgs[rng.below(ev.orgs.len())].to_string(),
        3 => format!("the {} of {}", rng.pick(ROLES), rng.pick(PLACES)),
        4 => format!("{} {}", rng.pick(ADJS), plural(rng.pick(ROLES))),
        _ => rng.pick(ORGS).to_string(),
    }
}

fn plural(n: &str) -> String {
    if n.ends_with('s') || n.ends_with("sh") || n.ends_with("ch") {
        format!("{n}es")
    } else if let Some(stem) = n.strip_suffix('y') {
        format!("{stem}ies")
    } else if let Some(stem) = n.strip_suffix("man") {
        format!("{stem}men")
    } else {
        format!("{n}s")
    }
}

fn noun(rng: &mut Rng, ev: &Event) -> &'static str {
    if rng.chance(0.4) {
        ev.nouns[rng.below(ev.nouns.len())]
    } else {
        rng.pick(NOUNS)
    }
}

fn object(rng: &mut Rng, ev: &Event) -> String {
    let mut s = String::from(if rng.chance(0.7) { "the" } else { "a" });
    if rng.chance(0.6) {
        s.push(' ');
        s.push_str(rng.pick(ADJS));
    }
    s.push(' ');
    s.push_str(noun(rng, ev));
    if s.starts_with("a ") && s[2..].starts_with(['a', 'e', 'i', 'o', 'u']) {
        s.insert(1, 'n');
    }
    if rng.chance(0.35) {
        let _ = write!(s, " of the {}", noun(rng, ev));
    }
    s
}

fn place(rng: &mut Rng, ev: &Event) -> &'static str {
    if rng.chance(0.6) {
        ev.places[rng.below(ev.places.len())]
    } else {
        rng.pick(PLACES)
    }
}

fn pp(rng: &mut Rng, ev: &Event) -> String {
    match rng.below(5) {
        0 => format!("{} {}", rng.pick(PREPS), place(rng, ev)),
        1 => format!("with {}", subject(rng, ev)),
        2 => format!("after the {} {}", rng.pick(ADJS), noun(rng, ev)),
        3 => format!(
            "for {} {}",
            ev.numbers[rng.below(ev.numbers.len())] + rng.below(3),
            plural(noun(rng, ev))
        ),
        _ => format!("{} the {}", rng.pick(PREPS), noun(rng, ev)),
    }
}

fn clause(rng: &mut Rng, ev: &Event) -> String {
    let subj = subject(rng, ev);
    let mut s = if rng.chance(0.5) {
        format!("{subj} {} {}", rng.pick(VERBS), object(rng, ev))
    } else {
        format!("{subj} would {} {}", rng.pick(VERBS_BASE), object(rng, ev))
    };
    for _ in 0..rng.range(1, 2) {
        s.push(' ');
        s.push_str(&pp(rng, ev));
    }
    s
}

fn sentence(rng: &mut Rng, ev: &Event) -> String {
    let s = match rng.below(8) {
        0 => format!(
            "{} {} {} that {}.",
            subject(rng, ev),
            rng.pick(SAID),
            rng.pick(DAYS),
            clause(rng, ev)
        ),
        1 => format!(
            "“{},” {} told {}.",
            cap(&clause(rng, ev)),
            subject(rng, ev),
            rng.pick(OUTLETS)
        ),
        2 => format!("{}, {}.", rng.pick(OPENERS), clause(rng, ev)),
        3 => format!(
            "{} {} and {} {}.",
            clause(rng, ev),
            rng.pick(DAYS),
            rng.pick(VERBS),
            object(rng, ev)
        ),
        4 => format!(
            "{} {} were {} {} {}.",
            rng.range(2, 5000),
            plural(noun(rng, ev)),
            rng.pick(VERBS),
            pp(rng, ev),
            rng.pick(DAYS)
        ),
        5 => format!(
            "According to {}, {}, while {}.",
            subject(rng, ev),
            clause(rng, ev),
            clause(rng, ev)
        ),
        6 => format!("{} {}.", clause(rng, ev), rng.pick(DAYS)),
        _ => format!(
            "{} {} that {} {}.",
            subject(rng, ev),
            rng.pick(SAID),
            clause(rng, ev),
            pp(rng, ev)
        ),
    };
    cap(&s)
}

fn paragraph(rng: &mut Rng, ev: &Event) -> String {
    let n = rng.range(1, 4);
    (0..n)
        .map(|_| sentence(rng, ev))
        .collect::<Vec<_>>()
        .join(" ")
}

fn title(rng: &mut Rng, ev: &Event) -> String {
    let c = clause(rng, ev);
    cap(&c)
}

/// Word-level edits: substitutions, deletions, insertions, and a case or
/// punctuation change, `n` in all. Also returns the byte ranges of the
/// words that differ from the source (substituted or inserted), for
/// scoring the divergent-copy rule.
fn edit_sites(rng: &mut Rng, text: &str, n: usize) -> (String, Vec<std::ops::Range<usize>>) {
    let mut words: Vec<(String, bool)> = text.split(' ').map(|w| (w.to_string(), false)).collect();
    for _ in 0..n {
        if words.len() < 4 {
            break;
        }
        let i = rng.range(1, words.len() - 2);
        match rng.below(4) {
            0 => {
                let w = &mut words[i];
                let punct: String = w.0.chars().filter(|c| !c.is_alphanumeric()).collect();
                *w = (format!("{}{}", rng.pick(ADJS), punct), true);
            }
            1 => {
                words.remove(i);
            }
            2 => words.insert(i, (rng.pick(ADJS).to_string(), true)),
            _ => {
                let w = &mut words[i].0;
                *w = if w.chars().next().is_some_and(char::is_uppercase) {
                    w.to_lowercase()
                } else {
                    cap(w)
                };
            }
        }
    }
    let mut s = String::new();
    let mut sites = Vec::new();
    for (k, (w, changed)) in words.iter().enumerate() {
        if k > 0 {
            s.push(' ');
        }
        if *changed {
            sites.push(s.len()..s.len() + w.len());
        }
        s.push_str(w);
    }
    if !s.ends_with(['.', '”', '"']) {
        s.push('.');
    }
    (s, sites)
}

fn edit(rng: &mut Rng, text: &str, n: usize) -> String {
    edit_sites(rng, text, n).0
}

/// A piece of an article: its paragraphs are joined by blank lines.
struct Para {
    text: String,
    /// A copy or boilerplate: never the source of a planted copy.
    copy: bool,
    /// Families this paragraph (or a sentence of it, by byte range) belongs to.
    marks: Vec<(usize, Option<std::ops::Range<usize>>)>,
}

/// Mark of a word that differs from its source in an edited copy.
const EDIT_SITE: usize = usize::MAX - 2;

struct Family {
    kind: &'static str,
    members: Vec<(usize, usize, usize)>,
}

/// Where a generated paragraph landed, for copying from it later.
#[derive(Clone)]
struct Placed {
    text: String,
    /// Family of the whole paragraph, if any.
    family: Option<usize>,
    /// Families of its sentences copied elsewhere, by byte range.
    sentence_families: Vec<(std::ops::Range<usize>, usize)>,
    /// Character offsets in its article.
    start: usize,
    end: usize,
}

struct Gen {
    rng: Rng,
    families: Vec<Family>,
    divergent: Vec<[usize; 6]>,
    edit_sites: Vec<(usize, usize, usize)>,
    /// Paragraphs of every article, for copies (body paragraphs only).
    placed: Vec<Vec<Placed>>,
    authors: Vec<(String, String)>,
    footers: Vec<Vec<String>>,
    /// Family ids of boilerplate: byline per author, bio per author,
    /// footer per footer, agency per agency.
    byline_fam: Vec<usize>,
    bio_fam: Vec<usize>,
    footer_fam: Vec<usize>,
    agency_fam: Vec<usize>,
    events: Vec<Event>,
}

impl Gen {
    fn new(seed: u64) -> Self {
        let mut rng = Rng(seed);
        let mut families = Vec::new();
        let mut fam = |kind| {
            families.push(Family {
                kind,
                members: Vec::new(),
            });
            families.len() - 1
        };
        let ev = event(&mut rng);
        let authors: Vec<(String, String)> = (0..40)
            .map(|_| {
                let name = format!("{} {}", rng.pick(FIRST), rng.pick(LAST));
                let bio = format!(
                    "{name} is a journalist based in {} who covers {} and {} for the site. {}",
                    rng.pick(PLACES),
                    plural(rng.pick(NOUNS)),
                    plural(rng.pick(NOUNS)),
                    sentence(&mut rng, &ev)
                );
                (name, bio)
            })
            .collect();
        let footers: Vec<Vec<String>> = (0..8)
            .map(|i| {
                let base = match i {
                    0 => "Subscribe to our newsletter to receive the most important news of the day in your inbox every morning.".to_string(),
                    1 => "This article was translated automatically and reviewed by our editorial team; report any errors to the newsroom.".to_string(),
                    2 => format!("Follow all the news from {} and the rest of the world on our website and social networks.", rng.pick(PLACES)),
                    3 => "The editorial board of this site does not necessarily share the opinions expressed by its contributors.".to_string(),
                    4 => "Support independent journalism: become a member today and get unlimited access to every story we publish.".to_string(),
                    5 => "Photographs courtesy of the press office unless otherwise stated; all rights reserved by their authors.".to_string(),
                    6 => "Did you find a mistake in this text? Select it and press the button to send it to our editors.".to_string(),
                    _ => "Download our free mobile application to follow live coverage and receive alerts about breaking news.".to_string(),
                };
                // Some footers exist in a few slightly different versions.
                let mut v = vec![base.clone()];
                if i % 2 == 1 {
                    v.push(edit(&mut rng, &base, 1));
                    v.push(edit(&mut rng, &base, 2));
                }
                v
            })
            .collect();
        let byline_fam = (0..authors.len()).map(|_| fam("boilerplate")).collect();
        let bio_fam = (0..authors.len()).map(|_| fam("boilerplate")).collect();
        let footer_fam = (0..footers.len()).map(|_| fam("boilerplate")).collect();
        let agency_fam = (0..AGENCIES.len()).map(|_| fam("boilerplate")).collect();
        Gen {
            rng,
            families,
            divergent: Vec::new(),
            edit_sites: Vec::new(),
            placed: Vec::new(),
            authors,
            footers,
            byline_fam,
            bio_fam,
            footer_fam,
            agency_fam,
            events: Vec::new(),
        }
    }

    fn family(&mut self, kind: &'static str) -> usize {
        self.families.push(Family {
            kind,
            members: Vec::new(),
        });
        self.families.len() - 1
    }

    /// A random earlier body paragraph with at least `min_words` words.
    fn source(&mut self, doc: usize, min_words: usize) -> Option<(usize, usize)> {
        for _ in 0..10 {
            if doc == 0 {
                return None;
            }
            let d = self.rng.below(doc);
            let n = self.placed[d].len();
            if n == 0 {
                continue;
            }
            let p = self.rng.below(n);
            if self.placed[d][p].text.split(' ').count() >= min_words {
                return Some((d, p));
            }
        }
        None
    }

    fn article(&mut self, doc: usize) -> (String, Vec<Placed>) {
        let rng = &mut self.rng;
        // A third of the articles report an event already covered.
        let ev = if !self.events.is_empty() && rng.chance(0.3) {
            self.events[rng.below(self.events.len())].clone()
        } else {
            let e = event(rng);
            self.events.push(e.clone());
            if self.events.len() > 2000 {
                self.events.remove(0);
            }
            e
        };
        let mut paras: Vec<Para> = Vec::new();
        let plain = |text: String| Para {
            copy: false,
            text,
            marks: Vec::new(),
        };
        let t = title(rng, &ev);
        let title_repeat = rng.chance(0.1);
        let title_fam = title_repeat.then(|| self.family("title-repeat"));
        let rng = &mut self.rng;
        paras.push(Para {
            copy: true,
            text: t.clone(),
            marks: title_fam.map(|f| (f, None)).into_iter().collect(),
        });
        let author = rng.chance(0.6).then(|| rng.below(self.authors.len()));
        if let Some(a) = author {
            paras.push(Para {
                copy: true,
                text: format!("By {}", self.authors[a].0),
                marks: vec![(self.byline_fam[a], None)],
            });
        }
        if let Some(f) = title_fam {
            paras.push(Para {
                copy: true,
                text: t,
                marks: vec![(f, None)],
            });
        }
        let body_start = paras.len();
        let n = rng.range(5, 12);
        for _ in 0..n {
            if rng.chance(0.15) {
                let head = format!("{} {}", clause(rng, &ev), pp(rng, &ev));
                paras.push(plain(cap(&head)));
            }
            paras.push(plain(paragraph(rng, &ev)));
        }
        // Planted copies from earlier articles.
        let plants: [(f64, &str); 7] = [
            (0.12, "exact"),
            (0.12, "light"),
            (0.08, "medium"),
            (0.06, "heavy"),
            (0.10, "sentence"),
            (0.05, "appended"),
            (0.12, "negative"),
        ];
        for (p, kind) in plants {
            if !self.rng.chance(p) {
                continue;
            }
            let min_words = if kind == "sentence" { 0 } else { 12 };
            let Some((d, pi)) = self.source(doc, min_words) else {
                continue;
            };
            let src = self.placed[d][pi].clone();
            let words = src.text.split(' ').count();
            let at = self.rng.range(body_start, paras.len());
            let para = match kind {
                "exact" | "light" | "medium" | "heavy" | "appended" => {
                    let (text, sites) = match kind {
                        "exact" => (src.text.clone(), Vec::new()),
                        "light" => {
                            let n = self.rng.range(1, 2);
                            edit_sites(&mut self.rng, &src.text, n)
                        }
                        "medium" => edit_sites(&mut self.rng, &src.text, (words / 20).max(2)),
                        "heavy" => edit_sites(&mut self.rng, &src.text, (words / 10).max(3)),
                        _ => (
                            format!("{} {}", src.text, sentence(&mut self.rng, &ev)),
                            Vec::new(),
                        ),
                    };
                    let f = match src.family {
                        Some(f) => f,
                        None => {
                            let f = self.family(kind);
                            let (s, e) = self.position(d, pi);
                            self.families[f].members.push((d, s, e));
                            self.placed[d][pi].family = Some(f);
                            f
                        }
                    };
                    let mut marks = vec![(f, None)];
                    marks.extend(sites.into_iter().map(|r| (EDIT_SITE, Some(r))));
                    Para {
                        copy: true,
                        text,
                        marks,
                    }
                }
                "sentence" => {
                    // One sentence of the source inside a new paragraph.
                    let sents = split_sentences(&src.text);
                    let (a, b) = sents[self.rng.below(sents.len())];
                    let sent = &src.text[a..b];
                    if sent.split(' ').count() < 8 {
                        continue;
                    }
                    let known = src
                        .sentence_families
                        .iter()
                        .find(|(r, _)| *r == (a..b))
                        .map(|x| x.1);
                    let f = match known {
                        Some(f) => f,
                        None => {
                            let f = self.family("sentence");
                            let (s, _) = self.position(d, pi);
                            let sc = src.text[..a].chars().count();
                            self.families[f].members.push((
                                d,
                                s + sc,
                                s + sc + sent.chars().count(),
                            ));
                            self.placed[d][pi].sentence_families.push((a..b, f));
                            f
                        }
                    };
                    let before = sentence(&mut self.rng, &ev);
                    let after = sentence(&mut self.rng, &ev);
                    let sent = sent.to_string();
                    let sent = if sent.ends_with(['.', '”']) {
                        sent
                    } else {
                        sent + "."
                    };
                    let text = format!("{before} {sent} {after}");
                    let start = before.len() + 1;
                    Para {
                        copy: true,
                        marks: vec![(f, Some(start..start + sent.len()))],
                        text,
                    }
                }
                _ => {
                    // Hard negative: same event, the source's numbers and
                    // names, new sentences in the source's opening frame.
                    let frame: Vec<&str> = src.text.split(' ').take(4).collect();
                    let rest = paragraph(&mut self.rng, &ev);
                    plain(format!("{} {}", frame.join(" "), rest))
                }
            };
            paras.insert(at, para);
        }
        // A subheading repeated inside a quotation, one phrase changed.
        if self.rng.chance(0.05) {
            let rng = &mut self.rng;
            let head = cap(&format!(
                "{} {} {} {}",
                clause(rng, &ev),
                rng.pick(PREPS),
                rng.pick(ADJS),
                rng.pick(NOUNS)
            ));
            let mut words: Vec<&str> = head.split(' ').collect();
            let i = rng.range(2, words.len() - 2);
            let old = words[i].to_string();
            let mut new = rng.pick(ADJS);
            while new == old {
                new = rng.pick(ADJS);
            }
            words[i] = new;
            let changed = words.join(" ");
            let quote_lead = format!("{} {} that “", cap(&subject(rng, &ev)), rng.pick(SAID));
            let quote_tail = format!("” {}.", pp(rng, &ev));
            let quote = changed.to_lowercase();
            let f = self.family("divergent");
            let at = self.rng.range(body_start, paras.len());
            // Byte ranges of the differing word in head and quote.
            let hb: usize = head.split(' ').take(i).map(|w| w.len() + 1).sum();
            let qb: usize = quote.split(' ').take(i).map(|w| w.len() + 1).sum();
            let qtext = format!("{quote_lead}{quote}{quote_tail}");
            let qstart = quote_lead.len();
            paras.insert(
                at,
                Para {
                    copy: true,
                    marks: vec![(f, None), (usize::MAX, Some(hb..hb + old.len()))],
                    text: head,
                },
            );
            paras.insert(
                at + 1,
                Para {
                    copy: true,
                    marks: vec![
                        (f, Some(qstart..qstart + quote.len())),
                        (usize::MAX - 1, Some(qstart + qb..qstart + qb + new.len())),
                    ],
                    text: qtext,
                },
            );
        }
        // A paragraph repeated later in the same article.
        if self.rng.chance(0.05) && paras.len() > body_start + 2 {
            let i = self.rng.range(body_start, paras.len() - 1);
            if paras[i].marks.is_empty() && paras[i].text.split(' ').count() >= 8 {
                let f = self.family("paragraph-repeat");
                paras[i].marks.push((f, None));
                let copy = Para {
                    copy: true,
                    text: paras[i].text.clone(),
                    marks: vec![(f, None)],
                };
                let at = self.rng.range(i + 1, paras.len());
                paras.insert(at, copy);
            }
        }
        let rng = &mut self.rng;
        if let Some(a) = author {
            if rng.chance(0.7) {
                paras.push(Para {
                    copy: true,
                    text: self.authors[a].1.clone(),
                    marks: vec![(self.bio_fam[a], None)],
                });
            }
        }
        if rng.chance(0.3) {
            let k = rng.below(self.footers.len());
            let v = rng.below(self.footers[k].len());
            paras.push(Para {
                copy: true,
                text: self.footers[k][v].clone(),
                marks: vec![(self.footer_fam[k], None)],
            });
        }
        if rng.chance(0.2) {
            let k = rng.below(AGENCIES.len());
            paras.push(Para {
                copy: true,
                text: AGENCIES[k].to_string(),
                marks: vec![(self.agency_fam[k], None)],
            });
        }
        // Lay out the text and record positions.
        let mut text = String::new();
        let mut chars = 0usize;
        let mut placed = Vec::new();
        let mut div = [0usize; 6];
        for (k, p) in paras.iter().enumerate() {
            if k > 0 {
                text.push_str("\n\n");
                chars += 2;
            }
            let pc = p.text.chars().count();
            for (f, r) in &p.marks {
                let (s, e) = match r {
                    None => (chars, chars + pc),
                    Some(r) => {
                        let s = chars + p.text[..r.start].chars().count();
                        (s, s + p.text[r.clone()].chars().count())
                    }
                };
                match *f {
                    EDIT_SITE => self.edit_sites.push((doc, s, e)),
                    f if f == usize::MAX => {
                        div[3] = doc;
                        div[4] = s;
                        div[5] = e;
                    }
                    f if f == usize::MAX - 1 => {
                        div[0] = doc;
                        div[1] = s;
                        div[2] = e;
                    }
                    f => self.families[f].members.push((doc, s, e)),
                }
            }
            if k >= body_start && !p.copy && p.text.split(' ').count() >= 8 {
                placed.push(Placed {
                    text: p.text.clone(),
                    family: p.marks.iter().find(|m| m.1.is_none()).map(|m| m.0),
                    sentence_families: Vec::new(),
                    start: chars,
                    end: chars + pc,
                });
            }
            text.push_str(&p.text);
            chars += pc;
        }
        if div[2] > 0 {
            self.divergent.push(div);
        }
        text.push('\n');
        (text, placed)
    }

    /// Character start and end of an earlier article's body paragraph.
    fn position(&self, d: usize, p: usize) -> (usize, usize) {
        let p = &self.placed[d][p];
        (p.start, p.end)
    }
}

fn split_sentences(p: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    let b = p.as_bytes();
    for i in 0..b.len() {
        if b[i] == b' '
            && i > 0
            && (p[..i].ends_with('.') || p[..i].ends_with(".”"))
            && p[i + 1..].starts_with(|c: char| c.is_uppercase() || c == '“')
        {
            out.push((start, i));
            start = i + 1;
        }
    }
    out.push((start, p.len()));
    out
}

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() != 4 {
        eprintln!("usage: dupgen DOCS SEED OUT_DIR");
        std::process::exit(2);
    }
    let n: usize = args[1].parse().expect("DOCS is a number");
    let seed: u64 = args[2].parse().expect("SEED is a number");
    let dir = PathBuf::from(&args[3]);
    fs::create_dir_all(&dir)?;
    let mut gen = Gen::new(seed);
    let mut corpus = BufWriter::new(fs::File::create(dir.join("corpus.jsonl"))?);
    for doc in 0..n {
        let (text, placed) = gen.article(doc);
        gen.placed.push(placed);
        let line = serde_json::json!({"id": format!("a{doc:06}"), "text": text});
        writeln!(corpus, "{line}")?;
    }
    corpus.flush()?;
    let mut truth = BufWriter::new(fs::File::create(dir.join("truth.jsonl"))?);
    for (i, f) in gen.families.iter().enumerate() {
        if f.members.len() < 2 {
            continue;
        }
        let members: Vec<(String, usize, usize)> = f
            .members
            .iter()
            .map(|&(d, s, e)| (format!("a{d:06}"), s, e))
            .collect();
        let line = serde_json::json!({"id": i, "kind": f.kind, "members": members});
        writeln!(truth, "{line}")?;
    }
    truth.flush()?;
    let mut div = BufWriter::new(fs::File::create(dir.join("divergent.jsonl"))?);
    for d in &gen.divergent {
        let line = serde_json::json!({"doc": format!("a{:06}", d[0]), "start": d[1], "end": d[2],
            "other_doc": format!("a{:06}", d[3]), "other_start": d[4], "other_end": d[5]});
        writeln!(div, "{line}")?;
    }
    div.flush()?;
    let mut sites = BufWriter::new(fs::File::create(dir.join("edits.jsonl"))?);
    for &(d, s, e) in &gen.edit_sites {
        let line = serde_json::json!({"doc": format!("a{d:06}"), "start": s, "end": e});
        writeln!(sites, "{line}")?;
    }
    sites.flush()
}
