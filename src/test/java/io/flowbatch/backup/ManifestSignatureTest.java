package io.flowbatch.backup;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ManifestSignatureTest {

	private final ManifestSignature signature = new ManifestSignature("a key held outside the bucket");

	@Test
	void theSignatureOfTheExactManifestVouchesForIt() {
		String manifest = "{\"sha256\": \"ab\"}";

		assertThat(this.signature.problem(manifest, Optional.of(this.signature.sign(manifest) + "\n"))).isEmpty();
	}

	@Test
	void aChangedManifestAMissingSignatureOrAnotherKeysSignatureIsRefused() {
		String manifest = "{\"sha256\": \"ab\"}";
		String signed = this.signature.sign(manifest);

		assertThat(this.signature.problem("{\"sha256\": \"ac\"}", Optional.of(signed))).get().asString()
			.contains("does not match");
		assertThat(this.signature.problem(manifest, Optional.empty())).contains("the manifest has no signature");
		assertThat(this.signature.problem(manifest, Optional.of(new ManifestSignature("another").sign(manifest))))
			.isPresent();
	}

	@Test
	void theSignatureIsHmacSha256InHex() {
		// RFC 4231 test case 2.
		assertThat(new ManifestSignature("Jefe").sign("what do ya want for nothing?"))
			.isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
	}

}
