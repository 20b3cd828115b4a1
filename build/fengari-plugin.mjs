// esbuild plugin that makes fengari 0.1.5 safe to bundle for the database (pljs/plv8)
// and for the Node CLI. Used by build.mjs for both bundles.
//
// What it does and why:
//  1. Resolves `fengari` (and its one real dependency, sprintf-js) through their
//     package.json "main", whatever platform/mainFields the bundle uses (platform
//     'neutral' resolves no main field by default).
//  2. Replaces every bare import made from inside fengari (fs, os, path, crypto,
//     child_process, readline, readline-sync, tmp, ...) by an empty module, so no
//     `require(` of a Node module survives in the output.
//  3. Rewrites fengari's `process` references to `(void 0)`: fengari then always takes
//     its "not Node" code paths (no io library, no os.execute, no process.stdout), in
//     every host, and the bundle contains no `process.` text. luaconf.js reads
//     process.env unconditionally at load time, so that line is replaced outright.
//  4. Adds hard caps where the Lua count hook cannot fire (inside native functions):
//       - lvm.js luaV_concat (used by `..` and lua_concat): result length cap and a
//         per-state running total of bytes produced;
//       - lauxlib.js luaL_prepbuffsize (all luaL_Buffer growth: string.rep, format,
//         gsub, table.concat, ...): same caps;
//       - lstrlib.js match / max_expand: a step counter per library call (find, match,
//         gsub; per iteration for gmatch) that raises "pattern too complex";
//       - lstrlib.js find_subarray (plain string.find): a cap on bytes compared.
//     Every patch must match its target text exactly once, or the build fails: a new
//     fengari version has to be looked at by a human.

import { createRequire } from 'node:module';
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** Defaults; override with fengariPlugin({ ... }). */
export const FENGARI_CAP_DEFAULTS = Object.freeze({
  maxStringBytes: 4 * 1024 * 1024, // longest string concat/buffers may build
  maxTotalStringBytes: 128 * 1024 * 1024, // bytes built that way per Lua state, in total
  maxPatternSteps: 200_000, // match()/expand steps per pattern-library call
  maxFindCompareBytes: 10_000_000, // bytes compared by one plain string.find
});

const STUB_NAMESPACE = 'fengari-node-stub';
const REAL_DEPENDENCIES = new Set(['sprintf-js']);

