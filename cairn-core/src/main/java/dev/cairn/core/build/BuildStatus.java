package dev.cairn.core.build;

/** A build's state, named as Buildkite's REST API names it. */
public enum BuildStatus {
  SCHEDULED("scheduled"),
  RUNNING("running"),
  PASSED("passed"),
  FAILED("failed"),
  CANCELING("canceling"),
  CANCELED("canceled");

  private final String apiName;

  BuildStatus(String apiName) {
    this.apiName = apiName;
  }

  public String apiName() {
    return apiName;
  }

  public boolean isTerminal() {
    return this == PASSED || this == FAILED || this == CANCELED;
  }
}
