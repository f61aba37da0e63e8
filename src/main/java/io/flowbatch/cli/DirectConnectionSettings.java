package io.flowbatch.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

import io.flowbatch.sql.SqlFiles;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.PropertiesPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.PropertySourcesPropertyResolver;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * Where the read-only verbs connect, resolved without starting Spring Boot: {@code spring.datasource.url},
 * {@code username} and {@code password} from system properties, then environment variables, then the jar's
 * {@code application.yml}, with the driver properties the jar sets for every connection (time zone UTC, connect
 * timeout). Starting Spring Boot's context costs most of a read verb's second; this is the common case, in which
 * the two resolve the same connection.
 * <p>
 * Spring Boot has more sources and settings: profiles, configuration files beside the jar, SPRING_APPLICATION_JSON,
 * every other {@code spring.datasource.*} or Hikari setting. When any of those is in use, {@link #resolve} returns
 * empty and the verbs start Spring Boot's context instead, so that a read verb always connects where a job would.
 */
record DirectConnectionSettings(String url, String username, @Nullable String password, Properties driverProperties) {

	private static final String DATASOURCE = "spring.datasource.";

	private static final Set<String> DIRECT = Set.of("url", "username", "password");

	/** Settings whose effect only Spring Boot's configuration loading knows. */
	private static final List<String> BOOT_ONLY = List.of("spring.config.", "spring.profiles.",
			"spring.application.json");

	private static final String DRIVER_PROPERTIES = "spring.datasource.hikari.data-source-properties.";

	/** Spring Boot's default external locations: {@code ./} and {@code ./config/} (with its subdirectories). */
	private static final List<String> CONFIG_FILES = List.of("application.properties", "application.xml",
			"application.yml", "application.yaml");

	private static final String READ_ONLY_SESSION = SqlFiles.read("queries/execution/read-only-session.sql");

	/**
	 * @param environment the process's environment variables
	 * @param systemProperties the JVM's system properties
	 * @param workingDirectory where Spring Boot would look for configuration files
	 * @return the settings, or empty when Spring Boot must resolve them
	 */
	static Optional<DirectConnectionSettings> resolve(Map<String, String> environment, Properties systemProperties,
			Path workingDirectory) {
		Stream<String> environmentNames = environment.keySet()
			.stream()
			.map((name) -> name.toLowerCase(Locale.ROOT).replace('_', '.'));
		Stream<String> propertyNames = systemProperties.stringPropertyNames()
			.stream()
			.map((name) -> name.toLowerCase(Locale.ROOT));
		if (Stream.concat(environmentNames, propertyNames).anyMatch(DirectConnectionSettings::needsSpringBoot)
				|| hasConfigurationFiles(workingDirectory)) {
			return Optional.empty();
		}
		PropertySource<?> defaults = jarDefaults();
		MutablePropertySources sources = new MutablePropertySources();
		sources.addLast(new PropertiesPropertySource("systemProperties", systemProperties));
		sources.addLast(new SystemEnvironmentPropertySource("systemEnvironment", Map.copyOf(environment)));
		sources.addLast(defaults);
		PropertySourcesPropertyResolver settings = new PropertySourcesPropertyResolver(sources);
		Properties driverProperties = new Properties();
		for (String name : ((EnumerablePropertySource<?>) defaults).getPropertyNames()) {
			if (name.startsWith(DRIVER_PROPERTIES)) {
				driverProperties.setProperty(name.substring(DRIVER_PROPERTIES.length()),
						settings.getRequiredProperty(name));
			}
		}
		return Optional.of(new DirectConnectionSettings(settings.getRequiredProperty(DATASOURCE + "url"),
				settings.getRequiredProperty(DATASOURCE + "username"), settings.getProperty(DATASOURCE + "password"),
				driverProperties));
	}

	private static boolean needsSpringBoot(String name) {
		if (name.startsWith(DATASOURCE)) {
			return !DIRECT.contains(name.substring(DATASOURCE.length()));
		}
		return BOOT_ONLY.stream().anyMatch(name::startsWith);
	}

	private static boolean hasConfigurationFiles(Path workingDirectory) {
		return Files.isDirectory(workingDirectory.resolve("config"))
				|| CONFIG_FILES.stream().anyMatch((file) -> Files.exists(workingDirectory.resolve(file)));
	}

	private static PropertySource<?> jarDefaults() {
		try {
			Collection<PropertySource<?>> documents = new YamlPropertySourceLoader().load("application.yml",
					new ClassPathResource("application.yml"));
			return documents.iterator().next();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the jar's application.yml", ex);
		}
	}

	/** One connection in which PostgreSQL refuses every write, as the Spring Boot path's pool sets them up. */
	Connection connectReadOnly() throws SQLException {
		Properties properties = new Properties();
		properties.putAll(this.driverProperties);
		properties.setProperty("user", this.username);
		if (this.password != null) {
			properties.setProperty("password", this.password);
		}
		Connection connection = DriverManager.getConnection(this.url, properties);
		try (Statement statement = connection.createStatement()) {
			connection.setReadOnly(true);
			statement.execute(READ_ONLY_SESSION);
			return connection;
		}
		catch (SQLException ex) {
			connection.close();
			throw ex;
		}
	}

	static String readOnlySessionSql() {
		return READ_ONLY_SESSION;
	}

	/** Never the password. */
	@Override
	public String toString() {
		return "DirectConnectionSettings[url=" + StartupFailures.redact(this.url) + ", username=" + this.username + "]";
	}

}
