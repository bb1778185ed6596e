package dev.cairn.agent;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A test of jobs run by a real agent against {@link FakeAgentApi} (the agent API played over real
 * HTTP on 127.0.0.1 with scripted jobs, not Cairn's server): a fresh {@link JobRig} in a temporary
 * directory for each test, closed after it. Subclasses' own set-up runs after this one's.
 */
abstract class RiggedJobTest {
  @TempDir Path work;
  JobRig rig;
  FakeAgentApi server;

  @BeforeEach
  final void startRig() throws Exception {
    rig = JobRig.in(work);
    server = rig.server();
  }

  @AfterEach
  final void stopRig() throws Exception {
    rig.close();
  }
}
