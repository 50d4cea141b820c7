package dev.tailor.config;

import dev.tailor.application.port.out.EncodedImage;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * The images named on a command line: each file as given, and every image file (by extension) under each directory,
 * recursively, in the order the file system lists them. Lazy, holding one open listing per directory level, so the
 * memory it needs does not grow with the number of files. Symbolic links to directories are not followed (no
 * cycles). A path that does not exist or a directory that cannot be listed comes out as an image that fails to decode,
 * so that it is reported in its place.
 */
public final class ImageTree implements Iterator<EncodedImage>, AutoCloseable {
    /** What a directory's image files end with; a file named explicitly is tried whatever its name. */
    public static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "bmp");

    private final Iterator<Path> roots;
    private final Deque<Listing> open = new ArrayDeque<>();
    private EncodedImage next;

    private record Listing(Path directory, DirectoryStream<Path> stream, Iterator<Path> entries) {
    }

    public ImageTree(List<Path> paths) {
        this.roots = List.copyOf(paths).iterator();
    }

    @Override
    public boolean hasNext() {
        while (next == null) {
            if (!open.isEmpty()) {
                Listing listing = open.peek();
                Path entry;
                try {
                    if (!listing.entries().hasNext()) {
                        closeQuietly(open.pop());
                        continue;
                    }
                    entry = listing.entries().next();
                } catch (DirectoryIteratorException e) {
                    closeQuietly(open.pop());
                    next = EncodedImage.unreadable(listing.directory().toString(), "cannot list the directory: " + e.getCause().getMessage());
                    continue;
                }
                if (Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS)) {
                    descend(entry);
                } else if (isImageName(entry) && Files.isRegularFile(entry)) {
                    next = ImageFiles.encoded(entry);
                }
            } else if (roots.hasNext()) {
                Path root = roots.next();
                if (Files.isDirectory(root)) {
                    descend(root);
                } else {
                    next = ImageFiles.encoded(root);
                }
            } else {
                return false;
            }
        }
        return true;
    }

    @Override
    public EncodedImage next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        EncodedImage image = next;
        next = null;
        return image;
    }

    static boolean isImageName(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private void descend(Path directory) {
        try {
            DirectoryStream<Path> stream = Files.newDirectoryStream(directory);
            open.push(new Listing(directory, stream, stream.iterator()));
        } catch (IOException | SecurityException e) {
            next = EncodedImage.unreadable(directory.toString(), "cannot list the directory: " + e.getMessage());
        }
    }

    /** Closes the listings still open when a caller stops early. */
    @Override
    public void close() {
        while (!open.isEmpty()) {
            closeQuietly(open.pop());
        }
    }

    private static void closeQuietly(Listing listing) {
        try {
            listing.stream().close();
        } catch (IOException e) {
            // Only a listing's file descriptor; nothing to tell the user.
        }
    }
}
