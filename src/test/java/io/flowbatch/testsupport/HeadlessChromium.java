package io.flowbatch.testsupport;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The real browser the console tests load pages in: the machine's Chromium (Debian package {@code chromium}, which
 * ./test installs) run headless from its command line, with a fresh profile per page and everything that would
 * reach beyond this machine switched off.
 */
public final class HeadlessChromium {

	private static final long TIMEOUT_SECONDS = 90;

	private final String binary;

	private HeadlessChromium(String binary) {
		this.binary = binary;
	}

	public static HeadlessChromium find() {
		return new HeadlessChromium(Tools.onPath("chromium", "chromium").toString());
	}

	/** The document as Chromium has parsed it (its DOM serialized). */
	public String dom(URI page) {
		return run(page, "--dump-dom");
	}

	/** A PNG of the page as a 1280-pixel-wide screen shows it. */
	public void screenshot(URI page, Path png) {
		try {
			Files.createDirectories(png.getParent());
			Files.deleteIfExists(png);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		run(page, "--screenshot=" + png.toAbsolutePath(), "--window-size=1280,1800", "--hide-scrollbars");
		if (!Files.isRegularFile(png)) {
			throw new IllegalStateException("Chromium wrote no screenshot of " + page + " to " + png);
		}
	}

	private String run(URI page, String... mode) {
		Path profile = null;
		try {
			profile = Files.createTempDirectory("flowbatch-chromium");
			List<String> command = new ArrayList<>(List.of(this.binary, "--headless", "--no-sandbox", "--disable-gpu",
					"--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
					"--disable-sync", "--disable-default-apps", "--disable-extensions", "--mute-audio",
					"--user-data-dir=" + profile));
			command.addAll(List.of(mode));
			command.add(page.toString());
			Process process = new ProcessBuilder(command).redirectError(profile.resolve("stderr.log").toFile()).start();
			process.getOutputStream().close();
			byte[] out = process.getInputStream().readAllBytes();
			if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException("Chromium did not finish loading " + page);
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException("Chromium exited " + process.exitValue() + " on " + page + ":\n"
						+ Files.readString(profile.resolve("stderr.log")));
			}
			return new String(out, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new IllegalStateException("cannot run Chromium: " + ex.getMessage(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
		finally {
			delete(profile);
		}
	}

	private static void delete(Path directory) {
		if (directory == null) {
			return;
		}
		try (Stream<Path> files = Files.walk(directory)) {
			files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
		}
		catch (IOException ex) {
			// a temporary profile left behind is harmless
		}
	}

}
