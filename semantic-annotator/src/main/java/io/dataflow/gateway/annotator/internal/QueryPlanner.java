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
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.StandardConvertletTable;

/**
 * Validates a query against the schema and converts it to a {@link RelNode} whose cluster answers
 * metadata through {@link OuterJoinMetadata}. One instance per annotation: Calcite's validator keeps
 * state.
 */
final class QueryPlanner {

  /**
   * Pushes single-side join conditions into the join's inputs (only where outer-join semantics
   * allow) so predicates on the null-generating side of an outer join become filters of that side.
   */
  private static final HepProgram PUSH_FILTERS = new HepProgramBuilder()
      .addRuleInstance(CoreRules.FILTER_INTO_JOIN)
      .addRuleInstance(CoreRules.JOIN_CONDITION_PUSH)
      .build();

  private final DialectSettings settings;
  private final ProviderSchema schema;
  private final RelDataTypeFactory typeFactory = new JavaTypeFactoryImpl();

  QueryPlanner(DialectSettings settings, SchemaProvider provider) {
    this.settings = settings;
    this.schema = new ProviderSchema(provider);
  }

  /**
   * Validates and converts {@code query}.
   *
   * @throws org.apache.calcite.runtime.CalciteContextException when validation fails
   */
  RelNode plan(SqlNode query) {
    CalciteSchema root = CalciteSchema.createRootSchema(false, false, "", schema);
    Properties properties = new Properties();
    properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
    CalciteConnectionConfig config = new CalciteConnectionConfigImpl(properties);
    CalciteCatalogReader catalogReader =
        new CalciteCatalogReader(root, List.of(), typeFactory, config);
    SqlValidator validator = SqlValidatorUtil.newValidator(
        SqlOperatorTables.chain(settings.operatorTable(), catalogReader),
        catalogReader, typeFactory,
        SqlValidator.Config.DEFAULT
            .withConformance(settings.conformance())
            .withIdentifierExpansion(true));
    RexBuilder rexBuilder = new RexBuilder(typeFactory);
    HepPlanner planner = new HepPlanner(PUSH_FILTERS);
    RelOptCluster cluster = RelOptCluster.create(planner, rexBuilder);
    cluster.setMetadataProvider(OuterJoinMetadata.PROVIDER);
    cluster.setMetadataQuerySupplier(() -> new RelMetadataQuery(OuterJoinMetadata.HANDLERS));
    SqlToRelConverter converter = new SqlToRelConverter(
        (rowType, queryString, schemaPath, viewPath) -> {
          throw new UnsupportedOperationException("Views are not expanded");
        },
        validator, catalogReader, cluster, StandardConvertletTable.INSTANCE,
        SqlToRelConverter.config().withExpand(true).withTrimUnusedFields(false));
    SqlNode validated = validator.validate(query);
    RelNode rel = converter.convertQuery(validated, false, true).project();
    planner.setRoot(rel);
    return planner.findBestExp();
  }
}
