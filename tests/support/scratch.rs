// SPDX-License-Identifier: MIT OR Apache-2.0
//! Scratch directories for what a test writes (programs it builds, sources it generates,
//! configuration of the daemons it starts). Each one is new and belongs to one call of one test:
//! its name holds the process id and a count kept by the process, so tests running at once (in
//! one process or in several) never write the same path. A directory is removed when dropped;
//! when its test is failing it is kept, and its path printed, for a look at what was there.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// A new, empty directory under the cargo target's temporary directory.
pub struct Scratch {
    path: PathBuf,
}

impl Scratch {
    /// Creates `<target tmp>/<what>/<pid>-<n>`. Panics if it cannot.
    pub fn new(what: &str) -> Scratch {
        static N: AtomicUsize = AtomicUsize::new(0);
        let path = Path::new(env!("CARGO_TARGET_TMPDIR"))
            .join(what)
            .join(format!(
                "{}-{}",
                std::process::id(),
                N.fetch_add(1, Ordering::Relaxed)
            ));
        // A directory of this name can only be left over from an earlier process that had the
        // same id: nothing running uses it.
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap_or_else(|e| panic!("create {}: {e}", path.display()));
        Scratch { path }
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A path inside the directory.
    pub fn join(&self, name: impl AsRef<Path>) -> PathBuf {
        self.path.join(name)
    }
}

impl std::ops::Deref for Scratch {
    type Target = Path;
    fn deref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<Path> for Scratch {
    fn as_ref(&self) -> &Path {
        &self.path
    }
}

impl AsRef<std::ffi::OsStr> for Scratch {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.path.as_os_str()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        if std::thread::panicking() {
            eprintln!("test files kept in {}", self.path.display());
        } else {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}
