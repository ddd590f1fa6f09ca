//! The CSV report: UTF-8, a header row, one finding per row. The leading
//! columns and their order are a contract other tools read (DESIGN.md).

use std::io;

use rayon::prelude::*;

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
    w.flush()?;
    let out = w.into_inner().map_err(|e| e.into_error())?;
    // Rows are formatted in parallel, a window of chunks at a time (the
    // memory of a window, not of the report), and written in order: a
    // record's bytes do not depend on the records before it.
    const CHUNK: usize = 4096;
    for window in findings.chunks(CHUNK * 16) {
        let parts: Vec<io::Result<Vec<u8>>> = window
            .par_chunks(CHUNK)
            .map(|chunk| {
                let mut w = ::csv::WriterBuilder::new()
                    .has_headers(false)
                    .from_writer(Vec::new());
                for f in chunk {
                    w.write_record(row(f))?;
                }
                w.into_inner().map_err(|e| e.into_error())
            })
            .collect();
        for part in parts {
            out.write_all(&part?)?;
        }
    }
    out.flush()
}
