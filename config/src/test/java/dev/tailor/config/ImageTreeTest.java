package dev.tailor.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tailor.application.port.out.EncodedImage;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.inference.Preprocessing;
import dev.tailor.domain.model.ImageShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageTreeTest {
    @TempDir
    Path dir;

    private List<String> names(List<Path> paths) {
        List<String> names = new ArrayList<>();
        try (ImageTree tree = new ImageTree(paths)) {
            tree.forEachRemaining(image -> names.add(dir.relativize(Path.of(image.name())).toString()));
        }
        return names;
    }

    @Test
    void directoriesAreSearchedRecursivelyForImageFilesAndNamedFilesAreTakenAsGiven() throws IOException {
        Files.createDirectories(dir.resolve("a/b/c"));
        for (String file : List.of("a/one.png", "a/TWO.JPG", "a/b/three.jpeg", "a/b/c/four.gif", "a/b/c/five.bmp",
                "a/notes.txt", "a/b/.DS_Store", "a/b/png", "loose.dat")) {
            Files.write(dir.resolve(file), new byte[] {1});
        }

        assertThat(names(List.of(dir.resolve("a"))))
                .containsExactlyInAnyOrder("a/one.png", "a/TWO.JPG", "a/b/three.jpeg", "a/b/c/four.gif", "a/b/c/five.bmp");
        assertThat(names(List.of(dir.resolve("loose.dat"), dir.resolve("a/b/c"), dir.resolve("a/one.png"))))
                .startsWith("loose.dat").endsWith("a/one.png").hasSize(4);
    }

    @Test
    void aMissingPathComesOutInItsPlaceAndFailsToDecode() throws IOException {
        Files.write(dir.resolve("here.png"), new byte[] {1});
        List<EncodedImage> images = new ArrayList<>();
        try (ImageTree tree = new ImageTree(List.of(dir.resolve("gone"), dir.resolve("here.png")))) {
            tree.forEachRemaining(images::add);
        }

        assertThat(images).extracting(EncodedImage::name).containsExactly(dir.resolve("gone").toString(), dir.resolve("here.png").toString());
        assertThat(decodeError(images.get(0))).isEqualTo(dir.resolve("gone") + ": file not found");
    }

    @Test
    void aSymbolicLinkToAnEnclosingDirectoryIsNotFollowed() throws IOException {
        Files.createDirectories(dir.resolve("top/sub"));
        Files.write(dir.resolve("top/sub/x.png"), new byte[] {1});
        Files.createSymbolicLink(dir.resolve("top/sub/loop"), dir.resolve("top"));

        assertThat(names(List.of(dir.resolve("top")))).containsExactly("top/sub/x.png");
    }

    @Test
    void anEmptyTreeHasNothing() throws IOException {
        Files.createDirectories(dir.resolve("empty/deeper"));

        assertThat(names(List.of(dir.resolve("empty")))).isEmpty();
    }

    private static String decodeError(EncodedImage image) {
        try {
            image.decode(new ImageShape(1, 28, 28), Preprocessing.Inversion.AUTO);
            throw new AssertionError("decoded " + image.name());
        } catch (InvalidInputException e) {
            return e.getMessage();
        }
    }
}
