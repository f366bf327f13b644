//! Named templates that `tpl` text defines (`{{ define "x" }}` inside the
//! string given to `tpl`). Helm parses that text into a copy of the
//! chart's template set, so its definitions are visible to everything the
//! `tpl` call runs (including chart templates it includes), override the
//! chart's own for that call, and vanish when the call returns.
//!
//! They live in a thread-local stack of scopes, one per running `tpl`,
//! consulted by [`super::render::execute_named`] before the environment.

use std::cell::RefCell;
use std::collections::BTreeMap;

thread_local! {
    static SCOPES: RefCell<Vec<BTreeMap<String, String>>> = const { RefCell::new(Vec::new()) };
}

/// Runs `body` with `defines` (name → compiled minijinja source) in scope.
pub fn with_defines<R>(defines: BTreeMap<String, String>, body: impl FnOnce() -> R) -> R {
    /// Pops the scope however `body` ends.
    struct Pop;
    impl Drop for Pop {
        fn drop(&mut self) {
            SCOPES.with(|s| s.borrow_mut().pop());
        }
    }
    SCOPES.with(|s| s.borrow_mut().push(defines));
    let _pop = Pop;
    body()
}

/// The compiled source of `name` if a running `tpl` defined it; the
/// innermost call's definition wins.
pub fn lookup(name: &str) -> Option<String> {
    SCOPES.with(|s| s.borrow().iter().rev().find_map(|d| d.get(name).cloned()))
}
