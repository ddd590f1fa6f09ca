//! A document's text kept between `sketch` and `finish`, LZ4-compressed.
//!
//! `finish` needs the texts of the whole corpus (to verify candidates and
//! to quote and locate what it reports), but only a few at a time: they wait
//! compressed (about 1.6 times smaller on news text) and are decompressed
//! one document at a time, at several GB/s.
//!
//! Past a budget (`texts-in-memory-mb`, 64 MB by default) the compressed
//! texts go to a temporary file instead of memory: at a GB of input they
//! were 600 MB of the run's peak, and the memory of the corpus-wide checks
//! should grow with what they must keep at hand, not with the input. The
//! file is removed as soon as it is open, so nothing is left behind even
//! when the run is killed. If it cannot be created or written, the texts
//! stay in memory: nothing is lost.

use std::cell::RefCell;
use std::fs::{File, OpenOptions};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Mutex, OnceLock};

use lz4_flex::block::{compress_into_with_table, decompress_into, CompressTable};

#[derive(Debug, Clone)]
pub(crate) struct PackedText {
    place: Place,
    /// Length of the text in bytes.
    len: usize,
}

#[derive(Debug, Clone)]
enum Place {
    /// The LZ4 block, or the text itself when that is not shorter.
    Memory(Box<[u8]>),
    /// The same bytes at `offset` in the store's spill file (or its
    /// in-memory tail).
    Spilled { offset: u64, size: u32 },
}

thread_local! {
    static BUFFERS: RefCell<(Vec<u8>, Option<CompressTable>)> = const { RefCell::new((Vec::new(), None)) };
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

    fn read(&self, offset: u64, size: usize, out: &mut Vec<u8>) {
        out.clear();
        if offset >= self.written {
            let at = (offset - self.written) as usize;
            out.extend_from_slice(&self.tail[at..at + size]);
            return;
        }
        out.resize(size, 0);
        let file = self.file.as_ref().expect("bytes were written to a file");
        if let Err(e) = read_exact_at(file, out, offset) {
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
        let raw = text.as_bytes();
        BUFFERS.with(|b| {
            let (buf, slot) = &mut *b.borrow_mut();
            buf.resize(lz4_flex::block::get_maximum_output_size(raw.len()), 0);
            let table = slot.get_or_insert_with(CompressTable::small);
            let n = compress_into_with_table(raw, buf, table).expect("room for the worst case");
            // Compressed only if strictly shorter: equal lengths mean raw.
            let bytes = if n < raw.len() { &buf[..n] } else { raw };
            let in_memory = store.in_memory.load(Ordering::Relaxed);
            let spilled = (in_memory + bytes.len() > store.budget
                && bytes.len() <= u32::MAX as usize)
                .then(|| store.spill(bytes))
                .flatten();
            let place = spilled.unwrap_or_else(|| {
                store.in_memory.fetch_add(bytes.len(), Ordering::Relaxed);
                Place::Memory(bytes.into())
            });
            // The buffer lives as long as the thread: not at the size of
            // one very long document.
            if buf.capacity() > 1 << 20 {
                *buf = Vec::new();
                *slot = None;
            }
            PackedText {
                place,
                len: raw.len(),
            }
        })
    }

    /// Packed bytes, wherever they are.
    pub fn size(&self) -> usize {
        match &self.place {
            Place::Memory(b) => b.len(),
            Place::Spilled { size, .. } => *size as usize,
        }
    }

    /// The text, into `out` (its allocation reused). `store` is the one it
    /// was packed into, sealed if the text was spilled.
    pub fn unpack_into(&self, store: &TextStore, out: &mut String) {
        let mut buf = std::mem::take(out).into_bytes();
        // A spilled block is read into this thread's packing buffer (idle
        // while texts are unpacked): no allocation per document.
        BUFFERS.with(|b| {
            let (read, _) = &mut *b.borrow_mut();
            let bytes: &[u8] = match &self.place {
                Place::Memory(b) => b,
                Place::Spilled { offset, size } => {
                    let spill = store
                        .sealed
                        .get()
                        .expect("the store is sealed before reading");
                    spill.read(*offset, *size as usize, read);
                    read
                }
            };
            buf.clear();
            if bytes.len() == self.len {
                buf.extend_from_slice(bytes);
            } else {
                buf.resize(self.len, 0);
                let n = decompress_into(bytes, &mut buf).expect("a block written by pack");
                assert_eq!(n, self.len, "a block written by pack");
            }
        });
        *out = String::from_utf8(buf).expect("packed from a str");
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

    /// Numbers that LZ4 cannot squeeze much: a few hundred of these are
    /// more than a write's worth.
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
            assert!(p.size() <= t.len());
            assert!(matches!(p.place, Place::Memory(_)));
        }
        assert!(packed[4].size() < texts[4].len() / 4);
    }

    #[test]
    #[cfg(unix)]
    fn texts_past_the_budget_are_spilled_and_come_back_unchanged() {
        // A budget smaller than any of the numbers: they go to the file,
        // the last ones (after the last full write) by way of the tail.
        let store = TextStore::new(3000);
        let mut texts = samples();
        texts.extend((0..300).map(numbers));
        let packed: Vec<PackedText> = texts.iter().map(|t| PackedText::pack(t, &store)).collect();
        store.seal();
        let spilled = packed
            .iter()
            .filter(|p| matches!(p.place, Place::Spilled { .. }))
            .count();
        assert_eq!(spilled, 300);
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
