//! Placeholder until the generator lands (being written now).

#[derive(clap::Args, Debug)]
pub struct SimulateArgs {}

pub fn run(_args: &SimulateArgs) -> Result<(), String> {
    Err("simulate is not built yet".into())
}