/** Text patches: file -> list of [find, replace]. Each `find` must occur exactly once. */
function makePatches(caps) {
  const S = caps.maxStringBytes | 0;
  const T = caps.maxTotalStringBytes;
  const P = caps.maxPatternSteps | 0;
  const F = caps.maxFindCompareBytes | 0;
  // Returns an error message, or null, after charging `n` new bytes to the state.
  // Short strings are never refused: formatting an error message concatenates too, and
  // refusing that would turn every later error into garbage (an error while raising one).
  const charge = `function __sc_charge(L, n) {
    const g = L.l_G;
    g.__sc_bytes = (g.__sc_bytes || 0) + n;
    if (n > ${S}) return "string length limit exceeded (${S} bytes)";
    if (n >= 256 && g.__sc_bytes > ${T}) return "string memory budget exceeded (${T} bytes)";
    return null;
}
`;
  return {
    'luaconf.js': [
      [
        'const conf = (process.env.FENGARICONF ? JSON.parse(process.env.FENGARICONF) : {});',
        'const conf = {}; /* sec_check: no environment configuration */',
      ],
    ],
    'loadlib.js': [
      // Dead code once `process` is undefined, but it is a dynamic require: drop it.
      ['            return require(path);', '            throw new Error("native modules are disabled");'],
    ],
    'lvm.js': [
      [
        '            let buff = new Uint8Array(tl);\n            copy2buff(L, top, n, buff);',
        '            { const __sc_err = __sc_charge(L, tl);\n' +
          '              if (__sc_err) ldebug.luaG_runerror(L, to_luastring(__sc_err)); }\n' +
          '            let buff = new Uint8Array(tl);\n            copy2buff(L, top, n, buff);',
      ],
      ['const luaV_concat = function(L, total) {', charge + 'const luaV_concat = function(L, total) {'],
      // With a count hook set (the budget), the stock loop calls luaG_traceexec before every
      // instruction only to decrement the counter; it is called now only when the counter
      // runs out (or a line hook is set), which is when it does anything.
      [
        `        if (L.hookmask & (LUA_MASKLINE | LUA_MASKCOUNT)) {
            ldebug.luaG_traceexec(L);
        }`,
        `        if (L.hookmask & (LUA_MASKLINE | LUA_MASKCOUNT)) {
            if ((L.hookmask & LUA_MASKLINE) || L.hookcount <= 1) ldebug.luaG_traceexec(L);
            else L.hookcount--;
        }`,
      ],
    ],
    'lauxlib.js': [
      [
        '        let newsize = Math.max(B.b.length * 2, newend);  /* double buffer size */',
        '        let newsize = Math.max(B.b.length * 2, newend);  /* double buffer size */\n' +
          `        if (newend > ${S}) luaL_error(B.L, to_luastring("string length limit exceeded (${S} bytes)"));\n` +
          `        if (newsize > ${S}) newsize = ${S};\n` +
          '        { const __sc_err = __sc_charge(B.L, newsize);\n' +
          '          if (__sc_err) luaL_error(B.L, to_luastring(__sc_err)); }',
      ],
      ['const luaL_prepbuffsize = function(B, sz) {', charge + 'const luaL_prepbuffsize = function(B, sz) {'],
    ],
    // Loading a compiled validator (lua_dump output) is most of its cost inside QuickJS:
    // the stock reader decodes each 4-byte instruction and line entry with its own stream
    // read and seven mask helper calls. These read each array in one go and decode with
    // constant shifts (Lua 5.3's fixed instruction layout: OP 6 bits, A 8, C 9, B 9).
    // Lua strings reach JS (verdict texts, locale_msg keys) through to_jsstring, which
    // appended one character at a time; ASCII runs are now decoded in natively built chunks.
    'defs.js': [
      [
        `        if (u0 < 0x80) {
            /* single byte sequence */
            str += String.fromCharCode(u0);
        }`,
        `        if (u0 < 0x80) {
            /* single byte sequence: the whole run of them at once */
            let j = i;
            while (j < to && value[j] < 0x80 && j - i < 4095) j++;
            str += j === i ? String.fromCharCode(u0) : String.fromCharCode.apply(null, value.subarray(i - 1, j));
            i = j;
        }`,
      ],
    ],
    'lzio.js': [
      [
        '        for (let i=0; i<m; i++) {\n            b[b_offset++] = z.buffer[z.off++];\n        }',
        '        if (m > 16 && b instanceof Uint8Array) {\n' +
          '            b.set(z.buffer.subarray(z.off, z.off + m), b_offset);\n' +
          '            b_offset += m; z.off += m;\n' +
          '        } else for (let i=0; i<m; i++) {\n            b[b_offset++] = z.buffer[z.off++];\n        }',
      ],
    ],
    'lundump.js': [
      [
        `        for (let i = 0; i < n; i++) {
            if (luaZ_read(this.Z, this.u8, 0, this.instructionSize) !== 0)
                this.error("truncated");
            let ins = this.dv.getUint32(0, true);
            f.code[i] = {
                code:   ins,
                opcode: (ins >> POS_OP) & p.MASK1(SIZE_OP, 0),
                A:      (ins >> POS_A)  & p.MASK1(SIZE_A,  0),
                B:      (ins >> POS_B)  & p.MASK1(SIZE_B,  0),
                C:      (ins >> POS_C)  & p.MASK1(SIZE_C,  0),
                Bx:     (ins >> POS_Bx) & p.MASK1(SIZE_Bx, 0),
                Ax:     (ins >> POS_Ax) & p.MASK1(SIZE_Ax, 0),
                sBx:    ((ins >> POS_Bx) & p.MASK1(SIZE_Bx, 0)) - MAXARG_sBx
            };
        }`,
        `        const bytes = this.read(n * 4);
        for (let i = 0, o = 0; i < n; i++, o += 4) {
            const ins = (bytes[o] | (bytes[o + 1] << 8) | (bytes[o + 2] << 16) | (bytes[o + 3] << 24)) >>> 0;
            f.code[i] = {
                code: ins, opcode: ins & 0x3f, A: (ins >>> 6) & 0xff, B: (ins >>> 23) & 0x1ff, C: (ins >>> 14) & 0x1ff,
                Bx: (ins >>> 14) & 0x3ffff, Ax: (ins >>> 6) & 0x3ffffff, sBx: ((ins >>> 14) & 0x3ffff) - 131071
            };
        }
        void p;`,
      ],
      [
        `    LoadByte() {
        if (luaZ_read(this.Z, this.u8, 0, 1) !== 0)`,
        `    LoadByte() {
        const z = this.Z;
        if (z.n > 0) { z.n--; const b = z.buffer[z.off++]; if (z.n === 0) z.buffer = null; return b; }
        if (luaZ_read(this.Z, this.u8, 0, 1) !== 0)`,
      ],
      [
        `    LoadInt() {
        if (luaZ_read(this.Z, this.u8, 0, this.intSize) !== 0)`,
        `    LoadInt() {
        const z = this.Z;
        if (z.n > 4) { const b = z.buffer, o = z.off; z.n -= 4; z.off += 4; return b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24); }
        if (luaZ_read(this.Z, this.u8, 0, this.intSize) !== 0)`,
      ],
      [
        `        for (let i = 0; i < n; i++)
            f.lineinfo[i] = this.LoadInt();`,
        `        const lines = this.read(n * 4);
        for (let i = 0, o = 0; i < n; i++, o += 4)
            f.lineinfo[i] = lines[o] | (lines[o + 1] << 8) | (lines[o + 2] << 16) | (lines[o + 3] << 24);`,
      ],
    ],
    // Every string key of a table is hashed to a JS string (the Map key of fengari's tables)
    // once per TString: the stock hash builds it byte by byte with toString(16), which in
    // QuickJS made pushing a few rows into Lua cost more than the validator. This one maps
    // each byte to one UTF-16 unit (injective, so equal keys iff equal bytes), in natively
    // built chunks; the "|" prefix keeps it apart from the light-userdata keys ("*", "#").
    'lstring.js': [
      [
        `    let len = str.length;
    let s = "|";
    for (let i=0; i<len; i++)
        s += str[i].toString(16);
    return s;`,
        `    let len = str.length;
    if (len <= 4096) return "|" + String.fromCharCode.apply(null, str);
    let s = "|";
    for (let i = 0; i < len; i += 4096)
        s += String.fromCharCode.apply(null, str.subarray(i, i + 4096));
    return s;`,
      ],
    ],
    'lstrlib.js': [
      [
        '    if (ms.matchdepth-- === 0)\n        luaL_error(ms.L, to_luastring("pattern too complex"));',
        '    __sc_step(ms, 1);\n' +
          '    if (ms.matchdepth-- === 0)\n        luaL_error(ms.L, to_luastring("pattern too complex"));',
      ],
      [
        // max_expand's scan is a native loop over the subject: charge its length too.
        '    while (singlematch(ms, s + i, p, ep))\n        i++;\n',
        '    while (singlematch(ms, s + i, p, ep))\n        i++;\n    __sc_step(ms, i);\n',
      ],
      ['    ms.matchdepth = MAXCCALLS;\n    ms.src = s;', '    ms.matchdepth = MAXCCALLS;\n    ms.__sc_steps = 0;\n    ms.src = s;'],
      ['    gm.ms.L = L;\n', '    gm.ms.L = L;\n    gm.ms.__sc_steps = 0;\n'],
      // Plain find is O(len(s) * len(p)) in the worst case ('aaa...' searched for 'aa...ab').
      ['const find_subarray = function(arr, subarr, from_index) {', 'const find_subarray = function(arr, subarr, from_index, L) {'],
      ['let f = find_subarray(s.subarray(init - 1), p, 0);', 'let f = find_subarray(s.subarray(init - 1), p, 0, L);'],
      [
        '    for (; (i = arr.indexOf(subarr[0], i)) !== -1; i++) {\n' +
          '        if (luastring_eq(arr.subarray(i, i+sl), subarr))\n            return i;\n    }',
        `    let __sc_work = 0;
    for (; (i = arr.indexOf(subarr[0], i)) !== -1; i++) {
        let k = 1;
        while (k < sl && arr[i + k] === subarr[k]) k++;
        if (k === sl) return i;
        if ((__sc_work += k) > ${F})
            luaL_error(L, to_luastring("string.find too complex (over ${F} bytes compared)"));
    }`,
      ],
      // gsub tries the pattern at every position of the subject; when the pattern must start
      // with one literal byte (fill()'s "{...}", say), the positions before the next
      // occurrence of that byte cannot match and are copied in one piece instead.
      [
        `        } else if (src < ms.src_end)  /* otherwise, skip one character */
            luaL_addchar(b, ms.src[src++]);`,
        `        } else if (src < ms.src_end) {  /* otherwise, skip one character */
            if (__sc_lit >= 0) {
                let next = ms.src.indexOf(__sc_lit, src + 1);
                if (next < 0 || next > ms.src_end) next = ms.src_end;
                luaL_addlstring(b, ms.src.subarray(src, next), next - src);
                src = next;
            } else luaL_addchar(b, ms.src[src++]);
        }`,
      ],
      [
        `    prepstate(ms, L, src, srcl, p, lp);
    src = 0; p = 0;
    while (n < max_s) {`,
        `    prepstate(ms, L, src, srcl, p, lp);
    const __sc_fill = !anchor && __sc_is_fill(ms.p, lp);
    const __sc_lit = lp > 0 && !"^$*+?.([%-".includes(String.fromCharCode(p[0])) &&
        !(lp > 1 && (p[1] === 42 || p[1] === 63 || p[1] === 45)) ? p[0] : -1;  /* a literal first byte, not followed by * ? - */
    src = 0; p = 0;
    while (n < max_s) {`,
      ],
      // fill() in every validator (checks/_lib/common.lua) is gsub with the pattern
      // "{([%w_]+)}": matched here natively with exactly the captures match() would set
      // (after "{", the longest run of [A-Za-z0-9_], then "}": a shorter run is followed by a
      // word character, never "}"), so the replacement (string, table or function) is
      // applied by the stock add_value. Fengari's generic matcher cost ~0.3 ms a placeholder.
      [
        'const str_gsub = function(L) {',
        `const __sc_fill_match = function(ms, s) {
    const src = ms.src, end = ms.src_end;
    if (s >= end || src[s] !== 123) return null;
    let i = s + 1;
    while (i < end && (isalnum(src[i]) || src[i] === 95)) i++;
    if (i === s + 1 || i >= end || src[i] !== 125) return null;
    ms.capture[0] = ms.capture[0] ? ms.capture[0] : {};
    ms.capture[0].init = s + 1;
    ms.capture[0].len = i - (s + 1);
    ms.level = 1;
    return i + 1;
};
const __sc_is_fill = (p, lp) => lp === 10 && p[0] === 123 && p[1] === 40 && p[2] === 91 && p[3] === 37 && p[4] === 119 &&
    p[5] === 95 && p[6] === 93 && p[7] === 43 && p[8] === 41 && p[9] === 125;  /* {([%w_]+)} */
const str_gsub = function(L) {`,
      ],
      [
        '        if ((e = match(ms, src, p)) !== null && e !== lastmatch) {  /* match? */',
        '        if ((e = (__sc_fill ? __sc_fill_match(ms, src) : match(ms, src, p))) !== null && e !== lastmatch) {  /* match? */',
      ],
      [
        'const max_expand = function(ms, s, p, ep) {',
        `const __sc_step = function(ms, n) {
    ms.__sc_steps = (ms.__sc_steps || 0) + n;
    if (ms.__sc_steps > ${P}) luaL_error(ms.L, to_luastring("pattern too complex (over ${P} matching steps)"));
};
const max_expand = function(ms, s, p, ep) {`,
      ],
    ],
  };
}

