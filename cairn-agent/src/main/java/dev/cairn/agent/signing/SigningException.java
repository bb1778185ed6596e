package dev.cairn.agent.signing;

/** Signing or verification cannot go on; the message says where and what, never a key. */
public final class SigningException extends Exception {
  private static final long serialVersionUID = 1L;

  public SigningException(String message) {
    super(message);
  }

  public SigningException(String message, Throwable cause) {
    super(message, cause);
  }
}
