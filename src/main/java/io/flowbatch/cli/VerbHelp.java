package io.flowbatch.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;

import io.flowbatch.catalog.JobDefinition;

/**
 * The help pages: {@code flowbatch help}, {@code flowbatch help VERB}, {@code flowbatch VERB --help} and, for a job,
 * {@code flowbatch run JOB --help} (its parameters from the catalog). One entry per verb feeds both the overview and
 * the verb's own page.
 */
final class VerbHelp {

	private record Verb(String name, String synopsis, String summary, String details) {
	}

	private static final List<Verb> VERBS = List.of(
			new Verb("jobs", "jobs", "the job catalog: names, descriptions, parameters", ""),
			new Verb("run", "run JOB [name=value ...]", "validate, start, follow; prints the execution id first", """
					Parameters are checked against the catalog before anything connects; 'flowbatch run JOB --help'
					lists a job's parameters, types, defaults and bounds.
					"""),
			new Verb("restart", "restart ID", "restart a FAILED or STOPPED execution where it stopped", ""),
			new Verb("stop", "stop ID", "ask a running execution to stop at its next chunk boundary", ""),
			new Verb("abandon", "abandon ID", "give up a FAILED or STOPPED execution for good", ""),
			new Verb("recover", "recover ID", "mark an execution left STARTED by a dead JVM as FAILED", ""),
			new Verb("status", "status ID", "one execution: parameters, times, per-step counts, failures", ""),
			new Verb("history",
					"history [--job NAME] [--since 7d|2026-11-01] [--status FAILED] [--limit 100] [-o table|json|csv]",
					"past executions, newest first", """
							--job NAME       only this job
							--since AGE|DATE executions created since an age (7d, 12h, 30m) or a UTC date; default 30d
							--status STATUS  only executions in this status (COMPLETED, FAILED, STOPPED, ...)
							--limit N        at most N executions; default 100
							-o, --output F   table (default), json or csv; --format is the older spelling
							JSON and CSV carry RFC 3339 times with offset, durations in seconds (a number) and the
							parameters as a typed JSON object.
							"""),
			new Verb("namespace", "namespace [claim]", "which database owns the S3 bucket and prefix", """
					'namespace claim' writes the owner marker for a namespace written before flowbatch recorded owners.
					"""),
			new Verb("console", "console [--bind HOST:PORT]",
					"read-only web console: history, executions, archives, backups, restore tests", """
							--bind HOST:PORT where to listen (also PORT, [IPv6]:PORT); default 127.0.0.1:8080, this
							                 machine only
							With FLOWBATCH_CONSOLE_USER and FLOWBATCH_CONSOLE_PASSWORD both set, every page asks for
							them (HTTP basic authentication; put TLS in front when it leaves this machine). It reads
							over a read-only database connection and answers only GET and HEAD.
							"""),
			new Verb("demo", "demo", "the whole product on an embedded PostgreSQL and S3 server", ""),
			new Verb("generate", "generate [--teams N] [--flow-items N] [--webhooks N] [--days N] [--seed N]",
					"synthetic workload for demos and benchmarks", ""),
			new Verb("help", "help [VERB]", "this text, or one verb's", ""),
			new Verb("version", "version", "flowbatch's version (also --version)", ""));

	private static final String EXIT_CODES = """
			Exit codes: 0 ok, 1 job failed, 2 bad command line, 3 database unreachable,
			4 S3 unreachable, 5 job stopped, 6 already running, 70 internal error.
			""";

	private VerbHelp() {
	}

	static void printOverview(PrintStream out) {
		out.println("usage: flowbatch VERB [ARGS]   (flowbatch help VERB, or VERB --help, for one verb)");
		out.println();
		for (Verb verb : VERBS) {
			out.println("  " + verb.synopsis());
			out.println("        " + verb.summary());
		}
		out.println();
		out.print(EXIT_CODES);
	}

	/** Prints one verb's page; a usage error when there is no such verb. */
	static void printVerb(String name, PrintStream out) {
		Verb verb = find(name).orElseThrow(() -> new CliException(ExitCode.USAGE,
				"unknown command '" + name + "'; try 'flowbatch help'"));
		out.println("usage: flowbatch " + verb.synopsis());
		out.println();
		out.println(verb.summary());
		if (!verb.details().isEmpty()) {
			out.println();
			out.print(verb.details());
		}
		out.println();
		out.print(EXIT_CODES);
	}

	/** {@code flowbatch run JOB --help}: the job's description and parameters. */
	static void printJob(JobDefinition job, PrintStream out) {
		out.println("usage: flowbatch run " + job.name() + " [name=value ...]");
		out.println();
		CatalogTable.print(job, out);
		out.print(EXIT_CODES);
	}

	static String version() {
		String version = VerbHelp.class.getPackage().getImplementationVersion();
		return "flowbatch " + ((version != null) ? version : "development build");
	}

	private static Optional<Verb> find(String name) {
		return VERBS.stream().filter((verb) -> verb.name().equals(name)).findFirst();
	}

}
