//! Fuzzes the Go-template parser (`engine::parse`): any input must give a
//! tree set or a Go-style error, never a panic or a hang, and every tree
//! must print (`to_go_string`) to a template that parses back to itself.
//!
//! Run (nightly toolchain, from the repo root):
//!   cargo +nightly fuzz run parse_template -- -max_total_time=600
//! A dictionary of template tokens speeds it up:
//!   cargo +nightly fuzz run parse_template -- -dict=fuzz/parse_template.dict
//! Without nightly, `FUZZ_SECONDS=600 cargo test --release --test
//! template_parse fuzz_parse_never_panics` runs the seeded equivalent.
#![no_main]

use deltallm_render::engine::parse::{ListNode, Node, ParseOptions, parse_with};
use libfuzzer_sys::fuzz_target;

/// A Helm-like function set: a few names defined, the rest not.
fn funcs(name: &str) -> bool {
    matches!(
        name,
        "include" | "tpl" | "default" | "dict" | "list" | "quote" | "toYaml"
    )
}

/// Whether some text ends in `{`: then the reprint can fuse it with a
/// following `{` or action into a new `{{`, so (as with Go's `String()`) it
/// is not a faithful round trip.
fn fusable(list: &ListNode) -> bool {
    list.nodes.iter().any(|n| match n {
        Node::Text(t) => t.text.ends_with('{'),
        Node::If(b) | Node::Range(b) | Node::With(b) => {
            fusable(&b.list) || b.else_list.as_ref().is_some_and(fusable)
        }
        _ => false,
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(src) = std::str::from_utf8(data) else {
        return;
    };
    for opts in [ParseOptions::HELM3, ParseOptions::HELM4] {
        match parse_with("f", src, &funcs, opts) {
            Ok(set) => {
                for (name, tree) in &set.trees {
                    let printed = tree.to_go_string();
                    let again = parse_with(name, &printed, &funcs, opts);
                    if !fusable(&tree.root) {
                        let again = again.unwrap_or_else(|e| {
                            panic!("reprint of {name} fails: {e}\n{printed:?}")
                        });
                        assert_eq!(again.trees[name.as_str()].to_go_string(), printed);
                    }
                }
            }
            Err(e) => {
                assert!(e.line >= 1, "line 0 in {e}");
                let _ = e.helm_message();
            }
        }
    }
});
