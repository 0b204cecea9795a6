/**
 * Snapshot events: what each committed Iceberg snapshot changed, derived exactly from its manifests,
 * recorded durably in an outbox and delivered in commit order to in-process subscribers.
 */
package io.dataflow.gateway.catalog.events;
