package dev.cairn.agent.worker;

import dev.cairn.agent.api.AgentApiException;
import dev.cairn.agent.api.AgentsClient;
import dev.cairn.agent.api.ApiTransport;
import dev.cairn.agent.api.Retrier;
import dev.cairn.agent.api.RetryPolicy;
import dev.cairn.protocol.RegisterRequest;
import dev.cairn.protocol.RegisterResponse;
import java.net.URI;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Register (registration token, 30 × 10 s), adopting the endpoint and {@code Buildkite-*} headers
 * the server returns, then connect (agent token, 10 × 5 s) (spec §2.1–2.2). The two are separate
 * steps because the {@code agent-startup} hooks run between them ({@link StartupGate}).
 */
final class Registration {
  private static final Logger LOG = LoggerFactory.getLogger(Registration.class);

  private Registration() {}

  /** Registers; the session is not connected yet. */
  static Session register(WorkerSettings settings, ApiTransport transport, Retrier retrier)
      throws AgentApiException, InterruptedException {
    RegisterRequest request = request(settings);
    AgentsClient agents = new AgentsClient(transport);
    RegisterResponse registered =
        retrier.call(
            RetryPolicy.REGISTER, () -> agents.register(settings.registrationToken(), request));
    transport.replayHeaders(registered.requestHeaders());
    LOG.info("agent {}: registered as {}", registered.name(), registered.id());
    return new Session(
        registered.id(),
        registered.name(),
        registered.accessToken(),
        moved(transport, registered.endpoint()),
        Session.seconds(registered.pingInterval()),
        Session.seconds(registered.jobStatusInterval()),
        Session.seconds(registered.heartbeatInterval()));
  }

  /** Connects a registered session. */
  static void connect(Session session, Retrier retrier)
      throws AgentApiException, InterruptedException {
    retrier.call(
        RetryPolicy.CONNECT,
        () -> {
          new AgentsClient(session.transport()).connect(session.agentToken());
          return null;
        });
    LOG.info("agent {}: connected", session.agentName());
  }

  private static ApiTransport moved(ApiTransport transport, String endpoint) {
    return endpoint == null || endpoint.isBlank()
        ? transport
        : transport.withEndpoint(URI.create(endpoint));
  }

  static RegisterRequest request(WorkerSettings settings) {
    return new RegisterRequest(
        settings.name(),
        settings.hostname(),
        System.getProperty("os.name") + " " + System.getProperty("os.version"),
        arch(System.getProperty("os.arch")),
        (int) ProcessHandle.current().pid(),
        ApiTransport.VERSION,
        "",
        settings.jobs().commandEval(),
        settings.acquireJob() != null,
        settings.priority(),
        settings.tags(),
        settings.features());
  }

  /** The Go names the official agent reports ({@code amd64}, {@code arm64}). */
  static String arch(String javaArch) {
    return switch (javaArch.toLowerCase(Locale.ROOT)) {
      case "x86_64", "amd64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> javaArch;
    };
  }
}
