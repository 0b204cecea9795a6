/**
 * File access for the catalog: a {@link org.apache.iceberg.io.FileIO} over the local file system, so the
 * embedded warehouse needs no Hadoop, and the choice of FileIO for a warehouse location.
 */
package io.dataflow.gateway.catalog.io;
