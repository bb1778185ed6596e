package dev.cairn.core.decide;

import dev.cairn.core.build.BuildEvent;
import java.util.List;

/** The decider's answer: the events that follow from a command, or why it was refused. */
public sealed interface Decision {

  /** The command is legal; {@code events} may be empty when it changes nothing (a repeat). */
  record Accepted(List<BuildEvent> events) implements Decision {
    public Accepted {
      events = List.copyOf(events);
    }
  }

  /** The command is not legal in the build's current state. */
  record Rejected(String reason) implements Decision {}
}
