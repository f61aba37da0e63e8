package io.flowbatch.devtools.generate;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import io.flowbatch.devtools.generate.FlowItem.StageStay;
import io.flowbatch.devtools.generate.FlowItem.Transition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.UncategorizedSQLException;

/**
 * Fills the flow-metrics tables with a synthetic, internally consistent workload for demos and benchmarks, fast:
 * rows are streamed with COPY as they are made, never held in memory. Flow items and webhook events load at the same
 * time on separate connections and commit together at the end, or none of them does. Runs append: teams are shared,
 * and ids, external ids and delivery ids derive from the seed, so that runs with different seeds never collide.
 */
public class WorkloadGenerator {

	/** Webhook events are made in independently seeded chunks, so any number of writers makes the same rows. */
	private static final int WEBHOOK_CHUNK_SIZE = 10_000;

	/**
	 * Writers of webhook events besides the flow items' writer. Measured on 2 cores with PostgreSQL alongside: two
	 * load a million events clearly faster than one, three no faster than two.
	 */
	private static final int WEBHOOK_WRITERS = 2;

	private static final Logger logger = LoggerFactory.getLogger(WorkloadGenerator.class);

	private final DataSource dataSource;

	public WorkloadGenerator(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * @throws SeedAlreadyGeneratedException when rows of this seed are already there (nothing is written then)
	 * @throws org.springframework.dao.DataAccessException when the database refuses the rows (then no flow item or
	 * webhook event is committed; new teams may be)
	 */
	public GenerationReport generate(GenerationOptions options) {
		long startedAt = System.nanoTime();
		List<Team> teams = Team.first(options.teams());
		long windowStart = options.start().getEpochSecond();
		long windowEnd = options.end().getEpochSecond();
		WebhookEventFactory webhooks = new WebhookEventFactory(teams, options.seed(),
				options.flowItems() / options.teams(), windowStart * 1000, windowEnd * 1000);
		logger.info("Generating {} flow items and {} webhook events for {} teams over {} days ending {} (seed {})",
				options.flowItems(), options.webhooks(), options.teams(), options.days(), options.end(),
				options.seed());
		try {
			long newTeams;
			try (Connection connection = this.dataSource.getConnection()) {
				rejectSeedAlreadyGenerated(connection, options, teams, webhooks);
				newTeams = insertTeams(connection, teams, windowStart);
			}
			LoadedRows loaded = load(options, teams, webhooks);
			try (Connection connection = this.dataSource.getConnection();
					Statement analyze = connection.createStatement()) {
				analyze.execute("ANALYZE teams, flow_items, stage_transitions, stage_metrics, webhook_events");
			}
			return new GenerationReport(newTeams, loaded.flowItems(), loaded.stageTransitions(),
					loaded.stageMetrics(), loaded.webhookEvents(), loaded.webhookPayloadBytes(),
					Duration.ofNanos(System.nanoTime() - startedAt));
		}
		catch (SQLException ex) {
			throw new UncategorizedSQLException("generate", null, ex);
		}
	}

	/** The first row of a seed is the same whatever the other options, so finding it finds an earlier run. */
	private void rejectSeedAlreadyGenerated(Connection connection, GenerationOptions options, List<Team> teams,
			WebhookEventFactory webhooks) throws SQLException {
		if (options.flowItems() > 0) {
			FlowItem first = new FlowItemPlanner(teams, options.seed(), options.start().getEpochSecond(),
					options.end().getEpochSecond()).next();
			if (exists(connection, "SELECT 1 FROM flow_items WHERE id = ?::uuid", first.id().toString())) {
				throw new SeedAlreadyGeneratedException(options.seed(), "flow item " + first.id() + " exists");
			}
		}
		if (options.webhooks() > 0) {
			WebhookEvent first = webhooks.next(WebhookEventFactory.chunkRandom(options.seed(), 0),
					webhooks.sliceStart(0, 1), webhooks.sliceStart(1, 1));
			if (exists(connection, "SELECT 1 FROM webhook_events WHERE source = ? AND delivery_id = ?",
					first.source(), first.deliveryId().toString())) {
				throw new SeedAlreadyGeneratedException(options.seed(),
						first.source() + " delivery " + first.deliveryId() + " exists");
			}
		}
	}

	private static boolean exists(Connection connection, String sql, String... parameters) throws SQLException {
		try (PreparedStatement query = connection.prepareStatement(sql)) {
			for (int i = 0; i < parameters.length; i++) {
				query.setString(i + 1, parameters[i]);
			}
			try (ResultSet result = query.executeQuery()) {
				return result.next();
			}
		}
	}

	/** Teams are shared by all runs: existing ones are kept as they are. */
	private static long insertTeams(Connection connection, List<Team> teams, long windowStart) throws SQLException {
		LocalDateTime createdAt = LocalDateTime.ofEpochSecond(windowStart - 30 * 86_400L, 0, ZoneOffset.UTC);
		try (PreparedStatement insert = connection.prepareStatement("""
				INSERT INTO teams (id, name, description, created_at, updated_at, config)
				VALUES (?, ?, ?, ?, ?, ?::jsonb)
				ON CONFLICT (id) DO NOTHING""")) {
			for (Team team : teams) {
				insert.setString(1, team.id());
				insert.setString(2, team.name());
				insert.setString(3, team.description());
				insert.setObject(4, createdAt);
				insert.setObject(5, createdAt);
				insert.setString(6, team.configJson());
				insert.addBatch();
			}
			long inserted = 0;
			for (int count : insert.executeBatch()) {
				inserted += count;
			}
			return inserted;
		}
	}

	private record LoadedRows(long flowItems, long stageTransitions, long stageMetrics, long webhookEvents,
			long webhookPayloadBytes) {
	}

	private record FlowItemRows(long flowItems, long stageTransitions, long stageMetrics) {
	}

	private record WebhookRows(long events, long payloadBytes) {
	}

	/** One transaction per writer; all of them commit once every writer has succeeded, else all roll back. */
	private LoadedRows load(GenerationOptions options, List<Team> teams, WebhookEventFactory webhooks)
			throws SQLException {
		int chunks = (options.webhooks() + WEBHOOK_CHUNK_SIZE - 1) / WEBHOOK_CHUNK_SIZE;
		List<Connection> connections = new ArrayList<>();
		ExecutorService writers = Executors.newFixedThreadPool(1 + WEBHOOK_WRITERS);
		try {
			for (int i = 0; i < 1 + Math.min(WEBHOOK_WRITERS, chunks); i++) {
				Connection connection = this.dataSource.getConnection();
				connections.add(connection);
				connection.setAutoCommit(false);
			}
			Future<FlowItemRows> flowItemRows = writers
				.submit(() -> writeFlowItems(connections.get(0), options, teams));
			AtomicInteger nextChunk = new AtomicInteger();
			List<Future<WebhookRows>> webhookRows = new ArrayList<>();
			for (Connection connection : connections.subList(1, connections.size())) {
				webhookRows.add(writers
					.submit(() -> writeWebhookEvents(connection, options, webhooks, nextChunk, chunks)));
			}
			List<Future<?>> all = new ArrayList<>(webhookRows);
			all.add(flowItemRows);
			awaitAll(all);
			for (Connection connection : connections) {
				connection.commit();
			}
			FlowItemRows items = resultOf(flowItemRows);
			long events = 0;
			long payloadBytes = 0;
			for (Future<WebhookRows> rows : webhookRows) {
				events += resultOf(rows).events();
				payloadBytes += resultOf(rows).payloadBytes();
			}
			return new LoadedRows(items.flowItems(), items.stageTransitions(), items.stageMetrics(), events,
					payloadBytes);
		}
		finally {
			writers.shutdown();
			for (Connection connection : connections) {
				// A connection given back uncommitted is rolled back.
				connection.close();
			}
		}
	}

	/**
	 * Waits until every writer has ended, even when interrupted, so that no connection is closed under a running
	 * COPY; then throws the first failure.
	 */
	private static void awaitAll(List<Future<?>> writers) throws SQLException {
		Throwable failure = null;
		boolean interrupted = false;
		for (Future<?> writer : writers) {
			while (true) {
				try {
					writer.get();
					break;
				}
				catch (ExecutionException ex) {
					failure = (failure != null) ? failure : ex.getCause();
					break;
				}
				catch (InterruptedException ex) {
					interrupted = true;
				}
			}
		}
		if (interrupted) {
			Thread.currentThread().interrupt();
		}
		if (failure instanceof SQLException sqlException) {
			throw sqlException;
		}
		if (failure instanceof RuntimeException runtimeException) {
			throw runtimeException;
		}
		if (failure instanceof Error error) {
			throw error;
		}
		if (failure != null) {
			throw new IllegalStateException("a writer failed", failure);
		}
	}

	/** The result of a writer that {@link #awaitAll} saw succeed. */
	private static <T> T resultOf(Future<T> writer) {
		try {
			return writer.get();
		}
		catch (InterruptedException | ExecutionException ex) {
			throw new IllegalStateException("the writer had succeeded", ex);
		}
	}

	/**
	 * Three passes over the same planned items, one COPY per table in foreign-key order: a connection runs one COPY
	 * at a time, and re-planning an item costs far less than keeping it.
	 */
	private static FlowItemRows writeFlowItems(Connection connection, GenerationOptions options, List<Team> teams)
			throws SQLException {
		long windowStart = options.start().getEpochSecond();
		long windowEnd = options.end().getEpochSecond();
		long flowItems;
		long stageTransitions;
		try (CopyWriter copy = new CopyWriter(connection, "flow_items", "id", "external_id", "team_id", "item_type",
				"title", "description", "story_points", "current_stage", "status", "created_at", "updated_at",
				"completed_at", "labels", "metadata")) {
			FlowItemPlanner planner = new FlowItemPlanner(teams, options.seed(), windowStart, windowEnd);
			for (int i = 0; i < options.flowItems(); i++) {
				FlowItem item = planner.next();
				copy.uuid(item.id())
					.text(item.externalId())
					.text(item.teamId())
					.text(item.type())
					.text(item.title())
					.text(item.description())
					.number(item.storyPoints())
					.text(item.currentStage().column())
					.text(item.status())
					.timestamp(item.createdAt())
					.timestamp(item.updatedAt())
					.timestamp(item.completedAt())
					.text(item.labelsJson())
					.text(item.metadataJson())
					.endRow();
			}
			flowItems = copy.finish();
		}
		try (CopyWriter copy = new CopyWriter(connection, "stage_transitions", "flow_item_id", "from_stage",
				"to_stage", "transitioned_at", "duration_seconds", "triggered_by", "event_type", "event_payload")) {
			FlowItemPlanner planner = new FlowItemPlanner(teams, options.seed(), windowStart, windowEnd);
			for (int i = 0; i < options.flowItems(); i++) {
				FlowItem item = planner.next();
				for (Transition transition : item.transitions()) {
					copy.uuid(item.id())
						.text((transition.fromStage() != null) ? transition.fromStage().column() : null)
						.text(transition.toStage().column())
						.timestamp(transition.transitionedAt())
						.number(transition.durationSeconds())
						.text(transition.triggeredBy())
						.text(transition.eventType())
						.text(transition.payloadJson())
						.endRow();
				}
			}
			stageTransitions = copy.finish();
		}
		try (CopyWriter copy = new CopyWriter(connection, "stage_metrics", "flow_item_id", "stage", "started_at",
				"ended_at", "active_time_seconds", "wait_time_seconds", "flow_efficiency_percent", "blockers")) {
			FlowItemPlanner planner = new FlowItemPlanner(teams, options.seed(), windowStart, windowEnd);
			for (int i = 0; i < options.flowItems(); i++) {
				FlowItem item = planner.next();
				for (StageStay stay : item.stays()) {
					copy.uuid(item.id())
						.text(stay.stage().column())
						.timestamp(stay.startedAt())
						.timestamp(stay.endedAt())
						.number(stay.activeSeconds())
						.number(stay.waitSeconds())
						.hundredths(stay.flowEfficiencyHundredths())
						.text(stay.blockersJson())
						.endRow();
				}
			}
			return new FlowItemRows(flowItems, stageTransitions, copy.finish());
		}
	}

	/** Takes chunks until none is left; each chunk's events come from that chunk's own random numbers. */
	private static WebhookRows writeWebhookEvents(Connection connection, GenerationOptions options,
			WebhookEventFactory webhooks, AtomicInteger nextChunk, int chunks) throws SQLException {
		long payloadBytes = 0;
		try (CopyWriter copy = new CopyWriter(connection, "webhook_events", "source", "event_type", "delivery_id",
				"payload", "processing_status", "error_message", "received_at", "processed_at")) {
			for (int chunk = nextChunk.getAndIncrement(); chunk < chunks; chunk = nextChunk.getAndIncrement()) {
				SplittableRandom random = WebhookEventFactory.chunkRandom(options.seed(), chunk);
				int events = Math.min(WEBHOOK_CHUNK_SIZE, options.webhooks() - chunk * WEBHOOK_CHUNK_SIZE);
				List<WebhookEvent> arrivals = new ArrayList<>(events);
				for (int i = 0; i < events; i++) {
					arrivals.add(webhooks.next(random, webhooks.sliceStart(chunk, chunks),
							webhooks.sliceStart(chunk + 1, chunks)));
				}
				arrivals.sort(Comparator.comparingLong(WebhookEvent::receivedAt));
				for (WebhookEvent event : arrivals) {
					payloadBytes += event.payload().length();
					copy.text(event.source())
						.text(event.eventType())
						.uuid(event.deliveryId())
						.text(event.payload())
						.text(event.processingStatus())
						.text(event.errorMessage())
						.timestamp(event.receivedAt())
						.timestamp(event.processedAt())
						.endRow();
				}
			}
			return new WebhookRows(copy.finish(), payloadBytes);
		}
	}

}
