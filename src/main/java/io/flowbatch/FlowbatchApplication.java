package io.flowbatch;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The Spring context behind every CLI verb that runs or changes executions. The process starts in
 * {@code io.flowbatch.cli.FlowbatchCommandLine} (the jar's Start-Class), which validates the command line before it
 * starts this context.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FlowbatchApplication {

}
