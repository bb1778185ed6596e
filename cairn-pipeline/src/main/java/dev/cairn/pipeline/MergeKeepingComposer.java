package dev.cairn.pipeline;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.Parser;

/**
 * A composer that leaves merge keys ({@code <<}) in the tree instead of applying them.
 *
 * <p>snakeyaml-engine 3.2 applies a merge only when a key's tag is {@code !!merge}, so we retag
 * such keys (implicit {@code <<} and explicit {@code !!merge <<} alike) with {@link #MERGE_KEY}.
 * Its own merge never returns when a mapping merges itself, and it puts merged keys after the
 * mapping's own keys; {@link MergeKeys} does neither.
 */
final class MergeKeepingComposer extends Composer {
  /** The tag a merge key carries in our trees. */
  static final Tag MERGE_KEY = new Tag("tag:cairn.dev,2025:merge-key");

  MergeKeepingComposer(LoadSettings settings, Parser parser) {
    super(settings, parser);
  }

  @Override
  protected Node composeKeyNode(MappingNode mapping) {
    Node key = super.composeKeyNode(mapping);
    if (key.getTag().equals(Tag.MERGE)) {
      key.setTag(MERGE_KEY);
    }
    return key;
  }
}
