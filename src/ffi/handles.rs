// SPDX-License-Identifier: MIT OR Apache-2.0
//! The process-wide handle table.
//!
//! A handle value packs a slot index and the slot's generation. The generation changes each
//! time a slot is freed, so a closed handle, or a value nobody was given, misses the lookup and
//! gets ERROR_INVALID_HANDLE. rinet never dereferences a handle value.

use std::sync::{Arc, Mutex};

use crate::error::Error;
use crate::reactor::{HandleId, Kind, Shared};

/// What a live handle refers to.
#[derive(Clone)]
pub struct Entry {
    pub kind: Kind,
    pub session: Arc<Shared>,
}

struct Slot {
    gen: u32,
    entry: Option<Entry>,
    reserved: bool,
}

struct Table {
    slots: Vec<Slot>,
    free: Vec<usize>,
}

static TABLE: Mutex<Table> = Mutex::new(Table {
    slots: Vec::new(),
    free: Vec::new(),
});

#[cfg(target_pointer_width = "64")]
const INDEX_BITS: u32 = 32;
#[cfg(not(target_pointer_width = "64"))]
const INDEX_BITS: u32 = 20;
const INDEX_MASK: usize = (1usize << INDEX_BITS) - 1;
const GEN_MASK: u32 = if INDEX_BITS == 32 {
    u32::MAX
} else {
    (1u32 << (usize::BITS - INDEX_BITS)) - 1
};

fn encode(index: usize, gen: u32) -> HandleId {
    ((gen as usize) << INDEX_BITS) | (index + 1)
}

fn decode(h: HandleId) -> Option<(usize, u32)> {
    let index = (h & INDEX_MASK).checked_sub(1)?;
    let gen = ((h >> INDEX_BITS) as u32) & GEN_MASK;
    (gen != 0).then_some((index, gen))
}

fn table() -> std::sync::MutexGuard<'static, Table> {
    TABLE.lock().unwrap_or_else(|e| e.into_inner())
}

/// Reserve a handle value whose entry is filled in later by [`fill`] (a session needs its value
/// before its state exists).
pub fn reserve() -> Result<HandleId, Error> {
    let mut t = table();
    let index = match t.free.pop() {
        Some(i) => i,
        None => {
            if t.slots.len() >= INDEX_MASK {
                return Err(Error::NotEnoughMemory);
            }
            t.slots.push(Slot {
                gen: 1,
                entry: None,
                reserved: false,
            });
            t.slots.len() - 1
        }
    };
    let slot = &mut t.slots[index];
    slot.reserved = true;
    Ok(encode(index, slot.gen))
}

/// Fill a reserved handle.
pub fn fill(h: HandleId, entry: Entry) {
    if let Some((index, gen)) = decode(h) {
        let mut t = table();
        if let Some(slot) = t.slots.get_mut(index) {
            if slot.gen == gen && slot.reserved {
                slot.entry = Some(entry);
            }
        }
    }
}

/// A new handle for `entry`.
pub fn insert(entry: Entry) -> Result<HandleId, Error> {
    let h = reserve()?;
    fill(h, entry);
    Ok(h)
}

/// The entry of a live handle; ERROR_INVALID_HANDLE for NULL, closed, stale or made-up values.
pub fn lookup(h: HandleId) -> Result<Entry, Error> {
    let (index, gen) = decode(h).ok_or(Error::InvalidHandle)?;
    let t = table();
    match t.slots.get(index) {
        Some(slot) if slot.gen == gen => slot.entry.clone().ok_or(Error::InvalidHandle),
        _ => Err(Error::InvalidHandle),
    }
}

/// Invalidate a handle value and free its slot (its generation moves on).
pub fn remove(h: HandleId) -> Option<Entry> {
    let (index, gen) = decode(h)?;
    let mut t = table();
    let slot = t.slots.get_mut(index)?;
    if slot.gen != gen || !slot.reserved {
        return None;
    }
    let entry = slot.entry.take();
    slot.reserved = false;
    slot.gen = (slot.gen + 1) & GEN_MASK;
    if slot.gen == 0 {
        slot.gen = 1;
    }
    t.free.push(index);
    entry
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forged_and_small_values_miss() {
        for v in [0usize, 1, 2, 3, 0x1234, usize::MAX] {
            assert!(matches!(lookup(v), Err(Error::InvalidHandle)), "{v:#x}");
        }
    }

    #[test]
    fn reused_slot_has_new_generation() {
        let a = reserve().unwrap();
        remove(a);
        let b = reserve().unwrap();
        assert_ne!(a, b);
        remove(b);
        assert!(remove(b).is_none());
    }
}
