package dev.cairn.store.secret;

import dev.cairn.core.port.IdGenerator;
import dev.cairn.core.port.SecretStore;
import dev.cairn.core.secret.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jdbi.v3.core.Jdbi;

/**
 * Secrets in table {@code secrets}, each value encrypted with AES-256-GCM under a key generated
 * once and kept (mode 600) in the data directory. Every value gets a fresh 96-bit nonce; the
 * organization and key name are the associated data, so a ciphertext moved to another row fails to
 * decrypt. Losing the key file loses the secrets, by design. Values never appear in messages.
 * Thread-safe.
 */
public final class EncryptedSecretStore implements SecretStore {
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Jdbi jdbi;
  private final SecretKey key;
  private final IdGenerator ids;

  public EncryptedSecretStore(Jdbi jdbi, Path keyFile, IdGenerator ids) {
    this.jdbi = jdbi;
    this.key = loadOrCreate(keyFile);
    this.ids = ids;
  }

  private static SecretKey loadOrCreate(Path file) {
    try {
      if (!Files.exists(file)) {
        KeyGenerator generator = KeyGenerator.getInstance("AES");
        generator.init(256, RANDOM);
        byte[] fresh = generator.generateKey().getEncoded();
        Files.createDirectories(file.toAbsolutePath().getParent());
        try {
          Files.createFile(
              file,
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
          Files.write(file, fresh);
        } catch (FileAlreadyExistsException raced) {
          // Another server process made it first; use theirs.
        }
      }
      byte[] bytes = Files.readAllBytes(file);
      if (bytes.length != 32) {
        throw new IllegalStateException("the secret key file " + file + " is not a 256-bit key");
      }
      return new SecretKeySpec(bytes, "AES");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the secret key file " + file, e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK cannot make AES keys", e);
    }
  }

  @Override
  public String put(String organization, String name, Secret value, Instant at) {
    byte[] nonce = new byte[NONCE_BYTES];
    RANDOM.nextBytes(nonce);
    byte[] sealed = crypt(Cipher.ENCRYPT_MODE, nonce, organization, name, bytes(value.reveal()));
    String id = ids.newId();
    jdbi.useHandle(h ->
        h.createUpdate(
                "INSERT INTO secrets (organization, name, id, nonce, ciphertext, created_at,"
                    + " updated_at) VALUES (:org, :name, :id, :nonce, :data, :at, :at)"
                    + " ON CONFLICT (organization, name) DO UPDATE SET nonce = excluded.nonce,"
                    + " ciphertext = excluded.ciphertext, updated_at = excluded.updated_at")
            .bind("org", organization)
            .bind("name", name)
            .bind("id", id)
            .bind("nonce", nonce)
            .bind("data", sealed)
            .bind("at", at.toString())
            .execute());
    return get(organization, name).map(Stored::id).orElse(id);
  }

  @Override
  public Optional<Stored> get(String organization, String name) {
    @SuppressWarnings("ArrayRecordComponent") // A private carrier, never compared or hashed.
    record Row(String id, byte[] nonce, byte[] data) {}
    return jdbi.withHandle(h ->
            h.createQuery(
                    "SELECT id, nonce, ciphertext FROM secrets"
                        + " WHERE organization = :org AND name = :name")
                .bind("org", organization)
                .bind("name", name)
                .map((rs, ctx) ->
                    new Row(rs.getString("id"), rs.getBytes("nonce"), rs.getBytes("ciphertext")))
                .findOne())
        .map(row ->
            new Stored(
                row.id(),
                new Secret(
                    new String(
                        crypt(Cipher.DECRYPT_MODE, row.nonce(), organization, name, row.data()),
                        StandardCharsets.UTF_8))));
  }

  private byte[] crypt(int mode, byte[] nonce, String organization, String name, byte[] input) {
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
      cipher.updateAAD(associatedData(organization, name));
      return cipher.doFinal(input);
    } catch (GeneralSecurityException e) {
      // Names only: the value must never reach a message.
      throw new IllegalStateException(
          "cannot "
              + (mode == Cipher.ENCRYPT_MODE ? "encrypt" : "decrypt")
              + " secret "
              + name
              + " of "
              + organization
              + " (wrong key file?)",
          e);
    }
  }

  private static byte[] associatedData(String organization, String name) {
    byte[] org = bytes(organization);
    byte[] key = bytes(name);
    return ByteBuffer.allocate(4 + org.length + key.length)
        .putInt(org.length)
        .put(org)
        .put(key)
        .array();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
