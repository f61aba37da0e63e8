package io.flowbatch.archive;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.flowbatch.storage.ObjectStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;
import org.springframework.stereotype.Component;

/** The JSON manifest an archive run writes next to its data, so that the archive describes itself. */
@Component
public class RunManifests {

	private static final Logger logger = LoggerFactory.getLogger(RunManifests.class);

	private final ArchiveManifest manifest;

	private final ObjectStore objectStore;

	private final CurrentManifests currentManifests;

	public RunManifests(ArchiveManifest manifest, ObjectStore objectStore, CurrentManifests currentManifests) {
		this.manifest = manifest;
		this.objectStore = objectStore;
		this.currentManifests = currentManifests;
	}

	/**
	 * A step that writes {@code PREFIX/<dataset>/_manifests/before=<before>/execution-<id>.json}, listing every object
	 * of the job instance (all its executions) with rows, bytes, SHA-256, id range and content checksum, and every
	 * row it held back (by dataset, id and column); then publishes the current manifest of each of its datasets
	 * ({@link CurrentManifests}).
	 */
	public Tasklet tasklet(String job, String dataset, String layout) {
		return (contribution, context) -> {
			var jobExecution = context.getStepContext().getStepExecution().getJobExecution();
			long instanceId = jobExecution.getJobInstance().getInstanceId();
			List<Map<String, Object>> objects = this.manifest.ofJobInstance(instanceId);
			String before = String.valueOf(jobExecution.getJobParameters().getLocalDate("before"));
			Map<String, Object> runManifest = new LinkedHashMap<>();
			runManifest.put("job", job);
			runManifest.put("jobInstanceId", instanceId);
			runManifest.put("jobExecutionId", jobExecution.getId());
			runManifest.put("before", before);
			runManifest.put("layout", layout);
			runManifest.put("objects", objects);
			runManifest.put("heldBack", this.manifest.heldBackOfJobInstance(instanceId));
			String key = this.objectStore.properties()
				.key(dataset + "/_manifests/before=" + before + "/execution-" + jobExecution.getId() + ".json");
			this.objectStore.createSmall(key,
					JsonMapper.builder().build().writerWithDefaultPrettyPrinter().writeValueAsString(runManifest),
					"application/json");
			logger.info("Run manifest {}: {} objects", key, objects.size());
			// The run's datasets' current manifests, which archive-compact's readers follow, now list its objects.
			java.util.stream.Stream.concat(java.util.stream.Stream.of(dataset),
					objects.stream().map((object) -> String.valueOf(object.get("dataset"))))
				.distinct()
				.forEach(this.currentManifests::publish);
			return RepeatStatus.FINISHED;
		};
	}

}
