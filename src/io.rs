//! Files as a hostile world hands them over: reads that are capped in size and never wait on a
//! FIFO, reports written without destroying what they replace, standard output whose reader
//! may go away, and operating-system errors described in Chinese.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, ErrorKind, Read, Seek, Write};
use std::path::{Path, PathBuf};

/// The largest configuration file read: 1 MB.
pub const CONFIG_LIMIT: u64 = 1 << 20;

/// The largest document read: 256 MB (a flattened page is a few MB at most).
pub const DOCUMENT_LIMIT: u64 = 256 << 20;

/// A refusal of ours, carried in an `io::Error` so that every cause reaches people through
/// [`describe`].
#[derive(Debug)]
struct Refusal(String);

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refusal {}

fn refusal(kind: ErrorKind, cause: String) -> io::Error {
    io::Error::new(kind, Refusal(cause))
}

/// The cause of an I/O error in Chinese, to follow a file's name (`a.txt: 无法读取：…`).
pub fn describe(error: &io::Error) -> String {
    if let Some(refusal) = error.get_ref().and_then(|e| e.downcast_ref::<Refusal>()) {
        return refusal.0.clone();
    }
    if let Some(text) = error.raw_os_error().and_then(errno_text) {
        return text.to_string();
    }
    let text = match error.kind() {
        ErrorKind::NotFound => "文件或目录不存在",
        ErrorKind::PermissionDenied => "没有权限",
        ErrorKind::AlreadyExists => "已经存在",
        ErrorKind::NotADirectory => "路径中的某一级不是目录",
        ErrorKind::IsADirectory => "这是目录，不是文件",
        ErrorKind::ReadOnlyFilesystem => "所在的文件系统是只读的",
        ErrorKind::StorageFull => "磁盘已满，没有空间了",
        ErrorKind::QuotaExceeded => "超出了磁盘配额",
        ErrorKind::FileTooLarge => "文件太大",
        ErrorKind::ResourceBusy => "设备或资源正忙",
        ErrorKind::CrossesDevices => "不能跨文件系统改名",
        ErrorKind::InvalidFilename => "文件名无效或太长",
        ErrorKind::BrokenPipe => "读取方已关闭管道",
        ErrorKind::InvalidData => "内容无效（不是 UTF-8 文本）",
        ErrorKind::UnexpectedEof => "内容意外结束",
        ErrorKind::WriteZero => "写入时没有写进任何内容",
        ErrorKind::Interrupted => "操作被中断",
        ErrorKind::WouldBlock => "操作会阻塞（文件另一端没有准备好）",
        ErrorKind::TimedOut => "操作超时",
        ErrorKind::OutOfMemory => "内存不足",
        ErrorKind::Unsupported => "系统不支持这一操作",
        _ => {
            return match error.raw_os_error() {
                Some(code) => format!("系统错误（错误码 {code}）"),
                None => "输入输出错误".to_string(),
            }
        }
    };
    text.to_string()
}

/// Errors whose kind is not precise enough on every platform, by their Unix number.
#[cfg(unix)]
fn errno_text(code: i32) -> Option<&'static str> {
    Some(match code {
        libc::EIO => "读写设备时出错（输入输出错误）",
        libc::ELOOP => "符号链接层数太多（可能形成了循环）",
        libc::ENXIO | libc::ENODEV => "设备不存在或没有连接",
        libc::ENOSPC => "磁盘已满，没有空间了",
        libc::EPERM => "不允许这样操作",
        libc::EBADF => "文件没有打开或不能这样使用",
        libc::EMFILE | libc::ENFILE => "打开的文件太多",
        libc::ETXTBSY => "文件正被执行，不能写入",
        libc::ENAMETOOLONG => "文件名太长",
        _ => return None,
    })
}

#[cfg(not(unix))]
fn errno_text(_code: i32) -> Option<&'static str> {
    None
}

/// What a file that is not a regular file is, for a message (`这是目录，不是普通文件`).
fn kind_of(meta: &Metadata) -> &'static str {
    let file_type = meta.file_type();
    if file_type.is_dir() {
        return "目录";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "命名管道（FIFO）";
        }
        if file_type.is_char_device() || file_type.is_block_device() {
            return "设备文件";
        }
        if file_type.is_socket() {
            return "套接字";
        }
    }
    "特殊文件"
}

