package dev.cairn.agent.api;

import dev.cairn.protocol.Heartbeat;
import dev.cairn.protocol.RegisterRequest;
import dev.cairn.protocol.RegisterResponse;
import java.time.Instant;

/**
 * The agent session calls (spec §2.1–2.3): register with the registration token; connect,
 * disconnect and heartbeat with the agent access token. One attempt per call; callers retry with
 * {@link Retrier}. Thread-safe.
 */
public final class AgentsClient {
  private final ApiTransport transport;

  public AgentsClient(ApiTransport transport) {
    this.transport = transport;
  }

  public RegisterResponse register(String registrationToken, RegisterRequest request)
      throws AgentApiException, InterruptedException {
    return transport.json(
        "POST",
        "register",
        registrationToken,
        request,
        RegisterResponse.class,
        ApiTransport.DEFAULT_TIMEOUT);
  }

  public void connect(String agentToken) throws AgentApiException, InterruptedException {
    transport.json("POST", "connect", agentToken, null, Void.class, ApiTransport.DEFAULT_TIMEOUT);
  }

  public void disconnect(String agentToken) throws AgentApiException, InterruptedException {
    transport.json(
        "POST", "disconnect", agentToken, null, Void.class, ApiTransport.DEFAULT_TIMEOUT);
  }

  public void heartbeat(String agentToken, Instant sentAt)
      throws AgentApiException, InterruptedException {
    Heartbeat body = new Heartbeat(sentAt.toString(), null);
    transport.json("POST", "heartbeat", agentToken, body, Void.class, ApiTransport.DEFAULT_TIMEOUT);
  }
}
