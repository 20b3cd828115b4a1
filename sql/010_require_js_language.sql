-- since: 0.1.0
-- sec_check's engine is JavaScript; it needs plv8 (preferred) or pljs installed first.
-- Neither can be listed in `requires` (either one will do), so the install checks here.
DO $check$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_catalog.pg_language WHERE lanname IN ('plv8', 'pljs')) THEN
    RAISE EXCEPTION 'sec_check needs a JavaScript procedural language'
      USING HINT = 'Run CREATE EXTENSION plv8; (preferred) or CREATE EXTENSION pljs; first, then CREATE EXTENSION sec_check;';
  END IF;
END
$check$;
