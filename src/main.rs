fn main() -> std::process::ExitCode {
    porthunt::cli::main()
}
