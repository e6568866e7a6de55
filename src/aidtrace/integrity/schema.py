"""Tables of the integrity monitors: the trained model, clusters, and linked households."""

from aidtrace.store.migrations import Migration, register

MIGRATIONS = register(
    "integrity",
    [
        Migration(
            1,
            "linkage model, duplicate clusters, households linked as one family",
            (
                # Every trained model is kept: an alert names the model that scored it.
                "CREATE TABLE integrity_models (model_id VARCHAR PRIMARY KEY, "
                "trained_at TIMESTAMPTZ NOT NULL, records BIGINT NOT NULL, "
                "settings_json VARCHAR NOT NULL)",
                "CREATE TABLE integrity_clusters (person_id VARCHAR PRIMARY KEY, "
                "cluster_id VARCHAR NOT NULL, model_id VARCHAR NOT NULL)",
                "CREATE TABLE integrity_household_groups (household_id VARCHAR PRIMARY KEY, "
                "group_id VARCHAR NOT NULL)",
            ),
        )
    ],
)
