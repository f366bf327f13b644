fn main() {
    std::process::exit(deltallm_render::cli::run());
}
