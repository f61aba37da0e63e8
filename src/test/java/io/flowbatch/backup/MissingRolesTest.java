package io.flowbatch.backup;

import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MissingRolesTest {

	/** pg_dumpall --globals-only --no-role-passwords of PostgreSQL 15, abridged. */
	private static final String GLOBALS = """
			--
			-- PostgreSQL database cluster dump
			--

			SET default_transaction_read_only = off;

			--
			-- Roles
			--

			CREATE ROLE analyst;
			ALTER ROLE analyst WITH NOSUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN NOREPLICATION NOBYPASSRLS;
			CREATE ROLE "Report Owner";
			ALTER ROLE "Report Owner" WITH SUPERUSER INHERIT NOCREATEROLE NOCREATEDB LOGIN NOREPLICATION NOBYPASSRLS;
			CREATE ROLE postgres;
			ALTER ROLE postgres WITH SUPERUSER INHERIT CREATEROLE CREATEDB LOGIN REPLICATION BYPASSRLS;
			COMMENT ON ROLE analyst IS 'reads';

			--
			-- Role memberships
			--

			GRANT "Report Owner" TO analyst GRANTED BY postgres;
			GRANT pg_read_all_data TO "Report Owner" GRANTED BY postgres;
			GRANT ghost TO analyst GRANTED BY postgres;
			GRANT analyst TO postgres GRANTED BY postgres;

			--
			-- Tablespaces
			--

			CREATE TABLESPACE fast OWNER postgres LOCATION '/ssd';
			""";

	@Test
	void onlyMissingRolesAreCreatedWithoutAttributesAndWithTheirMembershipsInRolesThatExist() {
		MissingRoles missing = MissingRoles.of(GLOBALS, Set.of("postgres", "pg_read_all_data"));

		assertThat(missing.created()).containsExactly("analyst", "\"Report Owner\"");
		assertThat(missing.statements()).containsExactly("CREATE ROLE analyst NOLOGIN",
				"CREATE ROLE \"Report Owner\" NOLOGIN", "GRANT \"Report Owner\" TO analyst",
				"GRANT pg_read_all_data TO \"Report Owner\"");
	}

	@Test
	void aClusterThatHasEveryRoleIsLeftAlone() {
		MissingRoles missing = MissingRoles.of(GLOBALS,
				Set.of("postgres", "analyst", "\"Report Owner\"", "pg_read_all_data"));

		assertThat(missing.created()).isEmpty();
		assertThat(missing.statements()).as("existing roles are never altered nor granted more").isEmpty();
	}

}
