import { ensureInstall, startCluster } from './src/harness/index.ts';
const t0 = Date.now();
const c = await startCluster(await ensureInstall(18));
console.log('start ms', Date.now() - t0);
for (const q of ["SHOW data_checksums", "SHOW log_timezone", "SHOW listen_addresses", "SELECT name, setting, source FROM pg_settings WHERE context='postmaster' AND source NOT IN ('default','override')", "SELECT name, setting, source FROM pg_settings WHERE context='sighup' AND source NOT IN ('default','override')"]) {
  try { console.log(q, JSON.stringify(await c.query(q))); } catch (e) { console.log(q, 'ERR', (e as Error).message); }
}
for (const l of ['plperlu', 'pltclu', 'plpython3u']) {
  try { await c.query(`CREATE EXTENSION ${l}`); console.log(l, 'OK'); } catch (e) { console.log(l, 'ERR', (e as Error).message); }
}
try { await c.alterSystem({ syslog_ident: '' }, 'reload'); console.log('ident', JSON.stringify(await c.query("SELECT setting FROM pg_settings WHERE name='syslog_ident'"))); } catch (e) { console.log('ident ERR', (e as Error).message); }
const t1 = Date.now(); await c.restart(); console.log('restart ms', Date.now() - t1);
await c.stop();
