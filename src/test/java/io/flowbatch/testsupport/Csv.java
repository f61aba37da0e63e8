package io.flowbatch.testsupport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The CSV flowbatch prints ({@code -o csv}: a header, then a line per row; a field with a comma, quote or line break
 * quoted, quotes doubled, as RFC 4180 says), read back so that tests assert on fields, not on lines.
 */
public final class Csv {

	private Csv() {
	}

	/** The header's column names, in order. */
	public static List<String> header(String csv) {
		return lines(csv).get(0);
	}

	/** Each row after the header, keyed by the header's column names in their order. */
	public static List<Map<String, String>> rows(String csv) {
		List<List<String>> lines = lines(csv);
		List<String> header = lines.get(0);
		List<Map<String, String>> rows = new ArrayList<>();
		for (List<String> fields : lines.subList(1, lines.size())) {
			if (fields.size() != header.size()) {
				throw new IllegalArgumentException(
						"a row has " + fields.size() + " fields, the header " + header.size() + ": " + fields);
			}
			Map<String, String> row = new LinkedHashMap<>();
			for (int i = 0; i < header.size(); i++) {
				row.put(header.get(i), fields.get(i));
			}
			rows.add(row);
		}
		return rows;
	}

	private static List<List<String>> lines(String csv) {
		List<List<String>> lines = new ArrayList<>();
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < csv.length(); i++) {
			char c = csv.charAt(i);
			if (quoted) {
				if (c != '"') {
					field.append(c);
				}
				else if (i + 1 < csv.length() && csv.charAt(i + 1) == '"') {
					field.append('"');
					i++;
				}
				else {
					quoted = false;
				}
			}
			else if (c == '"') {
				quoted = true;
			}
			else if (c == ',') {
				fields.add(field.toString());
				field.setLength(0);
			}
			else if (c == '\n') {
				fields.add(field.toString());
				field.setLength(0);
				lines.add(fields);
				fields = new ArrayList<>();
			}
			else if (c != '\r') {
				field.append(c);
			}
		}
		if (quoted) {
			throw new IllegalArgumentException("a quoted field is not closed: " + field);
		}
		if (!field.isEmpty() || !fields.isEmpty()) {
			fields.add(field.toString());
			lines.add(fields);
		}
		if (lines.isEmpty()) {
			throw new IllegalArgumentException("no header");
		}
		return lines;
	}

}
