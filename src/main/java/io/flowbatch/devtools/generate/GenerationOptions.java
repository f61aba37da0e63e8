package io.flowbatch.devtools.generate;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * What {@link WorkloadGenerator} makes: how many teams, flow items (with their transitions and stage metrics) and
 * webhook events, spread over the {@code days} before {@code end}. The same options give the same rows.
 * @param seed the random seed; it is also part of every generated external_id
 * @param end the end of the time window, cut to whole seconds (UTC)
 */
public record GenerationOptions(int teams, int flowItems, int webhooks, int days, long seed, Instant end) {

	public static final int DEFAULT_TEAMS = 8;

	public static final int DEFAULT_FLOW_ITEMS = 10_000;

	public static final int DEFAULT_WEBHOOKS = 50_000;

	public static final int DEFAULT_DAYS = 120;

	public static final long DEFAULT_SEED = 42;

	public GenerationOptions {
		if (teams < 1 || days < 1 || flowItems < 0 || webhooks < 0 || seed < 0) {
			throw new IllegalArgumentException("teams and days must be positive, the other counts and the seed not"
					+ " negative: teams=" + teams + ", flowItems=" + flowItems + ", webhooks=" + webhooks + ", days="
					+ days + ", seed=" + seed);
		}
		end = Objects.requireNonNull(end, "end").truncatedTo(ChronoUnit.SECONDS);
	}

	/** The defaults, ending now. */
	public static GenerationOptions defaults() {
		return new GenerationOptions(DEFAULT_TEAMS, DEFAULT_FLOW_ITEMS, DEFAULT_WEBHOOKS, DEFAULT_DAYS, DEFAULT_SEED,
				Instant.now());
	}

	Instant start() {
		return this.end.minus(this.days, ChronoUnit.DAYS);
	}

}
