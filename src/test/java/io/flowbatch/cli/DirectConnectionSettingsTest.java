package io.flowbatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read-only verbs connect without Spring Boot only when the settings in use are ones this resolves exactly as
 * Spring Boot would; anything else leaves the connection to Spring Boot.
 */
class DirectConnectionSettingsTest {

	@TempDir
	Path workingDirectory;

	@Test
	void withoutSettingsItIsTheJarsDefaultsWithTheDriverPropertiesOfEveryConnection() {
		DirectConnectionSettings settings = resolve(Map.of(), new Properties()).orElseThrow();

		assertThat(settings.url()).isEqualTo("jdbc:postgresql://localhost:5432/flowmetrics");
		assertThat(settings.username()).isEqualTo("flowbatch");
		assertThat(settings.password()).isNull();
		assertThat(settings.driverProperties()).containsEntry("options", "-c TimeZone=UTC")
			.containsEntry("connectTimeout", "5")
			.containsEntry("ApplicationName", "flowbatch");
	}

	@Test
	void environmentVariablesSetTheConnectionAndSystemPropertiesWinOverThem() {
		Properties systemProperties = new Properties();
		systemProperties.setProperty("spring.datasource.username", "from-property");

		DirectConnectionSettings settings = resolve(Map.of("SPRING_DATASOURCE_URL", "jdbc:postgresql://db:5433/x",
				"SPRING_DATASOURCE_USERNAME", "from-environment", "SPRING_DATASOURCE_PASSWORD", "secret", "HOME",
				"/root"), systemProperties)
			.orElseThrow();

		assertThat(settings.url()).isEqualTo("jdbc:postgresql://db:5433/x");
		assertThat(settings.username()).isEqualTo("from-property");
		assertThat(settings.password()).isEqualTo("secret");
		assertThat(settings.toString()).doesNotContain("secret");
	}

	@ParameterizedTest
	@ValueSource(strings = { "SPRING_PROFILES_ACTIVE", "SPRING_CONFIG_ADDITIONAL_LOCATION", "SPRING_APPLICATION_JSON",
			"SPRING_DATASOURCE_HIKARI_MAXIMUM_POOL_SIZE", "SPRING_DATASOURCE_DRIVER_CLASS_NAME",
			"spring_datasource_hikari_data_source_properties_sslmode" })
	void anEnvironmentVariableOnlySpringBootResolvesLeavesTheConnectionToIt(String name) {
		assertThat(resolve(Map.of(name, "x"), new Properties())).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "spring.profiles.active", "spring.config.location", "spring.datasource.hikari.read-only",
			"spring.datasource.hikari.data-source-properties.sslmode" })
	void aSystemPropertyOnlySpringBootResolvesLeavesTheConnectionToIt(String name) {
		Properties systemProperties = new Properties();
		systemProperties.setProperty(name, "x");

		assertThat(resolve(Map.of(), systemProperties)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "application.yml", "application.yaml", "application.properties", "config/" })
	void configurationFilesInTheWorkingDirectoryLeaveTheConnectionToSpringBoot(String file) throws IOException {
		if (file.endsWith("/")) {
			Files.createDirectory(this.workingDirectory.resolve(file));
		}
		else {
			Files.writeString(this.workingDirectory.resolve(file), "");
		}

		assertThat(resolve(Map.of(), new Properties())).isEmpty();
	}

	private java.util.Optional<DirectConnectionSettings> resolve(Map<String, String> environment,
			Properties systemProperties) {
		return DirectConnectionSettings.resolve(environment, systemProperties, this.workingDirectory);
	}

}
