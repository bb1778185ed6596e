package dev.cairn.core.job;

/** What kind of step a job comes from, with the name Buildkite's REST API gives it. */
public enum JobType {
  SCRIPT("script"),
  WAITER("waiter"),
  /** A block step: waits for a person (or an API call) to unblock it. */
  BLOCK("manual"),
  /** An input step: like a block, but nothing waits for it implicitly. */
  INPUT("manual"),
  TRIGGER("trigger");

  private final String apiName;

  JobType(String apiName) {
    this.apiName = apiName;
  }

  public String apiName() {
    return apiName;
  }

  /** True for jobs a person unblocks rather than an agent runs. */
  public boolean isManual() {
    return this == BLOCK || this == INPUT;
  }
}
