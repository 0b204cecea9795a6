/**
 * What the annotator knows about tables: their columns with types and their partition columns,
 * behind {@link io.dataflow.gateway.annotator.schema.SchemaProvider} (the Iceberg catalog at run
 * time, {@link io.dataflow.gateway.annotator.schema.MapSchemaProvider} in tests).
 */
package io.dataflow.gateway.annotator.schema;
