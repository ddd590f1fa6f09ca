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
    pub origin: Origin,
}

/// Where a document came from, so that `clean` can write it back in the
/// same layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    /// A text file; `relative` is its path below the argument (its file
    /// name when the argument was the file itself).
    File { path: PathBuf, relative: PathBuf },
    /// Line `line` (1-based) of a JSON Lines file.
    JsonlLine { path: PathBuf, line: usize },
    /// Given as a string through the library.
    Memory,
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

const EMPTY: &str = "the document is empty or white space only; nothing to check";

/// One input to read: a text file, or a JSON Lines file of many documents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Text {
        path: PathBuf,
        id: String,
        relative: PathBuf,
    },
    Jsonl {
        path: PathBuf,
    },
}

/// What reading produces, in input order: documents, and the problems met on
/// the way (each naming its file and, for JSON Lines, its line).
#[derive(Debug)]
pub enum Event {
    Document(RawDocument),
    Error(InputError),
    Warning(InputWarning),
}

/// Lists the inputs of `paths` in order: directories walked recursively in
/// sorted order (`.txt` and `.md` files), `.jsonl` files, and any other file
/// given by name. A path that cannot be listed is an error event.
pub fn sources(paths: &[PathBuf]) -> (Vec<Source>, Vec<Event>) {
    let mut sources = Vec::new();
    let mut events = Vec::new();
    for path in paths {
        match fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                events.push(Event::Error(InputError::Missing { path: path.clone() }))
            }
            Err(source) => events.push(Event::Error(InputError::Io {
                path: path.clone(),
                source,
            })),
            Ok(meta) if meta.is_dir() => {
                let mut files = Vec::new();
                walk(path, path, &mut files, &mut Vec::new(), &mut events);
                files.sort();
                for (id, file) in files {
                    let relative = file.strip_prefix(path).unwrap_or(&file).to_path_buf();
                    sources.push(Source::Text {
                        path: file,
                        id,
                        relative,
                    });
                }
            }
            Ok(_) if is_jsonl(path) => sources.push(Source::Jsonl { path: path.clone() }),
            Ok(_) => sources.push(Source::Text {
                path: path.clone(),
                id: display_id(path),
                relative: path.file_name().map(PathBuf::from).unwrap_or_default(),
            }),
        }
    }
    (sources, events)
}

/// Reads the sources one document at a time, so that memory holds what is
/// being checked, not the corpus. JSON Lines files are read line by line.
pub struct DocumentStream {
    sources: std::vec::IntoIter<Source>,
    fields: JsonlFields,
    pending: std::collections::VecDeque<Event>,
    jsonl: Option<JsonlReader>,
    seen_ids: std::collections::HashSet<String>,
}

struct JsonlReader {
    path: PathBuf,
    lines: Box<dyn std::io::BufRead + Send>,
    line_no: usize,
}

impl DocumentStream {
    pub fn new(paths: &[PathBuf], fields: JsonlFields) -> Self {
        let (sources, events) = sources(paths);
        DocumentStream {
            sources: sources.into_iter(),
            fields,
            pending: events.into(),
            jsonl: None,
            seen_ids: Default::default(),
        }
    }

    /// A stream over JSON Lines already open as `reader` (named `path` in
    /// messages): for tests and fuzzing without files.
    pub fn from_jsonl(
        path: PathBuf,
        reader: impl std::io::BufRead + Send + 'static,
        fields: JsonlFields,
    ) -> Self {
        DocumentStream {
            sources: Vec::new().into_iter(),
            fields,
            pending: Default::default(),
            jsonl: Some(JsonlReader {
                path,
                lines: Box::new(reader),
                line_no: 0,
            }),
            seen_ids: Default::default(),
        }
    }

    /// The next event from the current JSON Lines file, if one is open.
    fn next_jsonl(&mut self) -> Option<Event> {
        use std::io::BufRead;
        let reader = self.jsonl.as_mut()?;
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let n = match reader.lines.read_until(b'\n', &mut buf) {
                Ok(n) => n,
                Err(source) => {
                    let path = reader.path.clone();
                    self.jsonl = None;
                    return Some(Event::Error(InputError::Io { path, source }));
                }
            };
            if n == 0 {
                self.jsonl = None;
                return None;
            }
            reader.line_no += 1;
            let line_no = reader.line_no;
            let mut line = buf.strip_suffix(b"\n").unwrap_or(&buf);
            line = line.strip_suffix(b"\r").unwrap_or(line);
            if line_no == 1 {
                line = line.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(line);
            }
            if line.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let path = reader.path.clone();
            return Some(match parse_record(line, &self.fields) {
                Ok((id, text)) => {
                    let origin = format!("{}: line {line_no}", display_id(&path));
                    if text.trim().is_empty() {
                        self.pending.push_back(Event::Warning(InputWarning {
                            origin: origin.clone(),
                            message: EMPTY.into(),
                        }));
                    }
                    let id = match id {
                        Some(id) => {
                            if !self.seen_ids.insert(id.clone()) {
                                self.pending.push_back(Event::Warning(InputWarning {
                                    origin,
                                    message: format!(
                                        "id {id:?} was used before; both documents are checked"
                                    ),
                                }));
                            }
                            id
                        }
                        None => {
                            self.pending.push_back(Event::Warning(InputWarning {
                                origin,
                                message: format!(
                                    "no string field {:?}; id set to the file and line",
                                    self.fields.id
                                ),
                            }));
                            format!("{}:{line_no}", display_id(&path))
                        }
                    };
                    Event::Document(RawDocument {
                        id,
                        text,
                        origin: Origin::JsonlLine {
                            path,
                            line: line_no,
                        },
                    })
                }
                Err(message) => Event::Error(InputError::Jsonl {
                    path,
                    line: line_no,
                    message,
                }),
            });
        }
    }
}

