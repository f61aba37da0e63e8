package io.flowbatch.batch;

import java.util.List;

import org.springframework.batch.infrastructure.item.ExecutionContext;
import org.springframework.batch.infrastructure.item.ItemStreamReader;

/**
 * Reads a fixed list in order. The position after the last committed chunk is kept in the step's context, so a
 * restart resumes with the first item whose chunk had not committed; the list must be the same on restart (a fixed
 * set, or a plan kept in the job's context).
 */
public class ResumableListReader<T> implements ItemStreamReader<T> {

	private static final String NEXT = "next";

	private final List<T> items;

	private int next;

	public ResumableListReader(List<T> items) {
		this.items = List.copyOf(items);
	}

	@Override
	public void open(ExecutionContext context) {
		this.next = context.getInt(NEXT, 0);
	}

	@Override
	public T read() {
		return (this.next < this.items.size()) ? this.items.get(this.next++) : null;
	}

	/** Called when a chunk commits: every item read so far belongs to committed chunks. */
	@Override
	public void update(ExecutionContext context) {
		context.putInt(NEXT, this.next);
	}

}
