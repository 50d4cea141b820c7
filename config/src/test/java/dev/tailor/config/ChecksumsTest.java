package dev.tailor.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumsTest {
    @Test
    void hashesTheBytesAsStored(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("abc"), "abc");

        // The FIPS 180-2 test vector for "abc".
        assertThat(Checksums.sha256(file)).isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThatThrownBy(() -> Checksums.sha256(dir.resolve("missing"))).hasMessageContaining("missing: cannot read");
    }
}
