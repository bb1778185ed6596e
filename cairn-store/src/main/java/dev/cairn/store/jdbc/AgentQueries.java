package dev.cairn.store.jdbc;

import dev.cairn.store.event.EventCodec;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The agent queries of dispatch candidates, decoded once per distinct text. Every long poll reads
 * up to 64 scheduled jobs, and decoding each one's {@code agent_query} JSON again was a quarter of
 * that read; a CI system has few distinct queries ({@code queue=default}, a handful of tags), so
 * they are kept by their JSON text, at most {@value #KEPT} of them (all are dropped when that many
 * are kept, and decoded again as they come). The maps handed out cannot be changed. Thread-safe.
 */
final class AgentQueries {
  private static final int KEPT = 1024;

  private final EventCodec codec;
  private final Map<String, Map<String, String>> decoded = new ConcurrentHashMap<>();

  AgentQueries(EventCodec codec) {
    this.codec = codec;
  }

  Map<String, String> decode(String json) {
    Map<String, String> known = decoded.get(json);
    if (known != null) {
      return known;
    }
    if (decoded.size() >= KEPT) {
      decoded.clear();
    }
    Map<String, String> query = Collections.unmodifiableMap(codec.readStringMap(json));
    decoded.put(json, query);
    return query;
  }
}
