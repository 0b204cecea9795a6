/** The gateway's REST API under {@code /api/v1}: thin resources over the modules. */
package io.dataflow.gateway.server.resources;
