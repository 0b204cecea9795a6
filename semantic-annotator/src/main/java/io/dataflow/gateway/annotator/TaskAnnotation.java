package io.dataflow.gateway.annotator;

import static java.util.Objects.requireNonNull;

import io.dataflow.gateway.annotator.template.TemplateParameter;
import java.util.List;
import java.util.Optional;

/**
 * What the annotator understood of one task's SQL.
 *
 * @param dialect the dialect it was parsed in
 * @param mode whether tables were resolved against a schema or only the syntax was read
 * @param parameters the template parameters, typed
 * @param inputs every table read, once each, in order of first appearance
 * @param output the table written, empty for a task that only reads
 * @param lineage for each output column, where it comes from (empty in syntactic mode)
 * @param semantics the semantics class
 * @param reason why that class, in words a person can check
 * @param notes what was assumed or could not be determined (for example why the analysis fell back
 *     to syntax)
 * @param fingerprint 64 hex digits that stand for what the task computes and where it writes it:
 *     equal for SQL that differs only in formatting, comments, keyword case, quoting, alias names
 *     or the order of commutative operands, different when the plan differs. Taken from Calcite's
 *     plan in {@link AnalysisMode#RESOLVED} mode; in {@link AnalysisMode#SYNTACTIC} mode from the
 *     parsed statement, which normalizes formatting, comments, keyword case and quoting only
 */
public record TaskAnnotation(
    Dialect dialect,
    AnalysisMode mode,
    List<TemplateParameter> parameters,
    List<InputTable> inputs,
    Optional<OutputTable> output,
    List<ColumnLineage> lineage,
    SemanticsClass semantics,
    String reason,
    List<String> notes,
    String fingerprint) {

  private static final java.util.regex.Pattern SHA_256 = java.util.regex.Pattern.compile("[0-9a-f]{64}");

  public TaskAnnotation {
    requireNonNull(dialect, "dialect is null");
    requireNonNull(mode, "mode is null");
    parameters = List.copyOf(requireNonNull(parameters, "parameters is null"));
    inputs = List.copyOf(requireNonNull(inputs, "inputs is null"));
    requireNonNull(output, "output is null");
    lineage = List.copyOf(requireNonNull(lineage, "lineage is null"));
    requireNonNull(semantics, "semantics is null");
    requireNonNull(reason, "reason is null");
    if (reason.isBlank()) {
      throw new IllegalArgumentException("A semantics class needs its reason");
    }
    notes = List.copyOf(requireNonNull(notes, "notes is null"));
    requireNonNull(fingerprint, "fingerprint is null");
    if (!SHA_256.matcher(fingerprint).matches()) {
      throw new IllegalArgumentException(
          "Invalid fingerprint '%s': expected 64 lower-case hex digits".formatted(fingerprint));
    }
  }

  /** The input called {@code table}. */
  public Optional<InputTable> input(TableName table) {
    return inputs.stream().filter(i -> i.table().equals(table)).findFirst();
  }

  /** The lineage of output column {@code column}. */
  public Optional<ColumnLineage> lineageOf(String column) {
    return lineage.stream().filter(l -> l.column().equalsIgnoreCase(column)).findFirst();
  }
}
