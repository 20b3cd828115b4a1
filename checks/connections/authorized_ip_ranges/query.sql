SELECT count(*)::int AS count,
       left(string_agg(x.line, '; ' ORDER BY x.line_number), 1500) AS list
FROM (SELECT r.line_number, format('line %s: %s %s %s %s %s', r.line_number, r.type, array_to_string(r.database, ','),
         array_to_string(r.user_name, ','), coalesce(r.address || coalesce('/' || r.netmask, ''), ''), r.auth_method) AS line,
             (SELECT bits FROM generate_series(0, 128) AS bits
          WHERE bits <= CASE WHEN family(i.addr) = 4 THEN 32 ELSE 128 END
            AND netmask(set_masklen(i.addr, bits)) = i.mask) AS prefix, r.address
        FROM pg_hba_file_rules AS r
        -- only numeric addresses are cast (host names and keywords stay NULL)
        CROSS JOIN LATERAL (SELECT CASE WHEN r.address ~ '^[0-9A-Fa-f:.]+$' THEN r.address::inet END AS addr,
                                   CASE WHEN r.netmask ~ '^[0-9A-Fa-f:.]+$' THEN r.netmask::inet END AS mask) AS i
       WHERE r.type LIKE 'host%' AND r.auth_method <> 'reject' AND r.error IS NULL) AS x
WHERE x.address = 'all'
   OR (x.prefix IS NOT NULL AND x.prefix < CASE WHEN x.address LIKE '%:%' THEN 48 ELSE 16 END)
