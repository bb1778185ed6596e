package dev.cairn.core.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Token hashes are SHA-256 in hex, the same however many threads hash at once. */
class TokensTest {
  @Test
  void hashesAreSha256InLowerCaseHex() {
    assertThat(Tokens.hash("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    assertThat(Tokens.hash(""))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void threadsHashingAtOnceGetTheSameHashes() throws Exception {
    List<String> tokens = IntStream.range(0, 64).mapToObj(i -> Tokens.generate("t")).toList();
    List<String> expected = tokens.stream().map(Tokens::hash).toList();
    ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
    List<Future<?>> rounds = new ArrayList<>();
    try (var threads = Executors.newFixedThreadPool(8)) {
      for (int round = 0; round < 8; round++) {
        rounds.add(
            threads.submit(() -> {
              for (int n = 0; n < 200; n++) {
                int i = n % tokens.size();
                if (!Tokens.hash(tokens.get(i)).equals(expected.get(i))) {
                  wrong.add(tokens.get(i));
                }
              }
            }));
      }
    }
    for (Future<?> round : rounds) {
      round.get();
    }
    assertThat(wrong).isEmpty();
    Set<String> distinct = new HashSet<>(expected);
    assertThat(distinct).hasSize(tokens.size());
  }
}
