package io.flowbatch.devtools.generate;

/** The database already holds rows of this seed, which would collide with the new ones; nothing was written. */
public class SeedAlreadyGeneratedException extends RuntimeException {

	SeedAlreadyGeneratedException(long seed, String evidence) {
		super("seed " + seed + " was already generated into this database (" + evidence
				+ "); pass another --seed, or delete that run's rows first");
	}

}
