package io.flowbatch.devtools.generate;

import java.util.Locale;
import java.util.SplittableRandom;

/** The words the generated tracker items, commits and webhooks are made of. */
final class Vocabulary {

	record Person(String name, String login, String email, long userId) {
	}

	static final Person[] PEOPLE = people("Anna Kowalski", "Ben Okafor", "Chloe Martin", "Daniel Weber",
			"Elif Yilmaz", "Farah Haddad", "Gabriel Silva", "Hana Sato", "Ivan Petrov", "Julia Fischer",
			"Kofi Mensah", "Laura Rossi", "Mateo Garcia", "Nora Lindqvist", "Omar Farouk", "Priya Nair",
			"Quentin Dubois", "Rosa Jimenez", "Sven Larsen", "Tariq Aziz", "Uma Patel", "Victor Novak",
			"Wen Li", "Ximena Cruz", "Yusuf Demir", "Zoe Becker", "Arjun Rao", "Bianca Costa", "Chen Wei",
			"Dara Murphy", "Emil Nowak", "Freya Olsen");

	static final String[] AREAS = { "checkout", "cart", "invoice export", "search ranking", "login",
			"password reset", "notifications", "order history", "payment retries", "refunds", "feature flags",
			"audit log", "rate limiting", "CSV import", "webhook delivery", "dashboard", "onboarding",
			"deep links", "tax calculation", "shipping estimates" };

	static final String[] FEATURES = { "saved payment methods", "bulk edit", "dark mode", "SAML single sign-on",
			"partial refunds", "PDF export", "multi-currency prices", "retry with backoff", "usage-based billing",
			"guest checkout", "saved searches", "two-factor authentication", "webhook signatures",
			"scheduled reports", "address autocomplete" };

	static final String[] SYMPTOMS = { "500 error", "timeout", "wrong total", "duplicate emails", "stale cache",
			"race condition", "memory leak", "broken layout", "incorrect rounding", "missing translations",
			"deadlock" };

	static final String[] CONDITIONS = { "when the cart is empty", "after a password reset", "on Safari 17",
			"for orders over 10,000 EUR", "under high load", "with an expired session", "for users in UTC+13",
			"right after a deploy", "on the first login", "with more than 500 line items" };

	static final String[] RISKS = { "Assess the impact of the TLS 1.0 shutdown on", "Review data retention (GDPR) of",
			"Plan capacity for the Black Friday peak of", "Evaluate the single point of failure in",
			"Check the license change of a dependency used by" };

	static final String[] LIBRARIES = { "Spring Boot", "Jackson", "React", "the PostgreSQL driver", "Node.js",
			"Kotlin", "Gradle", "OpenSSL" };

	static final String[] DEBTS = { "Refactor the %s module", "Remove the deprecated v1 API of %s",
			"Upgrade %2$s in %1$s", "Replace hand-written SQL in %s", "Split the %s god class",
			"Add missing tests around %s" };

	static final String[] LABELS = { "backend", "frontend", "api", "mobile", "security", "performance",
			"customer-reported", "tech-debt", "ux", "infra", "compliance", "quick-win" };

	static final Weighted<String> PRIORITIES = new Weighted<String>().add("Highest", 5)
		.add("High", 20)
		.add("Medium", 50)
		.add("Low", 20)
		.add("Lowest", 5);

	/** Sentences with nothing to escape, so that item descriptions can use them as plain text too. */
	static final Filler PROSE = new Filler(" ",
			"The current behaviour confuses customers and support has logged several tickets about it.",
			"Acceptance criteria: the change is behind a feature flag and covered by an integration test.",
			"We agreed in refinement to keep the existing API backwards compatible for one release.",
			"Product wants this before the end of the quarter because two enterprise customers asked for it.",
			"Steps to reproduce: open the page, add three items, apply a voucher and reload.",
			"Expected result: the totals match the invoice; actual result: they differ by one cent.",
			"The fix should also update the runbook and the dashboards that show this metric.",
			"Security reviewed the design on Tuesday and had no objections.",
			"Please coordinate the rollout with the on-call engineer of the platform team.",
			"Logs show the error roughly every twenty minutes, always on the same two pods.",
			"Let us pair on this tomorrow morning; I can walk you through the old code path.",
			"Looks good to me overall, just two small comments on naming and one missing null check.",
			"I rebased on main and the flaky test seems to be gone, but let us keep an eye on it.",
			"This touches the shared client library, so the other teams need a heads-up.",
			"Measured locally: p95 latency went from 480 ms to 120 ms with the new index.",
			"We should split this into a small migration first and the behaviour change second.",
			"Design doc: the proposal keeps the event schema and adds an optional field.",
			"QA found no regressions on staging; the smoke suite passed twice in a row.",
			"Moving this back to analysis until the legal team confirms the wording.",
			"The customer confirmed the workaround helps, but a proper fix is still needed.");

