package io.dataflow.gateway.importer.change;

/** A part of a DAG's definition whose change is reported on its own. */
public enum DagAspect {
    /** Description, owners (as a set) and tags. */
    METADATA,
    /** The schedule (cron and timezone, preset, timedelta, dataset condition, timetable), start and end dates, catchup. */
    SCHEDULE,
    /** The limit of concurrently active runs. */
    LIMITS,
    /** The DAG params and their default values. */
    PARAMS,
    /** The datasets/assets the DAG produces and those that schedule it. */
    DATASETS,
    /** The set of tasks and each task's content; see {@link TaskAspect} for what counts in a task. */
    TASKS
}
