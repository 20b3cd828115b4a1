// Library lists (shared_preload_libraries, session_preload_libraries,
// local_preload_libraries) as the loader resolves them: SplitDirectoriesString
// (split.ts: quoting, no downcasing, canonicalize_path), then load_libraries
// (src/backend/utils/init/miscinit.c) and expand_dynamic_library_name
// (src/backend/utils/fmgr/dfmgr.c):
// - a name without a slash is searched in dynamic_library_path (default "$libdir"), first as
//   written and then with the platform suffix (".so" here), so "pgaudit", "pgaudit.so" and
//   "$libdir/pgaudit" load the same file;
// - a name with a slash is a path: "$libdir" at its start is replaced by the package library
//   directory (any other "$macro" is an error), and the suffix is tried the same way;
// - local_preload_libraries puts "$libdir/plugins/" in front of a name without a slash and
//   refuses anything outside $libdir/plugins.
// File names are case-sensitive: "PGAUDIT" is not pgaudit (the server would fail to find it).
// Documented in "Shared Library Preloading" (runtime-config-client.html) and
// dynamic_library_path.
import { splitList } from './split.ts';

export interface Library {
  /** The item as written, dequoted and canonicalized. */
  path: string;
  /** The module the file holds: its base name without the ".so" suffix. */
  module: string;
  /** Where the loader looks: the search path, $libdir, $libdir/plugins, or a path of its own. */
  location: 'search_path' | 'libdir' | 'plugins' | 'absolute' | 'relative' | 'bad_macro';
}

export type LibraryList = { ok: true; libraries: Library[] } | { ok: false; error: string };

const SUFFIX = '.so';

export function parseLibraries(raw: string, major = 18, restricted = false): LibraryList {
  const split = splitList(raw, 'directories', major);
  if (!split.ok) return split;
  const libraries = split.items.map(({ value }): Library => {
    let path = value;
    const hasSlash = path.includes('/');
    if (restricted && !hasSlash) path = `$libdir/plugins/${path}`;
    const base = path.slice(path.lastIndexOf('/') + 1);
    const module = base.endsWith(SUFFIX) && base.length > SUFFIX.length ? base.slice(0, -SUFFIX.length) : base;
    let location: Library['location'];
    if (!path.includes('/')) location = 'search_path';
    else if (path.startsWith('$')) {
      const macro = path.slice(0, path.indexOf('/'));
      if (macro !== '$libdir') location = 'bad_macro';
      else location = path.startsWith('$libdir/plugins/') && !path.slice(16).includes('/') ? 'plugins' : 'libdir';
    } else location = path.startsWith('/') ? 'absolute' : 'relative';
    return { path, module, location };
  });
  return { ok: true, libraries };
}
