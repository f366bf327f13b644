//! Chart loading (Helm's `pkg/chart/loader`): directories, packaged `.tgz`
//! archives, `.helmignore`, and the DeltaLLM chart compiled into the binary.

pub mod embedded;
