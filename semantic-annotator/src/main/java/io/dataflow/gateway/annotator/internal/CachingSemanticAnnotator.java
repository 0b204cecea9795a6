package io.dataflow.gateway.annotator.internal;

import static java.util.Objects.requireNonNull;

import com.google.common.cache.Cache;
import com.google.common.cache.CacheBuilder;
import io.dataflow.gateway.annotator.Dialect;
import io.dataflow.gateway.annotator.SemanticAnnotator;
import io.dataflow.gateway.annotator.TableName;
import io.dataflow.gateway.annotator.TaskAnnotation;
import io.dataflow.gateway.annotator.schema.SchemaProvider;
import io.dataflow.gateway.annotator.schema.TableSchema;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the annotations of recently annotated tasks, so that annotating the same SQL again (every
 * time a DAG is read, a task planned or rendered) costs a lookup instead of an analysis. An
 * annotation is a function of the template, the dialect, the schedule unit and the answers the
 * schema provider gave for the tables it asked about; it is kept with those answers and reused
 * only when the provider gives the same answers again, so a changed table is re-analyzed.
 * Thread-safe.
 */
public final class CachingSemanticAnnotator implements SemanticAnnotator {

  /** Tasks kept; an annotation takes a few kilobytes. */
  private static final int MAXIMUM = 10_000;

  private record Key(String sqlTemplate, Dialect dialect, ChronoUnit scheduleUnit) {}

  private record Entry(TaskAnnotation annotation, Map<TableName, Optional<TableSchema>> lookups) {}

  private final SemanticAnnotator analysis = new CalciteSemanticAnnotator();
  private final Cache<Key, Entry> annotations =
      CacheBuilder.newBuilder().maximumSize(MAXIMUM).build();

  @Override
  public TaskAnnotation annotate(
      String sqlTemplate, Dialect dialect, SchemaProvider schema, ChronoUnit scheduleUnit) {
    requireNonNull(sqlTemplate, "sqlTemplate is null");
    requireNonNull(dialect, "dialect is null");
    requireNonNull(schema, "schema is null");
    requireNonNull(scheduleUnit, "scheduleUnit is null");
    Key key = new Key(sqlTemplate, dialect, scheduleUnit);
    Entry kept = annotations.getIfPresent(key);
    if (kept != null && SchemaAnswers.stillGivenBy(kept.lookups(), schema)) {
      return kept.annotation();
    }
    SchemaAnswers answers = new SchemaAnswers(schema);
    TaskAnnotation annotation = analysis.annotate(sqlTemplate, dialect, answers, scheduleUnit);
    annotations.put(key, new Entry(annotation, answers.given()));
    return annotation;
  }
}
