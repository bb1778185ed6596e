package dev.cairn.protocol;

/**
 * Cairn's documented extension of {@code PUT /v3/jobs/{id}/accept}: with {@code ?start=true} the
 * server also starts the job, in the same write, and answers with the job in state {@code running};
 * the agent then skips its {@code start} call. A server without the extension (Buildkite's) ignores
 * the parameter and answers {@code accepted}, and the agent calls {@code start} as usual.
 */
public final class AcceptAndStart {
  public static final String START_PARAMETER = "start";

  private AcceptAndStart() {}
}
