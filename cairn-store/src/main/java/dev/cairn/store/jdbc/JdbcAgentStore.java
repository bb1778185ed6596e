package dev.cairn.store.jdbc;

import dev.cairn.core.agent.AgentRecord;
import dev.cairn.core.port.AgentStore;
import dev.cairn.store.event.EventCodec;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Registered agents in table {@code agents}. */
public final class JdbcAgentStore implements AgentStore {
  private final Jdbi jdbi;
  private final EventCodec codec = new EventCodec();

  public JdbcAgentStore(Jdbi jdbi) {
    this.jdbi = jdbi;
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
    return find("token_hash", tokenHash);
  }

  @Override
  public Optional<AgentRecord> byId(String agentId) {
    return find("id", agentId);
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
  }

  @Override
  public void touch(String agentId, Instant at) {
    jdbi.useHandle(h ->
        h.createUpdate("UPDATE agents SET last_seen_at = :at WHERE id = :id")
            .bind("at", Timestamps.format(at))
            .bind("id", agentId)
            .execute());
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
    return jdbi.withHandle(h ->
        h.createUpdate(
                "UPDATE agents SET lost = :lost, connected = :c WHERE id = :id AND lost = :was")
            .bind("lost", true)
            .bind("c", false)
            .bind("id", agentId)
            .bind("was", false)
            .execute())
        == 1;
  }

  @Override
  public void ignoreInDispatches(String agentId) {
    jdbi.useHandle(h ->
        h.createUpdate("UPDATE agents SET ignore_in_dispatches = TRUE WHERE id = :id")
            .bind("id", agentId)
            .execute());
  }
}
