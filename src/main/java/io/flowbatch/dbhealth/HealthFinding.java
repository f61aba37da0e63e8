package io.flowbatch.dbhealth;

import org.jspecify.annotations.Nullable;

/** One row a section found: a table, an index, a session, a statement, or the database. */
record HealthFinding(Section section, String subject, @Nullable Double value, String detail) {
}
