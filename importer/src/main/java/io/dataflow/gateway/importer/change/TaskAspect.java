package io.dataflow.gateway.importer.change;

/** A part of a task's definition whose change is reported on its own. */
public enum TaskAspect {
    /** Operator module and class, and the operator's template fields (as a set). */
    OPERATOR,
    /** Downstream task ids and the trigger rule. */
    DEPENDENCIES,
    /**
     * The SQL statements (line endings and trailing blanks normalized); whether the SQL is recovered at all,
     * but not how or how surely.
     */
    SQL,
    /** Connection id and database. */
    CONNECTION,
    /** Retries, retry delay, execution timeout and pool. */
    EXECUTION,
    /** Inlets and outlets. */
    DATASETS
}
