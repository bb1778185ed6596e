package dev.cairn.protocol;

/**
 * {@code POST /v3/heartbeat} body and reply: the agent's send time, echoed with the server's
 * receive time (RFC 3339 strings).
 */
public record Heartbeat(String sentAt, String receivedAt) {}
