//! deltallm-render: a Helm-compatible chart renderer that ships the DeltaLLM chart.
//!
//! The modules follow Helm's own package map; see ARCHITECTURE.md for the flow
//! of data from flags to the manifest stream.

pub mod action;
pub mod chart;
pub mod cli;
pub mod diff;
pub mod engine;
pub mod funcs;
pub mod lint;
pub mod parallel;
pub mod postrender;
pub mod release;
pub mod snapshot;
pub mod values;
