//! `marco search ...`: the retriever on the command line.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::Args;
use search::{BackendKind, ENV_VARS, Passage, Query, Report, Search, SearchConfig};

#[derive(Args)]
#[command(after_long_help = help_backends())]
pub struct SearchArgs {
    /// What to look for, e.g. "faster hashing for integer keys". May be
    /// omitted with --code.
    query: Option<String>,
    /// Build the searches from this Rust file (nested loops, allocation in
    /// loops, hashing, sorting, recursion, string building ...).
    #[arg(long, value_name = "FILE.rs")]
    code: Option<PathBuf>,
    /// A backend to ask (repeatable, or comma-separated). Default: every
    /// network backend that is configured, with the offline base as fallback.
    #[arg(long = "backend", value_name = "NAME", value_delimiter = ',')]
    backends: Vec<String>,
    /// Ask only the offline knowledge base (same as --backend offline).
    #[arg(long, conflicts_with = "backends")]
    offline: bool,
    /// How many passages to print.
    #[arg(long, value_name = "N", default_value_t = 5, value_parser = clap::value_parser!(u16).range(1..=100))]
    limit: u16,
    /// Print the whole report as JSON.
    #[arg(long)]
    json: bool,
    /// Neither read nor write the answer cache.
    #[arg(long)]
    no_cache: bool,
}

fn help_backends() -> String {
    let mut help = String::from("Backends (--backend NAME):\n");
    let about = [
        (BackendKind::Arxiv, "arXiv API, preprints (no key; one request per 3 s)"),
        (
            BackendKind::SemanticScholar,
            "Semantic Scholar Graph API, papers (no key needed; SEMANTIC_SCHOLAR_API_KEY raises limits)",
        ),
        (
            BackendKind::OpenAlex,
            "OpenAlex works, papers with abstracts (no key; MARCO_CONTACT_EMAIL joins the polite pool)",
        ),
        (BackendKind::Tavily, "Tavily web search (needs TAVILY_API_KEY; domains from MARCO_TAVILY_DOMAINS)"),
        (BackendKind::Searxng, "a SearxNG instance's JSON API (needs MARCO_SEARXNG_URL)"),
        (
            BackendKind::DuckDuckGo,
            "DuckDuckGo's HTML results (no key); the best pages are fetched and cut into passages",
        ),
        (BackendKind::Offline, "the embedded knowledge base; no network"),
    ];
    for (kind, text) in about {
        let _ = writeln!(help, "  {}\n      {text}", kind.name());
    }
    help.push_str("\nEnvironment:\n");
    for (name, text) in ENV_VARS {
        let _ = writeln!(help, "  {name}\n      {text}");
    }
    help.push_str(
        "\nAnswers are cached per backend and search (default a week). Requests name marco in their\n\
         User-Agent, are spaced per host, time out, and are retried with backoff on 429 and 5xx.\n\
         Set MARCO_LOG=debug to watch them.",
    );
    help
}

pub fn execute(args: SearchArgs) -> Result<ExitCode> {
    let mut config = SearchConfig::from_env();
    if args.no_cache {
        config.cache_dir = None;
    }
    let kinds = chosen_backends(&args, &config)?;
    let text = args.query.clone().unwrap_or_default();
    let mut query = Query::new(text.clone());
    if let Some(path) = &args.code {
        let code = std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
        query = query.with_code(code);
        if query.is_empty() {
            bail!("found nothing in {} that suggests a search; add a QUERY", path.display());
        }
    }
    if text.trim().is_empty() && args.code.is_none() {
        bail!("nothing to search for: give a QUERY, or --code FILE.rs");
    }
    let search = Search::new(&kinds, &config).context("cannot set up the search")?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    let report = runtime.block_on(search.search(&query, usize::from(args.limit)));
    let output = if args.json { serde_json::to_string_pretty(&report)? + "\n" } else { render(&report) };
    write_stdout(&output)?;
    Ok(ExitCode::SUCCESS)
}

/// Writes to stdout; a reader that stops early (`| head`) is not an error.
fn write_stdout(text: &str) -> Result<()> {
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(text.as_bytes()).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.context("cannot write to stdout"),
    }
}

fn chosen_backends(args: &SearchArgs, config: &SearchConfig) -> Result<Vec<BackendKind>> {
    if args.offline {
        return Ok(vec![BackendKind::Offline]);
    }
    if args.backends.is_empty() {
        return Ok(BackendKind::available(config));
    }
    let mut kinds = Vec::new();
    for name in &args.backends {
        let kind: BackendKind = name.parse()?;
        if !kinds.contains(&kind) {
            kinds.push(kind);
        }
    }
    Ok(kinds)
}

fn render(report: &Report) -> String {
    let mut out = String::new();
    if report.searches.len() > 1 {
        let _ = writeln!(out, "searches:");
        for (i, s) in report.searches.iter().enumerate() {
            let _ = writeln!(out, "  {}. {s}", i + 1);
        }
    }
    let statuses: Vec<String> = report
        .backends
        .iter()
        .map(|b| match &b.error {
            None => format!("{} answered ({} passages)", b.backend, b.passages),
            Some(error) => {
                let why = error.strip_prefix(&format!("{}: ", b.backend)).unwrap_or(error);
                format!("{} failed: {why}", b.backend)
            }
        })
        .collect();
    let _ = writeln!(out, "backends:\n  {}", statuses.join("\n  "));
    if let Some(note) = &report.note {
        let _ = writeln!(out, "note: {note}");
    }
    if report.passages.is_empty() {
        let _ = writeln!(out, "\nno passages found");
    }
    for (i, passage) in report.passages.iter().enumerate() {
        render_passage(&mut out, i + 1, passage);
    }
    out
}

fn render_passage(out: &mut String, rank: usize, passage: &Passage) {
    // A technique's text starts with its title; other passages are headed
    // by their source's title.
    let (heading, body_from) = match &passage.technique {
        Some(id) => (format!("{} [{id}]", passage.text.lines().next().unwrap_or_default()), 1),
        None => (passage.source.title.clone(), 0),
    };
    let _ =
        writeln!(out, "\n{rank}. {}  (score {:.3}, {})", shorten(&heading, 110), passage.score, passage.source.backend);
    let _ = writeln!(out, "   source: {}", passage.source.citation());
    for also in &passage.see_also {
        let _ = writeln!(out, "   see also: {}", also.citation());
    }
    for line in passage.text.lines().skip(body_from) {
        let _ = writeln!(out, "   | {line}");
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max).collect::<String>())
    }
}
