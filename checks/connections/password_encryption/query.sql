SELECT (SELECT setting FROM pg_settings WHERE name = 'password_encryption') AS password_encryption
