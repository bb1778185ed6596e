package dev.cairn.server.http;

import io.helidon.http.encoding.ContentDecoder;
import io.helidon.http.encoding.ContentEncoder;
import io.helidon.http.encoding.ContentEncoding;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Decodes request bodies sent with {@code Content-Encoding: gzip}, as agents send log chunks.
 * Helidon's own gzip module is not available here, and without a decoder for the encoding Helidon
 * refuses the request. Replies are not compressed.
 */
public final class GzipRequestDecoding implements ContentEncoding {
  @Override
  public Set<String> ids() {
    return Set.of("gzip", "x-gzip");
  }

  @Override
  public boolean supportsEncoding() {
    return false;
  }

  @Override
  public boolean supportsDecoding() {
    return true;
  }

  @Override
  public ContentDecoder decoder() {
    return in -> {
      try {
        return new GZIPInputStream(in);
      } catch (IOException e) {
        throw new UncheckedIOException("the request body is not valid gzip", e);
      }
    };
  }

  @Override
  public ContentEncoder encoder() {
    return ContentEncoder.NO_OP;
  }

  @Override
  public String name() {
    return "gzip";
  }

  @Override
  public String type() {
    return "gzip";
  }
}
