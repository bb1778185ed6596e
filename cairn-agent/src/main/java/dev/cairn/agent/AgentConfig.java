package dev.cairn.agent;

import dev.cairn.agent.job.JobSettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * The agent's settings, validated once on construction; every error names the offending setting and
 * never echoes the registration token. {@link #toString()} masks the token. Immutable and
 * thread-safe.
 *
 * @param endpoint the agent API base, such as {@code http://127.0.0.1:8080/v3}
 * @param registrationToken the token sent with {@code POST register} (a secret)
 * @param name the agent name; {@code %spawn} is replaced by the 1-based worker number here, {@code
 *     %hostname} by the server; null or blank means {@value #DEFAULT_NAME}
 * @param tags {@code key=value} tags; null means none
 * @param queue the queue to serve, sent as the tag {@code queue=<queue>}; null or blank means none
 *     (the server's default queue)
 * @param spawn how many independent workers this process runs, 1 to {@value #MAX_SPAWN}
 * @param buildPath where checkouts live; null means {@code ~/.cairn/builds}
 * @param longPoll whether pings use Cairn's long-poll extension ({@code ping?wait=N})
 * @param signalGracePeriod how long a cancelled job has between SIGTERM and SIGKILL; null means 9 s
 * @param jobs how jobs are run (hooks, redaction, in-job commands); null means {@link
 *     JobSettings#DEFAULTS}
 * @param priority the agent's dispatch priority (higher is handed work first); null means none
 * @param acquireJob the id of the one job to acquire, run and then exit ({@code --acquire-job});
 *     null or blank means none. Needs {@code spawn} 1
 * @param disconnectAfterJob whether each worker disconnects after its first job
 * @param disconnectAfterIdleTimeout stop once every worker has been idle this long; null or zero
 *     means never
 * @param spawnPriority whether each worker registers with its spawn number as its priority ({@code
 *     --spawn-with-priority}), replacing {@code priority}; null means {@link SpawnPriority#NONE}
 * @param disconnectAfterUptime each worker takes no new job once it has been up this long and
 *     disconnects at its next idle point ({@code --disconnect-after-uptime}); null or zero means
 *     never
 * @param healthCheckAddr where the health check server listens ({@code --health-check-addr}):
 *     {@code GET /} and {@code GET /status.json}; null means no server
 */
public record AgentConfig(
    URI endpoint,
    String registrationToken,
    String name,
    List<String> tags,
    String queue,
    int spawn,
    Path buildPath,
    boolean longPoll,
    Duration signalGracePeriod,
    JobSettings jobs,
    Integer priority,
    String acquireJob,
    boolean disconnectAfterJob,
    Duration disconnectAfterIdleTimeout,
    SpawnPriority spawnPriority,
    Duration disconnectAfterUptime,
    InetSocketAddress healthCheckAddr) {

  /**
   * How {@code --spawn-with-priority} numbers the workers: worker {@code i} gets priority {@code i}
   * ({@link #ASCENDING}), or {@code -i} with the official agent's {@code descending-spawn-priority}
   * experiment ({@link #DESCENDING}), so that hosts running different numbers of workers share the
   * work from their first worker on.
   */
  public enum SpawnPriority {
    NONE,
    ASCENDING,
    DESCENDING
  }

  public static final String DEFAULT_NAME = "%hostname-%spawn";
  public static final int MAX_SPAWN = 100;
  public static final Duration DEFAULT_SIGNAL_GRACE_PERIOD = Duration.ofSeconds(9);
  private static final Duration MAX_SIGNAL_GRACE_PERIOD = Duration.ofHours(1);

  public AgentConfig {
    requireEndpoint(endpoint);
    if (registrationToken == null || registrationToken.isBlank()) {
      throw invalid("registrationToken", "must not be empty");
    }
    name = name == null || name.isBlank() ? DEFAULT_NAME : name.strip();
    tags = tags == null ? List.of() : List.copyOf(tags);
    tags.forEach(AgentConfig::requireTag);
    queue = queue == null || queue.isBlank() ? null : queue.strip();
    requireQueue(queue, tags);
    if (spawn < 1 || spawn > MAX_SPAWN) {
      throw invalid("spawn", "must be between 1 and " + MAX_SPAWN + ", got " + spawn);
    }
    buildPath = buildPath == null ? defaultBuildPath() : buildPath.toAbsolutePath().normalize();
    signalGracePeriod = signalGracePeriod == null ? DEFAULT_SIGNAL_GRACE_PERIOD : signalGracePeriod;
    if (!signalGracePeriod.isPositive()
        || signalGracePeriod.compareTo(MAX_SIGNAL_GRACE_PERIOD) > 0) {
      throw invalid("signalGracePeriod", "must be between 0 s and 1 h, got " + signalGracePeriod);
    }
    jobs = jobs == null ? JobSettings.DEFAULTS : jobs;
    acquireJob = acquireJob == null || acquireJob.isBlank() ? null : acquireJob.strip();
    if (acquireJob != null && spawn != 1) {
      throw invalid("acquireJob", "runs one job, so 'spawn' must be 1, got " + spawn);
    }
    disconnectAfterIdleTimeout =
        disconnectAfterIdleTimeout == null ? Duration.ZERO : disconnectAfterIdleTimeout;
    if (disconnectAfterIdleTimeout.isNegative()) {
      throw invalid(
          "disconnectAfterIdleTimeout", "must not be negative, got " + disconnectAfterIdleTimeout);
    }
    spawnPriority = spawnPriority == null ? SpawnPriority.NONE : spawnPriority;
    disconnectAfterUptime = disconnectAfterUptime == null ? Duration.ZERO : disconnectAfterUptime;
    if (disconnectAfterUptime.isNegative()) {
      throw invalid("disconnectAfterUptime", "must not be negative, got " + disconnectAfterUptime);
    }
  }

  /** A configuration with every optional setting at its default; use the {@code with…} methods. */
  public static AgentConfig of(URI endpoint, String registrationToken) {
    return new AgentConfig(
        endpoint,
        registrationToken,
        null,
        null,
        null,
        1,
        null,
        true,
        null,
        null,
        null,
        null,
        false,
        Duration.ZERO,
        SpawnPriority.NONE,
        Duration.ZERO,
        null);
  }

  public AgentConfig withName(String name) {
    return edit(e -> e.name = name);
  }

  public AgentConfig withTags(List<String> tags) {
    return edit(e -> e.tags = tags);
  }

  public AgentConfig withQueue(String queue) {
    return edit(e -> e.queue = queue);
  }

  public AgentConfig withSpawn(int spawn) {
    return edit(e -> e.spawn = spawn);
  }

  public AgentConfig withBuildPath(Path buildPath) {
    return edit(e -> e.buildPath = buildPath);
  }

  public AgentConfig withLongPoll(boolean longPoll) {
    return edit(e -> e.longPoll = longPoll);
  }

  public AgentConfig withSignalGracePeriod(Duration signalGracePeriod) {
    return edit(e -> e.signalGracePeriod = signalGracePeriod);
  }

  public AgentConfig withJobs(JobSettings jobs) {
    return edit(e -> e.jobs = jobs);
  }

  public AgentConfig withPriority(Integer priority) {
    return edit(e -> e.priority = priority);
  }

  public AgentConfig withAcquireJob(String acquireJob) {
    return edit(e -> e.acquireJob = acquireJob);
  }

  public AgentConfig withDisconnectAfterJob(boolean disconnectAfterJob) {
    return edit(e -> e.disconnectAfterJob = disconnectAfterJob);
  }

  public AgentConfig withDisconnectAfterIdleTimeout(Duration disconnectAfterIdleTimeout) {
    return edit(e -> e.disconnectAfterIdleTimeout = disconnectAfterIdleTimeout);
  }

  public AgentConfig withSpawnPriority(SpawnPriority spawnPriority) {
    return edit(e -> e.spawnPriority = spawnPriority);
  }

  public AgentConfig withDisconnectAfterUptime(Duration disconnectAfterUptime) {
    return edit(e -> e.disconnectAfterUptime = disconnectAfterUptime);
  }

  public AgentConfig withHealthCheckAddr(InetSocketAddress healthCheckAddr) {
    return edit(e -> e.healthCheckAddr = healthCheckAddr);
  }

  /** A copy of this configuration with what {@code change} sets on it, validated again. */
  private AgentConfig edit(Consumer<Edit> change) {
    Edit edit = new Edit(this);
    change.accept(edit);
    return edit.build();
  }

  /**
   * The settings the withers change, copied from one instance and changed in place; {@link #build}
   * makes the new instance, so the long constructor is called in one place only.
   */
  private static final class Edit {
    URI endpoint;
    String registrationToken;
    String name;
    List<String> tags;
    String queue;
    int spawn;
    Path buildPath;
    boolean longPoll;
    Duration signalGracePeriod;
    JobSettings jobs;
    Integer priority;
    String acquireJob;
    boolean disconnectAfterJob;
    Duration disconnectAfterIdleTimeout;
    SpawnPriority spawnPriority;
    Duration disconnectAfterUptime;
    InetSocketAddress healthCheckAddr;

    Edit(AgentConfig from) {
      endpoint = from.endpoint;
      registrationToken = from.registrationToken;
      name = from.name;
      tags = from.tags;
      queue = from.queue;
      spawn = from.spawn;
      buildPath = from.buildPath;
      longPoll = from.longPoll;
      signalGracePeriod = from.signalGracePeriod;
      jobs = from.jobs;
      priority = from.priority;
      acquireJob = from.acquireJob;
      disconnectAfterJob = from.disconnectAfterJob;
      disconnectAfterIdleTimeout = from.disconnectAfterIdleTimeout;
      spawnPriority = from.spawnPriority;
      disconnectAfterUptime = from.disconnectAfterUptime;
      healthCheckAddr = from.healthCheckAddr;
    }

    AgentConfig build() {
      return new AgentConfig(
          endpoint,
          registrationToken,
          name,
          tags,
          queue,
          spawn,
          buildPath,
          longPoll,
          signalGracePeriod,
          jobs,
          priority,
          acquireJob,
          disconnectAfterJob,
          disconnectAfterIdleTimeout,
          spawnPriority,
          disconnectAfterUptime,
          healthCheckAddr);
    }
  }

  /**
   * The priority worker {@code spawnIndex} (1-based) registers with: its number (negated when
   * descending) under {@code --spawn-with-priority}, which replaces {@code --priority} as in the
   * official agent; else {@link #priority()}; null for none.
   */
  public Integer priorityForSpawn(int spawnIndex) {
    return switch (spawnPriority) {
      case ASCENDING -> spawnIndex;
      case DESCENDING -> -spawnIndex;
      case NONE -> priority;
    };
  }

  /** The tags sent at registration: {@link #tags()} plus {@code queue=<queue>} when set. */
  public List<String> registrationTags() {
    List<String> all = new ArrayList<>(tags);
    if (queue != null) {
      all.add("queue=" + queue);
    }
    return List.copyOf(all);
  }

  /**
   * The features reported at registration, named as the official agent names them (informational
   * for the server).
   */
  public List<String> features() {
    List<String> features = new ArrayList<>();
    if (acquireJob != null) {
      features.add("acquire-job");
    }
    if (disconnectAfterJob) {
      features.add("disconnect-after-job");
    }
    if (disconnectAfterIdleTimeout.isPositive()) {
      features.add("disconnect-after-idle");
    }
    if (disconnectAfterUptime.isPositive()) {
      features.add("disconnect-after-uptime");
    }
    if (!jobs.pluginsEnabled()) {
      features.add("no-plugins");
    }
    if (!jobs.commandEval()) {
      features.add("no-script-eval");
    }
    if (!jobs.http2()) {
      features.add("no-http2");
    }
    return List.copyOf(features);
  }

  /**
   * The name worker {@code spawnIndex} (1-based) registers with: {@code %spawn} (and its older
   * spelling {@code %n}) becomes the worker number, {@code %pid} this process's id and {@code
   * %random} eight random letters and digits, as Buildkite documents them. {@code %hostname} is
   * left to the server, as the official agent leaves it.
   */
  public String nameForSpawn(int spawnIndex, long pid, RandomGenerator random) {
    String expanded =
        name.replace("%spawn", Integer.toString(spawnIndex))
            .replace("%pid", Long.toString(pid))
            .replaceAll("%n(?![a-z])", Integer.toString(spawnIndex));
    while (expanded.contains("%random")) {
      expanded = expanded.replaceFirst("%random", randomWord(random));
    }
    return expanded;
  }

  private static String randomWord(RandomGenerator random) {
    String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      word.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return word.toString();
  }

  public static Path defaultBuildPath() {
    return Path.of(System.getProperty("user.home"), ".cairn", "builds");
  }

  @Override
  public String toString() {
    return ("AgentConfig[endpoint=%s, registrationToken=***, name=%s, tags=%s, queue=%s, spawn=%d,"
            + " buildPath=%s, longPoll=%s, signalGracePeriod=%s, jobs=%s, priority=%s,"
            + " acquireJob=%s, disconnectAfterJob=%s, disconnectAfterIdleTimeout=%s,"
            + " spawnPriority=%s, disconnectAfterUptime=%s, healthCheckAddr=%s]")
        .formatted(
            endpoint,
            name,
            tags,
            queue,
            spawn,
            buildPath,
            longPoll,
            signalGracePeriod,
            jobs,
            priority,
            acquireJob,
            disconnectAfterJob,
            disconnectAfterIdleTimeout,
            spawnPriority,
            disconnectAfterUptime,
            healthCheckAddr);
  }

  private static void requireEndpoint(URI endpoint) {
    if (endpoint == null) {
      throw invalid("endpoint", "must be set");
    }
    String scheme =
        endpoint.getScheme() == null ? "" : endpoint.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || endpoint.getHost() == null) {
      throw invalid("endpoint", "must be an absolute http or https URI, got " + endpoint);
    }
    if (endpoint.getRawUserInfo() != null || endpoint.getRawQuery() != null) {
      throw invalid("endpoint", "must not carry user info or a query");
    }
  }

  private static void requireTag(String tag) {
    int equals = tag == null ? -1 : tag.indexOf('=');
    if (equals < 1 || tag.substring(0, equals).isBlank()) {
      throw invalid("tags", "entries must look like key=value, got '" + tag + "'");
    }
  }

  private static void requireQueue(String queue, List<String> tags) {
    if (queue == null) {
      return;
    }
    if (queue.contains("=") || queue.chars().anyMatch(Character::isWhitespace)) {
      throw invalid("queue", "must not contain '=' or spaces, got '" + queue + "'");
    }
    // The official agent refuses this too ("Queue must be present in only one of the --tags or
    // the --queue flags"), although its help text says --queue overwrites the tag.
    if (tags.stream().anyMatch(t -> t.strip().startsWith("queue="))) {
      throw invalid(
          "queue", "conflicts with a queue=… entry in 'tags'; give the queue in only one of them");
    }
  }

  private static IllegalArgumentException invalid(String setting, String problem) {
    return new IllegalArgumentException("agent setting '" + setting + "' " + problem);
  }
}
