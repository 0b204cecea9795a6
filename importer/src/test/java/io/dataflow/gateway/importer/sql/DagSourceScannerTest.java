package io.dataflow.gateway.importer.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.dataflow.gateway.importer.sql.DagSourceScanner.Lookup;
import io.dataflow.gateway.importer.sql.DagSourceScanner.OperatorCall;
import io.dataflow.gateway.importer.sql.DagSourceScanner.PyValue;
import java.util.List;
import org.junit.jupiter.api.Test;

class DagSourceScannerTest {

    private static OperatorCall call(String source, String taskId) {
        Lookup lookup = DagSourceScanner.find(source, taskId);
        assertThat(lookup).isInstanceOf(Lookup.Found.class);
        return ((Lookup.Found) lookup).call();
    }

    @Test
    void readsATripleQuotedSqlLiteralOfTheTaskWithThatId() {
        String source = """
                other = SQLExecuteQueryOperator(task_id="other", sql="SELECT 2")
                t = SQLExecuteQueryOperator(
                    task_id='load',  # the loader
                    conn_id="trino_default",
                    sql=\"\"\"SELECT *
                FROM t WHERE day = '{{ ds }}'\"\"\",
                )
                """;
        OperatorCall call = call(source, "load");
        assertThat(call.callee()).isEqualTo("SQLExecuteQueryOperator");
        assertThat(call.line()).isEqualTo(2);
        assertThat(call.keywords().get("sql")).isEqualTo(new PyValue.Str("SELECT *\nFROM t WHERE day = '{{ ds }}'"));
        assertThat(call.keywords().get("conn_id")).isEqualTo(new PyValue.Str("trino_default"));
    }

    @Test
    void joinsImplicitlyConcatenatedLiteralsAndDecodesEscapes() {
        String source = "op = sql.SQLExecuteQueryOperator(task_id=\"x\", sql=(\"SELECT 'it\\\\'s'\\n\"\n   'FROM t'))";
        assertThat(call(source, "x").callee()).isEqualTo("sql.SQLExecuteQueryOperator");
        assertThat(call(source, "x").keywords().get("sql")).isEqualTo(new PyValue.StrList(List.of("SELECT 'it\\'s'\nFROM t")));
    }

    @Test
    void readsAListOfStatements() {
        String source = "T(task_id='x', sql=['DELETE FROM a', r'INSERT INTO a SELECT \\d',],)";
        assertThat(call(source, "x").keywords().get("sql"))
                .isEqualTo(new PyValue.StrList(List.of("DELETE FROM a", "INSERT INTO a SELECT \\d")));
    }

    @Test
    void reportsFStringsNamesAndCallsAsExpressions() {
        assertThat(call("T(task_id='x', sql=f\"SELECT {col}\")", "x").keywords().get("sql"))
                .isEqualTo(new PyValue.Expression("f\"SELECT {col}\""));
        assertThat(call("T(task_id='x', sql=QUERY)", "x").keywords().get("sql"))
                .isEqualTo(new PyValue.Expression("QUERY"));
        assertThat(call("T(task_id='x', sql=dedent('''SELECT 1'''), retries=2)", "x").keywords().get("sql"))
                .isEqualTo(new PyValue.Expression("dedent('''SELECT 1''')"));
    }

    @Test
    void ignoresTaskIdsInCommentsStringsAndOtherCalls() {
        String source = """
                # T(task_id='x', sql='wrong')
                doc = "T(task_id='x', sql='wrong too')"
                T(task_id='x', sql='SELECT 1')
                """;
        assertThat(call(source, "x").keywords().get("sql")).isEqualTo(new PyValue.Str("SELECT 1"));
    }

    @Test
    void aTaskIdUsedTwiceOrNeverIsMissingWithTheReason() {
        assertThat(DagSourceScanner.find("T(task_id='x')\nT(task_id='x')", "x"))
                .isEqualTo(new Lookup.Missing("task_id='x' appears in 2 calls of the DAG source (lines [1, 2])"));
        assertThat(DagSourceScanner.find("T(task_id=name)", "x"))
                .isEqualTo(new Lookup.Missing("no call with task_id='x' as a literal in the DAG source"));
    }
}
