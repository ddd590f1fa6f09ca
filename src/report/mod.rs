//! Report writers. Each format is one module; all take findings already in
//! report order and write them to any `io::Write`.

pub mod csv;
pub mod html;
pub mod jsonl;

use std::io;

use crate::finding::Finding;

/// The report formats `--format` offers.
#[derive(
    Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// One row per finding, the columns of DESIGN.md; for spreadsheets and scripts.
    Csv,
    /// One JSON object per line, the same fields as the CSV; for pipelines.
    Jsonl,
    /// One self-contained page for editors: each text with its findings
    /// highlighted, filters by check and severity.
    Html,
}

impl Format {
    /// Whether the writer needs the documents' texts, not only the findings.
    pub fn needs_texts(self) -> bool {
        self == Format::Html
    }
}

/// Writes `findings` (in report order) in `format`; `docs` are the texts,
/// indexed by `Finding::doc_index`, for the formats that show them.
pub fn write(
    format: Format,
    findings: &[Finding],
    docs: &[html::DocText],
    out: &mut dyn io::Write,
) -> io::Result<()> {
    match format {
        Format::Csv => csv::write(findings, out),
        Format::Jsonl => jsonl::write(findings, out),
        Format::Html => html::write(findings, docs, out),
    }
}

/// A score as the report prints it: at most three decimals, no trailing zeros.
pub fn format_score(score: f64) -> String {
    let s = format!("{score:.3}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

#[cfg(test)]
mod tests {
    use super::format_score;

    #[test]
    fn scores_are_short_and_stable() {
        assert_eq!(format_score(1.0), "1");
        assert_eq!(format_score(0.85), "0.85");
        assert_eq!(format_score(0.12345), "0.123");
        assert_eq!(format_score(0.0), "0");
    }
}
