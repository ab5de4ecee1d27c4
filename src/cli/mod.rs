//! The command line: parses arguments into checked configurations, runs the
//! command, and turns the outcome into an exit code.
//!
//! Exit codes: 0 the run completed (with or without alerts); 1 alerts were found
//! and `--fail-on-alert` was given; 2 usage, rule or output error; 3 an input
//! could not be read, lacks a column the rule needs, or (with `--strict`) holds
//! a bad record.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::app::hunt::{HuntConfig, Reference, hunt};
use crate::event::Timestamp;
use crate::rule::{self, FIELDS};
use crate::simulate;
use crate::sink::{AlertMeta, OutputFormat, make_sink, write_all};
use crate::source::{Input, Origin, input};

pub const EXIT_ALERTS: u8 = 1;
pub const EXIT_USAGE: u8 = 2;
pub const EXIT_INPUT: u8 = 3;

#[derive(Parser, Debug)]
#[command(
    name = "porthunt",
    version,
    about = "Find command-and-control traffic hiding on common ports"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run a detection profile over exported telemetry.
    Hunt(HuntArgs),
    /// Run the published T1043 query on the bundled sample (a quick look).
    Demo,
    /// Write realistic, labelled Defender exports for tests and benchmarks.
    Simulate(simulate::SimulateArgs),
    /// List the built-in profiles, or print one's documentation.
    Rules {
        /// A profile id to explain.
        id: Option<String>,
    },
    /// List the canonical fields rules can use.
    Fields,
}

#[derive(Args, Debug)]
struct HuntArgs {
    /// Files, folders (read recursively), .gz files, or - for stdin.
    #[arg(required = true)]
    inputs: Vec<String>,
    /// A built-in profile id or a rule file (TOML).
    #[arg(long, default_value = "t1043-seed")]
    profile: String,
    /// Reference time for the rule's window (`ago(24h)`): RFC 3339, or `newest` for
    /// the newest network event in the input. Default: the clock.
    #[arg(long)]
    now: Option<String>,
    /// Keep events at or after this time (RFC 3339); replaces the rule's window.
    #[arg(long)]
    since: Option<String>,
    /// Keep events before this time (RFC 3339); replaces the rule's window.
    #[arg(long)]
    until: Option<String>,
    /// Output format (default: table on a terminal, JSON lines otherwise).
    #[arg(long, value_enum)]
    format: Option<OutputFormat>,
    /// Write alerts to this file instead of stdout.
    #[arg(long, short)]
    output: Option<String>,
    /// Stop at the first bad record (exit code 3) instead of skipping and counting.
    #[arg(long)]
    strict: bool,
    /// Exit with code 1 when there are alerts.
    #[arg(long)]
    fail_on_alert: bool,
    /// Also write the run summary as JSON to this file.
    #[arg(long)]
    summary_json: Option<String>,
    /// Do not print the run summary on stderr.
    #[arg(long, short)]
    quiet: bool,
    /// Worker threads (default: the number of cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Parse every record. By default a record that lacks the literal text the
    /// rule needs (e.g. any listed process name) is counted but not parsed.
    #[arg(long)]
    full_parse: bool,
}

/// The demo sample: a small Defender CSV export written by `porthunt simulate`.
const DEMO_SAMPLE: &[u8] = include_bytes!("../../samples/defender-network-sample.csv");

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Hunt(args) => run_hunt(args, None),
        Command::Demo => run_demo(),
        Command::Simulate(args) => match simulate::run(&args) {
            Ok(()) => 0,
            Err(e) => usage_error(&e),
        },
        Command::Rules { id } => run_rules(id.as_deref()),
        Command::Fields => {
            for (_, name, doc) in FIELDS {
                println!("{name:24} {doc}");
            }
            0
        }
    };
    ExitCode::from(code)
}

fn usage_error(msg: &str) -> u8 {
    eprintln!("porthunt: error: {msg}");
    EXIT_USAGE
}

fn run_demo() -> u8 {
    eprintln!(
        "porthunt demo: the published T1043 query over the bundled sample (samples/defender-network-sample.csv),\n\
         window anchored on the sample's newest event. Try `porthunt hunt --help` for your own data.\n"
    );
    let args = HuntArgs {
        inputs: vec!["-".into()],
        profile: "t1043-seed".into(),
        now: Some("newest".into()),
        since: None,
        until: None,
        format: Some(OutputFormat::Table),
        output: None,
        strict: false,
        fail_on_alert: false,
        summary_json: None,
        quiet: false,
        threads: None,
        full_parse: false,
    };
    run_hunt(
        args,
        Some(Input {
            name: "samples/defender-network-sample.csv".into(),
            origin: Origin::Embedded(DEMO_SAMPLE),
        }),
    )
}

