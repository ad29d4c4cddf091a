//! Running the built binary so that a hang fails a test instead of stopping the suite.

use std::io::Read;
use std::process::{Child, ExitStatus};
use std::time::{Duration, Instant};

pub struct Run {
    pub status: ExitStatus,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn code(&self) -> Option<i32> {
        self.status.code()
    }
}

/// Wait for `child`, reading its piped output, and kill it if it has not ended within a
/// minute.
pub fn finish(mut child: Child) -> Run {
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let read = |stream: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut text = String::new();
            if let Some(mut s) = stream {
                let _ = s.read_to_string(&mut text);
            }
            text
        })
    };
    let out = read(stdout.map(|s| Box::new(s) as Box<dyn Read + Send>));
    let err = read(stderr.map(|s| Box::new(s) as Box<dyn Read + Send>));
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("zjlint hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        status,
        stdout: out.join().expect("stdout"),
        stderr: err.join().expect("stderr"),
    }
}

/// A FIFO at `path`, made by mkfifo(1).
#[cfg(unix)]
#[allow(dead_code)] // not every test crate makes one
pub fn mkfifo(path: &std::path::Path) {
    let status = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo");
    assert!(status.success());
}

/// Run the built zjlint in `dir` with `args`, without colour and with nothing on stdin.
#[allow(dead_code)] // not every test crate runs it this way
pub fn run_in(dir: &std::path::Path, args: &[&str]) -> Run {
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_zjlint"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run zjlint");
    finish(child)
}

/// The text of part `name` of a zip package (a .docx), `None` when there is no such part.
#[allow(dead_code)] // not every test crate reads packages
pub fn part(package: &[u8], name: &str) -> Option<String> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(package)).expect("zip");
    let mut entry = archive.by_name(name).ok()?;
    let mut text = String::new();
    entry.read_to_string(&mut text).expect("utf-8 part");
    Some(text)
}

/// `soffice` converting `input` into `format` in `out_dir`, with its own profile so that tests
/// running at once do not share one; `None`, with a visible SKIPPED line, when LibreOffice is
/// not installed.
#[allow(dead_code)] // not every test crate opens documents in LibreOffice
pub fn soffice(input: &std::path::Path, format: &str, out_dir: &std::path::Path) -> Option<Run> {
    use std::process::{Command, Stdio};
    let profile = tempfile::tempdir().expect("profile dir");
    let child = Command::new("soffice")
        .arg(format!(
            "-env:UserInstallation=file://{}",
            profile.path().display()
        ))
        .args(["--headless", "--convert-to", format, "--outdir"])
        .arg(out_dir)
        .arg(input)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    match child {
        Ok(child) => Some(finish(child)),
        Err(_) => {
            let _ = std::io::Write::write_fmt(
                &mut std::io::stderr(),
                format_args!("SKIPPED: libreoffice not installed (soffice not on PATH)\n"),
            );
            None
        }
    }
}
