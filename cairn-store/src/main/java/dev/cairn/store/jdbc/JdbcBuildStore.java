package dev.cairn.store.jdbc;

import dev.cairn.core.build.BuildEvent;
import dev.cairn.core.build.BuildState;
import dev.cairn.core.build.BuildStatus;
import dev.cairn.core.job.Job;
import dev.cairn.core.job.JobState;
import dev.cairn.core.job.JobType;
import dev.cairn.core.job.StepDetails.ConcurrencyGate;
import dev.cairn.core.port.BuildStore;
import dev.cairn.core.port.ConcurrencyLimitReachedException;
import dev.cairn.core.port.VersionConflictException;
import dev.cairn.store.event.EventCodec;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Build histories and their projections. {@link #append} is the compare-and-set of the whole
 * system: it moves the build row from the version the caller read to the new one, and only if that
 * update hit a row are the events and job rows written, all in one transaction.
 */
public final class JdbcBuildStore implements BuildStore {
  private final Jdbi jdbi;
  private final EventCodec codec = new EventCodec();
  private final AgentQueries agentQueries = new AgentQueries(codec);
  private final RecentBuilds recent = new RecentBuilds();
  private final RecentJobBuilds buildOfJob = new RecentJobBuilds();
  private final boolean soleWriter;
  private final DirectStatements direct;

  /** Builds whose cached state lost a compare-and-set: their next load asks the database. */
  private final Set<String> suspect = ConcurrentHashMap.newKeySet();

  /**
   * @param soleWriter true when this store is the only writer of the database (the embedded one,
   *     which one server process owns): a cached build is then the newest committed state, except
   *     briefly between another request's commit and its cache update, which the losing
   *     compare-and-set notices (the build is then read from the database). Saves a query on every
   *     load, which every agent request makes at least once.
   * @param kept the embedded database's kept prepared statements, which the statements of job
   *     transitions reuse; null to prepare and close each one
   */
  public JdbcBuildStore(Jdbi jdbi, boolean soleWriter, CachedStatements kept) {
    this.jdbi = jdbi;
    this.soleWriter = soleWriter;
    this.direct = new DirectStatements(kept);
  }

  @Override
  public void create(List<BuildEvent> events, BuildState state) {
    jdbi.useTransaction(h -> {
      h.createUpdate(
              "INSERT INTO builds (id, organization, pipeline_slug, number, state, version,"
                  + " created_at, triggered_by_job) VALUES (:id, :org, :pipeline, :number, :state,"
                  + " :version, :at, :triggeredBy)")
          .bind("id", state.id())
          .bind("org", state.created().organization())
          .bind("pipeline", state.created().pipeline().slug())
          .bind("number", state.created().number())
          .bind("state", state.status().apiName())
          .bind("version", state.version())
          .bind("at", state.created().at().toString())
          .bind(
              "triggeredBy",
              state.created().triggeredFrom().map(BuildEvent.TriggeredFrom::jobId).orElse(null))
          .execute();
      h.createUpdate(
              "INSERT INTO build_snapshots (build_id, version, snapshot)"
                  + " VALUES (:id, :version, :snapshot)")
          .bind("id", state.id())
          .bind("version", state.version())
          .bind("snapshot", codec.write(state))
          .execute();
      insertEvents(h, state.id(), 0, events);
      upsertJobs(h, null, state, state.jobList());
    });
    recent.put(state);
    // Every agent request names a job; its build is known now, saving a query on the first one.
    for (Job job : state.jobList()) {
      buildOfJob.put(job.id(), state.id());
    }
  }

  @Override
  public void append(BuildState before, List<BuildEvent> events, BuildState after) {
    boolean snapshot = takesSnapshot(before, after);
    String encoded = snapshot ? codec.write(after) : null;
    boolean committed;
    try {
      committed =
          jdbi.withHandle(handle -> {
            // Nested in an outer transaction (the dispatcher's claim on PostgreSQL), this append is
            // not committed when it returns, so its state must not be cached as committed.
            boolean nested = handle.isInTransaction();
            handle.useTransaction(h -> write(h, before, events, after, encoded));
            return !nested;
          });
    } catch (VersionConflictException conflict) {
      suspect.add(after.id());
      throw conflict;
    }
    if (committed) {
      recent.put(after);
    }
  }

  private void write(
      Handle h, BuildState before, List<BuildEvent> events, BuildState after, String encoded) {
    // First, before anything is written: on PostgreSQL this transaction may be nested in the
    // dispatcher's claim, which would commit a partial write that a refusal left behind.
    checkConcurrencyGates(h, events, after);
    int updated =
        direct.run(
            h,
            "UPDATE builds SET version = ?, state = ? WHERE id = ? AND version = ?",
            update -> {
              update.setLong(1, after.version());
              update.setString(2, after.status().apiName());
              update.setString(3, after.id());
              update.setLong(4, before.version());
              return update.executeUpdate();
            });
    if (updated != 1) {
      throw new VersionConflictException(after.id(), before.version());
    }
    insertEvents(h, after.id(), before.version(), events);
    upsertJobs(h, before, after, changedJobs(events, after));
    if (encoded != null) {
      h.createUpdate(
              "UPDATE build_snapshots SET version = :version, snapshot = :snapshot"
                  + " WHERE build_id = :id")
          .bind("version", after.version())
          .bind("snapshot", encoded)
          .bind("id", after.id())
          .execute();
    }
  }

  /**
   * Whether this append rewrites the snapshot: when the version crosses a multiple of {@link
   * #SNAPSHOT_EVERY}, and when the build finishes. Encoding a big build's whole state on every
   * event was the main cost of each job transition; between snapshots, loading folds the few events
   * after the snapshot instead.
   */
  private static boolean takesSnapshot(BuildState before, BuildState after) {
    long every = snapshotEvery(after);
    return after.status().isTerminal() || after.version() / every != before.version() / every;
  }

  /**
   * Events between snapshots: {@value #SNAPSHOT_EVERY}, or about four per job the build has if that
   * is more, so that encoding snapshots costs the same per event however big the build is (a
   * snapshot's size grows with the jobs). A job's run is four or five events, so a build takes
   * about one snapshot while it runs, besides its first and its last. With a snapshot every job's
   * worth of events, encoding them was 3% of the server's work on trivial jobs. Loading a build
   * that is not cached (after a restart) folds at most that many events after its snapshot, a few
   * times the work of decoding the snapshot itself, once.
   */
  private static long snapshotEvery(BuildState state) {
    return Math.max(SNAPSHOT_EVERY, EVENTS_PER_JOB * Long.highestOneBit(state.jobs().size()));
  }

  private static final long EVENTS_PER_JOB = 4;

  private static final long SNAPSHOT_EVERY = 64;

  /** The jobs that {@code events} changed, in upload order. */
  private static Collection<Job> changedJobs(List<BuildEvent> events, BuildState after) {
    Set<String> ids = new HashSet<>();
    for (BuildEvent event : events) {
      ids.addAll(BuildState.jobsChangedBy(event));
    }
    return after.inUploadOrder(ids);
  }

  private static final List<String> ACTIVE =
      java.util.Arrays.stream(JobState.values())
          .filter(JobState::isHeldByAgent)
          .map(JobState::apiName)
          .toList();

  /**
   * Refuses an assignment that would overfill a concurrency group, or (for {@code ordered} groups)
   * overtake an older scheduled job of the group. Runs in the assigning transaction, before the job
   * row changes: SQLite's write transactions are serial, and on PostgreSQL a transaction-scoped
   * advisory lock on the group serializes the check across servers.
   */
  private static void checkConcurrencyGates(Handle h, List<BuildEvent> events, BuildState after) {
    for (BuildEvent event : events) {
      if (!(event instanceof BuildEvent.JobAssigned assigned)) {
        continue;
      }
      Job job = after.job(assigned.jobId()).orElseThrow();
      Optional<ConcurrencyGate> gate = job.spec().details().concurrency();
      if (gate.isEmpty()) {
        continue;
      }
      String group = gate.get().group();
      if (isPostgres(h)) {
        h.createQuery("SELECT pg_advisory_xact_lock(hashtext(:group))")
            .bind("group", group)
            .mapToMap()
            .list();
      }
      int running =
          h.createQuery(
                  "SELECT COUNT(*) FROM jobs WHERE concurrency_group = :group"
                      + " AND state IN (<active>) AND id <> :id")
              .bind("group", group)
              .bindList("active", ACTIVE)
              .bind("id", job.id())
              .mapTo(Integer.class)
              .one();
      if (running >= gate.get().limit()) {
        throw new ConcurrencyLimitReachedException(
            group, running + " of " + gate.get().limit() + " jobs are running");
      }
      if (gate.get().ordered() && hasOlderWaiting(h, group, job)) {
        throw new ConcurrencyLimitReachedException(group, "an older job of the group goes first");
      }
    }
  }

  private static boolean hasOlderWaiting(Handle h, String group, Job job) {
    String scheduled = job.scheduledAt().map(Timestamps::format).orElse("");
    return h.createQuery(
                "SELECT COUNT(*) FROM jobs WHERE concurrency_group = :group AND state = :scheduled"
                    + " AND id <> :id AND (scheduled_at < :at OR (scheduled_at = :at AND id < :id))")
            .bind("group", group)
            .bind("scheduled", JobState.SCHEDULED.apiName())
            .bind("id", job.id())
            .bind("at", scheduled)
            .mapTo(Integer.class)
            .one()
        > 0;
  }

  private static boolean isPostgres(Handle h) {
    try {
      return h.getConnection().getMetaData().getDatabaseProductName().contains("PostgreSQL");
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("cannot read the database product", e);
    }
  }

  private void insertEvents(Handle h, String buildId, long fromVersion, List<BuildEvent> events) {
    direct.run(
        h,
        "INSERT INTO build_events (build_id, seq, type, payload) VALUES (?, ?, ?, ?)",
        insert -> {
          long seq = fromVersion;
          for (BuildEvent event : events) {
            insert.setString(1, buildId);
            insert.setLong(2, ++seq);
            insert.setString(3, codec.typeOf(event));
            insert.setString(4, codec.write(event));
            insert.addBatch();
          }
          return insert.executeBatch();
        });
  }

  /**
   * Writes the rows of those {@code candidates} that differ between the two states: a job new in
   * {@code after} is inserted whole, and one that {@code before} has (so its row exists) has only
   * its changing columns updated, sparing the encoding of what never changes on every transition.
   */
  private void upsertJobs(
      Handle h, BuildState before, BuildState after, Collection<Job> candidates) {
    PreparedBatch inserts = null;
    List<Job> updates = new ArrayList<>();
    for (Job job : candidates) {
      Job old = before == null ? null : before.jobs().get(job.id());
      if (Objects.equals(old, job)) {
        continue;
      }
      if (old == null) {
        inserts = inserts != null ? inserts : h.prepareBatch(INSERT_JOB);
        bindInsert(inserts, after.id(), job).add();
      } else {
        updates.add(job);
      }
    }
    if (inserts != null) {
      inserts.execute();
    }
    if (!updates.isEmpty()) {
      direct.run(
          h,
          UPDATE_JOB,
          update -> {
            for (Job job : updates) {
              update.setString(1, job.state().apiName());
              update.setString(2, job.agentId().orElse(null));
              update.setString(3, job.scheduledAt().map(Timestamps::format).orElse(null));
              update.setString(4, job.timeoutAt().map(Timestamps::format).orElse(null));
              update.setString(5, job.id());
              update.addBatch();
            }
            return update.executeBatch();
          });
    }
  }

  /**
   * Inserts a job's row; still an upsert, so that a row found there after all is brought up to date
   * rather than failing the whole transition.
   */
  private static final String INSERT_JOB =
      "INSERT INTO jobs (id, build_id, state, agent_id, agent_query, priority, scheduled_at,"
          + " timeout_at, concurrency_group, concurrency_limit, created_at, type) VALUES (:id,"
          + " :build, :state, :agent, :query, :priority, :scheduled, :timeout, :group, :limit,"
          + " :created, :type)"
          + " ON CONFLICT (id) DO UPDATE SET state = excluded.state,"
          + " agent_id = excluded.agent_id, scheduled_at = excluded.scheduled_at,"
          + " timeout_at = excluded.timeout_at";

  /** Updates the columns of a job's row that change as it runs; the others are its spec's. */
  private static final String UPDATE_JOB =
      "UPDATE jobs SET state = ?, agent_id = ?, scheduled_at = ?, timeout_at = ? WHERE id = ?";

  private PreparedBatch bindInsert(PreparedBatch batch, String buildId, Job job) {
    return bindChanging(batch, job)
        .bind("build", buildId)
        .bind("query", codec.write(job.spec().agentQuery()))
        .bind("priority", job.spec().details().priority())
        .bind("group", job.spec().details().concurrency().map(ConcurrencyGate::group).orElse(null))
        .bind("limit", job.spec().details().concurrency().map(ConcurrencyGate::limit).orElse(null))
        .bind("created", job.createdAt().toString())
        .bind("type", job.spec().type().apiName());
  }

  private static PreparedBatch bindChanging(PreparedBatch batch, Job job) {
    return batch
        .bind("id", job.id())
        .bind("state", job.state().apiName())
        .bind("agent", job.agentId().orElse(null))
        .bind("scheduled", job.scheduledAt().map(Timestamps::format).orElse(null))
        .bind("timeout", job.timeoutAt().map(Timestamps::format).orElse(null));
  }

  @Override
  public Optional<BuildState> load(String buildId) {
    // Decoding a big build's snapshot costs far more than reading its version, so a build this
    // store wrote or read recently is reused: as it is when the database has no newer version (a
    // newer cached one was committed after the version was read), or with the few events the
    // database has after it folded in (another request's commit not yet in the cache, or another
    // server replica's). The sole writer of a database skips the version read unless a
    // compare-and-set on the build failed since.
    if (soleWriter && !suspect.contains(buildId)) {
      Optional<BuildState> cached = recent.get(buildId);
      if (cached.isPresent()) {
        return cached;
      }
    }
    suspect.remove(buildId);
    Optional<Long> version =
        jdbi.withHandle(h ->
            h.createQuery("SELECT version FROM builds WHERE id = :id")
                .bind("id", buildId)
                .mapTo(Long.class)
                .findOne());
    if (version.isEmpty()) {
      return Optional.empty();
    }
    Optional<BuildState> cached = recent.get(buildId);
    if (cached.isPresent() && cached.get().version() >= version.get()) {
      return cached;
    }
    Optional<BuildState> loaded =
        cached.isPresent() && version.get() - cached.get().version() <= CATCH_UP_LIMIT
            ? Optional.of(jdbi.withHandle(h -> foldAfter(h, cached.get())))
            : jdbi.withHandle(h -> fromSnapshot(h, buildId));
    loaded.ifPresent(recent::put);
    return loaded;
  }

  /** At most this many events are folded onto a cached build; further behind, the snapshot wins. */
  private static final long CATCH_UP_LIMIT = 256;

  /** The stored snapshot, with the events written after it folded in. */
  private Optional<BuildState> fromSnapshot(Handle h, String buildId) {
    Optional<String> snapshot =
        h.createQuery("SELECT snapshot FROM build_snapshots WHERE build_id = :id")
            .bind("id", buildId)
            .mapTo(String.class)
            .findOne();
    return snapshot.map(json -> foldAfter(h, codec.readState(json)));
  }

  /** {@code state} with the events the database holds after its version folded in. */
  private BuildState foldAfter(Handle h, BuildState state) {
    List<BuildEvent> tail =
        h.createQuery(
                "SELECT type, payload FROM build_events WHERE build_id = :id AND seq > :from"
                    + " ORDER BY seq")
            .bind("id", state.id())
            .bind("from", state.version())
            .map((rs, ctx) -> codec.readEvent(rs.getString("type"), rs.getString("payload")))
            .list();
    BuildState folded = state;
    for (BuildEvent event : tail) {
      folded = folded.apply(event);
    }
    return folded;
  }

  @Override
  public List<BuildEvent> history(String buildId) {
    return jdbi.withHandle(h ->
        h.createQuery("SELECT type, payload FROM build_events WHERE build_id = :id ORDER BY seq")
            .bind("id", buildId)
            .map((rs, ctx) -> codec.readEvent(rs.getString("type"), rs.getString("payload")))
            .list());
  }

  @Override
  public Optional<String> findBuildId(String organization, String pipelineSlug, long number) {
    return jdbi.withHandle(h ->
        h.createQuery(
                "SELECT id FROM builds WHERE organization = :org AND pipeline_slug = :p AND number = :n")
            .bind("org", organization)
            .bind("p", pipelineSlug)
            .bind("n", number)
            .mapTo(String.class)
            .findOne());
  }

  @Override
  public Optional<String> buildIdOfJob(String jobId) {
    // A job never changes build, so a found answer is kept; every agent request asks it.
    Optional<String> known = buildOfJob.get(jobId);
    if (known.isPresent()) {
      return known;
    }
    Optional<String> found =
        jdbi.withHandle(h ->
            h.createQuery("SELECT build_id FROM jobs WHERE id = :id")
                .bind("id", jobId)
                .mapTo(String.class)
                .findOne());
    found.ifPresent(buildId -> buildOfJob.put(jobId, buildId));
    return found;
  }

  @Override
  public List<RunnableJob> scheduledJobs(int limit) {
    return jdbi.withHandle(h ->
        // The states and the type are literals, not parameters, so that the planners may use the
        // partial index jobs_dispatch (scheduled jobs only, in this order) and read no further.
        direct.run(
            h,
            "SELECT id, build_id, agent_query FROM jobs WHERE state = '"
                + JobState.SCHEDULED.apiName()
                + "' AND type <> '"
                + JobType.TRIGGER.apiName()
                + "' ORDER BY priority DESC, scheduled_at, id LIMIT ?",
            query -> {
              query.setInt(1, limit);
              List<RunnableJob> jobs = new ArrayList<>();
              try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                  jobs.add(
                      new RunnableJob(
                          rows.getString(1),
                          rows.getString(2),
                          agentQueries.decode(rows.getString(3))));
                }
              }
              return jobs;
            }));
  }

  @Override
  public List<JobRef> jobsPastTimeout(Instant now, int limit) {
    return refs(
        "SELECT id, build_id FROM jobs WHERE state IN (<held>) AND timeout_at <= :at"
            + " ORDER BY timeout_at LIMIT :limit",
        HELD_WITHOUT_TIMING_OUT,
        now,
        limit);
  }

  @Override
  public List<JobRef> jobsScheduledBefore(Instant cutoff, int limit) {
    // Trigger jobs wait for the server, not for an agent, so they never expire. The state is a
    // literal so that the partial index jobs_dispatch serves the query.
    return jdbi.withHandle(h ->
        h.createQuery(
                "SELECT id, build_id FROM jobs WHERE state = '"
                    + JobState.SCHEDULED.apiName()
                    + "' AND scheduled_at <= :at AND type <> 'trigger'"
                    + " ORDER BY scheduled_at LIMIT :limit")
            .bind("at", Timestamps.format(cutoff))
            .bind("limit", limit)
            .map((rs, ctx) -> new JobRef(rs.getString("id"), rs.getString("build_id")))
            .list());
  }

  @Override
  public List<JobRef> jobsHeldBy(String agentId) {
    List<String> held =
        java.util.Arrays.stream(JobState.values())
            .filter(JobState::isHeldByAgent)
            .map(JobState::apiName)
            .toList();
    return jdbi.withHandle(h ->
        h.createQuery("SELECT id, build_id FROM jobs WHERE agent_id = :agent AND state IN (<held>)")
            .bind("agent", agentId)
            .bindList("held", held)
            .map((rs, ctx) -> new JobRef(rs.getString("id"), rs.getString("build_id")))
            .list());
  }

  /** States in which a timeout can still fire (a job already timing out has had its turn). */
  private static final List<String> HELD_WITHOUT_TIMING_OUT =
      List.of(JobState.ASSIGNED.apiName(), JobState.ACCEPTED.apiName(), JobState.RUNNING.apiName());

  private List<JobRef> refs(String sql, List<String> states, Instant at, int limit) {
    return jdbi.withHandle(h ->
        h.createQuery(sql)
            .bindList("held", states)
            .bind("at", Timestamps.format(at))
            .bind("limit", limit)
            .map((rs, ctx) -> new JobRef(rs.getString("id"), rs.getString("build_id")))
            .list());
  }

  @Override
  public List<JobRef> scheduledTriggerJobs(int limit) {
    return jdbi.withHandle(h ->
        h.createQuery(
                // The type is a literal so that the partial index jobs_trigger serves the query.
                "SELECT id, build_id FROM jobs WHERE type = '"
                    + JobType.TRIGGER.apiName()
                    + "' AND state = :state ORDER BY scheduled_at, id LIMIT :limit")
            .bind("state", JobState.SCHEDULED.apiName())
            .bind("limit", limit)
            .map((rs, ctx) -> new JobRef(rs.getString("id"), rs.getString("build_id")))
            .list());
  }

  @Override
  public List<TriggerLink> finishedTriggeredBuilds(int limit) {
    return triggerLinks(
        "j.state IN ('running', 'canceling') AND c.state IN ('passed', 'failed', 'canceled')",
        limit);
  }

  @Override
  public List<TriggerLink> triggeredBuildsToCancel(int limit) {
    return triggerLinks(
        "j.state IN ('canceling', 'canceled') AND c.state IN ('scheduled', 'running')", limit);
  }

  /** Trigger jobs joined to the builds they made, where {@code condition} holds. */
  private List<TriggerLink> triggerLinks(String condition, int limit) {
    return jdbi.withHandle(h ->
        h.createQuery(
                "SELECT j.id, j.build_id, c.id AS triggered, c.state AS triggered_state"
                    + " FROM jobs j JOIN builds c ON c.triggered_by_job = j.id"
                    + " WHERE j.type = 'trigger' AND "
                    + condition
                    + " ORDER BY j.id LIMIT :limit")
            .bind("limit", limit)
            .map((rs, ctx) ->
                new TriggerLink(
                    rs.getString("id"),
                    rs.getString("build_id"),
                    rs.getString("triggered"),
                    buildStatus(rs.getString("triggered_state"))))
            .list());
  }

  private static BuildStatus buildStatus(String apiName) {
    for (BuildStatus status : BuildStatus.values()) {
      if (status.apiName().equals(apiName)) {
        return status;
      }
    }
    throw new IllegalStateException("unknown build state in the builds table: " + apiName);
  }

  @Override
  public Optional<String> jobAssignedTo(String agentId) {
    return jdbi.withHandle(h ->
        direct.run(
            h,
            "SELECT id FROM jobs WHERE agent_id = ? AND state = ? LIMIT 1",
            query -> {
              query.setString(1, agentId);
              query.setString(2, JobState.ASSIGNED.apiName());
              try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(rows.getString(1)) : Optional.<String>empty();
              }
            }));
  }
}
