package io.flowbatch.archiveverify;

import java.time.LocalDate;

import io.flowbatch.metrics.JobMetrics;
import io.flowbatch.storage.ObjectStore;

import org.springframework.batch.core.configuration.annotation.StepScope;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * archive-verify (like pgBackRest's {@code verify}): every object {@code archive_manifest} recorded since
 * {@code since} must exist with the recorded size and SHA-256; with {@code full=true} it is also read back and its
 * rows and content checksum compared. Steps: {@code verify-objects} (chunks of {@value #OBJECTS_PER_CHUNK} objects;
 * a restart resumes after the last committed chunk; problems recorded in {@code archive_verify_findings}), then
 * {@code report}, which fails the job when anything was found.
 */
@Configuration(proxyBeanMethods = false)
class ArchiveVerifyJobConfiguration {

	static final int OBJECTS_PER_CHUNK = 10;

	@Bean
	Job archiveVerifyJob(JobRepository jobRepository, Step verifyArchiveObjects, Step reportArchiveFindings) {
		return new JobBuilder("archive-verify", jobRepository).start(verifyArchiveObjects)
			.next(reportArchiveFindings)
			.build();
	}

	@Bean
	Step verifyArchiveObjects(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			ManifestObjectReader archiveManifestObjects, ObjectVerifier archiveObjectVerifier,
			FindingsWriter archiveFindingsWriter) {
		return new StepBuilder("verify-objects", jobRepository)
			.<ManifestObject, Finding>chunk(OBJECTS_PER_CHUNK)
			.reader(archiveManifestObjects)
			.processor(archiveObjectVerifier)
			.writer(archiveFindingsWriter)
			.transactionManager(transactionManager)
			.build();
	}

	@Bean
	Step reportArchiveFindings(JobRepository jobRepository, PlatformTransactionManager transactionManager,
			JdbcTemplate jdbc, JobMetrics metrics) {
		return new StepBuilder("report", jobRepository)
			.tasklet(new FindingsReport(new NamedParameterJdbcTemplate(jdbc), metrics), transactionManager)
			.build();
	}

	@Bean
	@StepScope
	ManifestObjectReader archiveManifestObjects(JdbcTemplate jdbc,
			@Value("#{jobParameters['since']}") LocalDate since) {
		return new ManifestObjectReader(new NamedParameterJdbcTemplate(jdbc), since);
	}

	@Bean
	@StepScope
	ObjectVerifier archiveObjectVerifier(ObjectStore objectStore, JobMetrics metrics,
			@Value("#{jobParameters['full']}") Boolean full) {
		return new ObjectVerifier(objectStore, metrics, Boolean.TRUE.equals(full));
	}

	@Bean
	@StepScope
	FindingsWriter archiveFindingsWriter(JdbcTemplate jdbc, @Value("#{stepExecution.jobExecutionId}") Long executionId) {
		return new FindingsWriter(new NamedParameterJdbcTemplate(jdbc), executionId);
	}

}
