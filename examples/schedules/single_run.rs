//! `cargo run --example schedules -- --schedule NAME [settings]`: one schedule on its own,
//! as a table, a CSV and a figure, instead of the chapter's experiments.

use stepsize::output::flags::Args;
use stepsize::output::report::Report;
use stepsize::output::schedules::{self, Params};
use stepsize::output::table::{Table, num, sig};

use crate::OPTIONS;
use crate::figures::rate_chart;

/// `--schedule NAME` with the rate, steps and settings given on the command line.
pub fn print(report: &mut Report, name: &str, args: &Args) {
    let params = params_from(args);
    print_one(
        report,
        name,
        args.number("lr"),
        args.steps("steps"),
        &params,
    );
}

/// Without `--schedule`, its settings are bad input: the chapter's experiments fix their own.
pub fn require_schedule_for_its_flags(args: &Args) {
    let single_run: Vec<&str> = OPTIONS
        .iter()
        .map(|o| o.name)
        .filter(|n| !["schedule", "seeds"].contains(n))
        .collect();
    args.require_with("schedule", &single_run);
}

/// The schedule-specific flags, gathered for [`schedules::build`].
fn params_from(args: &Args) -> Params {
    Params {
        step_size: args.maybe_count("step-size"),
        gamma: args.maybe_number("gamma"),
        milestones: args.maybe_counts("milestones"),
        t_max: args.maybe_count("t-max"),
        eta_min: args.maybe_number("eta-min"),
        clamp: args.flag("clamp"),
        t0: args.maybe_count("t0"),
        t_mult: args.maybe_count("t-mult"),
        start_factor: args.maybe_number("start-factor"),
        end_factor: args.maybe_number("end-factor"),
        total_iters: args.maybe_count("total-iters"),
        power: args.maybe_number("power"),
        max_lr: args.maybe_number("max-lr"),
        base_lr: args.maybe_number("base-lr"),
        step_size_up: args.maybe_count("step-size-up"),
        step_size_down: args.maybe_count("step-size-down"),
        mode: args.maybe_text("mode"),
        pct_start: args.maybe_number("pct-start"),
        anneal_strategy: args.maybe_text("anneal-strategy"),
        div_factor: args.maybe_number("div-factor"),
        final_div_factor: args.maybe_number("final-div-factor"),
        three_phase: args.flag("three-phase"),
        total_steps: args.maybe_count("total-steps"),
        factor: args.maybe_number("factor"),
        patience: args.maybe_count("patience"),
        threshold: args.maybe_number("threshold"),
        threshold_mode: args.maybe_text("threshold-mode"),
        cooldown: args.maybe_count("cooldown"),
        min_lr: args.maybe_number("min-lr"),
        warmup: args.maybe_count("warmup"),
    }
}

/// `--schedule NAME`: one schedule, as a table, a CSV and a figure. Bad settings are bad
/// input: one line naming the parameter, exit code 2.
fn print_one(report: &mut Report, name: &str, lr: f64, steps: usize, params: &Params) {
    let built = schedules::reject_unused(name, params)
        .and_then(|_| schedules::build(name, lr, steps, params));
    let curve = match built {
        Ok(mut s) => s.trace(steps),
        Err(e) => {
            eprintln!("error: {e} (see --help)");
            std::process::exit(2);
        }
    };
    let given: Vec<String> = params.given().iter().map(|g| format!("--{g}")).collect();
    let settings = if given.is_empty() {
        "defaults".to_string()
    } else {
        given.join(", ")
    };
    report.section(&format!(
        "{name} with --lr {} and {settings}: η at step t",
        num(lr)
    ));
    if name == "plateau" {
        report.line("(nothing is trained here, so the watched metric never improves: the rate is cut every patience + 1 steps)");
    }
    // Every step of a short schedule; a sample of a long one (--csv has them all).
    let every = if steps <= 100 { 1 } else { steps.div_ceil(50) };
    let mut table = Table::new(&["step", "η"]);
    for (t, &v) in curve
        .iter()
        .enumerate()
        .filter(|(t, _)| t % every == 0 || *t + 1 == steps)
    {
        table.row([t.to_string(), sig(v, 6)]);
    }
    report.table(&table);
    if every > 1 {
        report.line(format!(
            "(every {every}th step shown; --csv prints all {steps})"
        ));
    }
    report.lr_history(name, &curve);
    let curves = vec![(name.to_string(), curve)];
    let title = format!("{name} (--lr {}, {settings})", num(lr));
    report.figure(name, rate_chart(&title, &curves, false).render((800, 420)));
}
