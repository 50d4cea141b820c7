package dev.tailor.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tailor.domain.InvalidInputException;
import dev.tailor.domain.augmentation.Augmentation;
import dev.tailor.domain.augmentation.RandomErasing;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code {"shift": 2, "flip": true, "erase": {"probability": 0.5, "area": [0.02, 0.4], "minAspect": 0.3,
 * "fill": "random"}}}: every field optional; {@code "erase": {}} is Zhong et al.'s defaults.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record AugmentJson(Integer shift, Boolean flip, Erase erase) implements JsonForm<Augmentation> {
    record Erase(Double probability, List<Double> area, Double minAspect, String fill) implements JsonForm<RandomErasing> {
        @Override
        public RandomErasing toDomain() {
            RandomErasing d = RandomErasing.ZHONG;
            if (area != null && (area.size() != 2 || area.stream().anyMatch(java.util.Objects::isNull))) {
                throw new InvalidInputException("area must be [min, max], shares of the image, got " + area);
            }
            return new RandomErasing(probability == null ? d.probability() : probability,
                    area == null ? d.minArea() : area.get(0), area == null ? d.maxArea() : area.get(1),
                    minAspect == null ? d.minAspect() : minAspect, fill(fill));
        }

        private static RandomErasing.Fill fill(String id) {
            if (id == null) {
                return RandomErasing.ZHONG.fill();
            }
            return switch (id) {
                case "random" -> RandomErasing.Fill.RANDOM;
                case "zero" -> RandomErasing.Fill.ZERO;
                default -> throw new InvalidInputException("unknown fill '" + id + "'; expected random or zero");
            };
        }

        static Erase from(RandomErasing e) {
            return new Erase(e.probability(), List.of(e.minArea(), e.maxArea()), e.minAspect(),
                    e.fill().name().toLowerCase(Locale.ROOT));
        }
    }

    @Override
    public Augmentation toDomain() {
        return new Augmentation(shift == null ? 0 : shift, flip != null && flip, Optional.ofNullable(erase).map(Erase::toDomain));
    }

    static AugmentJson from(Augmentation a) {
        return new AugmentJson(a.shift(), a.flip(), a.erase().map(Erase::from).orElse(null));
    }
}
