package dev.cairn.server.agentapi;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived signed tokens for artifact transfers, the way S3 pre-signed forms and links work: an
 * upload form or a download link carries {@code <expiry>.<HMAC-SHA256(purpose, subject, expiry)>}
 * instead of an {@code Authorization} header, so the agent's plain HTTP uploader and downloader can
 * use them. The key is kept in the data directory, so links survive a restart. Thread-safe.
 */
public final class ArtifactLinks {
  /** How long an upload form or a download link is good for. */
  static final Duration LIFETIME = Duration.ofHours(1);

  private final byte[] key;
  private final Supplier<String> baseUrl;
  private final InstantSource clock;

  public ArtifactLinks(byte[] key, Supplier<String> baseUrl, InstantSource clock) {
    this.key = key.clone();
    this.baseUrl = baseUrl;
    this.clock = clock;
  }

  String baseUrl() {
    return baseUrl.get();
  }

  /** A token allowing {@code purpose} (upload or download) on {@code subject} for a while. */
  String sign(String purpose, String subject) {
    long expires = clock.instant().plus(LIFETIME).getEpochSecond();
    return expires + "." + mac(purpose, subject, expires);
  }

  /** Why the token does not allow {@code purpose} on {@code subject} now, or empty if it does. */
  Optional<String> check(String purpose, String subject, String token) {
    if (token == null) {
      return Optional.of("the " + purpose + " token is missing");
    }
    int dot = token.indexOf('.');
    long expires;
    try {
      expires = Long.parseLong(token.substring(0, Math.max(dot, 0)));
    } catch (NumberFormatException e) {
      return Optional.of("the " + purpose + " token is malformed");
    }
    byte[] expected = mac(purpose, subject, expires).getBytes(StandardCharsets.US_ASCII);
    byte[] given = token.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, given)) {
      return Optional.of("the " + purpose + " token is not valid for this artifact");
    }
    if (Instant.ofEpochSecond(expires).isBefore(clock.instant())) {
      return Optional.of("the " + purpose + " token has expired");
    }
    return Optional.empty();
  }

  private String mac(String purpose, String subject, long expires) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      byte[] sig =
          mac.doFinal((purpose + "\n" + subject + "\n" + expires).getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }
}
