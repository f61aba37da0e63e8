package io.flowbatch.console;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.flowbatch.audit.Actor;
import io.flowbatch.cli.CliException;
import io.flowbatch.sql.SqlFiles;
import io.flowbatch.testsupport.ChildFlowbatch;
import io.flowbatch.testsupport.CliRun;
import io.flowbatch.testsupport.HeadlessChromium;
import io.flowbatch.testsupport.TestPostgres;
import io.flowbatch.testsupport.TestS3;
import io.flowbatch.testsupport.TestServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code flowbatch console} end to end: real executions of real jobs (backup, backup-verify, restore-test,
 * webhook-archive) in a real PostgreSQL, pages loaded in headless Chromium, one screenshot per page kept under
 * target/console-screenshots. The PITR drills' rows are written as pitr-test writes them, for executions of this test:
 * a real drill needs pgBackRest and a WAL-archiving cluster (PitrJobsTest runs them).
 */
class ConsoleBrowserTest {

	private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

	private static final AtomicLong RERUN = new AtomicLong(System.currentTimeMillis());

	/** Text no page may carry unescaped: the reason an operator gives is free text. */
	private static final String HOSTILE_REASON = "<script>alert('owned')</script> nightly check & \"retry\"";

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	/** Who the CLI records as running the jobs of this test. */
	private static final Actor ACTOR = Actor.current();

	private static JdbcClient jdbc;

	private static HeadlessChromium chromium;

	private static Console console;

	private static long backupVerify;

	private static List<Long> passedRestoreTests;

	private static long failedRestoreTest;

	private static long webhookArchive;

	private static long archiveVerify;

