//! The CSV report: UTF-8, a header row, one finding per row. The leading
//! columns and their order are a contract other tools read (DESIGN.md).

use std::io;

use crate::finding::Finding;

/// The contract's sixteen columns, then `source_lang`: the language the
/// document was translated from, as inferred (or forced with `--source-lang`).
pub const COLUMNS: [&str; 17] = [
    "doc",
    "line",
    "column",
    "start",
    "end",
    "check",
    "rule",
    "severity",
    "lang",
    "text",
    "suggestion",
    "related_doc",
    "related_start",
    "related_end",
    "score",
    "message",
    "source_lang",
];

/// The row of one finding, as strings in [`COLUMNS`] order.
pub fn row(f: &Finding) -> [String; 17] {
    let related = f.related.as_ref();
    [
        f.doc.to_string(),
        f.span.line.to_string(),
        f.span.column.to_string(),
        f.span.start.to_string(),
        f.span.end.to_string(),
        f.check.to_string(),
        f.rule.to_string(),
        f.severity.to_string(),
        f.lang.clone().unwrap_or_default(),
        f.text.clone(),
        f.suggestion.clone().unwrap_or_default(),
        related.map(|r| r.doc.to_string()).unwrap_or_default(),
        related.map(|r| r.start.to_string()).unwrap_or_default(),
        related.map(|r| r.end.to_string()).unwrap_or_default(),
        super::format_score(f.score),
        f.message.clone(),
        f.source_lang.clone().unwrap_or_default(),
    ]
}

pub fn write(findings: &[Finding], out: &mut dyn io::Write) -> io::Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(COLUMNS)?;
    for f in findings {
        w.write_record(row(f))?;
    }
    w.flush()
}
