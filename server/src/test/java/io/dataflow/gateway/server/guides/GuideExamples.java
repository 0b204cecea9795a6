package io.dataflow.gateway.server.guides;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The examples of the migration guides, read from {@code migration-guides/*.md} by the convention
 * the guides' README describes: every fenced block is preceded by {@code <!-- check: KIND ARGS -->},
 * or is the expected output of the block before it ({@code <!-- expect ARGS -->}). A fenced block
 * with neither is an unchecked example, which {@link #read} reports as a problem. A Markdown table
 * preceded by {@code <!-- check: reasons ARGS -->} is an example too: its body is the table's lines.
 */
public final class GuideExamples {

  /** The kinds of checks. */
  public enum Kind {
    /** A tables file (YAML) of the {@code annotate} command, used by the guide's later annotate checks. */
    SCHEMA,
    /** Task SQL given to {@code annotate}; its expected JSON is a subset of the output. */
    ANNOTATE,
    /** Task SQL that {@code annotate} refuses; the expected text is part of its error line. */
    ANNOTATE_ERROR,
    /**
     * Task SQL given to the dataflow as a task of the running example's DAG, its tables known, in the
     * dialect {@code dialect=} names (Trino by default); the expected text is the reason the dataflow
     * does not run it (a text ending in {@code …} is a prefix).
     */
    TRANSLATE,
    /**
     * A DAG file (Python) of a DAG that has not run yet, exported as Airflow 2 serves it and given to
     * {@code analyze}; the expected text is part of the readiness report.
     */
    ANALYZE,
    /**
     * A Markdown table of the gateway's messages: the first text in backquotes of each row's first cell
     * is a message that the expected output of another example of the guide must contain (its part
     * before a {@code …}).
     */
    REASONS,
    /** A gateway configuration (YAML), parsed and validated as the gateway does. */
    CONFIG,
    /**
     * Connector properties of an engine (Trino catalog, Spark): parsed, with the keys named by ARGS present and
     * the values the gateway's catalog needs.
     */
    PROPERTIES,
    /** One curl command against the gateway; the expected status and JSON subset are checked against a running gateway. */
    API,
    /** SQL run on Trino against a running gateway's catalog. */
    TRINO
  }

  /**
   * One example.
   *
   * @param guide the guide's file name
   * @param line the line of its fenced block
   * @param kind how it is checked
   * @param arguments the words after the kind
   * @param body the fenced block
   * @param expect the expected output block, if any
   * @param expectArguments the words after {@code expect}, such as {@code status=404}
   */
  public record Example(String guide, int line, Kind kind, List<String> arguments, String body, Optional<String> expect,
      List<String> expectArguments) {
    public Example {
      requireNonNull(guide, "guide is null");
      requireNonNull(kind, "kind is null");
      arguments = List.copyOf(arguments);
      requireNonNull(body, "body is null");
      requireNonNull(expect, "expect is null");
      expectArguments = List.copyOf(expectArguments);
    }

    /** Where it is, for messages: {@code playbook.md:42}. */
    public String where() {
      return guide + ":" + line;
    }

    /** The value of an argument {@code name=value}. */
    public Optional<String> argument(String name) {
      return Stream.concat(arguments.stream(), expectArguments.stream())
          .filter(a -> a.startsWith(name + "=")).map(a -> a.substring(name.length() + 1)).findFirst();
    }
  }

  /** Every guide's examples, and the problems found reading them. */
  public record Guides(List<Example> examples, List<String> problems) {
    public Guides {
      examples = List.copyOf(examples);
      problems = List.copyOf(problems);
    }

    public List<Example> of(Kind kind) {
      return examples.stream().filter(e -> e.kind() == kind).toList();
    }
  }

  private static final Pattern CHECK = Pattern.compile("^<!--\\s*check:\\s*([a-z-]+)(.*?)-->\\s*$");
  private static final Pattern EXPECT = Pattern.compile("^<!--\\s*expect(.*?)-->\\s*$");
  private static final Pattern FENCE = Pattern.compile("^```(\\S*)\\s*$");

  private GuideExamples() {}

  /** The guides' directory, from a module's directory or the repository's root. */
  public static Path directory() {
    for (Path candidate : List.of(Path.of("migration-guides"), Path.of("..", "migration-guides"))) {
      if (Files.isDirectory(candidate)) {
        return candidate.toAbsolutePath().normalize();
      }
    }
    throw new IllegalStateException("No migration-guides directory next to " + Path.of("").toAbsolutePath());
  }

  /** Reads every {@code *.md} of {@code directory}, in file name order. */
  public static Guides read(Path directory) {
    List<Example> examples = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    try (Stream<Path> files = Files.list(directory)) {
      for (Path file : files.filter(f -> f.toString().endsWith(".md")).sorted().toList()) {
        readGuide(file.getFileName().toString(), Files.readAllLines(file), examples, problems);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Guides(examples, problems);
  }

  private static void readGuide(String guide, List<String> lines, List<Example> examples, List<String> problems) {
    Optional<Matcher> pendingCheck = Optional.empty();
    Optional<Matcher> pendingExpect = Optional.empty();
    Example last = null;
    boolean lastExpected = true;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher check = CHECK.matcher(line.strip());
      Matcher expect = EXPECT.matcher(line.strip());
      Matcher fence = FENCE.matcher(line.strip());
      if (check.matches()) {
        pendingCheck = Optional.of(check);
      } else if (line.strip().startsWith("|") && pendingCheck.isPresent() && kind(pendingCheck.get().group(1)).orElse(null) == Kind.REASONS) {
        int start = i + 1;
        StringBuilder table = new StringBuilder();
        while (i < lines.size() && lines.get(i).strip().startsWith("|")) {
          table.append(lines.get(i).strip()).append('\n');
          i++;
        }
        i--;
        examples.add(new Example(guide, start, Kind.REASONS, words(pendingCheck.get().group(2)), table.toString(), Optional.empty(),
            List.of()));
        pendingCheck = Optional.empty();
        pendingExpect = Optional.empty();
      } else if (expect.matches()) {
        pendingExpect = Optional.of(expect);
      } else if (fence.matches()) {
        int start = i + 1;
        StringBuilder body = new StringBuilder();
        i++;
        while (i < lines.size() && !lines.get(i).strip().equals("```")) {
          body.append(lines.get(i)).append('\n');
          i++;
        }
        if (i == lines.size()) {
          problems.add(guide + ":" + start + ": a fenced block is never closed");
          return;
        }
        if (pendingCheck.isPresent()) {
          Matcher m = pendingCheck.get();
          Optional<Kind> kind = kind(m.group(1));
          if (kind.isEmpty()) {
            problems.add(guide + ":" + start + ": unknown check '" + m.group(1) + "'; known: " + List.of(Kind.values()));
          } else {
            last = new Example(guide, start, kind.get(), words(m.group(2)), body.toString(), Optional.empty(), List.of());
            examples.add(last);
            lastExpected = false;
          }
        } else if (pendingExpect.isPresent()) {
          if (last == null || lastExpected) {
            problems.add(guide + ":" + start + ": an expected output that follows no checked example");
          } else {
            Example withExpect = new Example(last.guide(), last.line(), last.kind(), last.arguments(), last.body(),
                Optional.of(body.toString()), words(pendingExpect.get().group(1)));
            examples.set(examples.size() - 1, withExpect);
            last = withExpect;
            lastExpected = true;
          }
        } else {
          problems.add(guide + ":" + start + ": a ```" + fence.group(1) + " block that no test checks: precede it with"
              + " <!-- check: KIND --> (see README.md, How the examples are checked)");
        }
        pendingCheck = Optional.empty();
        pendingExpect = Optional.empty();
      } else if (!line.isBlank()) {
        pendingCheck = Optional.empty();
        pendingExpect = Optional.empty();
      }
    }
  }

  private static Optional<Kind> kind(String name) {
    try {
      return Optional.of(Kind.valueOf(name.toUpperCase(java.util.Locale.ROOT).replace('-', '_')));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static List<String> words(String text) {
    String stripped = text.strip();
    return stripped.isEmpty() ? List.of() : List.of(stripped.split("\\s+"));
  }

  /**
   * Whether {@code actual} contains {@code expected}: objects by their expected fields, arrays by each
   * expected element matching a different actual element (in any order), scalars by equal text.
   */
  public static boolean contains(JsonNode actual, JsonNode expected) {
    if (expected.isObject()) {
      if (!actual.isObject()) {
        return false;
      }
      for (Iterator<Map.Entry<String, JsonNode>> fields = expected.fields(); fields.hasNext(); ) {
        Map.Entry<String, JsonNode> field = fields.next();
        if (!actual.has(field.getKey()) || !contains(actual.get(field.getKey()), field.getValue())) {
          return false;
        }
      }
      return true;
    }
    if (expected.isArray()) {
      if (!actual.isArray()) {
        return false;
      }
      List<JsonNode> left = new ArrayList<>();
      actual.forEach(left::add);
      for (JsonNode element : expected) {
        Optional<JsonNode> match = left.stream().filter(a -> contains(a, element)).findFirst();
        if (match.isEmpty()) {
          return false;
        }
        left.remove(match.get());
      }
      return true;
    }
    if (expected.isNull()) {
      return actual.isNull();
    }
    return actual.isValueNode() && actual.asText().equals(expected.asText());
  }
}
