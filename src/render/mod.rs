//! Renderers, one module per output format.

pub mod csv;
pub mod github;
pub mod json;
pub mod markdown;
pub mod sarif;
pub mod table;
