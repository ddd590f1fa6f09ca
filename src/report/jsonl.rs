//! JSON Lines: one object per finding with the CSV's fields and names, for
//! pipelines that would rather not parse CSV.

use std::io;

use serde_json::{Map, Value};

use super::csv::{row, COLUMNS};
use crate::finding::Finding;

/// Numeric columns are JSON numbers; empty optional columns are `null`.
pub fn write(findings: &[Finding], out: &mut dyn io::Write) -> io::Result<()> {
    for f in findings {
        let mut obj = Map::new();
        for (name, value) in COLUMNS.iter().zip(row(f)) {
            let v = match *name {
                "line" | "column" | "start" | "end" => {
                    Value::from(value.parse::<u64>().unwrap_or(0))
                }
                "related_start" | "related_end" if !value.is_empty() => {
                    Value::from(value.parse::<u64>().unwrap_or(0))
                }
                "score" => Value::from(f.score),
                _ if value.is_empty() => Value::Null,
                _ => Value::String(value),
            };
            obj.insert(name.to_string(), v);
        }
        serde_json::to_writer(&mut *out, &Value::Object(obj))?;
        out.write_all(b"\n")?;
    }
    out.flush()
}
