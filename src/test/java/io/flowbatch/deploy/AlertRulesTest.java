package io.flowbatch.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.flowbatch.testsupport.Tools;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static io.flowbatch.testsupport.YamlTrees.map;
import static io.flowbatch.testsupport.YamlTrees.maps;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code k8s-cronjobs/alert-rules.yaml}: valid for Prometheus, its promtool unit tests pass, every rule tells the
 * on-call what happened and links a runbook section that exists, and every job of the catalog is watched for not
 * succeeding, for stale and for absent metrics.
 */
class AlertRulesTest {

	private static final Path BASE = Path.of("k8s-cronjobs");

	private static final String RUNBOOKS = "https://runbooks.example.com/flowbatch/docs/runbooks.md#";

	private static final Pattern JOB_NAMES = Pattern.compile("job_name=~?\"([^\"]+)\"");

	/** Alerts that must name every job of the catalog. */
	private static final List<String> PER_JOB_ALERTS = List.of("FlowbatchJobOverdue", "FlowbatchJobMetricsStale",
			"FlowbatchJobMetricsAbsent");

	@Test
	void promtoolAcceptsTheRulesAndTheirUnitTestsPass() {
		Tools.Result check = Tools.run(BASE, "promtool", "prometheus", "check", "rules", "alert-rules.yaml");
		assertThat(check.exitCode()).as(check.output()).isZero();

		Tools.Result unitTests = Tools.run(BASE, "promtool", "prometheus", "test", "rules", "alert-rules-test.yaml",
				"alert-rules-test-days.yaml");
		assertThat(unitTests.exitCode()).as(unitTests.output()).isZero();
		assertThat(unitTests.output()).contains("SUCCESS");
	}

	@Test
	void everyRuleHasASeverityASummaryADescriptionAndARunbookSectionThatExists() throws IOException {
		Set<String> sections = runbookSections();
		for (Map<String, Object> rule : rules()) {
			String alert = String.valueOf(rule.get("alert"));
			assertThat(map(rule, "labels").get("severity")).as(alert).isIn("critical", "warning");
			Map<String, Object> annotations = map(rule, "annotations");
			assertThat(annotations).as(alert).containsKeys("summary", "description", "runbook_url");
			assertThat(String.valueOf(annotations.get("description"))).as(alert).hasSizeGreaterThan(40);
			String runbook = String.valueOf(annotations.get("runbook_url"));
			assertThat(runbook).as(alert).startsWith(RUNBOOKS);
			assertThat(sections).as("%s: runbook section of %s", alert, runbook)
				.contains(runbook.substring(RUNBOOKS.length()));
		}
	}

	@Test
	void everyCatalogJobIsWatchedForNotSucceedingAndForStaleAndAbsentMetrics() throws IOException {
		Set<String> catalog = catalogJobs();
		for (String alert : PER_JOB_ALERTS) {
			Set<String> watched = rules().stream()
				.filter((rule) -> alert.equals(rule.get("alert")))
				.flatMap((rule) -> jobNames(String.valueOf(rule.get("expr"))).stream())
				.collect(Collectors.toCollection(TreeSet::new));
			assertThat(watched).as("jobs %s watches", alert).isEqualTo(catalog);
		}
	}

	private static Set<String> jobNames(String expression) {
		Set<String> names = new TreeSet<>();
		Matcher matcher = JOB_NAMES.matcher(expression);
		while (matcher.find()) {
			names.addAll(Arrays.asList(matcher.group(1).split("\\|")));
		}
		return names;
	}

	private static List<Map<String, Object>> rules() throws IOException {
		try (InputStream in = Files.newInputStream(BASE.resolve("alert-rules.yaml"))) {
			Map<String, Object> file = new Yaml().load(in);
			return maps(file, "groups").stream().flatMap((group) -> maps(group, "rules").stream()).toList();
		}
	}

	/** The anchors GitHub gives the headings of docs/runbooks.md. */
	private static Set<String> runbookSections() throws IOException {
		return Files.readAllLines(Path.of("docs", "runbooks.md"))
			.stream()
			.filter((line) -> line.startsWith("## "))
			.map((heading) -> heading.substring(3)
				.strip()
				.toLowerCase(Locale.ROOT)
				.replaceAll("[^\\p{L}\\p{N} _-]", "")
				.replace(' ', '-'))
			.collect(Collectors.toSet());
	}

	private static Set<String> catalogJobs() throws IOException {
		try (Stream<Path> files = Files.list(Path.of("jobs"))) {
			Set<String> names = new TreeSet<>();
			for (Path file : files.filter((f) -> f.toString().endsWith(".yml")).toList()) {
				try (InputStream in = Files.newInputStream(file)) {
					Map<String, Object> job = new Yaml().load(in);
					names.add(String.valueOf(job.get("name")));
				}
			}
			return names;
		}
	}

}
