-- Latest minor release of every PostgreSQL major version, as known on 2026-11-12
-- (the November 2026 quarterly release). Values for the release after 2026-05 are
-- projected from the quarterly schedule; verify them before relying on them.
-- HOW TO UPDATE: after each quarterly release (second Thursday of Feb/May/Aug/Nov),
-- edit the rows from https://www.postgresql.org/support/versioning/ (major, latest minor,
-- final-release/end-of-life date), set table_date below, rebuild (npm run build).
-- docs/checks.md, section "Updating the version table", repeats this.
WITH latest(major, latest_minor, eol) AS (
  VALUES (18, 6, date '2030-11-14'),
         (17, 12, date '2029-11-08'),
         (16, 16, date '2028-11-09'),
         (15, 20, date '2027-11-11'),
         (14, 25, date '2026-11-12'),
         (13, 23, date '2025-11-13')
)
SELECT current_setting('server_version') AS version,
       current_setting('server_version_num')::int AS version_num,
       current_setting('server_version_num')::int / 10000 AS major,
       current_setting('server_version_num')::int % 10000 AS minor,
       l.latest_minor,
       l.eol::text AS eol_date,
       l.eol <= current_date AS eol_passed,
       (SELECT max(major) FROM latest) AS newest_known_major,
       '2026-11-12' AS table_date
FROM (SELECT 1) AS one
LEFT JOIN latest AS l ON l.major = current_setting('server_version_num')::int / 10000