function countOccurrences(text, find) {
  let count = 0;
  for (let i = text.indexOf(find); i !== -1; i = text.indexOf(find, i + find.length)) count++;
  return count;
}

function applyPatches(file, text, patches) {
  for (const [find, replace] of patches) {
    const n = countOccurrences(text, find);
    if (n !== 1) {
      throw new Error(
        `fengari-plugin: patch target found ${n} times (expected 1) in ${file}; ` +
          `fengari changed? Text: ${JSON.stringify(find.slice(0, 80))}`,
      );
    }
    text = text.replace(find, () => replace);
  }
  return text;
}

// `process` as an identifier (not `child_process`, not `x.process`, not a URL part).
const PROCESS_RE = /(?<![\w$./])process(?![\w$/])/g;
// lua_assert( called as a statement or expression (not the `lualib.lua_assert(` re-export).
const LUA_ASSERT_RE = /(^|[^\w.$])lua_assert\(/gm;
// loslib's `child_process.execSync` (dead, stubbed) would still read as "process." text.
const CHILD_PROCESS_RE = /\bchild_process\b(?!['"])/g;

/** @param {Partial<typeof FENGARI_CAP_DEFAULTS>} [options] */
export function fengariPlugin(options = {}) {
  const caps = { ...FENGARI_CAP_DEFAULTS, ...options };
  const patches = makePatches(caps);
  const fengariMain = require.resolve('fengari'); // .../fengari/src/fengari.js ("main")
  const fengariSrc = path.dirname(fengariMain);
  const fengariRoot = path.dirname(fengariSrc);
  const inFengari = (file) => file.startsWith(fengariRoot + path.sep);

  // Check every patch up front, so drift fails even if a patched file is not reached.
  for (const [file, list] of Object.entries(patches)) {
    applyPatches(file, readFileSync(path.join(fengariSrc, file), 'utf8'), list);
  }

  return {
    name: 'fengari',
    setup(build) {
      build.onResolve({ filter: /^fengari$/ }, () => ({ path: fengariMain }));

      // Bare imports made by fengari's own files: real dependency or empty stub.
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (!args.importer || !inFengari(args.importer)) return undefined;
        if (REAL_DEPENDENCIES.has(args.path)) {
          return { path: require.resolve(args.path, { paths: [fengariRoot] }) };
        }
        return { path: args.path, namespace: STUB_NAMESPACE };
      });
      build.onLoad({ filter: /.*/, namespace: STUB_NAMESPACE }, () => ({
        contents: 'module.exports = {};',
        loader: 'js',
      }));

      build.onLoad({ filter: /\.js$/ }, async (args) => {
        if (!args.path.startsWith(fengariSrc + path.sep)) return undefined;
        const file = path.basename(args.path);
        let text = await readFile(args.path, 'utf8');
        if (patches[file]) text = applyPatches(file, text, patches[file]);
        text = text.replace(PROCESS_RE, '(void 0)').replace(CHILD_PROCESS_RE, 'child_proc');
        // Internal consistency assertions (about 100, some on every instruction or table
        // write) are compiled out, as in release builds of Lua (LUAI_ASSERT undefined):
        // `lua_assert(x)` becomes `false && lua_assert(x)`, so x is not even evaluated.
        text = text.replace(LUA_ASSERT_RE, '$1false && lua_assert(');
        return { contents: text, loader: 'js', resolveDir: fengariSrc };
      });
    },
  };
}

export default fengariPlugin;
