package dev.tailor.config;

import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.TailorException;
import dev.tailor.domain.data.ByteDataset;
import dev.tailor.domain.data.DataOrigin;
import dev.tailor.domain.inference.Preprocessing;
import dev.tailor.domain.model.ImageShape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A folder of images, one sub-folder per class ({@code PATH/<class>/*.png}, any depth below it): the layout of
 * torchvision's ImageFolder and Keras' {@code image_dataset_from_directory}. Class names are the folder names, sorted.
 * Files are decoded on every core and prepared for the model's input exactly as {@code predict} prepares a file
 * ({@link Preprocessing}, never inverted), then held as bytes.
 */
public final class ImageFolder {
    private final Path root;
    private final List<String> classes;
    /** Every image, classes interleaved (the first of each class, then the second...), so that a limit keeps them all. */
    private final List<Path> files;
    private final int[] labels;

    private ImageFolder(Path root, List<String> classes, List<Path> files, int[] labels) {
        this.root = root;
        this.classes = List.copyOf(classes);
        this.files = List.copyOf(files);
        this.labels = labels;
    }

    /** Whether {@code path} looks like an image folder: a directory with sub-directories. */
    static boolean looksLikeOne(Path path) {
        if (!Files.isDirectory(path)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(path)) {
            return entries.anyMatch(p -> Files.isDirectory(p) && !hidden(p));
        } catch (IOException e) {
            return false;
        }
    }

    /** Lists the folder; refuses one without class folders, or a class folder without images, naming it. */
    public static ImageFolder scan(Path root) {
        if (!Files.isDirectory(root)) {
            throw new InvalidInputException(root + ": not a directory");
        }
        List<Path> classDirectories;
        try (Stream<Path> entries = Files.list(root)) {
            classDirectories = entries.filter(p -> Files.isDirectory(p) && !hidden(p)).sorted().toList();
        } catch (IOException e) {
            throw new InvalidInputException(root + ": cannot list: " + e.getMessage());
        }
        if (classDirectories.isEmpty()) {
            throw new InvalidInputException(root + ": no class folders; expected " + root + "/<class name>/<images>");
        }
        List<String> classes = new ArrayList<>();
        List<List<Path>> byClass = new ArrayList<>();
        for (Path directory : classDirectories) {
            List<Path> images = images(directory);
            if (images.isEmpty()) {
                throw new InvalidInputException(directory + ": no images (" + String.join(", ", new java.util.TreeSet<>(ImageTree.EXTENSIONS))
                        + ") in this class folder");
            }
            classes.add(directory.getFileName().toString());
            byClass.add(images);
        }
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        int longest = byClass.stream().mapToInt(List::size).max().orElse(0);
        for (int i = 0; i < longest; i++) {
            for (int c = 0; c < byClass.size(); c++) {
                if (i < byClass.get(c).size()) {
                    files.add(byClass.get(c).get(i));
                    labels.add(c);
                }
            }
        }
        return new ImageFolder(root, classes, files, labels.stream().mapToInt(Integer::intValue).toArray());
    }

    private static List<Path> images(Path directory) {
        try (Stream<Path> tree = Files.walk(directory)) {
            return tree.filter(p -> Files.isRegularFile(p) && !hidden(p) && isImage(p)).sorted().toList();
        } catch (IOException | UncheckedIOException e) {
            throw new InvalidInputException(directory + ": cannot list: " + e.getMessage());
        }
    }

    private static boolean isImage(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 && ImageTree.EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    private static boolean hidden(Path path) {
        return path.getFileName().toString().startsWith(".");
    }

    public Path root() {
        return root;
    }

    public List<String> classes() {
        return classes;
    }

    public int size() {
        return files.size();
    }

    /** Images per class, indexed like {@link #classes()}. */
    public int[] classCounts() {
        int[] counts = new int[classes.size()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /**
     * What reading gave: the images, how many files were skipped as unreadable (with {@code skipUnreadable}), and how
     * many files had each size (e.g. {@code 64x48}) before preparation.
     */
    public record Read(ByteDataset dataset, int skipped, Map<String, Integer> sizes) {
    }

    /**
     * Decodes the images (the first {@code limit} in the interleaved order, if given) on every core.
     *
     * @param classNames the class names the labels index: this folder's own, or a training folder's that this
     *                   folder's classes must all be among (a test set)
     */
    public Read read(ImageShape input, List<String> classNames, OptionalInt limit, boolean skipUnreadable, DecodeProgress progress) {
        int[] mapped = new int[classes.size()];
        for (int c = 0; c < classes.size(); c++) {
            mapped[c] = classNames.indexOf(classes.get(c));
            if (mapped[c] < 0) {
                throw new InvalidInputException(root.resolve(classes.get(c)) + ": class '" + classes.get(c)
                        + "' is not a class of the training data " + classNames);
            }
        }
        int count = limit.isPresent() ? Math.min(limit.getAsInt(), files.size()) : files.size();
        int size = input.size();
        HeapBudget.require(ByteDataset.bytesFor(count, input), String.format("%s: %,d images of %s", root, count, input));
        byte[] pixels = new byte[Math.multiplyExact(count, size)];
        String[] digests = new String[count];
        String[] failures = new String[count];
        Map<String, Integer> sizes = new ConcurrentHashMap<>();
        AtomicLong done = new AtomicLong();
        String what = root.toString();
        int threads = Math.max(1, Math.min(count, Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads, runnable -> {
            Thread thread = new Thread(runnable, "tailor-decode");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int first = t;
                parts.add(pool.submit(() -> {
                    for (int i = first; i < count; i += threads) {
                        Path file = files.get(i);
                        try {
                            byte[] encoded = Files.readAllBytes(file);
                            digests[i] = sha256(encoded);
                            ImageFiles.Pixels decoded = ImageFiles.pixels(encoded, file.toString());
                            sizes.merge(decoded.width() + "x" + decoded.height(), 1, Integer::sum);
                            System.arraycopy(decoded.prepared(input, Preprocessing.Inversion.NEVER), 0, pixels, i * size, size);
                        } catch (IOException e) {
                            failures[i] = file + ": cannot read: " + e.getMessage();
                        } catch (InvalidInputException e) {
                            failures[i] = e.getMessage();
                        }
                        progress.read(what, done.incrementAndGet(), count);
                    }
                    return null;
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TailorException("interrupted while reading " + root, e);
        } catch (ExecutionException e) {
            throw new TailorException("reading " + root + " failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return assemble(input, classNames, count, pixels, digests, failures, mapped, skipUnreadable, sizes);
    }

    private Read assemble(ImageShape input, List<String> classNames, int count, byte[] pixels, String[] digests, String[] failures,
                          int[] mapped, boolean skipUnreadable, Map<String, Integer> sizes) {
        int skipped = 0;
        for (int i = 0; i < count; i++) {
            if (failures[i] != null) {
                if (!skipUnreadable) {
                    throw new InvalidInputException(failures[i] + " (set data.skipUnreadable to skip such files)");
                }
                skipped++;
            }
        }
        int kept = count - skipped;
        int size = input.size();
        byte[] keptPixels = skipped == 0 ? pixels : new byte[kept * size];
        int[] keptLabels = new int[kept];
        MessageDigest folder = digest();
        int k = 0;
        for (int i = 0; i < count; i++) {
            if (failures[i] != null) {
                continue;
            }
            if (skipped > 0) {
                System.arraycopy(pixels, i * size, keptPixels, k * size, size);
            }
            keptLabels[k++] = mapped[labels[i]];
            folder.update((root.relativize(files.get(i)) + " " + digests[i] + "\n").getBytes(StandardCharsets.UTF_8));
        }
        if (kept == 0) {
            throw new InvalidInputException(root + ": none of its " + count + " images could be read");
        }
        // One digest for the folder: every file's path and SHA-256, in order (tens of thousands of files would not fit a
        // manifest one by one).
        DataOrigin origin = new DataOrigin(root.toAbsolutePath().toString(),
                Map.of(root.getFileName() + "/ (" + kept + " images)", HexFormat.of().formatHex(folder.digest())));
        return new Read(new ByteDataset(input, classNames, keptPixels, keptLabels, origin), skipped, new TreeMap<>(sizes));
    }

    private static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
