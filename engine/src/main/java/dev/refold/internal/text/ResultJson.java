package dev.refold.internal.text;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.refold.RefoldException;
import dev.refold.result.BuildResult;
import dev.refold.result.ImportResult;
import dev.refold.result.MigrateResult;
import dev.refold.result.PlanResult;
import dev.refold.result.ValidateResult;
import dev.refold.result.VerifyResult;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The JSON of every result ({@code toJson()}), written by one mapper so that all of them follow the same rules:
 * a record's components under their own names, enums by name, instants and durations as ISO-8601 text
 * ({@code 2026-12-02T05:00:00Z}, {@code PT2.5S}), an empty {@code Optional} as null, and the few derived facts a
 * reader would otherwise recompute ({@code valid}, {@code passed}, {@code refused}, ...) added by mix-ins, so the
 * public records carry no Jackson annotations.
 */
public final class ResultJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .registerModule(new SimpleModule("refold-optional").addSerializer(new OptionalSerializer()))
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .addMixIn(ValidateResult.class, ValidateMixin.class)
            .addMixIn(MigrateResult.class, MigrateMixin.class)
            .addMixIn(BuildResult.class, BuildMixin.class)
            .addMixIn(ImportResult.class, BuildMixin.class)
            .addMixIn(VerifyResult.class, VerifyMixin.class)
            .addMixIn(VerifyResult.ProjectionVerification.class, VerifyMixin.class)
            .addMixIn(PlanResult.class, PlanMixin.class);

    private ResultJson() {
    }

    public static String write(Object result) {
        try {
            return MAPPER.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new RefoldException("Cannot write " + result.getClass().getSimpleName() + " as JSON: " + e.getMessage(), e);
        }
    }

    abstract static class ValidateMixin {
        @JsonProperty("valid")
        abstract boolean valid();
    }

    abstract static class MigrateMixin {
        @JsonProperty("nothingToDo")
        abstract boolean nothingToDo();
    }

    abstract static class BuildMixin {
        @JsonProperty("eventsPerSecond")
        abstract double eventsPerSecond();
    }

    abstract static class VerifyMixin {
        @JsonProperty("passed")
        abstract boolean passed();
    }

    abstract static class PlanMixin {
        @JsonProperty("refused")
        abstract boolean refused();

        @JsonProperty("problems")
        abstract List<String> problems();

        @JsonProperty("eventsToReplay")
        abstract long eventsToReplay();

        @JsonProperty("eta")
        abstract Duration eta();
    }

    /** Without jackson-datatype-jdk8, which the engine does not otherwise need, Jackson would write {"present":..}. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static final class OptionalSerializer extends StdSerializer<Optional> {
        OptionalSerializer() {
            super(Optional.class);
        }

        @Override
        public void serialize(Optional value, JsonGenerator generator, SerializerProvider provider) throws IOException {
            if (value.isPresent()) {
                provider.defaultSerializeValue(value.get(), generator);
            } else {
                generator.writeNull();
            }
        }
    }
}
