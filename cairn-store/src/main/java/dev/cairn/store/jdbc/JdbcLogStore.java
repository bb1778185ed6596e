package dev.cairn.store.jdbc;

import dev.cairn.core.port.LogStore;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * Job logs as chunk rows keyed by (job, byte offset). A repeated chunk (an agent retry) hits the
 * primary key and is ignored; reads stitch chunks by offset and stop at the first hole.
 */
public final class JdbcLogStore implements LogStore {
  private final Jdbi jdbi;

  public JdbcLogStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public void append(String jobId, long offset, byte[] bytes) {
    if (bytes.length == 0) {
      return;
    }
    jdbi.useHandle(h ->
        h.createUpdate(
                "INSERT INTO log_chunks (job_id, byte_offset, size, data)"
                    + " VALUES (:job, :offset, :size, :data) ON CONFLICT DO NOTHING")
            .bind("job", jobId)
            .bind("offset", offset)
            .bind("size", bytes.length)
            .bind("data", bytes)
            .execute());
  }

  @Override
  public byte[] read(String jobId, long offset, int maxBytes) {
    @SuppressWarnings("ArrayRecordComponent") // A private carrier, never compared or hashed.
    record Chunk(long offset, byte[] data) {}
    var chunks =
        jdbi.withHandle(h ->
            h.createQuery(
                    "SELECT byte_offset, data FROM log_chunks WHERE job_id = :job"
                        + " AND byte_offset + size > :from ORDER BY byte_offset")
                .bind("job", jobId)
                .bind("from", offset)
                .map((rs, ctx) -> new Chunk(rs.getLong("byte_offset"), rs.getBytes("data")))
                .list());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long position = offset;
    for (Chunk chunk : chunks) {
      if (chunk.offset() > position || out.size() >= maxBytes) {
        break; // A hole: later bytes wait until the missing chunk arrives.
      }
      int skip = (int) (position - chunk.offset());
      int take = Math.min(chunk.data().length - skip, maxBytes - out.size());
      if (take > 0) {
        out.write(chunk.data(), skip, take);
        position += take;
      }
    }
    return out.toByteArray();
  }

  @Override
  public void putHeaderTimes(String jobId, Map<Long, Instant> times) {
    if (times.isEmpty()) {
      return;
    }
    jdbi.useTransaction(h -> {
      var batch =
          h.prepareBatch(
              "INSERT INTO log_header_times (job_id, header_index, at) VALUES (:job, :index, :at)"
                  + " ON CONFLICT DO NOTHING");
      times.forEach((index, at) ->
          batch.bind("job", jobId).bind("index", index).bind("at", at.toString()).add());
      batch.execute();
    });
  }

  @Override
  public List<Instant> headerTimes(String jobId) {
    return jdbi.withHandle(h ->
        h.createQuery("SELECT at FROM log_header_times WHERE job_id = :job ORDER BY header_index")
            .bind("job", jobId)
            .map((rs, ctx) -> Instant.parse(rs.getString("at")))
            .list());
  }
}
