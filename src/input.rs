//! Reading the inputs: directories of `.txt`/`.md` files, single text files,
//! and JSON Lines files, decoded into text.
//!
//! Nothing is dropped silently: an input that cannot be read becomes an
//! [`InputError`] (the run goes on, the exit status becomes 2), and a byte
//! sequence that had to be replaced becomes an [`InputWarning`] naming the
//! file, line and byte offset.

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};

use thiserror::Error;

/// A document as read, before segmentation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawDocument {
    pub id: String,
    pub text: String,
}

/// Where to find ids and texts in JSON Lines records.
#[derive(Debug, Clone)]
pub struct JsonlFields {
    pub id: String,
    pub text: String,
}

impl Default for JsonlFields {
    fn default() -> Self {
        JsonlFields {
            id: "id".into(),
            text: "text".into(),
        }
    }
}

#[derive(Debug, Error)]
pub enum InputError {
    #[error("{path}: no such file or directory")]
    Missing { path: PathBuf },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("{path}: line {line}: {message}")]
    Jsonl {
        path: PathBuf,
        line: usize,
        message: String,
    },
    #[error("{path}: {message}")]
    Undecodable { path: PathBuf, message: String },
}

/// Something replaced or assumed while reading; the document is still checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputWarning {
    pub origin: String,
    pub message: String,
}

impl fmt::Display for InputWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.origin, self.message)
    }
}

/// Everything read from the inputs, in input order.
#[derive(Debug, Default)]
pub struct Inputs {
    pub documents: Vec<RawDocument>,
    pub errors: Vec<InputError>,
    pub warnings: Vec<InputWarning>,
}

/// Reads every path in order. Directories are walked recursively in sorted
/// order; `.jsonl` files hold one document per line; any other file is one
/// document whose id is the path as given.
pub fn read_inputs(paths: &[PathBuf], fields: &JsonlFields) -> Inputs {
    let mut inputs = Inputs::default();
    for path in paths {
        match fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                inputs.errors.push(InputError::Missing { path: path.clone() })
            }
            Err(source) => inputs.errors.push(InputError::Io {
                path: path.clone(),
                source,
            }),
            Ok(meta) if meta.is_dir() => read_dir(path, &mut inputs),
            Ok(_) if is_jsonl(path) => read_jsonl(path, fields, &mut inputs),
            Ok(_) => read_text_file(path, display_id(path), &mut inputs),
        }
    }
    inputs
}

fn is_jsonl(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "jsonl")
}

fn is_text_file(path: &Path) -> bool {
    path.extension().is_some_and(|e| e == "txt" || e == "md")
}

/// The path as the user wrote it, with `/` separators.
fn display_id(path: &Path) -> String {
    path.to_string_lossy().replace('\\', "/")
}

fn read_dir(root: &Path, inputs: &mut Inputs) {
    let mut files = Vec::new();
    let mut visited = Vec::new();
    walk(root, root, &mut files, &mut visited, inputs);
    files.sort();
    for (id, path) in files {
        read_text_file(&path, id, inputs);
    }
}

/// Collects (relative id, path) of the text files below `dir`. Symbolic links
/// to directories are followed once: a directory already visited (a link
/// loop) is skipped with a warning.
fn walk(
    root: &Path,
    dir: &Path,
    files: &mut Vec<(String, PathBuf)>,
    visited: &mut Vec<PathBuf>,
    inputs: &mut Inputs,
) {
    if let Ok(canonical) = fs::canonicalize(dir) {
        if visited.contains(&canonical) {
            inputs.warnings.push(InputWarning {
                origin: display_id(dir),
                message: "directory already visited (symbolic link loop?); skipped".into(),
            });
            return;
        }
        visited.push(canonical);
    }
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(source) => {
            inputs.errors.push(InputError::Io {
                path: dir.to_path_buf(),
                source,
            });
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk(root, &path, files, visited, inputs),
            Ok(_) if is_text_file(&path) => {
                let rel = path.strip_prefix(root).unwrap_or(&path);
                let id = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy())
                    .collect::<Vec<_>>()
                    .join("/");
                files.push((id, path));
            }
            Ok(_) => {}
            // A file that vanished or a dangling link: say so, go on.
            Err(source) => inputs.errors.push(InputError::Io { path, source }),
        }
    }
}

fn read_text_file(path: &Path, id: String, inputs: &mut Inputs) {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(source) => {
            inputs.errors.push(InputError::Io {
                path: path.to_path_buf(),
                source,
            });
            return;
        }
    };
    match decode(&bytes) {
        Ok(decoded) => {
            for message in decoded.warnings {
                inputs.warnings.push(InputWarning {
                    origin: display_id(path),
                    message,
                });
            }
            inputs.documents.push(RawDocument {
                id,
                text: decoded.text,
            });
        }
        Err(message) => inputs.errors.push(InputError::Undecodable {
            path: path.to_path_buf(),
            message,
        }),
    }
}