	static final Filler COMMIT_BODY = new Filler("\\n",
			"Move the rounding into one place so carts and invoices agree.",
			"The old code parsed the header twice and ignored the second value.",
			"Add a regression test for the empty-cart case.", "Bump the client timeout to 5 s; 2 s was too tight.",
			"Keep the v1 endpoint until all consumers have migrated.", "Log the request id on every failure path.",
			"Rename the flag so that it says what it enables.", "Guard against a null session after logout.",
			"Use a prepared statement instead of string concatenation.",
			"Batch the inserts; one round trip per row was the bottleneck.",
			"Document why the retry limit is three.", "Remove the dead branch left over from the old provider.",
			"Co-authored-by: a pairing partner <pair@acme.io>", "Refs the incident review from last week.");

	static final Filler BUILD_LOG = new Filler("\\n",
			"[INFO] Scanning for projects...",
			"[INFO] Building service 1.4.2-SNAPSHOT", "[INFO] --- compiler:3.13.0:compile (default-compile) ---",
			"[INFO] Compiling 214 source files with javac [debug release 17] to target/classes",
			"[INFO] --- surefire:3.5.2:test (default-test) ---",
			"[INFO] Tests run: 412, Failures: 0, Errors: 0, Skipped: 3", "[WARNING] Tests run: 18, Flakes: 1",
			"[INFO] --- jar:3.4.2:jar (default-jar) ---", "[INFO] BUILD SUCCESS",
			"[INFO] Total time:  02:41 min", "+ docker build -t registry.acme.io/service:1.4.2 .",
			"Step 7/12 : RUN ./mvnw -q -DskipTests package", "Successfully tagged registry.acme.io/service:1.4.2",
			"+ kubectl rollout status deployment/service --timeout=300s",
			"deployment \\\"service\\\" successfully rolled out", "Archiving artifacts",
			"Recording test results", "Finished: SUCCESS");

	private Vocabulary() {
	}

	/** A tracker item title that reads like its type: a feature, a defect, a risk or a piece of technical debt. */
	static String title(String itemType, SplittableRandom random) {
		String area = any(AREAS, random);
		return switch (itemType) {
			case "feature" -> any(new String[] { "Add", "Support", "Introduce" }, random) + " "
					+ any(FEATURES, random) + " in " + area;
			case "defect" -> capitalized(area) + ": " + any(SYMPTOMS, random) + " " + any(CONDITIONS, random);
			case "risk" -> any(RISKS, random) + " " + area;
			default -> String.format(any(DEBTS, random), area, any(LIBRARIES, random));
		};
	}

	static String commitSubject(SplittableRandom random) {
		String area = any(AREAS, random);
		return switch (random.nextInt(4)) {
			case 0 -> "Fix " + any(SYMPTOMS, random) + " in " + area;
			case 1 -> "Add " + any(FEATURES, random) + " to " + area;
			case 2 -> "Refactor " + area;
			default -> "Cover " + area + " with tests";
		};
	}

	static <T> T any(T[] values, SplittableRandom random) {
		return values[random.nextInt(values.length)];
	}

	static <T> T any(java.util.List<T> values, SplittableRandom random) {
		return values.get(random.nextInt(values.size()));
	}

	static Person anyone(SplittableRandom random) {
		return any(PEOPLE, random);
	}

	static String sha(SplittableRandom random) {
		StringBuilder sha = new StringBuilder(40);
		for (int i = 0; i < 40; i++) {
			sha.append(Character.forDigit(random.nextInt(16), 16));
		}
		return sha.toString();
	}

	/** A version 4 UUID drawn from {@code random}, so that a seed always gives the same ids. */
	static java.util.UUID uuid(SplittableRandom random) {
		long most = (random.nextLong() & ~0xF000L) | 0x4000L;
		long least = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
		return new java.util.UUID(most, least);
	}

	static String capitalized(String text) {
		return Character.toUpperCase(text.charAt(0)) + text.substring(1);
	}

	static String slug(String text) {
		return text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
	}

	private static Person[] people(String... names) {
		Person[] people = new Person[names.length];
		for (int i = 0; i < names.length; i++) {
			String[] parts = names[i].split(" ");
			String login = (parts[0].charAt(0) + parts[1]).toLowerCase(Locale.ROOT);
			people[i] = new Person(names[i], login, login + "@acme.io", 5_830_100L + i * 37L);
		}
		return people;
	}

}
