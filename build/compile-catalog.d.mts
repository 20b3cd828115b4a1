// Types for the catalog compiler (plain JS so build.mjs can run it without a TS step).
export const LOCALES: string[];
export class CatalogError extends Error { problems: string[] }
export function localeKeysUsed(luaSource: string): string[];
export function sqlSkeleton(sql: string): string;
export function checkSingleSelect(sql: string): string | null;
export function compileCatalog(opts: { checksDir: string; outDir: string }): Promise<{ config: any; checkCount: number }>;
export function whereItRuns(item: any): 'database' | 'host';
export function renderChecksDoc(config: any): string;
