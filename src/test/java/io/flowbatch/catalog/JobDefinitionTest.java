package io.flowbatch.catalog;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.batch.core.job.parameters.JobParameters;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobDefinitionTest {

	private static final LocalDate TODAY = LocalDate.of(2026, 11, 21);

	private final JobDefinition job = new JobDefinition("daily-sample", "a sample", null, List.of(), List.of(
			new ParameterDefinition("date", ParameterType.DATE, true, "yesterday", null, "today", "day"),
			new ParameterDefinition("lookbackDays", ParameterType.LONG, false, "3", "0", "400", "window"),
			new ParameterDefinition("dryRun", ParameterType.BOOLEAN, false, "false", null, null, "report only"),
			new ParameterDefinition("key", ParameterType.STRING, false, null, null, null, "required text")));

	@Test
	void defaultsFillWhatIsNotGivenAndRelativeDatesResolveAgainstToday() {
		JobParameters parameters = this.job.resolveParameters(Map.of("key", "k1"), TODAY);

		assertThat(parameters.getLocalDate("date")).isEqualTo(LocalDate.of(2026, 11, 20));
		assertThat(parameters.getLong("lookbackDays")).isEqualTo(3L);
		assertThat(parameters.getString("dryRun")).isEqualTo("false");
		assertThat(parameters.getIdentifyingParameters()).extracting("name").containsExactly("date");
	}

	@Test
	void everyProblemIsReportedAtOnceWithWhatWasExpected() {
		assertThatThrownBy(() -> this.job.resolveParameters(
				Map.of("date", "2026-13-01", "lookbackDays", "500", "dryRun", "maybe", "colour", "red"), TODAY))
			.isInstanceOfSatisfying(InvalidParametersException.class, (ex) -> assertThat(ex.problems())
				.containsExactlyInAnyOrder(
						"unknown parameter 'colour' (daily-sample takes: date, lookbackDays, dryRun, key)",
						"parameter 'date' must be a date (YYYY-MM-DD, today, yesterday or today-N), got '2026-13-01'",
						"parameter 'lookbackDays' must be between 0 and 400, got '500'",
						"parameter 'dryRun' must be true or false, got 'maybe'",
						"missing required parameter 'key' (string)"));
	}

	@Test
	void aDateAfterTheUpperBoundIsRefused() {
		assertThatThrownBy(() -> this.job.resolveParameters(Map.of("date", "2026-11-22", "key", "k"), TODAY))
			.hasMessageContaining("parameter 'date' must be at most today, got '2026-11-22'");
	}

	@Test
	void aWrongTypeIsRefused() {
		assertThatThrownBy(() -> this.job.resolveParameters(Map.of("lookbackDays", "three", "key", "k"), TODAY))
			.hasMessageContaining("parameter 'lookbackDays' must be a whole number, got 'three'");
	}

	@Test
	void negativeValuesBelowTheLowerBoundAreRefused() {
		assertThatThrownBy(() -> this.job.resolveParameters(Map.of("lookbackDays", "-1", "key", "k"), TODAY))
			.hasMessageContaining("must be between 0 and 400, got '-1'");
	}

	@Test
	void theShippedCatalogLoadsAndEveryDefaultValidates() throws Exception {
		JobCatalog catalog = JobCatalog.fromClasspath();
		StandardEnvironment shipped = new StandardEnvironment();
		new YamlPropertySourceLoader().load("application.yml", new ClassPathResource("application.yml"))
			.forEach(shipped.getPropertySources()::addLast);

		assertThat(catalog.names()).contains("restart-probe");
		for (JobDefinition definition : catalog.jobs()) {
			Map<String, String> required = new java.util.HashMap<>();
			definition.parameters().stream().filter(ParameterDefinition::required).forEach((p) -> required.put(p.name(),
					p.type() == ParameterType.DATE ? "2026-01-01" : p.type() == ParameterType.LONG ? "1" : "x"));
			// A job without parameters (wal-archive-check: each run a new instance) resolves to none.
			assertThat(definition.resolveParameters(required, TODAY, shipped::getProperty).isEmpty())
				.isEqualTo(definition.parameters().isEmpty());
		}
	}

	@Test
	void defaultsAndBoundsMayReferToEarlierParametersAndToConfiguration() {
		JobDefinition archive = new JobDefinition("archive-sample", "a sample", null, List.of(), List.of(
				new ParameterDefinition("olderThanDays", ParameterType.LONG, false, "30", "${floor.days}", null, ""),
				new ParameterDefinition("before", ParameterType.DATE, true, "today-${olderThanDays}", null,
						"today-${floor.days}", "")));
		java.util.function.Function<String, String> config = Map.of("floor.days", "7")::get;

		assertThat(archive.resolveParameters(Map.of(), TODAY, config).getLocalDate("before"))
			.isEqualTo(LocalDate.of(2026, 10, 22));
		assertThat(archive.resolveParameters(Map.of("olderThanDays", "10"), TODAY, config).getLocalDate("before"))
			.isEqualTo(LocalDate.of(2026, 11, 11));
		assertThatThrownBy(() -> archive.resolveParameters(Map.of("olderThanDays", "3"), TODAY, config))
			.isInstanceOfSatisfying(InvalidParametersException.class, (ex) -> assertThat(ex.problems())
				.containsExactly("parameter 'olderThanDays' must be at least 7, got '3'"));
		assertThatThrownBy(() -> archive.resolveParameters(Map.of("before", "2026-11-20"), TODAY, config))
			.hasMessageContaining("parameter 'before' must be at most today-7, got '2026-11-20'");
	}

}
