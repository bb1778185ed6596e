package dev.cairn.protocol;

/** The body of every non-2xx agent API reply; the official agent logs {@code message}. */
public record ErrorMessage(String message) {}
