package io.dataflow.gateway.annotator.internal;

import io.dataflow.gateway.annotator.TableName;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.externalize.RelWriterImpl;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlExplainLevel;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.dialect.AnsiSqlDialect;
import org.apache.calcite.util.Pair;

/**
 * A task's fingerprint: SHA-256 of a canonical text of what it computes and where it writes it.
 *
 * <p>For a resolved task the text is Calcite's plan, so formatting, comments, keyword case,
 * quoting, CTE and table alias names are gone already; on top of that the operands of commutative
 * operators ({@code AND}, {@code OR}, {@code =}, {@code <>}, {@code +}, {@code *}) are sorted and
 * the names a projection or aggregate gives its columns are left out (the INSERT fills columns by
 * position; a CTAS's column names are part of the text as the written columns). For a task read only
 * syntactically, the text is the parsed statement written back in one canonical form, which
 * normalizes formatting, comments, keyword case and quoting but not aliases or operand order.
 */
final class Fingerprints {

  /**
   * A fresh SHA-256 digest to clone: {@code MessageDigest.getInstance} looks the algorithm up among
   * the security providers on every call, which cost a quarter of the fingerprint.
   */
  private static final MessageDigest SHA_256 = sha256();

  private Fingerprints() {}

  private static MessageDigest sha256() {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.clone(); // every JDK's SHA-256 can be cloned; fail here, not at the first task
      return digest;
    } catch (NoSuchAlgorithmException | CloneNotSupportedException e) {
      throw new IllegalStateException("Every Java runtime has a cloneable SHA-256", e);
    }
  }

  static String ofPlan(TaskShape shape, List<String> columns, RelNode plan) {
    RelNode ordered = plan.accept(new RelHomogeneousShuttle() {
      @Override
      public RelNode visit(RelNode other) {
        return super.visit(other).accept(new CommutativeOrder());
      }
    });
    StringWriter text = new StringWriter();
    ordered.explain(new CanonicalWriter(new PrintWriter(text)));
    return hash("plan", shape, columns, text.toString());
  }

  static String ofSyntax(TaskShape shape) {
    String query = shape.query().map(Fingerprints::canonicalSql).orElse("");
    String delete = shape.deleteCondition().map(Fingerprints::canonicalSql).orElse("");
    return hash("syntax", shape, shape.insertColumns().orElse(List.of()), query + "|" + delete);
  }

  private static String canonicalSql(SqlNode node) {
    return node.toSqlString(AnsiSqlDialect.DEFAULT).getSql().replaceAll("\\s+", " ");
  }

  private static String hash(String basis, TaskShape shape, List<String> columns, String body) {
    StringBuilder text = new StringBuilder(basis).append('\n')
        .append(shape.target().map(TableName::toString).orElse("")).append('\n')
        .append(shape.writeMode().map(Enum::name).orElse("")).append('\n')
        .append(columns).append('\n');
    for (Map.Entry<String, String> partition : shape.staticPartitions().entrySet()) {
      text.append(partition.getKey()).append('=')
          .append(partition.getValue().replaceAll("\\s+", " ")).append('\n');
    }
    text.append(body);
    MessageDigest sha;
    try {
      sha = (MessageDigest) SHA_256.clone();
    } catch (CloneNotSupportedException e) {
      throw new IllegalStateException("SHA-256 was cloned when the class was loaded", e);
    }
    return java.util.HexFormat.of().formatHex(
        sha.digest(text.toString().getBytes(StandardCharsets.UTF_8)));
  }

  /** Sorts the operands of commutative calls by their text, innermost first. */
  private static final class CommutativeOrder extends RexShuttle {
    @Override
    public RexNode visitCall(RexCall call) {
      RexNode visited = super.visitCall(call);
      if (!(visited instanceof RexCall rex)) {
        return visited;
      }
      SqlKind kind = rex.getKind();
      if (kind != SqlKind.AND && kind != SqlKind.OR && kind != SqlKind.EQUALS
          && kind != SqlKind.NOT_EQUALS && kind != SqlKind.PLUS && kind != SqlKind.TIMES) {
        return rex;
      }
      List<RexNode> operands = new ArrayList<>(kind == SqlKind.AND ? RexUtil.flattenAnd(rex.getOperands())
          : kind == SqlKind.OR ? RexUtil.flattenOr(rex.getOperands()) : rex.getOperands());
      operands.sort(Comparator.comparing(RexNode::toString));
      return rex.clone(rex.getType(), operands);
    }
  }

  /**
   * Writes a plan as nested {@code Type[value]…(inputs)} text, without the names a projection or
   * aggregate gives its columns (aliases) and with table names in lower case.
   */
  private static final class CanonicalWriter extends RelWriterImpl {
    private final PrintWriter out;

    CanonicalWriter(PrintWriter out) {
      super(out, SqlExplainLevel.DIGEST_ATTRIBUTES, false);
      this.out = out;
    }

    @Override
    protected void explain_(RelNode rel, List<Pair<String, Object>> values) {
      out.append(rel.getRelTypeName());
      if (rel instanceof TableScan scan) {
        out.append('[').append(new TableName(scan.getTable().getQualifiedName()).toString())
            .append(']');
      } else {
        for (Pair<String, Object> value : values) {
          if (value.right instanceof RelNode) {
            continue;
          }
          Optional<String> key = key(rel, value.left);
          out.append('[').append(key.map(k -> k + "=").orElse(""))
              .append(String.valueOf(value.right)).append(']');
        }
      }
      out.append('(');
      for (RelNode input : rel.getInputs()) {
        input.explain(this);
      }
      out.append(')');
    }

    private static Optional<String> key(RelNode rel, String key) {
      if (rel instanceof Project
          || rel instanceof Aggregate && !key.equals("group") && !key.equals("groups")) {
        return Optional.empty();
      }
      return Optional.of(key);
    }
  }
}
