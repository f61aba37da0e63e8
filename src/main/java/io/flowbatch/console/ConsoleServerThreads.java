package io.flowbatch.console;

import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/** The console's request threads, as many as its database connections; daemons, named for thread dumps. */
final class ConsoleServerThreads implements ThreadFactory {

	static final int COUNT = 4;

	private final AtomicInteger number = new AtomicInteger();

	@Override
	public Thread newThread(Runnable task) {
		Thread thread = new Thread(task, "flowbatch-console-" + this.number.incrementAndGet());
		thread.setDaemon(true);
		return thread;
	}

}
