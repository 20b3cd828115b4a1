INSERT INTO @extschema@.packs (name, pack, builtin) VALUES ('builtin', $pack$@PACK@$pack$::jsonb, true);
