//! Fuzzes the YAML reader: any input must give a value or an error, never a
//! panic, a hang or a stack overflow, through every entry point.
#![no_main]

use deltallm_render::values::yaml;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else { return };
    let _ = yaml::parse_values("f.yaml", src);
    let _ = yaml::load_values("f.yaml", src);
    let _ = yaml::parse_stream("f.yaml", src);
    if let Ok((value, positions)) = yaml::parse_values_with_positions("f.yaml", src) {
        // Every recorded position lies inside the input, or just past its
        // end for an empty node there (`---` alone). A lone `\r` is a line
        // break in YAML too.
        let lines = src.matches('\n').count() + src.matches('\r').count() + 1;
        for (_, mark) in positions.iter() {
            assert!(mark.line >= 1 && mark.line <= lines + 1, "{mark:?}");
        }
        assert!(matches!(value, deltallm_render::values::Value::Map(_)));
    }
});
