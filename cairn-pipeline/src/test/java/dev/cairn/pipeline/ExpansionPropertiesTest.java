package dev.cairn.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Properties of expansion over generated pipelines. */
class ExpansionPropertiesTest {
  private static final PipelineLimits LIMITS = PipelineLimits.DEFAULTS;

  private static Expansion expand(String yaml) throws PipelineException {
    return new PipelineExpander(LIMITS)
        .expand(
            PipelineParser.parse("p.yml", yaml),
            BuildContext.forBranch("main"),
            ExpansionTest.counter());
  }

  @Test
  void aMatrixMakesTheProductOfItsDimensionsOrRefusesOverTheLimit() {
    qt().forAll(lists().of(integers().between(1, 6)).ofSizeBetween(1, 4))
        .checkAssert(sizes -> {
          String setup =
              IntStream.range(0, sizes.size())
                  .mapToObj(d ->
                      "d"
                          + d
                          + ": ["
                          + IntStream.range(0, sizes.get(d))
                              .mapToObj(e -> "e" + e)
                              .collect(Collectors.joining(", "))
                          + "]")
                  .collect(Collectors.joining(", "));
          String yaml = "steps:\n  - command: x\n    matrix: {setup: {" + setup + "}}\n";
          int product = sizes.stream().reduce(1, (a, b) -> a * b);
          try {
            Expansion e = expand(yaml);
            assertThat(product).isLessThanOrEqualTo(LIMITS.jobsPerMatrixStep());
            assertThat(e.jobs()).hasSize(product);
            assertThat(e.jobs().stream().map(PlannedJob::matrix).distinct()).hasSize(product);
          } catch (PipelineException ex) {
            assertThat(product).isGreaterThan(LIMITS.jobsPerMatrixStep());
          }
        });
  }

  @Test
  void parallelismMakesNJobsAndNeverMoreThanTheUploadLimit() {
    qt().forAll(lists().of(integers().between(1, 300)).ofSizeBetween(1, 5))
        .checkAssert(ns -> {
          String yaml =
              ns.stream()
                  .map(n -> "  - {command: x, parallelism: " + n + "}\n")
                  .collect(Collectors.joining("", "steps:\n", ""));
          int total = ns.stream().mapToInt(Integer::intValue).sum();
          try {
            Expansion e = expand(yaml);
            assertThat(e.jobs()).hasSize(total).hasSizeLessThanOrEqualTo(LIMITS.jobsPerUpload());
            assertThat(e.jobs())
                .allSatisfy(j ->
                    assertThat(j.parallelJob().orElseThrow())
                        .isBetween(0, j.parallelJobCount().orElseThrow() - 1));
          } catch (PipelineException ex) {
            assertThat(total).isGreaterThan(LIMITS.jobsPerUpload());
          }
        });
  }

  /** Without explicit depends_on, no edge points forward and none crosses a wait. */
  @Test
  void implicitDependenciesNeverCrossAWait() {
    qt().forAll(lists().of(integers().between(0, 3)).ofSizeBetween(0, 40))
        .checkAssert(kinds -> {
          String yaml =
              kinds.stream()
                  .map(k ->
                      switch (k) {
                        case 0 -> "  - wait\n";
                        case 1 -> "  - {wait: ~, continue_on_failure: true}\n";
                        case 2 -> "  - block\n";
                        default -> "  - command: x\n";
                      })
                  .collect(Collectors.joining("", "steps:\n", ""));
          List<PlannedJob> jobs;
          try {
            jobs = expand(yaml).jobs();
          } catch (PipelineException e) {
            throw new AssertionError(e.getMessage(), e);
          }
          Map<String, Integer> index = new HashMap<>();
          for (int i = 0; i < jobs.size(); i++) {
            index.put(jobs.get(i).id(), i);
          }
          int lastBarrier = -1;
          for (int i = 0; i < jobs.size(); i++) {
            PlannedJob job = jobs.get(i);
            boolean barrier = job.type() == JobKind.WAIT || job.type() == JobKind.BLOCK;
            for (PlannedDependency d : job.dependsOn()) {
              int at = index.get(d.jobId());
              assertThat(at).isLessThan(i).isGreaterThanOrEqualTo(lastBarrier);
              if (!barrier) {
                assertThat(at).isEqualTo(lastBarrier);
              }
            }
            if (barrier) {
              lastBarrier = i;
            }
          }
        });
  }
}
