package io.flowbatch.devtools.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * A generated team: {@code team-01}, {@code team-02}, ... with a product name, the project key its issues carry
 * ({@code CHK-17}) and the repository (on GitHub, or GitLab for every third team) and CI job its webhooks come
 * from. The same count always gives the same teams,
 * so runs with different seeds share them.
 */
record Team(String id, String name, String projectKey, String repository, long repositoryId, String codeHost) {

	private static final String[][] PRODUCTS = { { "Checkout", "CHK" }, { "Payments", "PAY" }, { "Search", "SRCH" },
			{ "Identity", "IAM" }, { "Mobile", "MOB" }, { "Platform", "PLT" }, { "Data Pipeline", "DATA" },
			{ "Notifications", "NTF" }, { "Growth", "GRW" }, { "Billing", "BILL" }, { "Catalog", "CAT" },
			{ "Logistics", "LOG" }, { "Support Tools", "SUP" }, { "Observability", "OBS" }, { "Security", "SEC" },
			{ "Pricing", "PRC" } };

	static List<Team> first(int count) {
		List<Team> teams = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			String[] product = PRODUCTS[i % PRODUCTS.length];
			// Past the list, names repeat with a generation number: "Checkout 2", key CHK2.
			int generation = i / PRODUCTS.length + 1;
			String name = (generation == 1) ? product[0] : product[0] + " " + generation;
			String key = (generation == 1) ? product[1] : product[1] + generation;
			String repository = "acme/" + name.toLowerCase(java.util.Locale.ROOT).replace(' ', '-') + "-service";
			String codeHost = (i % 3 == 2) ? "gitlab" : "github";
			teams.add(new Team(String.format("team-%02d", i + 1), name, key, repository, 48_151_000L + i, codeHost));
		}
		return teams;
	}

	String description() {
		return "Owns the " + this.name.toLowerCase(java.util.Locale.ROOT) + " product area and its services.";
	}

	String jenkinsJob() {
		return this.repository.substring(this.repository.indexOf('/') + 1);
	}

	/** The board and tool settings a team is configured with; the flow targets keep their column defaults. */
	String configJson() {
		return new JsonText(200).beginObject()
			.field("board", this.projectKey)
			.field("repository", this.repository)
			.field("ci_job", jenkinsJob())
			.name("working_hours")
			.beginObject()
			.field("start", "09:00")
			.field("end", "17:00")
			.field("time_zone", "Europe/Berlin")
			.endObject()
			.endObject()
			.toString();
	}

}
