package io.flowbatch.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import org.slf4j.LoggerFactory;

import org.springframework.boot.logging.LoggingSystem;

/**
 * Logging for the read-only verbs' direct path. Without Spring Boot, logback would configure itself to log
 * everything at DEBUG to stdout, which carries the verbs' output (history -o json, ...); this gives what
 * logback-spring.xml gives a Spring Boot start: warnings and errors, on stderr.
 */
final class DirectPathLogging {

	private DirectPathLogging() {
	}

	static void warningsToStderr() {
		if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)
				|| context.getObject(LoggingSystem.class.getName()) != null) {
			// Spring Boot configured logging in this JVM already (a test, or a verb that started a context).
			return;
		}
		context.reset();
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(context);
		encoder.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %5p [%t] %logger{30} : %m%n");
		encoder.start();
		ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
		stderr.setContext(context);
		stderr.setTarget("System.err");
		stderr.setEncoder(encoder);
		stderr.start();
		Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
		root.setLevel(Level.WARN);
		root.addAppender(stderr);
	}

}
