//! Renderers, one module per output format.

pub mod chart;
pub mod csv;
pub mod github;
pub mod html;
pub mod html_factsheet;

pub mod json;
mod labels;
pub mod markdown;
pub mod messages;
pub mod region;
pub mod sarif;
pub mod story;
pub mod table;
