package io.flowbatch.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** A rendered page: the HTTP status, the title and the body's markup, wrapped in the console's layout. */
record Page(int status, String title, Html body) {

	private static final String STYLE = style();

	private static final String[][] NAVIGATION = { { "/executions", "Executions" }, { "/archives", "Archives" },
			{ "/backups", "Backups & recovery tests" } };

	/** The whole document; {@code section} is the navigation entry to mark as current. */
	String document(String section) {
		Html page = new Html().raw("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">")
			.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
			.element("title", this.title + " · flowbatch console")
			.raw("<style>")
			.raw(STYLE)
			.raw("</style></head><body><header><b>flowbatch console</b>");
		for (String[] entry : NAVIGATION) {
			page.element("a", entry[1], "href", entry[0], "class", entry[0].equals(section) ? "on" : null);
		}
		return page.raw("<span class=\"ro\">read-only · times in UTC</span></header><main>")
			.raw(this.body.toString())
			.raw("</main></body></html>")
			.toString();
	}

	private static String style() {
		try (InputStream in = Page.class.getResourceAsStream("/console/console.css")) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read console/console.css", ex);
		}
	}

	static Page notFound(String what) {
		return new Page(404, "Not found", new Html().element("h1", "Not found").element("p", what));
	}

}
