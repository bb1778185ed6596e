package dev.cairn.agent.process;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A C string array ({@code char *const []}, ending in NULL) packed into one native block: the
 * pointer table first, then the strings. One allocation rather than JNA's {@code StringArray},
 * which allocates (and registers for cleaning) a block per string, and a job's environment has
 * dozens.
 */
final class NativeStrings {
  /**
   * The encoding the JDK uses for command lines, environments and file names ({@code
   * sun.jnu.encoding}), so a step gets the same bytes as it did through {@link ProcessBuilder}.
   */
  static final Charset ENCODING =
      Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"), StandardCharsets.UTF_8);

  private NativeStrings() {}

  /** {@code strings} as a NULL-terminated array of NUL-terminated strings; the caller closes it. */
  static Memory array(List<String> strings) {
    byte[][] encoded = new byte[strings.size()][];
    long table = (long) (strings.size() + 1) * Native.POINTER_SIZE;
    long size = table;
    for (int i = 0; i < encoded.length; i++) {
      encoded[i] = strings.get(i).getBytes(ENCODING);
      size += encoded[i].length + 1;
    }
    Memory block = new Memory(size);
    long offset = table;
    for (int i = 0; i < encoded.length; i++) {
      block.setPointer((long) i * Native.POINTER_SIZE, block.share(offset));
      block.write(offset, encoded[i], 0, encoded[i].length);
      block.setByte(offset + encoded[i].length, (byte) 0);
      offset += encoded[i].length + 1;
    }
    block.setPointer((long) encoded.length * Native.POINTER_SIZE, Pointer.NULL);
    return block;
  }

  /** {@code text} as a NUL-terminated C string. */
  static byte[] string(String text) {
    byte[] bytes = text.getBytes(ENCODING);
    byte[] terminated = new byte[bytes.length + 1];
    System.arraycopy(bytes, 0, terminated, 0, bytes.length);
    return terminated;
  }

  /** Whether {@code text} holds a NUL, which no C string can carry. */
  static boolean hasNul(String text) {
    return text.indexOf('\0') >= 0;
  }
}