fn size_text(limit: u64) -> String {
    if limit >= 1 << 20 && limit.is_multiple_of(1 << 20) {
        format!("{} MB", limit >> 20)
    } else {
        format!("{limit} 字节")
    }
}

/// Open for reading without waiting for a writer, should the file turn out to be a FIFO.
fn open_without_waiting(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    options.open(path)
}

/// At most `limit` bytes of `reader`; more is an error.
/// `expected`: the size the file says it has (0 for a pipe or a device), so that a file is read
/// into a buffer of its size rather than one grown by doubling (a copy at each step, and up to
/// twice the file held); the buffer still grows if more comes.
fn read_at_most(reader: impl Read, limit: u64, expected: u64) -> io::Result<Vec<u8>> {
    // One byte of room past the end lets `read_to_end` see the end without growing. A file
    // larger than the limit is refused once the limit is read: no room is made for it first.
    let room = if expected <= limit {
        expected.saturating_add(1)
    } else {
        0
    };
    let mut bytes = Vec::with_capacity(usize::try_from(room).unwrap_or(0));
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(refusal(
            ErrorKind::FileTooLarge,
            format!("文件大于 {}，超过上限", size_text(limit)),
        ));
    }
    Ok(bytes)
}

/// Read a regular file of at most `limit` bytes. A directory, a FIFO, a device or a symbolic
/// link to nothing is refused with its own cause; nothing waits for a writer or reads
/// without end (`/dev/zero`).
pub fn read_regular_file(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let meta = match std::fs::metadata(path) {
        Ok(meta) => meta,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            return Err(match std::fs::read_link(path) {
                Ok(target) => refusal(
                    ErrorKind::InvalidInput,
                    format!("这是指向 {} 的符号链接，而那里没有文件", target.display()),
                ),
                Err(_) => e,
            });
        }
        Err(e) => return Err(e),
    };
    let regular = |meta: &Metadata| {
        if meta.is_file() {
            Ok(())
        } else {
            Err(refusal(
                ErrorKind::InvalidInput,
                format!("这是{}，不是普通文件", kind_of(meta)),
            ))
        }
    };
    regular(&meta)?;
    let file = open_without_waiting(path)?;
    // The file opened may not be the one examined, if it was replaced in between.
    let meta = file.metadata()?;
    regular(&meta)?;
    read_at_most(file, limit, meta.len())
}

/// Read a document of at most `limit` bytes. Unlike configuration, a document may come
/// through a FIFO or a device (`<(cat 总结.txt)`), so only the size is capped.
pub fn read_document(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let file = File::open(path)?;
    let expected = file.metadata().map_or(0, |meta| meta.len());
    read_at_most(file, limit, expected)
}

/// Read standard input, at most `limit` bytes.
pub fn read_stdin(limit: u64) -> io::Result<Vec<u8>> {
    read_at_most(io::stdin().lock(), limit, 0)
}

/// The identity of an existing file, the same for every path to it (symbolic links followed,
/// hard links included).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FileId(Id);

#[cfg(unix)]
type Id = (u64, u64);
#[cfg(not(unix))]
type Id = PathBuf;

impl FileId {
    /// `None` when `path` does not exist or cannot be examined.
    pub fn of(path: &Path) -> Option<FileId> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let meta = std::fs::metadata(path).ok()?;
            Some(FileId((meta.dev(), meta.ino())))
        }
        #[cfg(not(unix))]
        {
            std::fs::canonicalize(path).ok().map(FileId)
        }
    }
}

/// Write standard output. A reader that went away (`| head -1`) is not an error: the output
/// is simply not wanted any more. Any other failure is, in Chinese (`> /dev/full`).
pub fn write_stdout(text: &str) -> Result<(), String> {
    write_stdout_bytes(text.as_bytes())
}

/// Write standard output through a buffer, as `write` produces it (a long report streamed rather
/// than held whole); a closed pipe ends the writing quietly, as in [`write_stdout`].
pub fn write_stdout_with(
    write: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), String> {
    let mut stdout = io::BufWriter::with_capacity(1 << 16, io::stdout().lock());
    stdout_outcome(write(&mut stdout).and_then(|()| stdout.flush()))
}

