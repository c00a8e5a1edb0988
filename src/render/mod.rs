//! Renderers, one module per output format.

pub mod github;
pub mod json;
pub mod sarif;
pub mod table;
