package dev.cairn.protocol;

import java.util.List;
import java.util.Map;

/**
 * The reply to register. The official agent has no defaults for the three intervals, so the server
 * always sends them (seconds).
 */
public record RegisterResponse(
    String id,
    String name,
    String accessToken,
    String endpoint,
    int pingInterval,
    int jobStatusInterval,
    int heartbeatInterval,
    List<String> metaData,
    Map<String, String> requestHeaders) {}
