package io.dataflow.gateway.server.fallback;

import io.dataflow.gateway.trino.QueryResult;
import io.dataflow.gateway.trino.TrinoClient;
import io.dataflow.gateway.trino.TrinoQueryException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Runs a {@link FallbackAction.TrinoSql} statement as it is, with the run's macros rendered. */
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
    AtomicReference<String> queryId = new AtomicReference<>();
    try {
      QueryResult result = trino.get().execute(context.render(action.sql()), List.of(), action.timeout(), queryId::set);
      BoundedOutput output = new BoundedOutput(outputLimit);
      if (result.isUpdate()) {
        output.write("updated " + result.updateCount().getAsLong() + " rows\n");
      } else {
        output.write(String.join("\t", result.columnNames()) + "\n");
        result.rows().stream().limit(ROWS_SHOWN).forEach(row -> output.write(
            String.join("\t", row.stream().map(String::valueOf).toList()) + "\n"));
        output.write("(" + result.rows().size() + " rows)\n");
      }
      return new RunOutcome(true, Optional.empty(), output.text(), Optional.empty(), Optional.of(result.queryId()));
    } catch (TrinoQueryException e) {
      return new RunOutcome(false, Optional.empty(), "", Optional.of(e.getMessage()),
          e.queryId().or(() -> Optional.ofNullable(queryId.get())));
    }
  }
}
