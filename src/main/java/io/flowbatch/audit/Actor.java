package io.flowbatch.audit;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;

import io.flowbatch.config.FlowbatchVersion;

/**
 * Who acts, from where, with which flowbatch. In a Kubernetes pod the CronJobs pass the pod's name, namespace and
 * service account through the Downward API ({@code FLOWBATCH_POD_*}, k8s-cronjobs/kustomization.yaml): the OS user
 * there is the image's, which says nothing. Elsewhere the OS user, and who ran sudo when it was sudo.
 */
public record Actor(String name, String host, String version) {

	public static Actor current() {
		return of(System.getenv(), System.getProperty("user.name"), localHostName(System.getenv()));
	}

	static Actor of(Map<String, String> environment, String osUser, String hostName) {
		String serviceAccount = environment.get("FLOWBATCH_POD_SERVICE_ACCOUNT");
		String pod = environment.get("FLOWBATCH_POD_NAME");
		String name;
		if (serviceAccount != null && !serviceAccount.isBlank()) {
			name = "system:serviceaccount:" + environment.getOrDefault("FLOWBATCH_POD_NAMESPACE", "?") + ":"
					+ serviceAccount;
		}
		else {
			String sudoUser = environment.get("SUDO_USER");
			name = (sudoUser != null && !sudoUser.isBlank() && !sudoUser.equals(osUser))
					? osUser + " (sudo by " + sudoUser + ")" : osUser;
		}
		String host = (pod != null && !pod.isBlank()) ? "pod/" + pod : hostName;
		return new Actor(name, host, FlowbatchVersion.current());
	}

	private static String localHostName(Map<String, String> environment) {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return environment.getOrDefault("HOSTNAME", "unknown");
		}
	}

}
