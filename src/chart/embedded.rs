//! The DeltaLLM chart and profiles as compiled into the binary by `build.rs`.

include!(concat!(env!("OUT_DIR"), "/embedded.rs"));

/// Files under `prefix` (`"chart/"` or `"profiles/"`), with the prefix removed.
pub fn files_under(prefix: &str) -> impl Iterator<Item = (&'static str, &'static [u8])> + '_ {
    FILES
        .iter()
        .filter_map(move |(path, data)| path.strip_prefix(prefix).map(|rel| (rel, *data)))
}
