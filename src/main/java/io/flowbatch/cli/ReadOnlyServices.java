package io.flowbatch.cli;

import javax.sql.DataSource;

import io.flowbatch.audit.OperatorActions;
import io.flowbatch.dataquality.DataQualityFindings;
import io.flowbatch.dbhealth.DbHealthFindings;

import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.repository.support.JdbcJobRepositoryFactoryBean;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * What the read-only verbs ({@code status}, {@code history}, {@code report}) read with: built over one read-only
 * {@link DataSource}, the same way whether Spring Boot resolved the connection or {@link DirectConnectionSettings}
 * did.
 */
record ReadOnlyServices(SchemaVersion schemaVersion, ExecutionReports executions, ReportCommand reports) {

	static ReadOnlyServices over(DataSource dataSource, CliOutput output) {
		JdbcClient jdbc = JdbcClient.create(dataSource);
		NamedParameterJdbcTemplate namedParameters = new NamedParameterJdbcTemplate(dataSource);
		ExecutionReports executions = new ExecutionReports(jdbc, output, new OperatorActions(jdbc),
				jobRepository(dataSource));
		return new ReadOnlyServices(new SchemaVersion(jdbc, output), executions,
				new ReportCommand(new DataQualityFindings(namedParameters), new DbHealthFindings(namedParameters),
						output, executions));
	}

	private static JobRepository jobRepository(DataSource dataSource) {
		JdbcJobRepositoryFactoryBean factory = new JdbcJobRepositoryFactoryBean();
		factory.setDataSource(dataSource);
		factory.setTransactionManager(new JdbcTransactionManager(dataSource));
		try {
			factory.afterPropertiesSet();
			return factory.getObject();
		}
		catch (Exception ex) {
			throw new IllegalStateException("cannot read the job repository: " + ex.getMessage(), ex);
		}
	}

}
