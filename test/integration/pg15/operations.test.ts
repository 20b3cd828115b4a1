// ../operations.test.ts on PostgreSQL 15, with pljs compiled from source by the harness and
// bookworm's pg_cron.
import { suiteOnMajor } from '../per-major.ts';

await suiteOnMajor(15, new URL('../operations.test.ts', import.meta.url).href);
