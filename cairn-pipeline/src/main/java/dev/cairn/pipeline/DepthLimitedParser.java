package dev.cairn.pipeline;

import java.util.Optional;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.parser.Parser;

/**
 * A YAML event stream that fails, with a position, once collections nest deeper than a limit. The
 * parser itself is iterative, but the composer above it recurses once per level, so without this
 * limit a line of 3,000 {@code [} characters overflows the stack. Not thread-safe; one per load.
 */
final class DepthLimitedParser implements Parser {
  private final Parser delegate;
  private final int limit;
  private int depth;

  DepthLimitedParser(Parser delegate, int limit) {
    this.delegate = delegate;
    this.limit = limit;
  }

  @Override
  public boolean checkEvent(Event.ID id) {
    return delegate.checkEvent(id);
  }

  @Override
  public Event peekEvent() {
    return delegate.peekEvent();
  }

  @Override
  public boolean hasNext() {
    return delegate.hasNext();
  }

  @Override
  public Event next() {
    Event event = delegate.next();
    switch (event.getEventId()) {
      case MappingStart, SequenceStart -> enter(event);
      case MappingEnd, SequenceEnd -> depth--;
      default -> {}
    }
    return event;
  }

  private void enter(Event event) {
    depth++;
    if (depth > limit) {
      throw new TooDeep(event.getStartMark(), limit);
    }
  }

  /** Reported like any other YAML error, with the mark of the collection that went too deep. */
  static final class TooDeep extends MarkedYamlEngineException {
    private static final long serialVersionUID = 1L;

    TooDeep(Optional<Mark> mark, int limit) {
      super("", Optional.empty(), "collections nested more than " + limit + " levels deep", mark);
    }
  }
}
