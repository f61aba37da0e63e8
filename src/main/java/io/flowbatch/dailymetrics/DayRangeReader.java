package io.flowbatch.dailymetrics;

import java.time.LocalDate;

import org.springframework.batch.infrastructure.item.support.AbstractItemCountingItemStreamItemReader;

/**
 * Reads the calendar days {@code first..last} in order. Restartable: the read count is saved with each committed
 * chunk, so a restart resumes at the first day not yet committed.
 */
class DayRangeReader extends AbstractItemCountingItemStreamItemReader<LocalDate> {

	private final LocalDate first;

	private final LocalDate last;

	DayRangeReader(LocalDate first, LocalDate last) {
		this.first = first;
		this.last = last;
		setName("days");
	}

	@Override
	protected LocalDate doRead() {
		LocalDate day = this.first.plusDays(getCurrentItemCount() - 1);
		return day.isAfter(this.last) ? null : day;
	}

	@Override
	protected void doOpen() {
	}

	@Override
	protected void doClose() {
	}

}
