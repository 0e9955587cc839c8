//! English date expressions.
use super::{DateContext, DateError, ParsedDate};

pub fn parse_opener(_text: &str, _ctx: &DateContext) -> Option<Result<ParsedDate, DateError>> {
    None
}
