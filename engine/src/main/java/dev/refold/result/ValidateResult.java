package dev.refold.result;

import dev.refold.internal.text.ResultJson;

import java.util.List;

/**
 * What {@code validate} found. Each entry of {@code errors} names one projection and what to do about it.
 */
public record ValidateResult(List<String> errors) {
    public boolean valid() {
        return errors.isEmpty();
    }

    public String message() {
        if (errors.isEmpty()) {
            return "All projections are valid";
        }
        return "Validation failed (" + errors.size() + (errors.size() == 1 ? " problem" : " problems") + "):\n- "
                + String.join("\n- ", errors);
    }

    /** This result as JSON (see the README's "Machine-readable output"): {@code errors} and {@code valid}. */
    public String toJson() {
        return ResultJson.write(this);
    }
}
