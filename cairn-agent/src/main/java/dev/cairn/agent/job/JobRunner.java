package dev.cairn.agent.job;

import dev.cairn.agent.api.AgentApiException;
import dev.cairn.agent.api.ApiTransport;
import dev.cairn.agent.api.ChunksClient;
import dev.cairn.agent.api.JobResourcesClient;
import dev.cairn.agent.api.JobsClient;
import dev.cairn.agent.api.Retrier;
import dev.cairn.agent.api.RetryPolicy;
import dev.cairn.agent.api.Timing;
import dev.cairn.agent.jobapi.JobApiClient;
import dev.cairn.agent.jobapi.JobApiServer;
import dev.cairn.agent.jobapi.JobApiSocket;
import dev.cairn.agent.log.LogStreamer;
import dev.cairn.agent.log.RedactingOutputStream;
import dev.cairn.agent.log.Redactor;
import dev.cairn.agent.process.Signal;
import dev.cairn.protocol.Job;
import dev.cairn.protocol.JobFinish;
import dev.cairn.protocol.Ping;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one accepted job from {@code start} to {@code finish} (spec §3.4–3.8).
 *
 * <p>Design note: the phases run in order on the caller's (worker's) thread — start, log streamer,
 * per-job directory (with the {@code buildkite-agent} script), working directory and environment,
 * the signature check, the job's env files ({@link JobEnvFiles}) and the {@code pre-bootstrap}
 * hooks ({@link PreBootstrapCheck}), the step's secrets ({@link StepSecretsSetup}), the {@link
 * JobExecutor} (hooks, checkout, command, artifacts; every byte through the redactor and then the
 * timestamper), final log flush, finish. Two helpers run beside it: the {@link StatePoller} and,
 * once cancelled, the {@link ProcessSlot}'s terminator thread that sends the cancel signal and
 * later SIGKILL. Cancellation is recorded once (the first reason wins) and read when the process
 * has exited, which decides {@code signal_reason} and {@code signal}. A rejected start abandons the
 * job without a finish call, as the official agent does. When the worker will ping next, the finish
 * asks for that ping's answer too ({@link dev.cairn.protocol.FinishAndPing}), which saves a request
 * per job.
 *
 * <p>Thread-safe: {@link #cancel} may be called from any thread while {@link #run} runs.
 */
public final class JobRunner {
  /** A job the server started with its accept ({@link dev.cairn.protocol.AcceptAndStart}). */
  private static final String RUNNING = "running";

  private static final Logger LOG = LoggerFactory.getLogger(JobRunner.class);

  private final JobContext context;
  private final ApiTransport transport;
  private final Timing timing;
  private final Retrier retrier;
  private final JobObserver observer;
  private final AtomicReference<String> cancelReason = new AtomicReference<>();
  private final ProcessSlot slot;

  public JobRunner(
      JobContext context, ApiTransport transport, Timing timing, JobObserver observer) {
    this.context = context;
    this.transport = transport;
    this.timing = timing;
    this.retrier = new Retrier(timing);
    this.observer = observer;
    this.slot =
        new ProcessSlot(
            context.jobs().cancelSignal(),
            context.signalGracePeriod(),
            context.jobs().cancelGracePeriod(),
            context.jobs().ptyRaw());
  }

  /**
   * Runs {@code job} (as returned by accept) through to its finish call. Call once. When {@code
   * pingAfter} says so at the end, the finish also asks for the answer to the worker's next ping,
   * which is returned; empty if it was not asked for or the finish failed.
   */
  public Optional<Ping> run(Job job, BooleanSupplier pingAfter) throws InterruptedException {
    String label = "agent " + context.agentName() + " job " + job.id();
    String token =
        job.token() == null || job.token().isBlank() ? context.agentToken() : job.token();
    JobsClient jobs = new JobsClient(transport, token);
    if (!start(jobs, job, label)) {
      return Optional.empty();
    }
    observer.jobStarted(context.agentName(), job.id());
    ChunksClient chunks = new ChunksClient(transport, job.id(), token);
    LogStreamer log =
        LogStreamer.start(job, label, chunks, retrier, timing, context.jobs().logTimestamps());
    JobOutcome outcome = JobOutcome.runError();
    Optional<Ping> next = Optional.empty();
    try {
      outcome = execute(job, token, jobs, log.output(), label);
    } finally {
      next = finish(jobs, job.id(), outcome, log.close(), pingAfter.getAsBoolean(), label);
    }
    observer.jobFinished(context.agentName(), job.id(), outcome.exitStatus());
    return next;
  }

  /**
   * Stops the job because the agent is stopping ungracefully ({@code signal_reason: agent_stop}).
   */
  public void cancelForAgentStop() {
    cancel(JobOutcome.AGENT_STOP);
  }

  private void cancel(String reason) {
    if (cancelReason.compareAndSet(null, reason)) {
      LOG.info("agent {}: cancelling the running job ({})", context.agentName(), reason);
      slot.cancel();
    }
  }

  private boolean start(JobsClient jobs, Job job, String label) throws InterruptedException {
    if (RUNNING.equals(job.state())) {
      LOG.info("{}: started with its accept", label);
      return true;
    }
    try {
      retrier.call(
          RetryPolicy.START,
          () -> {
            jobs.start(job.id(), timing.clock().instant());
            return null;
          });
      LOG.info("{}: started", label);
      return true;
    } catch (AgentApiException e) {
      LOG.warn("{}: start rejected, abandoning the job: {}", label, e.getMessage());
      return false;
    }
  }

  private JobOutcome execute(Job job, String token, JobsClient jobs, OutputStream log, String label)
      throws InterruptedException {
    Optional<String> refusal =
        context
            .jobs()
            .allowlist()
            .refusal(job.env() == null ? Map.of() : job.env(), context.jobs().pluginsEnabled());
    if (refusal.isPresent()) {
      LOG.warn("{}: refused: {}", label, refusal.get());
      JobLog.write(log, "cairn-agent: this agent refuses the job: " + refusal.get() + "\n");
      return new JobOutcome(-1, null, JobOutcome.AGENT_REFUSED);
    }
    JobLogFile logFile = null;
    if (context.jobs().jobLogTmpfile()) {
      try {
        logFile = JobLogFile.create(context.jobs().jobLogPath());
      } catch (IOException e) {
        LOG.warn("{}: {}", label, e.getMessage());
        JobLog.write(log, "cairn-agent: " + e.getMessage() + "\n");
        return JobOutcome.runError();
      }
    }
    OutputStream copies = context.jobs().jobLogsToStdout() ? StandardOutputCopy.tee(log) : log;
    RedactingOutputStream redacted =
        new RedactingOutputStream(logFile == null ? copies : logFile.tee(copies), Redactor.NONE);
    JobDirectory jobDir = new JobDirectory();
    JobEnvFiles envFiles = null;
    Thread poller =
        StatePoller.start(
            jobs,
            job.id(),
            label,
            context.jobStatusInterval(),
            timing,
            () -> cancel(JobOutcome.CANCEL));
    try {
      Path checkout = CheckoutDirectory.prepare(context, job);
      Path bin = BinDirectory.shared(context.jobs().agentCommand());
      Map<String, String> env = JobEnvironment.build(context, job, token, checkout, bin);
      if (!JobSignatureCheck.passes(context.jobs().verification(), job, redacted, label)) {
        return new JobOutcome(-1, null, JobOutcome.SIGNATURE_REJECTED);
      }
      envFiles = JobEnvFiles.write(job.id(), job.env());
      env.putAll(envFiles.variables());
      if (!PreBootstrapCheck.passes(context, job.id(), token, envFiles, redacted, label)) {
        return new JobOutcome(-1, null, JobOutcome.AGENT_REFUSED);
      }
      if (logFile != null) {
        env.put(JobLogFile.VARIABLE, logFile.path().toString());
      }
      Optional<List<String>> secrets =
          StepSecretsSetup.fetch(
              job.step(),
              job.id(),
              new JobResourcesClient(transport, token),
              retrier,
              env,
              redacted,
              label);
      if (secrets.isEmpty()) {
        return JobOutcome.runError();
      }
      JobExecutor executor =
          new JobExecutor(
              context.jobs(), env, checkout, CheckoutDirectory.given(job), redacted, slot, jobDir);
      secrets.get().forEach(executor::redact);
      try (JobApiServer api =
          startJobApi(context.jobs().socketsPath(), executor, redacted, label)) {
        return outcome(executor.run());
      }
    } catch (IOException | UncheckedIOException e) {
      String reason =
          e instanceof UncheckedIOException u ? u.getCause().getMessage() : e.getMessage();
      LOG.warn("{}: could not start the command: {}", label, reason);
      JobLog.write(redacted, "cairn-agent: could not start the command: " + reason + "\n");
      return JobOutcome.runError();
    } finally {
      poller.interrupt();
      closeQuietly(redacted);
      jobDir.close();
      if (logFile != null) {
        logFile.close();
      }
      if (envFiles != null) {
        envFiles.close();
      }
    }
  }

  /**
   * Serves the job API for {@code executor} and tells the job where; without it (the socket cannot
   * be made) the job still runs, and {@code buildkite-agent env} commands say the API is missing.
   */
  private static JobApiServer startJobApi(
      Path socketsPath, JobExecutor executor, OutputStream log, String label) {
    try {
      JobApiServer api = JobApiServer.start(JobApiSocket.newPath(socketsPath), executor);
      executor.environment().put(JobApiClient.SOCKET, api.socket().toString());
      executor.environment().put(JobApiClient.TOKEN, api.token());
      executor.environmentChanged();
      return api;
    } catch (IOException | RuntimeException e) {
      LOG.warn("{}: cannot serve the job API: {}", label, e.getMessage());
      JobLog.write(
          log, "cairn-agent: warning: the job API is not available: " + e.getMessage() + "\n");
      return null;
    }
  }

  private JobOutcome outcome(int exitStatus) {
    String reason = cancelReason.get();
    if (reason == null) {
      return JobOutcome.exited(exitStatus);
    }
    Signal signal = slot.lastSignal().filter(s -> s.killed(exitStatus)).orElse(null);
    int reported = reason.equals(JobOutcome.CANCEL) && exitStatus == 0 ? 1 : exitStatus;
    return new JobOutcome(reported, signal, reason);
  }

  private static void closeQuietly(RedactingOutputStream redacted) {
    try {
      redacted.release();
    } catch (IOException e) {
      LOG.debug("flushing the log failed", e);
    }
  }

  private Optional<Ping> finish(
      JobsClient jobs,
      String jobId,
      JobOutcome outcome,
      int chunksFailed,
      boolean ping,
      String label)
      throws InterruptedException {
    JobFinish finish =
        new JobFinish(
            Integer.toString(outcome.exitStatus()),
            outcome.signal() == null ? null : outcome.signal().name(),
            outcome.signalReason(),
            timing.clock().instant().toString(),
            chunksFailed,
            context.lastJob() ? Boolean.TRUE : null);
    try {
      Ping next =
          retrier.call(
              RetryPolicy.UPLOAD,
              () -> {
                if (ping) {
                  return jobs.finishAndPing(jobId, finish);
                }
                jobs.finish(jobId, finish);
                return null;
              });
      LOG.info("{}: finished with exit status {}", label, outcome.exitStatus());
      return Optional.ofNullable(next);
    } catch (AgentApiException e) {
      LOG.error("{}: finish failed, the server may show it running: {}", label, e.getMessage());
      return Optional.empty();
    }
  }
}
