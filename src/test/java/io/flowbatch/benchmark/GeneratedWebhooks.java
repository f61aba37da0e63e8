package io.flowbatch.benchmark;

import java.time.LocalDate;

import io.flowbatch.testsupport.CliRun;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The webhook-archive benchmarks' data: generated events over 120 days (the database spring.datasource.url names),
 * vacuumed and analyzed as a nightly database would be.
 */
final class GeneratedWebhooks {

	private GeneratedWebhooks() {
	}

	/** Generates {@code events} events; returns how many were received before {@code cutoff}. */
	static long generate(JdbcClient jdbc, long events, LocalDate cutoff) {
		CliRun generated = CliRun.of("generate", "--teams", "1", "--flow-items", "0", "--webhooks",
				String.valueOf(events), "--days", "120");
		assertThat(generated.exitCode()).as(generated.toString()).isZero();
		jdbc.sql("VACUUM ANALYZE webhook_events").update();
		return jdbc.sql("SELECT count(*) FROM webhook_events WHERE received_at < ?")
			.param(cutoff.atStartOfDay())
			.query(Long.class)
			.single();
	}

	/** After a run: no event before {@code cutoff} is left, and the manifest holds every one of the {@code rows}. */
	static void assertAllArchived(JdbcClient jdbc, LocalDate cutoff, long rows) {
		assertThat(jdbc.sql("SELECT count(*) FROM webhook_events WHERE received_at < ?")
			.param(cutoff.atStartOfDay())
			.query(Long.class)
			.single()).isZero();
		assertThat(jdbc.sql("SELECT sum(row_count) FROM archive_manifest").query(Long.class).single()).isEqualTo(rows);
	}

}
