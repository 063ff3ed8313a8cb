//! `logwarden templates PATH...`: mines templates over all input, then
//! prints every line's final template id and text (after all input is
//! seen, so early lines get the generalized template too).

use std::fs::File;
use std::io::{self, BufRead, BufReader, BufWriter, Read, Write};

use super::ExitStatus;
use crate::cli::{TemplatesArgs, TemplatesFormat};
use crate::error::{Error, Result};
use crate::model::sanitize_for_terminal;
use crate::output::escape_c1;
use crate::template::{TemplateMiner, template_id};

/// Mines and prints.
pub fn run(args: &TemplatesArgs) -> Result<ExitStatus> {
    if !(0.1..=1.0).contains(&args.similarity) {
        return Err(Error::Usage(format!(
            "--similarity {} is out of range (0.1..=1.0)",
            args.similarity
        )));
    }
    let mut miner = TemplateMiner::new(args.similarity);
    let mut assigned: Vec<u64> = Vec::new();
    let mut buf = Vec::with_capacity(4096);
    for path in &args.paths {
        let shown = path.display().to_string();
        let input: Box<dyn Read> = if shown == "-" {
            Box::new(io::stdin().lock())
        } else {
            Box::new(File::open(path).map_err(|source| Error::Read {
                path: shown.clone(),
                source,
            })?)
        };
        let mut reader = BufReader::with_capacity(1 << 20, input);
        loop {
            buf.clear();
            let n = reader
                .read_until(b'\n', &mut buf)
                .map_err(|source| Error::Read {
                    path: shown.clone(),
                    source,
                })?;
            if n == 0 {
                break;
            }
            let mut line = buf.as_slice();
            line = line.strip_suffix(b"\n").unwrap_or(line);
            line = line.strip_suffix(b"\r").unwrap_or(line);
            let text = String::from_utf8_lossy(line);
            assigned.push(miner.add(&text));
        }
    }
    // Nothing is evicted here (no limits): ids run from 0 to `made`.
    let texts: Vec<String> = (0..miner.made()).map(|id| miner.template(id)).collect();
    let ids: Vec<String> = texts.iter().map(|t| template_id(t)).collect();
    let stdout = io::stdout().lock();
    let mut out = BufWriter::with_capacity(1 << 16, stdout);
    let written: io::Result<()> = (|| {
        for (n, &cluster) in assigned.iter().enumerate() {
            let (id, text) = (&ids[cluster as usize], &texts[cluster as usize]);
            match args.format {
                // Templates keep the log's words: escape control characters
                // (a log line may carry terminal escape sequences).
                TemplatesFormat::Tsv => {
                    writeln!(out, "{}\t{id}\t{}", n + 1, sanitize_for_terminal(text))?
                }
                TemplatesFormat::Json => {
                    let record =
                        serde_json::json!({"line": n + 1, "template_id": id, "template": text});
                    writeln!(out, "{}", escape_c1(record.to_string()))?;
                }
            }
        }
        out.flush()
    })();
    match written {
        Ok(()) => Ok(ExitStatus::Clean),
        // A closed pipe (`| head`) is not an error.
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(ExitStatus::Clean),
        Err(source) => Err(Error::Write {
            what: "output",
            source,
        }),
    }
}
