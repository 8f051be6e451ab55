//! Reading source files into the [`SourceMap`]: the only file I/O of the
//! compiler side. A file that cannot be read becomes a diagnostic (HJ001,
//! HJ002, HJ004), never a panic; the command then exits with status 2.

use crate::diag::{Code, Diagnostic, Text};
use crate::span::{FileId, SourceMap, Span};
use std::fs::File;
use std::io::{self, Read};
use std::path::Path;

/// The largest source file `huanjie` reads, in bytes (4 MiB). It is the
/// parser's limit ([`crate::syntax::MAX_SOURCE_BYTES`]), enforced here while
/// reading so that a huge file is never read whole. Only regular files are
/// read: a FIFO, a device (`/dev/zero`) or a socket is refused without
/// being opened ([`open_regular`]).
pub const MAX_FILE_BYTES: usize = crate::syntax::MAX_SOURCE_BYTES;

/// Reads every file of `paths` into `map`, in order. Returns the diagnostics
/// of the files that could not be read (an empty list when all were read).
///
/// A file that is not valid UTF-8 is still added to the map (with each bad
/// sequence replaced by U+FFFD) so that its diagnostic can point at the first
/// bad byte; files that could not be read at all are not added.
pub fn load_files<P: AsRef<Path>>(paths: &[P], map: &mut SourceMap) -> Vec<Diagnostic> {
    let mut diagnostics = Vec::new();
    for path in paths {
        if let Err(d) = load_file(path.as_ref(), map) {
            diagnostics.push(*d);
        }
    }
    diagnostics
}

/// The first file of `map` (the first given on the command line).
pub fn first(map: &SourceMap) -> Option<FileId> {
    map.iter().next().map(|(id, _)| id)
}

/// Reads one file into `map` and returns its id, or the diagnostic that says
/// why it could not be read (see [`load_files`]).
pub fn load_file(path: &Path, map: &mut SourceMap) -> Result<FileId, Box<Diagnostic>> {
    load_file_named(path, &path.display().to_string(), map)
}

/// [`load_file`], showing the file as `name` (an included file is read at
/// its canonical path and shown as the include names it).
pub fn load_file_named(
    path: &Path,
    name: &str,
    map: &mut SourceMap,
) -> Result<FileId, Box<Diagnostic>> {
    let name = name.to_string();
    let bytes = read_bounded(path).map_err(|e| Box::new(unreadable(&name, &e)))?;
    if bytes.len() > MAX_FILE_BYTES {
        return Err(Box::new(too_large(&name)));
    }
    match String::from_utf8(bytes) {
        Ok(text) => Ok(map.add(name, text)),
        Err(e) => {
            let offset = e.utf8_error().valid_up_to();
            let lossy = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let id = map.add(name.clone(), lossy);
            // INVARIANT: the text before `offset` is unchanged by the lossy
            // conversion, and U+FFFD (3 bytes) stands at `offset`.
            let span = Span::new(id, offset, offset + '\u{FFFD}'.len_utf8());
            Err(Box::new(invalid_utf8(&name, offset, span)))
        }
    }
}

/// Why a file could not be read.
pub enum ReadError {
    Io(io::Error),
    Directory,
    /// A FIFO, a device, a socket: reading it could block forever or never
    /// end. The words say which.
    NotRegular(Text),
}

impl ReadError {
    /// The reason, in both languages.
    pub fn reason(&self) -> Text {
        reason(self)
    }
}

/// What kind of special file `meta` describes.
fn special_kind(meta: &std::fs::Metadata) -> Text {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        let t = meta.file_type();
        if t.is_fifo() {
            return Text::new("这是命名管道（FIFO）", "it is a named pipe (FIFO)");
        }
        if t.is_char_device() || t.is_block_device() {
            return Text::new("这是设备文件", "it is a device");
        }
        if t.is_socket() {
            return Text::new("这是套接字", "it is a socket");
        }
    }
    let _ = meta;
    Text::new("这不是普通文件", "it is not a regular file")
}

/// Opens `path` for reading if it is a regular file (after symbolic links).
/// A directory, a FIFO, a device or a socket is refused *before* it is
/// opened, so that opening never blocks (a FIFO with no writer would block
/// `open` forever); the file is opened non-blocking and checked again, in
/// case it was replaced in between.
pub fn open_regular(path: &Path) -> Result<File, ReadError> {
    let check = |meta: &std::fs::Metadata| {
        if meta.is_dir() {
            Err(ReadError::Directory)
        } else if !meta.is_file() {
            Err(ReadError::NotRegular(special_kind(meta)))
        } else {
            Ok(())
        }
    };
    check(&std::fs::metadata(path)?)?;
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    check(&file.metadata()?)?;
    Ok(file)
}

impl From<io::Error> for ReadError {
    fn from(e: io::Error) -> ReadError {
        ReadError::Io(e)
    }
}

