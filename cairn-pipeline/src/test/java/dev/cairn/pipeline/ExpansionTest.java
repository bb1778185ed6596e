package dev.cairn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** Expansion into jobs: barriers, depends_on, groups, matrix, parallelism, conditions, limits. */
class ExpansionTest {
  static final BuildContext MAIN = BuildContext.forBranch("main");

  static Supplier<String> counter() {
    int[] next = {0};
    return () -> "j" + ++next[0];
  }

  static Expansion expand(String yaml) {
    return expand(yaml, MAIN, PipelineLimits.DEFAULTS);
  }

  static Expansion expand(String yaml, BuildContext context, PipelineLimits limits) {
    try {
      return new PipelineExpander(limits).expand(Parsing.parse(yaml), context, counter());
    } catch (PipelineException e) {
      throw new AssertionError("expected an expansion, got:\n" + e.getMessage(), e);
    }
  }

  static List<PipelineProblem> problems(String yaml, BuildContext context, PipelineLimits limits) {
    PipelineException e =
        catchThrowableOfType(
            PipelineException.class,
            () -> new PipelineExpander(limits).expand(Parsing.parse(yaml), context, counter()));
    assertThat(e).as("expected the expansion to fail").isNotNull();
    return e.problems();
  }

  static List<PipelineProblem> problems(String yaml) {
    return problems(yaml, MAIN, PipelineLimits.DEFAULTS);
  }

  /** Each job's label and the labels of the jobs it depends on. */
  static Map<String, List<String>> graph(Expansion expansion) {
    Map<String, String> labels = new java.util.HashMap<>();
    expansion.jobs().forEach(j -> labels.put(j.id(), j.label()));
    Map<String, List<String>> graph = new java.util.LinkedHashMap<>();
    expansion
        .jobs()
        .forEach(j ->
            graph.put(j.label(), j.dependsOn().stream().map(d -> labels.get(d.jobId())).toList()));
    return graph;
  }

  @Test
  void waitsAreBarriers() {
    Expansion e =
        expand(
            "steps:\n  - {command: a}\n  - {command: b}\n  - {wait: ~, label: w}\n  - {command: c}\n  - {command: d, depends_on: []}\n");

    assertThat(graph(e))
        .containsExactly(
            Map.entry("a", List.of()),
            Map.entry("b", List.of()),
            Map.entry("w", List.of("a", "b")),
            Map.entry("c", List.of("w")),
            Map.entry("d", List.of()));
  }

  @Test
  void aWaitAfterAWaitWaitsForItAndContinueOnFailureAllowsFailures() {
    Expansion e =
        expand(
            "steps:\n  - {command: a}\n  - {wait: ~, label: w1}\n  - {command: b}\n  - {wait: ~, label: w2, continue_on_failure: true}\n");

    assertThat(graph(e)).containsEntry("w2", List.of("w1", "b"));
    assertThat(e.jobs().get(3).dependsOn())
        .extracting(PlannedDependency::allowFailure)
        .containsExactly(false, true);
  }

  @Test
  void aBlockIsABarrierAndAnInputIsNot() {
    Expansion e =
        expand(
            "steps:\n  - {command: a}\n  - {input: i}\n  - {command: b}\n  - {block: k}\n  - {command: c}\n");

    assertThat(graph(e))
        .containsExactly(
            Map.entry("a", List.of()),
            Map.entry("i", List.of()),
            Map.entry("b", List.of()),
            Map.entry("k", List.of("a", "b")),
            Map.entry("c", List.of("k")));
    assertThat(e.jobs())
        .extracting(PlannedJob::type)
        .containsExactly(
            JobKind.COMMAND, JobKind.INPUT, JobKind.COMMAND, JobKind.BLOCK, JobKind.COMMAND);
  }

  @Test
  void explicitDependsOnIgnoresBarriersAndNamesLaterSteps() {
    Expansion e =
        expand(
            "steps:\n  - {command: a, depends_on: [{step: z, allow_failure: true}]}\n  - wait\n  - {command: z, key: z, depends_on: []}\n");

    assertThat(graph(e)).containsEntry("a", List.of("z"));
    assertThat(e.jobs().get(0).dependsOn().get(0).allowFailure()).isTrue();
  }

