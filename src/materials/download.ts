import type { Response } from 'express';
import type { Db } from '../db/knex';
import { downloadName } from './content';
import { type Material, materialContent } from './queries';

/** RFC 5987: a UTF-8 name percent-encoded for `filename*`, with the characters the RFC reserves encoded too. */
export const rfc5987 = (name: string) =>
  encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** The name for browsers that read only `filename`: printable ASCII, no quotes or backslashes. */
const asciiFallback = (name: string) => name.normalize('NFKD').replace(/[^\x20-\x7e]|["\\%]/g, '_');

/**
 * Sends a material as a download, never as a page: `attachment` with its name in both forms, its
 * type as detected when it was uploaded, no sniffing, kept by no cache, and a policy that lets a
 * browser that opens it anyway run nothing.
 */
export async function sendMaterial(db: Db, res: Response, material: Material): Promise<void> {
  const name = downloadName(material.fileName, material.mediaType);
  const content = await materialContent(db, material.id);
  res.set({
    'Content-Type': material.mediaType === 'text/plain' ? 'text/plain; charset=utf-8' : material.mediaType,
    'Content-Length': String(content.length),
    'Content-Disposition': `attachment; filename="${asciiFallback(name)}"; filename*=UTF-8''${rfc5987(name)}`,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
    'Content-Security-Policy': "default-src 'none'; sandbox",
  });
  res.end(content);
}
