package io.flowbatch.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import io.flowbatch.testsupport.Tools;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import static io.flowbatch.testsupport.YamlTrees.map;
import static io.flowbatch.testsupport.YamlTrees.maps;
import static io.flowbatch.testsupport.YamlTrees.values;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kubernetes base as {@code kubectl kustomize} renders it: every CronJob (whichever job it runs) passes the Pod
 * Security Standard "restricted", retries only the runs where nothing ran, cleans up after itself and has resources
 * that fit its heap. The restart Job template (kept out of the kustomization) follows the same rules.
 */
class KubernetesManifestsTest {

	private static final Path BASE = Path.of("k8s-cronjobs");

	/** The volume types "restricted" allows. */
	private static final Set<String> RESTRICTED_VOLUME_TYPES = Set.of("configMap", "csi", "downwardAPI", "emptyDir",
			"ephemeral", "persistentVolumeClaim", "projected", "secret");

	private static final Pattern MAX_HEAP = Pattern.compile("-Xmx(\\d+)m");

	@Test
	void everyCronJobIsHardenedRetriesOnlyWhatDidNotRunAndFitsItsResources() {
		List<Map<String, Object>> cronJobs = rendered().stream()
			.filter((manifest) -> "CronJob".equals(manifest.get("kind")))
			.toList();

		assertThat(cronJobs).hasSizeGreaterThanOrEqualTo(6);
		for (Map<String, Object> cronJob : cronJobs) {
			String name = String.valueOf(map(cronJob, "metadata").get("name"));
			Map<String, Object> jobSpec = map(map(map(cronJob, "spec"), "jobTemplate"), "spec");
			assertJobRules(name, jobSpec);
			assertThat(actionOnDisruption(maps(map(jobSpec, "podFailurePolicy"), "rules")))
				.as("%s: a drained node's run starts again", name)
				.isEqualTo("Ignore");
		}
	}

	@Test
	void theRestartJobTemplateFollowsTheSameRules() throws IOException {
		Map<String, Object> job = new Yaml().load(Files.readString(BASE.resolve("restart-job.yaml")));

		assertJobRules("restart-job.yaml", map(job, "spec"));
	}

	private static void assertJobRules(String name, Map<String, Object> jobSpec) {
		Map<String, Object> podSpec = map(map(jobSpec, "template"), "spec");
		assertRestricted(name, podSpec);
		assertThat(podSpec).as(name).containsEntry("automountServiceAccountToken", false);
		assertThat(jobSpec).as(name).containsEntry("backoffLimit", 0);
		assertThat((Integer) jobSpec.get("ttlSecondsAfterFinished")).as("%s: ttlSecondsAfterFinished", name)
			.isPositive();

		List<Map<String, Object>> rules = maps(map(jobSpec, "podFailurePolicy"), "rules");
		// README, "Exit codes": retry when nothing ran (3, 4, 6), never a refused command line (2); a FAILED
		// execution (1) and an internal error (70) are failures, like any other exit.
		assertThat(actionOnExit(rules, 3)).as("%s, exit 3", name).isEqualTo("Ignore");
		assertThat(actionOnExit(rules, 4)).as("%s, exit 4", name).isEqualTo("Ignore");
		assertThat(actionOnExit(rules, 6)).as("%s, exit 6", name).isEqualTo("Ignore");
		assertThat(actionOnExit(rules, 2)).as("%s, exit 2", name).isEqualTo("FailJob");
		assertThat(actionOnExit(rules, 1)).as("%s, exit 1", name).isEqualTo("Count");
		assertThat(actionOnExit(rules, 70)).as("%s, exit 70", name).isEqualTo("Count");
		assertThat(actionOnExit(rules, 5)).as("%s, exit 5 (stop)", name).isEqualTo("Count");

		for (Map<String, Object> container : maps(podSpec, "containers")) {
			assertFitsResources(name, container);
			assertThat(maps(container, "volumeMounts")).as("%s: /tmp is writable", name)
				.anySatisfy((mount) -> assertThat(mount).containsEntry("mountPath", "/tmp"));
		}
	}