/// The contents of `path`, reading at most one byte more than the limit.
fn read_bounded(path: &Path) -> Result<Vec<u8>, ReadError> {
    let file = open_regular(path)?;
    let mut bytes = Vec::new();
    // `as u64` is lossless: 4 MiB + 1 fits in any u64.
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The reason a read failed, in both languages.
fn reason(e: &ReadError) -> Text {
    match e {
        ReadError::Directory => Text::new("这是一个目录", "it is a directory"),
        ReadError::NotRegular(kind) => Text::new(
            format!("{}，只读取普通文件", kind.zh),
            format!("{}; only regular files are read", kind.en),
        ),
        ReadError::Io(e) => match e.kind() {
            io::ErrorKind::NotFound => Text::new("文件不存在", "no such file"),
            io::ErrorKind::PermissionDenied => Text::new("没有读取权限", "permission denied"),
            _ => Text::new(format!("读取失败（{e}）"), e.to_string()),
        },
    }
}

fn unreadable(name: &str, e: &ReadError) -> Diagnostic {
    let why = reason(e);
    Diagnostic::error(
        Code::Unreadable,
        Text::new(
            format!("无法读取文件 `{name}`：{}", why.zh),
            format!("cannot read `{name}`: {}", why.en),
        ),
    )
    .with_help(Text::new(
        "请检查路径是否正确、文件是否存在且可读",
        "check the path, and that the file exists and is readable",
    ))
}

fn too_large(name: &str) -> Diagnostic {
    let mib = MAX_FILE_BYTES / (1024 * 1024);
    Diagnostic::error(
        Code::FileTooLarge,
        Text::new(
            format!("文件 `{name}` 超过 {mib} MiB（{MAX_FILE_BYTES} 字节）的上限"),
            format!("`{name}` is larger than the limit of {mib} MiB ({MAX_FILE_BYTES} bytes)"),
        ),
    )
    .with_help(Text::new(
        "一个程序文件通常只有几千字节；请检查是否选错了文件，或把内容拆分到多个文件",
        "a procedure is a few kilobytes; check that this is the right file, or split it",
    ))
}

fn invalid_utf8(name: &str, offset: usize, span: Span) -> Diagnostic {
    Diagnostic::error(
        Code::InvalidUtf8,
        Text::new(
            format!("文件 `{name}` 不是有效的 UTF-8 文本：第一个无效字节位于偏移量 {offset}"),
            format!("`{name}` is not valid UTF-8: the first bad byte is at offset {offset}"),
        ),
    )
    .with_label(
        span,
        Text::new("第一个无效字节", "the first invalid byte"),
    )
    .with_help(Text::new(
        "请将文件另存为 UTF-8 编码（例如在编辑器中选择“UTF-8”而不是“GBK”或“GB 18030”）",
        "save the file as UTF-8 (for example, choose UTF-8 rather than GBK or GB 18030 in the editor)",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// A fresh file in the temporary directory holding `bytes`.
    fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("huanjie-input-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let path = dir.join(name);
        assert!(std::fs::write(&path, bytes).is_ok());
        path
    }

    #[test]
    fn reads_utf8_files() {
        let path = temp_file("ok.hj", "程序 甲 {}".as_bytes());
        let mut map = SourceMap::new();
        assert!(load_files(&[&path], &mut map).is_empty());
        assert_eq!(map.iter().count(), 1);
    }

    #[test]
    fn missing_files_and_directories_are_unreadable() {
        let mut map = SourceMap::new();
        let dir = std::env::temp_dir();
        let diags = load_files(&[Path::new("/nonexistent/x.hj"), &dir], &mut map);
        assert_eq!(diags.len(), 2);
        assert!(diags.iter().all(|d| d.code == Code::Unreadable));
        assert!(diags[0].message.en.contains("no such file"));
        assert!(
            diags[1].message.en.contains("directory"),
            "{}",
            diags[1].message.en
        );
        assert_eq!(map.iter().count(), 0);
    }

    #[cfg(unix)]
    #[test]
    fn fifos_and_devices_are_refused_without_blocking() {
        let dir = std::env::temp_dir().join(format!("huanjie-fifo-{}", std::process::id()));
        let _ = std::fs::create_dir_all(&dir);
        let fifo = dir.join("p.hj");
        let _ = std::fs::remove_file(&fifo);
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let mut map = SourceMap::new();
        // With no writer, opening the FIFO would block forever.
        let diags = load_files(&[fifo.as_path(), Path::new("/dev/zero")], &mut map);
        let said: Vec<&str> = diags.iter().map(|d| d.message.en.as_str()).collect();
        assert_eq!(diags.len(), 2, "{said:?}");
        assert!(diags.iter().all(|d| d.code == Code::Unreadable));
        assert!(
            said[0].contains("named pipe (FIFO); only regular files are read"),
            "{said:?}"
        );
        assert!(said[1].contains("it is a device"), "{said:?}");
        let _ = std::fs::remove_file(&fifo);
    }

    #[test]
    fn invalid_utf8_points_at_the_first_bad_byte() {
        let mut bytes = "阶段 甲\n".as_bytes().to_vec();
        let offset = bytes.len();
        bytes.extend_from_slice(&[0xB2, 0xE2, b'x']);
        let path = temp_file("gbk.hj", &bytes);
        let mut map = SourceMap::new();
        let diags = load_files(&[&path], &mut map);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::InvalidUtf8);
        assert!(diags[0].message.en.contains(&format!("offset {offset}")));
        let span = diags[0].primary_span();
        let file = span.file().and_then(|id| map.get(id));
        assert_eq!(file.map(|f| f.slice(span)), Some("\u{FFFD}"));
        assert_eq!(map.locate(span).map(|(_, l, c)| (l, c)), Some((2, 1)));
    }

    #[test]
    fn files_over_the_limit_are_refused() {
        let path = temp_file("big.hj", &vec![b' '; MAX_FILE_BYTES + 1]);
        let mut map = SourceMap::new();
        let diags = load_files(&[&path], &mut map);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, Code::FileTooLarge);
        let path = temp_file("limit.hj", &vec![b' '; MAX_FILE_BYTES]);
        assert!(load_files(&[&path], &mut map).is_empty());
    }
}
