//! Reads YAML spec files into spanned raw documents and validates them into a `model::State` per environment,
//! collecting every problem with its file, line and column.
