package dev.cairn.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * Issue 4 item 10a: how long a runnable job waits before an idle agent receives it, with 100 idle
 * agents long-polling over the real agent API. Target on 127.0.0.1: p50 under 5 ms, p99 under 25
 * ms.
 *
 * <p>Each build has one {@code true} step, created through the REST API; its job becomes runnable
 * inside that request. The main figure is from the job's {@code scheduled_at} (the instant the
 * server's decider made it runnable, as the creation reply reports it; wall clock, same machine) to
 * the moment an agent's ping reply arrived. Two bounds from the client's own monotonic clock are
 * printed too: from the creation reply (a lower bound, negative when the ping answered first) and
 * from sending the creation request (an upper bound). Builds go one at a time, with a short pause
 * so every agent is back in its long poll before the next one.
 */
public final class PickupLatencyBench {
  private static final int AGENTS = 100;
  private static final int WARMUP = 50;
  private static final int JOBS = 500;
  private static final Duration PAUSE = Duration.ofMillis(20);

  private PickupLatencyBench() {}

  public static void main(String[] args) throws Exception {
    Figures.header("dispatch pickup latency, " + AGENTS + " idle agents (issue 4 item 10a)");
    ConcurrentMap<String, CompletableFuture<PollingAgent.Pickup>> pickups =
        new ConcurrentHashMap<>();
    ConcurrentMap<String, CompletableFuture<String>> finishes = new ConcurrentHashMap<>();
    try (BenchServer server = new BenchServer()) {
      List<Thread> threads = new ArrayList<>();
      for (int i = 0; i < AGENTS; i++) {
        PollingAgent agent =
            PollingAgent.register(
                server.api(),
                server.registrationToken(),
                "bench-" + i,
                p -> future(pickups, p.jobId()).complete(p),
                id -> future(finishes, id).complete(id));
        threads.add(Thread.ofVirtual().name("bench-agent-" + i).start(agent::run));
      }
      Thread.sleep(500); // Let every agent reach its long poll.
      String slug = server.pipeline("pickup", "steps:\n  - command: \"true\"\n");
      Samples fromRunnable = new Samples();
      Samples fromReply = new Samples();
      Samples fromRequest = new Samples();
      Samples create = new Samples();
      long cpu0 = 0;
      for (int i = 0; i < WARMUP + JOBS; i++) {
        if (i == WARMUP) {
          cpu0 = Figures.processCpuNanos();
        }
        long sent = System.nanoTime();
        Api.Reply reply = server.createBuild(slug);
        JsonNode job = reply.json().path("jobs").get(0);
        String id = job.get("id").asText();
        Instant runnable = Instant.parse(job.get("scheduled_at").asText());
        PollingAgent.Pickup pickup = future(pickups, id).get(10, TimeUnit.SECONDS);
        future(finishes, id).get(10, TimeUnit.SECONDS);
        if (i >= WARMUP) {
          fromRunnable.add(Duration.between(runnable, pickup.at()).toNanos());
          fromReply.add(pickup.nanos() - reply.nanos());
          fromRequest.add(pickup.nanos() - sent);
          create.add(reply.nanos() - sent);
        }
        pickups.remove(id);
        finishes.remove(id);
        Thread.sleep(PAUSE);
      }
      long cpu = Figures.processCpuNanos() - cpu0;
      threads.forEach(Thread::interrupt);
      print(fromRunnable, fromReply, fromRequest, create);
      Figures.line(
          "  CPU time of this process (server and all %d agents) per job: %s",
          AGENTS, Figures.ms(cpu / (double) JOBS));
    }
  }

  private static <T> CompletableFuture<T> future(
      ConcurrentMap<String, CompletableFuture<T>> map, String id) {
    return map.computeIfAbsent(id, k -> new CompletableFuture<>());
  }

  private static void print(Samples runnable, Samples reply, Samples request, Samples create) {
    Figures.line("%d jobs measured after %d warm-up, one at a time", JOBS, WARMUP);
    long p50 = runnable.percentile(50);
    long p99 = runnable.percentile(99);
    Figures.line(
        "  runnable (scheduled_at) -> ping reply   p50 %s  p99 %s  max %s"
            + "  (target p50 < 5 ms: %s, p99 < 25 ms: %s)",
        Figures.ms(p50),
        Figures.ms(p99),
        Figures.ms(runnable.max()),
        Figures.verdict(p50 < 5_000_000),
        Figures.verdict(p99 < 25_000_000));
    Figures.line(
        "  creation reply -> ping reply (lower bound)    p50 %s  p99 %s  min %s",
        Figures.ms(reply.percentile(50)),
        Figures.ms(reply.percentile(99)),
        Figures.ms(reply.min()));
    Figures.line(
        "  creation request -> ping reply (upper bound)  p50 %s  p99 %s  max %s",
        Figures.ms(request.percentile(50)),
        Figures.ms(request.percentile(99)),
        Figures.ms(request.max()));
    Figures.line(
        "  build creation round trip (for reference)     p50 %s  p99 %s",
        Figures.ms(create.percentile(50)), Figures.ms(create.percentile(99)));
  }
}
