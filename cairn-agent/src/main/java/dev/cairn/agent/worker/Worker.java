package dev.cairn.agent.worker;

import dev.cairn.agent.api.AgentApiException;
import dev.cairn.agent.api.AgentsClient;
import dev.cairn.agent.api.ApiTransport;
import dev.cairn.agent.api.JobsClient;
import dev.cairn.agent.api.Retrier;
import dev.cairn.agent.api.RetryPolicy;
import dev.cairn.agent.api.Timing;
import dev.cairn.agent.job.JobContext;
import dev.cairn.agent.job.JobRunner;
import dev.cairn.protocol.Job;
import dev.cairn.protocol.Ping;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One spawned agent: register, wait at the {@link StartupGate}, connect, heartbeat and ping until
 * stopped, running each assigned job on the worker's own thread (one job at a time), then
 * disconnect (spec §2). With {@code --acquire-job} it takes that one job by id instead of pinging
 * (spec §3.3); with {@code --disconnect-after-job} it stops after its first job. It tells the
 * {@link IdleMonitor} when it is busy (a job, a pause) and idle. {@link #run()} blocks for the
 * worker's life; {@link #stop()} and {@link #cancelAndStop()} may be called from any thread.
 * Thread-safe.
 */
public final class Worker {
  private static final Logger LOG = LoggerFactory.getLogger(Worker.class);

  private final WorkerSettings settings;
  private final ApiTransport transport;
  private final Timing timing;
  private final Retrier retrier;
  private final WorkerObserver observer;
  private final IdleMonitor idle;
  private final StartupGate gate;
  private final Lifecycle lifecycle = new Lifecycle();

  /** Read by the health check's thread, set by the worker's own; replaced whole, never torn. */
  private final AtomicReference<WorkerStatus> status;

  public Worker(
      WorkerSettings settings,
      ApiTransport transport,
      Timing timing,
      WorkerObserver observer,
      IdleMonitor idle,
      StartupGate gate) {
    this.settings = settings;
    this.transport = transport;
    this.timing = timing;
    this.retrier = new Retrier(timing);
    this.observer = observer;
    this.idle = idle;
    this.gate = gate;
    this.status = new AtomicReference<>(new WorkerStatus(settings.spawn(), null, null));
  }

  /** What this worker is doing now; may be called from any thread. */
  public WorkerStatus status() {
    return status.get();
  }

  /** Runs the worker until it is stopped, told to disconnect, or fails. Never throws. */
  public void run() {
    try {
      lifecycle.attach(Thread.currentThread());
      Session session;
      try {
        session = register();
      } catch (AgentApiException e) {
        LOG.error("agent {}: could not register: {}", settings.name(), e.getMessage());
        observer.workerFailed(settings.name(), e);
        return;
      } catch (InterruptedException e) {
        LOG.info("agent {}: stopped before it connected", settings.name());
        return;
      }
      if (session == null) {
        LOG.info("agent {}: not connecting, as the agent-startup hook failed", settings.name());
        return;
      }
      if (!connect(session)) {
        return;
      }
      status.updateAndGet(s -> s.registered(session.agentId()));
      idle.idle(settings.spawn());
      // Uptime counts from the connection, as the official agent starts its worker after register.
      runConnected(session, uptimeLimit(timing.clock().instant()));
    } finally {
      idle.idle(settings.spawn());
    }
  }

  /**
   * Registers and arrives at the startup gate (always, registered or not); null if the gate says
   * not to connect.
   */
  private Session register() throws AgentApiException, InterruptedException {
    Session session;
    try {
      session = Registration.register(settings, transport, retrier);
    } catch (AgentApiException | InterruptedException | RuntimeException e) {
      gate.arrivedUnregistered();
      throw e;
    }
    gate.arrived(
        new StartupGate.Registered(settings.spawn(), session.agentId(), session.agentName()));
    return gate.awaitOpen() ? session : null;
  }

  /**
   * Connects; false if it could not. A stop that interrupts the call still disconnects, since the
   * server may have seen the connect before the reply was read.
   */
  private boolean connect(Session session) {
    try {
      Registration.connect(session, retrier);
      return true;
    } catch (AgentApiException e) {
      LOG.error("agent {}: could not connect: {}", settings.name(), e.getMessage());
      observer.workerFailed(settings.name(), e);
      return false;
    } catch (InterruptedException e) {
      LOG.info("agent {}: stopped while connecting", settings.name());
      disconnect(session);
      return false;
    }
  }

  /** Graceful stop: take no new job, let a running job finish, then disconnect. */
  public void stop() {
    lifecycle.requestStop();
  }

  /**
   * Ungraceful stop: cancel the running job ({@code signal_reason: agent_stop}), then disconnect.
   */
  public void cancelAndStop() {
    lifecycle.requestCancel();
  }

  /** When {@code --disconnect-after-uptime} ends this worker, or null for never. */
  private Instant uptimeLimit(Instant started) {
    Duration uptime = settings.disconnectAfterUptime();
    return uptime.isPositive() ? started.plus(uptime) : null;
  }

  private void runConnected(Session session, Instant uptimeLimit) {
    Thread heartbeat = HeartbeatLoop.start(session, timing, this::cancelAndStop);
    try {
      if (settings.acquireJob() != null) {
        runAcquired(session, settings.acquireJob());
      } else {
        new PingLoop(session, settings.longPoll(), lifecycle, timing, this::pausedChanged)
            .run(jobId -> runJob(session, jobId, uptimeLimit), uptimeLimit);
      }
    } catch (AgentApiException e) {
      LOG.error("agent {}: {}, stopping: {}", session.agentName(), what(), e.getMessage());
      observer.workerFailed(session.agentName(), e);
    } catch (InterruptedException e) {
      LOG.info("agent {}: stopping", session.agentName());
    } finally {
      heartbeat.interrupt();
      lifecycle.detach();
      boolean interrupted = Thread.interrupted();
      disconnect(session);
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private String what() {
    return settings.acquireJob() == null ? "ping rejected" : "job acquisition rejected";
  }

  private void pausedChanged(boolean paused) {
    if (paused) {
      idle.busy(settings.spawn());
    } else {
      idle.idle(settings.spawn());
    }
  }

  /**
   * Runs an assigned job; returns the answer to the next ping if its finish brought one. {@code
   * uptimeLimit}: when the worker stops by itself, or null.
   */
  private Optional<Ping> runJob(Session session, String jobId, Instant uptimeLimit)
      throws InterruptedException {
    JobRunner runner = new JobRunner(context(session), session.transport(), timing, observer);
    if (!lifecycle.beginJob(runner)) {
      LOG.info("agent {} job {}: stopping, not accepting", session.agentName(), jobId);
      return Optional.empty();
    }
    idle.busy(settings.spawn());
    try {
      Job job = accept(session, jobId);
      if (job == null) {
        return Optional.empty();
      }
      Optional<Ping> next = runAndShow(runner, job, () -> pingsNext(uptimeLimit));
      if (settings.disconnectAfterJob()) {
        LOG.info("agent {}: ran its one job (--disconnect-after-job)", session.agentName());
        lifecycle.requestStop();
      }
      return next;
    } finally {
      lifecycle.endJob();
      idle.idle(settings.spawn());
    }
  }

  /**
   * Whether the worker will ping once its job is finished, so that the finish may ask for that
   * ping's answer: with Cairn's extensions on ({@code longPoll}), unless it stops after this job
   * (asked to, or after one job, or at its uptime limit).
   */
  private boolean pingsNext(Instant uptimeLimit) {
    return settings.longPoll()
        && !settings.disconnectAfterJob()
        && !lifecycle.stopping()
        && (uptimeLimit == null || timing.clock().instant().isBefore(uptimeLimit));
  }

  /** {@code --acquire-job}: take the named job, run it, and end (the caller disconnects). */
  private void runAcquired(Session session, String jobId)
      throws AgentApiException, InterruptedException {
    JobsClient jobs = new JobsClient(session.transport(), session.agentToken());
    Job job = new JobAcquirer(jobs, timing).acquire(jobId);
    JobRunner runner = new JobRunner(context(session), session.transport(), timing, observer);
    lifecycle.beginTakenJob(runner);
    idle.busy(settings.spawn());
    try {
      runAndShow(runner, job, () -> false);
    } finally {
      lifecycle.endJob();
    }
  }

  /**
   * Runs {@code job}, showing it in {@link #status()} meanwhile: from its accept (or acquire) to
   * its finish, as the official agent marks a worker busy.
   */
  private Optional<Ping> runAndShow(JobRunner runner, Job job, BooleanSupplier pingAfter)
      throws InterruptedException {
    status.updateAndGet(s -> s.running(job.id()));
    try {
      return runner.run(job, pingAfter);
    } finally {
      status.updateAndGet(s -> s.running(null));
    }
  }

  private Job accept(Session session, String jobId) throws InterruptedException {
    JobsClient jobs = new JobsClient(session.transport(), session.agentToken());
    try {
      // With Cairn's extensions on, the server starts the job in the same call.
      return retrier.call(
          RetryPolicy.ACCEPT,
          () -> settings.longPoll() ? jobs.acceptAndStart(jobId) : jobs.accept(jobId));
    } catch (AgentApiException e) {
      LOG.warn(
          "agent {} job {}: accept failed, skipping: {}",
          session.agentName(),
          jobId,
          e.getMessage());
      return null;
    }
  }

  private JobContext context(Session session) {
    return new JobContext(
        session.agentId(),
        session.agentName(),
        session.agentToken(),
        session.transport().endpoint(),
        settings.buildPath(),
        settings.signalGracePeriod(),
        session.jobStatusInterval(),
        settings.processEnv(),
        settings.jobs(),
        settings.disconnectAfterJob());
  }

  private void disconnect(Session session) {
    AgentsClient agents = new AgentsClient(session.transport());
    try {
      retrier.call(
          RetryPolicy.DISCONNECT,
          () -> {
            agents.disconnect(session.agentToken());
            return null;
          });
      LOG.info("agent {}: disconnected", session.agentName());
    } catch (AgentApiException e) {
      LOG.warn(
          "agent {}: disconnect failed, it may still appear online: {}",
          session.agentName(),
          e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("agent {}: interrupted while disconnecting", session.agentName());
    }
  }
}
