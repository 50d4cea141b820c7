package dev.tailor.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/** The ids users write for one of a closed set of choices (an enum's constants): one way to read them, one error. */
public final class Ids {
    private Ids() {
    }

    /** A constant's name in lower case, the id of most choices: {@code BF16} is {@code bf16}. */
    public static String lowerCase(Enum<?> choice) {
        return choice.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The choice whose id is {@code value}; otherwise "unknown FIELD 'VALUE'; expected a, b or c", an
     * {@link InvalidInputException}.
     */
    public static <E extends Enum<E>> E parse(E[] choices, Function<E, String> id, String value, String field) {
        for (E choice : choices) {
            if (id.apply(choice).equals(value)) {
                return choice;
            }
        }
        List<String> ids = Arrays.stream(choices).map(id).toList();
        String expected = ids.size() == 1 ? ids.get(0)
                : String.join(", ", ids.subList(0, ids.size() - 1)) + " or " + ids.get(ids.size() - 1);
        throw new InvalidInputException("unknown " + field + " '" + value + "'; expected " + expected);
    }
}