fn read_jsonl(path: &Path, fields: &JsonlFields, inputs: &mut Inputs) {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(source) => {
            inputs.errors.push(InputError::Io {
                path: path.to_path_buf(),
                source,
            });
            return;
        }
    };
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    for (n, line) in bytes.split(|&b| b == b'\n').enumerate() {
        let line_no = n + 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match parse_record(line, fields) {
            Ok((id, text)) => {
                let id = id.unwrap_or_else(|| {
                    inputs.warnings.push(InputWarning {
                        origin: format!("{}: line {line_no}", display_id(path)),
                        message: format!("no string field {:?}; id set to the line", fields.id),
                    });
                    format!("{}:{line_no}", display_id(path))
                });
                inputs.documents.push(RawDocument { id, text });
            }
            Err(message) => inputs.errors.push(InputError::Jsonl {
                path: path.to_path_buf(),
                line: line_no,
                message,
            }),
        }
    }
}

fn parse_record(line: &[u8], fields: &JsonlFields) -> Result<(Option<String>, String), String> {
    let value: serde_json::Value =
        serde_json::from_slice(line).map_err(|e| format!("malformed JSON: {e}"))?;
    let obj = value
        .as_object()
        .ok_or_else(|| "record is not a JSON object".to_string())?;
    let text = match obj.get(&fields.text) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(_) => return Err(format!("field {:?} is not a string", fields.text)),
        None => return Err(format!("no field {:?}", fields.text)),
    };
    let id = match obj.get(&fields.id) {
        Some(serde_json::Value::String(s)) => Some(s.clone()),
        Some(serde_json::Value::Number(n)) => Some(n.to_string()),
        _ => None,
    };
    Ok((id, text))
}

/// Decoded text and what had to be repaired on the way.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub warnings: Vec<String>,
}

/// UTF-8 (a byte-order mark removed) or UTF-16 with a byte-order mark.
/// Invalid UTF-8 is replaced by U+FFFD and each replacement reported with its
/// byte offset and line. Text with NUL bytes and no UTF-16 mark is binary.
pub fn decode(bytes: &[u8]) -> Result<Decoded, String> {
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return decode_utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return decode_utf16(rest, u16::from_be_bytes);
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err("binary file (NUL bytes); skipped".into());
    }
    let mut text = String::with_capacity(bytes.len());
    let mut warnings = Vec::new();
    let mut rest = bytes;
    let mut offset = 0usize;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                text.push_str(s);
                break;
            }
            Err(e) => {
                let valid = e.valid_up_to();
                text.push_str(std::str::from_utf8(&rest[..valid]).expect("valid prefix"));
                let bad = e.error_len().unwrap_or(rest.len() - valid);
                let at = offset + valid;
                let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
                warnings.push(format!(
                    "line {line}: invalid UTF-8 at byte offset {at} ({bad} byte(s)) replaced with U+FFFD"
                ));
                text.push('\u{FFFD}');
                rest = &rest[valid + bad..];
                offset = at + bad;
            }
        }
    }
    Ok(Decoded { text, warnings })
}

fn decode_utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<Decoded, String> {
    let mut warnings = Vec::new();
    if bytes.len() % 2 == 1 {
        warnings.push("UTF-16 text has an odd number of bytes; the last byte is dropped".into());
    }
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    let mut text = String::with_capacity(bytes.len() / 2);
    for (i, r) in char::decode_utf16(units).enumerate() {
        text.push(r.unwrap_or_else(|_| {
            warnings.push(format!(
                "unpaired UTF-16 surrogate at byte offset {} replaced with U+FFFD",
                2 + 2 * i
            ));
            '\u{FFFD}'
        }));
    }
    Ok(Decoded { text, warnings })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bom_is_removed() {
        assert_eq!(decode(b"\xEF\xBB\xBFhi").unwrap().text, "hi");
    }

    #[test]
    fn invalid_bytes_are_replaced_and_reported_with_offset_and_line() {
        let d = decode(b"ok\nb\xFFad").unwrap();
        assert_eq!(d.text, "ok\nb\u{FFFD}ad");
        assert_eq!(d.warnings.len(), 1);
        assert!(d.warnings[0].contains("byte offset 4"), "{:?}", d.warnings);
        assert!(d.warnings[0].starts_with("line 2"), "{:?}", d.warnings);
    }

    #[test]
    fn utf16_with_bom_is_decoded() {
        let mut b = vec![0xFF, 0xFE];
        for u in "Kyiv é".encode_utf16() {
            b.extend(u.to_le_bytes());
        }
        assert_eq!(decode(&b).unwrap().text, "Kyiv é");
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert!(decode(b"PNG\0\0").is_err());
    }

    #[test]
    fn jsonl_record_errors_name_the_problem() {
        let f = JsonlFields::default();
        assert!(parse_record(br#"{"id": 1, "text": "a"}"#, &f).is_ok());
        assert!(parse_record(br#"{"id": 1, "text": 3}"#, &f)
            .unwrap_err()
            .contains("not a string"));
        assert!(parse_record(br#"{"id": 1"#, &f)
            .unwrap_err()
            .contains("malformed"));
    }
}
