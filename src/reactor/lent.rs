// SPDX-License-Identifier: MIT OR Apache-2.0
//! Memory the application lends to an operation: the buffer of a read or a write, and the DWORD
//! an operation's byte count goes to.
//!
//! WinInet's rule is that such memory stays valid until the operation completes: at once, or at
//! its REQUEST_COMPLETE, or at its cancellation, which drops the loan before HANDLE_CLOSING is
//! delivered. The C boundary takes the loan ([`Lent::new`], [`Out::new`]), the only place the
//! caller's promise is accepted; from there the engine uses the safe methods below, which check
//! every range against the length lent. This module is the only one of the engine that
//! dereferences the application's memory.

/// A caller's buffer of `len` bytes, lent until the operation holding it completes or is
/// cancelled.
#[derive(Debug, Clone, Copy)]
pub struct Lent {
    ptr: *mut u8,
    len: usize,
}

// SAFETY: the memory is only touched under the session lock, while the operation that owns the
// loan is pending (see the module's rule); the pointer itself is not tied to a thread.
unsafe impl Send for Lent {}

impl Lent {
    /// No buffer: an operation that moves no bytes.
    pub const NONE: Lent = Lent {
        ptr: std::ptr::null_mut(),
        len: 0,
    };

    /// Take the loan of `len` bytes at `ptr`.
    ///
    /// # Safety
    /// When `len` > 0, `ptr` points to `len` bytes that may be read and written and that stay
    /// valid, and are not touched by the application, until the operation completes or is
    /// cancelled. (A write's buffer is only read.)
    pub unsafe fn new(ptr: *mut u8, len: usize) -> Lent {
        if len == 0 {
            return Lent::NONE;
        }
        Lent { ptr, len }
    }

    /// The number of bytes lent.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when no bytes are lent.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The lent bytes from `at` to the end, to read (what a write sends).
    pub fn tail(&self, at: usize) -> &[u8] {
        if at >= self.len {
            return &[];
        }
        // SAFETY: `at < len`, and the loan covers `len` readable bytes (see `new`).
        unsafe { std::slice::from_raw_parts(self.ptr.add(at), self.len - at) }
    }

    /// `n` lent bytes from `at`, to fill (a read straight from the socket). `n` is cut to what
    /// is lent.
    pub fn window(&mut self, at: usize, n: usize) -> &mut [u8] {
        if at >= self.len {
            return &mut [];
        }
        let n = n.min(self.len - at);
        // SAFETY: `at + n <= len`, and the loan covers `len` writable bytes that nothing else
        // touches while the operation is pending (see `new`).
        unsafe { std::slice::from_raw_parts_mut(self.ptr.add(at), n) }
    }

    /// Copy `src` into the lent bytes from `at`; returns how many fit.
    pub fn put(&mut self, at: usize, src: &[u8]) -> usize {
        let dst = self.window(at, src.len());
        let n = dst.len();
        dst.copy_from_slice(&src[..n]);
        n
    }
}

/// A caller's DWORD out-parameter (NULL allowed), written when its operation completes.
#[derive(Debug, Clone, Copy)]
pub struct Out(*mut u32);

// SAFETY: as for `Lent`: written only under the session lock while its operation is pending.
unsafe impl Send for Out {}

impl Out {
    /// Take the loan of the DWORD at `ptr`.
    ///
    /// # Safety
    /// `ptr` is NULL, or points to 4 writable bytes (any alignment) that stay valid until the
    /// operation completes or is cancelled.
    pub unsafe fn new(ptr: *mut u32) -> Out {
        Out(ptr)
    }

    /// Store `v` if the pointer is not NULL.
    pub fn set(self, v: u32) {
        if !self.0.is_null() {
            // SAFETY: non-NULL and valid while the operation is pending (see `new`).
            unsafe { self.0.write_unaligned(v) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_cut_to_the_loan() {
        let mut mem = [0u8; 8];
        // SAFETY: `mem` outlives the loan and is not touched while it is held.
        let mut lent = unsafe { Lent::new(mem.as_mut_ptr(), mem.len()) };
        assert_eq!(lent.put(6, b"abcd"), 2);
        assert_eq!(lent.put(8, b"x"), 0);
        assert_eq!(lent.put(0, b"xy"), 2);
        assert_eq!(lent.window(7, 100).len(), 1);
        assert!(lent.window(9, 1).is_empty());
        assert_eq!(lent.tail(5), &[0, b'a', b'b']);
        assert!(lent.tail(8).is_empty());
        assert_eq!(&mem, b"xy\0\0\0\0ab");
    }

    #[test]
    fn an_empty_loan_touches_nothing() {
        // SAFETY: a zero-length loan is never dereferenced, whatever the pointer.
        let mut lent = unsafe { Lent::new(std::ptr::dangling_mut::<u8>(), 0) };
        assert!(lent.is_empty());
        assert_eq!(lent.put(0, b"abc"), 0);
        assert!(lent.tail(0).is_empty());
        let mut v = 7u32;
        // SAFETY: `v` outlives the loan.
        unsafe { Out::new(&mut v) }.set(9);
        // SAFETY: a NULL out-parameter is never written.
        unsafe { Out::new(std::ptr::null_mut()) }.set(1);
        assert_eq!(v, 9);
    }
}
