package dev.tailor.cli;

import java.io.Console;
import java.lang.reflect.Method;

/** Whether output goes to a person at a terminal (progress bars) or to a file or pipe (plain lines). */
public final class Terminal {
    private Terminal() {
    }

    /**
     * {@code System.console() != null} meant "stdin and stdout are a terminal" until JDK 22, which returns a console
     * even when output is redirected; there {@code Console.isTerminal()} (JDK 22+, looked up so this builds on 17) says it.
     */
    public static boolean interactive() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            Method isTerminal = Console.class.getMethod("isTerminal");
            return (Boolean) isTerminal.invoke(console);
        } catch (NoSuchMethodException beforeJdk22) {
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }
}
