//! The `huanjie` command: see [`huanjie::cli`].

fn main() -> std::process::ExitCode {
    huanjie::cli::main()
}
