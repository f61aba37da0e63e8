package io.flowbatch.backup;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * restore-test's use of the globals stored with a dump ({@code pg_dumpall --globals-only}): the roles the dump needs
 * that the target cluster lacks, created so that the restore can give every object its owner and privileges. Roles
 * that exist are never altered (the target may be production's cluster), and created ones get no attributes: each is
 * {@code NOLOGIN} and only a member of the roles the dump made it one of. Tablespaces are not created: the restore
 * puts everything in the default one.
 * @param created the quoted names of the roles to create, in the dump's order
 * @param statements the SQL that creates them and their memberships
 */
record MissingRoles(List<String> created, List<String> statements) {

	/** A role name as pg_dumpall writes it: a plain identifier or a double-quoted one. */
	private static final String NAME = "(\"(?:[^\"]|\"\")*\"|[A-Za-z_][A-Za-z0-9_$]*)";

	private static final Pattern CREATE_ROLE = Pattern.compile("^CREATE ROLE " + NAME + ";$");

	private static final Pattern MEMBERSHIP = Pattern.compile("^GRANT " + NAME + " TO " + NAME + "(?: |;)");

	/**
	 * @param globals pg_dumpall's output
	 * @param existing the target cluster's roles, quoted as {@code quote_ident} quotes them (as pg_dumpall does)
	 */
	static MissingRoles of(String globals, Set<String> existing) {
		Set<String> created = new LinkedHashSet<>();
		List<String> statements = new ArrayList<>();
		List<String[]> memberships = new ArrayList<>();
		for (String line : globals.lines().toList()) {
			Matcher role = CREATE_ROLE.matcher(line);
			if (role.find() && !existing.contains(role.group(1)) && created.add(role.group(1))) {
				statements.add("CREATE ROLE " + role.group(1) + " NOLOGIN");
			}
			Matcher membership = MEMBERSHIP.matcher(line);
			if (membership.find()) {
				memberships.add(new String[] { membership.group(1), membership.group(2) });
			}
		}
		for (String[] membership : memberships) {
			boolean granted = existing.contains(membership[0]) || created.contains(membership[0]);
			if (granted && created.contains(membership[1])) {
				statements.add("GRANT " + membership[0] + " TO " + membership[1]);
			}
		}
		return new MissingRoles(List.copyOf(created), List.copyOf(statements));
	}

}
