/** The migration guides' examples, read from the repository so that tests can run each of them. */
package io.dataflow.gateway.server.guides;
