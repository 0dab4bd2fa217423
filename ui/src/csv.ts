// RFC 4180 CSV for order books: quoted fields with commas, quotes and line breaks, a BOM
// from spreadsheet exports, CRLF or LF.  Rows come back as objects keyed by the header.

export class CsvError extends Error {
  constructor(
    public line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
  }
}

export function parseCsv(text: string): { header: string[]; rows: Record<string, string>[] } {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let line = 1;
  let startLine = 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          quoted = false;
        }
      } else {
        if (c === '\n') line++;
        field += c;
      }
      continue;
    }
    if (c === '"') {
      if (field !== '') throw new CsvError(line, 'a quote inside an unquoted field');
      quoted = true;
    } else if (c === ',') {
      record.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      record.push(field);
      field = '';
      if (!(record.length === 1 && record[0] === '')) records.push(record);
      record = [];
      line++;
      startLine = line;
    } else {
      field += c;
    }
  }
  if (quoted) throw new CsvError(startLine, 'unterminated quoted field');
  if (field !== '' || record.length) {
    record.push(field);
    records.push(record);
  }
  if (!records.length) throw new CsvError(1, 'the file is empty');
  const header = records[0].map((h) => h.trim());
  const rows = records.slice(1).map((r) => {
    const o: Record<string, string> = {};
    header.forEach((h, j) => (o[h] = (r[j] ?? '').trim()));
    return o;
  });
  return { header, rows };
}

function quote(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function toCsv(header: string[], rows: (string | number | null | undefined)[][]): string {
  const lines = [header.map(quote).join(',')];
  for (const r of rows) lines.push(r.map((v) => quote(v === null || v === undefined ? '' : String(v))).join(','));
  return lines.join('\r\n') + '\r\n';
}
