/// See ARCHITECTURE.md (dependencies): fewer instructions per render than
/// glibc's malloc, without raising peak memory.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(deltallm_render::cli::run());
}
