package dev.tailor.cli;

import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code tailor} command: train, summarise and inspect Fashion-MNIST classifiers on any installed backend. */
@Command(name = "tailor", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Trains, evaluates and serves Fashion-MNIST image classifiers on interchangeable deep-learning engines.",
        subcommands = {TrainCommand.class, CompareCommand.class, SweepCommand.class, EnsembleCommand.class, EvaluateCommand.class, BenchCommand.class, SoakCommand.class, PredictCommand.class,
                ServeCommand.class, ExportCommand.class, SummaryCommand.class, DatasetCommand.class, CompletionCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 failure while running, 2 bad usage, config or input.",
                "Add --verbose to any command to see stack traces."})
public final class TailorCli implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = "--verbose", scope = CommandLine.ScopeType.INHERIT,
            description = "Show stack traces for errors.")
    private boolean verbose;

    public static void main(String[] args) {
        // Plots are drawn off-screen; never look for a display.
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns its exit code instead of exiting, for embedding and tests. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        if (verbose) {
            // Read by logback.xml when logging starts: Spark's own log at INFO.
            System.setProperty("tailor.spark.log", "INFO");
        }
        CommandLine cli = new CommandLine(TailorCli.class, new GuiceFactory());
        HelpParagraphs.apply(cli);
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(new ErrorReporter(verbose));
        cli.setParameterExceptionHandler(ErrorReporter::usageError);
        try {
            return cli.execute(args);
        } catch (Throwable unexpected) {
            // Errors (a native library that fails to load, say) escape picocli's handler; report them the same way.
            return new ErrorReporter(verbose).report(unexpected, err);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
