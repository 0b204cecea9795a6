package io.dataflow.gateway.importer.model;

/** How a task's SQL template was obtained. */
public enum SqlOrigin {
    /** The operator's {@code sql=} argument is a string literal (or a list of them) in the DAG file. */
    DAG_SOURCE,
    /**
     * Reconstructed from the rendered SQL of several runs: each literal that moves with the logical date
     * was replaced by the template expression that produces it.
     */
    DE_RENDERED,
    /** The rendered SQL is identical in every run and contains nothing that moves with the date. */
    RENDERED_CONSTANT
}
