package dev.cairn.core.access;

import dev.cairn.core.agent.AgentRecord;
import dev.cairn.core.port.AgentStore;
import dev.cairn.core.port.IdGenerator;
import dev.cairn.core.port.TokenStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Registers agents and recognises them by their access tokens. Thread-safe. */
public final class AgentRegistry {
  private final AgentStore agents;
  private final TokenStore tokens;
  private final IdGenerator ids;
  private final InstantSource clock;

  public AgentRegistry(AgentStore agents, TokenStore tokens, IdGenerator ids, InstantSource clock) {
    this.agents = agents;
    this.tokens = tokens;
    this.ids = ids;
    this.clock = clock;
  }

  /** Registers an agent if {@code registrationToken} is known; empty otherwise. */
  public Optional<RegisteredAgent> register(String registrationToken, AgentRegistration request) {
    if (!tokens.exists(TokenStore.Kind.REGISTRATION, Tokens.hash(registrationToken))) {
      return Optional.empty();
    }
    String token = Tokens.generate("cairn_agent");
    AgentRecord agent =
        new AgentRecord(
            ids.newId(),
            expandName(request.name(), request.hostname()),
            request.hostname(),
            request.version(),
            parseTags(request),
            Tokens.hash(token),
            false,
            clock.instant(),
            Optional.empty(),
            request.ignoreInDispatches(),
            false,
            request.priority());
    agents.register(agent);
    return Optional.of(new RegisteredAgent(agent, token));
  }

  /**
   * The official agent substitutes only {@code %spawn} itself, so the server expands {@code
   * %hostname}; an empty name becomes the host name.
   */
  static String expandName(String name, String hostname) {
    String host = hostname == null || hostname.isBlank() ? "agent" : hostname;
    if (name == null || name.isBlank()) {
      return host;
    }
    return name.replace("%hostname", host);
  }

  private static Map<String, String> parseTags(AgentRegistration request) {
    Map<String, String> tags = new LinkedHashMap<>();
    for (String tag : request.tags()) {
      int eq = tag.indexOf('=');
      if (eq > 0) {
        tags.put(tag.substring(0, eq).trim(), tag.substring(eq + 1).trim());
      }
    }
    return tags;
  }

  public Optional<AgentRecord> authenticate(String accessToken) {
    return agents.byTokenHash(Tokens.hash(accessToken));
  }

  public void connected(AgentRecord agent, boolean connected) {
    agents.setConnected(agent.id(), connected, clock.instant());
  }

  /**
   * Records that {@code agent} was heard from now, unless it was heard from less than {@link
   * #HEARD_GRAIN} ago: a busy agent pings between every two jobs, many times a second, and each
   * write would be a transaction of its own, while losing an agent takes minutes of silence.
   */
  public void heartbeat(AgentRecord agent) {
    Instant now = clock.instant();
    Optional<Instant> seen = agent.lastSeenAt();
    if (seen.isPresent()
        && !now.isBefore(seen.get())
        && now.isBefore(seen.get().plus(HEARD_GRAIN))) {
      return;
    }
    agents.touch(agent.id(), now);
  }

  /** How stale an agent's last-seen time may be: far below any sensible agent-lost time. */
  public static final Duration HEARD_GRAIN = Duration.ofSeconds(1);

  /** From now on ping dispatch hands this agent no jobs (it may still acquire one by id). */
  public void ignoreInDispatches(String agentId) {
    agents.ignoreInDispatches(agentId);
  }

  public Optional<AgentRecord> byId(String agentId) {
    return agents.byId(agentId);
  }

  /** Adds a token at start-up (for scripted set-ups) if it is not there yet. */
  public void ensureToken(TokenStore.Kind kind, String token, String description) {
    String hash = Tokens.hash(token);
    if (!tokens.exists(kind, hash)) {
      tokens.add(kind, hash, description);
    }
  }

  public boolean isApiToken(String token) {
    return tokens.exists(TokenStore.Kind.API, Tokens.hash(token));
  }
}
