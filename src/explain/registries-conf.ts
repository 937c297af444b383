// `registries-conf`: the exact /etc/containers/registries.conf a cluster's nodes get, from the
// spec (the function's render) or as committed (decoded from the generated ConfigMap). One
// cluster prints the bytes alone; several (or --all) print each after a header line, sorted,
// so that two runs (a pull request's base and head) diff cluster by cluster.
import { EXIT, type ExitCode } from '../constants.js';
import type { InputFile, Subject } from '../check/subjects.js';
import type { Gunzip } from '../generate/objects.js';
import { escapeText } from '../krm/escape.js';
import type { Result } from '../krm/result.js';
import { byteOrder } from '../order.js';
import { parseRegistriesConf } from '../registries/parse.js';
import { resultLine } from './format.js';
import { chooseCluster, where } from './cluster.js';
import { ClusterConfs, ownerOfSubject, type ConfSource } from './confs.js';

const HEADER = '# ==> ';
/** A line of a file that would read as one of our section headers (printed with its first "=" as \\u003d). */
const FORGED_HEADER = /^# ==>/;

/**
 * The file as printed: its bytes, but a control character (MCO never writes one; a hand-edited
 * committed file might) shown escaped, so the output cannot drive a terminal or forge a line;
 * under section headers, a line of the file that looks like one is shown escaped too.
 */
const printable = (conf: string, headers = false) =>
  conf
    .split('\n')
    .map((l) => {
      const line = escapeText(l);
      return headers && FORGED_HEADER.test(line) ? `# \\u003d${line.slice(3)}` : line;
    })
    .join('\n');

export interface ConfRequest {
  /** Decompresses a committed file with `compression: gzip`; without it such a file cannot be read. */
  gunzip?: Gunzip;
  cluster?: string;
  namespace?: string;
  /** Every cluster with a header, even one. */
  all?: boolean;
  from: ConfSource;
  problems?: Result[];
  stdin?: boolean;
  ignores?: readonly InputFile[];
}

export interface ConfOutcome {
  exitCode: ExitCode;
  stdout: string;
  /** Lines, unescaped: the caller prefixes and escapes each. */
  stderr: string[];
  /** Documents read: none on stdin is a mistake. */
  documents: number;
}

/** The HostedClusters asked for, by namespace/name, each with its copies in input order. */
function clustersOf(subjects: readonly Subject[], req: ConfRequest): Subject[][] {
  const out = new Map<string, Subject[]>();
  for (const s of subjects) {
    if (s.kind !== 'HostedCluster') continue;
    if (req.cluster !== undefined && s.name !== req.cluster) continue;
    if (req.namespace !== undefined && s.namespace !== req.namespace) continue;
    const key = ownerOfSubject(s);
    const copies = out.get(key);
    if (copies) copies.push(s);
    else out.set(key, [s]);
  }
  return [...out.entries()].sort(([a], [b]) => byteOrder(a, b)).map(([, copies]) => copies);
}

/** What to print for one cluster: one copy (the first of identical ones), or each copy apart (--all). */
interface Section {
  subject: Subject;
  /** Set when the cluster has copies that differ: the header names the copy's file. */
  copy?: string;
}

export function registriesConfInFiles(files: readonly InputFile[], req: ConfRequest): ConfOutcome {
  const confs = new ClusterConfs(files, { stdin: req.stdin, ignores: req.ignores, gunzip: req.gunzip });
  const problems = [...(req.problems ?? []), ...confs.loaded.problems];
  const documents = confs.loaded.documents;
  if (problems.length > 0) return { exitCode: EXIT.usage, stdout: '', stderr: problems.map(resultLine), documents };
  const clusters = clustersOf(confs.loaded.subjects, req);
  if (clusters.length === 0) {
    const found = clustersOf(confs.loaded.subjects, { from: req.from }).map((c) => ownerOfSubject(c[0]!));
    const what =
      req.cluster !== undefined
        ? `no HostedCluster named "${req.cluster}"${req.namespace !== undefined ? ` in namespace "${req.namespace}"` : ''}`
        : 'no HostedCluster';
    return {
      exitCode: EXIT.errors,
      stdout: '',
      stderr: [`${what} in the input${found.length ? `; found: ${found.join(', ')}` : ''}`],
      documents,
    };
  }
  // Copies of one cluster (a base and its render, or one name in two environments' folders):
  // explain's choice. Identical mirror lists are one cluster; different ones are refused, or
  // with --all each is printed under a header naming its file.
  const sections: Section[] = [];
  const refused: string[] = [];
  for (const copies of clusters) {
    const first = copies[0]!;
    const chosen = chooseCluster(copies, first.name, first.namespace);
    if (chosen.ok) sections.push({ subject: chosen.value.subject });
    else if (req.all === true) for (const s of copies) sections.push({ subject: s, copy: where(s) });
    else refused.push(`${chosen.error} (--all prints each)`);
  }
  if (refused.length > 0) return { exitCode: EXIT.errors, stdout: '', stderr: refused, documents };
  const headers = req.all === true || sections.length > 1;
  const parts: string[] = [];
  const stderr: string[] = [];
  let exitCode: ExitCode = EXIT.clean;
  for (const { subject: s, copy } of sections) {
    let text: string | undefined;
    let why: string | undefined;
    if (req.from === 'committed') {
      const c = confs.committed(s);
      if (!c) why = 'no committed generated ConfigMap in the input';
      else if (!c.text.ok) why = `${c.label} (${c.place}): ${c.text.error}`;
      else {
        text = c.text.value;
        // Printed all the same (it is what the nodes have), but a file containers/image refuses is a finding.
        const parsed = parseRegistriesConf(text);
        if (!parsed.ok) {
          stderr.push(
            'cannotTell' in parsed && parsed.cannotTell
              ? `${ownerOfSubject(s)} (${s.file}): cannot tell whether containers/image reads the committed registries.conf in ${c.label} (${c.place}): our TOML parser refuses it (${parsed.error}), BurntSushi/toml accepts some such files`
              : `${ownerOfSubject(s)} (${s.file}): containers/image refuses the committed registries.conf in ${c.label} (${c.place}): ${parsed.error}; every pull on its nodes fails`,
          );
          exitCode = EXIT.errors;
        }
      }
    } else {
      const spec = confs.spec(s);
      if (spec.ok) text = spec.value;
      else why = spec.error;
    }
    // Nothing to print is a finding, except a cluster without mirrors asked for in a list.
    const quiet = why !== undefined && req.from === 'spec' && why.startsWith('no imageTagMirrorSet') && headers;
    if (why !== undefined && !quiet) {
      const [first, ...more] = why.split('\n');
      stderr.push(`${ownerOfSubject(s)} (${where(s)}): ${first}`);
      for (const l of more) stderr.push(`  ${l}`);
      exitCode = EXIT.errors;
    }
    if (headers) {
      const name = copy === undefined ? ownerOfSubject(s) : `${ownerOfSubject(s)} in ${copy}`;
      parts.push(`${HEADER}${escapeText(name)} (from ${req.from}) <==\n`);
      parts.push(
        text !== undefined
          ? printable(text, true)
          : `# nothing: ${(why ?? '')
              .split('\n')
              .map((l) => escapeText(l))
              .join('\n#   ')}\n`,
      );
      parts.push('\n');
    } else if (text !== undefined) parts.push(printable(text));
  }
  return { exitCode, stdout: parts.join(''), stderr, documents };
}
