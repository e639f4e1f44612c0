import type ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { unzipEntries, ZipError } from '../kernel/zip';

/** How much a spreadsheet may hold; anything beyond is refused with a message, not read. */
export const LIMITS = {
  /** The uploaded file (also multer's limit, src/web/upload.ts). */
  fileBytes: 2 * 1024 * 1024,
  /** Data rows, not counting the header. */
  rows: 5000,
  columns: 40,
  /** All files inside an .xlsx together, as they would be unpacked (a zip bomb stops here). */
  unzippedBytes: 40 * 1024 * 1024,
  zipEntries: 500,
} as const;

/** A file refused as a whole; `messageKey` is a catalogue key under imports.errors. */
export class SpreadsheetError extends Error {
  constructor(
    readonly messageKey: string,
    readonly params: Record<string, unknown> = {},
  ) {
    super(messageKey);
  }
}

export interface Sheet {
  headers: string[];
  /** Cells as text, one array per data row (blank rows dropped). */
  rows: string[][];
}

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Reads the first sheet of an .xlsx or a CSV file, by its content (the name is not trusted).
 * Formulas are never evaluated: a formula cell is read as the value Excel saved with it.
 */
export async function readSpreadsheet(file: Buffer): Promise<Sheet> {
  if (file.length === 0) throw new SpreadsheetError('empty');
  if (file.length > LIMITS.fileBytes) throw new SpreadsheetError('tooLarge');
  const sheet = file.subarray(0, 4).equals(ZIP_MAGIC) ? await readXlsx(file) : await readCsv(file);
  return withoutBlankRows(sheet);
}

function withoutBlankRows(cells: string[][]): Sheet {
  const rows = cells.filter((row) => row.some((cell) => cell.trim() !== ''));
  const [headers, ...data] = rows;
  if (!headers || data.length === 0) throw new SpreadsheetError('empty');
  if (data.length > LIMITS.rows) throw new SpreadsheetError('tooManyRows', { count: data.length, limit: LIMITS.rows });
  const width = Math.min(Math.max(...rows.map((row) => row.length)), LIMITS.columns);
  const pad = (row: string[]) => Array.from({ length: width }, (_, i) => row[i] ?? '');
  return { headers: pad(headers).map((h) => h.trim()), rows: data.map(pad) };
}

// ---- CSV ----

/** Text as Excel writes it in Norway: UTF-8 with or without a BOM, otherwise Windows-1252. */
export function decodeText(file: Buffer): string {
  if (file.subarray(0, 3).equals(BOM)) return file.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(file);
  } catch {
    return iconv.decode(file, 'win1252');
  }
}

/** The delimiter the header line uses most: semicolon (Excel in Norway), comma or tab. */
export function detectDelimiter(text: string): string {
  const firstLine = text.split(/\r?\n/, 1)[0] ?? '';
  const count = (d: string) => firstLine.split(d).length - 1;
  const candidates = [';', ',', '\t'].map((d) => ({ d, n: count(d) }));
  candidates.sort((a, b) => b.n - a.n);
  const [best] = candidates;
  return best && best.n > 0 ? best.d : ';';
}

async function readCsv(file: Buffer): Promise<string[][]> {
  // A file with NUL bytes or other binary is not a spreadsheet (a renamed picture, an old .xls).
  if (file.includes(0)) throw new SpreadsheetError('notSpreadsheet');
  const text = decodeText(file);
  // Loaded on the first import only, like every reader of files: most processes never need them.
  const { parse } = await import('csv-parse/sync');
  try {
    return parse(text, {
      delimiter: detectDelimiter(text),
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      to_line: LIMITS.rows + 50,
      max_record_size: 64 * 1024,
    }) as string[][];
  } catch {
    throw new SpreadsheetError('notSpreadsheet');
  }
}

// ---- .xlsx ----

async function readXlsx(file: Buffer): Promise<string[][]> {
  await checkZip(file);
  // Loaded on the first .xlsx only: exceljs adds ~10 MB to the RSS of every process.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch {
    throw new SpreadsheetError('notSpreadsheet');
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new SpreadsheetError('empty');
  if (sheet.rowCount > LIMITS.rows + 50)
    throw new SpreadsheetError('tooManyRows', { count: sheet.rowCount - 1, limit: LIMITS.rows });
  const rows: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, column) => {
      if (column <= LIMITS.columns) cells[column - 1] = cellText(cell.value);
    });
    rows.push(Array.from(cells, (cell) => cell ?? ''));
  });
  return rows;
}

/** A cell as text: a formula's saved result (never evaluated), a date as YYYY-MM-DD, rich text joined. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value !== 'object') return String(value);
  if ('formula' in value || 'sharedFormula' in value)
    return cellText((value as ExcelJS.CellFormulaValue).result ?? null);
  if ('richText' in value) return value.richText.map((part) => part.text).join('');
  // A hyperlink (Excel makes one of a typed email address): its text, which may itself be rich text.
  if ('text' in value) return cellText((value as { text: ExcelJS.CellValue }).text);
  if ('error' in value) return '';
  return '';
}

/**
 * Unpacks every file of the zip into nothing, counting bytes, before exceljs reads it (which holds
 * everything it unpacks): too many files or more unpacked bytes than the limit, declared or real,
 * is refused (src/kernel/zip.ts). A zip without the part every workbook has is no spreadsheet.
 */
async function checkZip(file: Buffer): Promise<void> {
  const everyFile = (names: string[]) => names.filter((name) => !name.endsWith('/'));
  const limits = { entries: LIMITS.zipEntries, unzippedBytes: LIMITS.unzippedBytes };
  const names = await unzipEntries(file, limits, everyFile, () => undefined).catch((error: unknown) => {
    if (!(error instanceof ZipError)) throw error;
    throw new SpreadsheetError(error.reason === 'tooLarge' ? 'tooLarge' : 'notSpreadsheet');
  });
  if (!names.includes('[Content_Types].xml')) throw new SpreadsheetError('notSpreadsheet');
}
