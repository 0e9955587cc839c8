//! The `annals` command line: parses arguments and calls the library.

use annals::commands::{self, events::Format, Outcome, Ui};
use annals::import::Format as ImportFormat;
use annals::load::LoadOptions;
use annals::model::Lang;
use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

#[global_allocator]
static ALLOCATOR: annals::allocator::Allocator = annals::allocator::Allocator;

#[derive(Parser)]
#[command(
    name = "annals",
    version,
    about = "Build bilingual (Chinese/English) encyclopedic timelines into static websites",
    after_help = "Examples:\n  annals check                      check the site in this folder\n  annals build --out /tmp/site      render the website into /tmp/site\n  annals serve --root mysite        preview mysite, reloaded on every save\n  annals events --lang zh           print the Chinese events as JSON Lines\n  annals init mysite                start a new site\n  annals import article.txt --out mysite\n  annals eject --root mysite        copy the built-in templates into mysite to change them\n"
)]
struct Cli {
    /// The site's folder, for check, build, events, serve and eject (also
    /// accepted after the command)
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Include sections marked `draft: true` (check, build, events, serve)
    #[arg(long)]
    drafts: bool,
    /// Print only errors
    #[arg(long, short, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Also print each phase of the command and how long it took
    #[arg(long, short, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

/// The options of the commands that read a site.
#[derive(Args)]
struct SiteArgs {
    /// The site's folder (the one holding content/) [default: .]
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
    /// Include sections marked `draft: true`
    #[arg(long)]
    drafts: bool,
}

/// The site's folder only, for commands that load no content.
#[derive(Args)]
struct RootArg {
    /// The site's folder (the one holding content/) [default: .]
    #[arg(long, value_name = "DIR")]
    root: Option<PathBuf>,
}

#[derive(Subcommand)]
enum Command {
    /// Load the site, print a summary and every problem (exit 1 on errors)
    #[command(
        after_help = "Examples:\n  annals check --root mysite\n  annals check --explain 2025-01-27-breakthrough   how that event was paired with its translation\n"
    )]
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Show how the event with this id was paired (or why it was not)
        #[arg(long, value_name = "ID")]
        explain: Option<String>,
    },
    /// Render the website into a folder (replaced as a whole, only on success)
    #[command(
        after_help = "Examples:\n  annals build --root mysite --out /tmp/mysite\n  annals build --base-url https://example.org/history/   for that host, whatever site.yaml says\n"
    )]
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// The output folder [default: public under the site's folder]
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
        /// The address the site is served from, in place of site.yaml's base_url
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// Print the structured events
    #[command(after_help = "Example:\n  annals events --lang en --format json > events.json\n")]
    Events {
        #[command(flatten)]
        site: SiteArgs,
        /// Only events in this language (zh or en)
        #[arg(long)]
        lang: Option<Lang>,
        /// jsonl: one JSON object per line; json: one array
        #[arg(long, value_enum, default_value = "jsonl")]
        format: Format,
    },
    /// Build in memory, serve on 127.0.0.1, rebuild and reload pages on every change
    #[command(
        after_help = "Examples:\n  annals serve               http://127.0.0.1:1111/\n  annals serve --port 0 --open\n"
    )]
    Serve {
        #[command(flatten)]
        site: SiteArgs,
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
    /// Copy the built-in templates, interface strings and static files into
    /// the site, to change them there
    #[command(
        after_help = "Example:\n  annals eject --root mysite     writes mysite/templates/… and mysite/static/…\n\nA site's files replace the built-in ones file by file; delete those you do not change.\n"
    )]
    Eject {
        #[command(flatten)]
        root: RootArg,
        /// Overwrite files the site already has
        #[arg(long)]
        force: bool,
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

impl Cli {
    /// The site's folder: after the command, else before it, else here.
    fn root(&self, after: &Option<PathBuf>) -> PathBuf {
        after
            .as_ref()
            .or(self.root.as_ref())
            .cloned()
            .unwrap_or_else(|| PathBuf::from("."))
    }

    fn load_options(&self, site: &SiteArgs) -> LoadOptions {
        LoadOptions {
            drafts: self.drafts || site.drafts,
            base_url: None,
        }
    }
}

fn main() {
    let cli = Cli::parse();
    let ui = Ui::for_terminal(cli.quiet, cli.verbose);
    let outcome: Outcome = match &cli.command {
        Command::Check { site, explain } => {
            let root = cli.root(&site.root);
            let ui = ui.reading_from(&root);
            commands::check::run(&root, &cli.load_options(site), explain.as_deref(), &ui)
        }
        Command::Build {
            site,
            out,
            base_url,
        } => {
            let root = cli.root(&site.root);
            let ui = ui.reading_from(&root);
            let options = LoadOptions {
                base_url: base_url.clone(),
                ..cli.load_options(site)
            };
            commands::build::run(&root, &options, out.as_deref(), &ui)
        }
        Command::Events { site, lang, format } => {
            let root = cli.root(&site.root);
            let ui = ui.reading_from(&root);
            commands::events::run(&root, &cli.load_options(site), *lang, *format, &ui)
        }
        Command::Serve {
            site,
            port,
            bind,
            open,
        } => {
            let root = cli.root(&site.root);
            let ui = ui.reading_from(&root);
            commands::serve::run(&root, cli.load_options(site), *bind, *port, *open, &ui)
        }
        Command::Init { dir } => commands::init::run(dir, &ui),
        Command::Eject { root, force } => commands::eject::run(&cli.root(&root.root), *force, &ui),
        Command::Import {
            article,
            out,
            format,
        } => commands::import::run(article, out, *format, &ui),
    };
    std::process::exit(outcome.exit_code());
}
