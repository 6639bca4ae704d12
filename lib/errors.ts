/**
 * Every error that leaves a module carries a stable code (CG_…), an HTTP status for the
 * routes that surface it, an English message for logs and a zh-TW message for screens that
 * residents and clerks see.
 */
export class CountergateError extends Error {
  readonly code: string;
  readonly statusCode: number;
  readonly userMessage: string;

  constructor(code: string, message: string, opts: { statusCode?: number; userMessage?: string; cause?: unknown } = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'CountergateError';
    this.code = code;
    this.statusCode = opts.statusCode ?? 500;
    this.userMessage = opts.userMessage ?? '系統發生錯誤，請通知資訊室。';
  }

  toJSON(): { code: string; message: string; userMessage: string } {
    return { code: this.code, message: this.message, userMessage: this.userMessage };
  }
}

export function isCountergateError(err: unknown): err is CountergateError {
  return err instanceof CountergateError;
}
