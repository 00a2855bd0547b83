// SPDX-License-Identifier: MIT OR Apache-2.0
//! The panic guard and the thread's last error.

use std::cell::Cell;
use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::error::{Error, IO_PENDING, SUCCESS};

thread_local! {
    static LAST_ERROR: Cell<u32> = const { Cell::new(0) };
}

/// What an export achieved when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Done {
    /// Finished (0).
    Now,
    /// Under way (997, ERROR_IO_PENDING): REQUEST_COMPLETE follows.
    Pending,
}

/// Run an export's body: catch any panic (ERROR_INTERNET_INTERNAL_ERROR), map the outcome to
/// its WinInet code, store the code as the thread's last error, and return it.
pub fn guard(f: impl FnOnce() -> Result<Done, Error>) -> u32 {
    let code = match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(Done::Now)) => SUCCESS,
        Ok(Ok(Done::Pending)) => IO_PENDING,
        Ok(Err(e)) => e.code(),
        Err(_) => Error::InternalError.code(),
    };
    set_last_error(code);
    code
}

/// The calling thread's last error.
pub fn last_error() -> u32 {
    LAST_ERROR.with(Cell::get)
}

/// Set the calling thread's last error.
pub fn set_last_error(code: u32) {
    LAST_ERROR.with(|c| c.set(code));
}
