//! A document's text kept between `sketch` and `finish`.
//!
//! `finish` needs the texts of the whole corpus (to verify candidates and
//! to quote and locate what it reports), but only a few at a time. Past a
//! budget (`texts-in-memory-mb`, 64 MB by default) the texts go to a
//! temporary file instead of memory: the memory of the corpus-wide checks
//! should grow with what they must keep at hand, not with the input. The
//! file is removed as soon as it is open, so nothing is left behind even
//! when the run is killed. If it cannot be created or written, the texts
//! stay in memory: nothing is lost.
//!
//! The texts are kept as they are. LZ4 made them 1.6 times smaller, but
//! compressing every document was 5% of the whole run's CPU time, at 100 MB
//! and at 1 GB alike, where the file's pages cost the system little.

use std::fs::{File, OpenOptions};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

#[derive(Debug, Clone)]
pub(crate) struct PackedText {
    place: Place,
}

#[derive(Debug, Clone)]
enum Place {
    /// The text's bytes.
    Memory(Box<str>),
    /// The text's bytes at `offset` in the store's spill file (or its
    /// in-memory tail).
    Spilled { offset: u64, size: u32 },
}

/// Where the packed texts of one duplicate check wait for `finish`.
#[derive(Debug)]
pub(crate) struct TextStore {
    /// Bytes of packed text kept in memory before spilling.
    budget: usize,
    in_memory: AtomicUsize,
    /// Open while texts are added; taken by [`TextStore::seal`].
    writing: Mutex<Option<Spill>>,
    /// The spill as it is read back, once sealed.
    sealed: OnceLock<Spill>,
}

#[derive(Debug)]
struct Spill {
    /// None until the budget is spent, and when the file cannot be made.
    file: Option<File>,
    /// Bytes written to the file; later offsets are in `tail`.
    written: u64,
    /// Bytes not yet written (a write is at least [`Spill::WRITE`] bytes),
    /// or that could not be written.
    tail: Vec<u8>,
    /// A write failed: from then on everything stays in `tail`.
    failed: bool,
}

impl Spill {
    const WRITE: usize = 1 << 20;

    fn end(&self) -> u64 {
        self.written + self.tail.len() as u64
    }

    /// Writes the tail to the file; on an error, keeps it (and every later
    /// text) in memory.
    fn flush(&mut self) {
        let Some(file) = &self.file else { return };
        if self.failed || self.tail.is_empty() {
            return;
        }
        match write_all_at(file, &self.tail, self.written) {
            Ok(()) => {
                self.written += self.tail.len() as u64;
                self.tail.clear();
            }
            Err(_) => self.failed = true,
        }
    }

    /// Appends the `size` bytes at `offset` to `out`.
    fn read(&self, offset: u64, size: usize, out: &mut Vec<u8>) {
        if offset >= self.written {
            let at = (offset - self.written) as usize;
            out.extend_from_slice(&self.tail[at..at + size]);
            return;
        }
        let at = out.len();
        out.resize(at + size, 0);
        let file = self.file.as_ref().expect("bytes were written to a file");
        if let Err(e) = read_exact_at(file, &mut out[at..], offset) {
            // The file was written by this run moments ago: failing to read
            // it back is a failure of the machine, not of the input.
            panic!("transaudit: cannot read back the duplicate check's temporary file: {e}");
        }
    }
}

