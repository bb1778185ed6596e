package dev.cairn.core.orchestrate;

import java.util.function.Function;

/** The answer to a request about a job: done, no such job, or refused with a reason. */
public sealed interface Result<T> {
  record Done<T>(T value) implements Result<T> {}

  record NotFound<T>() implements Result<T> {}

  record Refused<T>(String reason) implements Result<T> {}

  default <U> Result<U> map(Function<T, U> f) {
    return switch (this) {
      case Done<T> d -> new Done<>(f.apply(d.value()));
      case NotFound<T> n -> new NotFound<>();
      case Refused<T> r -> new Refused<>(r.reason());
    };
  }
}
