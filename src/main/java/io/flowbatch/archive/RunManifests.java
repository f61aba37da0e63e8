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

	public RunManifests(ArchiveManifest manifest, ObjectStore objectStore) {
		this.manifest = manifest;
		this.objectStore = objectStore;
	}

	/**
	 * A step that writes {@code PREFIX/<dataset>/_manifests/before=<before>/execution-<id>.json}, listing every object
	 * of the job instance (all its executions) with rows, bytes, SHA-256, id range and content checksum, and every
	 * row it held back (by dataset, id and column).
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
			return RepeatStatus.FINISHED;
		};
	}

}
