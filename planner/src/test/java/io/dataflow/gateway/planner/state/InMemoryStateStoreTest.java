package io.dataflow.gateway.planner.state;

class InMemoryStateStoreTest extends StateStoreContract {
  @Override
  protected StateStore newStore() {
    return new InMemoryStateStore();
  }
}
