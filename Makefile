# PGXS install of the extension built by `npm run build` (extension/ is generated).
#   make install PG_CONFIG=/path/to/pg_config
PG_CONFIG ?= pg_config
MODULEDIR = extension
DATA = extension/sec_check.control $(wildcard extension/sec_check--*.sql)

ifeq ($(wildcard extension/sec_check.control),)
$(error extension/sec_check.control is missing: run `npm run build` first)
endif

PGXS := $(shell $(PG_CONFIG) --pgxs)
include $(PGXS)