	/** When the PITR drills were recorded: the passed one a day before, the failed one an hour before. */
	private static final LocalDateTime PITR_TESTED = LocalDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);

	private static long passedPitrDrill;

	private static long failedPitrDrill;

	/** The object of {@link #webhookArchive} deleted from S3 before archive-verify ran. */
	private static String lostObject;

	@BeforeAll
	static void runJobsAndStartTheConsole() {
		TestServers.startDatabaseAndS3();
		jdbc = JdbcClient.create(TestPostgres.get().dataSource());
		chromium = HeadlessChromium.find();
		System.setProperty("flowbatch.s3.prefix", "console-" + UUID.randomUUID());
		try {
			jdbc.sql("TRUNCATE teams, flow_items, webhook_events CASCADE").update();
			jdbc.sql("INSERT INTO teams (id, name) SELECT 'team-' || n, 'Team ' || n FROM generate_series(1, 5) n")
				.update();
			succeeds("run", "backup", "rerun=" + RERUN.incrementAndGet());
			backupVerify = succeeds("run", "backup-verify", "rerun=" + RERUN.incrementAndGet());
			passedRestoreTests = List.of(succeeds("run", "restore-test", "rerun=" + RERUN.incrementAndGet()),
					succeeds("run", "restore-test", "rerun=" + RERUN.incrementAndGet()));
			System.setProperty("flowbatch.restore.rto-target", "0s");
			CliRun failed = CliRun.of("run", "restore-test", "rerun=" + RERUN.incrementAndGet(), "--reason",
					HOSTILE_REASON);
			assertThat(failed.exitCode()).as(failed.toString()).isEqualTo(1);
			failedRestoreTest = failed.executionId();
			webhookArchive = archiveWebhookEvents();
			lostObject = jdbc.sql("SELECT min(object_key) FROM archive_manifest WHERE job_execution_id = ?")
				.param(webhookArchive)
				.query(String.class)
				.single();
			try (S3Client s3 = TestS3.get().client()) {
				s3.deleteObject((r) -> r.bucket(TestS3.BUCKET).key(lostObject));
			}
			CliRun verify = CliRun.of("run", "archive-verify", "rerun=" + RERUN.incrementAndGet());
			assertThat(verify.exitCode()).as(verify.toString()).isEqualTo(1);
			archiveVerify = verify.executionId();
			passedPitrDrill = passedRestoreTests.get(1);
			recordPitrDrill(passedPitrDrill, PITR_TESTED.minusDays(1), 38.42, 9.7, 2.15, "flowbatch_pitr", false, null);
			failedPitrDrill = failedRestoreTest;
			recordPitrDrill(failedPitrDrill, PITR_TESTED.minusHours(1), 3104.5, 655.2, 2.3, "postgres", true,
					"RTO 3762.0 s exceeds flowbatch.pitr.rto-target 3600 s");
		}
		finally {
			System.clearProperty("flowbatch.restore.rto-target");
			System.clearProperty("flowbatch.s3.prefix");
		}
		console = Console.start(ConsoleSettings.from("127.0.0.1:0", Map.of()));
	}

	@AfterAll
	static void stopTheConsole() {
		if (console != null) {
			console.close();
		}
	}

	@Test
	void theHistoryListsTheRealExecutionsNewestFirstWithLinksToEachOne() {
		String dom = load("/executions", "executions");

		List<List<String>> rows = table(dom, "executions");
		List<Long> ids = rows.stream().map((row) -> Long.parseLong(row.get(0))).toList();
		assertThat(ids).contains(backupVerify, failedRestoreTest, webhookArchive).containsAll(passedRestoreTests);
		assertThat(ids).isSortedAccordingTo((a, b) -> Long.compare(b, a));
		assertThat(dom).contains("<a href=\"/executions/" + webhookArchive + "\">" + webhookArchive + "</a>");
		assertThat(row(rows, failedRestoreTest)).contains("restore-test", "FAILED");
		// who ran it and the reason given, escaped: shown as text, never markup
		assertThat(row(rows, failedRestoreTest).get(6)).isEqualTo("run by " + ACTOR.name() + ": " + HOSTILE_REASON);
		assertThat(row(rows, webhookArchive).get(6)).isEqualTo("run by " + ACTOR.name());
		assertThat(dom).doesNotContain("<script").contains("&lt;script&gt;alert('owned')&lt;/script&gt;");
	}

	@Test
	void theFiltersAreThoseOfTheHistoryVerbInAGetForm() {
		List<List<String>> restoreTests = table(load("/executions?job=restore-test&since=1d&status=&limit=",
				"executions-restore-test"), "executions");
		assertThat(restoreTests).extracting((row) -> row.get(1)).containsOnly("restore-test");
		assertThat(restoreTests).extracting((row) -> Long.parseLong(row.get(0)))
			.contains(failedRestoreTest)
			.containsAll(passedRestoreTests);

		List<List<String>> failed = table(load("/executions?job=restore-test&status=FAILED", "executions-failed"),
				"executions");
		assertThat(failed).extracting((row) -> row.get(2)).containsOnly("FAILED");
		assertThat(failed).extracting((row) -> Long.parseLong(row.get(0))).contains(failedRestoreTest);

		assertThat(table(chromium.dom(url("/executions?limit=2")), "executions")).hasSize(2);
		String future = chromium.dom(url("/executions?since=" + LocalDate.now(ZoneOffset.UTC).plusDays(1)));
		assertThat(future).contains("0 executions created since").doesNotContain("id=\"executions\"");
		// the form keeps what was asked for
		assertThat(chromium.dom(url("/executions?job=restore-test&status=failed")))
			.contains("<option value=\"restore-test\" selected=\"selected\">")
			.contains("<option value=\"FAILED\" selected=\"selected\">");
	}

	@Test
	void aFilterTheHistoryVerbRefusesIsExplainedWithStatus400() throws Exception {
		String dom = load("/executions?since=yesterday", "executions-bad-filter");

		assertThat(dom).contains("The filters were not understood: --since takes an age (7d, 12h, 30m) or a UTC date");
		assertThat(get("/executions?since=yesterday").statusCode()).isEqualTo(400);
		assertThat(get("/executions?limit=-1").statusCode()).isEqualTo(400);
	}

	@Test
	void aFailedExecutionShowsItsParametersStepsFailureAndWhoActedOnItAndWhy() {
		String dom = load("/executions/" + failedRestoreTest, "execution-failed-restore-test");

		assertThat(dom).contains("Execution " + failedRestoreTest + " of restore-test");
		assertThat(table(dom, "parameters")).extracting((row) -> row.get(0)).contains("backup", "date", "rerun");
		List<List<String>> steps = table(dom, "steps");
		assertThat(steps).isNotEmpty();
		assertThat(steps).extracting((row) -> row.get(1)).contains("FAILED");
		assertThat(dom).contains("class=\"failure\"").contains("exceeds the target of 0 s");
		List<List<String>> actions = table(dom, "operator-actions");
		assertThat(actions).hasSize(1);
		assertThat(actions.get(0)).containsSequence("run", String.valueOf(failedRestoreTest), ACTOR.name(),
				ACTOR.host(), ACTOR.version(), HOSTILE_REASON);
		assertThat(dom).doesNotContain("<script");
		List<List<String>> restoreTest = table(dom, "restore-tests");
		assertThat(restoreTest).hasSize(1);
		assertThat(restoreTest.get(0)).contains("failed", "0.00 s");
	}

	@Test
	void anArchivingExecutionShowsItsCountsAndLinksToItsObjects() {
		String dom = load("/executions/" + webhookArchive, "execution-webhook-archive");

		Map<String, Object> manifest = jdbc.sql("""
				SELECT count(*) AS objects, sum(row_count) AS row_count, sum(rows_deleted) AS rows_deleted
				  FROM archive_manifest WHERE job_execution_id = ?""").param(webhookArchive).query().singleRow();
		List<List<String>> archived = table(dom, "archive-runs");
		assertThat(archived).hasSize(1);
		assertThat(archived.get(0)).containsSequence(String.valueOf(webhookArchive), "webhook-archive", "COMPLETED",
				"webhook_events", Formats.count(manifest.get("objects")), Formats.count(manifest.get("row_count")));
		long written = table(dom, "steps").stream()
			.mapToLong((row) -> Long.parseLong(row.get(3).replace(",", "")))
			.sum();
		assertThat(written).isPositive();
		assertThat(dom).contains("<a href=\"/archives?execution=" + webhookArchive + "\">");
		assertThat(table(dom, "instance-executions")).hasSize(1);
		assertThat(table(dom, "operator-actions")).singleElement()
			.satisfies((action) -> assertThat(action).containsSequence("run", String.valueOf(webhookArchive),
					ACTOR.name(), ACTOR.host(), ACTOR.version(), "-"));
	}

	@Test
	void whatArchiveVerifyFoundLinksTheVerificationAndTheArchivingExecution() {
		String verification = load("/executions/" + archiveVerify, "execution-archive-verify-finding");

		assertThat(row(table(verification, "findings"), lostObject)).containsSequence(lostObject, "MISSING")
			.endsWith(String.valueOf(webhookArchive));
		assertThat(verification).contains("<a href=\"/executions/" + webhookArchive + "\">");

		String objects = chromium.dom(url("/archives?execution=" + webhookArchive));
		assertThat(row(table(objects, "archive-runs"), String.valueOf(webhookArchive)).get(9)).isEqualTo("1");
		assertThat(row(table(objects, "objects"), lostObject).get(7)).startsWith("MISSING")
			.endsWith("(archive-verify " + archiveVerify + ")");
		assertThat(objects).contains("<a href=\"/executions/" + archiveVerify + "\">");
	}

	@Test
	void theArchivesPageListsEveryObjectTheManifestVouchesForPerExecution() {
		assertThat(table(load("/archives", "archives"), "archive-runs")).extracting((row) -> Long.parseLong(row.get(0)))
			.contains(webhookArchive);

		String dom = load("/archives?execution=" + webhookArchive, "archive-objects");

		List<String> keys = jdbc.sql("SELECT object_key FROM archive_manifest WHERE job_execution_id = ? ORDER BY 1")
			.param(webhookArchive)
			.query(String.class)
			.list();
		assertThat(keys).isNotEmpty();
		assertThat(table(dom, "objects")).extracting((row) -> row.get(0)).containsExactlyInAnyOrderElementsOf(keys);
	}

	@Test
	void theBackupsPageChartsEachRestoreTestsRtoAgainstTheTargetAndListsVerifiedBackups() {
		String dom = load("/backups", "backups");

		List<Long> tested = table(dom, "restore-tests").stream().map((row) -> Long.parseLong(row.get(0))).toList();
		assertThat(tested).contains(failedRestoreTest).containsAll(passedRestoreTests);
		Matcher svg = Pattern.compile("<svg id=\"rto-chart\".*?</svg>", Pattern.DOTALL).matcher(dom);
		assertThat(svg.find()).isTrue();
		String chart = svg.group();
		assertThat(count(chart, "<circle")).isEqualTo(tested.size());
		assertThat(count(chart, "class=\"failed\"")).isGreaterThanOrEqualTo(1);
		assertThat(chart).contains("href=\"/executions/" + failedRestoreTest + "\"").contains("target ");
		assertThat(table(dom, "backup-verifications")).extracting((row) -> Long.parseLong(row.get(0)))
			.contains(backupVerify);
		assertThat(load("/executions/" + backupVerify, "execution-backup-verify")).contains("Verified backup")
			.contains("id=\"backup-verifications\"");
	}

	@Test
	void theBackupsPageListsThePitrDrillsByPhaseAndChartsTheirRtoAgainstTheirOwnTarget() {
		String dom = chromium.dom(url("/backups"));

		List<List<String>> drills = table(dom, "pitr-tests");
		LocalDateTime passedAt = PITR_TESTED.minusDays(1);
		assertThat(row(drills, passedPitrDrill)).containsExactly(String.valueOf(passedPitrDrill),
				Formats.time(passedAt), "main", Formats.time(passedAt.minusHours(2)),
				Formats.time(passedAt.minusHours(2).minusSeconds(1)), pitrBackupLabel(passedAt), "passed", "38.4 s",
				"9.70 s", "2.15 s", "50.3 s", "3600.0 s", "14", "14", "9", "flowbatch_pitr (not a superuser)", "");
		assertThat(row(drills, failedPitrDrill)).containsSequence("failed", "3104.5 s", "655.2 s", "2.30 s",
				"3762.0 s", "3600.0 s")
			.containsSequence("postgres (a superuser)", "RTO 3762.0 s exceeds flowbatch.pitr.rto-target 3600 s");
		Matcher table = Pattern.compile("<table id=\"pitr-tests\">.*?</table>", Pattern.DOTALL).matcher(dom);
		assertThat(table.find()).isTrue();
		// each drill links to its execution; an RTO over its target is marked
		assertThat(table.group())
			.contains("<a href=\"/executions/" + passedPitrDrill + "\">" + passedPitrDrill + "</a>")
			.contains("<td class=\"n over\">3762.0 s</td>")
			.doesNotContain("<td class=\"n over\">50.3 s</td>");
		Matcher svg = Pattern.compile("<svg id=\"pitr-rto-chart\".*?</svg>", Pattern.DOTALL).matcher(dom);
		assertThat(svg.find()).isTrue();
		String chart = svg.group();
		assertThat(count(chart, "<circle")).isEqualTo(drills.size());
		assertThat(chart).contains("href=\"/executions/" + passedPitrDrill + "\"")
			.contains("href=\"/executions/" + failedPitrDrill + "\"")
			.contains("execution " + passedPitrDrill + ": RTO 50.3 s, passed")
			.contains("execution " + failedPitrDrill + ": RTO 3762.0 s, failed")
			.contains("id=\"pitr-rto-chart-target\"")
			.contains("RTO (restore + recovery + validate)");

		String execution = load("/executions/" + passedPitrDrill, "execution-pitr-drill");

		assertThat(execution).contains("Execution " + passedPitrDrill + " of ", "Point-in-time recovery drill")
			.contains("<a href=\"/backups#pitr-rto-chart\">");
		assertThat(table(execution, "pitr-tests")).singleElement()
			.satisfies((drill) -> assertThat(drill).startsWith(String.valueOf(passedPitrDrill)).contains("passed"));
	}

	@Test
	void anUnknownExecutionOrPageIsNotFound() throws Exception {
		assertThat(load("/executions/999999999", "execution-unknown")).contains("There is no execution 999999999");
		assertThat(get("/executions/999999999").statusCode()).isEqualTo(404);
		assertThat(get("/nothing-here").statusCode()).isEqualTo(404);
		assertThat(get("/archives?execution=abc").statusCode()).isEqualTo(400);
	}

	@Test
	void theRootLeadsToTheHistory() throws Exception {
		HttpResponse<String> root = get("/");
		assertThat(root.statusCode()).isEqualTo(303);
		assertThat(root.headers().firstValue("Location")).hasValue("/executions");
		assertThat(chromium.dom(url("/"))).contains("<h1>Executions</h1>");
	}

	@Test
	void onlyGetAndHeadAreAnswered() throws Exception {
		for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
			HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(url("/executions"))
				.method(method, HttpRequest.BodyPublishers.ofString("job=backup"))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(refused.statusCode()).as(method).isEqualTo(405);
			assertThat(refused.headers().firstValue("Allow")).hasValue("GET, HEAD");
		}
		HttpResponse<String> head = HTTP.send(
				HttpRequest.newBuilder(url("/executions")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(head.statusCode()).isEqualTo(200);
		assertThat(head.body()).isEmpty();
	}

	@Test
	void onLoopbackARequestForAnotherHostNameIsRefused() throws Exception {
		try (Socket socket = new Socket(console.address().getAddress(), console.address().getPort())) {
			socket.getOutputStream()
				.write(("GET /executions HTTP/1.1\r\nHost: rebound.example:" + console.address().getPort()
						+ "\r\nConnection: close\r\n\r\n")
					.getBytes(StandardCharsets.US_ASCII));
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(response).startsWith("HTTP/1.1 421").doesNotContain("<table");
		}
	}

	@Test
	void pagesForbidScriptsAndFramesAndAreNotCached() throws Exception {
		HttpResponse<String> page = get("/executions");
		assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(
				(policy) -> assertThat(policy).contains("default-src 'none'").contains("frame-ancestors 'none'"));
		assertThat(page.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(page.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
	}

	@Test
	void withCredentialsConfiguredEveryPageAsksForThem() throws Exception {
		try (Console guarded = Console.start(ConsoleSettings.from("127.0.0.1:0",
				Map.of(ConsoleSettings.USER_VARIABLE, "auditor", ConsoleSettings.PASSWORD_VARIABLE, "s3cret")))) {
			URI history = guarded.uri().resolve("/executions");
			HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(history).build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(anonymous.statusCode()).isEqualTo(401);
			assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
					(challenge) -> assertThat(challenge).startsWith("Basic realm=\"flowbatch console\""));
			assertThat(send(history, "GET", "auditor:wrong").statusCode()).isEqualTo(401);
			assertThat(send(history, "POST", null).statusCode()).isEqualTo(401);
			assertThat(send(history, "GET", "auditor:s3cret").statusCode()).isEqualTo(200);
			assertThat(send(history, "POST", "auditor:s3cret").statusCode()).isEqualTo(405);
			assertThat(chromium.dom(URI.create("http://auditor:s3cret@" + history.getAuthority() + "/executions")))
				.contains("<h1>Executions</h1>");
		}
	}

	@Test
	void withoutBindItListensOnLoopbackOnly() {
		ConsoleSettings defaults = ConsoleSettings.from(null, Map.of());
		assertThat(defaults.host()).isEqualTo("127.0.0.1");
		assertThat(defaults.port()).isEqualTo(8080);

		try (Console portOnly = Console.start(ConsoleSettings.from("0", Map.of()))) {
			assertThat(portOnly.address().getAddress().isLoopbackAddress()).isTrue();
			assertThat(portOnly.uri().getHost()).isEqualTo("127.0.0.1");
		}
	}

	@Test
	void itsDatabaseConnectionsCannotWrite() {
		try (ConfigurableApplicationContext database = ConsoleDatabase.start()) {
			JdbcClient consoleJdbc = database.getBean(JdbcClient.class);
			assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> consoleJdbc.sql("""
					INSERT INTO operator_actions (job_execution_id, job_name, action, actor, host, flowbatch_version)
					VALUES (1, 'backup', 'run', 'mallory', 'h', 'v')""").update())
				.withMessageContaining("read-only transaction");
		}
	}

	@Test
	void aDatabaseWhoseSchemaIsOlderThanTheJarIsRefused() {
		String database = "console_unmigrated_" + RERUN.incrementAndGet();
		TestPostgres.get().createDatabase(database);
		String url = System.getProperty("spring.datasource.url");
		System.setProperty("spring.datasource.url", TestPostgres.get().jdbcUrl(database));
		try {
			assertThatExceptionOfType(CliException.class)
				.isThrownBy(() -> Console.start(ConsoleSettings.from("127.0.0.1:0", Map.of())))
				.withMessageContaining("the database has no flowbatch schema yet; run 'flowbatch migrate'");
		}
		finally {
			System.setProperty("spring.datasource.url", url);
		}
	}

	@Test
	void theVerbServesOnLoopbackUntilTerminated() throws Exception {
		try (ChildFlowbatch child = ChildFlowbatch.start("console", "--bind", "0")) {
			String started = child.awaitLine("flowbatch console: ");
			Matcher address = Pattern
				.compile("flowbatch console: (http://127\\.0\\.0\\.1:\\d+/) \\(read-only\\); Ctrl-C stops it")
				.matcher(started);
			assertThat(address.matches()).as(started).isTrue();
			URI served = URI.create(address.group(1));
			assertThat(chromium.dom(served.resolve("/executions/" + webhookArchive)))
				.contains("Execution " + webhookArchive + " of webhook-archive");
			assertThat(child.stderr())
				.containsPattern("127\\.0\\.0\\.1 - GET /executions/" + webhookArchive + " -> 200 in \\d+ ms");

			child.terminate(Duration.ofSeconds(20));

			assertThatExceptionOfType(IOException.class).isThrownBy(() -> HTTP.send(
					HttpRequest.newBuilder(served).build(), HttpResponse.BodyHandlers.ofString()));
		}
	}

	@Test
	void theVerbRefusesABadBindOrATakenPortAsAUsageError() {
		CliRun bad = CliRun.of("console", "--bind", "localhost:http");
		assertThat(bad.exitCode()).isEqualTo(2);
		assertThat(bad.err()).contains("--bind takes HOST:PORT");
		CliRun unresolvable = CliRun.of("console", "--bind", "no-such-host.invalid:8080");
		assertThat(unresolvable.exitCode()).isEqualTo(2);
		assertThat(unresolvable.err()).contains("cannot resolve host 'no-such-host.invalid'");
		CliRun taken = CliRun.of("console", "--bind", "127.0.0.1:" + console.address().getPort());
		assertThat(taken.exitCode()).isEqualTo(2);
		assertThat(taken.err()).contains("cannot listen on 127.0.0.1:" + console.address().getPort());
		CliRun unknown = CliRun.of("console", "--port", "9000");
		assertThat(unknown.exitCode()).isEqualTo(2);
		CliRun help = CliRun.of("console", "--help");
		assertThat(help.exitCode()).isZero();
		assertThat(help.out()).contains("127.0.0.1:8080").contains("FLOWBATCH_CONSOLE_PASSWORD");
	}

	private static long succeeds(String... args) {
		CliRun run = CliRun.of(args);
		assertThat(run.exitCode()).as(run.toString()).isZero();
		return run.executionId();
	}

	/**
	 * A drill's row through pitr-test's own insert: its target two hours before {@code testedAt}, recovered to the
	 * last commit a second before, 14 of 14 markers and 9 tables' row counts matching.
	 */
	private static void recordPitrDrill(long executionId, LocalDateTime testedAt, double restoreSeconds,
			double recoverySeconds, double validateSeconds, String validatedAs, boolean superuser, String failure) {
		LocalDateTime target = testedAt.minusHours(2);
		jdbc.sql(SqlFiles.read("queries/pitr/insert-result.sql"))
			.param("executionId", executionId)
			.param("testedAt", testedAt)
			.param("stanza", "main")
			.param("targetTime", target)
			.param("recoveredTo", target.minusSeconds(1))
			.param("backupLabel", pitrBackupLabel(testedAt))
			.param("passed", failure == null)
			.param("failure", failure)
			.param("restoreSeconds", restoreSeconds)
			.param("recoverySeconds", recoverySeconds)
			.param("validateSeconds", validateSeconds)
			.param("rtoSeconds", restoreSeconds + recoverySeconds + validateSeconds)
			.param("rtoTargetSeconds", 3600.0)
			.param("markersExpected", 14)
			.param("markersFound", 14)
			.param("lastMarkerId", 1000 + executionId)
			.param("tablesChecked", 9)
			.param("validatedAs", validatedAs)
			.param("validatedAsSuperuser", superuser)
			.param("scratchDirectory", "/var/tmp/flowbatch-pitr/drill-" + executionId)
			.update();
	}

	/** The full backup the drill tested at {@code testedAt} restored, labelled as pgBackRest does. */
	private static String pitrBackupLabel(LocalDateTime testedAt) {
		return testedAt.minusHours(3).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "F";
	}

	/** Webhook events of two sources on three days long ago, archived with a cutoff no other test uses. */
	private static long archiveWebhookEvents() {
		LocalDate before = LocalDate.now(ZoneOffset.UTC).minusDays(3000 + ThreadLocalRandom.current().nextInt(3000));
		jdbc.sql("""
				INSERT INTO webhook_events (source, event_type, delivery_id, payload, processing_status, received_at,
				                            processed_at)
				SELECT source, 'push', gen_random_uuid()::TEXT, jsonb_build_object('n', n), 'processed',
				       CAST(:before AS TIMESTAMP) - make_interval(days => d) + make_interval(mins => n),
				       CAST(:before AS TIMESTAMP) - make_interval(days => d) + make_interval(mins => n + 1)
				  FROM unnest(ARRAY['github', 'jira']) source, generate_series(1, 3) d, generate_series(1, 20) n""")
			.param("before", before)
			.update();
		return succeeds("run", "webhook-archive", "before=" + before);
	}

	/** Loads the page in Chromium, keeps its screenshot as NAME.png and returns its DOM. */
	private static String load(String path, String name) {
		chromium.screenshot(url(path), SCREENSHOTS.resolve(name + ".png"));
		try {
			assertThat(Files.size(SCREENSHOTS.resolve(name + ".png"))).isGreaterThan(10_000);
			byte[] png = Files.readAllBytes(SCREENSHOTS.resolve(name + ".png"));
			assertThat(new String(png, 1, 3, StandardCharsets.US_ASCII)).isEqualTo("PNG");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		return chromium.dom(url(path));
	}

	private static URI url(String path) {
		return console.uri().resolve(path);
	}

	private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
		return send(url(path), "GET", null);
	}

	private static HttpResponse<String> send(URI uri, String method, String userAndPassword)
			throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody());
		if (userAndPassword != null) {
			request.header("Authorization", "Basic "
					+ Base64.getEncoder().encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8)));
		}
		return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	/** The text of each cell of each body row of the table with this id, as the browser serialized it. */
	private static List<List<String>> table(String dom, String id) {
		Matcher table = Pattern.compile("<table id=\"" + id + "\">.*?<tbody>(.*?)</tbody>", Pattern.DOTALL)
			.matcher(dom);
		assertThat(table.find()).as("table " + id).isTrue();
		List<List<String>> rows = new ArrayList<>();
		Matcher row = Pattern.compile("<tr>(.*?)</tr>", Pattern.DOTALL).matcher(table.group(1));
		while (row.find()) {
			List<String> cells = new ArrayList<>();
			Matcher cell = Pattern.compile("<td[^>]*>(.*?)</td>", Pattern.DOTALL).matcher(row.group(1));
			while (cell.find()) {
				cells.add(text(cell.group(1)));
			}
			rows.add(cells);
		}
		return rows;
	}

	private static List<String> row(List<List<String>> rows, long executionId) {
		return row(rows, String.valueOf(executionId));
	}

	/** The row whose first cell is {@code first}. */
	private static List<String> row(List<List<String>> rows, String first) {
		return rows.stream()
			.filter((row) -> row.get(0).equals(first))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no row for " + first + " in " + rows));
	}

	private static String text(String html) {
		return html.replaceAll("<[^>]+>", "")
			.replace("&lt;", "<")
			.replace("&gt;", ">")
			.replace("&quot;", "\"")
			.replace("&#39;", "'")
			.replace("&nbsp;", " ")
			.replace("&amp;", "&")
			.strip();
	}

	private static int count(String text, String part) {
		return text.split(Pattern.quote(part), -1).length - 1;
	}

}
