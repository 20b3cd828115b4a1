-- archive_library exists from PostgreSQL 15; current_setting(..., true) gives NULL before.
-- Only whether a command/library is set is returned, never its text (it may hold a secret),
-- and whether the command discards the segments it is given: an archiver configured into a
-- no-op is not a pass. A command that names neither %p nor %f cannot copy the segment the
-- server hands it (true, /bin/true, exit 0, :), and one that copies %p to /dev/null keeps nothing.
SELECT (SELECT setting FROM pg_settings WHERE name = 'archive_mode') AS archive_mode,
       (SELECT setting <> '' FROM pg_settings WHERE name = 'archive_command') AS has_command,
       (SELECT setting <> '' AND (setting !~ '%[pf]'
                                  OR setting ~ '\m(cp|mv|cat|dd|ln|install)\s[^;&|]*%[pf][^;&|]*(\s|>|of=)/dev/null\M')
          FROM pg_settings WHERE name = 'archive_command') AS command_discards,
       coalesce((SELECT setting <> '' FROM pg_settings WHERE name = 'archive_library'), false) AS has_library,
       a.archived_count::int AS archived,
       a.failed_count::int AS failed,
       a.last_failed_time IS NOT NULL
         AND (a.last_archived_time IS NULL OR a.last_failed_time > a.last_archived_time) AS failing,
       a.last_failed_wal
FROM pg_stat_archiver AS a
