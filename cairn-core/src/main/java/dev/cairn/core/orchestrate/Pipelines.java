package dev.cairn.core.orchestrate;

import dev.cairn.core.org.Organization;
import dev.cairn.core.org.PipelineDefinition;
import dev.cairn.core.port.IdGenerator;
import dev.cairn.core.port.OrganizationStore;
import dev.cairn.pipeline.PipelineException;
import dev.cairn.pipeline.PipelineParser;
import java.time.InstantSource;
import java.util.Locale;
import java.util.Optional;

/** Organizations and their pipelines. Thread-safe. */
public final class Pipelines {
  private final OrganizationStore store;
  private final IdGenerator ids;
  private final InstantSource clock;

  public Pipelines(OrganizationStore store, IdGenerator ids, InstantSource clock) {
    this.store = store;
    this.ids = ids;
    this.clock = clock;
  }

  /** What a new pipeline is made from; {@code slug} may be empty to derive it from the name. */
  public record NewPipeline(
      String name, String slug, String repository, String defaultBranch, String configuration) {}

  /**
   * Creates a pipeline after checking its steps parse.
   *
   * @throws PipelineException when the configuration is not a valid pipeline
   * @throws IllegalStateException when the slug is taken
   */
  public PipelineDefinition create(String organization, NewPipeline request)
      throws PipelineException {
    String slug =
        request.slug() == null || request.slug().isBlank()
            ? slugOf(request.name())
            : request.slug();
    PipelineParser.parse(slug + "/pipeline.yml", request.configuration());
    PipelineDefinition pipeline =
        new PipelineDefinition(
            ids.newId(),
            organization,
            slug,
            request.name(),
            request.repository() == null ? "" : request.repository(),
            request.defaultBranch() == null || request.defaultBranch().isBlank()
                ? "main"
                : request.defaultBranch(),
            request.configuration(),
            clock.instant());
    store.createPipeline(pipeline);
    return pipeline;
  }

  /** Buildkite's slugs: lower case, runs of other characters become one dash. */
  static String slugOf(String name) {
    String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
    return slug.replaceAll("^-+|-+$", "");
  }

  public Optional<Organization> organization(String slug) {
    return store.organization(slug);
  }

  public Optional<PipelineDefinition> find(String organization, String slug) {
    return store.pipeline(organization, slug);
  }
}
