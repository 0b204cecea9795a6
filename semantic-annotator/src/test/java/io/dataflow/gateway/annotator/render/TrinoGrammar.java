package io.dataflow.gateway.annotator.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.trino.sql.parser.SqlParser;
import io.trino.sql.tree.Node;
import io.trino.sql.tree.Statement;
import io.trino.sql.tree.StringLiteral;
import java.util.ArrayList;
import java.util.List;

/** Trino's own parser, to prove rendered SQL is one statement as Trino reads it. */
final class TrinoGrammar {

  private static final SqlParser PARSER = new SqlParser();

  private TrinoGrammar() {}

  /** Parses {@code sql} as exactly one Trino statement of type {@code kind}. */
  static <T extends Statement> T parse(String sql, Class<T> kind) {
    Statement statement = PARSER.createStatement(sql);
    assertThat(statement).as("Trino's reading of%n%s", sql).isInstanceOf(kind);
    return kind.cast(statement);
  }

  /** The values of every string literal in {@code node}, in tree order. */
  static List<String> stringLiterals(Node node) {
    List<String> values = new ArrayList<>();
    collect(node, values);
    return values;
  }

  private static void collect(Node node, List<String> values) {
    if (node instanceof StringLiteral literal) {
      values.add(literal.getValue());
    }
    for (Node child : node.getChildren()) {
      collect(child, values);
    }
  }
}
