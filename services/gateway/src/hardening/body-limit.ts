import type { IncomingMessage } from 'node:http';

/** Evidence uploads (payslips, statements) may be larger than any other body. */
const EVIDENCE_UPLOAD = /^\/api\/v1\/income-checks\/[^/]+\/evidence\/?$/;

export interface BodyLimits {
  /** Any request body, in bytes. */
  defaultBytes: number;
  /** An evidence upload, in bytes (the file plus the multipart envelope). */
  evidenceBytes: number;
}

export type BodyVerdict = { ok: true } | { ok: false; status: 411 | 413; limit?: number };

/**
 * Checks a request's declared body size before the gateway passes it on: over the route's limit gives 413; a body
 * without a declared length (chunked) gives 411, since the gateway streams bodies untouched and cannot stop one
 * half-way without leaving the service with half a request.
 */
export function checkBody(req: IncomingMessage, path: string, limits: BodyLimits): BodyVerdict {
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return { ok: true };
  const limit = EVIDENCE_UPLOAD.test(path) ? limits.evidenceBytes : limits.defaultBytes;
  const declared = req.headers['content-length'];
  if (declared === undefined) return req.headers['transfer-encoding'] ? { ok: false, status: 411 } : { ok: true };
  const length = Number(declared);
  if (!Number.isFinite(length) || length < 0) return { ok: false, status: 411 };
  return length > limit ? { ok: false, status: 413, limit } : { ok: true };
}