  @Test
  void allowDependencyFailureAllowsEveryDependency() {
    Expansion e =
        expand(
            "steps:\n  - {command: a}\n  - wait\n  - {command: b, allow_dependency_failure: true}\n");

    assertThat(e.jobs().get(2).dependsOn()).allMatch(PlannedDependency::allowFailure);
    assertThat(e.jobs().get(2).allowDependencyFailure()).isTrue();
  }

  @Test
  void groupsAreUnitsAndTheirWaitsStayInside() {
    Expansion e =
        expand(
            """
            steps:
              - {command: a}
              - wait
              - group: g
                key: g
                steps:
                  - {command: g1}
                  - {wait: ~, label: gw}
                  - {command: g2}
              - group: h
                steps: [{command: h1}]
              - {command: after, depends_on: g}
              - {wait: ~, label: end}
            """);

    assertThat(graph(e))
        .containsEntry("g1", List.of("wait"))
        .containsEntry("gw", List.of("wait", "g1"))
        .containsEntry("g2", List.of("wait", "gw"))
        .containsEntry("h1", List.of("wait"))
        .containsEntry("after", List.of("g1", "gw", "g2"))
        .containsEntry("end", List.of("wait", "g1", "gw", "g2", "h1", "after"));
  }

  @Test
  void aGroupsDependsOnAppliesToEveryChild() {
    Expansion e =
        expand(
            "steps:\n  - {command: a, key: a}\n  - group: g\n    depends_on: a\n    steps:\n      - {command: c1}\n      - {command: c2, depends_on: []}\n");

    assertThat(graph(e)).containsEntry("c1", List.of("a")).containsEntry("c2", List.of("a"));
  }

  @Test
  void anExcludedStepIsReportedAndSatisfiesItsDependents() {
    Expansion e =
        expand(
            "steps:\n  - {command: a, key: a, if: build.branch == 'release'}\n  - {command: b, depends_on: a}\n  - {command: c, branches: '!main'}\n");

    assertThat(graph(e)).containsExactly(Map.entry("b", List.of()));
    assertThat(e.excluded())
        .extracting(Step::key)
        .containsExactly(Optional.of("a"), Optional.empty());
  }

  @Test
  void aGroupConditionExcludesItsChildren() {
    Expansion e =
        expand(
            "steps:\n  - group: g\n    if: build.tag != null\n    steps: [{command: a}]\n  - {command: b}\n");

    assertThat(graph(e)).containsOnlyKeys("b");
    assertThat(e.excluded()).hasSize(2);
  }

  @Test
  void aSkippedGroupSkipsEveryJobInItAndAChildKeepsItsOwnReason() {
    // The group's skip is its own attribute (schema groupStep.skip); the hosted service skips the
    // group's jobs, and the official agent's if_changed writes skip on the group alone.
    Expansion e =
        expand(
            """
            steps:
              - group: g
                skip: "not this time"
                steps:
                  - {command: a}
                  - {wait: ~, label: w}
                  - {block: b}
                  - {trigger: t, label: t}
                  - {command: c, skip: own reason}
              - {command: after}
            """);

    Map<String, Skip> skips = new java.util.LinkedHashMap<>();
    e.jobs().forEach(j -> skips.put(j.label(), j.skip()));
    assertThat(skips)
        .containsExactly(
            Map.entry("a", new Skip(true, "not this time")),
            Map.entry("w", new Skip(true, "not this time")),
            Map.entry("b", new Skip(true, "not this time")),
            Map.entry("t", new Skip(true, "not this time")),
            Map.entry("c", new Skip(true, "own reason")),
            Map.entry("after", Skip.NONE));
  }

  @Test
  void aGroupWithSkipFalseOrEmptySkipsNothing() {
    for (String skip : List.of("false", "''")) {
      Expansion e =
          expand("steps:\n  - group: g\n    skip: " + skip + "\n    steps: [{command: a}]\n");
      assertThat(e.jobs()).extracting(PlannedJob::skip).containsExactly(Skip.NONE);
    }
  }

