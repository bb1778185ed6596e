package dev.cairn.pipeline;

import java.util.List;
import java.util.Map;

/**
 * The {@code if} expression language in one place: {@link #check} at upload (syntax and types),
 * {@link #evaluate} at expansion. Stateless.
 */
final class Conditions {
  private Conditions() {}

  /** Every syntax or type error of {@code expression}; empty when it is valid. */
  static List<String> check(String expression) {
    try {
      return ConditionChecker.check(ConditionParser.parse(expression));
    } catch (ConditionParser.SyntaxError e) {
      return List.of(e.getMessage());
    }
  }

  /** Like {@link #check}, for the {@code if} of a notification ({@code notify} entry). */
  static List<String> checkNotification(String expression) {
    try {
      return ConditionChecker.checkNotification(ConditionParser.parse(expression));
    } catch (ConditionParser.SyntaxError e) {
      return List.of(e.getMessage());
    }
  }

  /**
   * Whether a checked {@code expression} holds for a build.
   *
   * @throws ConditionEvaluator.EvaluationError when it cannot be decided (a regex over budget, or
   *     an expression that does not check)
   */
  static boolean evaluate(String expression, Map<String, Object> variables, Map<String, String> env)
      throws ConditionEvaluator.EvaluationError {
    try {
      return new ConditionEvaluator(variables, env).test(ConditionParser.parse(expression));
    } catch (ConditionParser.SyntaxError e) {
      throw new ConditionEvaluator.EvaluationError(e.getMessage());
    }
  }
}
