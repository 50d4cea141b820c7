package dev.tailor.backend.dl4j;

import java.io.OutputStream;
import java.io.PrintStream;

/** Runs engine code that prints progress chatter to System.out (SameDiff's gradient builder does), without it. */
final class Quietly {
    private static final PrintStream DISCARD = new PrintStream(OutputStream.nullOutputStream());

    private Quietly() {
    }

    static synchronized void run(Runnable action) {
        PrintStream out = System.out;
        System.setOut(DISCARD);
        try {
            action.run();
        } finally {
            System.setOut(out);
        }
    }
}
