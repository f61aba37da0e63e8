package io.flowbatch.dailymetrics;

import java.time.LocalDate;

import io.flowbatch.metrics.JobMetrics;
import io.flowbatch.sql.SqlFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.batch.core.BatchStatus;
import org.springframework.batch.core.job.JobExecution;
import org.springframework.batch.core.listener.JobExecutionListener;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * After a completed run, each team's load and flow time on the run's last day as gauges, for the alerts on a team over
 * its WIP limit and a p85 flow time over target for days ({@code k8s-cronjobs/alert-rules.yaml}):
 * {@code flowbatch_team_wip}, {@code flowbatch_team_wip_limit}, {@code flowbatch_team_flow_time_p85_hours},
 * {@code flowbatch_team_flow_time_target_hours}, {@code flowbatch_team_flow_time_p85_over_target_days}.
 */
class TeamMetricsReport implements JobExecutionListener {

	private static final Logger logger = LoggerFactory.getLogger(TeamMetricsReport.class);

	private static final String TEAM_GAUGES = SqlFiles.read("queries/daily-metrics/team-gauges.sql");

	private final JdbcClient jdbc;

	private final JobMetrics metrics;

	TeamMetricsReport(JdbcClient jdbc, JobMetrics metrics) {
		this.jdbc = jdbc;
		this.metrics = metrics;
	}

	@Override
	public void afterJob(JobExecution jobExecution) {
		if (jobExecution.getStatus() != BatchStatus.COMPLETED) {
			return;
		}
		LocalDate date = jobExecution.getJobParameters().getLocalDate("date");
		try {
			this.jdbc.sql(TEAM_GAUGES).param("date", date).query((row) -> {
				String team = row.getString("team_id");
				set("flowbatch.team.wip", row.getObject("wip_end_of_day"), team);
				set("flowbatch.team.wip.limit", row.getObject("wip_limit"), team);
				set("flowbatch.team.flow.time.p85.hours", row.getObject("flow_time_p85_hours"), team);
				set("flowbatch.team.flow.time.target.hours", row.getObject("flow_time_target_hours"), team);
				set("flowbatch.team.flow.time.p85.over.target.days", row.getObject("days_p85_over_target"), team);
			});
		}
		catch (DataAccessException ex) {
			logger.warn("Could not read the teams' metrics of {}: {}", date, ex.getMostSpecificCause().getMessage());
		}
	}

	/** A team's gauge; a value the row does not have (no completions: no p85) is not pushed. */
	private void set(String name, Object value, String team) {
		if (value != null) {
			this.metrics.set(name, ((Number) value).doubleValue(), "team_id", team);
		}
	}

}
