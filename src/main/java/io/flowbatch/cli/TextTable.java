package io.flowbatch.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** A plain left-aligned text table for terminals and logs. */
public final class TextTable {

	private final List<String> headers;

	private final List<List<String>> rows = new ArrayList<>();

	public TextTable(String... headers) {
		this.headers = List.of(headers);
	}

	public TextTable row(Object... cells) {
		this.rows.add(java.util.Arrays.stream(cells).map((cell) -> (cell != null) ? cell.toString() : "").toList());
		return this;
	}

	public void print(PrintStream out, String indent) {
		int[] widths = new int[this.headers.size()];
		for (int i = 0; i < widths.length; i++) {
			widths[i] = this.headers.get(i).length();
			for (List<String> row : this.rows) {
				widths[i] = Math.max(widths[i], row.get(i).length());
			}
		}
		printRow(out, indent, this.headers, widths);
		for (List<String> row : this.rows) {
			printRow(out, indent, row, widths);
		}
	}

	private static void printRow(PrintStream out, String indent, List<String> cells, int[] widths) {
		StringBuilder line = new StringBuilder(indent);
		for (int i = 0; i < cells.size(); i++) {
			line.append(cells.get(i));
			if (i < cells.size() - 1) {
				line.append(" ".repeat(widths[i] - cells.get(i).length() + 2));
			}
		}
		out.println(line.toString().stripTrailing());
	}

}
