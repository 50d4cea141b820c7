package dev.tailor.dist;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.tailor.domain.spi.Backends;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hexagon, as rules, over every module the distribution ships. Rings, inside out: the domain model
 * ({@code dev.tailor.domain}), the application ({@code dev.tailor.application}: use cases as in-ports, what they need as
 * out-ports, the services), the driven adapters that implement the out-ports (files in {@code dev.tailor.config}, engines
 * in {@code dev.tailor.backend.*}), and the driving adapters that call the in-ports (the command line, its HTTP server,
 * the Spark jobs), with the embedding entry point {@code dev.tailor.Tailor}. Dependencies only point inwards, except
 * that driving adapters compose the driven ones. Each framework stays in its one adapter.
 */
class ArchitectureTest {
    private static final String DOMAIN = "dev.tailor.domain..";
    private static final String APPLICATION = "dev.tailor.application..";
    private static final String[] DRIVEN = {"dev.tailor.config..", "dev.tailor.backend.."};
    private static final String[] DRIVING = {"dev.tailor.cli..", "dev.tailor.serve..", "dev.tailor.spark.."};
    private static JavaClasses tailor;

    @BeforeAll
    static void importMainClasses() {
        tailor = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // Test-jars (the domain's contract suites) are test code too, wherever Maven resolves them from.
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.tailor");
    }

    @Test
    void everyRingAndAdapterIsImported() {
        for (String pkg : new String[] {"dev.tailor.domain", "dev.tailor.application.port.in", "dev.tailor.application.port.out",
                "dev.tailor.application.service", "dev.tailor.config", "dev.tailor.cli", "dev.tailor.serve", "dev.tailor.spark"}) {
            assertThat(tailor.stream().anyMatch(c -> c.getPackageName().startsWith(pkg))).as(pkg).isTrue();
        }
        for (String backend : Backends.installed().names()) {
            assertThat(tailor.stream().anyMatch(c -> c.getPackageName().startsWith("dev.tailor.backend." + backend)))
                    .as("the %s backend's package", backend).isTrue();
        }
    }

