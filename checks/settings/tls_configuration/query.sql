SELECT (SELECT setting FROM pg_settings WHERE name = 'ssl') AS ssl,
       (SELECT setting FROM pg_settings WHERE name = 'ssl_min_protocol_version') AS min_protocol,
       (SELECT setting FROM pg_settings WHERE name = 'ssl_ciphers') AS ciphers
