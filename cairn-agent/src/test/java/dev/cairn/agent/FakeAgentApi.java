package dev.cairn.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.cairn.protocol.ErrorMessage;
import dev.cairn.protocol.Job;
import dev.cairn.protocol.JobFinish;
import dev.cairn.protocol.JobState;
import dev.cairn.protocol.Json;
import dev.cairn.protocol.LongPoll;
import dev.cairn.protocol.Ping;
import dev.cairn.protocol.RegisterRequest;
import dev.cairn.protocol.RegisterResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * A stand-in for Cairn's server that speaks the real agent API wire format over real HTTP on
 * 127.0.0.1 (house style rule 10): register, connect, heartbeat, ping (with the long-poll
 * extension), accept, start, chunks, job state, finish and disconnect. It checks every token and
 * header it receives and records what it saw; tests wait on it with {@link #await} instead of
 * sleeping. It is one class on purpose, over the size budget: it is one fake server whose routes
 * share the job table and the monitor the tests wait on. It belongs in {@code cairn-testkit} once
 * other modules need it.
 */
final class FakeAgentApi implements AutoCloseable {
  static final String REGISTRATION_TOKEN = "registration-secret-1";
  static final String AGENT_TOKEN = "agent-secret-2";
  static final String HOSTNAME_SEEN = "fakehost";
  private static final Pattern JOB_PATH = Pattern.compile("jobs/([^/?]+)(/[a-z_]+)?");
  private static final Pattern TIMESTAMP = Pattern.compile("\u001b_bk;t=\\d+\u0007");

  private final HttpServer server;
  private final ObjectMapper json = Json.mapper();
  private final Object monitor = new Object();
  private final Deque<String> queue = new ArrayDeque<>();
  private final Map<String, FakeJob> jobs = new ConcurrentHashMap<>();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final List<String> problems = new CopyOnWriteArrayList<>();
  private final Map<Integer, Integer> chunkFailures = new ConcurrentHashMap<>();
  private volatile boolean disconnect;
  private volatile boolean paused;
  private volatile RegisterRequest registered;
  private final List<RegisterRequest> registrations = new CopyOnWriteArrayList<>();

  /** What the fake knows about one job. */
  static final class FakeJob {
    final String id;
    final Map<String, String> env;
    final long chunkMaxBytes;
    final String token;
    final Map<Integer, Chunk> chunks = new ConcurrentHashMap<>();
    volatile String state = "scheduled";
    volatile boolean stateRevoked;
    volatile JobFinish finish;

    FakeJob(String id, Map<String, String> env, long chunkMaxBytes) {
      this.id = id;
      this.env = env;
      this.chunkMaxBytes = chunkMaxBytes;
      this.token = "job-secret-" + id;
    }
  }

  /** One received chunk: query parameters and gunzipped body. */
  record Chunk(int sequence, long offset, int size, String text) {}

  private FakeAgentApi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext("/v3/", this::handle);
    server.start();
  }

  static FakeAgentApi start() throws IOException {
    return new FakeAgentApi();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v3");
  }

  /** Queues a job; the next ping gets it. */
  FakeJob enqueue(String id, Map<String, String> env, long chunkMaxBytes) {
    FakeJob job = new FakeJob(id, env, chunkMaxBytes);
    jobs.put(id, job);
    synchronized (monitor) {
      queue.add(id);
      monitor.notifyAll();
    }
    return job;
  }

  void setState(String jobId, String state) {
    jobs.get(jobId).state = state;
  }

  /** The job state poll answers 401 from now on, as when the server revokes the job token. */
  void revokeJobToken(String jobId) {
    jobs.get(jobId).stateRevoked = true;
  }

  /** The calls received, without heartbeats (which run on their own clock). */
  List<String> callsButHeartbeats() {
    return calls.stream().filter(c -> !c.equals("POST heartbeat")).toList();
  }

  /** While {@code paused} is true, pings answer the pause action and assign nothing. */
  void pause(boolean paused) {
    this.paused = paused;
    signal();
  }

  void requestDisconnect() {
    disconnect = true;
    signal();
  }

  /** The chunk with {@code sequence} fails with {@code status} this many times. */
  void failChunk(int sequence, int status, int times) {
    chunkFailures.put(sequence, status * 1000 + times);
  }

  List<String> calls() {
    return List.copyOf(calls);
  }

  List<String> problems() {
    return List.copyOf(problems);
  }

  /** Every register request so far, in order. */
  List<RegisterRequest> registrations() {
    return List.copyOf(registrations);
  }

  RegisterRequest registered() {
    return registered;
  }

  FakeJob job(String id) {
    return jobs.get(id);
  }

  /** The job's log assembled by offset, with the ANSI timestamps left in. */
  String rawLog(String jobId) {
    StringBuilder log = new StringBuilder();
    jobs.get(jobId).chunks.values().stream()
        .sorted(Comparator.comparingLong(Chunk::offset))
        .forEach(c -> log.append(c.text()));
    return log.toString();
  }

  /** The job's log assembled by offset, without timestamps. */
  String log(String jobId) {
    return TIMESTAMP.matcher(rawLog(jobId)).replaceAll("");
  }

  JobFinish awaitFinish(String jobId) throws InterruptedException {
    return await("finish of " + jobId, () -> jobs.get(jobId).finish);
  }

  void awaitLog(String jobId, String text) throws InterruptedException {
    await("log of " + jobId + " containing " + text, () -> log(jobId).contains(text) ? true : null);
  }

  void awaitCall(String call) throws InterruptedException {
    await("call " + call, () -> calls.contains(call) ? true : null);
  }

  /** Waits (on a monitor every request signals, so without polling) until probe is non-null. */
  <T> T await(String what, Supplier<T> probe) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    synchronized (monitor) {
      for (T value = probe.get(); ; value = probe.get()) {
        if (value != null) {
          return value;
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("timed out waiting for " + what + "; calls: " + calls);
        }
        monitor.wait(Math.max(1, left / 1_000_000));
      }
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private void signal() {
    synchronized (monitor) {
      monitor.notifyAll();
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath().substring("/v3/".length());
      String query = exchange.getRequestURI().getRawQuery();
      String call = exchange.getRequestMethod() + " " + path + (query == null ? "" : "?" + query);
      calls.add(call);
      signal();
      if (!exchange.getRequestHeaders().getFirst("User-Agent").startsWith("cairn-agent/")) {
        problems.add("bad User-Agent on " + call);
      }
      route(exchange, exchange.getRequestMethod() + " " + path, query);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      problems.add("handler failed: " + e);
      throw e;
    } finally {
      signal();
    }
  }

  private void route(HttpExchange exchange, String call, String query)
      throws IOException, InterruptedException {
    switch (call) {
      case "POST register" -> register(exchange);
      case "POST connect", "POST disconnect", "POST heartbeat" -> agentCall(exchange, "{}");
      case "GET ping" -> ping(exchange, query);
      default -> jobCall(exchange, call.substring(call.indexOf(' ') + 1), query);
    }
  }

  private void register(HttpExchange exchange) throws IOException {
    if (!authorized(exchange, REGISTRATION_TOKEN)) {
      return;
    }
    RegisterRequest request = json.readValue(exchange.getRequestBody(), RegisterRequest.class);
    registered = request;
    registrations.add(request);
    String name = request.name().replace("%hostname", request.hostname());
    RegisterResponse response =
        new RegisterResponse(
            "agent-id-1", name, AGENT_TOKEN, "", 1, 1, 1, request.metaData(), null);
    reply(exchange, 200, response);
  }

  private void agentCall(HttpExchange exchange, String body) throws IOException {
    if (authorized(exchange, AGENT_TOKEN)) {
      exchange.getRequestBody().readAllBytes();
      replyRaw(exchange, 200, body.getBytes(StandardCharsets.UTF_8));
    }
  }

  private void ping(HttpExchange exchange, String query) throws IOException, InterruptedException {
    if (!authorized(exchange, AGENT_TOKEN)) {
      return;
    }
    int wait = 0;
    if (query != null && query.startsWith(LongPoll.WAIT_PARAMETER + "=")) {
      wait = Integer.parseInt(query.substring(LongPoll.WAIT_PARAMETER.length() + 1));
    }
    reply(exchange, 200, nextPing(wait));
  }

  private Ping nextPing(int waitSeconds) throws InterruptedException {
    if (paused) {
      return new Ping(Ping.PAUSE, null, null, null, null);
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(waitSeconds).toNanos();
    synchronized (monitor) {
      while (queue.isEmpty() && !disconnect && System.nanoTime() < deadline) {
        monitor.wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
      }
      if (disconnect) {
        return Ping.disconnect("bye");
      }
      String next = queue.poll();
      return next == null ? Ping.idle() : Ping.assign(next);
    }
  }

  private void jobCall(HttpExchange exchange, String path, String query) throws IOException {
    Matcher matcher = JOB_PATH.matcher(path);
    FakeJob job = matcher.matches() ? jobs.get(matcher.group(1)) : null;
    if (job == null) {
      reply(exchange, 404, new ErrorMessage("no such job " + path));
      return;
    }
    String action =
        exchange.getRequestMethod() + " " + (matcher.group(2) == null ? "" : matcher.group(2));
    if (action.equals("PUT /accept")) {
      accept(exchange, job);
    } else if (authorized(exchange, job.token)) {
      switch (action) {
        case "PUT /start" -> {
          job.state = "running";
          agentReply(exchange);
        }
        case "POST /chunks" -> chunk(exchange, job, query);
        case "GET " -> {
          if (job.stateRevoked) {
            reply(exchange, 401, new ErrorMessage("token revoked"));
          } else {
            reply(exchange, 200, new JobState(job.state));
          }
        }
        case "PUT /finish" -> finish(exchange, job);
        default -> reply(exchange, 404, new ErrorMessage("unknown call " + action));
      }
    }
  }

  private void accept(HttpExchange exchange, FakeJob job) throws IOException {
    if (authorized(exchange, AGENT_TOKEN)) {
      job.state = "accepted";
      Job reply =
          new Job(
              job.id,
              null,
              job.state,
              job.env,
              Map.of(),
              null,
              job.chunkMaxBytes,
              1,
              0,
              job.token,
              null,
              null);
      reply(exchange, 200, reply);
    }
  }

  private void agentReply(HttpExchange exchange) throws IOException {
    exchange.getRequestBody().readAllBytes();
    replyRaw(exchange, 200, "{}".getBytes(StandardCharsets.UTF_8));
  }

  private void chunk(HttpExchange exchange, FakeJob job, String query) throws IOException {
    Map<String, String> params = new HashMap<>();
    for (String pair : query.split("&", -1)) {
      int eq = pair.indexOf('=');
      params.put(pair.substring(0, eq), pair.substring(eq + 1));
    }
    int sequence = Integer.parseInt(params.get("sequence"));
    if (!"gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))
        || !"text/plain".equals(exchange.getRequestHeaders().getFirst("Content-Type"))) {
      problems.add("chunk " + sequence + " has wrong content headers");
    }
    byte[] data = gunzip(exchange.getRequestBody());
    if (failChunkNow(sequence, exchange)) {
      return;
    }
    int size = Integer.parseInt(params.get("size"));
    if (size != data.length) {
      problems.add("chunk " + sequence + " says size " + size + " but has " + data.length);
    }
    long offset = Long.parseLong(params.get("offset"));
    job.chunks.put(
        sequence, new Chunk(sequence, offset, size, new String(data, StandardCharsets.UTF_8)));
    replyRaw(exchange, 200, new byte[0]);
  }

  private boolean failChunkNow(int sequence, HttpExchange exchange) throws IOException {
    Integer plan = chunkFailures.get(sequence);
    if (plan == null || plan % 1000 == 0) {
      return false;
    }
    chunkFailures.put(sequence, plan - 1);
    reply(exchange, plan / 1000, new ErrorMessage("chunk refused on purpose"));
    return true;
  }

  private void finish(HttpExchange exchange, FakeJob job) throws IOException {
    JobFinish finish = json.readValue(exchange.getRequestBody(), JobFinish.class);
    job.state = "finished";
    job.finish = finish;
    replyRaw(exchange, 200, "{}".getBytes(StandardCharsets.UTF_8));
  }

  private boolean authorized(HttpExchange exchange, String token) throws IOException {
    String header = exchange.getRequestHeaders().getFirst("Authorization");
    if (("Token " + token).equals(header)) {
      return true;
    }
    problems.add("wrong token on " + exchange.getRequestMethod() + " " + exchange.getRequestURI());
    reply(exchange, 401, new ErrorMessage("unauthorized"));
    return false;
  }

  private void reply(HttpExchange exchange, int status, Object body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    replyRaw(exchange, status, json.writeValueAsBytes(body));
  }

  private static void replyRaw(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    exchange.getResponseBody().write(body);
  }

  private static byte[] gunzip(InputStream body) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPInputStream in = new GZIPInputStream(body)) {
      in.transferTo(out);
    }
    return out.toByteArray();
  }
}
