//! The editor report: one self-contained HTML file (no network, no external
//! assets). A summary table, then every document that has findings, its text
//! with each finding highlighted in place (a colour per check), the message
//! and suggestion on hover and in a side list, links between the copies of a
//! duplicate and the spellings of a name, and filters by check and severity.
//!
//! Large corpora: each document's highlighted text is rendered into a
//! `<template>` and only put into the page when its section is opened (the
//! first few are open from the start), so the browser lays out what is read.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::{self, Write};

use crate::finding::{CheckKind, Finding, Severity};

/// Documents open when the page loads; the rest render when opened.
const OPEN_AT_LOAD: usize = 20;

/// A document's id and text, as the report needs them.
pub struct DocText<'a> {
    pub id: &'a str,
    pub text: &'a str,
}

pub fn write(findings: &[Finding], docs: &[DocText], out: &mut dyn Write) -> io::Result<()> {
    let mut by_doc: BTreeMap<usize, Vec<(usize, &Finding)>> = BTreeMap::new();
    for (i, f) in findings.iter().enumerate() {
        by_doc.entry(f.doc_index).or_default().push((i, f));
    }
    let index_of: HashMap<&str, usize> = docs.iter().enumerate().map(|(i, d)| (d.id, i)).collect();
    // Places other findings point at: they get anchors.
    let mut anchors: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for f in findings {
        if let Some(r) = &f.related {
            if let Some(&d) = index_of.get(&*r.doc) {
                anchors.entry(d).or_default().insert(r.start);
            }
        }
    }

    write!(out, "{}", HEAD)?;
    write_summary(findings, docs.len(), out)?;
    writeln!(out, "<main>")?;
    for (n, (&d, list)) in by_doc.iter().enumerate() {
        let Some(doc) = docs.get(d) else { continue };
        let empty = BTreeSet::new();
        let doc_anchors = anchors.get(&d).unwrap_or(&empty);
        write_document(d, doc, list, doc_anchors, &index_of, n < OPEN_AT_LOAD, out)?;
    }
    writeln!(
        out,
        "</main>\n<script>{}</script>\n</body>\n</html>",
        SCRIPT
    )?;
    out.flush()
}

fn write_summary(findings: &[Finding], documents: usize, out: &mut dyn Write) -> io::Result<()> {
    let docs_with = findings
        .iter()
        .map(|f| f.doc_index)
        .collect::<BTreeSet<_>>()
        .len();
    writeln!(out, "<header><h1>transaudit report</h1>")?;
    writeln!(
        out,
        "<p>{documents} documents, {docs_with} with findings, {} findings.</p>",
        findings.len()
    )?;
    writeln!(out, "<table class=\"summary\"><thead><tr><th>check</th>")?;
    for s in SEVERITIES {
        writeln!(out, "<th>{s}</th>")?;
    }
    writeln!(out, "<th>total</th></tr></thead><tbody>")?;
    for k in CheckKind::ALL {
        let n = |s: Severity| {
            findings
                .iter()
                .filter(|f| f.check == k && f.severity == s)
                .count()
        };
        write!(out, "<tr><td><span class=\"swatch c-{k}\"></span>{k}</td>")?;
        for s in SEVERITIES {
            write!(out, "<td>{}</td>", n(s))?;
        }
        writeln!(
            out,
            "<td>{}</td></tr>",
            findings.iter().filter(|f| f.check == k).count()
        )?;
    }
    writeln!(out, "</tbody></table>")?;
    writeln!(
        out,
        "<form id=\"filters\"><fieldset><legend>checks</legend>"
    )?;
    for k in CheckKind::ALL {
        writeln!(
            out,
            "<label><input type=\"checkbox\" name=\"check\" value=\"{k}\" checked> {k}</label>"
        )?;
    }
    writeln!(out, "</fieldset><fieldset><legend>severity</legend>")?;
    for s in SEVERITIES {
        writeln!(
            out,
            "<label><input type=\"checkbox\" name=\"severity\" value=\"{s}\" checked> {s}</label>"
        )?;
    }
    writeln!(
        out,
        "</fieldset><button type=\"button\" id=\"open-all\">open all documents</button></form></header>"
    )
}