	/** The Pod Security Standard "restricted" (kubernetes.io/docs/concepts/security/pod-security-standards). */
	private static void assertRestricted(String name, Map<String, Object> podSpec) {
		Map<String, Object> podSecurity = map(podSpec, "securityContext");
		assertThat(podSecurity).as("%s: pod securityContext", name)
			.containsEntry("runAsNonRoot", true)
			.containsEntry("seccompProfile", Map.of("type", "RuntimeDefault"));
		assertThat(podSecurity.get("runAsUser")).as(name).isNotEqualTo(0);
		assertThat(podSpec).as(name).doesNotContainKeys("hostNetwork", "hostPID", "hostIPC");
		for (Map<String, Object> volume : maps(podSpec, "volumes")) {
			assertThat(volume.keySet().stream().filter((key) -> !key.equals("name")))
				.as("%s: volume %s", name, volume.get("name"))
				.isSubsetOf(RESTRICTED_VOLUME_TYPES);
		}
		for (Map<String, Object> container : maps(podSpec, "containers")) {
			Map<String, Object> security = map(container, "securityContext");
			assertThat(security).as("%s: container securityContext", name)
				.containsEntry("allowPrivilegeEscalation", false)
				.containsEntry("readOnlyRootFilesystem", true)
				.containsEntry("capabilities", Map.of("drop", List.of("ALL")))
				.doesNotContainKeys("privileged", "runAsUser");
			assertThat(container).as(name).doesNotContainKey("ports");
		}
	}

	/** Memory requested as limited (no eviction below the limit); the heap at most half of it. */
	private static void assertFitsResources(String name, Map<String, Object> container) {
		Map<String, Object> resources = map(container, "resources");
		Map<String, Object> requests = map(resources, "requests");
		Map<String, Object> limits = map(resources, "limits");
		assertThat(requests).as("%s: requests", name).containsKeys("cpu", "memory");
		assertThat(limits).as("%s: limits", name).containsKeys("cpu", "memory");
		assertThat(requests.get("memory")).as("%s: memory request", name).isEqualTo(limits.get("memory"));
		assertThat(millicores(requests.get("cpu"))).as("%s: cpu", name).isLessThanOrEqualTo(millicores(limits.get("cpu")));

		String javaOptions = maps(container, "env").stream()
			.filter((variable) -> "JAVA_TOOL_OPTIONS".equals(variable.get("name")))
			.map((variable) -> String.valueOf(variable.get("value")))
			.findFirst()
			.orElseThrow(() -> new AssertionError(name + ": no JAVA_TOOL_OPTIONS with the heap size"));
		Matcher maxHeap = MAX_HEAP.matcher(javaOptions);
		assertThat(maxHeap.find()).as("%s: -Xmx in JAVA_TOOL_OPTIONS", name).isTrue();
		assertThat(Long.parseLong(maxHeap.group(1)) * 2).as("%s: twice the heap (MiB) within the memory limit", name)
			.isLessThanOrEqualTo(mebibytes(limits.get("memory")));
	}

	/** The action of the first rule whose exit-code condition matches, as the Job controller picks it. */
	private static String actionOnExit(List<Map<String, Object>> rules, int exitCode) {
		for (Map<String, Object> rule : rules) {
			Map<String, Object> onExitCodes = map(rule, "onExitCodes");
			if (onExitCodes == null) {
				continue;
			}
			assertThat(onExitCodes).containsEntry("containerName", "flowbatch");
			boolean listed = values(onExitCodes, "values").contains(exitCode);
			if (listed == "In".equals(onExitCodes.get("operator"))) {
				return String.valueOf(rule.get("action"));
			}
		}
		return "Count";
	}

	private static String actionOnDisruption(List<Map<String, Object>> rules) {
		return rules.stream()
			.filter((rule) -> rule.get("onPodConditions") != null && maps(rule, "onPodConditions").stream()
				.anyMatch((condition) -> "DisruptionTarget".equals(condition.get("type"))))
			.map((rule) -> String.valueOf(rule.get("action")))
			.findFirst()
			.orElse("Count");
	}

	private static List<Map<String, Object>> rendered() {
		Tools.Result kustomize = Tools.run(BASE, "kubectl", "kubectl", "kustomize", ".");
		assertThat(kustomize.exitCode()).as(kustomize.output()).isZero();
		return StreamSupport.stream(new Yaml().loadAll(kustomize.output()).spliterator(), false)
			.filter(Objects::nonNull)
			.map(KubernetesManifestsTest::asMap)
			.toList();
	}

	private static long millicores(Object quantity) {
		String value = String.valueOf(quantity);
		return value.endsWith("m") ? Long.parseLong(value.substring(0, value.length() - 1))
				: Math.round(Double.parseDouble(value) * 1000);
	}

	private static long mebibytes(Object quantity) {
		String value = String.valueOf(quantity);
		if (value.endsWith("Gi")) {
			return Long.parseLong(value.substring(0, value.length() - 2)) * 1024;
		}
		assertThat(value).endsWith("Mi");
		return Long.parseLong(value.substring(0, value.length() - 2));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> asMap(Object manifest) {
		return (Map<String, Object>) manifest;
	}

}
