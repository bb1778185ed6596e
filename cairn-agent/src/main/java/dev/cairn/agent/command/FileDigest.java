package dev.cairn.agent.command;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The size, SHA-1 and SHA-256 of a file, read once. */
record FileDigest(long size, String sha1, String sha256) {

  static FileDigest of(Path file) throws IOException {
    MessageDigest sha1 = digest("SHA-1");
    MessageDigest sha256 = digest("SHA-256");
    long size = 0;
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha1.update(buffer, 0, n);
        sha256.update(buffer, 0, n);
        size += n;
      }
    }
    HexFormat hex = HexFormat.of();
    return new FileDigest(size, hex.formatHex(sha1.digest()), hex.formatHex(sha256.digest()));
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has " + algorithm, e);
    }
  }
}
