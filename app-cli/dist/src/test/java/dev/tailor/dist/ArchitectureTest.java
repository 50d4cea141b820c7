package dev.tailor.dist;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.tailor.domain.spi.Backends;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The hexagon, as rules: the domain stands alone, each framework stays in its one module, adapters never meet. */
class ArchitectureTest {
    private static JavaClasses tailor;

    @BeforeAll
    static void importMainClasses() {
        tailor = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // Test-jars (the domain's contract suite) are test code too, wherever Maven resolves them from.
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("dev.tailor");
    }

    @Test
    void everyModuleIsImported() {
        for (String pkg : new String[] {"dev.tailor.domain", "dev.tailor.config", "dev.tailor.application", "dev.tailor.cli",
                "dev.tailor.serve", "dev.tailor.spark"}) {
            assertThat(tailor.stream().anyMatch(c -> c.getPackageName().startsWith(pkg))).as(pkg).isTrue();
        }
        for (String backend : Backends.installed().names()) {
            assertThat(tailor.stream().anyMatch(c -> c.getPackageName().startsWith("dev.tailor.backend." + backend)))
                    .as("the %s backend's package", backend).isTrue();
        }
    }

    @Test
    void theDomainsPackagesAreFreeOfCycles() {
        slices().matching("dev.tailor.domain.(*)..").should().beFreeOfCycles().check(tailor);
    }

    @Test
    void theDomainUsesOnlyTheJavaPlatform() {
        classes().that().resideInAPackage("dev.tailor.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("java..", "dev.tailor.domain..")
                .check(tailor);
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

    /** The command line reaches Spark only through the Cluster port, so Spark can stay off its class path. */
    @Test
    void nothingNamesTheSparkAdapter() {
        noClasses().that().resideOutsideOfPackage("dev.tailor.spark..")
                .should().dependOnClassesThat().resideInAPackage("dev.tailor.spark..")
                .check(tailor);
    }

    @Test
    void jacksonOnlyInConfig() {
        noClasses().that().resideOutsideOfPackage("dev.tailor.config..")
                .should().dependOnClassesThat().resideInAnyPackage("com.fasterxml.jackson..")
                .check(tailor);
    }

    @Test
    void backendsNeverDependOnEachOther() {
        slices().matching("dev.tailor.backend.(*)..").should().notDependOnEachOther().check(tailor);
    }

    @Test
    void backendsNeverDependOnTheApplication() {
        noClasses().that().resideInAPackage("dev.tailor.backend..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tailor.config..", "dev.tailor.application..", "dev.tailor.cli..")
                .check(tailor);
    }

    @Test
    void theApplicationFindsBackendsOnlyThroughTheSpi() {
        noClasses().that().resideInAnyPackage("dev.tailor.cli..", "dev.tailor.config..", "dev.tailor.application..")
                .should().dependOnClassesThat().resideInAPackage("dev.tailor.backend..")
                .check(tailor);
    }

    @Test
    void useCasesNeedNeitherTheCommandLineNorItsFrameworks() {
        noClasses().that().resideInAPackage("dev.tailor.application..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.tailor.cli..", "picocli..", "com.google.inject..",
                        "jakarta.inject..", "org.knowm.xchart..", "java.awt..")
                .check(tailor);
    }

    @Test
    void theConfigModuleReadsFilesAndLeavesUseCasesToTheApplication() {
        noClasses().that().resideInAPackage("dev.tailor.config..")
                .should().dependOnClassesThat().resideInAPackage("dev.tailor.application..")
                .check(tailor);
    }
}
