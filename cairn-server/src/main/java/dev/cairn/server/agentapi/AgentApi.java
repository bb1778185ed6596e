package dev.cairn.server.agentapi;

import dev.cairn.core.access.AgentRegistry;
import dev.cairn.core.dispatch.Dispatcher;
import dev.cairn.core.orchestrate.AgentDeparture;
import dev.cairn.core.orchestrate.Annotations;
import dev.cairn.core.orchestrate.Artifacts;
import dev.cairn.core.orchestrate.Builds;
import dev.cairn.core.orchestrate.JobEnvironment;
import dev.cairn.core.orchestrate.JobIdentity;
import dev.cairn.core.orchestrate.JobLifecycle;
import dev.cairn.core.orchestrate.MetaData;
import dev.cairn.core.orchestrate.Secrets;
import dev.cairn.core.orchestrate.StepAttributes;
import dev.cairn.server.oidc.OidcIssuer;
import io.helidon.webserver.http.HttpRouting;

/** The routes of the agent API under {@code /v3}. */
public final class AgentApi {
  private static final String JOB = "/v3/jobs/{id}";
  private static final String BUILD = "/v3/builds/{id}";

  /** The core services and server parts the agent API talks to. */
  public record Services(
      AgentRegistry registry,
      Dispatcher dispatcher,
      AgentDeparture departure,
      JobLifecycle jobs,
      JobEnvironment environment,
      Builds builds,
      MetaData metaData,
      Artifacts artifacts,
      ArtifactLinks artifactLinks,
      Annotations annotations,
      JobIdentity identity,
      OidcIssuer issuer,
      Secrets secrets,
      StepAttributes steps) {}

  private final RegisterHandler register;
  private final ConnectionHandler connection;
  private final PingHandler ping;
  private final JobHandler job;
  private final LogChunkHandler chunks;
  private final HeaderTimesHandler headerTimes;
  private final MetaDataHandler metaData;
  private final ArtifactHandler artifacts;
  private final ArtifactFileHandler artifactFiles;
  private final AnnotationHandler annotations;
  private final OidcHandler oidc;
  private final SecretHandler secrets;
  private final StepHandler steps;
  private final BuildHandler builds;
  private final PipelineUploadHandler pipelines;

  public AgentApi(Services s, AgentIntervals intervals) {
    AgentAuth auth = new AgentAuth(s.registry());
    JobAccess access = new JobAccess(s.jobs(), auth);
    this.register = new RegisterHandler(s.registry(), intervals);
    this.connection = new ConnectionHandler(s.registry(), auth, s.dispatcher(), s.departure());
    PingAnswers pings = new PingAnswers(s.registry(), s.dispatcher());
    this.ping = new PingHandler(auth, pings);
    this.job =
        new JobHandler(s.jobs(), s.registry(), auth, access, s.environment(), s.steps(), pings);
    this.chunks = new LogChunkHandler(s.jobs(), access);
    this.headerTimes = new HeaderTimesHandler(s.jobs(), access);
    this.metaData = new MetaDataHandler(s.metaData(), access);
    this.artifacts = new ArtifactHandler(s.artifacts(), access, s.artifactLinks());
    this.artifactFiles = new ArtifactFileHandler(s.artifacts(), s.artifactLinks());
    this.annotations = new AnnotationHandler(s.annotations(), access);
    this.oidc = new OidcHandler(s.identity(), s.issuer(), access);
    this.secrets = new SecretHandler(s.secrets(), access);
    this.steps = new StepHandler(s.steps(), access);
    this.builds = new BuildHandler(s.builds(), access);
    this.pipelines = new PipelineUploadHandler(s.builds(), access);
  }

  public void routes(HttpRouting.Builder routing) {
    routing
        .post("/v3/register", register)
        .post("/v3/connect", connection::connect)
        .post("/v3/disconnect", connection::disconnect)
        .post("/v3/heartbeat", connection::heartbeat)
        .get("/v3/ping", ping)
        .put(JOB + "/accept", job::accept)
        .put(JOB + "/acquire", job::acquire)
        .put(JOB + "/start", job::start)
        .get(JOB, job::state)
        .put(JOB, job::update)
        .put(JOB + "/finish", job::finish)
        .post(JOB + "/chunks", chunks)
        .post(JOB + "/header_times", headerTimes)
        .post(JOB + "/data/set", metaData::set)
        .post(JOB + "/data/set-batch", metaData::setBatch)
        .post(JOB + "/data/get", metaData::getFromJob)
        .post(JOB + "/data/exists", metaData::existsInJob)
        .post(JOB + "/data/keys", metaData::keysOfJob)
        .post(BUILD + "/data/get", metaData::getFromBuild)
        .post(BUILD + "/data/exists", metaData::existsInBuild)
        .post(BUILD + "/data/keys", metaData::keysOfBuild)
        .post(JOB + "/artifacts", artifacts::create)
        .put(JOB + "/artifacts", artifacts::update)
        .get(BUILD + "/artifacts/search", artifacts::search)
        .post("/v3/artifacts/{id}/upload", artifactFiles::uploadOne)
        .post("/v3/artifact_batches/{batch}/upload", artifactFiles::uploadInBatch)
        .get("/v3/artifacts/{id}/download", artifactFiles::download)
        .post(JOB + "/pipelines", pipelines::upload)
        .get(JOB + "/pipelines/{uuid}", pipelines::status)
        .post(JOB + "/annotations", annotations::annotate)
        .delete(JOB + "/annotations/{context}", annotations::remove)
        .post(JOB + "/oidc/tokens", oidc)
        .get(JOB + "/secrets", secrets)
        .post("/v3/steps/{step}/export", steps::export)
        .put("/v3/steps/{step}", steps::update)
        .post(BUILD + "/cancel", builds);
  }
}
