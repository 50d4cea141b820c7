package dev.tailor.cli;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.TailorException;
import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Turns failures into one line on stderr and an exit code: 2 for bad input (config, data, spec, usage), 1 for
 * failures while running. Stack traces only with {@code --verbose}.
 */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    private final boolean verbose;

    ErrorReporter(boolean verbose) {
        this.verbose = verbose;
    }

    @Override
    public int handleExecutionException(Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult) {
        return report(exception, commandLine.getErr());
    }

    int report(Throwable exception, PrintWriter err) {
        Throwable cause = unwrap(exception);
        if (verbose) {
            exception.printStackTrace(err);
        }
        boolean badInput = cause instanceof InvalidInputException;
        err.println("tailor: " + (badInput ? "error: " : "failed: ") + oneLine(cause));
        err.flush();
        return badInput ? CommandLine.ExitCode.USAGE : CommandLine.ExitCode.SOFTWARE;
    }

    static int usageError(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("tailor: error: " + oneLine(e) + " (see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return CommandLine.ExitCode.USAGE;
    }

    /**
     * Guice and reflection wrap what commands throw; the user wants the original problem: the first Tailor
     * exception in the cause chain, else the root cause.
     */
    private static Throwable unwrap(Throwable t) {
        Throwable root = t;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TailorException) {
                return c;
            }
            root = c;
        }
        return root;
    }

    private static String oneLine(Throwable t) {
        String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        if (!(t instanceof TailorException) && !(t instanceof CommandLine.ParameterException)) {
            message = t.getClass().getSimpleName() + ": " + message;
        }
        return message.lines().findFirst().orElse(message).strip();
    }
}
