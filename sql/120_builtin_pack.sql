-- since: 0.1.0
INSERT INTO sec_check.packs (name, pack, builtin) VALUES ('builtin', $pack$@PACK@$pack$::jsonb, true);
