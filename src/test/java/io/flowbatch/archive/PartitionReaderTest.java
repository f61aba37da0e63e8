package io.flowbatch.archive;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.batch.infrastructure.item.ExecutionContext;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionReaderTest {

	private final List<ArchivePartition> share = List.of(partition("2026-01"), partition("2026-03"),
			partition("2026-05"));

	private final AtomicInteger reads = new AtomicInteger();

	@Test
	void readsTheWholeShareOnceAndRecordsHowManyItRead() {
		PartitionReader reader = new PartitionReader(this::share, true, "worker 0 of 2");
		ExecutionContext context = new ExecutionContext();
		reader.open(context);

		assertThat(readAll(reader)).isEqualTo(this.share);
		reader.update(context);

		assertThat(context.getInt(PartitionReader.READ)).isEqualTo(3);
		assertThat(this.reads).as("the share is read from the stored plan once").hasValue(1);
	}

	@Test
	void restartedContinuesAfterThePartitionsItHadReadWhenItsLastChunkCommitted() {
		ExecutionContext committed = new ExecutionContext();
		PartitionReader killed = new PartitionReader(this::share, true, "worker 0 of 2");
		killed.open(committed);
		killed.read();
		killed.update(committed); // the first partition's chunk commits
		killed.read(); // the second one's never does: the JVM dies

		PartitionReader restarted = new PartitionReader(this::share, true, "worker 0 of 2");
		restarted.open(committed);

		assertThat(readAll(restarted)).containsExactly(this.share.get(1), this.share.get(2));
	}

	@Test
	void aSharePlannedFromPostgresqlIsReadWholeAtEachStart() {
		ExecutionContext earlier = new ExecutionContext();
		earlier.putInt(PartitionReader.READ, 2);
		PartitionReader planned = new PartitionReader(this::share, false, "worker 0 of 2");
		planned.open(earlier);

		assertThat(readAll(planned)).isEqualTo(this.share);
		planned.update(earlier);
		assertThat(earlier.getInt(PartitionReader.READ)).as("left as it was").isEqualTo(2);
	}

	private List<ArchivePartition> share() {
		this.reads.incrementAndGet();
		return this.share;
	}

	private static List<ArchivePartition> readAll(PartitionReader reader) {
		List<ArchivePartition> read = new ArrayList<>();
		for (ArchivePartition partition = reader.read(); partition != null; partition = reader.read()) {
			read.add(partition);
		}
		return read;
	}

	private static ArchivePartition partition(String month) {
		return new ArchivePartition(Map.of("source", "github", "received_month", month), 10, 1000, "1", "10");
	}

}
