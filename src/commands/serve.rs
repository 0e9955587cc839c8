//! `annals serve`: build in memory, serve on loopback, rebuild on change.

use super::{Outcome, Ui};
use crate::load::LoadOptions;
use crate::serve::{self, ServeOptions};
use std::net::{IpAddr, SocketAddr};
use std::path::Path;

pub fn run(
    root: &Path,
    load: LoadOptions,
    bind: IpAddr,
    port: u16,
    open: bool,
    ui: &Ui,
) -> Outcome {
    let options = ServeOptions {
        addr: SocketAddr::new(bind, port),
        load,
        ui: ui.clone(),
    };
    match serve::run(root, options, open) {
        Ok(()) => Outcome::Success,
        Err(message) => {
            ui.error(message, None);
            Outcome::ContentErrors
        }
    }
}
