package io.flowbatch.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * CPU seconds of the PostgreSQL servers that run on a data directory {@code DIR/<any>/data} while it watches:
 * servers {@code pg_ctl start} detached from this JVM (the drill's scratch cluster, the bare restore's), whose CPU no
 * process of the benchmark waits for. Every {@value #INTERVAL_MILLIS} ms it reads each running postmaster's
 * {@code postmaster.pid} and {@link ProcessCpu#treeSeconds} (the postmaster, the processes that ended, such as the
 * startup process that ran recovery, and the live ones); a server's figure is its last reading, so what it uses in
 * the last interval before it stops is not counted (it has promoted and is idle then).
 */
final class ScratchServerCpu implements AutoCloseable {

	private static final long INTERVAL_MILLIS = 100;

	private final Path directory;

	private final Map<Long, Double> lastReadings = new ConcurrentHashMap<>();

	private final Thread sampler;

	private volatile boolean stopped;

	private ScratchServerCpu(Path directory) {
		this.directory = directory;
		this.sampler = new Thread(this::sampleUntilStopped, "scratch-server-cpu");
		this.sampler.setDaemon(true);
	}

	/** Starts watching the servers below {@code directory}. */
	static ScratchServerCpu watch(Path directory) {
		ScratchServerCpu cpu = new ScratchServerCpu(directory);
		cpu.sampler.start();
		return cpu;
	}

	/** Reads the running servers now (before a caller stops one). */
	void sample() {
		for (long postmaster : postmasters()) {
			OptionalDouble seconds = ProcessCpu.treeSeconds(postmaster);
			if (seconds.isPresent()) {
				this.lastReadings.merge(postmaster, seconds.getAsDouble(), Math::max);
			}
		}
	}

	/** Stops watching; the CPU seconds of every server seen. */
	double stop() throws InterruptedException {
		sample();
		this.stopped = true;
		this.sampler.join();
		return this.lastReadings.values().stream().mapToDouble(Double::doubleValue).sum();
	}

	private void sampleUntilStopped() {
		while (!this.stopped) {
			sample();
			try {
				Thread.sleep(INTERVAL_MILLIS);
			}
			catch (InterruptedException ex) {
				return;
			}
		}
	}

	/** The pids in {@code DIR/<any>/data/postmaster.pid} (first line). */
	private List<Long> postmasters() {
		try (Stream<Path> clusters = Files.list(this.directory)) {
			return clusters.map((cluster) -> cluster.resolve("data").resolve("postmaster.pid"))
				.map(ScratchServerCpu::pid)
				.filter((pid) -> pid > 0)
				.toList();
		}
		catch (IOException ex) {
			return List.of();
		}
	}

	private static long pid(Path pidFile) {
		try {
			List<String> lines = Files.readAllLines(pidFile);
			return lines.isEmpty() ? 0 : Long.parseLong(lines.get(0).strip());
		}
		catch (IOException | NumberFormatException ex) {
			return 0; // not (yet, or any longer) a running server
		}
	}

	@Override
	public void close() throws InterruptedException {
		if (!this.stopped) {
			stop();
		}
	}

}