const SEVERITIES: [Severity; 3] = [Severity::Error, Severity::Warning, Severity::Info];

#[allow(clippy::too_many_arguments)]
fn write_document(
    d: usize,
    doc: &DocText,
    list: &[(usize, &Finding)],
    anchors: &BTreeSet<usize>,
    index_of: &HashMap<&str, usize>,
    open: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    writeln!(
        out,
        "<details class=\"doc\" id=\"doc-{d}\" data-doc=\"{}\"{}><summary>{} <small>({} findings{})</small></summary>",
        esc(doc.id),
        if open { " open" } else { "" },
        esc(doc.id),
        list.len(),
        list.first()
            .and_then(|(_, f)| f.source_lang.as_deref())
            .map(|l| format!("; translated from {}", esc(l)))
            .unwrap_or_default()
    )?;
    writeln!(out, "<template>")?;
    writeln!(out, "<div class=\"body\"><div class=\"text\">")?;
    write_highlighted(d, doc.text, list, anchors, out)?;
    writeln!(out, "</div><ol class=\"side\">")?;
    for &(i, f) in list {
        write!(
            out,
            "<li class=\"item c-{} s-{}\" data-check=\"{}\" data-severity=\"{}\"><a href=\"#f-{i}\">{} {}</a> <q>{}</q>",
            f.check, f.severity, f.check, f.severity, f.rule, f.severity, esc(&f.text)
        )?;
        if let Some(s) = &f.suggestion {
            write!(out, " → <ins>{}</ins>", esc(s))?;
        }
        write!(out, "<br>{}", esc(&f.message))?;
        if let Some(r) = &f.related {
            if let Some(&rd) = index_of.get(&*r.doc) {
                write!(
                    out,
                    " <a class=\"related\" href=\"#a-{rd}-{}\">{}: {}, character {}</a>",
                    r.start,
                    if f.check == CheckKind::Consistency {
                        "other spelling"
                    } else {
                        "other copy"
                    },
                    esc(&r.doc),
                    r.start
                )?;
            }
        }
        writeln!(out, "</li>")?;
    }
    writeln!(out, "</ol></div>\n</template>\n</details>")
}

/// Writes the text with every finding highlighted. Findings may overlap, so
/// the text is cut at every start and end, and each piece is one `<mark>`
/// listing the findings that cover it (`data-f`).
fn write_highlighted(
    d: usize,
    text: &str,
    list: &[(usize, &Finding)],
    anchors: &BTreeSet<usize>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let chars: Vec<char> = text.chars().collect();
    let mut cuts: BTreeSet<usize> = [0, chars.len()].into();
    for (_, f) in list {
        cuts.insert(f.span.start.min(chars.len()));
        cuts.insert(f.span.end.min(chars.len()));
    }
    cuts.extend(anchors.iter().copied().filter(|&a| a <= chars.len()));
    let cuts: Vec<usize> = cuts.into_iter().collect();
    let mut first_piece: BTreeSet<usize> = BTreeSet::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        if anchors.contains(&a) {
            write!(out, "<a class=\"anchor\" id=\"a-{d}-{a}\"></a>")?;
        }
        let piece: String = chars[a..b].iter().collect();
        let covering: Vec<&(usize, &Finding)> = list
            .iter()
            .filter(|(_, f)| f.span.start <= a && b <= f.span.end && f.span.start < f.span.end)
            .collect();
        if covering.is_empty() {
            write!(out, "{}", esc(&piece))?;
            continue;
        }
        let ids: Vec<String> = covering.iter().map(|(i, _)| i.to_string()).collect();
        let checks: BTreeSet<&str> = covering.iter().map(|(_, f)| f.check.as_str()).collect();
        let sevs: BTreeSet<&str> = covering.iter().map(|(_, f)| f.severity.as_str()).collect();
        let title: Vec<String> = covering
            .iter()
            .map(|(_, f)| match &f.suggestion {
                Some(s) => format!("{} {}: {} → {}", f.rule, f.severity, f.message, s),
                None => format!("{} {}: {}", f.rule, f.severity, f.message),
            })
            .collect();
        let top = covering[0].1;
        // Each finding that starts here gets an anchor, for links.
        for (i, f) in &covering {
            if f.span.start == a && first_piece.insert(*i) {
                write!(out, "<a class=\"anchor\" id=\"f-{i}\"></a>")?;
            }
        }
        write!(
            out,
            "<mark class=\"c-{}\" data-f=\"{}\" data-checks=\"{}\" data-severities=\"{}\" title=\"{}\">{}</mark>",
            top.check,
            ids.join(" "),
            checks.into_iter().collect::<Vec<_>>().join(" "),
            sevs.into_iter().collect::<Vec<_>>().join(" "),
            esc(&title.join("\n")),
            esc(&piece)
        )?;
    }
    Ok(())
}

fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}

const HEAD: &str = r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>transaudit report</title>
<style>
body { font: 15px/1.5 system-ui, sans-serif; margin: 0 2em 4em; color: #222; }
header { position: sticky; top: 0; background: #fff; padding: .5em 0; border-bottom: 1px solid #ddd; z-index: 2; }
h1 { font-size: 1.3em; margin: .2em 0; }
table.summary { border-collapse: collapse; margin: .5em 0; }
table.summary td, table.summary th { border: 1px solid #ccc; padding: .1em .6em; text-align: right; }
table.summary td:first-child { text-align: left; }
#filters fieldset { display: inline-block; margin-right: 1em; }
details.doc { margin: 1em 0; border: 1px solid #ddd; border-radius: 4px; padding: .3em .8em; }
details.doc > summary { cursor: pointer; font-weight: 600; }
.body { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 1.5em; }
.text { white-space: pre-wrap; font-family: Georgia, serif; }
ol.side { font-size: .9em; margin: 0; padding-left: 1.4em; }
ol.side li { margin-bottom: .5em; border-left: 4px solid; padding-left: .4em; }
mark { border-radius: 2px; padding: 0 1px; }
.swatch { display: inline-block; width: .8em; height: .8em; margin-right: .3em; }
.c-remnant { background: #ffd6d6; border-color: #e03131; }
.c-mistranslation { background: #ffe8b3; border-color: #f08c00; }
.c-typography { background: #d3f9d8; border-color: #2f9e44; }
.c-consistency { background: #d0ebff; border-color: #1c7ed6; }
.c-duplicate { background: #e5dbff; border-color: #7048e8; }
mark.off { background: none; }
li.off { display: none; }
:target { outline: 2px solid #000; }
</style>
</head>
<body>
"#;

const SCRIPT: &str = r#"
(function () {
  function render(d) {
    var t = d.querySelector('template');
    if (t) { d.appendChild(t.content.cloneNode(true)); t.remove(); apply(); }
  }
  function visible(el, on) {
    var checks = (el.dataset.checks || el.dataset.check || '').split(' ');
    var sevs = (el.dataset.severities || el.dataset.severity || '').split(' ');
    return checks.some(function (c) { return on.check[c]; }) && sevs.some(function (s) { return on.severity[s]; });
  }
  function apply() {
    var on = { check: {}, severity: {} };
    document.querySelectorAll('#filters input').forEach(function (i) { on[i.name][i.value] = i.checked; });
    document.querySelectorAll('mark[data-f]').forEach(function (m) { m.classList.toggle('off', !visible(m, on)); });
    document.querySelectorAll('li.item').forEach(function (l) { l.classList.toggle('off', !visible(l, on)); });
  }
  function openTarget() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (!id || document.getElementById(id)) return;
    document.querySelectorAll('details.doc').forEach(function (d) {
      var t = d.querySelector('template');
      if (t && t.content.getElementById && t.content.getElementById(id)) { d.open = true; render(d); }
    });
    var el = document.getElementById(id); if (el) el.scrollIntoView();
  }
  document.querySelectorAll('details.doc').forEach(function (d) {
    if (d.open) render(d);
    d.addEventListener('toggle', function () { if (d.open) render(d); });
  });
  document.getElementById('filters').addEventListener('change', apply);
  document.getElementById('open-all').addEventListener('click', function () {
    document.querySelectorAll('details.doc').forEach(function (d) { d.open = true; render(d); });
  });
  window.addEventListener('hashchange', openTarget);
  openTarget();
  apply();
})();
"#;
