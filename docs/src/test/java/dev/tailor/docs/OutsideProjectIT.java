package dev.tailor.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.config.ModelFiles;
import dev.tailor.domain.data.DataOrigin;
import dev.tailor.domain.data.Dataset;
import dev.tailor.domain.data.FashionMnist;
import dev.tailor.domain.inference.Prediction;
import dev.tailor.domain.model.ModelPresets;
import dev.tailor.domain.model.Weights;
import dev.tailor.domain.testing.TestData;
import dev.tailor.domain.training.Provenance;
import dev.tailor.domain.training.TrainingConfig;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tailor as a dependency: this build's artifacts are installed into a throwaway local repository with
 * {@code mvn install:install-file} (run as a user would: its plugin is fetched into the build's own local repository if
 * the build has not used it, as {@code mvn verify} does not), and a throwaway project that imports {@code tailor-bom}
 * and depends on {@code tailor-config} and {@code tailor-backend-djl} compiles docs/embedding.md's
 * {@code ClassifyImageFiles} and runs it. That project takes nothing from the network: every artifact is read from the
 * build's Maven repository as a file repository. Runs in {@code verify}, after the modules are packaged.
 */
class OutsideProjectIT {
    private static final String VERSION = System.getProperty("tailor.version");
    private static final Path MAVEN_REPOSITORY = Path.of(System.getProperty("tailor.mavenRepository"));
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void anOutsideProjectBuildsTheEmbeddingExampleAgainstTheInstalledArtifactsAndRunsIt() throws Exception {
        Path repository = dir.resolve("repository");
        installPom(repository, ROOT.resolve("docs/bom/pom.xml"));
        installPom(repository, ROOT.resolve("pom.xml"));
        for (String module : List.of("domain", "config", "backend-djl", "backend-dl4j")) {
            Path jar = ROOT.resolve(module + "/target/tailor-" + module + "-" + VERSION + ".jar");
            assertThat(jar).as("run the build to the package phase first").exists();
            maven(ROOT, "org.apache.maven.plugins:maven-install-plugin:3.1.3:install-file", "-Dfile=" + jar,
                    "-DpomFile=" + ROOT.resolve(module + "/pom.xml"), "-DlocalRepositoryPath=" + repository);
        }

        Path project = Files.createDirectories(dir.resolve("outside"));
        Files.writeString(project.resolve("pom.xml"), pom());
        Files.writeString(project.resolve("settings.xml"), settings(repository));
        Path source = Path.of("src/main/java/dev/tailor/docs/ClassifyImageFiles.java");
        Files.createDirectories(project.resolve(source).getParent());
        Files.copy(source, project.resolve(source));
        maven(project, "-s", "settings.xml", "package", "dependency:build-classpath", "-Dmdep.outputFile=classpath.txt");

        Path model = dir.resolve("model");
        ModelFiles.save(model, ModelPresets.SEED_CNN, FashionMnist.CLASS_NAMES, Weights.initial(ModelPresets.SEED_CNN, 5),
                new Provenance("test", "djl", "DJL", TrainingConfig.BASELINE, DataOrigin.IN_MEMORY, 1, Instant.EPOCH), Map.of());
        Dataset test = TestData.test().take(4);
        List<Path> pngs = new ArrayList<>();
        for (int i = 0; i < test.size(); i++) {
            pngs.add(png(test, i));
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                project.resolve("target/classes") + ":" + Files.readString(project.resolve("classpath.txt")).strip(),
                "dev.tailor.docs.ClassifyImageFiles", model.toString()));
        pngs.forEach(p -> command.add(p.toString()));
        String out = run(project, command);

