-- since: 0.4.0
-- Every document an agent posted through sec_check.record_run, by digest: record_run refuses
-- a document whose digest is already here (a replay, whoever posts it) and one whose claimed
-- finish time is not later than the poster's newest (an older report sent again, or out of
-- order). Not tied to sec_check.runs: a purge of the run must not make its document
-- acceptable again. Written only by record_run (SECURITY DEFINER); granted to nobody.
CREATE TABLE sec_check.agent_posts (
  digest              text PRIMARY KEY,
  posted_by           name NOT NULL,
  claimed_finished_at timestamptz NOT NULL,
  run_id              bigint NOT NULL,
  posted_at           timestamptz NOT NULL DEFAULT pg_catalog.now()
);

CREATE INDEX agent_posts_poster_idx ON sec_check.agent_posts (posted_by, claimed_finished_at);
COMMENT ON INDEX sec_check.agent_posts_poster_idx IS 'The newest claimed finish time of each poster (record_run''s monotonic check).';

COMMENT ON TABLE sec_check.agent_posts IS
  'Agent posts accepted by sec_check.record_run: sha256 of the posted document, the posting role, the finish time the document claimed and the run stored. Used to refuse replays and out-of-order reports; kept when runs are purged.';

COMMENT ON COLUMN sec_check.agent_posts.digest IS 'sha256 (hex) of the posted document as received: the same document is never stored twice.';
COMMENT ON COLUMN sec_check.agent_posts.posted_by IS 'Session user that posted it.';
COMMENT ON COLUMN sec_check.agent_posts.claimed_finished_at IS 'The run.finished_at the document claimed; each poster''s next post must claim a later time.';
COMMENT ON COLUMN sec_check.agent_posts.run_id IS 'The run stored for it (kept after that run is purged).';
COMMENT ON COLUMN sec_check.agent_posts.posted_at IS 'When the server accepted it.';

SELECT pg_catalog.pg_extension_config_dump('sec_check.agent_posts', '');
