package dev.tailor.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The class path users get holds what every shipped module needs at run time. Each module lists its run-time closure as
 * resolved in its own dependency graph (the parent pom's {@code runtime-closure} execution, {@code target/closure}); the
 * launchers' {@code lib/} must hold all of it for domain, config, every backend and the command line, and
 * {@code lib/spark} exactly what the Spark adapter adds on top. A jar that Maven's mediation files under another scope,
 * or an exclusion that drops one, fails the build here, naming the jar and the module that needs it.
 */
class ShippedLibrariesIT {
    private static final Path ROOT = Path.of(System.getProperty("tailor.root")).toAbsolutePath().normalize();
    /** Every module the launchers ship: a new backend-ENGINE directory is checked without anyone listing it here. */
    private static final List<String> SHIPPED = shippedModules();
    private static final String SPARK = "app-cli/spark";

    /** One artifact as {@code mvn dependency:list} names it, and the file name copy-dependencies gives it. */
    record Artifact(String groupId, String artifactId, String classifier, String version) {
        static Artifact parse(String line, Path source) {
            String[] parts = line.strip().split("\\s+")[0].split(":");
            if (parts.length != 5 && parts.length != 6 || !parts[2].equals("jar")) {
                throw new AssertionError(source + ": cannot read '" + line.strip() + "' (expected group:artifact:jar[:classifier]:version:scope)");
            }
            return new Artifact(parts[0], parts[1], parts.length == 6 ? parts[3] : "", parts[parts.length - 2]);
        }

        String fileName() {
            return artifactId + "-" + version + (classifier.isEmpty() ? "" : "-" + classifier) + ".jar";
        }

        @Override
        public String toString() {
            return groupId + ":" + artifactId + ":" + (classifier.isEmpty() ? "" : classifier + ":") + version;
        }
    }

    @Test
    void theCommandLinesLibrariesHoldTheRunTimeClosureOfEveryShippedModule() {
        Set<String> lib = jars(ROOT.resolve("app-cli/cli/target/lib"));
        List<String> problems = new ArrayList<>();
        for (String module : concat(SHIPPED, List.of(SPARK))) {
            for (Artifact needed : closure(module, "runtime")) {
                if (!lib.contains(needed.fileName())) {
                    problems.add(missing("lib/", lib, needed, module + " needs it at run time"));
                }
            }
        }
        assertThat(problems).as("the launchers' lib/ (app-cli/cli/target/lib)").isEmpty();
    }

    @Test
    void sparksLibrariesHoldExactlyWhatSparkAddsToTheCommandLine() {
        Set<String> lib = jars(ROOT.resolve("app-cli/cli/target/lib"));
        Set<String> libSpark = jars(ROOT.resolve("app-cli/spark/target/lib-spark"));
        List<String> problems = new ArrayList<>();
        Set<String> expected = new TreeSet<>(Set.of("tailor-spark.jar"));
        for (Artifact needed : closure(SPARK, "provided")) {
            if (lib.contains(needed.fileName())) {
                continue;
            }
            expected.add(needed.fileName());
            if (!libSpark.contains(needed.fileName())) {
                problems.add(missing("lib/spark", libSpark, needed, "Spark needs it for --spark"));
            }
        }
        libSpark.stream().filter(lib::contains).forEach(both -> problems.add(both + " is in lib/spark and lib/: lib/spark holds only what --spark adds"));
        libSpark.stream().filter(jar -> !expected.contains(jar) && !lib.contains(jar))
                .forEach(stray -> problems.add(stray + " is in lib/spark but no module needs it"));
        assertThat(problems).as("lib/spark (app-cli/spark/target/lib-spark)").isEmpty();
    }

    @Test
    void theCommandLinesLibrariesHoldNothingElse() {
        Set<String> needed = new TreeSet<>();
        for (String module : SHIPPED) {
            closure(module, "runtime").forEach(a -> needed.add(a.fileName()));
        }
        List<String> strays = jars(ROOT.resolve("app-cli/cli/target/lib")).stream().filter(jar -> !needed.contains(jar)).toList();
        assertThat(strays).as("jars in lib/ that no shipped module needs at run time").isEmpty();
    }

    @Test
    void theZipShipsTheLibrariesTheLaunchersRunWith() throws IOException {
        Set<String> lib = new TreeSet<>(jars(ROOT.resolve("app-cli/cli/target/lib")));
        lib.add("tailor.jar");
        Set<String> libSpark = jars(ROOT.resolve("app-cli/spark/target/lib-spark"));
        Set<String> zipLib = new TreeSet<>();
        Set<String> zipSpark = new TreeSet<>();
        try (ZipFile zip = new ZipFile(System.getProperty("tailor.distribution"))) {
            zip.stream().map(entry -> entry.getName().substring(entry.getName().indexOf('/') + 1)).forEach(name -> {
                if (name.matches("lib/[^/]+\\.jar")) {
                    zipLib.add(name.substring("lib/".length()));
                } else if (name.matches("lib/spark/[^/]+\\.jar")) {
                    zipSpark.add(name.substring("lib/spark/".length()));
                }
            });
        }
        assertThat(zipLib).as("the zip's lib/").containsExactlyElementsOf(lib);
        assertThat(zipSpark).as("the zip's lib/spark").containsExactlyElementsOf(libSpark);
    }

    /** What went wrong, naming the jar; and the version the directory holds instead, if it holds another. */
    private static String missing(String where, Set<String> directory, Artifact needed, String why) {
        Pattern other = Pattern.compile(Pattern.quote(needed.artifactId()) + "-\\d[^/]*"
                + (needed.classifier().isEmpty() ? "" : "-" + Pattern.quote(needed.classifier())) + "\\.jar");
        String instead = directory.stream().filter(jar -> other.matcher(jar).matches()).collect(Collectors.joining(", "));
        return where + " lacks " + needed.fileName() + " (" + needed + "): " + why
                + (instead.isEmpty() ? "" : "; it has " + instead + " instead");
    }

    /** The artifacts {@code module} lists for {@code scope}, as its own build resolved them. */
    private static List<Artifact> closure(String module, String scope) {
        Path list = ROOT.resolve(module).resolve("target/closure").resolve(scope + ".txt");
        assertThat(list).as("%s's %s closure: build the module to the package phase first", module, scope).exists();
        try (Stream<String> lines = Files.lines(list)) {
            return lines.filter(line -> line.startsWith("   ") && !line.strip().equals("none")).map(line -> Artifact.parse(line, list)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> jars(Path directory) {
        assertThat(directory).as("build the modules to the package phase first").isDirectory();
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).filter(name -> name.endsWith(".jar")).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> List<T> concat(Collection<T> a, Collection<T> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    private static List<String> shippedModules() {
        List<String> modules = new ArrayList<>(List.of("domain", "config"));
        try (Stream<Path> top = Files.list(ROOT)) {
            top.filter(dir -> dir.getFileName().toString().startsWith("backend-") && Files.exists(dir.resolve("pom.xml")))
                    .map(dir -> dir.getFileName().toString()).sorted().forEach(modules::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        modules.add("app-cli/cli");
        return modules;
    }
}
