import { createHmac } from 'node:crypto';

// An answered evaluation request leaves a mark, not a flag on the request: an HMAC of the
// request's id under a key derived from the app's secret (SESSION_SECRET). With the database
// alone nobody can tell whose request a mark is, so the answer written with it names nobody;
// the app can still tell whether a request has been answered (single use, and the reminder).
// Changing SESSION_SECRET makes earlier marks unreadable: those links could then answer again.

export type MarkKey = Buffer;

export const markKey = (appSecret: string): MarkKey =>
  createHmac('sha256', appSecret).update('samling-evaluation-answered').digest();

export const answerMark = (key: MarkKey, requestId: number): Buffer =>
  createHmac('sha256', key).update(`evaluation-request:${requestId}`).digest();
