package dev.cairn.agent;

import dev.cairn.agent.api.ApiTransport;
import dev.cairn.agent.api.HttpClients;
import dev.cairn.agent.api.Timing;
import dev.cairn.agent.health.HealthCheckServer;
import dev.cairn.agent.worker.IdleMonitor;
import dev.cairn.agent.worker.StartupGate;
import dev.cairn.agent.worker.StartupGate.Registered;
import dev.cairn.agent.worker.Worker;
import dev.cairn.agent.worker.WorkerObserver;
import dev.cairn.agent.worker.WorkerSettings;
import dev.cairn.agent.worker.WorkerStatus;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running build agent: {@link AgentConfig#spawn()} independent workers, each registered with the
 * server and running one job at a time, each on its own virtual thread.
 *
 * <p>The agent's own hooks ({@link AgentLifecycleHooks}) run on one more thread: {@code
 * agent-startup} once every worker has registered (or failed to), before any of them connects; if
 * it fails, no worker connects and {@link #startupHookFailed()} says so. {@code agent-shutdown}
 * runs once every worker has ended, whenever at least one had registered.
 *
 * <p>Lifecycle: {@link #start()} once; then {@link #stop()} (graceful: no new jobs, running jobs
 * finish, then every worker disconnects) or {@link #cancelAndStop()} (running jobs are cancelled
 * with {@code signal_reason: agent_stop}); {@link #awaitTermination} waits for every worker to end.
 * A stop before start means the agent never connects. With {@link AgentConfig#healthCheckAddr()}
 * set, a health check server runs from start until every worker has ended. Thread-safe: every
 * method may be called from any thread, and stop methods any number of times.
 */
public final class Agent {
  private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

  private final AgentConfig config;
  private final AgentListener listener;
  private final Timing timing;
  private final Map<String, String> processEnv;
  private final Object lock = new Object();
  private final List<Worker> workers = new ArrayList<>();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicReference<Integer> lastExitStatus = new AtomicReference<>();
  private final AtomicBoolean startupHookFailed = new AtomicBoolean();
  private Thread life;
  private boolean started;
  private boolean stopped;

  public Agent(AgentConfig config) {
    this(config, AgentListener.NONE);
  }

  public Agent(AgentConfig config, AgentListener listener) {
    this(config, listener, Timing.system(), System.getenv());
  }

  /** For tests: injected time and the environment jobs inherit instead of the real ones. */
  Agent(AgentConfig config, AgentListener listener, Timing timing, Map<String, String> processEnv) {
    this.config = config;
    this.listener = listener;
    this.timing = timing;
    this.processEnv = Map.copyOf(processEnv);
  }

  /**
   * Starts the workers and returns at once; registration happens in the background.
   *
   * @throws IllegalStateException if the agent was already started
   * @throws java.io.UncheckedIOException if the health check server cannot listen on {@link
   *     AgentConfig#healthCheckAddr()}; no worker has started then
   */
  public void start() {
    synchronized (lock) {
      if (started) {
        throw new IllegalStateException("the agent was already started");
      }
      started = true;
      if (stopped) {
        return;
      }
      LOG.info("starting {}", config);
      // Started first, so an address it cannot listen on fails the start before any registration.
      // Referenced only here, so its classes (and the JDK's HTTP server) load only when asked for.
      AutoCloseable health =
          config.healthCheckAddr() == null
              ? null
              : HealthCheckServer.start(config.healthCheckAddr(), this::workerStatuses);
      HttpClients http = HttpClients.create(config.jobs().http2());
      ApiTransport transport = new ApiTransport(http, config.endpoint());
      String hostname = hostname(processEnv);
      IdleMonitor idle =
          config.disconnectAfterIdleTimeout().isPositive()
              ? new IdleMonitor(config.disconnectAfterIdleTimeout(), timing)
              : IdleMonitor.disabled();
      AgentLifecycleHooks hooks = new AgentLifecycleHooks(config, processEnv);
      boolean startupHooks = hooks.hasStartup();
      StartupGate gate =
          startupHooks ? StartupGate.closed(config.spawn()) : StartupGate.open(config.spawn());
      for (int spawn = 1; spawn <= config.spawn(); spawn++) {
        Worker worker =
            new Worker(settings(spawn, hostname), transport, timing, observer(), idle, gate);
        workers.add(worker);
        threads.add(Thread.ofVirtual().name("cairn-agent-worker-" + spawn).start(worker::run));
      }
      List<Thread> all = List.copyOf(threads);
      Thread monitor =
          config.disconnectAfterIdleTimeout().isPositive()
              ? idle.start(config.spawn(), this::stop)
              : null;
      life =
          Thread.ofVirtual()
              .name("cairn-agent-lifecycle")
              .start(() -> {
                try {
                  live(all, gate, hooks, startupHooks);
                } finally {
                  if (monitor != null) {
                    monitor.interrupt();
                  }
                  http.close();
                  closeHealthCheck(health);
                }
              });
    }
  }

  /**
   * Whether the {@code agent-startup} hook failed, so that no worker connected and the agent ended
   * (the official agent then exits with an error).
   */
  public boolean startupHookFailed() {
    return startupHookFailed.get();
  }

  /**
   * The agent's life after start: the startup hooks (when there are some) once every worker has
   * arrived at the gate, then, once every worker has ended, the shutdown hooks.
   */
  private void live(
      List<Thread> workers, StartupGate gate, AgentLifecycleHooks hooks, boolean startupHooks) {
    try {
      List<Registered> registered = gate.awaitArrivals();
      if (startupHooks) {
        gate.open(startup(hooks, registered));
      }
      for (Thread worker : workers) {
        worker.join();
      }
      if (!registered.isEmpty()) {
        hooks.run(AgentLifecycleHooks.SHUTDOWN, registered);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      gate.open(false);
    }
  }

  /** Runs the startup hooks unless nobody registered or the agent is stopping; true: connect. */
  private boolean startup(AgentLifecycleHooks hooks, List<Registered> registered)
      throws InterruptedException {
    if (registered.isEmpty() || isStopped()) {
      return false;
    }
    boolean passed = hooks.run(AgentLifecycleHooks.STARTUP, registered);
    startupHookFailed.set(!passed);
    return passed;
  }

  private boolean isStopped() {
    synchronized (lock) {
      return stopped;
    }
  }

  /** Graceful stop: no new jobs; running jobs finish; then every worker disconnects. */
  public void stop() {
    synchronized (lock) {
      stopped = true;
      workers.forEach(Worker::stop);
    }
  }

  /** Ungraceful stop: running jobs are cancelled ({@code agent_stop}); then workers disconnect. */
  public void cancelAndStop() {
    synchronized (lock) {
      stopped = true;
      workers.forEach(Worker::cancelAndStop);
    }
  }

  /**
   * Waits until every worker has ended (after a stop, a server-side disconnect or a failure) and
   * the {@code agent-shutdown} hooks have run.
   *
   * @return true if all ended within {@code timeout}
   */
  public boolean awaitTermination(Duration timeout) throws InterruptedException {
    List<Thread> running = new ArrayList<>();
    synchronized (lock) {
      running.addAll(threads);
      if (life != null) {
        running.add(life);
      }
    }
    Instant deadline = Instant.now().plus(timeout);
    for (Thread thread : running) {
      Duration left = Duration.between(Instant.now(), deadline);
      if (left.isNegative() || !thread.join(left)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The exit status of the last job this agent finished, if any: with {@code --acquire-job}, the
   * acquired job's ({@code --reflect-exit-status}).
   */
  public Optional<Integer> lastExitStatus() {
    return Optional.ofNullable(lastExitStatus.get());
  }

  private WorkerSettings settings(int spawn, String hostname) {
    return new WorkerSettings(
        spawn,
        config.nameForSpawn(spawn, ProcessHandle.current().pid(), timing.random()),
        config.registrationToken(),
        config.registrationTags(),
        config.buildPath(),
        config.longPoll(),
        config.signalGracePeriod(),
        hostname,
        processEnv,
        config.jobs(),
        Optional.ofNullable(config.priorityForSpawn(spawn)).map(String::valueOf).orElse(null),
        config.acquireJob(),
        config.disconnectAfterJob(),
        config.features(),
        config.disconnectAfterUptime());
  }

  private WorkerObserver observer() {
    return new WorkerObserver() {
      @Override
      public void jobStarted(String agentName, String jobId) {
        listener.jobStarted(agentName, jobId);
      }

      @Override
      public void jobFinished(String agentName, String jobId, int exitStatus) {
        lastExitStatus.set(exitStatus);
        listener.jobFinished(agentName, jobId, exitStatus);
      }

      @Override
      public void workerFailed(String agentName, Exception cause) {
        listener.workerFailed(agentName, cause);
      }
    };
  }

  /**
   * The machine's name as the official agent takes it for {@code %hostname}: {@code HOSTNAME} from
   * {@code env} if set, else the name the system gives, else {@code localhost}.
   */
  public static String hostname(Map<String, String> env) {
    String fromEnv = env.get("HOSTNAME");
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv;
    }
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /** What each worker is doing, in spawn order, for the health check. */
  private List<WorkerStatus> workerStatuses() {
    synchronized (lock) {
      return workers.stream().map(Worker::status).toList();
    }
  }

  private static void closeHealthCheck(AutoCloseable health) {
    if (health != null) {
      try {
        health.close();
      } catch (Exception e) {
        LOG.warn("the health check server did not stop cleanly: {}", e.getMessage());
      }
    }
  }
}
