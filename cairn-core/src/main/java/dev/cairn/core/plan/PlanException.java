package dev.cairn.core.plan;

/** Uploaded steps that cannot be turned into jobs, such as a dependency on an unknown key. */
public final class PlanException extends Exception {
  private static final long serialVersionUID = 1L;

  public PlanException(String message) {
    super(message);
  }
}
