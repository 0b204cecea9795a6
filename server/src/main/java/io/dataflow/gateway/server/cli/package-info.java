/** Command-line commands of the gateway. */
package io.dataflow.gateway.server.cli;
