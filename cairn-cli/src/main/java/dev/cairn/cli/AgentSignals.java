package dev.cairn.cli;

import dev.cairn.agent.Agent;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The official agent's process signals (spec §9.2): the first SIGTERM or SIGINT stops gracefully,
 * the second cancels running jobs ({@code agent_stop}) and exits after the cancel grace period plus
 * a second if the agent is still alive, the third exits at once. SIGQUIT stops ungracefully at
 * once, but only when the JVM leaves SIGQUIT to us (run with {@code -Xrs}); by default the JVM
 * keeps it for thread dumps and this is logged at start. SIGHUP is ignored.
 *
 * <p>Why {@code sun.misc.Signal} and not a shutdown hook: once the JVM has begun shutting down it
 * ignores further SIGTERMs, so a hook can never see the second one. {@code sun.misc.Signal} is in
 * the {@code jdk.unsupported} module, exported for exactly this use; it is reached by reflection
 * because javac flags every direct use as proprietary API, which {@code -Werror} refuses.
 */
final class AgentSignals {
  private static final Logger LOG = LoggerFactory.getLogger(AgentSignals.class);

  private AgentSignals() {}

  static void install(Agent agent, Duration hardExitAfter) {
    AtomicInteger count = new AtomicInteger();
    Runnable onStop =
        () -> {
          int n = count.incrementAndGet();
          if (n == 1) {
            LOG.info("stopping gracefully; send the signal again to cancel running jobs");
            agent.stop();
          } else if (n == 2) {
            LOG.info("cancelling running jobs and stopping");
            ungraceful(agent, hardExitAfter);
          } else {
            Runtime.getRuntime().halt(1);
          }
        };
    handle("TERM", onStop);
    handle("INT", onStop);
    handle("HUP", () -> {});
    if (!handle("QUIT", () -> ungraceful(agent, hardExitAfter))) {
      LOG.info("SIGQUIT stays with the JVM (thread dumps); run java with -Xrs to stop on it");
    }
  }

  private static void ungraceful(Agent agent, Duration hardExitAfter) {
    agent.cancelAndStop();
    Thread.ofPlatform()
        .daemon()
        .name("cairn-agent-hard-exit")
        .start(() -> {
          try {
            if (!agent.awaitTermination(hardExitAfter)) {
              Runtime.getRuntime().halt(1);
            }
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
  }

  private static boolean handle(String name, Runnable action) {
    try {
      Class<?> signal = Class.forName("sun.misc.Signal");
      Class<?> handler = Class.forName("sun.misc.SignalHandler");
      Object proxy =
          Proxy.newProxyInstance(
              handler.getClassLoader(),
              new Class<?>[] {handler},
              (self, method, args) -> {
                if (method.getName().equals("handle")) {
                  action.run();
                  return null;
                }
                return switch (method.getName()) {
                  case "hashCode" -> System.identityHashCode(self);
                  case "equals" ->
                      args != null
                          && System.identityHashCode(self) == System.identityHashCode(args[0]);
                  default -> "cairn signal handler for SIG" + name;
                };
              });
      Object instance = signal.getConstructor(String.class).newInstance(name);
      signal.getMethod("handle", signal, handler).invoke(null, instance, proxy);
      return true;
    } catch (InvocationTargetException e) {
      return false; // The JVM keeps this signal (IllegalArgumentException from Signal.handle).
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("cannot handle SIG{}: {}", name, e.toString());
      return false;
    }
  }
}
