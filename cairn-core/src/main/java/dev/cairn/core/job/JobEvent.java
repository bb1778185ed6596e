package dev.cairn.core.job;

/** What can happen to a job, as the transition table sees it. */
public enum JobEvent {
  SCHEDULE,
  ASSIGN,
  ACCEPT,
  START,
  FINISH_PASSED,
  FINISH_FAILED,
  FINISH_CANCELED,
  WAITER_PASSED,
  WAITER_FAILED,
  BREAK,
  CANCEL,
  REQUEST_CANCEL,
  TIME_OUT,
  EXPIRE,
  LOSE,
  /** The agent a job was assigned to went away before accepting it. */
  RELEASE,
  RESET,
  BLOCK,
  UNBLOCK,
  SKIP,
  /** A trigger job created its build. */
  TRIGGER,
  /** A trigger job could not create its build. */
  TRIGGER_FAILED
}
