package dev.refold;

import dev.refold.result.ValidateResult;

/** {@code validate()} (or the validation inside {@code migrate()}) found projections that must not be built as they are. */
public class ValidationException extends RefoldException {
    private final ValidateResult result;

    public ValidationException(ValidateResult result) {
        super(result.message());
        this.result = result;
    }

    public ValidateResult result() {
        return result;
    }
}
