//! annals: a static site generator for bilingual encyclopedic timelines.
//!
//! The pipeline: [`load`] reads `content/` into the plain data model of
//! [`model`]; [`export`] turns events into records for other tools;
//! [`output`] writes folders atomically; [`render`] turns a site into a
//! static website; [`text`] holds the script and escaping rules they
//! share. [`commands`] are the CLI's verbs; [`allocator`] is the memory
//! allocator the binary uses.

pub mod allocator;
pub mod commands;
pub mod diagnostics;
pub mod export;
pub mod import;
pub mod load;
pub mod model;
pub mod output;
pub mod render;
pub mod serve;
pub mod text;