  @Test
  void aTriggerStepHasNoRetryAsInBuildkitesSchemaAndARetryAttributeIsKeptButNotActedOn() {
    // pipeline-schema 829d2f7 gives triggerStep no retry (additionalProperties: false) and the
    // trigger step docs list none; the schema is a floor, so the attribute is accepted, not used.
    Expansion e =
        expand("steps:\n  - {trigger: deploy, retry: {automatic: true, manual: false}}\n");

    assertThat(e.jobs())
        .singleElement()
        .satisfies(j -> {
          assertThat(j.retry()).isEqualTo(Retry.NONE);
          assertThat(j.stepAttributes()).containsKey("retry");
        });
  }

  @Test
  void evaluatesConditionsAgainstTheBuild() {
    String yaml =
        "steps:\n  - {command: a, if: 'build.pull_request.id != null && build.number > 0 || build.source == \"schedule\"'}\n";
    assertThat(Parsing.problems(yaml)).isNotEmpty();
    String ok =
        "steps:\n  - {command: a, if: 'build.pull_request.id != null || build.source == \"schedule\"'}\n";

    assertThat(expand(ok).jobs()).isEmpty();
    assertThat(expand(ok, MAIN.withPullRequest(Optional.of("7")), PipelineLimits.DEFAULTS).jobs())
        .hasSize(1);
    assertThat(expand(ok, MAIN.withSource("schedule"), PipelineLimits.DEFAULTS).jobs()).hasSize(1);
  }

  /** Labels of the jobs {@code if} lets through, one step per expression. */
  static List<String> passing(BuildContext context, String... expressions) {
    StringBuilder yaml = new StringBuilder("steps:\n");
    for (int i = 0; i < expressions.length; i++) {
      yaml.append("  - {command: s")
          .append(i)
          .append(", if: '")
          .append(expressions[i])
          .append("'}\n");
    }
    return expand(yaml.toString(), context, PipelineLimits.DEFAULTS).jobs().stream()
        .map(PlannedJob::label)
        .toList();
  }

  @Test
  void envInAnIfSeesTheBuildVariablesBuildkiteExposes() {
    BuildContext build =
        BuildContext.forBranch("feature/x")
            .withTag(Optional.of("v1.0"))
            .withEnv(Map.of("DEPLOY", "yes"))
            .withVariables(
                Map.of(
                    "build.commit", "abc123",
                    "build.message", "Fix it",
                    "pipeline.slug", "web",
                    "pipeline.id", "p-1",
                    "pipeline.repository", "git@example.com:web.git",
                    "organization.slug", "acme"));

    assertThat(
            passing(
                build,
                "env(\"BUILDKITE_BRANCH\") == \"feature/x\"",
                "build.env(\"BUILDKITE_BRANCH\") =~ /^feature\\//",
                "env(\"BUILDKITE_TAG\") == \"v1.0\"",
                "env(\"BUILDKITE_COMMIT\") == \"abc123\"",
                "env(\"BUILDKITE_MESSAGE\") == \"Fix it\"",
                "env(\"BUILDKITE_PIPELINE_SLUG\") == \"web\"",
                "env(\"BUILDKITE_PIPELINE_ID\") == \"p-1\"",
                "env(\"BUILDKITE_REPO\") == \"git@example.com:web.git\"",
                "env(\"BUILDKITE_ORGANIZATION_SLUG\") == \"acme\"",
                "env(\"BUILDKITE_PULL_REQUEST\") == \"false\"",
                "build.env(\"BUILDKITE_PULL_REQUEST_BASE_BRANCH\") == \"\"",
                "env(\"DEPLOY\") == \"yes\""))
        .containsExactly("s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11");
  }

  @Test
  void theBuildsOwnValuesWinOverItsEnvAndUnreadableNamesAreDropped() {
    BuildContext build =
        BuildContext.forBranch("main")
            .withPullRequest(Optional.of("42"))
            .withEnv(Map.of("BUILDKITE_BRANCH", "spoofed", "BUILDKITE_AGENT_NAME", "x"));

    assertThat(
            passing(
                build,
                "env(\"BUILDKITE_BRANCH\") == \"main\"",
                "env(\"BUILDKITE_PULL_REQUEST\") == \"42\"",
                "build.env(\"BUILDKITE_TAG\") == \"\"",
                "\"$BUILDKITE_BRANCH\" == \"main\""))
        .containsExactly("s0", "s1", "s2", "s3");
  }

