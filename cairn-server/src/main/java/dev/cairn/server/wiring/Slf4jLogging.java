package dev.cairn.server.wiring;

import io.helidon.logging.common.spi.LoggingProvider;

/**
 * Tells Helidon that logging is taken care of: Cairn routes Helidon's JUL records to SLF4J (the CLI
 * installs the bridge), so Helidon has nothing to configure. Without a provider Helidon prints a
 * notice on stderr at every start.
 */
public final class Slf4jLogging implements LoggingProvider {
  @Override
  public void initialization() {}

  @Override
  public void runTime() {}
}
