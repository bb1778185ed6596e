package dev.cairn.store;

/**
 * Whether this server is the one that runs the periodic sweeps (deadlines, lost agents, the trigger
 * sweep) for the servers sharing its database. The sweeps read everything they act on from the
 * store, so any one server can run them for all; one at a time spares the others the work and the
 * version conflicts of racing each other over the same jobs.
 *
 * <p>{@link #sole()} always leads: the embedded database has one server. On PostgreSQL {@link
 * Store#sweepLeadership} elects one server with an advisory lock ({@link
 * dev.cairn.store.replica.AdvisoryLockLeadership}). Implementations are thread-safe.
 */
public interface SweepLeadership extends AutoCloseable {

  /** Leadership for a server that is alone on its database: it always leads. */
  static SweepLeadership sole() {
    return new SweepLeadership() {
      @Override
      public boolean leading() {
        return true;
      }

      @Override
      public void close() {}
    };
  }

  /**
   * True while this server should run the periodic sweeps. Cheap (no I/O): ask it before each
   * round.
   */
  boolean leading();

  /** Gives the leadership up, at once, to another server, and stops competing for it. */
  @Override
  void close();
}
