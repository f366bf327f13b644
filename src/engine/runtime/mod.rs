//! The runtime the compiled templates call into: Go's values, printing,
//! field access and function calling.

pub mod call;
pub mod error;
pub mod field;
pub mod json;
pub mod nodes;
pub mod print;
pub mod value;

/// Which Helm to reproduce where Helm 3.17 and 4.1 differ: error layout and
/// wording (Helm 4 is built with a newer Go), the default Kubernetes
/// version, Go 1.22's range over integers, values files with several
/// documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum HelmCompat {
    Helm3,
    #[default]
    Helm4,
}

impl HelmCompat {
    /// The parser's rules for this Helm's Go version.
    pub fn parse_options(self) -> super::parse::ParseOptions {
        match self {
            HelmCompat::Helm3 => super::parse::ParseOptions::HELM3,
            HelmCompat::Helm4 => super::parse::ParseOptions::HELM4,
        }
    }
}
