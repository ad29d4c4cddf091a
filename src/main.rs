fn main() {
    tune_allocator();
    let code = match zjlint::cli::parse_args(std::env::args_os()) {
        Ok(cli) => zjlint::cli::run(cli),
        Err(code) => code,
    };
    std::process::exit(code);
}

/// Two of glibc's allocator parameters, set before any other thread exists.
///
/// Every block of 320 KiB or more gets its own mapping, returned to the system when freed.
/// glibc raises that threshold each time such a block is freed (up to 32 MB), so a large
/// file's buffers of a few megabytes then come from the heap, where freed memory stays with
/// the process: on a 50 MB file that kept some 50 MB more resident at the peak. Blocks from
/// 320 KiB to 1 MiB (lists that grow by doubling) left holes too: with two threads, each with
/// its own heap, the 50 MB file peaked at 140–145 MB with a 1 MiB threshold and at 139–141 MB
/// with this one. Not lower: the regex compiler takes a table of 320,000 bytes for each
/// expression it compiles, which a mapping of its own gives fresh pages each time (with
/// 256 KiB, a run over 2,000 files faulted in 60 % more pages and took 3 % longer).
///
/// A heap keeps 4 MiB free at its top when it grows or gives memory back. A fixed mapping
/// threshold also fixes the trim threshold at 128 KiB, so a heap gave back its top whenever a
/// few blocks were freed and took the pages again (faulting each in) a moment later: a run on
/// one file faulted in 7,300 pages and spent 16 ms of its 58 in the kernel; now 3,800 pages
/// and 9 ms. The peak stays the same: pages kept free are the ones freed, not new ones.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn tune_allocator() {
    // SAFETY: mallopt only sets parameters of the allocator; it is called before any other
    // thread exists, and a failure leaves the default in place.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 320 << 10);
        libc::mallopt(libc::M_TOP_PAD, 4 << 20);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn tune_allocator() {}
