// The one string order of the code base: by UTF-16 code unit, as JavaScript's `<` compares,
// which is what Go's sort.Strings gives for the ASCII names we sort (registry scopes,
// mirrors, file and object names). Upstream orders we reproduce depend on it.

export const byteOrder = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
