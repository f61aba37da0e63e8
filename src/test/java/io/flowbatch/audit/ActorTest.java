package io.flowbatch.audit;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ActorTest {

	@Test
	void onAMachineTheActorIsTheOsUserOnItsHost() {
		Actor actor = Actor.of(Map.of(), "alice", "ops-1");

		assertThat(actor.name()).isEqualTo("alice");
		assertThat(actor.host()).isEqualTo("ops-1");
		assertThat(actor.version()).isNotBlank();
	}

	@Test
	void underSudoTheActorNamesWhoRanSudo() {
		assertThat(Actor.of(Map.of("SUDO_USER", "bob"), "root", "ops-1").name()).isEqualTo("root (sudo by bob)");
		assertThat(Actor.of(Map.of("SUDO_USER", "root"), "root", "ops-1").name()).isEqualTo("root");
	}

	@Test
	void inAPodTheActorIsItsServiceAccountAndTheHostThePod() {
		Actor actor = Actor.of(Map.of("FLOWBATCH_POD_NAME", "flowbatch-backup-29123-x7k2p", "FLOWBATCH_POD_NAMESPACE",
				"flow-metrics", "FLOWBATCH_POD_SERVICE_ACCOUNT", "default"), "flowbatch", "flowbatch-backup-29123-x7k2p");

		assertThat(actor.name()).isEqualTo("system:serviceaccount:flow-metrics:default");
		assertThat(actor.host()).isEqualTo("pod/flowbatch-backup-29123-x7k2p");
	}

}
