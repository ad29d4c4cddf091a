use clap::Parser;

fn main() {
    let cli = zjlint::cli::Cli::parse();
    std::process::exit(zjlint::cli::run(cli));
}