    @Test
    void dependenciesPointInwards() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("domain model").definedBy(DOMAIN)
                .layer("application").definedBy(APPLICATION)
                .layer("driven adapters").definedBy(DRIVEN)
                .layer("driving adapters").definedBy(DRIVING)
                .layer("entry point").definedBy("dev.tailor")
                .whereLayer("driving adapters").mayNotBeAccessedByAnyLayer()
                .whereLayer("entry point").mayNotBeAccessedByAnyLayer()
                .whereLayer("driven adapters").mayOnlyBeAccessedByLayers("driving adapters", "entry point")
                .whereLayer("application").mayOnlyBeAccessedByLayers("driven adapters", "driving adapters", "entry point")
                .check(tailor);
    }

    @Test
    void theDomainModelUsesOnlyTheJavaPlatform() {
        classes().that().resideInAPackage(DOMAIN).should().onlyDependOnClassesThat().resideInAnyPackage("java..", DOMAIN)
                .check(tailor);
    }

    /**
     * Files are the files adapter's business (IDX, CSV, images, model directories, /proc): the model speaks in datasets,
     * the use cases reach files through their out-ports.
     */
    @Test
    void theHexagonReadsAndWritesNoFiles() {
        noClasses().that().resideInAnyPackage(DOMAIN, APPLICATION).should().dependOnClassesThat()
                .belongToAnyOf(java.nio.file.Files.class, java.io.FileInputStream.class, java.io.FileOutputStream.class,
                        java.io.RandomAccessFile.class, java.nio.channels.FileChannel.class)
                .orShould().dependOnClassesThat().resideInAPackage("java.util.zip..")
                .check(tailor);
    }

    @Test
    void theApplicationUsesOnlyTheJavaPlatformAndTheDomain() {
        classes().that().resideInAPackage(APPLICATION).should().onlyDependOnClassesThat()
                .resideInAnyPackage("java..", DOMAIN, APPLICATION).check(tailor);
    }

    /** Ports are what the use cases offer and need; how they are served is the services' business alone. */
    @Test
    void portsNeverNameTheServices() {
        noClasses().that().resideInAPackage("dev.tailor.application.port..")
                .should().dependOnClassesThat().resideInAPackage("dev.tailor.application.service..").check(tailor);
    }

    /** The use cases' values and the in-ports never name an adapter's out-port implementation details. */
    @Test
    void theApplicationsValuesNeedNoPort() {
        noClasses().that().resideInAPackage("dev.tailor.application").should().dependOnClassesThat()
                .resideInAnyPackage("dev.tailor.application.port..", "dev.tailor.application.service..").check(tailor);
    }

    @Test
    void theDomainsPackagesAreFreeOfCycles() {
        slices().matching("dev.tailor.domain.(*)..").should().beFreeOfCycles().check(tailor);
    }

    @Test
    void theApplicationsPackagesAreFreeOfCycles() {
        slices().matching("dev.tailor.application.(*)..").should().beFreeOfCycles().check(tailor);
    }

    @Test
    void backendsNeverDependOnEachOtherNorOnTheFilesAdapter() {
        slices().matching("dev.tailor.backend.(*)..").should().notDependOnEachOther().check(tailor);
        noClasses().that().resideInAPackage("dev.tailor.backend..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tailor.config..", APPLICATION).check(tailor);
    }

    /** Engines implement the domain's backend SPI; nothing else names one (they are found with ServiceLoader). */
    @Test
    void theApplicationFindsBackendsOnlyThroughTheSpi() {
        noClasses().that().resideOutsideOfPackage("dev.tailor.backend..")
                .should().dependOnClassesThat().resideInAPackage("dev.tailor.backend..").check(tailor);
    }

    /** The command line reaches Spark only through the Cluster port, so Spark can stay off its class path. */
    @Test
    void nothingNamesTheSparkAdapter() {
        noClasses().that().resideOutsideOfPackage("dev.tailor.spark..")
                .should().dependOnClassesThat().resideInAPackage("dev.tailor.spark..").check(tailor);
    }

    @Test
    void dl4jStaysInItsAdapter() {
        noClasses().that().resideOutsideOfPackage("dev.tailor.backend.dl4j..")
                .should().dependOnClassesThat().resideInAnyPackage("org.deeplearning4j..", "org.nd4j..", "org.bytedeco..")
                .check(tailor);
    }

    @Test
    void djlStaysInItsAdapter() {
        noClasses().that().resideOutsideOfPackage("dev.tailor.backend.djl..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.djl..")
                .check(tailor);
    }

    /** ONNX Runtime and the ONNX protobuf classes (and protobuf itself, which Spark brings in another version). */
    @Test
    void onnxStaysInItsAdapter() {
        noClasses().that().resideOutsideOfPackage("dev.tailor.backend.onnx..")
                .should().dependOnClassesThat().resideInAnyPackage("ai.onnxruntime..", "ai.onnx..", "com.google.protobuf..")
                .check(tailor);
    }

    @Test
    void guiceAndPicocliOnlyInTheCli() {
        noClasses().that().resideOutsideOfPackage("dev.tailor.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("com.google.inject..", "jakarta.inject..", "picocli..")
                .check(tailor);
    }

    @Test
    void chartsProgressBarsAndDrawingOnlyInTheCli() {
        noClasses().that().resideOutsideOfPackage("dev.tailor.cli..")
                .should().dependOnClassesThat().resideInAnyPackage("org.knowm.xchart..", "me.tongfei.progressbar..", "java.awt")
                .check(tailor);
    }

    /** Decoding image files is public API, so embedders prepare images exactly as predict does; it has one home. */
    @Test
    void imageDecodingOnlyInTheCliAndImageFiles() {
        noClasses().that().resideOutsideOfPackage("dev.tailor.cli..").and().doNotHaveFullyQualifiedName("dev.tailor.config.ImageFiles")
                .should().dependOnClassesThat().resideInAnyPackage("java.awt..", "javax.imageio..")
                .check(tailor);
    }

    /** The HTTP server and its metrics are one adapter; nothing else may grow a dependency on them. */
    @Test
    void httpServerAndMetricsOnlyInServe() {
        noClasses().that().resideOutsideOfPackage("dev.tailor.serve..")
                .should().dependOnClassesThat().resideInAnyPackage("io.javalin..", "org.eclipse.jetty..", "jakarta.servlet..", "io.prometheus..")
                .check(tailor);
    }

    /** Spark is one adapter; nothing else may grow a dependency on it (and its start-up is paid only with --spark). */
    @Test
    void sparkOnlyInItsAdapter() {
        noClasses().that().resideOutsideOfPackage("dev.tailor.spark..")
                .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "scala..")
                .check(tailor);
    }

    @Test
    void jacksonOnlyInTheFilesAdapter() {
        noClasses().that().resideOutsideOfPackage("dev.tailor.config..")
                .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml.jackson..")
                .check(tailor);
    }
}
