// The one ok/error shape of the code base, for a value that may fail with a reason
// (a parsed reference, a checked scope, a loaded item, a chosen cluster).

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

export const ok = <T>(value: T): Outcome<T> => ({ ok: true, value });
export const fail = <T>(error: string): Outcome<T> => ({ ok: false, error });
