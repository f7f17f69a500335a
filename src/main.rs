fn main() -> std::process::ExitCode {
    overturn::cli::main()
}
