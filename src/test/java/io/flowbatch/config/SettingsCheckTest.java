package io.flowbatch.config;

import org.junit.jupiter.api.Test;

import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsCheckTest {

	private final MockEnvironment settings = new MockEnvironment()
		.withProperty("flowbatch.archive.min-retention-days", "7")
		.withProperty("flowbatch.retention.min-days", "30")
		.withProperty("spring.datasource.hikari.maximum-pool-size", "10")
		.withProperty("flowbatch.archive.workers", "2")
		.withProperty("flowbatch.retention.workers", "3");

	@Test
	void theDefaultsPass() {
		assertThatCode(() -> SettingsCheck.check(this.settings)).doesNotThrowAnyException();
	}

	@Test
	void aRetentionFloorBelowOneDayIsRefused() {
		this.settings.setProperty("flowbatch.retention.min-days", "0");

		assertThatThrownBy(() -> SettingsCheck.check(this.settings)).isInstanceOf(InvalidSettingsException.class)
			.hasMessageContaining("flowbatch.retention.min-days must be at least 1 day, got 0");
	}

	@Test
	void workersMustBeBetweenOneAndWhatThePoolCanServe() {
		this.settings.setProperty("flowbatch.archive.workers", "0");
		this.settings.setProperty("flowbatch.retention.workers", "4");

		assertThatThrownBy(() -> SettingsCheck.check(this.settings))
			.hasMessageContaining("flowbatch.archive.workers must be between 1 and 3")
			.hasMessageContaining("flowbatch.retention.workers must be between 1 and 3")
			.hasMessageContaining("got 4");
	}

	@Test
	void aMalformedPushgatewayUrlIsRefused() {
		for (String url : new String[] { "pushgateway:9091", "http//pushgateway", "ftp://pushgateway:9091",
				"http://" }) {
			this.settings.setProperty("flowbatch.pushgateway.url", url);

			assertThatThrownBy(() -> SettingsCheck.check(this.settings)).as(url)
				.hasMessageContaining("flowbatch.pushgateway.url '" + url + "'");
		}
		this.settings.setProperty("flowbatch.pushgateway.url", "http://pushgateway:9091");
		assertThatCode(() -> SettingsCheck.check(this.settings)).doesNotThrowAnyException();
	}

	@Test
	void aNumberThatIsNotOneIsRefused() {
		this.settings.setProperty("flowbatch.archive.workers", "two");

		assertThatThrownBy(() -> SettingsCheck.check(this.settings))
			.hasMessageContaining("flowbatch.archive.workers must be a whole number, got 'two'");
	}

}
