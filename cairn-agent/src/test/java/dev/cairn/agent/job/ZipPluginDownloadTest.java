package dev.cairn.agent.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.agent.plugin.Plugin;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Unpacking and naming of zip plugins: the parts a hostile or mistyped source could abuse. */
final class ZipPluginDownloadTest {
  @TempDir Path work;

  @Test
  void theUrlDropsZipAndKeepsTheUserAndTheFragmentGivesTheChecksum() {
    Plugin plugin = Plugin.of("zip+https://u:p@example.test/a/x.zip#sha256:ABC", null);

    assertThat(ZipPluginDownload.url(plugin)).hasToString("https://u:p@example.test/a/x.zip");
    assertThat(ZipPluginDownload.wantedSha256(plugin)).isEqualTo("abc");
    assertThat(ZipPluginDownload.wantedSha256(Plugin.of("zip+https://e.test/a/x.zip", null)))
        .isNull();
    assertThatIllegalArgumentException()
        .isThrownBy(
            () -> ZipPluginDownload.wantedSha256(Plugin.of("zip+https://e.test/a/x.zip#v1", null)))
        .withMessageContaining("sha256:<hex>");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> ZipPluginDownload.url(Plugin.of("zip+ftp://e.test/a/x.zip", null)))
        .withMessageContaining("zip+ftp");
  }

  @Test
  void anEntryLeavingTheDirectoryIsRefused() throws Exception {
    Path archive = archive("../escaped", "x");
    Path target = Files.createDirectory(work.resolve("target"));

    assertThatThrownBy(() -> ZipPluginDownload.extract(archive, target))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("traversal");
    assertThat(work.resolve("escaped")).doesNotExist();
  }

  @Test
  void unpackingStopsAtTheSizeLimit() throws Exception {
    Path archive = work.resolve("big.zip");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(archive))) {
      zip.putNextEntry(new ZipEntry("hooks/big"));
      byte[] zeros = new byte[1024 * 1024];
      for (long i = 0; i <= ZipPluginDownload.MAX_EXTRACTED_BYTES / zeros.length; i++) {
        zip.write(zeros);
      }
      zip.closeEntry();
    }
    Path target = Files.createDirectory(work.resolve("target"));

    assertThatThrownBy(() -> ZipPluginDownload.extract(archive, target))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("too large");
  }

  @Test
  void nestedFilesAreUnpacked() throws Exception {
    Path archive = archive("hooks/environment", "echo hi");
    Path target = Files.createDirectory(work.resolve("target"));

    ZipPluginDownload.extract(archive, target);

    assertThat(target.resolve("hooks/environment")).hasContent("echo hi");
  }

  private Path archive(String name, String content) throws IOException {
    Path archive = work.resolve("a.zip");
    try (OutputStream out = Files.newOutputStream(archive);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry(name));
      zip.write(content.getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
    }
    return archive;
  }
}
