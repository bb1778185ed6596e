package dev.cairn.server.rest;

import dev.cairn.core.access.AgentRegistry;
import dev.cairn.core.orchestrate.Annotations;
import dev.cairn.core.orchestrate.Builds;
import dev.cairn.core.orchestrate.JobLifecycle;
import dev.cairn.core.orchestrate.MetaData;
import dev.cairn.core.orchestrate.Pipelines;
import dev.cairn.core.orchestrate.Secrets;
import dev.cairn.core.orchestrate.Unblocks;
import dev.cairn.core.port.LogStore;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.HttpRouting;
import java.util.function.Supplier;

/** The routes of the REST API under {@code /v2}, each behind the API token check. */
public final class RestApi {
  private static final String ORG = "/v2/organizations/{org}";
  private static final String PIPELINE = ORG + "/pipelines/{pipeline}";
  private static final String BUILD = PIPELINE + "/builds/{number}";

  private final ApiAuth auth;
  private final OrganizationResource organizations;
  private final PipelineResource pipelines;
  private final BuildResource builds;
  private final JobLogResource logs;
  private final SecretResource secrets;
  private final AnnotationResource annotations;

  public RestApi(
      AgentRegistry registry,
      Pipelines pipelines,
      Builds builds,
      LogStore logs,
      JobLifecycle jobs,
      Secrets secrets,
      Annotations annotations,
      Unblocks unblocks,
      MetaData metaData,
      Supplier<String> baseUrl) {
    Links links = new Links(baseUrl);
    BuildJson json = new BuildJson(links, metaData::all);
    this.auth = new ApiAuth(registry);
    this.organizations = new OrganizationResource(pipelines, links);
    this.pipelines = new PipelineResource(pipelines, json);
    this.builds = new BuildResource(pipelines, builds, unblocks, json);
    this.logs = new JobLogResource(this.builds, logs, jobs);
    this.secrets = new SecretResource(pipelines, secrets);
    this.annotations = new AnnotationResource(this.builds, annotations);
  }

  public void routes(HttpRouting.Builder routing) {
    routing
        .get(ORG, guarded(organizations::get))
        .post(ORG + "/pipelines", guarded(pipelines::create))
        .get(PIPELINE, guarded(pipelines::get))
        .post(PIPELINE + "/builds", guarded(builds::create))
        .get(BUILD, guarded(builds::get))
        .put(BUILD + "/cancel", guarded(builds::cancel))
        .put(BUILD + "/jobs/{job}/retry", guarded(builds::retryJob))
        .put(BUILD + "/jobs/{job}/unblock", guarded(builds::unblockJob))
        .get(BUILD + "/explain", guarded(builds::explain))
        .get(BUILD + "/jobs/{job}/log", guarded(logs::json))
        .get(BUILD + "/jobs/{job}/log.txt", guarded(logs::raw))
        .get(BUILD + "/annotations", guarded(annotations::list))
        .put(ORG + "/secrets/{key}", guarded(secrets::put));
  }

  private Handler guarded(Handler handler) {
    return (req, res) -> {
      if (auth.allowed(req, res)) {
        handler.handle(req, res);
      }
    };
  }
}
