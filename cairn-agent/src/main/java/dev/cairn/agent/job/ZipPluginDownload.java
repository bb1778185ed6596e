package dev.cairn.agent.job;

import dev.cairn.agent.plugin.Plugin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * A plugin from a zip archive ({@code zip+https://host/path/plugin.zip#sha256:<hex>}, also {@code
 * zip+http} and {@code zip+file}), as the official agent fetches it under its {@code zip-plugins}
 * experiment: downloaded anew for every job (never reused), its SHA-256 checked when the fragment
 * gives one, unpacked into the plugin's directory under the plugins path, and removed when the job
 * ends. The download is tried three times, two seconds apart, each within five minutes; unpacking
 * refuses entries that would land outside the directory and stops at 100 MB, so a hostile archive
 * can neither escape nor fill the disk. Entries are written as plain files (a symlink entry becomes
 * a file holding its target, never a link); hooks need no executable bit, as bash sources them.
 */
final class ZipPluginDownload {
  static final long MAX_EXTRACTED_BYTES = 100L * 1024 * 1024;
  private static final int ATTEMPTS = 3;
  private static final Duration BETWEEN_ATTEMPTS = Duration.ofSeconds(2);
  private static final Duration TIMEOUT = Duration.ofMinutes(5);

  private ZipPluginDownload() {}

  /** The archive's URL: the scheme after {@code zip+}, the user and the location. */
  static URI url(Plugin plugin) {
    String base = plugin.scheme().substring("zip+".length()).toLowerCase(Locale.ROOT);
    if (!(base.equals("https") || base.equals("http") || base.equals("file"))) {
      throw new IllegalArgumentException("scheme zip+" + base + " is not supported");
    }
    String user = plugin.userInfo().isEmpty() ? "" : plugin.userInfo() + "@";
    return URI.create(base + "://" + user + plugin.location());
  }

  /** The SHA-256 the fragment asks for ({@code #sha256:<hex>}), or null when it gives none. */
  static String wantedSha256(Plugin plugin) {
    if (plugin.version().isEmpty()) {
      return null;
    }
    if (!plugin.version().startsWith("sha256:")) {
      throw new IllegalArgumentException(
          "unsupported version format \"" + plugin.version() + "\": expected \"sha256:<hex>\"");
    }
    return plugin.version().substring("sha256:".length()).toLowerCase(Locale.ROOT);
  }

  /**
   * Fetches {@code plugin} into {@code directory} (replacing what is there) and returns the
   * archive's SHA-256.
   *
   * @throws IOException naming what failed: the download, the checksum, or the archive
   */
  static String fetch(Plugin plugin, Path directory) throws IOException, InterruptedException {
    URI url = url(plugin);
    String wanted = wantedSha256(plugin);
    Files.createDirectories(directory.getParent());
    if (Files.exists(directory)) {
      PluginClone.remove(directory);
    }
    Path temp = Files.createTempDirectory(directory.getParent(), ".zip-plugin-");
    try {
      Path archive = temp.resolve("plugin.zip");
      download(url, archive);
      String got = sha256(archive);
      if (wanted != null && !wanted.equals(got)) {
        throw new IOException("SHA256 verification failed: expected " + wanted + ", got " + got);
      }
      Path extracted = Files.createDirectory(temp.resolve("extract"));
      extract(archive, extracted);
      Files.move(extracted, directory, StandardCopyOption.ATOMIC_MOVE);
      return got;
    } finally {
      PluginClone.remove(temp);
    }
  }

  private static void download(URI url, Path archive) throws IOException, InterruptedException {
    if (url.getScheme().equals("file")) {
      Files.copy(Path.of(url.getPath()), archive);
      return;
    }
    IOException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        get(url, archive);
        return;
      } catch (IOException e) {
        last = e;
        if (attempt < ATTEMPTS) {
          Thread.sleep(BETWEEN_ATTEMPTS);
        }
      }
    }
    throw last;
  }

  private static void get(URI url, Path archive) throws IOException, InterruptedException {
    try (HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(30))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build()) {
      HttpRequest request = HttpRequest.newBuilder(withoutUser(url)).timeout(TIMEOUT).GET().build();
      HttpResponse<Path> response =
          http.send(withUser(request, url), HttpResponse.BodyHandlers.ofFile(archive));
      if (response.statusCode() / 100 != 2) {
        throw new IOException(
            "GET " + withoutUser(url) + " answered HTTP " + response.statusCode());
      }
    }
  }

  /** The URL without {@code user:password@}, which goes into an Authorization header instead. */
  private static URI withoutUser(URI url) {
    if (url.getRawUserInfo() == null) {
      return url;
    }
    return URI.create(url.toString().replace(url.getRawUserInfo() + "@", ""));
  }

  private static HttpRequest withUser(HttpRequest request, URI url) {
    if (url.getUserInfo() == null) {
      return request;
    }
    String basic =
        java.util.Base64.getEncoder()
            .encodeToString(url.getUserInfo().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return HttpRequest.newBuilder(request, (name, value) -> true)
        .header("Authorization", "Basic " + basic)
        .build();
  }

  static String sha256(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
      in.transferTo(OutputStream.nullOutputStream());
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  /** Unpacks {@code archive} into {@code target}, within {@link #MAX_EXTRACTED_BYTES}. */
  static void extract(Path archive, Path target) throws IOException {
    long budget = MAX_EXTRACTED_BYTES;
    try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(archive))) {
      for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
        Path out = target.resolve(entry.getName()).normalize();
        if (!out.startsWith(target) || (out.equals(target) && !entry.isDirectory())) {
          throw new IOException("invalid file path (possible traversal): " + entry.getName());
        }
        if (entry.isDirectory()) {
          Files.createDirectories(out);
          continue;
        }
        Files.createDirectories(out.getParent());
        try (OutputStream file = Files.newOutputStream(out)) {
          budget -= copyWithin(zip, file, budget, entry.getName());
        }
      }
    }
  }

  private static long copyWithin(InputStream in, OutputStream out, long budget, String name)
      throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long written = 0;
    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
      written += n;
      if (written > budget) {
        throw new IOException(
            "zip archive too large: unpacking "
                + name
                + " passed "
                + MAX_EXTRACTED_BYTES / (1024 * 1024)
                + " MB");
      }
      out.write(buffer, 0, n);
    }
    return written;
  }
}
