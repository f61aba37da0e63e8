package io.flowbatch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The product's entry point, the CLI and the add-on verbs (developer tools, console) stay apart: the add-ons register
 * through {@code VerbProvider} and depend on the CLI, never the other way round, and the product's component scan
 * finds nothing of theirs. Read from the sources, so that a new import or annotation breaks it at once.
 */
class PackageDependenciesTest {

	private static final Path SOURCES = Path.of("src/main/java/io/flowbatch");

	private static final Pattern SPRING_COMPONENT = Pattern
		.compile("^@(Component|Configuration|Service|Repository|SpringBootApplication)\\b", Pattern.MULTILINE);

	@Test
	void nothingOutsideTheDeveloperToolsAndTheConsoleImportsThem() throws IOException {
		for (String addOn : List.of("devtools", "console")) {
			assertThat(sourcesOutside(addOn).filter((source) -> imports(source, "io.flowbatch." + addOn + ".")))
				.as("product classes importing io.flowbatch.%s", addOn)
				.isEmpty();
		}
	}

	@Test
	void theApplicationImportsNoneOfItsOwnPackages() throws IOException {
		assertThat(Files.readString(SOURCES.resolve("FlowbatchApplication.java"))).doesNotContain("import io.flowbatch.");
	}

	@Test
	void theProductsComponentScanFindsNoDeveloperToolOrConsoleBean() throws IOException {
		for (String addOn : List.of("devtools", "console")) {
			assertThat(javaFiles(SOURCES.resolve(addOn)).stream()
				.filter((source) -> SPRING_COMPONENT.matcher(read(source)).find()))
				.as("Spring components in io.flowbatch.%s", addOn)
				.isEmpty();
		}
	}

	private static Stream<Path> sourcesOutside(String addOn) throws IOException {
		Path excluded = SOURCES.resolve(addOn);
		return javaFiles(SOURCES).stream().filter((source) -> !source.startsWith(excluded));
	}

	private static List<Path> javaFiles(Path directory) throws IOException {
		try (Stream<Path> paths = Files.walk(directory)) {
			return paths.filter((path) -> path.toString().endsWith(".java")).toList();
		}
	}

	private static boolean imports(Path source, String packagePrefix) {
		return read(source).lines().anyMatch((line) -> line.startsWith("import " + packagePrefix));
	}

	private static String read(Path source) {
		try {
			return Files.readString(source);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
