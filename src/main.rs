fn main() {
    println!("deltallm-render: under construction");
}