impl Iterator for DocumentStream {
    type Item = Event;

    fn next(&mut self) -> Option<Event> {
        loop {
            if let Some(e) = self.pending.pop_front() {
                return Some(e);
            }
            if let Some(e) = self.next_jsonl() {
                // Warnings about this record come right after it.
                return Some(e);
            }
            match self.sources.next()? {
                Source::Jsonl { path } => match fs::File::open(&path) {
                    Ok(f) => {
                        self.jsonl = Some(JsonlReader {
                            path,
                            lines: Box::new(std::io::BufReader::with_capacity(1 << 16, f)),
                            line_no: 0,
                        })
                    }
                    Err(source) => return Some(Event::Error(InputError::Io { path, source })),
                },
                Source::Text { path, id, relative } => {
                    read_text_file(&path, id, relative, &mut self.pending);
                }
            }
        }
    }
}

/// Everything read from the inputs, in input order (for callers that want
/// the whole corpus at once; the pipeline streams instead).
#[derive(Debug, Default)]
pub struct Inputs {
    pub documents: Vec<RawDocument>,
    pub errors: Vec<InputError>,
    pub warnings: Vec<InputWarning>,
}

/// Reads every path in order; see [`sources`] and [`DocumentStream`].
pub fn read_inputs(paths: &[PathBuf], fields: &JsonlFields) -> Inputs {
    let mut inputs = Inputs::default();
    for event in DocumentStream::new(paths, fields.clone()) {
        match event {
            Event::Document(d) => inputs.documents.push(d),
            Event::Error(e) => inputs.errors.push(e),
            Event::Warning(w) => inputs.warnings.push(w),
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

/// Collects (relative id, path) of the text files below `dir`. Symbolic links
/// to directories are followed once: a directory already visited (a link
/// loop) is skipped with a warning.
fn walk(
    root: &Path,
    dir: &Path,
    files: &mut Vec<(String, PathBuf)>,
    visited: &mut Vec<PathBuf>,
    events: &mut Vec<Event>,
) {
    if let Ok(canonical) = fs::canonicalize(dir) {
        if visited.contains(&canonical) {
            events.push(Event::Warning(InputWarning {
                origin: display_id(dir),
                message: "directory already visited (symbolic link loop?); skipped".into(),
            }));
            return;
        }
        visited.push(canonical);
    }
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(source) => {
            events.push(Event::Error(InputError::Io {
                path: dir.to_path_buf(),
                source,
            }));
            return;
        }
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for path in entries {
        match fs::metadata(&path) {
            Ok(meta) if meta.is_dir() => walk(root, &path, files, visited, events),
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
            Err(source) => events.push(Event::Error(InputError::Io { path, source })),
        }
    }
}

fn read_text_file(
    path: &Path,
    id: String,
    relative: PathBuf,
    out: &mut std::collections::VecDeque<Event>,
) {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(source) => {
            out.push_back(Event::Error(InputError::Io {
                path: path.to_path_buf(),
                source,
            }));
            return;
        }
    };
    match decode(&bytes) {
        Ok(decoded) => {
            let mut warnings = decoded.warnings;
            if decoded.text.trim().is_empty() {
                warnings.push(EMPTY.into());
            }
            for message in warnings {
                out.push_back(Event::Warning(InputWarning {
                    origin: display_id(path),
                    message,
                }));
            }
            out.push_back(Event::Document(RawDocument {
                id,
                text: decoded.text,
                origin: Origin::File {
                    path: path.to_path_buf(),
                    relative,
                },
            }));
        }
        Err(message) => out.push_back(Event::Error(InputError::Undecodable {
            path: path.to_path_buf(),
            message,
        })),
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
        return match utf16_without_bom(bytes) {
            Some(unit) => {
                let mut d = decode_utf16(bytes, unit)?;
                d.warnings.insert(
                    0,
                    "no byte-order mark, but the NUL bytes say UTF-16; decoded as such".into(),
                );
                Ok(d)
            }
            None => Err("binary file (NUL bytes); skipped".into()),
        };
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

/// UTF-16 text without a byte-order mark: mostly Latin text has a NUL in
/// every other byte, at odd offsets (little-endian) or even ones (big-endian),
/// and almost none at the others.
fn utf16_without_bom(bytes: &[u8]) -> Option<fn([u8; 2]) -> u16> {
    if bytes.len() < 4 || bytes.len() % 2 == 1 {
        return None;
    }
    let pairs = bytes.len() / 2;
    let even = bytes.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = bytes.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let mostly = |n: usize| n * 10 >= pairs * 3;
    let rarely = |n: usize| n * 20 <= pairs;
    if mostly(odd) && rarely(even) {
        Some(u16::from_le_bytes)
    } else if mostly(even) && rarely(odd) {
        Some(u16::from_be_bytes)
    } else {
        None
    }
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
        assert!(decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0").is_err());
    }

    #[test]
    fn utf16_without_bom_is_recognised_both_ways() {
        let le: Vec<u8> = "Talks in Kyiv."
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let be: Vec<u8> = "Talks in Kyiv."
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        for b in [le, be] {
            let d = decode(&b).unwrap();
            assert_eq!(d.text, "Talks in Kyiv.");
            assert!(d.warnings[0].contains("UTF-16"));
        }
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
