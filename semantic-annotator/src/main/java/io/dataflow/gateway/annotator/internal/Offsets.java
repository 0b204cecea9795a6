package io.dataflow.gateway.annotator.internal;

import io.dataflow.gateway.annotator.partition.PartitionUnit;
import java.util.Locale;

/** Renders offsets from the logical date for people: {@code ds}, {@code ds - 6 days}. */
final class Offsets {

  private Offsets() {}

  /** {@code unit} null means minutes. */
  static String render(long offset, PartitionUnit unit) {
    if (offset == 0) {
      return "ds";
    }
    String unitName = unit == null ? "minutes" : unit.name().toLowerCase(Locale.ROOT) + "s";
    return "ds " + (offset < 0 ? "- " : "+ ") + Math.abs(offset) + " " + unitName;
  }
}
