package io.flowbatch.backup;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HMAC-SHA256 over a manifest's exact bytes, with a key held outside the bucket
 * ({@code flowbatch.backup.manifest-hmac-key}). The manifest carries the dump's and the globals' SHA-256, so a valid
 * signature vouches for them too: whoever can write the bucket but lacks the key can change neither unnoticed.
 */
final class ManifestSignature {

	private final byte[] key;

	ManifestSignature(String key) {
		this.key = key.getBytes(StandardCharsets.UTF_8);
	}

	String sign(String manifest) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(this.key, "HmacSHA256"));
			return HexFormat.of().formatHex(mac.doFinal(manifest.getBytes(StandardCharsets.UTF_8)));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("HmacSHA256 is unavailable", ex);
		}
	}

	/** Why the signature does not vouch for the manifest, or empty when it does; compared in constant time. */
	Optional<String> problem(String manifest, Optional<String> signature) {
		if (signature.isEmpty()) {
			return Optional.of("the manifest has no signature");
		}
		boolean valid = MessageDigest.isEqual(sign(manifest).getBytes(StandardCharsets.US_ASCII),
				signature.get().strip().getBytes(StandardCharsets.US_ASCII));
		return valid ? Optional.empty() : Optional.of("the manifest's HMAC does not match: it was changed or signed"
				+ " with another key");
	}

}
