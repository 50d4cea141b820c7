package dev.tailor.cli;

import dev.tailor.domain.spi.Backends;
import java.util.Iterator;

/** The installed backends' names, for help texts: the CLI knows no backend by name. */
final class InstalledBackends implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return Backends.installed().names().iterator();
    }
}