fn parse_time(flag: &str, text: &str) -> Result<Timestamp, String> {
    Timestamp::parse(text).map_err(|e| format!("--{flag} `{text}`: {e}"))
}

fn run_hunt(args: HuntArgs, embedded: Option<Input>) -> u8 {
    let rule = match rule::load(&args.profile) {
        Ok(r) => r,
        Err(e) => return usage_error(&e.to_string()),
    };
    let reference = match args.now.as_deref() {
        None => Reference::At(Timestamp::now()),
        Some("newest") => Reference::Newest,
        Some(t) => match parse_time("now", t) {
            Ok(t) => Reference::At(t),
            Err(e) => return usage_error(&e),
        },
    };
    let bound = |flag, v: &Option<String>| v.as_deref().map(|t| parse_time(flag, t)).transpose();
    let (since, until) = match (bound("since", &args.since), bound("until", &args.until)) {
        (Ok(s), Ok(u)) => (s, u),
        (Err(e), _) | (_, Err(e)) => return usage_error(&e),
    };
    let inputs = match embedded {
        Some(i) => vec![i],
        None => match input::expand(&args.inputs) {
            Ok(i) => i,
            Err(e) => return usage_error(&e),
        },
    };
    let threads = args
        .threads
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(2, |n| n.get()));
    let cfg = HuntConfig {
        inputs,
        rule,
        reference,
        since,
        until,
        strict: args.strict,
        threads,
        full_parse: args.full_parse,
    };
    let result = hunt(&cfg);

    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let format = args.format.unwrap_or(if to_terminal {
        OutputFormat::Table
    } else {
        OutputFormat::Jsonl
    });
    let out: Box<dyn Write> = match &args.output {
        Some(path) => match std::fs::File::create(path) {
            Ok(f) => Box::new(std::io::BufWriter::new(f)),
            Err(e) => return usage_error(&format!("--output {path}: {e}")),
        },
        None => Box::new(std::io::BufWriter::new(std::io::stdout().lock())),
    };
    let width = to_terminal.then(terminal_width).flatten();
    let meta = AlertMeta {
        rule_id: cfg.rule.id.clone(),
        title: cfg.rule.title.clone(),
        techniques: cfg.rule.techniques.clone(),
        severity: cfg.rule.severity.as_str().into(),
        confidence: cfg.rule.confidence.as_str().into(),
        columns: cfg.rule.output.iter().map(|c| c.column.clone()).collect(),
        inputs: cfg.inputs.iter().map(|i| i.name.clone()).collect(),
    };
    let mut sink = make_sink(format, out, width);
    if let Err(e) = write_all(sink.as_mut(), &meta, &result.alerts)
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return usage_error(&format!("writing alerts: {e}"));
    }
    drop(sink);

    let report = &result.report;
    if !args.quiet {
        for example in &report.skip_examples {
            eprintln!(
                "porthunt: skipped {}",
                crate::sink::sanitize::terminal_safe(example)
            );
        }
        eprint!("{}", report.render());
    }
    if let Some(path) = &args.summary_json {
        let text = serde_json::to_string_pretty(report).expect("report serialises");
        if let Err(e) = std::fs::write(path, text + "\n") {
            return usage_error(&format!("--summary-json {path}: {e}"));
        }
    }
    if report.stopped.is_some() || !report.failed_inputs.is_empty() {
        EXIT_INPUT
    } else if args.fail_on_alert && report.alerts > 0 {
        EXIT_ALERTS
    } else {
        0
    }
}

/// The terminal's width from `COLUMNS`, when the shell exports it.
fn terminal_width() -> Option<u16> {
    std::env::var("COLUMNS").ok()?.parse().ok()
}

fn run_rules(id: Option<&str>) -> u8 {
    let Some(id) = id else {
        for id in rule::load::builtin_ids() {
            match rule::load(id) {
                Ok(r) => println!("{:12} {} [{}]", r.id, r.title, r.techniques.join(", ")),
                Err(e) => return usage_error(&e.to_string()),
            }
        }
        return 0;
    };
    match rule::load(id) {
        Ok(r) => {
            print!("{}", crate::rule::doc::markdown(&r));
            0
        }
        Err(e) => usage_error(&e.to_string()),
    }
}
