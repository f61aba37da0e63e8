package io.flowbatch;

import io.flowbatch.cli.FlowbatchCommandLine;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Spring context behind every CLI verb that needs the database. {@link #main} hands over to the CLI, which
 * validates the command line before it starts this context.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FlowbatchApplication {

	public static void main(String[] args) {
		FlowbatchCommandLine.main(args);
	}

}
