package dev.cairn.core.job;

/** What kind of step a job comes from, with the name Buildkite's REST API gives it. */
public enum JobType {
  SCRIPT("script"),
  WAITER("waiter");

  private final String apiName;

  JobType(String apiName) {
    this.apiName = apiName;
  }

  public String apiName() {
    return apiName;
  }
}
