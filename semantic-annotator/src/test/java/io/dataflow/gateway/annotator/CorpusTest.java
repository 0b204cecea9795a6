package io.dataflow.gateway.annotator;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.annotator.CorpusCase.Category;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every task of the {@link Corpus} is annotated as its case says; the per-category report (corpus
 * size and share of each semantics class) goes to the test log and to
 * {@code target/corpus-report.txt}.
 */
class CorpusTest {

  static Stream<CorpusCase> cases() {
    return Corpus.cases().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void eachTaskIsAnnotatedAsExpected(CorpusCase corpusCase) {
    corpusCase.check();
  }

  @Test
  void theCorpusCoversEveryCategoryAndIsReported() throws IOException {
    List<CorpusCase> cases = Corpus.cases();
    Map<Category, Map<SemanticsClass, Integer>> counts = new EnumMap<>(Category.class);
    Map<SemanticsClass, Integer> total = new EnumMap<>(SemanticsClass.class);
    for (CorpusCase corpusCase : cases) {
      SemanticsClass actual = SemanticAnnotator.create()
          .annotate(corpusCase.sql(), corpusCase.dialect(), corpusCase.schema()).semantics();
      counts.computeIfAbsent(corpusCase.category(), c -> new EnumMap<>(SemanticsClass.class))
          .merge(actual, 1, Integer::sum);
      total.merge(actual, 1, Integer::sum);
    }
    String report = report(counts, total, cases.size());
    System.out.println(report);
    Path target = Path.of("target");
    Files.createDirectories(target);
    Files.writeString(target.resolve("corpus-report.txt"), report, StandardCharsets.UTF_8);

    assertThat(cases).hasSizeGreaterThanOrEqualTo(60);
    assertThat(counts.keySet()).containsExactlyInAnyOrder(Category.values());
    assertThat(total.keySet()).as("every class occurs").containsExactlyInAnyOrder(SemanticsClass.values());
  }

  private static String report(Map<Category, Map<SemanticsClass, Integer>> counts,
      Map<SemanticsClass, Integer> total, int size) {
    StringBuilder text = new StringBuilder("Annotator corpus: " + size + " tasks\n");
    text.append(String.format(Locale.ROOT, "%-22s %5s %7s %7s %7s %7s%n",
        "category", "tasks", "MAP", "PARTIAL", "FULL", "OPAQUE"));
    counts.forEach((category, classes) -> text.append(line(category.name(), classes)));
    text.append(line("all", total));
    return text.toString();
  }

  private static String line(String name, Map<SemanticsClass, Integer> classes) {
    int n = classes.values().stream().mapToInt(Integer::intValue).sum();
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-22s %5d", name, n));
    for (SemanticsClass semantics : SemanticsClass.values()) {
      line.append(String.format(Locale.ROOT, " %6.1f%%", 100.0 * classes.getOrDefault(semantics, 0) / n));
    }
    return line.append('\n').toString();
  }
}
