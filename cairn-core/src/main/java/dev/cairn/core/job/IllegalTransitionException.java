package dev.cairn.core.job;

/** A job was asked to make a transition its state machine does not allow. */
public final class IllegalTransitionException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final JobState state;
  private final JobEvent event;

  public IllegalTransitionException(JobState state, JobEvent event) {
    super("a job in state " + state.apiName() + " cannot take event " + event);
    this.state = state;
    this.event = event;
  }

  public JobState state() {
    return state;
  }

  public JobEvent event() {
    return event;
  }
}
