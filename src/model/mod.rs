//! The plain data model every other part of annals reads: a loaded site is
//! sections holding prose and dated events, plus products and references.

pub mod date;
pub mod lang;
pub mod localized;
pub mod site;

pub use date::{DatePoint, DateSpec, InvalidDate, Period, Precision, Qualifier, TimeOfDay};
pub use lang::Lang;
pub use localized::Localized;
pub use site::{
    is_safe_url, BodyBlock, CitationRun, CitedText, Config, Event, EventId, Fact, FactEvent,
    Product, ProductKind, Reference, Section, SectionId, SectionText, Site, SourcePos, TextKind,
    TimelineCount,
};
