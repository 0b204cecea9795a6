package io.dataflow.gateway.importer;

import static java.util.Objects.requireNonNull;

/** How the importer authenticates to Airflow. Secrets never appear in {@code toString()}. */
public sealed interface Authentication {

    /** No credentials (an Airflow with authentication switched off). */
    record Anonymous() implements Authentication {
    }

    /** HTTP basic authentication, the usual choice for Airflow 2's {@code basic_auth} backend. */
    record Basic(String username, String password) implements Authentication {
        public Basic {
            requireNonNull(username, "username is null");
            requireNonNull(password, "password is null");
        }

        @Override
        public String toString() {
            return "Basic[username=" + username + ", password=***]";
        }
    }

    /** A bearer token given directly (e.g. a JWT issued beforehand). */
    record Bearer(String token) implements Authentication {
        public Bearer {
            requireNonNull(token, "token is null");
            if (token.isBlank()) {
                throw new IllegalArgumentException("A bearer token must not be blank");
            }
        }

        @Override
        public String toString() {
            return "Bearer[token=***]";
        }
    }

    /**
     * Airflow 3's token flow: {@code POST /auth/token} with username and password, then the returned JWT
     * as a bearer token, fetched again when Airflow answers 401.
     */
    record TokenFlow(String username, String password) implements Authentication {
        public TokenFlow {
            requireNonNull(username, "username is null");
            requireNonNull(password, "password is null");
        }

        @Override
        public String toString() {
            return "TokenFlow[username=" + username + ", password=***]";
        }
    }
}
