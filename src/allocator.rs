//! The process's memory allocator: mimalloc, asked for plain blocks where
//! the alignment allows it.
//!
//! glibc's malloc took about a fifth of a large build's CPU across rayon's
//! threads; mimalloc's per-thread heaps take a fraction of that. The
//! `mimalloc` crate's own `GlobalAlloc` asks for every block through
//! `mi_malloc_aligned`, whose checks cost more than `mi_malloc` on each of
//! the ten million blocks of a 10,000-event build: asking for plain ones
//! took it from 13.87 to 13.70 G instructions (callgrind). Like Rust's own
//! `System` allocator, this one asks for an aligned block only when the
//! alignment is more than a plain block has.

use libmimalloc_sys as mi;
use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

/// Every block of `mi_malloc` is aligned to this (`MI_MAX_ALIGN_SIZE`),
/// or to its size when that is less (it is then a power of two at least
/// as large as any alignment of a type that size).
const PLAIN_ALIGN: usize = 16;

pub struct Allocator;

/// Whether a plain block of `size` bytes is aligned to `align`.
fn plain(align: usize, size: usize) -> bool {
    align <= PLAIN_ALIGN && align <= size
}

/// A block for `layout` from `plain_block` when a plain one is aligned
/// enough, else from `aligned_block`.
///
/// # Safety
/// The two must be mimalloc's allocation functions of one kind (plain or
/// zeroed).
#[inline]
unsafe fn block(
    layout: Layout,
    plain_block: unsafe extern "C" fn(usize) -> *mut c_void,
    aligned_block: unsafe extern "C" fn(usize, usize) -> *mut c_void,
) -> *mut u8 {
    // SAFETY: mimalloc's allocation functions take any size.
    unsafe {
        if plain(layout.align(), layout.size()) {
            plain_block(layout.size()).cast()
        } else {
            aligned_block(layout.size(), layout.align()).cast()
        }
    }
}

// SAFETY: every block comes from mimalloc and goes back to it; a block is
// aligned as asked, by `plain` or by the aligned call.
unsafe impl GlobalAlloc for Allocator {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: both are mimalloc's, neither zeroes.
        unsafe { block(layout, mi::mi_malloc, mi::mi_malloc_aligned) }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: both are mimalloc's, both zero.
        unsafe { block(layout, mi::mi_zalloc, mi::mi_zalloc_aligned) }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator, so from mimalloc.
        unsafe { mi::mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: `ptr` came from this allocator, so from mimalloc.
        unsafe {
            if plain(layout.align(), new_size) {
                mi::mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}
