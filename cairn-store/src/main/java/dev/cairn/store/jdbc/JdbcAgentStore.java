package dev.cairn.store.jdbc;

import dev.cairn.core.agent.AgentRecord;
import dev.cairn.core.port.AgentStore;
import dev.cairn.store.event.EventCodec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Registered agents in table {@code agents}. */
public final class JdbcAgentStore implements AgentStore {
  private final Jdbi jdbi;
  private final EventCodec codec = new EventCodec();
  private final boolean soleWriter;

  /**
   * Agents by token hash, kept only by the sole writer of the database: every agent request looks
   * its agent up by token (the accept of each job), and each finish that asks for the next ping
   * looks it up by id. Every change below bumps {@link #epoch} after it is written, and a lookup
   * caches its row only if no change came in between, so a cached agent is never older than the
   * last change this process made. Guarded by itself, as is {@link #byAgentId}.
   */
  private final Map<String, AgentRecord> byToken = new HashMap<>();

  /** The same rows as {@link #byToken}, by agent id. */
  private final Map<String, AgentRecord> byAgentId = new HashMap<>();

  private long epoch;

  public JdbcAgentStore(Jdbi jdbi) {
    this(jdbi, false);
  }

  /**
   * @param soleWriter true when this process alone writes the database (the embedded one): then
   *     agents looked up by token are cached
   */
  public JdbcAgentStore(Jdbi jdbi, boolean soleWriter) {
    this.jdbi = jdbi;
    this.soleWriter = soleWriter;
  }

  @Override
  public void register(AgentRecord agent) {
    jdbi.useHandle(h ->
        h.createUpdate(
                "INSERT INTO agents (id, name, hostname, version, tags, token_hash, connected,"
                    + " registered_at, ignore_in_dispatches, priority) VALUES (:id, :name,"
                    + " :hostname, :version, :tags, :hash, :connected, :at, :ignore, :priority)")
            .bind("id", agent.id())
            .bind("name", agent.name())
            .bind("hostname", agent.hostname())
            .bind("version", agent.version())
            .bind("tags", codec.write(agent.tags()))
            .bind("hash", agent.tokenHash())
            .bind("connected", agent.connected())
            .bind("at", agent.registeredAt().toString())
            .bind("ignore", agent.ignoreInDispatches())
            .bind("priority", agent.priority())
            .execute());
  }

  @Override
  public Optional<AgentRecord> byTokenHash(String tokenHash) {
    return cachedOrFound(byToken, "token_hash", tokenHash);
  }

  /** The row of {@code cache} under {@code value}, else the one whose {@code column} it is. */
  private Optional<AgentRecord> cachedOrFound(
      Map<String, AgentRecord> cache, String column, String value) {
    if (!soleWriter) {
      return find(column, value);
    }
    long seen;
    synchronized (byToken) {
      AgentRecord cached = cache.get(value);
      if (cached != null) {
        return Optional.of(cached);
      }
      seen = epoch;
    }
    Optional<AgentRecord> found = find(column, value);
    synchronized (byToken) {
      if (found.isPresent() && epoch == seen) {
        if (byToken.size() >= CACHED_AGENTS) {
          byToken.clear();
          byAgentId.clear();
        }
        cache(found.get());
      }
    }
    return found;
  }

  /** Caches {@code agent}; the caller holds the lock. */
  private void cache(AgentRecord agent) {
    byToken.put(agent.tokenHash(), agent);
    byAgentId.put(agent.id(), agent);
  }

  /** More agents than this cached at once empties the cache (the rows are read again on use). */
  private static final int CACHED_AGENTS = 4096;

  /** After a change to agent {@code agentId} is written: drops it from the cache. */
  private void changed(String agentId) {
    synchronized (byToken) {
      epoch++;
      AgentRecord dropped = byAgentId.remove(agentId);
      if (dropped != null) {
        byToken.remove(dropped.tokenHash());
      }
    }
  }

  @Override
  public Optional<AgentRecord> byId(String agentId) {
    return cachedOrFound(byAgentId, "id", agentId);
  }

  private Optional<AgentRecord> find(String column, String value) {
    return jdbi.withHandle(h ->
        h.createQuery("SELECT * FROM agents WHERE " + column + " = :v")
            .bind("v", value)
            .map((rs, ctx) -> row(rs))
            .findOne());
  }

  private AgentRecord row(ResultSet rs) throws SQLException {
    String lastSeen = rs.getString("last_seen_at");
    return new AgentRecord(
        rs.getString("id"),
        rs.getString("name"),
        rs.getString("hostname"),
        rs.getString("version"),
        codec.readStringMap(rs.getString("tags")),
        rs.getString("token_hash"),
        rs.getBoolean("connected"),
        Instant.parse(rs.getString("registered_at")),
        Optional.ofNullable(lastSeen).map(Instant::parse),
        rs.getBoolean("ignore_in_dispatches"),
        rs.getBoolean("lost"),
        rs.getInt("priority"));
  }

  @Override
  public void setConnected(String agentId, boolean connected, Instant at) {
    jdbi.useHandle(h ->
        h.createUpdate("UPDATE agents SET connected = :c, last_seen_at = :at WHERE id = :id")
            .bind("c", connected)
            .bind("at", Timestamps.format(at))
            .bind("id", agentId)
            .execute());
    changed(agentId);
  }

  @Override
  public void touch(String agentId, Instant at) {
    jdbi.useHandle(h ->
        h.createUpdate("UPDATE agents SET last_seen_at = :at WHERE id = :id")
            .bind("at", Timestamps.format(at))
            .bind("id", agentId)
            .execute());
    // Every ping touches its agent: the cached row is brought up to date rather than dropped, so
    // the accept right after the ping still finds it.
    synchronized (byToken) {
      epoch++;
      AgentRecord cached = byAgentId.get(agentId);
      if (cached != null) {
        cache(seenAt(cached, at));
      }
    }
  }

  private static AgentRecord seenAt(AgentRecord a, Instant at) {
    return new AgentRecord(
        a.id(),
        a.name(),
        a.hostname(),
        a.version(),
        a.tags(),
        a.tokenHash(),
        a.connected(),
        a.registeredAt(),
        Optional.of(at),
        a.ignoreInDispatches(),
        a.lost(),
        a.priority());
  }

  @Override
  public List<AgentRecord> silentSince(Instant cutoff) {
    return jdbi.withHandle(h ->
        h.createQuery(
                "SELECT * FROM agents WHERE connected = :c AND lost = :lost"
                    + " AND last_seen_at < :cutoff")
            .bind("c", true)
            .bind("lost", false)
            .bind("cutoff", Timestamps.format(cutoff))
            .map((rs, ctx) -> row(rs))
            .list());
  }

  @Override
  public boolean markLost(String agentId) {
    boolean marked =
        jdbi.withHandle(h ->
            h.createUpdate(
                    "UPDATE agents SET lost = :lost, connected = :c WHERE id = :id AND lost = :was")
                .bind("lost", true)
                .bind("c", false)
                .bind("id", agentId)
                .bind("was", false)
                .execute())
            == 1;
    changed(agentId);
    return marked;
  }

  @Override
  public void ignoreInDispatches(String agentId) {
    jdbi.useHandle(h ->
        h.createUpdate("UPDATE agents SET ignore_in_dispatches = TRUE WHERE id = :id")
            .bind("id", agentId)
            .execute());
    changed(agentId);
  }
}
