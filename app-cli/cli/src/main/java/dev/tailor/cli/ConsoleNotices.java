package dev.tailor.cli;

import java.io.PrintWriter;
import java.util.function.Consumer;

/** Notices for the user, one line each, in the flow of the command's output. */
record ConsoleNotices(PrintWriter out) implements Consumer<String> {
    @Override
    public void accept(String message) {
        out.println("note: " + message);
        out.flush();
    }
}