        List<Prediction> expected = ClassifyImageFiles.classify(model, pngs);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < pngs.size(); i++) {
            lines.add(String.format("%s: %s (%.3f)", pngs.get(i), expected.get(i).className(), expected.get(i).probability()));
        }
        assertThat(out.lines()).containsExactlyElementsOf(lines);
        assertThat(repository.resolve("dev/tailor/tailor-config/" + VERSION)).isDirectory();
        assertThat(repository.resolve("ai/djl/pytorch/pytorch-native-cpu")).as("engines come from the file repository").isDirectory();
    }

    private static String pom() {
        return """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>com.example</groupId>
                  <artifactId>shop</artifactId>
                  <version>1</version>
                  <properties>
                    <maven.compiler.release>17</maven.compiler.release>
                    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
                  </properties>
                  <dependencyManagement>
                    <dependencies>
                      <dependency><groupId>dev.tailor</groupId><artifactId>tailor-bom</artifactId><version>%s</version><type>pom</type><scope>import</scope></dependency>
                    </dependencies>
                  </dependencyManagement>
                  <dependencies>
                    <dependency><groupId>dev.tailor</groupId><artifactId>tailor-config</artifactId></dependency>
                    <dependency><groupId>dev.tailor</groupId><artifactId>tailor-backend-djl</artifactId><scope>runtime</scope></dependency>
                  </dependencies>
                  <build>
                    <plugins>
                      <plugin><artifactId>maven-resources-plugin</artifactId><version>3.3.1</version></plugin>
                      <plugin><artifactId>maven-compiler-plugin</artifactId><version>3.13.0</version></plugin>
                      <plugin><artifactId>maven-surefire-plugin</artifactId><version>3.5.2</version></plugin>
                      <plugin><artifactId>maven-jar-plugin</artifactId><version>3.4.2</version></plugin>
                      <plugin><artifactId>maven-dependency-plugin</artifactId><version>3.8.1</version></plugin>
                    </plugins>
                  </build>
                </project>
                """.formatted(VERSION);
    }

    /** A local repository of its own; "central" is this machine's repository read as files; no snapshots from it. */
    private static String settings(Path repository) {
        String files = MAVEN_REPOSITORY.toUri().toString();
        String repo = """
                <id>central</id><url>%s</url><releases><enabled>true</enabled></releases><snapshots><enabled>false</enabled></snapshots>
                """.formatted(files);
        return """
                <settings>
                  <localRepository>%s</localRepository>
                  <profiles><profile><id>files</id>
                    <repositories><repository>%s</repository></repositories>
                    <pluginRepositories><pluginRepository>%s</pluginRepository></pluginRepositories>
                  </profile></profiles>
                  <activeProfiles><activeProfile>files</activeProfile></activeProfiles>
                </settings>
                """.formatted(repository, repo, repo);
    }

    private static void installPom(Path repository, Path pom) throws Exception {
        maven(ROOT, "org.apache.maven.plugins:maven-install-plugin:3.1.3:install-file", "-Dfile=" + pom, "-DpomFile=" + pom,
                "-Dpackaging=pom", "-DlocalRepositoryPath=" + repository);
    }

    /** The build's own repository, unless {@code args} give a settings file of their own (which names one). */
    private static void maven(Path directory, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-q", "-N"));
        if (!List.of(args).contains("-s")) {
            command.add("-Dmaven.repo.local=" + MAVEN_REPOSITORY);
        }
        command.addAll(List.of(args));
        run(directory, command);
    }

    private static String run(Path directory, List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("outside", ".log");
        // Standard output alone: an embedder without an SLF4J provider of its own gets SLF4J's warning on stderr.
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT)
                .redirectOutput(log.toFile());
        // A repository set for the outer build (CI's MAVEN_OPTS) would override the outside project's settings file.
        builder.environment().remove("MAVEN_OPTS");
        Process process = builder.start();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " took over 300 s");
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        Files.delete(log);
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + out).isZero();
        return out;
    }

    private Path png(Dataset data, int index) throws IOException {
        BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
        float[] pixels = data.image(index).pixels();
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                image.getRaster().setSample(x, y, 0, Math.round(pixels[y * 28 + x] * 255));
            }
        }
        Path file = dir.resolve(String.format(Locale.ROOT, "item-%d.png", index));
        ImageIO.write(image, "png", file.toFile());
        return file;
    }
}
