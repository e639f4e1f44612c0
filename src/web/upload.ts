import type { RequestHandler } from 'express';

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Request {
      /** Set when an uploaded file was over the limit: the route says so instead of reading it. */
      uploadTooLarge?: boolean;
    }
  }
}

/**
 * Reads a multipart form (one file in the field `file`, kept in memory, at most `maxBytes`) before
 * the CSRF check, which needs the form's `_csrf` field. Only for the paths given and a signed-in
 * person (a visitor's upload is not read, and the CSRF check refuses it); a file over the
 * limit is not kept and `req.uploadTooLarge` is set, so the page can say why. Any other malformed
 * upload leaves the body without its fields, and the CSRF check refuses it.
 */
export function uploadParser(paths: RegExp, maxBytes: number): RequestHandler {
  // multer is loaded on the first upload only: most processes never read one.
  let loaded: Promise<{ upload: RequestHandler; tooLarge: (error: unknown) => boolean }> | undefined;
  const load = async () => {
    const { default: multer } = await import('multer');
    const upload = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: maxBytes, files: 1, fields: 20, fieldSize: 10_000, parts: 25 },
    }).single('file');
    const tooLarge = (error: unknown) => error instanceof multer.MulterError && error.code === 'LIMIT_FILE_SIZE';
    return { upload, tooLarge };
  };
  return (req, res, next) => {
    if (req.method !== 'POST' || !req.actor || !paths.test(req.path) || !req.is('multipart/form-data')) return next();
    loaded ??= load();
    loaded
      .then(({ upload, tooLarge }) =>
        upload(req, res, (error: unknown) => {
          if (tooLarge(error)) req.uploadTooLarge = true;
          else if (error) req.body = {};
          next();
        }),
      )
      .catch(next);
  };
}
