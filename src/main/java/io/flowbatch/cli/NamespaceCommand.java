package io.flowbatch.cli;

import io.flowbatch.namespace.NamespaceOwner;
import io.flowbatch.namespace.NamespaceRefusedException;
import io.flowbatch.namespace.S3Namespace;
import io.flowbatch.storage.ObjectStore;
import io.flowbatch.storage.StorageUnavailableException;

import org.springframework.stereotype.Component;

/**
 * {@code flowbatch namespace [claim]}: which database owns the configured bucket and prefix; {@code claim} adopts a
 * namespace written before flowbatch recorded owners (docs/reliability.md).
 */
@Component
class NamespaceCommand {

	private final S3Namespace namespace;

	private final ObjectStore objectStore;

	private final CliOutput output;

	NamespaceCommand(S3Namespace namespace, ObjectStore objectStore, CliOutput output) {
		this.namespace = namespace;
		this.objectStore = objectStore;
		this.output = output;
	}

	ExitCode run(boolean claim) {
		try {
			this.objectStore.checkReachable();
			if (claim) {
				print("owned by", this.namespace.claim());
			}
			else {
				this.namespace.owner()
					.ifPresentOrElse((owner) -> print("owned by", owner),
							() -> this.output.out().println("not claimed yet: the first job that needs S3 claims it"));
			}
			return ExitCode.OK;
		}
		catch (StorageUnavailableException ex) {
			throw new CliException(ExitCode.STORAGE_UNAVAILABLE, ex.getMessage());
		}
		catch (NamespaceRefusedException ex) {
			throw new CliException(ExitCode.USAGE, ex.getMessage());
		}
	}

	private void print(String what, NamespaceOwner owner) {
		this.output.out()
			.println(what + ": database '" + owner.database() + "', system identifier " + owner.systemIdentifier()
					+ ", claimed " + owner.claimedAt() + " by flowbatch " + owner.flowbatchVersion());
	}

}
