package io.flowbatch.config;

/** The version this jar was built as (its manifest's Implementation-Version); "development" from the sources. */
public final class FlowbatchVersion {

	private FlowbatchVersion() {
	}

	public static String current() {
		String version = FlowbatchVersion.class.getPackage().getImplementationVersion();
		return (version != null) ? version : "development";
	}

}
