/**
 * Airflow template expressions ({@code {{ ds }}}, {@code {{ macros.ds_add(ds, -6) }}} …) turned into
 * typed parameters before the SQL reaches a parser. Only a small, known grammar of expressions is
 * accepted; anything else (arbitrary Jinja, attribute access, filters) is refused with its position,
 * because a template we do not understand could read any partition.
 */
package io.dataflow.gateway.annotator.template;
