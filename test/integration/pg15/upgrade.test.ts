// ../upgrade.test.ts on PostgreSQL 15, with pljs compiled from source by the harness.
import { suiteOnMajor } from '../per-major.ts';

await suiteOnMajor(15, new URL('../upgrade.test.ts', import.meta.url).href);
