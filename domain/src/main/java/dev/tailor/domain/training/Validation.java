package dev.tailor.domain.training;

import dev.tailor.domain.InvalidInputException;
import java.util.Optional;

/**
 * A share of the training images held out, class by class, to score each epoch on; optionally, early stopping on
 * that score. Share 0 means none.
 */
public record Validation(double share, Optional<EarlyStopping> earlyStopping) {
    public static final Validation NONE = new Validation(0, Optional.empty());

    public Validation {
        if (!(share >= 0 && share < 1)) {
            throw new InvalidInputException("validation is the share of training images held out and must be in (0, 1), got "
                    + share);
        }
        if (earlyStopping == null) {
            earlyStopping = Optional.empty();
        }
        if (share == 0 && earlyStopping.isPresent()) {
            throw new InvalidInputException("earlyStopping watches validation scores: give a validation share as well");
        }
    }

    public static Validation of(double share) {
        if (share == 0) {
            throw new InvalidInputException("validation is the share of training images held out and must be in (0, 1), got 0.0");
        }
        return new Validation(share, Optional.empty());
    }

    public boolean enabled() {
        return share > 0;
    }
}