/// [`write_stdout`] for bytes (a document fixed, in its own encoding).
pub fn write_stdout_bytes(bytes: &[u8]) -> Result<(), String> {
    let mut stdout = io::stdout().lock();
    stdout_outcome(stdout.write_all(bytes).and_then(|()| stdout.flush()))
}

/// What became of writing standard output: a closed pipe is no failure (the reader wants no
/// more); any other error is, in Chinese.
pub fn stdout_outcome(written: io::Result<()>) -> Result<(), String> {
    match written {
        Err(e) if e.kind() != ErrorKind::BrokenPipe => {
            Err(format!("无法写入标准输出：{}", describe(&e)))
        }
        _ => Ok(()),
    }
}

/// Write standard error; there is nowhere left to report a failure to do so.
pub fn write_stderr(text: &str) {
    let mut stderr = io::stderr().lock();
    let _ = stderr.write_all(text.as_bytes());
    let _ = stderr.flush();
}

/// Write `text` to `path`, the way people expect of `> path` but without half-written
/// files:
/// - a symbolic link is followed, and its target written (the link stays);
/// - a new file, or a regular file with one name, is replaced at once: a temporary file
///   beside it, then a rename, keeping the permissions of the file replaced (a file that may
///   not be written is refused, as `>` refuses it);
/// - a regular file with several names (hard links) is written in place, so that every name
///   shows the new report (a rename would give one name a new file and leave the others
///   with the old one);
/// - anything else (a device such as /dev/null, a FIFO) is written directly, never replaced;
/// - a directory is refused.
///
/// The error names `path` as given, with the cause in Chinese; `what` names the output in it
/// (`报告`, `批注后的文档`).
pub fn write_output(path: &Path, text: &[u8], what: &str) -> Result<(), String> {
    let mut file = OutputFile::create(path, what)?;
    file.write_all(text).map_err(|e| file.error(&e))?;
    file.finish()
}

/// An output written as it is made, to the file [`write_output`] would write it to: a file it
/// replaces gets it only at [`OutputFile::finish`] (a temporary file beside it until then,
/// removed if the run stops first), and so does a regular file written in place (copied over
/// it from an unnamed temporary file); a device or a FIFO gets it as it is written.
pub struct OutputFile {
    /// The path as given, for errors.
    path: PathBuf,
    what: String,
    to: Destination,
}

enum Destination {
    /// A temporary file renamed over `target` at the end, with the permissions of the file it
    /// replaces, if any.
    Replacing {
        temp: tempfile::NamedTempFile,
        target: PathBuf,
        permissions: Option<std::fs::Permissions>,
    },
    /// A regular file written in place (several names, or someone else's): the output is
    /// kept aside in an unnamed temporary file and copied over the file's old contents at
    /// the end, which stay whole until then.
    Staged { staging: File, file: File },
    /// A device or a FIFO, written as the output is made.
    InPlace(File),
}

impl OutputFile {
    /// Open the output for `path`; `what` names it in errors (`报告`).
    pub fn create(path: &Path, what: &str) -> Result<OutputFile, String> {
        let error = |e: &io::Error| output_error(path, what, e);
        let target = follow_links(path).map_err(|e| error(&e))?;
        let to = match std::fs::metadata(&target) {
            Ok(meta) if meta.is_dir() => Err(refusal(
                ErrorKind::IsADirectory,
                "这是目录，不是文件".into(),
            )),
            Ok(meta) if meta.is_file() && link_count(&meta) > 1 => in_place(&target),
            Ok(meta) if meta.is_file() => {
                // A rename would get round the file's own protection, which `>` respects.
                if writable(&target) {
                    replacing(target, Some(&meta))
                } else {
                    Err(io::Error::from(ErrorKind::PermissionDenied))
                }
            }
            Ok(_) => in_place(&target),
            Err(e) if e.kind() == ErrorKind::NotFound => replacing(target, None),
            Err(e) => Err(e),
        }
        .map_err(|e| error(&e))?;
        Ok(OutputFile {
            path: path.to_path_buf(),
            what: what.to_string(),
            to,
        })
    }

    /// A failure to write, naming the file as given and the cause in Chinese.
    pub fn error(&self, e: &io::Error) -> String {
        output_error(&self.path, &self.what, e)
    }

