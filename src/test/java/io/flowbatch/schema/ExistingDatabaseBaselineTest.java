package io.flowbatch.schema;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Production databases already hold the flow-metrics tables (the webhook service owns them). With
 * {@code spring.flyway.baseline-on-migrate=true} flowbatch records them as baseline V1 and adds only its own objects,
 * leaving the service's data alone; without it, it refuses to touch a non-empty schema it does not know.
 */
class ExistingDatabaseBaselineTest {

	private static final String DATABASE = "flowbatch_existing";

	private String defaultUrl;

	private JdbcClient existing;

	@BeforeEach
	void createDatabaseAsTheWebhookServiceWould() throws Exception {
		TestPostgres postgres = TestPostgres.get();
		postgres.createDatabase(DATABASE);
		this.existing = JdbcClient.create(postgres.dataSource(DATABASE));
		this.existing.sql(Files.readString(Path.of("sql/migration/V1__flow_metrics_schema.sql"))).update();
		this.existing.sql("INSERT INTO teams (id, name) VALUES ('payments', 'Payments')").update();
		this.existing.sql("INSERT INTO webhook_events (source, event_type, delivery_id, payload)"
				+ " VALUES ('github', 'push', 'd-1', '{\"ref\": \"main\"}')").update();
		this.defaultUrl = System.getProperty("spring.datasource.url");
		System.setProperty("spring.datasource.url", postgres.jdbcUrl(DATABASE));
	}

	@AfterEach
	void restoreDatabase() {
		System.setProperty("spring.datasource.url", this.defaultUrl);
		System.clearProperty("spring.flyway.baseline-on-migrate");
	}

	@Test
	void withBaselineOnMigrateOnlyFlowbatchsOwnMigrationsRunAndTheServiceDataStays() {
		System.setProperty("spring.flyway.baseline-on-migrate", "true");

		CliRun history = CliRun.of("migrate");

		assertThat(history.exitCode()).as(history.toString()).isZero();
		List<String> applied = this.existing
			.sql("SELECT version || ':' || type FROM flyway_schema_history ORDER BY installed_rank")
			.query(String.class)
			.list();
		assertThat(applied).first().isEqualTo("1:BASELINE");
		assertThat(applied).contains("2:SQL", "3:SQL");
		assertThat(this.existing.sql("SELECT count(*) FROM teams").query(Integer.class).single()).isEqualTo(1);
		assertThat(this.existing.sql("SELECT count(*) FROM webhook_events").query(Integer.class).single()).isEqualTo(1);
		assertThat(this.existing.sql("SELECT count(*) FROM pg_indexes WHERE indexname = 'idx_webhook_events_received_at'")
			.query(Integer.class)
			.single()).isEqualTo(1);
	}

	@Test
	void withoutBaselineTheExistingSchemaIsRefusedAndLeftUntouched() {
		CliRun history = CliRun.of("migrate");

		assertThat(history.exitCode()).isEqualTo(70);
		assertThat(history.err()).contains("non-empty schema").contains("SPRING_FLYWAY_BASELINE_ON_MIGRATE=true");
		assertThat(this.existing.sql("SELECT count(*) FROM pg_tables WHERE tablename = 'batch_job_execution'")
			.query(Integer.class)
			.single()).isZero();
	}

}
