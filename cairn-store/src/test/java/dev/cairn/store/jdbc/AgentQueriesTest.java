package dev.cairn.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.store.event.EventCodec;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class AgentQueriesTest {
  private final AgentQueries queries = new AgentQueries(new EventCodec());

  @Test
  void aQueryIsDecodedOnceAndCannotBeChanged() {
    Map<String, String> first = queries.decode("{\"queue\":\"default\",\"os\":\"linux\"}");
    assertThat(first).containsExactly(Map.entry("queue", "default"), Map.entry("os", "linux"));
    assertThat(queries.decode("{\"queue\":\"default\",\"os\":\"linux\"}")).isSameAs(first);
    assertThat(queries.decode("{\"queue\":\"deploy\"}"))
        .containsExactly(Map.entry("queue", "deploy"));
    assertThatThrownBy(() -> first.put("queue", "other"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void manyDistinctQueriesStillDecodeRight() {
    for (int i = 0; i < 3000; i++) {
      assertThat(queries.decode("{\"queue\":\"q" + i + "\"}")).containsEntry("queue", "q" + i);
    }
    assertThat(queries.decode("{\"queue\":\"q7\"}")).containsEntry("queue", "q7");
  }
}
