package io.dataflow.gateway.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

  @Test
  void labelValuesEscapeBackslashQuoteAndLineFeed() {
    String text = new PrometheusText()
        .gauge("g", "help", "dataset", Map.of("a\\b \"c\"\nd", 3L))
        .toString();

    assertThat(text).contains("g{dataset=\"a\\\\b \\\"c\\\"\\nd\"} 3\n");
    assertThat(PrometheusExposition.parse(text)).containsEntry("g{dataset=\"a\\\\b \\\"c\\\"\\nd\"}", 3.0);
  }

  @Test
  void helpTextEscapesBackslashAndLineFeedButNotQuotes() {
    String text = new PrometheusText().counter("c_total", "one \\ two\n\"three\"", 1).toString();

    assertThat(text).startsWith("# HELP c_total one \\\\ two\\n\"three\"\n# TYPE c_total counter\nc_total 1\n");
  }

  @Test
  void histogramBucketsAreCumulativeAndEndWithInfEqualToTheCount() {
    Histogram histogram = new Histogram(List.of(0.5, 1.0, 2.0));
    histogram.observe(0.1);
    histogram.observe(1.0);
    histogram.observe(1.5);
    histogram.observe(7.0);

    String text = new PrometheusText().histogram("h_seconds", "help", histogram.snapshot()).toString();

    assertThat(text).isEqualTo("""
        # HELP h_seconds help
        # TYPE h_seconds histogram
        h_seconds_bucket{le="0.5"} 1
        h_seconds_bucket{le="1.0"} 2
        h_seconds_bucket{le="2.0"} 3
        h_seconds_bucket{le="+Inf"} 4
        h_seconds_sum 9.6
        h_seconds_count 4
        """);
    assertThat(PrometheusExposition.parse(text)).hasSize(6);
  }

  @Test
  void anEmptyHistogramStillHasEveryBucket() {
    String text = new PrometheusText().histogram("h", "help", new Histogram(List.of(1.0)).snapshot()).toString();

    assertThat(PrometheusExposition.parse(text))
        .containsEntry("h_bucket{le=\"1.0\"}", 0.0)
        .containsEntry("h_bucket{le=\"+Inf\"}", 0.0)
        .containsEntry("h_sum", 0.0)
        .containsEntry("h_count", 0.0);
  }

  @Test
  void invalidNamesAndBoundsAreRejected() {
    assertThatThrownBy(() -> new PrometheusText().counter("runs-total", "help", 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid metric name 'runs-total'");
    assertThatThrownBy(() -> new PrometheusText().gauge("g", "help", "1st", Map.of("x", 1L)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid label name '1st'");
    assertThatThrownBy(() -> new Histogram(List.of(2.0, 1.0)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("strictly ascending");
  }

  @Test
  void theParserRejectsASampleWithoutATypeLine() {
    assertThatThrownBy(() -> PrometheusExposition.parse("# HELP x help\nx 1\n"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("without a TYPE line");
    assertThatThrownBy(() -> PrometheusExposition.parse("# TYPE x gauge\nx{a=\"unterminated} 1\n"))
        .isInstanceOf(AssertionError.class).hasMessageContaining("neither a comment nor a sample");
  }
}
