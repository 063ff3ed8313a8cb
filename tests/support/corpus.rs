//! The labelled corpus: real-format log files under `tests/corpus/` where a
//! marker line `#> <label>` says what the lines after it are, until the next
//! marker. `<label>` is an issue type (the block is exactly one event, which
//! must become exactly one issue of that type) or `benign` (no issue at all).
//! Anything after the label is a comment. Markers are stripped before the
//! files are scanned, so line numbers are those of the stripped file.

use std::fs;
use std::path::{Path, PathBuf};

/// One labelled block.
#[derive(Debug, Clone)]
pub struct LabelledBlock {
    /// Corpus file name.
    pub file: String,
    /// Expected issue type, or `benign`.
    pub label: String,
    /// 1-based first line in the stripped file.
    pub first: u64,
    /// 1-based last non-blank line in the stripped file.
    pub last: u64,
    /// The block's lines.
    pub lines: Vec<String>,
}

impl LabelledBlock {
    /// True for blocks that must raise no issue.
    pub fn is_benign(&self) -> bool {
        self.label == "benign"
    }
}

/// A corpus file with its markers removed.
pub struct StrippedFile {
    /// File name.
    pub name: String,
    /// Contents without marker lines.
    pub text: String,
    /// The labelled blocks.
    pub blocks: Vec<LabelledBlock>,
}

/// The corpus directory of this crate.
pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("corpus")
}

/// Every `*.log` corpus file, parsed, in name order.
pub fn load_corpus() -> Vec<StrippedFile> {
    let mut paths: Vec<PathBuf> = fs::read_dir(corpus_dir())
        .expect("tests/corpus exists")
        .map(|e| e.expect("readable dir entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "log"))
        .collect();
    paths.sort();
    paths.iter().map(|p| strip(p)).collect()
}

fn strip(path: &Path) -> StrippedFile {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let raw = fs::read_to_string(path).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut text = String::new();
    let mut blocks: Vec<LabelledBlock> = Vec::new();
    let mut line_no = 0u64;
    for raw_line in raw.lines() {
        if let Some(rest) = raw_line.strip_prefix("#> ") {
            let label = rest.split_whitespace().next().unwrap_or("").to_string();
            assert!(!label.is_empty(), "{name}: marker without a label");
            blocks.push(LabelledBlock {
                file: name.clone(),
                label,
                first: line_no + 1,
                last: line_no,
                lines: Vec::new(),
            });
            continue;
        }
        line_no += 1;
        text.push_str(raw_line);
        text.push('\n');
        let block = blocks.last_mut().unwrap_or_else(|| {
            panic!("{name}: line {line_no} comes before the first `#> label` marker")
        });
        block.lines.push(raw_line.to_string());
        if !raw_line.trim().is_empty() {
            block.last = line_no;
        }
    }
    for block in &blocks {
        assert!(
            block.last >= block.first,
            "{name}: empty block labelled {} at line {}",
            block.label,
            block.first
        );
    }
    StrippedFile { name, text, blocks }
}
