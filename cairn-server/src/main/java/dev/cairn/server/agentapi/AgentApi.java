package dev.cairn.server.agentapi;

import dev.cairn.core.access.AgentRegistry;
import dev.cairn.core.dispatch.Dispatcher;
import dev.cairn.core.orchestrate.JobEnvironment;
import dev.cairn.core.orchestrate.JobLifecycle;
import io.helidon.webserver.http.HttpRouting;

/** The routes of the agent API under {@code /v3}. */
public final class AgentApi {
  private final RegisterHandler register;
  private final ConnectionHandler connection;
  private final PingHandler ping;
  private final JobHandler job;
  private final LogChunkHandler chunks;

  public AgentApi(
      AgentRegistry registry,
      Dispatcher dispatcher,
      JobLifecycle jobs,
      JobEnvironment environment,
      AgentIntervals intervals) {
    AgentAuth auth = new AgentAuth(registry);
    JobAccess access = new JobAccess(jobs, auth);
    this.register = new RegisterHandler(registry, intervals);
    this.connection = new ConnectionHandler(registry, auth);
    this.ping = new PingHandler(registry, auth, dispatcher);
    this.job = new JobHandler(jobs, auth, access, environment);
    this.chunks = new LogChunkHandler(jobs, access);
  }

  public void routes(HttpRouting.Builder routing) {
    routing
        .post("/v3/register", register)
        .post("/v3/connect", connection::connect)
        .post("/v3/disconnect", connection::disconnect)
        .post("/v3/heartbeat", connection::heartbeat)
        .get("/v3/ping", ping)
        .put("/v3/jobs/{id}/accept", job::accept)
        .put("/v3/jobs/{id}/start", job::start)
        .get("/v3/jobs/{id}", job::state)
        .put("/v3/jobs/{id}/finish", job::finish)
        .post("/v3/jobs/{id}/chunks", chunks);
  }
}
