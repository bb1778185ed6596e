package dev.cairn.core.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.core.job.Job;
import dev.cairn.core.job.JobDependency;
import dev.cairn.core.job.JobSpec;
import dev.cairn.core.job.JobState;
import dev.cairn.core.job.JobType;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The job table behaves as an immutable, upload-ordered map, and older versions stay as they were.
 */
class JobTableTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private static Job job(String id, String... deps) {
    List<JobDependency> on =
        java.util.Arrays.stream(deps).map(d -> new JobDependency(d, false)).toList();
    return Job.created(
        new JobSpec(
            id, id, Optional.empty(), JobType.SCRIPT, id, "true", on, false, Map.of(), Map.of()),
        T0);
  }

  @Test
  void isAnUploadOrderedMapEqualToTheSameLinkedHashMap() {
    Map<String, Job> plain = new LinkedHashMap<>();
    JobTable table = JobTable.empty();
    for (String id : List.of("c", "a", "b")) {
      plain.put(id, job(id));
      table = table.with(job(id));
    }
    Job changed = plain.get("a").withState(JobState.SCHEDULED);
    plain.put("a", changed);
    JobTable before = table;
    JobTable after = table.with(changed);

    assertThat(after).isEqualTo(plain).hasSameHashCodeAs(plain);
    assertThat(after.keySet()).containsExactly("c", "a", "b");
    assertThat(after.values()).containsExactly(plain.get("c"), changed, plain.get("b"));
    assertThat(after.get("a")).isSameAs(changed);
    assertThat(after.get("zz")).isNull();
    assertThat(after.containsKey("b")).isTrue();
    assertThat(before.get("a").state()).isEqualTo(JobState.WAITING);
    assertThat(before.count(JobState.WAITING)).isEqualTo(3);
    assertThat(after.count(JobState.WAITING)).isEqualTo(2);
    assertThat(after.count(JobState.SCHEDULED)).isEqualTo(1);
    assertThat(JobTable.of(plain)).isEqualTo(after);
    assertThat(after.inOrder(Set.of("b", "c", "missing")))
        .extracting(Job::id)
        .containsExactly("c", "b");
    assertThatThrownBy(() -> after.put("d", job("d")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> after.entrySet().iterator().remove())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void dependentsFollowDependenciesAndRetries() {
    JobTable table = JobTable.empty().with(job("a")).with(job("b", "a")).with(job("w", "a", "b"));
    assertThat(table.dependentsOf("a")).containsExactlyInAnyOrder("b", "w");
    assertThat(table.dependentsOf("w")).isEmpty();

    table = table.with(table.get("a").withRetriedBy("a2")).with(job("a2"));
    assertThat(table.dependentsOf("a2")).containsExactlyInAnyOrder("b", "w");
  }
}
