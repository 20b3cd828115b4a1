-- role_reach: a view of the privilege graph (src/core/privgraph/views.ts).
-- The rows come from the deriver, which reads the priv_graph fact (fact.json "facts"); the
-- query only has to exist.
SELECT NULL::int AS nothing WHERE false
