//! Reading a compressed rotated generation (`app.log.1.gz`) from where an
//! earlier run stopped in the file it was before compression. Offsets,
//! lines and the fingerprint are of the decompressed bytes, so the
//! checkpoint of `app.log` names the same place in `app.log.1.gz`.
//! A compressed file does not grow: it is read once, to its end.

use std::fs::{File, Metadata};
use std::io::{self, BufReader, Read};
use std::path::{Path, PathBuf};

use flate2::read::MultiGzDecoder;

use super::checkpoint::FileCheckpoint;
use super::identity::{FINGERPRINT_MAX, FileKey, Fingerprint};
use super::splitter::{LineSplitter, RawLine};
use super::tailer::{Change, Reading, Reopened, open_regular};

type Decoder = MultiGzDecoder<BufReader<File>>;

/// Decompressed bytes per read call.
const READ_CHUNK: usize = 64 * 1024;

/// True when `file` starts with gzip's magic bytes.
pub(crate) fn is_gzip(file: &File) -> bool {
    use std::os::unix::fs::FileExt;
    let mut magic = [0u8; 2];
    file.read_exact_at(&mut magic, 0).is_ok() && magic == [0x1f, 0x8b]
}

/// The first `len` decompressed bytes of the gzip file `file` (fewer if
/// it is shorter or damaged further on).
pub(crate) fn gzip_head(file: &File, len: usize) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(len);
    let reader = MultiGzDecoder::new(BufReader::new(file.try_clone()?));
    match reader.take(len as u64).read_to_end(&mut head) {
        Ok(_) => Ok(head),
        Err(_) if !head.is_empty() => Ok(head),
        Err(e) => Err(e),
    }
}

/// A gzip file read from a decompressed offset to its end.
pub(crate) struct GzTail {
    path: PathBuf,
    key: FileKey,
    fingerprint: Fingerprint,
    /// `None` while closed to save a descriptor (reopened, it decompresses
    /// again up to where it was).
    decoder: Option<Decoder>,
    /// Decompressed bytes taken from the decoder so far.
    taken: u64,
    /// Bytes already decompressed but not fed yet (the fingerprint's head).
    carry: Vec<u8>,
    /// Where `carry` starts.
    carry_at: u64,
    splitter: LineSplitter,
    ended: bool,
}

impl GzTail {
    /// [`GzTail::open`] with `path` already open as `file`.
    /// Opens `path` to be read from decompressed byte `offset` (`line`
    /// lines before it, when known).
    #[cfg(test)]
    pub(crate) fn open(
        path: &Path,
        offset: u64,
        line: Option<u64>,
        line_cap: usize,
    ) -> io::Result<Self> {
        GzTail::from_file(path, open_regular(path)?.0, offset, line, line_cap)
    }

    pub(crate) fn from_file(
        path: &Path,
        file: File,
        offset: u64,
        line: Option<u64>,
        line_cap: usize,
    ) -> io::Result<Self> {
        let key = FileKey::of(&file.metadata()?);
        let mut decoder = MultiGzDecoder::new(BufReader::new(file));
        let mut head = Vec::with_capacity(FINGERPRINT_MAX);
        (&mut decoder)
            .take(FINGERPRINT_MAX as u64)
            .read_to_end(&mut head)?;
        let taken = head.len() as u64;
        let mut tail = GzTail {
            path: path.to_path_buf(),
            key,
            fingerprint: Fingerprint::of_bytes(&head),
            decoder: Some(decoder),
            taken,
            carry: Vec::new(),
            carry_at: offset,
            splitter: LineSplitter::new(offset, line, line_cap),
            ended: false,
        };
        if offset < taken {
            tail.carry = head[offset as usize..].to_vec();
        } else {
            tail.taken = offset;
            tail.ended = skip(tail.decoder.as_mut(), offset - taken)?;
        }
        Ok(tail)
    }
}

