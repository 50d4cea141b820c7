package dev.tailor.domain.data;

import java.util.List;

/** Zalando's Fashion-MNIST: its ten classes, in label order. Its files are the files adapter's to read. */
public final class FashionMnist {
    public static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private FashionMnist() {
    }
}
