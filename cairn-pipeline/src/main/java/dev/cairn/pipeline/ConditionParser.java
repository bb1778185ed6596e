package dev.cairn.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses an {@code if} expression (spec §5) into an {@link Expr}. Precedence, lowest first:
 * ternary, {@code ||}, {@code &&}, the comparisons {@code == != =~ !~ includes} (one level, left
 * associative), prefix {@code !}, then literals, names, calls and parentheses. {@code //} starts a
 * comment to the end of the line; any other {@code /} starts a regex literal, whose only flag is
 * {@code i}. Regex features Ruby's engine (the server's) rejects or Java's treats differently are
 * refused: lookbehind, atomic groups, possessive quantifiers, named groups and conditionals.
 *
 * <p>Lexing and parsing are one class: the grammar is small, and the lexer needs the parser's
 * position for messages. One instance per expression; not thread-safe.
 */
final class ConditionParser {
  /** A syntax error, with the 1-based column in the expression where it was found. */
  static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;

    SyntaxError(String message) {
      super(message);
    }
  }

  private static final Pattern REJECTED_REGEX =
      Pattern.compile("\\(\\?<[=!]|\\(\\?>|\\(\\?<[a-zA-Z]|\\(\\?P<|\\(\\?\\(|[*+?}]\\+");
  private static final int MAX_DEPTH = 100;

  private final String text;
  private int pos;
  private int depth;

  private ConditionParser(String text) {
    this.text = text;
  }

  static Expr parse(String text) throws SyntaxError {
    ConditionParser parser = new ConditionParser(text);
    Expr expr = parser.ternary();
    parser.space();
    if (parser.pos < text.length()) {
      throw parser.error("expected the end of the expression");
    }
    return expr;
  }

  private Expr ternary() throws SyntaxError {
    if (++depth > MAX_DEPTH) {
      throw error("expression nested more than " + MAX_DEPTH + " deep");
    }
    Expr condition = or();
    if (eat("?")) {
      Expr then = ternary();
      expect(":");
      Expr otherwise = ternary();
      condition = new Expr.Ternary(condition, then, otherwise);
    }
    depth--;
    return condition;
  }

  private Expr or() throws SyntaxError {
    Expr left = and();
    while (eat("||")) {
      left = new Expr.Binary("||", left, and());
    }
    return left;
  }

  private Expr and() throws SyntaxError {
    Expr left = comparison();
    while (eat("&&")) {
      left = new Expr.Binary("&&", left, comparison());
    }
    return left;
  }

  private Expr comparison() throws SyntaxError {
    Expr left = unary();
    while (true) {
      String op = comparisonOperator();
      if (op == null) {
        return left;
      }
      left = new Expr.Binary(op, left, unary());
    }
  }

  private String comparisonOperator() {
    for (String op : List.of("==", "!=", "=~", "!~")) {
      if (eat(op)) {
        return op;
      }
    }
    space();
    if (text.startsWith("includes", pos) && !identChar(pos + "includes".length())) {
      pos += "includes".length();
      return "includes";
    }
    return null;
  }

  private Expr unary() throws SyntaxError {
    space();
    if (pos < text.length()
        && text.charAt(pos) == '!'
        && !text.startsWith("!=", pos)
        && !text.startsWith("!~", pos)) {
      pos++;
      if (++depth > MAX_DEPTH) {
        throw error("expression nested more than " + MAX_DEPTH + " deep");
      }
      Expr operand = unary();
      depth--;
      return new Expr.Not(operand);
    }
    return primary();
  }

  private Expr primary() throws SyntaxError {
    space();
    if (pos >= text.length()) {
      throw error("expected a value, found the end of the expression");
    }
    char c = text.charAt(pos);
    if (c == '(') {
      pos++;
      Expr inner = ternary();
      expect(")");
      return inner;
    }
    if (c == '[') {
      return array();
    }
    if (c == '\'' || c == '"') {
      return string(c);
    }
    if (c == '/') {
      return regex();
    }
    if (c == '$') {
      return substitution();
    }
    if (Character.isDigit(c)
        || (c == '-' && pos + 1 < text.length() && Character.isDigit(text.charAt(pos + 1)))) {
      return number();
    }
    if (Character.isLetter(c) || c == '_') {
      return name();
    }
    throw error("expected a value, found \"" + c + "\"");
  }

  private Expr array() throws SyntaxError {
    pos++;
    List<Expr> items = new ArrayList<>();
    if (!eat("]")) {
      do {
        items.add(ternary());
      } while (eat(","));
      expect("]");
    }
    return new Expr.Array(List.copyOf(items));
  }

  private Expr string(char quote) throws SyntaxError {
    int start = pos++;
    StringBuilder out = new StringBuilder();
    while (pos < text.length() && text.charAt(pos) != quote) {
      char c = text.charAt(pos++);
      if (c == '\\' && pos < text.length()) {
        out.append(text.charAt(pos++));
      } else {
        out.append(c);
      }
    }
    if (pos >= text.length()) {
      pos = start;
      throw error("expected a closing " + quote + " for the string starting here");
    }
    pos++;
    if (quote == '"' && out.indexOf("$") >= 0) {
      return new Expr.Substitution(out.toString());
    }
    return new Expr.Literal(out.toString(), ExprType.STRING);
  }

  private Expr regex() throws SyntaxError {
    int start = pos++;
    StringBuilder source = new StringBuilder();
    while (pos < text.length() && text.charAt(pos) != '/') {
      char c = text.charAt(pos++);
      source.append(c);
      if (c == '\\' && pos < text.length()) {
        source.append(text.charAt(pos++));
      }
    }
    if (pos >= text.length()) {
      pos = start;
      throw error("expected a closing / for the regex starting here");
    }
    pos++;
    boolean ignoreCase = pos < text.length() && text.charAt(pos) == 'i' && !identChar(pos + 1);
    if (ignoreCase) {
      pos++;
    }
    String src = source.toString().replace("\\/", "/");
    String stripped = src.replaceAll("\\\\.", "_").replaceAll("\\[(?:[^\\]])*\\]", "_");
    if (REJECTED_REGEX.matcher(stripped).find()) {
      pos = start;
      throw error(
          "regex /"
              + src
              + "/ uses lookbehind, atomic groups, possessive quantifiers, named groups or conditionals, which are not supported");
    }
    try {
      return new Expr.Regex(Pattern.compile(src, ignoreCase ? Pattern.CASE_INSENSITIVE : 0), src);
    } catch (PatternSyntaxException e) {
      pos = start;
      throw error("invalid regex /" + src + "/: " + e.getDescription());
    }
  }

  private Expr substitution() throws SyntaxError {
    int start = pos++;
    if (pos < text.length() && text.charAt(pos) == '{') {
      int close = text.indexOf('}', pos);
      if (close < 0) {
        pos = start;
        throw error("expected } to close ${");
      }
      pos = close + 1;
    } else {
      while (identChar(pos)) {
        pos++;
      }
      if (pos == start + 1) {
        pos = start;
        throw error("expected a variable name after $");
      }
    }
    return new Expr.Substitution(text.substring(start, pos));
  }

  private Expr number() throws SyntaxError {
    int start = pos;
    if (text.charAt(pos) == '-') {
      pos++;
    }
    while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
      pos++;
    }
    try {
      return new Expr.Literal(Long.parseLong(text.substring(start, pos)), ExprType.NUMBER);
    } catch (NumberFormatException e) {
      pos = start;
      throw error("number too large");
    }
  }

  private Expr name() throws SyntaxError {
    int start = pos;
    while (identChar(pos)
        || (pos < text.length() && text.charAt(pos) == '.' && identChar(pos + 1))) {
      pos++;
    }
    String name = text.substring(start, pos);
    switch (name) {
      case "true", "false" -> {
        return new Expr.Literal(Boolean.parseBoolean(name), ExprType.BOOLEAN);
      }
      case "null" -> {
        return new Expr.Literal(null, ExprType.NULL);
      }
      default -> {}
    }
    if (eat("(")) {
      List<Expr> args = new ArrayList<>();
      if (!eat(")")) {
        do {
          args.add(ternary());
        } while (eat(","));
        expect(")");
      }
      return new Expr.Call(name, List.copyOf(args));
    }
    return new Expr.Variable(name);
  }

  private boolean identChar(int at) {
    return at < text.length()
        && (Character.isLetterOrDigit(text.charAt(at)) || text.charAt(at) == '_');
  }

  /** Skips white space and {@code //} comments. */
  private void space() {
    while (pos < text.length()) {
      if (Character.isWhitespace(text.charAt(pos))) {
        pos++;
      } else if (text.startsWith("//", pos)) {
        int end = text.indexOf('\n', pos);
        pos = end < 0 ? text.length() : end;
      } else {
        return;
      }
    }
  }

  private boolean eat(String token) {
    space();
    if (text.startsWith(token, pos)) {
      pos += token.length();
      return true;
    }
    return false;
  }

  private void expect(String token) throws SyntaxError {
    if (!eat(token)) {
      throw error("expected \"" + token + "\"");
    }
  }

  private SyntaxError error(String message) {
    return new SyntaxError(message + " at column " + (pos + 1));
  }
}
