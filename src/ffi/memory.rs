// SPDX-License-Identifier: MIT OR Apache-2.0
//! Memory blocks that the application frees: the one block format of rinet and of the Win32
//! porting headers (HeapAlloc, LocalAlloc and GlobalAlloc are built on these functions).
//!
//! WinInet hands some memory to its caller to free with GlobalFree (the strings of an
//! INTERNET_OPTION_PER_CONNECTION_OPTION query). rinet allocates those as blocks of this
//! module, so the porting headers' GlobalFree, LocalFree and HeapFree free them, and
//! rinet_mem_free does the same for programs without those headers.
//!
//! A block is a C-library allocation with a 16-byte header before the address handed out: the
//! usable size (a size_t), a mark that says the header is one of ours, and room for flags. The
//! header keeps the address's alignment as malloc gives it.

use std::ffi::c_void;
use std::mem::size_of;

/// The size of the header before each block.
const HEADER: usize = 16;
/// The mark that says a header is a live block's.
const MAGIC: u32 = 0x524D_454D;
/// rinet_mem_alloc / rinet_mem_realloc: zero the new bytes.
pub const RINET_MEM_ZERO: u32 = 1;
/// rinet_mem_realloc: fail (NULL) rather than move the block.
pub const RINET_MEM_IN_PLACE: u32 = 2;

const _: () = assert!(size_of::<usize>() + 2 * size_of::<u32>() <= HEADER);

/// The header of the block at `p`, or None when `p` is NULL, misaligned or carries no mark.
///
/// # Safety
/// `p` is NULL or an address returned by [`alloc`] (or [`rinet_mem_alloc`]) and not freed.
unsafe fn header(p: *const c_void) -> Option<*mut u8> {
    if p.is_null() || !(p as usize).is_multiple_of(size_of::<usize>()) {
        return None;
    }
    // SAFETY: the caller's contract: a block address, so HEADER bytes before it are ours.
    let h = unsafe { (p as *mut u8).sub(HEADER) };
    // SAFETY: the header was written by `alloc`; its fields are aligned (malloc's alignment).
    let magic = unsafe { (h.add(size_of::<usize>()) as *const u32).read() };
    (magic == MAGIC).then_some(h)
}

/// Write a header at `h` for a block of `size` usable bytes; returns the block's address.
///
/// # Safety
/// `h` points to HEADER + `size` writable bytes from the C library's allocator.
unsafe fn stamp(h: *mut u8, size: usize) -> *mut c_void {
    // SAFETY: the caller's contract; the fields lie inside the header, aligned as malloc is.
    unsafe {
        (h as *mut usize).write(size);
        (h.add(size_of::<usize>()) as *mut u32).write(MAGIC);
        (h.add(size_of::<usize>() + 4) as *mut u32).write(0);
        h.add(HEADER) as *mut c_void
    }
}

/// A block of `size` bytes (zeroed with `zero`), or NULL when memory runs out.
pub(crate) fn alloc(size: usize, zero: bool) -> *mut c_void {
    let Some(total) = size.checked_add(HEADER) else {
        return std::ptr::null_mut();
    };
    // SAFETY: plain C allocations of a non-zero size; the result is checked.
    let h = unsafe {
        if zero {
            libc::calloc(1, total)
        } else {
            libc::malloc(total)
        }
    } as *mut u8;
    if h.is_null() {
        return std::ptr::null_mut();
    }
    // SAFETY: `h` holds HEADER + size bytes.
    unsafe { stamp(h, size) }
}

/// Free a block; false (and nothing freed) when `p` is not one.
///
/// # Safety
/// `p` is NULL or a block address not yet freed.
pub(crate) unsafe fn free(p: *mut c_void) -> bool {
    // SAFETY: the caller's contract.
    let Some(h) = (unsafe { header(p) }) else {
        return false;
    };
    // SAFETY: `h` is the start of a live C allocation; clearing the mark first makes a second
    // free of the same address find no block (as long as the memory was not reused).
    unsafe {
        (h.add(size_of::<usize>()) as *mut u32).write(0);
        libc::free(h as *mut c_void);
    }
    true
}

/// Allocate a block of `size` bytes that the application frees with rinet_mem_free (or, with
/// the Win32 porting headers, HeapFree, LocalFree or GlobalFree).
///
/// - `flags`: RINET_MEM_ZERO (1) zeroes the block.
///
/// Returns the block, or NULL with the last error set. Errors: 8 (memory ran out). Callable from any
/// thread; never pends.
#[no_mangle]
pub unsafe extern "C" fn rinet_mem_alloc(size: usize, flags: u32) -> *mut c_void {
    let p = alloc(size, flags & RINET_MEM_ZERO != 0);
    super::boundary::set_last_error(if p.is_null() { 8 } else { 0 });
    p
}

