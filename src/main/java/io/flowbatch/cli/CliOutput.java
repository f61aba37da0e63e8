package io.flowbatch.cli;

import java.io.PrintStream;

import org.springframework.stereotype.Component;

/** Where verbs print: the process's stdout/stderr, or the streams a test gave the command line. */
@Component
public class CliOutput {

	private volatile PrintStream out = System.out;

	private volatile PrintStream err = System.err;

	void redirect(PrintStream out, PrintStream err) {
		this.out = out;
		this.err = err;
	}

	public PrintStream out() {
		return this.out;
	}

	public PrintStream err() {
		return this.err;
	}

}