    /// Put the output in place: the temporary file, synced, renamed over the target.
    pub fn finish(self) -> Result<(), String> {
        let (path, what) = (&self.path, &self.what);
        let error = |e: &io::Error| output_error(path, what, e);
        match self.to {
            Destination::Replacing {
                mut temp,
                ref target,
                ref permissions,
            } => {
                temp.flush().map_err(|e| error(&e))?;
                // A temporary file is private (0600); one that replaces a file gets its
                // permissions.
                if let Some(permissions) = permissions {
                    (temp.as_file().set_permissions(permissions.clone())).map_err(|e| error(&e))?;
                }
                temp.as_file().sync_all().map_err(|e| error(&e))?;
                temp.persist(target).map_err(|e| error(&e.error))?;
                Ok(())
            }
            Destination::Staged {
                mut staging,
                mut file,
            } => {
                let copied = staging
                    .seek(io::SeekFrom::Start(0))
                    .and_then(|_| file.set_len(0))
                    .and_then(|()| io::copy(&mut staging, &mut file))
                    .and_then(|_| file.flush());
                copied.map_err(|e| error(&e))
            }
            Destination::InPlace(mut file) => file.flush().map_err(|e| error(&e)),
        }
    }
}

impl Write for OutputFile {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        match &mut self.to {
            Destination::Replacing { temp, .. } => temp.write(bytes),
            Destination::Staged { staging, .. } => staging.write(bytes),
            Destination::InPlace(file) => file.write(bytes),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.to {
            Destination::Replacing { temp, .. } => temp.flush(),
            Destination::Staged { staging, .. } => staging.flush(),
            Destination::InPlace(file) => file.flush(),
        }
    }
}

/// A failure to write `what` to `path`: the path as given, the cause in Chinese.
fn output_error(path: &Path, what: &str, e: &io::Error) -> String {
    format!("{}: 无法写入{what}：{}", path.display(), describe(e))
}

/// The file at `path` opened to be written over: opened now, so that one that may not be
/// written is refused before the run; a regular file is emptied only at the end.
fn in_place(path: &Path) -> io::Result<Destination> {
    let meta = std::fs::metadata(path)?;
    let file = OpenOptions::new().write(true).open(path)?;
    if meta.is_file() {
        let staging = tempfile::tempfile()?;
        Ok(Destination::Staged { staging, file })
    } else {
        Ok(Destination::InPlace(file))
    }
}

/// A temporary file beside `path` that will replace it, so that no reader ever sees half a
/// report. `old` is the metadata of the file replaced, if there is one: the new file takes its
/// owner and group, and when it cannot (someone else's file in a directory one may write), the
/// file is written in place instead, so that it stays theirs.
fn replacing(path: PathBuf, old: Option<&Metadata>) -> io::Result<Destination> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    if old.is_none() {
        new_file_permissions(&mut builder);
    }
    let temp = builder.tempfile_in(dir).map_err(|e| match e.kind() {
        ErrorKind::NotFound => refusal(
            ErrorKind::NotFound,
            format!("所在目录 {} 不存在", dir.display()),
        ),
        ErrorKind::PermissionDenied => refusal(
            ErrorKind::PermissionDenied,
            format!(
                "没有权限在所在目录 {} 中新建文件（先写临时文件再替换，才不会留下写了一半的文件）",
                dir.display()
            ),
        ),
        _ => e,
    })?;
    if let Some(old) = old {
        if keep_owner(temp.as_file(), old).is_err() {
            drop(temp);
            return in_place(&path);
        }
    }
    Ok(Destination::Replacing {
        temp,
        permissions: old.map(|old| old.permissions()),
        target: path,
    })
}

/// Write a fixed document over the file at `path`, which was read as `original`: only a
/// regular file is replaced (a symbolic link's target, as [`write_output`] does), and only
/// if it still holds `original`, so that a change saved meanwhile (by an editor) is not lost.
/// The error names `path` as given, with the cause in Chinese.
pub fn write_fixed(path: &Path, original: &[u8], fixed: &[u8]) -> Result<(), String> {
    let error = |cause: String| format!("{}: 修正没有写入：{cause}", path.display());
    let target = follow_links(path).map_err(|e| error(describe(&e)))?;
    let meta = std::fs::metadata(&target).map_err(|e| error(describe(&e)))?;
    if !meta.is_file() {
        return Err(error(format!(
            "这是{}，不是普通文件，不会被替换",
            kind_of(&meta)
        )));
    }
    let now = read_regular_file(&target, DOCUMENT_LIMIT).map_err(|e| error(describe(&e)))?;
    if now != original {
        return Err(error(
            "检查期间文件被改动过，为免覆盖这些改动，没有写入；请重新运行".to_string(),
        ));
    }
    write_output(path, fixed, "修正后的文件")
}

