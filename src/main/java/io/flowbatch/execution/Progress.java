package io.flowbatch.execution;

import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Amounts of work (partitions, rows, bytes) a step publishes in its execution context, so that whoever follows the
 * execution through the job repository can show totals, progress and an ETA: a planning step puts what it planned
 * ({@link #putPlanned}), a working step what it has done so far ({@link #putDone}, cumulative across restarts; the
 * step execution context is restored on restart).
 */
public record Progress(long partitions, long rows, long bytes) {

	public static final Progress NONE = new Progress(0, 0, 0);

	private static final String PLANNED = "progress.planned.";

	private static final String DONE = "progress.done.";

	public Progress plus(Progress other) {
		return new Progress(this.partitions + other.partitions, this.rows + other.rows, this.bytes + other.bytes);
	}

	public boolean isNone() {
		return equals(NONE);
	}

	public void putPlanned(ExecutionContext context) {
		put(context, PLANNED);
	}

	public void putDone(ExecutionContext context) {
		put(context, DONE);
	}

	public static Progress planned(ExecutionContext context) {
		return get(context, PLANNED);
	}

	public static Progress done(ExecutionContext context) {
		return get(context, DONE);
	}

	private void put(ExecutionContext context, String prefix) {
		context.putLong(prefix + "partitions", this.partitions);
		context.putLong(prefix + "rows", this.rows);
		context.putLong(prefix + "bytes", this.bytes);
	}

	private static Progress get(ExecutionContext context, String prefix) {
		return new Progress(context.getLong(prefix + "partitions", 0), context.getLong(prefix + "rows", 0),
				context.getLong(prefix + "bytes", 0));
	}

}
