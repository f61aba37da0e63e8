package io.flowbatch.catalog;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.batch.core.job.Job;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The catalog as a bean, checked at start-up against the jobs the context defines: neither may name one alone. */
@Configuration(proxyBeanMethods = false)
class JobCatalogConfiguration {

	@Bean
	JobCatalog jobCatalog(List<Job> jobs) {
		JobCatalog catalog = JobCatalog.fromClasspath();
		Set<String> defined = new TreeSet<>(jobs.stream().map(Job::getName).toList());
		Set<String> cataloged = new TreeSet<>(catalog.names());
		if (!defined.equals(cataloged)) {
			throw new IllegalStateException("the job catalog (jobs/*.yml) " + cataloged
					+ " and the jobs defined in code " + defined + " differ");
		}
		return catalog;
	}

}
