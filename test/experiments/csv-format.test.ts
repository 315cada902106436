/** lbgym's one CSV dialect: RFC 4180 quoting, full-precision numbers, empty cells for absent and non-finite values. */
import { describe, expect, it } from 'vitest';
import { csvField, csvLine, csvTable, parseCsv } from '../../experiments/csv-format.js';

describe('csv-format', () => {
  it('quotes only text that needs it, doubling quotes', () => {
    expect(csvField('ppo')).toBe('ppo');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('{"learningRate":0.001}')).toBe('"{""learningRate"":0.001}"');
  });

  it('numbers in full precision; undefined, NaN and infinities are empty', () => {
    expect(csvLine([0.1 + 0.2, 1e-12, -3, undefined, Number.NaN, Infinity, 0])).toBe('0.30000000000000004,1e-12,-3,,,,0');
  });

  it('a table is a header and one line per row, each ending in a newline', () => {
    expect(csvTable(['a', 'b'], [[1, 'x,y'], [undefined, 2]])).toBe('a,b\n1,"x,y"\n,2\n');
    expect(csvTable(['a'], [])).toBe('a\n');
  });

  it('parseCsv reads a table back, with the line number of each record; skips blank and # lines; refuses an open quote', () => {
    const text = csvTable(['a', 'b'], [[1, 'x,"y"\nz'], [undefined, 2]]);
    expect(parseCsv(text)).toEqual([
      { line: 1, cells: ['a', 'b'] },
      { line: 2, cells: ['1', 'x,"y"\nz'] },
      { line: 4, cells: ['', '2'] },
    ]);
    expect(parseCsv('# comment\r\na,b\r\n\r\n3,4')).toEqual([
      { line: 2, cells: ['a', 'b'] },
      { line: 4, cells: ['3', '4'] },
    ]);
    expect(() => parseCsv('a\n"open')).toThrow('line 2: unterminated quoted field');
  });
});
