import { assert } from '@app/core';

// JSON's number grammar (RFC 8259 §6): what PostgreSQL writes for a finite float8 always matches it.
const JSON_NUMBER = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?$/;

const SPACE = 0x20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * A float8 as PostgreSQL's text protocol sends it (the shortest decimal that reads back as the same
 * double, the digits JavaScript would write), checked to be a JSON number so it can be copied into JSON.
 */
export function jsonNumberFromSql(value: unknown): string {
  assert(typeof value === 'string', 'a float8 arrives as text when its parser is turned off');
  if (!JSON_NUMBER.test(value)) assert(false, `a float8 from SQL must be a JSON number, got ${value}`);
  return value;
}

/**
 * JSON text without the spaces between its tokens. PostgreSQL writes jsonb with a space after each `:`
 * and `,`; removing every space outside strings (insignificant in JSON) gives what JSON.stringify writes
 * for the same value, key order kept, for a fraction of the cost of parsing and writing it again.
 */
export function compactJsonText(text: string): string {
  let compact = '';
  let copiedUpTo = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (inString) {
      if (code === BACKSLASH) index += 1;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) {
      inString = true;
    } else if (code === SPACE) {
      compact += text.slice(copiedUpTo, index);
      copiedUpTo = index + 1;
    }
  }
  assert(!inString, 'JSON text from SQL ends outside a string');
  return compact + text.slice(copiedUpTo);
}
