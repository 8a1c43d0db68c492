//! Reads YAML spec files into spanned raw documents and validates them into a `model::State` per environment,
//! collecting every problem with its file, line and column.

pub mod diagnostic;
pub mod interpolate;
pub mod load;
mod parallel;
pub mod principal_import;
pub mod raw;
pub mod schema;
pub mod source;
pub mod validate;
pub mod walk;
