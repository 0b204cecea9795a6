package io.dataflow.gateway.server.fallback;

import io.dataflow.gateway.trino.QueryResult;
import io.dataflow.gateway.trino.TrinoClient;
import io.dataflow.gateway.trino.TrinoQueryException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Runs the statements of a {@link FallbackAction.TrinoSql} as they are, one after the other, with the
 * run's macros rendered; the first that fails ends the run, naming it.
 */
final class TrinoSqlRunner {

  /** Rows of a query result written to the output; the count says how many there were. */
  private static final int ROWS_SHOWN = 100;

  private final int outputLimit;
  private final Supplier<TrinoClient> trino;

  TrinoSqlRunner(int outputLimit, Supplier<TrinoClient> trino) {
    this.outputLimit = outputLimit;
    this.trino = trino;
  }

  RunOutcome run(FallbackAction.TrinoSql action, RunContext context) {
    BoundedOutput output = new BoundedOutput(outputLimit);
    List<String> statements = action.statements();
    Optional<String> lastQuery = Optional.empty();
    for (int i = 0; i < statements.size(); i++) {
      AtomicReference<String> queryId = new AtomicReference<>();
      if (statements.size() > 1) {
        output.write("-- statement " + (i + 1) + " of " + statements.size() + "\n");
      }
      try {
        QueryResult result = trino.get().execute(context.render(statements.get(i)), List.of(), action.timeout(), queryId::set);
        lastQuery = Optional.of(result.queryId());
        if (result.isUpdate()) {
          output.write("updated " + result.updateCount().getAsLong() + " rows\n");
        } else {
          output.write(String.join("\t", result.columnNames()) + "\n");
          result.rows().stream().limit(ROWS_SHOWN).forEach(row -> output.write(
              String.join("\t", row.stream().map(String::valueOf).toList()) + "\n"));
          output.write("(" + result.rows().size() + " rows)\n");
        }
      } catch (TrinoQueryException e) {
        String which = statements.size() > 1 ? "statement " + (i + 1) + " of " + statements.size() + " failed"
            + (i > 0 ? " (the " + i + " before it ran and stay applied)" : "") + ": " : "";
        return new RunOutcome(false, Optional.empty(), output.text(), Optional.of(which + e.getMessage()),
            e.queryId().or(() -> Optional.ofNullable(queryId.get())));
      }
    }
    return new RunOutcome(true, Optional.empty(), output.text(), Optional.empty(), lastQuery);
  }
}
