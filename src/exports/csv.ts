import type { Response } from 'express';
import { stringify } from 'csv-stringify/sync';

/** CSV as Norwegian Excel opens it: UTF-8 with a byte-order mark, semicolons between fields. */
export function sendCsv(res: Response, filename: string, rows: unknown[][]): void {
  res.type('text/csv; charset=utf-8');
  res.attachment(filename);
  // A text starting with = + - @ would run as a formula in a spreadsheet: it is kept as text.
  const cast = { string: (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value) };
  res.send(stringify(rows, { delimiter: ';', bom: true, record_delimiter: 'windows', cast }));
}