  @Test
  void duplicateKeysAreABuildLevelError() {
    assertThat(problems("steps:\n  - {command: a, key: same}\n  - {wait: ~, identifier: same}\n"))
        .extracting(PipelineProblem::message)
        .containsExactly("key \"same\" is already used at line 2 (steps[0])");
    assertThat(
            problems(
                "steps:\n  - {command: a, key: old}\n",
                MAIN.withExisting(1, Map.of("old", List.of("x"))),
                PipelineLimits.DEFAULTS))
        .extracting(PipelineProblem::message)
        .containsExactly("key \"old\" is already used by a step of this build");
  }

  @Test
  void dependsOnAnExistingStepOfTheBuild() {
    Expansion e =
        expand(
            "steps:\n  - {command: a, depends_on: old}\n",
            MAIN.withExisting(1, Map.of("old", List.of("x"))),
            PipelineLimits.DEFAULTS);

    assertThat(e.jobs().get(0).dependsOn()).containsExactly(new PlannedDependency("x", false));
  }

  @Test
  void unknownKeysAndCyclesAreRefusedTogether() {
    List<PipelineProblem> problems =
        problems(
            "steps:\n  - {command: a, depends_on: nope}\n  - {command: b, key: b, depends_on: c}\n  - {command: c, key: c, depends_on: b}\n");

    assertThat(problems)
        .extracting(PipelineProblem::message)
        .containsExactly(
            "depends_on names \"nope\", but no step in the build has that key",
            "depends_on forms a cycle, so these steps could never run");
    assertThat(
            problems(
                "steps:\n  - {command: b, key: b, depends_on: c}\n  - {command: c, key: c, depends_on: b}\n"))
        .extracting(PipelineProblem::message)
        .containsExactly("depends_on forms a cycle, so these steps could never run");
  }

  @Test
  void expandsAMatrixWithAdjustments() {
    Expansion e =
        expand(
            """
            env: {P: p}
            steps:
              - label: "{{matrix.os}}-{{ matrix.arch }}"
                command: "build {{matrix.os}}"
                env: {OS: "{{matrix.os}}"}
                agents: {queue: "{{matrix.os}}"}
                plugins: [{"docker#v1": {image: "img:{{matrix.arch}}"}}]
                matrix:
                  setup: {os: [linux, mac], arch: [x86, arm]}
                  adjustments:
                    - with: {os: mac, arch: x86}
                      skip: true
                    - with: {os: linux, arch: arm}
                      soft_fail: true
                    - with: {os: bsd, arch: x86}
            """);

    assertThat(e.jobs())
        .extracting(PlannedJob::label)
        .containsExactly("linux-x86", "linux-arm", "mac-arm", "bsd-x86");
    PlannedJob arm = e.jobs().get(1);
    assertThat(arm.command()).isEqualTo("build linux");
    assertThat(arm.env()).containsExactly(Map.entry("P", "p"), Map.entry("OS", "linux"));
    assertThat(arm.agents()).containsEntry("queue", "linux");
    assertThat(arm.plugins().get(0).config()).contains(Map.of("image", "img:arm"));
    assertThat(arm.softFail()).isEqualTo(SoftFail.ANY);
    assertThat(arm.matrix()).containsExactly(Map.entry("os", "linux"), Map.entry("arch", "arm"));
    assertThat(e.jobs().get(0).softFail()).isEqualTo(SoftFail.NONE);
    assertThat(e.jobs()).extracting(PlannedJob::stepId).containsOnly(arm.stepId());
  }

  @Test
  void anUnknownMatrixTokenIsAnError() {
    assertThat(problems("steps:\n  - {command: 'x {{matrix.nope}}', matrix: [a]}\n"))
        .extracting(PipelineProblem::message)
        .containsExactly("unknown matrix token {{matrix.nope}}; the matrix has [{{matrix}}]");
  }

