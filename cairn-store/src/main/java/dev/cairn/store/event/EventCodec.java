package dev.cairn.store.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.build.BuildState;
import java.util.HashMap;
import java.util.Map;

/**
 * JSON for stored events and build snapshots. An event is stored as its type name (the record's
 * simple name, a stable contract: renaming an event record breaks old histories) and its fields;
 * the core stays free of serialization annotations.
 */
public final class EventCodec {
  private static final Map<String, Class<?>> TYPES = new HashMap<>();

  static {
    for (Class<?> type : BuildEvent.class.getPermittedSubclasses()) {
      TYPES.put(type.getSimpleName(), type);
    }
  }

  private final ObjectMapper mapper =
      JsonMapper.builder()
          .addModule(new Jdk8Module())
          .addModule(new JavaTimeModule())
          .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          // Whole numbers in plain data (a step's attributes) are Longs when parsed from YAML;
          // decode
          // them the same way, so a stored build equals the one that was written.
          .enable(DeserializationFeature.USE_LONG_FOR_INTS)
          .build();

  public String typeOf(BuildEvent event) {
    return event.getClass().getSimpleName();
  }

  public String write(Object value) {
    try {
      return mapper.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot encode " + value.getClass().getSimpleName(), e);
    }
  }

  public BuildEvent readEvent(String type, String json) {
    Class<?> cls = TYPES.get(type);
    if (cls == null) {
      throw new IllegalStateException("unknown event type in history: " + type);
    }
    return (BuildEvent) read(json, cls);
  }

  public BuildState readState(String json) {
    return read(json, BuildState.class);
  }

  public <T> T read(String json, Class<T> type) {
    try {
      return mapper.readValue(json, type);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot decode stored " + type.getSimpleName(), e);
    }
  }

  public Map<String, String> readStringMap(String json) {
    try {
      return mapper.readValue(
          json,
          mapper
              .getTypeFactory()
              .constructMapType(java.util.LinkedHashMap.class, String.class, String.class));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot decode stored map", e);
    }
  }
}
