package dev.cairn.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.build.BuildState;
import dev.cairn.testkit.HistoryReplay;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The recorded history corpus ({@code src/test/resources/histories/}, written by {@link
 * RecordHistoriesTest} from real builds) must keep meaning what it meant: each file's events are
 * decoded with the store's codec, folded, and the fold must give the projections recorded with it
 * (build state, each job's state, exit status, attempt, retry); and every decision in the history,
 * sent to the decider again, must give the same events (see {@link HistoryReplay}). A change to the
 * fold, the decider, the retry rules or the event format that changes what a stored build means
 * fails here.
 */
class HistoryCorpusTest {
  /** The scenarios the corpus must hold, so that deleting a file cannot make the test pass. */
  private static final List<String> SCENARIOS =
      List.of(
          "wait-after-failure",
          "wait-continue-on-failure",
          "depends-on-allow-failure",
          "soft-fail",
          "block-unblock-fields",
          "retry-automatic",
          "retry-manual",
          "timeout-and-expiry",
          "lost-agent",
          "agent-departure",
          "dynamic-upload",
          "cancel",
          "concurrency-group",
          "matrix-parallelism",
          "skip-and-cancel-on-failing");

  @Test
  void theCorpusHoldsEveryScenario() throws Exception {
    assertThat(files().map(f -> f.getFileName().toString().replace(".jsonl", "")))
        .containsExactlyInAnyOrderElementsOf(SCENARIOS);
  }

  @TestFactory
  Stream<DynamicTest> everyRecordedHistoryReplaysToItsRecordedProjections() throws Exception {
    return files()
        .map(file ->
            DynamicTest.dynamicTest(
                file.getFileName().toString(),
                () -> {
                  HistoryFile recorded = HistoryFile.read(file);
                  BuildState folded = HistoryReplay.fold(recorded.events());
                  assertThat(HistoryFile.projection(folded))
                      .as("%s: %s", recorded.scenario(), recorded.about())
                      .isEqualTo(recorded.expected());
                  HistoryReplay.Report report = HistoryReplay.redecide(recorded.events());
                  assertThat(report.skipped()).as("decisions not re-decided").isZero();
                  assertThat(report.decisions()).isPositive();
                }));
  }

  private static Stream<Path> files() throws IOException, URISyntaxException {
    Path dir = Path.of(HistoryCorpusTest.class.getResource("/histories").toURI());
    try (Stream<Path> listed = Files.list(dir)) {
      return listed.filter(f -> f.toString().endsWith(".jsonl")).sorted().toList().stream();
    }
  }
}
