package io.dataflow.gateway.annotator;

/**
 * A place in a task's SQL template as a person sees it: 1-based line and column, and the 0-based
 * character offset.
 */
public record SourcePosition(int line, int column, int offset) {

  public SourcePosition {
    if (line < 1 || column < 1 || offset < 0) {
      throw new IllegalArgumentException(
          "Invalid source position: line %d, column %d, offset %d (line and column start at 1)"
              .formatted(line, column, offset));
    }
  }

  /** The position of character {@code offset} of {@code text}. */
  public static SourcePosition of(String text, int offset) {
    if (offset < 0 || offset > text.length()) {
      throw new IllegalArgumentException(
          "Offset %d is outside the text of %d characters".formatted(offset, text.length()));
    }
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new SourcePosition(line, offset - lineStart + 1, offset);
  }

  @Override
  public String toString() {
    return "line " + line + ", column " + column;
  }
}