/// The path a chain of symbolic links leads to (which need not exist yet).
fn follow_links(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    // As many links as Linux follows before it gives up with ELOOP.
    for _ in 0..40 {
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&path)?;
                path = match path.parent() {
                    Some(dir) => dir.join(target),
                    None => target,
                };
            }
            _ => return Ok(path),
        }
    }
    Err(refusal(
        ErrorKind::InvalidInput,
        "符号链接层数太多（可能形成了循环）".into(),
    ))
}

#[cfg(unix)]
fn writable(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let Ok(path) = std::ffi::CString::new(path.as_os_str().as_bytes()) else {
        return false;
    };
    // SAFETY: `path` is a valid NUL-terminated string that outlives the call.
    unsafe { libc::access(path.as_ptr(), libc::W_OK) == 0 }
}

#[cfg(not(unix))]
fn writable(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
}

#[cfg(unix)]
fn link_count(meta: &Metadata) -> u64 {
    std::os::unix::fs::MetadataExt::nlink(meta)
}

#[cfg(not(unix))]
fn link_count(_meta: &Metadata) -> u64 {
    1
}

/// Give `file` the owner and group of `old`.
#[cfg(unix)]
fn keep_owner(file: &File, old: &Metadata) -> io::Result<()> {
    use std::os::unix::fs::MetadataExt;
    std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid()))
}

#[cfg(not(unix))]
fn keep_owner(_file: &File, _old: &Metadata) -> io::Result<()> {
    Ok(())
}

/// A new report is created as `>` creates a file: 0666, less what the umask takes away.
#[cfg(unix)]
fn new_file_permissions(builder: &mut tempfile::Builder) {
    use std::os::unix::fs::PermissionsExt;
    builder.permissions(std::fs::Permissions::from_mode(0o666));
}

