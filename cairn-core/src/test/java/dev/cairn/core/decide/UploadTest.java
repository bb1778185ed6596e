package dev.cairn.core.decide;

import static dev.cairn.core.decide.Steps.command;
import static dev.cairn.core.decide.Steps.independent;
import static dev.cairn.core.decide.Steps.on;
import static dev.cairn.core.decide.Steps.pipeline;
import static dev.cairn.core.decide.Steps.waitStep;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.core.build.BuildState;
import dev.cairn.core.build.BuildStatus;
import dev.cairn.core.job.JobState;
import dev.cairn.core.plan.PlanException;
import dev.cairn.core.plan.StepPlanner;
import dev.cairn.pipeline.Pipeline;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@code pipeline upload}: steps go in right after the uploading job, as the spec says. */
class UploadTest {
  private final AtomicInteger ids = new AtomicInteger();
  private final StepPlanner planner = new StepPlanner(() -> "up-" + ids.incrementAndGet());

  private Decision upload(BuildDriver build, String uploader, Pipeline steps, String uploadId)
      throws PlanException {
    Map<String, String> keys = new HashMap<>();
    build.state().jobList().forEach(j -> j.spec().stepKey().ifPresent(k -> keys.put(k, j.id())));
    return build.send(
        new Command.AddJobs(
            planner.plan(steps, keys), Optional.of(build.id(uploader)), Optional.of(uploadId)));
  }

  @Test
  void uploadedStepsRunBeforeTheWaitBelowTheUploader() throws PlanException {
    BuildDriver build =
        BuildDriver.start(pipeline(command("upload"), waitStep("w"), command("after")));
    build.assign("upload");
    build.accept("upload");
    build.startJob("upload");

    assertThat(upload(build, "upload", pipeline(command("dyn-1"), command("dyn-2")), "u1"))
        .isInstanceOf(Decision.Accepted.class);
    assertThat(build.keysIn(JobState.SCHEDULED))
        .as("uploaded steps do not wait for their uploader")
        .containsExactly("dyn-1", "dyn-2");
    build.finish("upload", 0);
    assertThat(build.stateOf("w"))
        .as("the wait also waits for uploaded steps")
        .isEqualTo(JobState.WAITING);
    build.run("dyn-1", 0);
    build.run("dyn-2", 0);
    assertThat(build.stateOf("after")).isEqualTo(JobState.SCHEDULED);
    build.run("after", 0);
    assertThat(build.state().status()).isEqualTo(BuildStatus.PASSED);
    assertThat(BuildState.replay(build.history())).isEqualTo(build.state());
  }

  @Test
  void aFailedUploadedStepStopsWhatFollowsTheUploader() throws PlanException {
    BuildDriver build =
        BuildDriver.start(pipeline(command("upload"), waitStep("w"), command("after")));
    build.assign("upload");
    build.accept("upload");
    build.startJob("upload");
    upload(build, "upload", pipeline(command("dyn")), "u1");
    build.finish("upload", 0);
    build.run("dyn", 2);

    assertThat(build.stateOf("after")).isEqualTo(JobState.BROKEN);
    assertThat(build.state().status()).isEqualTo(BuildStatus.FAILED);
  }

  @Test
  void stepsDependingOnTheUploaderWaitForEverythingItUploadedRecursively() throws PlanException {
    BuildDriver build =
        BuildDriver.start(pipeline(command("upload"), command("needs-upload", on("upload"))));
    build.assign("upload");
    build.accept("upload");
    build.startJob("upload");
    upload(build, "upload", pipeline(command("second-uploader")), "u1");
    build.assign("second-uploader");
    build.accept("second-uploader");
    build.startJob("second-uploader");
    upload(build, "second-uploader", pipeline(independent("deep")), "u2");
    build.finish("upload", 0);
    build.finish("second-uploader", 0);

    assertThat(build.stateOf("needs-upload")).isEqualTo(JobState.WAITING);
    build.run("deep", 0);
    assertThat(build.stateOf("needs-upload")).isEqualTo(JobState.SCHEDULED);
  }

  @Test
  void aRetriedUploadIsAppliedOnce() throws PlanException {
    BuildDriver build = BuildDriver.start(pipeline(command("upload")));
    build.assign("upload");
    build.accept("upload");
    build.startJob("upload");
    upload(build, "upload", pipeline(command("dyn")), "same-uuid");
    int jobs = build.state().jobs().size();

    assertThat(upload(build, "upload", pipeline(command("dyn-again")), "same-uuid"))
        .isEqualTo(new Decision.Accepted(java.util.List.of()));
    assertThat(build.state().jobs()).hasSize(jobs);
  }

  @Test
  void uploadedStepsMayDependOnExistingKeysButNotReuseThem() throws PlanException {
    BuildDriver build = BuildDriver.start(pipeline(command("first"), command("upload")));
    build.assign("upload");
    build.accept("upload");
    build.startJob("upload");

    upload(build, "upload", pipeline(command("after-first", on("first"))), "u1");
    assertThat(build.stateOf("after-first")).isEqualTo(JobState.WAITING);
    build.run("first", 0);
    assertThat(build.stateOf("after-first")).isEqualTo(JobState.SCHEDULED);

    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> upload(build, "upload", pipeline(command("first")), "u2"))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("first");
  }

  @Test
  void onlyARunningJobMayUpload() throws PlanException {
    BuildDriver build = BuildDriver.start(pipeline(command("upload"), command("other")));
    build.run("upload", 0);

    assertThat(upload(build, "upload", pipeline(command("late")), "u1"))
        .isInstanceOf(Decision.Rejected.class);
  }

  @Test
  void aBuildTakesAtMost500UploadsAndThenRefusesWithTheLimit() throws PlanException {
    BuildDriver build = BuildDriver.start(pipeline(command("upload")));
    build.assign("upload");
    build.accept("upload");
    build.startJob("upload");
    for (int i = 0; i < Command.AddJobs.DEFAULT_UPLOAD_LIMIT; i++) {
      assertThat(upload(build, "upload", pipeline(command("dyn-" + i)), "u" + i))
          .as("upload %d", i)
          .isInstanceOf(Decision.Accepted.class);
    }

    Decision refused = upload(build, "upload", pipeline(command("one-too-many")), "u-last");
    assertThat(refused).isInstanceOf(Decision.Rejected.class);
    assertThat(((Decision.Rejected) refused).reason())
        .contains("already has 500 pipeline uploads, the limit per build is 500");
    assertThat(upload(build, "upload", pipeline(command("retry-of-0")), "u0"))
        .as("a retry of an applied upload is still answered, not refused")
        .isInstanceOf(Decision.Accepted.class);
  }
}
