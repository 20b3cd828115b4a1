// The one SQL lexer (src/core/sql-lexer.ts) against PostgreSQL's lexical rules, and the two
// places that used their own lexers before (the side-effect scan, the catalog compiler's
// single-statement check) on the cases where those disagreed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lexSql, significantTokens, type Token } from '../../src/core/sql-lexer.ts';
import { sqlSkeleton, checkSingleSelect } from '../../build/catalog-sql.ts';
import { sideEffectCalls } from '../../src/core/side-effects.ts';

const show = (t: Token) => `${t.kind}${t.style ? `:${t.style}` : ''}=${t.value}${t.unterminated ? '!' : ''}${t.invalid ? '?' : ''}`;
const sig = (sql: string, scs = true) => significantTokens(lexSql(sql, { standardConformingStrings: scs })).map(show);

test('tokens cover the text exactly, in order', () => {
  const sql = "SELECT /* a /* b */ c */ E'x\\'y', $q$ ; $q$, U&\"a\" UESCAPE '!' -- tail\n;";
  const tokens = lexSql(sql);
  assert.equal(tokens.map((t) => sql.slice(t.start, t.end)).join(''), sql);
  for (let i = 1; i < tokens.length; i++) assert.equal(tokens[i].start, tokens[i - 1].end);
});

test('comments: -- to the end of the line, /* */ nested, unterminated flagged', () => {
  assert.deepEqual(sig('a -- b\nc'), ['ident=a', 'ident=c']);
  assert.deepEqual(sig('a /* x /* y */ z */ b'), ['ident=a', 'ident=b']);
  assert.equal(lexSql('/* open /* */').find((t) => t.kind === 'comment')?.unterminated, true);
  // a comment start inside an operator ends the operator
  assert.deepEqual(sig('a =/* c */ b'), ['ident=a', 'op==', 'ident=b']);
  assert.deepEqual(sig('a <--b'), ['ident=a', 'op=<']);
});

test('strings: doubled quotes, E escapes, continuation over a newline, standard_conforming_strings', () => {
  assert.deepEqual(sig("'a''b'"), ["string:std=a'b"]);
  assert.deepEqual(sig("E'a\\'b\\n\\x41\\101\\u0042\\\\'"), ["string:escape=a'b\nAAB\\"]);
  assert.deepEqual(sig("e'\\xff\\u00e9\\0'"), ['string:escape=???'], 'escapes outside ASCII decode to ?');
  assert.deepEqual(sig("'sec'\n  -- c\n 'ret'"), ['string:std=secret']);
  assert.deepEqual(sig("'a' 'b'"), ['string:std=a', 'string:std=b'], 'no newline: two constants');
  assert.deepEqual(sig("'a' /* c */\n'b'"), ['string:std=a', 'string:std=b'], 'a block comment does not continue a string');
  assert.deepEqual(sig("'a\\' b'"), ['string:std=a\\', 'string:bit=!'], 'on: the backslash is a character');
  assert.deepEqual(sig("'a\\' b'", false), ["string:std=a' b"], 'off: it escapes the quote');
  assert.deepEqual(sig("N'x' B'101' X'ff'"), ['string:national=x', 'string:bit=101', 'string:hex=ff']);
  assert.deepEqual(sig("'open"), ['string:std=open!']);
});

test('prefixes only at a token start: abcE\'x\' is an identifier and a string', () => {
  assert.deepEqual(sig("abcE'x'"), ['ident=abce', 'string:std=x']);
  assert.deepEqual(sig("\"x\"E'a\\'b'"), ['qident=x', "string:escape=a'b"]);
});

test('Unicode escapes, with and without UESCAPE', () => {
  assert.deepEqual(sig('U&"d\\0061t\\+000061"'), ['qident=data']);
  assert.deepEqual(sig("U&'d!0061t' UESCAPE '!'"), ['string:unicode=dat']);
  assert.deepEqual(sig("u&'a\\\\b' /* c */ uescape\n'#'"), ['string:unicode=a\\\\b'], 'with # as the escape, \\\\ is two backslashes');
  assert.deepEqual(sig("U&'x' UESCAPE '+'"), ['string:unicode=x?'], 'an invalid escape character is flagged');
  assert.deepEqual(sig('U&"\\00e9"'), ['qident=?']);
});

test('dollar quotes, parameters, identifiers with $', () => {
  assert.deepEqual(sig('$$a$b$$ $t$ $$ $t$ $1 a$b$ $'), ['string:dollar=a$b', 'string:dollar= $$ ', 'param=1', 'ident=a$b$', 'char=$']);
  assert.deepEqual(sig('$x$open'), ['string:dollar=open!']);
  assert.deepEqual(sig('café $é$x$é$'), ['ident=café', 'string:dollar=x']);
});

test('numbers, operators and the special two-character tokens', () => {
  assert.deepEqual(sig('1 1.5 .5 1e-3 0x1F 1_000 1..2'), ['number=1', 'number=1.5', 'number=.5', 'number=1e-3', 'number=0x1F', 'number=1_000', 'number=1', 'op=..', 'number=2']);
  assert.deepEqual(sig('a::int b := 1 f(x => 2) c <> d != e >= f'), ['ident=a', 'op=::', 'ident=int', 'ident=b', 'op=:=', 'number=1', 'ident=f', 'char=(', 'ident=x', 'op==>', 'number=2', 'char=)', 'ident=c', 'op=<>', 'ident=d', 'op=!=', 'ident=e', 'op=>=', 'ident=f']);
  assert.deepEqual(sig('a=-1 b*- c @-'), ['ident=a', 'op==', 'op=-', 'number=1', 'ident=b', 'op=*', 'op=-', 'ident=c', 'op=@-']);
  assert.deepEqual(sig('SELECT "A""b", Abc'), ['ident=select', 'qident=A"b', 'char=,', 'ident=abc']);
});

test('catalog compiler: nested comments and E strings are read as the server reads them (the old scanner did not)', () => {
  // the old scanner ended the comment at the first */ and saw "; SELECT" as a second statement
  assert.equal(checkSingleSelect('SELECT 1 /* a /* b */ ; SELECT 2 */'), null);
  // the old scanner ended E'...' at \' and took the ; for a statement end
  assert.equal(checkSingleSelect("SELECT E'it\\'s; fine'"), null);
  assert.match(checkSingleSelect("SELECT 'x'; DELETE FROM t") ?? '', /only one statement/);
  assert.equal(sqlSkeleton("SELECT 'a', \"b\", $$c$$ -- d\n"), 'SELECT  x ,  x ,  x   \n');
});

test('side-effect scan: a name after "x"E\'...\' is still seen (the old scanner took the E for an identifier\'s)', () => {
  assert.deepEqual(sideEffectCalls(`SELECT "x"E'\\'', pg_reload_conf()`), { calls: ['pg_reload_conf'] });
  assert.deepEqual(sideEffectCalls("SELECT E'\\' pg_reload_conf() \\''"), { calls: [] });
});
