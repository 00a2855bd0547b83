// SPDX-License-Identifier: MIT OR Apache-2.0
//! The request operations the C boundary starts in a session: the lock, the engine call, the
//! notes due on the calling thread, and the wait of a synchronous session, in one place. The
//! boundary checks and converts the arguments, calls [`Shared::run_op`], and turns the
//! [`Outcome`] into WinInet's return code.

use super::engine::{self, Progress};
use super::{HandleId, Shared, State};
use crate::error::Error;

/// How a request operation ended for its caller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// It finished during the call, with this value (a byte count where one applies).
    Now(u32),
    /// It is under way (an asynchronous session): REQUEST_COMPLETE follows.
    Pending,
    /// A synchronous session waited for it; the completion wrote the caller's out-parameters.
    Waited(Result<(), Error>),
    /// The operation failed during the call.
    Failed(Error),
    /// The call was refused before the operation started (the handle is closed, or the wait it
    /// needs cannot happen on this thread).
    Refused(Error),
}

impl Shared {
    /// Run engine operation `op` for request `h` and finish the call: deliver the notes due on
    /// this thread, and, in a synchronous session, wait for a pending operation to complete.
    ///
    /// In a synchronous session, a call that would have to wait fails with 12019 when it is
    /// made from inside a status callback of that same session: the thread running the callback
    /// is the one that would have to deliver the notifications the wait depends on. Made from a
    /// callback of another session, it blocks as any synchronous call does. `always_waits`
    /// marks the calls that cannot finish without waiting (send, send_ex, end); the others are
    /// tried, and a wait is abandoned (a read keeps what it already copied and returns it).
    pub fn run_op(
        &self,
        h: HandleId,
        always_waits: bool,
        op: impl FnOnce(&Shared, &mut State, HandleId) -> Result<Progress, Error>,
    ) -> Outcome {
        let mut st = self.lock();
        if !Shared::is_open(&st, h) {
            return Outcome::Refused(Error::InvalidHandle);
        }
        let nested_sync = !self.is_async && self.in_callback();
        if nested_sync && always_waits {
            return Outcome::Refused(Error::IncorrectHandleState);
        }
        st.api_call = true;
        if let Some(req) = st.req(h) {
            req.started_by = Some(std::thread::current().id());
        }
        let caught =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| op(self, &mut st, h)));
        let mut r = caught.unwrap_or_else(|_| {
            engine::unwind(self, &mut st, h);
            Err(Error::InternalError)
        });
        st.api_call = false;
        // A connection this call finished with may be what a waiting request needs.
        engine::serve_waiters(self, &mut st);
        if nested_sync && r == Ok(Progress::Pending) {
            r = match engine::abandon(&mut st, h) {
                Some(n) if n > 0 => Ok(Progress::Done(n)),
                _ => Err(Error::IncorrectHandleState),
            };
        }
        let st = self.settle(st, h);
        match r {
            Err(e) => Outcome::Failed(e),
            Ok(Progress::Done(v)) => Outcome::Now(v),
            Ok(Progress::Pending) if self.is_async => Outcome::Pending,
            Ok(Progress::Pending) => {
                let (st, r) = self.wait_sync(st, h);
                drop(st);
                Outcome::Waited(r.map(|_| ()))
            }
        }
    }
}
