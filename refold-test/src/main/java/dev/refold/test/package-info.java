/**
 * Test fixtures for projections, on a real PostgreSQL (after Axon's {@code axon-test}): {@link dev.refold.test.RefoldTest}
 * gives each test method a fresh {@link dev.refold.test.TestDatabase}, and {@link dev.refold.test.ProjectionFixture}
 * states a projection's behaviour as given events, when built or appended, then rows. Add
 * {@code dev.refold:refold-test} with {@code <scope>test</scope>}; no Docker is needed.
 */
package dev.refold.test;
