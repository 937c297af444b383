// docker/reference allows names of at most 255 characters (NameTotalLengthMax). containers/image
// rewrites a reference for each mirror (location + what follows the matched source) and parses
// it again; when that fails, PullSourcesFromReference fails the whole pull before any request,
// the source included ("rewriting reference: repository name must not be more than 255
// characters"). A mirror so long that even the shortest name under its source is too long
// therefore breaks every pull of the source.
import { goQuote } from '../registries/go-quote.js';
import { NAME_TOTAL_LENGTH_MAX } from '../registries/reference.js';

/**
 * The shortest text an image name can have after its source's scope: "" when the scope has a
 * path (the repository itself is an image), "/x" for a host or a wildcard (a name needs a path).
 */
export const shortestRest = (scope: string): number => (scope.startsWith('*.') || !scope.includes('/') ? 2 : 0);

/** Whether every name through `mirror` for `source` is over the limit. */
export const alwaysTooLong = (mirror: string, source: string): boolean =>
  mirror.length + shortestRest(source) > NAME_TOTAL_LENGTH_MAX;

export function tooLongMessage(mirror: string, source: string, rest = shortestRest(source), how = 'listed'): string {
  return `mirror ${goQuote(mirror.length > 80 ? `${mirror.slice(0, 77)}...` : mirror)} (${how} for ${goQuote(source)}) is ${mirror.length} characters long, so every image name through it has at least ${mirror.length + rest}, over the ${NAME_TOTAL_LENGTH_MAX} characters containers/image allows: every pull of ${goQuote(source)} then fails before any request, the source included ("rewriting reference: repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters"); use a shorter mirror path`;
}
