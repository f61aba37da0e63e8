package io.flowbatch.batch;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThat;

class ResumableListReaderTest {

	@Test
	void aRestartResumesAfterTheLastCommittedItemNotAfterTheLastRead() {
		ExecutionContext context = new ExecutionContext();
		ResumableListReader<String> first = new ResumableListReader<>(List.of("a", "b", "c", "d"));
		first.open(context);
		assertThat(first.read()).isEqualTo("a");
		assertThat(first.read()).isEqualTo("b");
		first.update(context);
		// "c" is read but its chunk never commits: the process dies.
		assertThat(first.read()).isEqualTo("c");

		ResumableListReader<String> restarted = new ResumableListReader<>(List.of("a", "b", "c", "d"));
		restarted.open(context);

		assertThat(restarted.read()).isEqualTo("c");
		assertThat(restarted.read()).isEqualTo("d");
		assertThat(restarted.read()).isNull();
	}

}
