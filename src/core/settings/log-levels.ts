// Message levels and whether a message of one level is written to the server log
// (is_log_level_output in src/backend/utils/error/elog.c; documented in "Message Severity
// Levels", runtime-config-logging.html): levels rank DEBUG5 < ... < DEBUG1 < INFO < NOTICE <
// WARNING < ERROR < FATAL < PANIC, and LOG ranks between ERROR and FATAL for the server log
// (so log_min_messages = fatal hides LOG lines, and log_min_messages = log hides NOTICE and
// WARNING). pgaudit writes its lines at LOG (as LOG_SERVER_ONLY) unless pgaudit.log_client is
// on, when it uses pgaudit.log_level (src: pgaudit.c log_audit_event).

export const SERVER_LEVELS = ['debug5', 'debug4', 'debug3', 'debug2', 'debug1', 'info', 'notice', 'warning', 'error', 'log', 'fatal', 'panic'] as const;
export type Level = (typeof SERVER_LEVELS)[number];

/** Rank of a level for the server log (LOG between ERROR and FATAL). */
export function serverRank(level: string): number {
  return SERVER_LEVELS.indexOf(level as Level);
}

/** Whether a message at `level` reaches the server log under `logMinMessages`. */
export function writtenToServerLog(level: string, logMinMessages: string): boolean {
  const l = serverRank(level);
  const min = serverRank(logMinMessages);
  if (l < 0 || min < 0) return false;
  return l >= min;
}

/** pgaudit.log_level's accepted words (case-insensitive) and the level each means. */
export const PGAUDIT_LEVELS: Record<string, Level> = {
  debug: 'debug2', debug5: 'debug5', debug4: 'debug4', debug3: 'debug3', debug2: 'debug2', debug1: 'debug1',
  info: 'info', notice: 'notice', warning: 'warning', log: 'log',
};
