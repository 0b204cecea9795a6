package io.dataflow.gateway.annotator.internal;

import io.dataflow.gateway.annotator.schema.SchemaProvider;
import java.util.List;
import java.util.Properties;
import org.apache.calcite.config.CalciteConnectionConfig;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;

/**
 * Validates a query against the schema and converts it to a {@link RelNode} whose cluster answers
 * metadata through {@link OuterJoinMetadata}. One instance per annotation.
 */
final class QueryPlanner {

  /**
   * Pushes single-side join conditions into the join's inputs (only where outer-join semantics
   * allow) so predicates on the null-generating side of an outer join become filters of that side.
   */
  private static final HepProgram PUSH_FILTERS = new HepProgramBuilder()
      .addRuleInstance(CoreRules.FILTER_INTO_JOIN)
      .addRuleInstance(CoreRules.JOIN_CONDITION_PUSH)
      // t.day = ds with ON o.order_day = t.day bounds o.order_day too
      .addRuleInstance(CoreRules.JOIN_PUSH_TRANSITIVE_PREDICATES)
      .addRuleInstance(CoreRules.FILTER_INTO_JOIN)
      .build();

  private static final CalciteConnectionConfig CONFIG = new CaseInsensitiveConfig();

  private static final SqlToRelConverter.Config CONVERTER =
      SqlToRelConverter.config().withExpand(true).withTrimUnusedFields(false);

  /**
   * Names are matched case-insensitively. The catalog reader asks once per annotation, and the
   * configuration built from properties would parse them again each time.
   */
  private static final class CaseInsensitiveConfig extends CalciteConnectionConfigImpl {
    CaseInsensitiveConfig() {
      super(properties(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false"));
    }

    @Override
    public boolean caseSensitive() {
      return false;
    }

    private static Properties properties(String key, String value) {
      Properties properties = new Properties();
      properties.setProperty(key, value);
      return properties;
    }
  }

  private final DialectSettings settings;
  private final RelDataTypeFactory typeFactory = new JavaTypeFactoryImpl();
  private final RexBuilder rexBuilder = new RexBuilder(typeFactory);
  private final CalciteCatalogReader catalogReader;

  /**
   * A planner for the queries of one annotation. Schema, catalog reader, type factory and
   * {@code RexBuilder} hold no per-query state, so the task's query and its DELETE condition share
   * them, and a table is looked up in the provider once; validator, converter and planner are made
   * per query because they do.
   */
  QueryPlanner(DialectSettings settings, SchemaProvider provider) {
    this.settings = settings;
    CalciteSchema root =
        CalciteSchema.createRootSchema(false, false, "", new ProviderSchema(provider));
    this.catalogReader = new CalciteCatalogReader(root, List.of(), typeFactory, CONFIG);
  }

  /**
   * Validates and converts {@code query}.
   *
   * @throws org.apache.calcite.runtime.CalciteContextException when validation fails
   */
  RelNode plan(SqlNode query) {
    SqlValidator validator = SqlValidatorUtil.newValidator(
        settings.operatorTable(),
        catalogReader, typeFactory,
        SqlValidator.Config.DEFAULT
            .withConformance(settings.conformance())
            .withIdentifierExpansion(false));
    HepPlanner planner = new HepPlanner(PUSH_FILTERS);
    planner.setExecutor(ConstantFolding.INSTANCE);
    RelOptCluster cluster = RelOptCluster.create(planner, rexBuilder);
    cluster.setMetadataProvider(OuterJoinMetadata.PROVIDER);
    cluster.setMetadataQuerySupplier(() -> new RelMetadataQuery(OuterJoinMetadata.HANDLERS));
    SqlToRelConverter converter = new SqlToRelConverter(
        (rowType, queryString, schemaPath, viewPath) -> {
          throw new UnsupportedOperationException("Views are not expanded");
        },
        validator, catalogReader, cluster, StandardConvertletTable.INSTANCE, CONVERTER);
    SqlNode validated = validator.validate(query);
    RelNode rel = converter.convertQuery(validated, false, true).project();
    if (hasCorrelation(rel)) {
      // EXISTS and correlated subqueries become joins, which the metadata handlers can read
      rel = converter.decorrelate(validated, rel);
    }
    if (!hasJoin(rel)) {
      return rel; // both rules act on joins only
    }
    planner.setRoot(rel);
    return planner.findBestExp();
  }

  private static boolean hasCorrelation(RelNode rel) {
    if (rel instanceof org.apache.calcite.rel.core.Correlate) {
      return true;
    }
    for (RelNode input : rel.getInputs()) {
      if (hasCorrelation(input)) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasJoin(RelNode rel) {
    if (rel instanceof Join) {
      return true;
    }
    for (RelNode input : rel.getInputs()) {
      if (hasJoin(input)) {
        return true;
      }
    }
    return false;
  }
}
