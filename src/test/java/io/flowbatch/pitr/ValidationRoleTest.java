package io.flowbatch.pitr;

import java.sql.SQLException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which role the drill validates the copy as, and which refusals of the copy end the wait for it. */
class ValidationRoleTest {

	@Test
	void theApplicationsUserUnlessAValidationRoleIsSet() {
		assertThat(properties("", "").validationRole("flowbatch", "app-secret"))
			.isEqualTo(new PitrProperties.ValidationRole("flowbatch", "app-secret"));
		PitrProperties.ValidationRole dedicated = properties("flowbatch_pitr", "drill-secret")
			.validationRole("flowbatch", "app-secret");
		assertThat(dedicated).isEqualTo(new PitrProperties.ValidationRole("flowbatch_pitr", "drill-secret"));
		assertThat(dedicated.hasPassword()).isTrue();
		assertThat(dedicated).hasToString("flowbatch_pitr");
		assertThat(properties("flowbatch_pitr", "").validationRole("flowbatch", "app-secret").hasPassword()).isFalse();
		assertThat(new PitrProperties.ValidationRole("flowbatch", null).hasPassword()).isFalse();
	}

	@Test
	void aRefusedLoginOrAMissingDatabaseEndsTheWaitButStartingUpDoesNot() {
		assertThat(ScratchCluster.refusedOnceUp(new SQLException("password authentication failed", "28P01"))).isTrue();
		assertThat(ScratchCluster.refusedOnceUp(new SQLException("role \"x\" does not exist", "28000"))).isTrue();
		assertThat(ScratchCluster.refusedOnceUp(new SQLException("database \"x\" does not exist", "3D000"))).isTrue();
		assertThat(ScratchCluster.refusedOnceUp(new SQLException("the database system is starting up", "57P03")))
			.isFalse();
		assertThat(ScratchCluster.refusedOnceUp(new SQLException("Connection refused", "08001"))).isFalse();
		assertThat(ScratchCluster.refusedOnceUp(new SQLException("no state"))).isFalse();
	}

	private static PitrProperties properties(String validationUsername, String validationPassword) {
		return new PitrProperties("main", "/etc/pgbackrest/pgbackrest.conf", "pgbackrest", "", Duration.ofMinutes(5),
				Duration.ofHours(26), "", "", "54300-54399", Duration.ofHours(1), Duration.ofHours(2),
				validationUsername, validationPassword);
	}

}
