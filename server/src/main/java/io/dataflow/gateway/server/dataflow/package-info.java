/**
 * The running dataflow: task SQL compiled through the semantic annotator into the planner's graph,
 * snapshot events fed to the planner, and the planner's tasks executed on Trino as one-statement
 * partition replacements, with every run recorded.
 */
package io.dataflow.gateway.server.dataflow;
