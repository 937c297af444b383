// A text the generic writer wrote once with marker values, cut where the markers are: a fleet's
// thousands of generated objects differ only in a few values, and filling those in costs a
// fraction of writing each object again. Whoever fills a template checks that the values are
// ones the writer writes as the markers were written (one line each); else it writes generically.

/** The text around the slots: parts[0], slot 0, parts[1], slot 1, ..., parts[n]. */
export type Parts = readonly string[];

/** Parts, and their UTF-8 bytes: written and compared as they are, never encoded again. */
export interface Template {
  readonly parts: Parts;
  readonly bytes: readonly Uint8Array[];
}

export const template = (parts: Parts): Template => ({ parts, bytes: parts.map((p) => Buffer.from(p, 'utf8')) });

/**
 * `text` cut at each marker, in order; null when a marker is not there exactly once, or not
 * after the one before it (the writer changed shape: the caller writes generically).
 */
export function cutAt(text: string, markers: readonly string[]): Parts | null {
  const parts: string[] = [];
  let from = 0;
  for (const m of markers) {
    const at = text.indexOf(m, from);
    if (at < 0 || text.indexOf(m, at + 1) >= 0) return null;
    parts.push(text.slice(from, at));
    from = at + m.length;
  }
  parts.push(text.slice(from));
  return parts;
}

/** The template with its slots filled, as pieces in order (not joined: a long text is written as it is). */
export function pieces(t: Template, values: readonly (string | Uint8Array)[]): (string | Uint8Array)[] {
  const out: (string | Uint8Array)[] = [t.bytes[0]!];
  for (let i = 0; i < values.length; i++) out.push(values[i]!, t.bytes[i + 1]!);
  return out;
}

/** Templates by their shape's number, made once each (a few shapes: column, namespace, file). */
export class Templates<T> {
  private readonly made = new Map<number, T | null>();
  get(shape: number, make: () => T | null): T | null {
    let t = this.made.get(shape);
    if (t === undefined) {
      // A handful of shapes in practice; bounded all the same (the column comes from the input).
      if (this.made.size >= 64) this.made.clear();
      this.made.set(shape, (t = make()));
    }
    return t;
  }
}