/// A new temporary file, already unlinked where the system allows it.
fn temporary_file() -> std::io::Result<File> {
    let dir = std::env::temp_dir();
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    for attempt in 0..100u32 {
        let path = dir.join(format!(
            "transaudit-texts-{}-{nanos}-{attempt}",
            std::process::id()
        ));
        match OpenOptions::new()
            .read(true)
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(file) => {
                // Unix keeps an open file after it is unlinked.
                let _ = std::fs::remove_file(&path);
                return Ok(file);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other("no free temporary file name"))
}

#[cfg(unix)]
fn write_all_at(file: &File, bytes: &[u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::write_all_at(file, bytes, offset)
}

#[cfg(unix)]
fn read_exact_at(file: &File, out: &mut [u8], offset: u64) -> std::io::Result<()> {
    std::os::unix::fs::FileExt::read_exact_at(file, out, offset)
}

// Elsewhere the texts stay in memory (no positioned I/O is assumed).
#[cfg(not(unix))]
fn write_all_at(_: &File, _: &[u8], _: u64) -> std::io::Result<()> {
    Err(std::io::Error::other("no positioned writes here"))
}

#[cfg(not(unix))]
fn read_exact_at(_: &File, _: &mut [u8], _: u64) -> std::io::Result<()> {
    Err(std::io::Error::other("no positioned reads here"))
}

impl TextStore {
    /// A store that keeps `budget` bytes of packed text in memory.
    pub fn new(budget: usize) -> Self {
        TextStore {
            budget,
            in_memory: AtomicUsize::new(0),
            writing: Mutex::new(None),
            sealed: OnceLock::new(),
        }
    }

    /// Bytes of packed text held in memory.
    pub fn in_memory(&self) -> usize {
        self.in_memory.load(Ordering::Relaxed) + self.sealed.get().map_or(0, |s| s.tail.capacity())
    }

    /// Ends the adding of texts: what waits to be written is written, and
    /// the texts can be read back. Texts packed later stay in memory.
    pub fn seal(&self) {
        let mut writing = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(mut spill) = writing.take() {
            spill.flush();
            spill.tail.shrink_to_fit();
            self.sealed
                .set(spill)
                .expect("sealed once: the writer is taken");
        }
    }

    /// Puts packed bytes in the spill, or returns them to be kept in memory.
    fn spill(&self, bytes: &[u8]) -> Option<Place> {
        let mut writing = self.writing.lock().unwrap_or_else(|e| e.into_inner());
        if writing.is_none() {
            if self.sealed.get().is_some() {
                return None;
            }
            *writing = Some(Spill {
                file: temporary_file().ok(),
                written: 0,
                tail: Vec::new(),
                failed: false,
            });
        }
        let spill = writing.as_mut().expect("just made");
        // No file could be made: the texts stay in memory.
        spill.file.as_ref()?;
        let offset = spill.end();
        spill.tail.extend_from_slice(bytes);
        if spill.tail.len() >= Spill::WRITE {
            spill.flush();
        }
        Some(Place::Spilled {
            offset,
            size: bytes.len() as u32,
        })
    }
}

impl PackedText {
    pub fn pack(text: &str, store: &TextStore) -> Self {
        let in_memory = store.in_memory.load(Ordering::Relaxed);
        let spilled = (in_memory + text.len() > store.budget && text.len() <= u32::MAX as usize)
            .then(|| store.spill(text.as_bytes()))
            .flatten();
        let place = spilled.unwrap_or_else(|| {
            store.in_memory.fetch_add(text.len(), Ordering::Relaxed);
            Place::Memory(text.into())
        });
        PackedText { place }
    }

    /// Bytes of the text.
    pub fn size(&self) -> usize {
        match &self.place {
            Place::Memory(b) => b.len(),
            Place::Spilled { size, .. } => *size as usize,
        }
    }

    /// The text, into `out` (its allocation reused). `store` is the one it
    /// was packed into, sealed if the text was spilled.
    pub fn unpack_into(&self, store: &TextStore, out: &mut String) {
        out.clear();
        match &self.place {
            Place::Memory(b) => out.push_str(b),
            Place::Spilled { offset, size } => {
                let spill = store
                    .sealed
                    .get()
                    .expect("the store is sealed before reading");
                let mut buf = std::mem::take(out).into_bytes();
                spill.read(*offset, *size as usize, &mut buf);
                *out = String::from_utf8(buf).expect("spilled from a str");
            }
        }
    }

    pub fn unpack(&self, store: &TextStore) -> String {
        let mut s = String::new();
        self.unpack_into(store, &mut s);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn samples() -> Vec<String> {
        let long = "The talks resumed in Istanbul on Friday. ".repeat(200) + "Ünïcödé — «fin».";
        let big = "x".repeat(70_000) + &long;
        ["", "a", "short text", "Ünïcödé"]
            .map(String::from)
            .into_iter()
            .chain([long, big])
            .collect()
    }

    /// Texts of a few kilobytes: a few hundred of these are more than a
    /// write's worth.
    fn numbers(i: usize) -> String {
        (0..2000)
            .map(|j| ((i * 7919 + j * 104_729) % 1_000_003).to_string())
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn texts_come_back_unchanged() {
        let store = TextStore::new(usize::MAX);
        let texts = samples();
        let packed: Vec<PackedText> = texts.iter().map(|t| PackedText::pack(t, &store)).collect();
        for (t, p) in texts.iter().zip(&packed) {
            assert_eq!(&p.unpack(&store), t);
            assert_eq!(p.size(), t.len());
            assert!(matches!(p.place, Place::Memory(_)));
        }
    }

    #[test]
    #[cfg(unix)]
    fn texts_past_the_budget_are_spilled_and_come_back_unchanged() {
        // A budget smaller than any of the numbers and than the two long
        // samples: they go to the file, the last ones (after the last full
        // write) by way of the tail; the four short samples stay.
        let store = TextStore::new(3000);
        let mut texts = samples();
        texts.extend((0..300).map(numbers));
        let packed: Vec<PackedText> = texts.iter().map(|t| PackedText::pack(t, &store)).collect();
        store.seal();
        let spilled = packed
            .iter()
            .filter(|p| matches!(p.place, Place::Spilled { .. }))
            .count();
        assert_eq!(spilled, 302);
        let sealed = store.sealed.get().expect("sealed");
        assert!(
            sealed.written >= Spill::WRITE as u64,
            "{} written",
            sealed.written
        );
        assert!(sealed.tail.is_empty(), "the tail is written when sealed");
        // In any order, as the parallel verification reads them.
        for (t, p) in texts.iter().zip(&packed).rev() {
            assert_eq!(&p.unpack(&store), t);
        }
        // A text packed after sealing stays in memory.
        let late = PackedText::pack("after the end", &store);
        assert!(matches!(late.place, Place::Memory(_)));
        assert_eq!(late.unpack(&store), "after the end");
    }

    #[test]
    fn texts_stay_in_memory_when_the_file_cannot_be_written() {
        let store = TextStore::new(0);
        let texts = samples();
        let packed: Vec<PackedText> = texts.iter().map(|t| PackedText::pack(t, &store)).collect();
        // The writes fail from now on (a file opened read-only): the tail
        // keeps what was not written.
        {
            let mut writing = store.writing.lock().unwrap();
            let spill = writing.as_mut().expect("spilling");
            let path = std::env::temp_dir();
            spill.file = File::open(path).ok().or_else(|| spill.file.take());
        }
        let more: Vec<PackedText> = (0..300)
            .map(|i| PackedText::pack(&numbers(i), &store))
            .collect();
        store.seal();
        for (t, p) in texts.iter().zip(&packed) {
            assert_eq!(&p.unpack(&store), t);
        }
        for (i, p) in more.iter().enumerate() {
            assert_eq!(p.unpack(&store), numbers(i));
        }
        assert!(store.sealed.get().unwrap().failed, "the write failed");
    }
}
