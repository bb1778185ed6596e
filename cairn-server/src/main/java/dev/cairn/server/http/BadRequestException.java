package dev.cairn.server.http;

/** A request the server cannot read; answered with 400 and the message. */
public final class BadRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public BadRequestException(String message) {
    super(message);
  }
}
