package dev.tailor.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/tailor-config.schema.json is what the config classes generate, and it agrees with the loader both ways. */
class ConfigSchemaTest {
    static final Path SCHEMA_FILE = Path.of("..", "docs", "tailor-config.schema.json");
    static final Path CONFIGS = Path.of("..", "configs");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(ConfigSchema.json());

    @Test
    void theDocumentedSchemaIsTheGeneratedOne() throws IOException {
        if (Boolean.getBoolean("tailor.writeSchema")) {
            Files.writeString(SCHEMA_FILE, ConfigSchema.json());
        }
        assertThat(Files.readString(SCHEMA_FILE)).as("%s is stale: regenerate it with "
                + "mvn -pl config surefire:test -Dtest=ConfigSchemaTest -Dtailor.writeSchema=true", SCHEMA_FILE).isEqualTo(ConfigSchema.json());
    }

    @Test
    void everyShippedConfigLoadsAndValidates() throws IOException {
        List<Path> configs;
        try (Stream<Path> files = Files.list(CONFIGS)) {
            configs = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(configs).hasSizeGreaterThanOrEqualTo(5);
        for (Path config : configs) {
            ConfigFiles.read(config);
            assertThat(schema.validate(JSON.readTree(config.toFile()))).as(config.toString()).isEmpty();
        }
    }

    @Test
    void aSchemaFieldIsAcceptedByBoth() throws IOException {
        ObjectNode config = (ObjectNode) JSON.readTree(CONFIGS.resolve("quick.json").toFile());
        config.put("$schema", ConfigSchema.ID);
        Path file = Files.writeString(dir.resolve("with-schema.json"), config.toString());

        assertThat(schema.validate(config)).isEmpty();
        assertThat(ConfigFiles.read(file)).isEqualTo(ConfigFiles.read(CONFIGS.resolve("quick.json")));
    }

    /** Mistakes of shape are caught by the schema where the loader catches them too. */
    @Test
    void whatTheLoaderRefusesForItsShapeTheSchemaRefuses() throws IOException {
        for (String bad : List.of(
                "{\"trainig\": {}}",
                "{\"training\": {\"epochs\": \"five\"}}",
                "{\"training\": {\"optimizer\": {\"type\": \"adamw\", \"momentum\": 0.9}}}",
                "{\"training\": {\"schedule\": {\"type\": \"exponential\"}}}",
                "{\"model\": {\"layers\": [{\"type\": \"conv2d\", \"filter\": 32}]}}",
                "{\"model\": {\"layers\": [{\"filters\": 32}]}}",
                "{\"training\": {\"augment\": {\"erase\": {\"area\": \"small\"}}}}")) {
            JsonNode node = JSON.readTree(bad);
            List<Error> errors = schema.validate(node);
            assertThat(errors).as(bad).isNotEmpty();
            Path file = Files.writeString(dir.resolve("bad.json"), bad);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> ConfigFiles.read(file)).as(bad)
                    .isInstanceOf(dev.tailor.domain.InvalidInputException.class);
        }
    }

    @Test
    void anOptimizerWithoutATypeIsAdamForBoth() throws IOException {
        String config = "{\"training\": {\"optimizer\": {\"learningRate\": 0.002}}}";
        assertThat(schema.validate(JSON.readTree(config))).isEmpty();
        assertThat(ConfigFiles.read(Files.writeString(dir.resolve("adam.json"), config)).training().optimizer().learningRate()).isEqualTo(0.002);
    }
}