#[cfg(not(unix))]
fn new_file_permissions(_builder: &mut tempfile::Builder) {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_output_file_replaces_the_old_one_only_when_finished() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("report.txt");
        let names = || {
            let mut names: Vec<_> = std::fs::read_dir(dir.path())
                .unwrap()
                .map(|entry| entry.unwrap().file_name())
                .collect();
            names.sort();
            names
        };
        std::fs::write(&path, "旧报告").unwrap();
        let mut file = OutputFile::create(&path, "报告").unwrap();
        file.write_all("新报告".as_bytes()).unwrap();
        file.flush().unwrap();
        // Written so far, and not yet in place: the old report is whole.
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "旧报告");
        assert_eq!(names().len(), 2);
        file.finish().unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "新报告");
        assert_eq!(names(), ["report.txt"]);
        // A run that stops before the end leaves the report it would have replaced.
        let mut stopped = OutputFile::create(&path, "报告").unwrap();
        stopped.write_all("半份".as_bytes()).unwrap();
        drop(stopped);
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "新报告");
        assert_eq!(names(), ["report.txt"]);
        // A file with a second name is written in place, so that both names show it.
        let other = dir.path().join("link.txt");
        std::fs::hard_link(&path, &other).unwrap();
        let mut linked = OutputFile::create(&path, "报告").unwrap();
        linked.write_all("第三份".as_bytes()).unwrap();
        linked.flush().unwrap();
        assert_eq!(std::fs::read_to_string(&other).unwrap(), "新报告");
        linked.finish().unwrap();
        assert_eq!(std::fs::read_to_string(&other).unwrap(), "第三份");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "第三份");
        assert_eq!(names(), ["link.txt", "report.txt"]);
    }

    #[test]
    fn os_errors_are_described_in_chinese() {
        let missing = std::fs::read("/nonexistent/zjlint/a.txt").unwrap_err();
        assert_eq!(describe(&missing), "文件或目录不存在");
        #[cfg(unix)]
        {
            let full = io::Error::from_raw_os_error(libc::ENOSPC);
            assert_eq!(describe(&full), "磁盘已满，没有空间了");
            let unknown = io::Error::from_raw_os_error(libc::EDOM);
            assert_eq!(
                describe(&unknown),
                format!("系统错误（错误码 {}）", libc::EDOM)
            );
        }
    }

    #[test]
    fn a_file_is_read_into_a_buffer_of_its_size() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("总结.txt");
        let text: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &text).expect("write");
        let bytes = read_document(&path, DOCUMENT_LIMIT).expect("read");
        assert_eq!(bytes, text);
        // Grown by doubling, the buffer would hold 128 KiB for these 100 KB.
        assert!(bytes.capacity() <= text.len() + 1, "{}", bytes.capacity());
        assert_eq!(
            read_regular_file(&path, DOCUMENT_LIMIT).expect("read"),
            text
        );
    }

    #[test]
    fn a_wrong_size_reads_the_whole_text_all_the_same() {
        let text: Vec<u8> = (0..5_000u32).map(|i| (i % 7) as u8).collect();
        // A pipe says 0; a file may grow or shrink after its size was read.
        for expected in [0, 1, 4_999, 5_000, 5_001, 1 << 40] {
            let bytes = read_at_most(&text[..], 1 << 20, expected).expect("read");
            assert_eq!(bytes, text, "{expected}");
        }
        let e = read_at_most(&text[..], 4_999, 5_000).unwrap_err();
        assert_eq!(describe(&e), "文件大于 4999 字节，超过上限");
    }

    #[test]
    fn reading_is_capped_and_refuses_what_is_not_a_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let big = dir.path().join("big.toml");
        std::fs::write(&big, vec![b'#'; 11]).expect("write");
        assert_eq!(read_regular_file(&big, 11).expect("fits").len(), 11);
        let e = read_regular_file(&big, 10).unwrap_err();
        assert_eq!(describe(&e), "文件大于 10 字节，超过上限");
        let e = read_regular_file(dir.path(), 10).unwrap_err();
        assert_eq!(describe(&e), "这是目录，不是普通文件");
        #[cfg(unix)]
        {
            let link = dir.path().join("link.toml");
            std::os::unix::fs::symlink("nowhere.toml", &link).expect("symlink");
            let e = read_regular_file(&link, 10).unwrap_err();
            assert_eq!(
                describe(&e),
                "这是指向 nowhere.toml 的符号链接，而那里没有文件"
            );
            let e = read_regular_file(Path::new("/dev/zero"), 10).unwrap_err();
            assert_eq!(describe(&e), "这是设备文件，不是普通文件");
            let e = read_document(Path::new("/dev/zero"), 1 << 20).unwrap_err();
            assert_eq!(describe(&e), "文件大于 1 MB，超过上限");
        }
    }

    #[test]
    fn the_same_file_has_one_id_under_every_name() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = dir.path().join("a.txt");
        std::fs::write(&a, "甲").expect("write");
        let dotted = dir.path().join(".").join("a.txt");
        assert_eq!(FileId::of(&a), FileId::of(&dotted));
        assert_eq!(FileId::of(&dir.path().join("b.txt")), None);
    }

    #[test]
    fn a_fixed_file_is_written_only_over_what_was_read() {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("a.txt");
        std::fs::write(&file, "一.总体情况（已由编辑器改过）").expect("write");
        let e =
            write_fixed(&file, "一.总体情况".as_bytes(), "一、总体情况".as_bytes()).unwrap_err();
        assert!(
            e.ends_with(
                "修正没有写入：检查期间文件被改动过，为免覆盖这些改动，没有写入；请重新运行"
            ),
            "{e}"
        );
        assert_eq!(
            std::fs::read_to_string(&file).unwrap(),
            "一.总体情况（已由编辑器改过）"
        );
        std::fs::write(&file, "一.总体情况").expect("write");
        write_fixed(&file, "一.总体情况".as_bytes(), "一、总体情况".as_bytes()).expect("written");
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "一、总体情况");
        let e = write_fixed(dir.path(), b"", b"x").unwrap_err();
        assert!(
            e.ends_with("修正没有写入：这是目录，不是普通文件，不会被替换"),
            "{e}"
        );
    }
}
