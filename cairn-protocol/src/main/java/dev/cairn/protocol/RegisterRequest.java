package dev.cairn.protocol;

import java.util.List;

/**
 * {@code POST /v3/register}, sent with the registration token. {@code metaData} holds the agent's
 * tags as {@code key=value} strings; {@code priority} is a string on the wire.
 */
public record RegisterRequest(
    String name,
    String hostname,
    String os,
    String arch,
    Integer pid,
    String version,
    String build,
    Boolean scriptEvalEnabled,
    Boolean ignoreInDispatches,
    String priority,
    List<String> metaData,
    List<String> features) {}
