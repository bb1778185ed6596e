package dev.cairn.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Type-checks an {@code if} expression at upload (spec §5): unknown variables and functions, wrong
 * arity, comparisons of different types, enum literals outside the enum, a non-regex right side of
 * {@code =~}, non-boolean operands of {@code !}, {@code &&} and {@code ||}, and a result that is
 * not boolean are all errors. Null (the literal, or a missing nullable value) is comparable with
 * anything. Collects every error rather than the first. One instance per check; not thread-safe.
 */
final class ConditionChecker {
  private final List<String> errors = new ArrayList<>();
  private final Function<String, Optional<ExprType>> variables;

  private ConditionChecker(Function<String, Optional<ExprType>> variables) {
    this.variables = variables;
  }

  /** Checks a step's {@code if}. */
  static List<String> check(Expr expr) {
    return check(expr, ConditionVariables::type);
  }

  /** Checks a notification's {@code if}, which may also read the notification-only variables. */
  static List<String> checkNotification(Expr expr) {
    return check(expr, ConditionVariables::notificationType);
  }

  private static List<String> check(Expr expr, Function<String, Optional<ExprType>> variables) {
    ConditionChecker checker = new ConditionChecker(variables);
    ExprType type = checker.type(expr);
    if (type != ExprType.BOOLEAN && type != ExprType.ANY && type != ExprType.NULL) {
      checker.errors.add("expected the expression to give a boolean, found a " + type.word());
    }
    return List.copyOf(checker.errors);
  }

  private ExprType type(Expr expr) {
    return switch (expr) {
      case Expr.Literal l -> l.type();
      case Expr.Regex r -> ExprType.REGEX;
      case Expr.Array a -> {
        a.items().forEach(this::type);
        yield ExprType.ARRAY;
      }
      case Expr.Substitution s -> ExprType.STRING;
      case Expr.Variable v -> variable(v.name());
      case Expr.Call c -> call(c);
      case Expr.Not n -> {
        require(n.operand(), ExprType.BOOLEAN, "!");
        yield ExprType.BOOLEAN;
      }
      case Expr.Binary b -> binary(b);
      case Expr.Ternary t -> {
        require(t.condition(), ExprType.BOOLEAN, "?:");
        ExprType a = type(t.then());
        ExprType b = type(t.otherwise());
        yield a == b ? a : ExprType.ANY;
      }
    };
  }

  private ExprType variable(String name) {
    Optional<ExprType> type = variables.apply(name);
    if (type.isEmpty()) {
      errors.add("unknown variable " + name);
      return ExprType.ANY;
    }
    return type.get();
  }

  private ExprType call(Expr.Call call) {
    if (!call.function().equals("build.env") && !call.function().equals("env")) {
      errors.add("unknown function " + call.function() + "() (use build.env() or env())");
      return ExprType.ANY;
    }
    if (call.args().size() != 1) {
      errors.add(call.function() + "() takes 1 argument, found " + call.args().size());
      return ExprType.STRING;
    }
    Expr arg = call.args().get(0);
    require(arg, ExprType.STRING, call.function() + "()");
    if (arg instanceof Expr.Literal l
        && l.value() instanceof String name
        && !ConditionVariables.readable(name)) {
      errors.add(call.function() + "(\"" + name + "\") is not readable in conditions");
    }
    return ExprType.STRING;
  }

  private ExprType binary(Expr.Binary b) {
    switch (b.op()) {
      case "&&", "||" -> {
        require(b.left(), ExprType.BOOLEAN, b.op());
        require(b.right(), ExprType.BOOLEAN, b.op());
      }
      case "=~", "!~" -> {
        require(b.left(), ExprType.STRING, b.op());
        if (!(b.right() instanceof Expr.Regex)) {
          errors.add("the right side of " + b.op() + " must be a regex literal /.../");
        }
      }
      case "includes" -> {
        require(b.left(), ExprType.ARRAY, "includes");
        ExprType right = type(b.right());
        if (!compatible(right, ExprType.STRING) && right != ExprType.REGEX) {
          errors.add(
              "the right side of includes must be a string or a regex, found a " + right.word());
        }
      }
      default -> equality(b);
    }
    return ExprType.BOOLEAN;
  }

  private void equality(Expr.Binary b) {
    ExprType left = type(b.left());
    ExprType right = type(b.right());
    if (!compatible(left, right)) {
      errors.add(
          "cannot compare a " + left.word() + " with a " + right.word() + " using " + b.op());
    }
    enumLiteral(b.left(), b.right());
    enumLiteral(b.right(), b.left());
  }

  private void enumLiteral(Expr variable, Expr literal) {
    if (variable instanceof Expr.Variable v
        && literal instanceof Expr.Literal l
        && l.value() instanceof String value) {
      ConditionVariables.enumValues(v.name())
          .filter(values -> !values.contains(value))
          .ifPresent(values ->
              errors.add(v.name() + " is one of " + values + ", never \"" + value + "\""));
    }
  }

  private void require(Expr expr, ExprType expected, String op) {
    ExprType type = type(expr);
    if (!compatible(type, expected)) {
      errors.add(
          "expected a " + expected.word() + " operand for " + op + ", found a " + type.word());
    }
  }

  private static boolean compatible(ExprType a, ExprType b) {
    return a == b
        || a == ExprType.NULL
        || b == ExprType.NULL
        || a == ExprType.ANY
        || b == ExprType.ANY;
  }
}
