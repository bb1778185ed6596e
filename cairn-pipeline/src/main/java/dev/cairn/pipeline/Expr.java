package dev.cairn.pipeline;

import java.util.List;
import java.util.regex.Pattern;

/** The syntax tree of an {@code if} expression, as {@link ConditionParser} builds it. */
sealed interface Expr {
  /** A string, number, boolean or null literal. */
  record Literal(Object value, ExprType type) implements Expr {}

  /** {@code /.../} or {@code /.../i}. */
  record Regex(Pattern pattern, String source) implements Expr {}

  /** {@code ["a", "b"]}. */
  record Array(List<Expr> items) implements Expr {}

  /** A dotted variable such as {@code build.branch}. */
  record Variable(String name) implements Expr {}

  /** A shell substitution such as {@code $NAME} or {@code ${NAME:-x}}, read from the build env. */
  record Substitution(String text) implements Expr {}

  /** {@code build.env("X")} or {@code env("X")}. */
  record Call(String function, List<Expr> args) implements Expr {}

  /** {@code !x}. */
  record Not(Expr operand) implements Expr {}

  /** {@code a OP b} for {@code == != =~ !~ includes && ||}. */
  record Binary(String op, Expr left, Expr right) implements Expr {}

  /** {@code c ? a : b}. */
  record Ternary(Expr condition, Expr then, Expr otherwise) implements Expr {}
}
