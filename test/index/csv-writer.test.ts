// The registries' fast CSV serialiser writes exactly what csv-stringify (csvDocument) writes.
import { describe, expect, it } from 'vitest';
import { csvDocument } from '../../src/artifacts/index.js';
import { csvRegistryText } from '../../src/index/csv-writer.js';

describe('csvRegistryText', () => {
  it('matches csvDocument byte for byte on awkward values', () => {
    const header = ['a', 'b,c', 'd"e', 'n'];
    const rows = [
      { a: 'plain', 'b,c': 'x,y', 'd"e': 'say "hi"', n: 3 },
      { a: 'line\nbreak', 'b,c': 'cr\rhere', 'd"e': '', n: null },
      { a: ' spaced ', 'b,c': 'ünïcödé 😀', 'd"e': '#001 - T', n: 0 },
      { a: null, 'b,c': '"', 'd"e': 'crlf\r\nend', n: -12 },
    ];
    expect(csvRegistryText(header, rows)).toBe(csvDocument(header, rows));
    expect(csvRegistryText(header, [])).toBe(csvDocument(header, []));
  });
});
