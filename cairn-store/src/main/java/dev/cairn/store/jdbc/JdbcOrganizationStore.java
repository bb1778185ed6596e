package dev.cairn.store.jdbc;

import dev.cairn.core.org.Organization;
import dev.cairn.core.org.PipelineDefinition;
import dev.cairn.core.port.OrganizationStore;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Organizations and pipelines in tables {@code organizations} and {@code pipelines}. */
public final class JdbcOrganizationStore implements OrganizationStore {
  private final Jdbi jdbi;

  public JdbcOrganizationStore(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  @Override
  public Optional<Organization> organization(String slug) {
    return jdbi.withHandle(h ->
        h.createQuery("SELECT id, slug, name, created_at FROM organizations WHERE slug = :slug")
            .bind("slug", slug)
            .map((rs, ctx) ->
                new Organization(
                    rs.getString("id"),
                    rs.getString("slug"),
                    rs.getString("name"),
                    Instant.parse(rs.getString("created_at"))))
            .findOne());
  }

  @Override
  public void createPipeline(PipelineDefinition p) {
    if (pipeline(p.organization(), p.slug()).isPresent()) {
      throw new IllegalStateException("pipeline " + p.organization() + "/" + p.slug() + " exists");
    }
    try {
      jdbi.useHandle(h ->
          h.createUpdate(
                  "INSERT INTO pipelines (id, organization, slug, name, repository, default_branch,"
                      + " configuration, created_at) VALUES (:id, :org, :slug, :name, :repo, :branch,"
                      + " :config, :at)")
              .bind("id", p.id())
              .bind("org", p.organization())
              .bind("slug", p.slug())
              .bind("name", p.name())
              .bind("repo", p.repository())
              .bind("branch", p.defaultBranch())
              .bind("config", p.configuration())
              .bind("at", p.createdAt().toString())
              .execute());
    } catch (UnableToExecuteStatementException e) {
      throw new IllegalStateException(
          "pipeline " + p.organization() + "/" + p.slug() + " exists", e);
    }
  }

  @Override
  public Optional<PipelineDefinition> pipeline(String organization, String slug) {
    return jdbi.withHandle(h ->
        h.createQuery("SELECT * FROM pipelines WHERE organization = :org AND slug = :slug")
            .bind("org", organization)
            .bind("slug", slug)
            .map((rs, ctx) ->
                new PipelineDefinition(
                    rs.getString("id"),
                    rs.getString("organization"),
                    rs.getString("slug"),
                    rs.getString("name"),
                    rs.getString("repository"),
                    rs.getString("default_branch"),
                    rs.getString("configuration"),
                    Instant.parse(rs.getString("created_at"))))
            .findOne());
  }

  @Override
  public long nextBuildNumber(String pipelineId) {
    return jdbi.inTransaction(h ->
        h.createQuery(
                "UPDATE pipelines SET build_counter = build_counter + 1 WHERE id = :id"
                    + " RETURNING build_counter")
            .bind("id", pipelineId)
            .mapTo(Long.class)
            .one());
  }
}
