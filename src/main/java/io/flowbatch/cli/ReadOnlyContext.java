package io.flowbatch.cli;

import javax.sql.DataSource;

import io.flowbatch.audit.OperatorActions;
import io.flowbatch.dataquality.DataQualityFindings;
import io.flowbatch.dbhealth.DbHealthFindings;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcClientAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The context of the read-only verbs ({@code status}, {@code history}, the reports): a small read-only connection
 * pool and the job repository's DAO, nothing else. No Flyway (a read must not migrate), no jobs, no S3, no metrics,
 * so that an operator paging through executions at night gets an answer in well under a second.
 * <p>
 * Deliberately not a {@code @Configuration}: the full application's component scan must not pick it up.
 */
@ImportAutoConfiguration({ DataSourceAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
		JdbcTemplateAutoConfiguration.class, JdbcClientAutoConfiguration.class })
@Import({ CliOutput.class, ExecutionReports.class, OperatorActions.class, SchemaVersion.class, ReportCommand.class,
		DataQualityFindings.class, DbHealthFindings.class })
class ReadOnlyContext {

	/**
	 * Read-only connections, and no more of them than a one-query command uses. The JDBC read-only flag alone does not
	 * make PostgreSQL refuse writes under autocommit; the session default does.
	 */
	static final String[] PROPERTIES = { "spring.datasource.hikari.read-only=true",
			"spring.datasource.hikari.connection-init-sql=SET default_transaction_read_only = on",
			"spring.datasource.hikari.maximum-pool-size=2", "spring.datasource.hikari.minimum-idle=0" };

	@Bean
	JobRepository jobRepository(DataSource dataSource, PlatformTransactionManager transactionManager)
			throws Exception {
		JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
		factory.setDataSource(dataSource);
		factory.setTransactionManager(transactionManager);
		factory.afterPropertiesSet();
		return factory.getObject();
	}

}
