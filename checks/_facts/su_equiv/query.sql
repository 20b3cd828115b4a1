-- Superuser-equivalent roles (docs/verdicts.md): SUPERUSER, or SET ROLE to a superuser
-- through a chain of memberships (16+: every grant of the chain needs SET).
WITH RECURSIVE
-- include: su-equivalence
SELECT oid, rolname, rolcanlogin, rolsuper, via FROM su_equiv
