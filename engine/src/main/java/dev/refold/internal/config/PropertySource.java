package dev.refold.internal.config;

/** One place a property value can come from, named so that an error can say where a bad value was found. */
interface PropertySource {
    String get(RefoldProperty property);

    /** Where {@code property} came from, for error messages: "system property refold.batchSize". */
    String describe(RefoldProperty property);
}
