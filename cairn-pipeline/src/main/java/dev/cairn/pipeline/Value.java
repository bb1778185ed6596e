package dev.cairn.pipeline;

import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A YAML node and the pipeline path that led to it, such as {@code steps[3].depends_on}. Every
 * reading function takes one, so every problem it reports can say where it is.
 */
record Value(Node node, String path) {
  Value field(String name, Node child) {
    return new Value(child, path.isEmpty() ? name : path + "." + name);
  }

  Value item(int index, Node child) {
    return new Value(child, path + "[" + index + "]");
  }

  boolean isNull() {
    return Scalars.isNull(node);
  }

  /** What a problem message says was found here. */
  String found() {
    return Scalars.describe(node);
  }
}
