fn main() {
    let code = match zjlint::cli::parse_args(std::env::args_os()) {
        Ok(cli) => zjlint::cli::run(cli),
        Err(code) => code,
    };
    std::process::exit(code);
}
