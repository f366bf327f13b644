//! The runtime the compiled templates call into: Go's values, printing,
//! field access and function calling.

pub mod call;
pub mod error;
pub mod field;
pub mod nodes;
pub mod print;
pub mod value;
