package io.dataflow.gateway.server.fallback;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Keeps at most {@code limit} bytes of a run's output: its beginning and its end, which is where a
 * command says what it is doing and why it failed, with a note of how much was dropped in between.
 * Thread-safe: the process's output is read on its own thread.
 */
final class BoundedOutput {

  private final int half;
  private final ByteArrayOutputStream head = new ByteArrayOutputStream();
  private final byte[] tail;
  private int tailStart;
  private int tailLength;
  private long total;

  BoundedOutput(int limit) {
    if (limit < 2) {
      throw new IllegalArgumentException("Invalid output limit " + limit + ": expected at least 2 bytes");
    }
    this.half = limit / 2;
    this.tail = new byte[limit - half];
  }

  synchronized void write(byte[] bytes, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      total++;
      if (head.size() < half) {
        head.write(bytes[i]);
      } else if (tailLength < tail.length) {
        tail[(tailStart + tailLength++) % tail.length] = bytes[i];
      } else {
        tail[tailStart] = bytes[i];
        tailStart = (tailStart + 1) % tail.length;
      }
    }
  }

  synchronized void write(String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    write(bytes, 0, bytes.length);
  }

  /** Every byte seen, kept or not. */
  synchronized long total() {
    return total;
  }

  /** The kept output as text (malformed UTF-8 at the cut is replaced, not failed on). */
  synchronized String text() {
    byte[] end = new byte[tailLength];
    for (int i = 0; i < tailLength; i++) {
      end[i] = tail[(tailStart + i) % tail.length];
    }
    long dropped = total - head.size() - tailLength;
    String text = head.toString(StandardCharsets.UTF_8);
    if (dropped > 0) {
      text += "\n[... " + dropped + " bytes of output dropped ...]\n";
    }
    return text + new String(end, StandardCharsets.UTF_8);
  }
}