  @Test
  void parallelismMakesIndexedJobs() {
    Expansion e =
        expand(
            "steps:\n  - {command: t, parallelism: 3, key: t}\n  - {command: after, depends_on: t}\n");

    assertThat(e.jobs()).hasSize(4);
    assertThat(e.jobs().subList(0, 3))
        .extracting(PlannedJob::parallelJob)
        .containsExactly(Optional.of(0), Optional.of(1), Optional.of(2));
    assertThat(e.jobs().get(0).parallelJobCount()).contains(3);
    assertThat(e.jobs().get(3).dependsOn()).hasSize(3);
  }

  @Test
  void limitsRefuseTheWholeUpload() {
    PipelineLimits small = new PipelineLimits(5, 8, 3);

    assertThat(problems("steps:\n  - {command: t, parallelism: 1000000000}\n", MAIN, small))
        .extracting(PipelineProblem::message)
        .containsExactly("the upload would create more than 5 jobs, the limit per upload");
    assertThat(
            problems(
                "steps:\n  - {command: t, parallelism: 4}\n",
                MAIN.withExisting(5, Map.of()),
                small))
        .extracting(PipelineProblem::message)
        .containsExactly("the build would hold 9 jobs, over the limit of 8 per build");
    assertThat(problems("steps:\n  - {command: t, matrix: [a, b, c, d]}\n", MAIN, small))
        .extracting(PipelineProblem::message)
        .containsExactly("the matrix makes 4 jobs, over the limit of 3 per step");
  }

  @Test
  void jobsCarryTheStepAttributes() {
    PlannedJob job =
        expand(
                """
                agents: {queue: default}
                priority: 3
                steps:
                  - command: x
                    key: k
                    retry: {automatic: true}
                    timeout_in_minutes: 5
                    concurrency: 1
                    concurrency_group: deploy
                    artifact_paths: "a/*;b/*"
                    soft_fail: [{exit_status: 3}]
                    cache: [dist]
                """)
            .jobs()
            .get(0);

    assertThat(job.stepKey()).contains("k");
    assertThat(job.agents()).containsEntry("queue", "default");
    assertThat(job.priority()).contains(3);
    assertThat(job.retry().automatic()).containsExactly(RetryRule.DEFAULT);
    assertThat(job.timeoutInMinutes()).contains(5);
    assertThat(job.concurrency())
        .contains(new Concurrency(1, "deploy", Concurrency.Method.ORDERED));
    assertThat(job.artifactPaths()).containsExactly("a/*", "b/*");
    assertThat(job.softFail().matches(3)).isTrue();
    assertThat(job.stepAttributes())
        .containsEntry("cache", List.of("dist"))
        .containsEntry("key", "k");
    assertThat(((CommandStep) job.step()).unknown()).containsOnlyKeys("cache");
  }

  @Test
  void everyConformanceFixtureExpandsOnceItsKeysAreUnique() throws Exception {
    // group.yml alone has no duplicate keys and depends on a key it defines.
    java.nio.file.Path group =
        java.nio.file.Path.of(
            "../../shared/conformance/pipeline-schema/test/valid-pipelines/group.yml");
    Pipeline pipeline = PipelineParser.parse("group.yml", java.nio.file.Files.readString(group));
    List<PipelineProblem> problems =
        catchThrowableOfType(
                PipelineException.class,
                () ->
                    new PipelineExpander(PipelineLimits.DEFAULTS).expand(pipeline, MAIN, counter()))
            .problems();

    assertThat(problems)
        .extracting(PipelineProblem::message)
        .containsExactly("key \"an-id\" is already used at line 17 (steps[2])");
  }

  @Test
  void aCycleIsReportedAtAStepOnItNotAtOneWaitingForIt() {
    List<PipelineProblem> problems =
        problems(
            """
            steps:
              - {key: before, command: x, depends_on: b}
              - {key: a, command: x, depends_on: c}
              - {key: b, command: x, depends_on: a}
              - {key: c, command: x, depends_on: b, parallelism: 2}
              - {key: free, command: x, depends_on: []}
            """);

    assertThat(problems)
        .extracting(PipelineProblem::message)
        .containsExactly("depends_on forms a cycle, so these steps could never run");
    assertThat(problems.get(0).location().path()).isIn("steps[1]", "steps[2]", "steps[3]");
  }
}
