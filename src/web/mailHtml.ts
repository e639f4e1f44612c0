import type { Response } from 'express';

/**
 * An email's HTML part shown as a mail program shows it (the send preview, the development
 * mailbox): its own inline styles and nothing else; no script, no form, no frame, no request out.
 */
export function sendMailHtml(res: Response, html: string): void {
  res.setHeader(
    'Content-Security-Policy',
    "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  );
  res.type('html').send(html);
}
