package dev.cairn.core.port;

import dev.cairn.core.org.Organization;
import dev.cairn.core.org.PipelineDefinition;
import java.util.Optional;

/** Organizations, their pipelines, and each pipeline's build number counter. Thread-safe. */
public interface OrganizationStore {
  Optional<Organization> organization(String slug);

  /**
   * Stores a new pipeline.
   *
   * @throws IllegalStateException when the organization already has a pipeline with that slug
   */
  void createPipeline(PipelineDefinition pipeline);

  Optional<PipelineDefinition> pipeline(String organization, String slug);

  /** Takes the next build number of the pipeline (1, 2, 3, ...), atomically. */
  long nextBuildNumber(String pipelineId);
}
