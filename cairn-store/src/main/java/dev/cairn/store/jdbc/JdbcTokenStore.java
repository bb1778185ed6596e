package dev.cairn.store.jdbc;

import dev.cairn.core.port.TokenStore;
import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/** Registration and API token hashes in table {@code tokens}. */
public final class JdbcTokenStore implements TokenStore {
  private final Jdbi jdbi;

  public JdbcTokenStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public void add(Kind kind, String tokenHash, String description) {
    jdbi.useHandle(h ->
        h.createUpdate(
                "INSERT INTO tokens (token_hash, kind, description, created_at)"
                    + " VALUES (:hash, :kind, :description, :at) ON CONFLICT (token_hash) DO NOTHING")
            .bind("hash", tokenHash)
            .bind("kind", kind.name())
            .bind("description", description)
            .bind("at", Instant.now().toString())
            .execute());
  }

  @Override
  public boolean exists(Kind kind, String tokenHash) {
    return jdbi.withHandle(h ->
        h.createQuery("SELECT COUNT(*) FROM tokens WHERE token_hash = :hash AND kind = :kind")
                .bind("hash", tokenHash)
                .bind("kind", kind.name())
                .mapTo(Integer.class)
                .one()
            > 0);
  }
}
