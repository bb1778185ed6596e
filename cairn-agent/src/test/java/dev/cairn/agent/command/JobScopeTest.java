package dev.cairn.agent.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The scope of an in-job command read from the job's environment, here whether its artifact
 * transfers may use HTTP/2: not when {@code BUILDKITE_NO_HTTP2} is true in any spelling Go's
 * ParseBool accepts, as the official agent reads it ({@code internal/job/api.go}).
 */
final class JobScopeTest {
  private static Map<String, String> job(String noHttp2) {
    Map<String, String> env = new HashMap<>();
    env.put("BUILDKITE_AGENT_ACCESS_TOKEN", "job-token");
    env.put("BUILDKITE_AGENT_ENDPOINT", "http://127.0.0.1:1/v3");
    env.put("BUILDKITE_JOB_ID", "job-1");
    if (noHttp2 != null) {
      env.put("BUILDKITE_NO_HTTP2", noHttp2);
    }
    return env;
  }

  @Test
  void http2UnlessTheAgentTurnedItOff() throws Exception {
    assertThat(JobScope.from(job(null)).http2()).isTrue();
    assertThat(JobScope.from(job("false")).http2()).isTrue();
    assertThat(JobScope.from(job("")).http2()).isTrue();
    for (String yes : new String[] {"true", "TRUE", "1", "t"}) {
      assertThat(JobScope.from(job(yes)).http2()).as(yes).isFalse();
    }
  }

  @Test
  void theTokenStaysMasked() throws Exception {
    assertThat(JobScope.from(job("true")).toString())
        .doesNotContain("job-token")
        .contains("http2=false");
  }
}