/// Skips `n` decompressed bytes; true when the stream ended first.
fn skip(decoder: Option<&mut Decoder>, n: u64) -> io::Result<bool> {
    let Some(decoder) = decoder else {
        return Ok(false);
    };
    let skipped = io::copy(&mut decoder.take(n), &mut io::sink())?;
    Ok(skipped < n)
}

impl Reading for GzTail {
    fn path(&self) -> &Path {
        &self.path
    }

    fn key(&self) -> FileKey {
        self.key
    }

    fn fingerprint(&self) -> Fingerprint {
        self.fingerprint
    }

    fn position(&self) -> (u64, Option<u64>) {
        self.splitter.position()
    }

    fn seen_size(&self) -> u64 {
        self.taken
    }

    fn has_unread(&self) -> bool {
        !self.ended || !self.carry.is_empty()
    }

    fn rewritten(&self) -> bool {
        false
    }

    fn check(&mut self) -> io::Result<Change> {
        Ok(if self.has_unread() {
            Change::Grew
        } else {
            Change::Unchanged
        })
    }

    fn check_with(&mut self, _meta: &Metadata) -> io::Result<Change> {
        self.check()
    }

    fn read_lines(
        &mut self,
        budget: usize,
        scratch: &mut Vec<u8>,
        on_line: &mut dyn FnMut(RawLine<'_>),
    ) -> io::Result<usize> {
        let mut total = 0;
        if !self.carry.is_empty() {
            let carry = std::mem::take(&mut self.carry);
            self.splitter.feed(&carry, self.carry_at, on_line);
            total += carry.len();
        }
        scratch.resize(READ_CHUNK, 0);
        while total < budget && !self.ended {
            let Some(decoder) = self.decoder.as_mut() else {
                return Err(io::Error::other("the file is closed"));
            };
            let n = match decoder.read(&mut scratch[..READ_CHUNK]) {
                Ok(n) => n,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    // A damaged archive: what could be read was; the rest cannot be.
                    self.ended = true;
                    return Err(e);
                }
            };
            if n == 0 {
                self.ended = true;
                break;
            }
            let at = self.taken;
            self.taken += n as u64;
            total += n;
            self.splitter.feed(&scratch[..n], at, on_line);
        }
        Ok(total)
    }

    fn checkpoint_at(&self, offset: u64, line: Option<u64>) -> FileCheckpoint {
        FileCheckpoint {
            path: self.path.clone(),
            key: self.key,
            fingerprint: self.fingerprint,
            offset,
            line,
            applied: None,
        }
    }

    fn is_open(&self) -> bool {
        self.decoder.is_some()
    }

    fn close(&mut self) {
        self.decoder = None;
    }

    fn reopen_at(&mut self, path: &Path) -> io::Result<Reopened> {
        if self.decoder.is_some() {
            return Ok(Reopened::Same);
        }
        let file = match open_regular(path) {
            Ok((file, meta)) if FileKey::of(&meta) == self.key => file,
            Ok(_) => return Ok(Reopened::Other),
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Reopened::Missing),
            Err(e) => return Err(e),
        };
        let mut decoder = MultiGzDecoder::new(BufReader::new(file));
        self.ended = skip(Some(&mut decoder), self.taken)?;
        self.decoder = Some(decoder);
        Ok(Reopened::Same)
    }

    fn moved_to(&mut self, path: &Path) {
        path.clone_into(&mut self.path);
    }

    fn birth_checked(&self) -> bool {
        // The content is checked instead: see `starts_as_before`.
        false
    }

    fn born_as(&self, _meta: &Metadata) -> bool {
        false
    }

    fn starts_as_before(&self) -> io::Result<bool> {
        let file = File::open(&self.path)?;
        let head = gzip_head(&file, self.fingerprint.len as usize)?;
        Ok(self.fingerprint.matches_bytes(&head))
    }

    fn needs_turn(&self, _meta: &Metadata) -> bool {
        self.has_unread()
    }
}

#[cfg(test)]
mod tests;
