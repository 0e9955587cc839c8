//! The `annals` command line: parses arguments and calls the library.

use annals::commands::{self, events::Format, Outcome, Ui};
use annals::import::Format as ImportFormat;
use annals::load::LoadOptions;
use annals::model::Lang;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

// glibc's malloc took about a fifth of a large build's CPU across rayon's
// threads; mimalloc's per-thread heaps take a fraction of that.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "annals",
    version,
    about = "Build bilingual (Chinese/English) encyclopedic timelines into static websites",
    after_help = "Examples:\n  annals check                      check the site in this folder\n  annals build --out /tmp/site      render the website into /tmp/site\n  annals events --lang zh           print the Chinese events as JSON Lines\n  annals import article.txt --out mysite\n"
)]
struct Cli {
    /// The site's folder (the one holding content/)
    #[arg(long, global = true, default_value = ".")]
    root: PathBuf,
    /// Print only errors
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print what each phase did and how long it took
    #[arg(long, short, global = true)]
    verbose: bool,
    /// Include sections marked `draft: true`
    #[arg(long, global = true)]
    drafts: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Load the site, print a summary and every problem (exit 1 on errors)
    Check,
    /// Render the website into a folder (replaced as a whole, only on success)
    Build {
        /// The output folder [default: public under --root]
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Print the structured events
    Events {
        /// Only events in this language (zh or en)
        #[arg(long)]
        lang: Option<Lang>,
        #[arg(long, value_enum, default_value = "jsonl")]
        format: Format,
    },
    /// Build in memory, serve on 127.0.0.1, rebuild and reload pages on every change
    #[command(
        after_help = "Examples:\n  annals serve               http://127.0.0.1:1111/\n  annals serve --port 0 --open\n"
    )]
    Serve {
        /// Port to listen on (0 picks a free one)
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; only loopback unless you say otherwise
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in a browser
        #[arg(long)]
        open: bool,
    },
    /// Create a new bilingual timeline site that builds at once
    #[command(after_help = "Example:\n  annals init mysite && annals build --root mysite\n")]
    Init {
        /// The folder to create
        dir: PathBuf,
    },
    /// Turn an encyclopedic article (plain text or Markdown) into a content tree
    #[command(
        after_help = "Example:\n  annals import article.txt --out mysite && annals check --root mysite\n"
    )]
    Import {
        /// The article: plain text as copied from Baidu Baike, or Markdown
        article: PathBuf,
        /// The new site folder to create
        #[arg(long)]
        out: PathBuf,
        /// The article's format [default: told from its content]
        #[arg(long, value_enum)]
        format: Option<ImportFormat>,
    },
}

fn main() {
    let cli = Cli::parse();
    let options = LoadOptions { drafts: cli.drafts };
    let ui = Ui::for_terminal(cli.quiet, cli.verbose);
    let outcome: Outcome = match &cli.command {
        Command::Check => commands::check::run(&cli.root, &options, &ui),
        Command::Build { out } => commands::build::run(&cli.root, &options, out.as_deref(), &ui),
        Command::Events { lang, format } => {
            commands::events::run(&cli.root, &options, *lang, *format, &ui)
        }
        Command::Serve { port, bind, open } => {
            commands::serve::run(&cli.root, options.clone(), *bind, *port, *open, &ui)
        }
        Command::Init { dir } => commands::init::run(dir, &ui),
        Command::Import {
            article,
            out,
            format,
        } => commands::import::run(article, out, *format, &ui),
    };
    std::process::exit(outcome.exit_code());
}
