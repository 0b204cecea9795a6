package io.dataflow.gateway.importer;

/** The Airflow REST API generation a deployment speaks. */
public enum AirflowVersion {
    /** Airflow 2.x, stable REST API under {@code /api/v1}. */
    AIRFLOW_2("v1"),
    /** Airflow 3.x, public REST API under {@code /api/v2}. */
    AIRFLOW_3("v2");

    private final String api;

    AirflowVersion(String api) {
        this.api = api;
    }

    /** The API name used in snapshots: {@code v1} or {@code v2}. */
    public String api() {
        return api;
    }

    /** The version whose API name is {@code api}. */
    public static AirflowVersion ofApi(String api) {
        for (AirflowVersion v : values()) {
            if (v.api.equals(api)) {
                return v;
            }
        }
        throw new IllegalArgumentException("Unknown Airflow API '" + api + "', expected v1 or v2");
    }
}
