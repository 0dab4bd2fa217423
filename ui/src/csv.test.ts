import { describe, expect, it } from 'vitest';
import { CsvError, parseCsv, toCsv } from './csv';
import { shipmentsFromCsv } from './screens/batch';
import { segments } from './screens/timeline';

describe('csv', () => {
  it('reads quotes, commas, CRLF and a BOM', () => {
    const { header, rows } = parseCsv('\ufeffid,name\r\n1,"Kim, ""Jong"""\r\n2,삼성전자\r\n');
    expect(header).toEqual(['id', 'name']);
    expect(rows).toEqual([
      { id: '1', name: 'Kim, "Jong"' },
      { id: '2', name: '삼성전자' },
    ]);
  });
  it('refuses an unterminated quote with its line', () => {
    expect(() => parseCsv('id,name\n1,"open\n')).toThrow(CsvError);
  });
  it('writes what it reads', () => {
    const text = toCsv(
      ['a', 'b'],
      [
        ['x,y', 'q"'],
        [1, null],
      ],
    );
    expect(parseCsv(text).rows).toEqual([
      { a: 'x,y', b: 'q"' },
      { a: '1', b: '' },
    ]);
  });
  it('turns an order book into shipments', () => {
    const lines = shipmentsFromCsv('id,from,to,item,date,party,value,answers\nL1,JP,KR,1C350,2019-07-04,A;B,100,X=yes\n');
    expect(lines[0].shipment).toMatchObject({ id: 'L1', parties: ['A', 'B'], answers: { X: 'yes' } });
    expect(lines[0].value).toBe(100);
    expect(() => shipmentsFromCsv('id,from\n1,JP\n')).toThrow(/to/);
  });
});

describe('timeline segments', () => {
  it('builds A → B → A for Korea in Japan', () => {
    const s = segments(
      ['A'],
      [
        { date: '2019-08-28', change: 'leaves', kind: 'membership', id: 'x', group: 'A', country: 'KR' },
        { date: '2019-08-28', change: 'joins', kind: 'membership', id: 'y', group: 'B', country: 'KR' },
        { date: '2023-07-21', change: 'joins', kind: 'membership', id: 'z', group: 'A', country: 'KR' },
        { date: '2023-07-21', change: 'leaves', kind: 'membership', id: 'y', group: 'B', country: 'KR' },
      ],
      '2013-01-01',
      '2027-01-01',
    );
    expect(s.map((x) => `${x.group}:${x.from}-${x.to}`)).toEqual([
      'A:2013-01-01-2019-08-28',
      'B:2019-08-28-2023-07-21',
      'A:2023-07-21-2027-01-01',
    ]);
  });
});