/// Resize a block from rinet_mem_alloc, keeping its bytes.
///
/// - `flags`: RINET_MEM_ZERO (1) zeroes the bytes added; RINET_MEM_IN_PLACE (2) never moves
///   the block (only a shrink, or a size it already has, succeeds).
///
/// Returns the block's new address (the old one is then invalid), or NULL with the block
/// unchanged and the last error set. Errors: 87 (`p` is not a block), 8 (memory ran out, or the
/// block cannot grow in place). Callable from any thread; never pends.
#[no_mangle]
pub unsafe extern "C" fn rinet_mem_realloc(p: *mut c_void, size: usize, flags: u32) -> *mut c_void {
    // SAFETY: the caller passes NULL or a live block.
    let Some(h) = (unsafe { header(p) }) else {
        super::boundary::set_last_error(87);
        return std::ptr::null_mut();
    };
    // SAFETY: a live block's header.
    let old = unsafe { (h as *const usize).read() };
    if flags & RINET_MEM_IN_PLACE != 0 {
        if size > old {
            super::boundary::set_last_error(8);
            return std::ptr::null_mut();
        }
        // SAFETY: shrinking keeps the allocation; only the recorded size changes.
        unsafe { (h as *mut usize).write(size) };
        super::boundary::set_last_error(0);
        return p;
    }
    let Some(total) = size.checked_add(HEADER) else {
        super::boundary::set_last_error(8);
        return std::ptr::null_mut();
    };
    // SAFETY: `h` is a live C allocation; on failure it is left as it was.
    let n = unsafe { libc::realloc(h as *mut c_void, total) } as *mut u8;
    if n.is_null() {
        super::boundary::set_last_error(8);
        return std::ptr::null_mut();
    }
    if flags & RINET_MEM_ZERO != 0 && size > old {
        // SAFETY: the bytes from `old` to `size` of the block are inside the new allocation.
        unsafe { std::ptr::write_bytes(n.add(HEADER + old), 0, size - old) };
    }
    super::boundary::set_last_error(0);
    // SAFETY: `n` holds HEADER + size bytes and already carries the header.
    unsafe { stamp(n, size) }
}

/// Free a block from rinet_mem_alloc, or memory rinet handed to the application to free
/// (the strings of an INTERNET_OPTION_PER_CONNECTION_OPTION query).
///
/// Returns 0 (also for NULL). Errors: 87 (`p` is not such a block; nothing is freed).
/// Callable from any thread; never pends.
#[no_mangle]
pub unsafe extern "C" fn rinet_mem_free(p: *mut c_void) -> u32 {
    // SAFETY: the caller passes NULL or a live block.
    let code = if p.is_null() || unsafe { free(p) } {
        0
    } else {
        87
    };
    super::boundary::set_last_error(code);
    code
}

/// The usable size of a block from rinet_mem_alloc, or SIZE_MAX when `p` is not one.
///
/// Callable from any thread; never pends; never fails.
#[no_mangle]
pub unsafe extern "C" fn rinet_mem_size(p: *const c_void) -> usize {
    // SAFETY: the caller passes NULL or a live block.
    match unsafe { header(p) } {
        // SAFETY: a live block's header.
        Some(h) => unsafe { (h as *const usize).read() },
        None => usize::MAX,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_keep_their_size_and_bytes_and_free_once() {
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let p = unsafe { rinet_mem_alloc(10, RINET_MEM_ZERO) } as *mut u8;
        assert!(!p.is_null());
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(unsafe { rinet_mem_size(p as *const c_void) }, 10);
        // SAFETY: a 10-byte block.
        unsafe {
            assert!(std::slice::from_raw_parts(p, 10).iter().all(|&b| b == 0));
            std::ptr::copy_nonoverlapping(b"0123456789".as_ptr(), p, 10);
        }
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        let q = unsafe { rinet_mem_realloc(p as *mut c_void, 4000, RINET_MEM_ZERO) } as *mut u8;
        assert!(!q.is_null());
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(unsafe { rinet_mem_size(q as *const c_void) }, 4000);
        // SAFETY: a 4000-byte block whose first 10 bytes were kept.
        unsafe {
            assert_eq!(std::slice::from_raw_parts(q, 10), b"0123456789");
            assert!(std::slice::from_raw_parts(q.add(10), 3990)
                .iter()
                .all(|&b| b == 0));
        }
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert!(unsafe { rinet_mem_realloc(q as *mut c_void, 5000, RINET_MEM_IN_PLACE) }.is_null());
        assert_eq!(
            // SAFETY: arguments as the C contract asks (live handles, valid buffers).
            unsafe { rinet_mem_realloc(q as *mut c_void, 3, RINET_MEM_IN_PLACE) },
            q as *mut c_void
        );
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(unsafe { rinet_mem_size(q as *const c_void) }, 3);
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(unsafe { rinet_mem_free(q as *mut c_void) }, 0);
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(unsafe { rinet_mem_free(std::ptr::null_mut()) }, 0);
    }

    #[test]
    fn a_pointer_that_is_not_a_block_is_refused() {
        let mut words = [0usize; 8];
        let inside = words[4..].as_mut_ptr() as *mut c_void;
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(unsafe { rinet_mem_free(inside) }, 87);
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert_eq!(unsafe { rinet_mem_size(inside) }, usize::MAX);
        // SAFETY: arguments as the C contract asks (live handles, valid buffers).
        assert!(unsafe { rinet_mem_realloc(inside, 8, 0) }.is_null());
        assert_eq!(crate::ffi::boundary::last_error(), 87);
    }
}
