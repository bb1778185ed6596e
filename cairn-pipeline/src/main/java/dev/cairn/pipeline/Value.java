package dev.cairn.pipeline;

import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A YAML node and the pipeline path that led to it, such as {@code steps[3].depends_on}. Every
 * reading function takes one, so every problem it reports can say where it is.
 *
 * <p>The path is built only when asked for (a problem, a step's location): a parse visits every
 * node of the document, and most paths are never shown, so a child keeps its parent and its own
 * name or index instead of a concatenated string. Not thread-safe; used within one parse.
 */
final class Value {
  private final Node node;
  private final Value parent;
  private final String name;
  private final int index;
  private String path;

  Value(Node node, String path) {
    this(node, null, null, -1);
    this.path = path;
  }

  // parent and name are null at a root; name is null for a list item.
  private Value(Node node, Value parent, String name, int index) {
    this.node = node;
    this.parent = parent;
    this.name = name;
    this.index = index;
  }

  Node node() {
    return node;
  }

  String path() {
    String p = path;
    if (p == null) {
      String above = parent == null ? "" : parent.path();
      if (name != null) {
        p = above.isEmpty() ? name : above + "." + name;
      } else {
        p = above + "[" + index + "]";
      }
      path = p;
    }
    return p;
  }

  Value field(String fieldName, Node child) {
    return new Value(child, this, fieldName, -1);
  }

  Value item(int itemIndex, Node child) {
    return new Value(child, this, null, itemIndex);
  }

  boolean isNull() {
    return Scalars.isNull(node);
  }

  /** What a problem message says was found here. */
  String found() {
    return Scalars.describe(node);
  }

  @Override
  public String toString() {
    return path() + ": " + found();
  }
}
