package dev.cairn.agent.job;

import dev.cairn.agent.process.Signal;

/**
 * How a job ended, as the finish call reports it: the exit status, the signal the agent sent if it
 * killed the process, and the {@code signal_reason} (spec §3.8); the last two may be null.
 */
record JobOutcome(int exitStatus, Signal signal, String signalReason) {
  static final String CANCEL = "cancel";
  static final String AGENT_STOP = "agent_stop";
  static final String PROCESS_RUN_ERROR = "process_run_error";
  static final String AGENT_REFUSED = "agent_refused";
  static final String SIGNATURE_REJECTED = "signature_rejected";

  static JobOutcome exited(int exitStatus) {
    return new JobOutcome(exitStatus, null, null);
  }

  static JobOutcome runError() {
    return new JobOutcome(-1, null, PROCESS_RUN_ERROR);
  }
}
