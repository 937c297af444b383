// explain --from committed reads a committed registries.conf as containers/image does: skopeo
// (containers/image) must refuse exactly the files our reader refuses (with the message we
// quote) and accept the near misses we accept. skopeo resolves an image on 127.0.0.1:1 through
// each file: a refused file fails with "loading registries configuration", an accepted one only
// when it connects (nothing listens there). Skipped without skopeo, unless CI is set. skopeo
// 1.9.3 here has BurntSushi/toml v1.2.0, the nodes of OpenShift 4.21 (CRI-O 1.34) v1.5.0: the
// cases where they differ are marked (refusedBeforeToml13) and checked as such.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseRegistriesConf } from '../../src/registries/parse.js';
import { CONF_CASES } from '../helpers/registries-conf-cases.js';
import { inspectRaw, makeSkopeoEnv, type SkopeoEnv } from '../helpers/skopeo.js';
import { TOOLS, requireTool } from '../helpers/tools.js';

const skopeo = requireTool(TOOLS.skopeo);
const REFUSED = 'loading registries configuration';

describe
  .skipIf(skopeo.skip)
  .concurrent(skopeo.title('registries.conf files: skopeo refuses and accepts what parseRegistriesConf does'), () => {
    let dir = '';
    let env: SkopeoEnv;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'itm-conf-skopeo-'));
      env = makeSkopeoEnv(dir);
    });
    afterAll(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    CONF_CASES.forEach((c, i) => {
      const kind = c.refusedBeforeToml13
        ? 'version-dependent'
        : c.cannotTell
          ? `${c.refused !== undefined ? 'refused' : 'accepted'}, we cannot tell`
          : c.refused !== undefined
            ? 'refused'
            : 'accepted';
      it(`${kind}: ${c.name}`, async () => {
        const conf = join(dir, `registries-${i}.conf`);
        writeFileSync(conf, c.text);
        const ours = parseRegistriesConf(c.text);
        const run = await inspectRaw('127.0.0.1:1/x/y:v1', { env, registriesConf: conf, timeoutMs: 60_000 });
        expect(run.timedOut).toBe(false);
        expect(run.code).not.toBe(0);
        // skopeo prints Go's %q of the message: quotes inside it come out as \".
        const said = run.stderr.replace(/\\"/g, '"');
        if (c.refusedBeforeToml13 !== undefined) {
          // Version-dependent: the nodes' BurntSushi/toml (v1.5.0) accepts it, as we do; this
          // skopeo's (v1.2.0) refuses it.
          expect(ours).toMatchObject({ ok: true });
          expect(said).toContain(REFUSED);
          expect(said).toContain(c.refusedBeforeToml13);
        } else if (c.cannotTell) {
          // BurntSushi/toml is more lenient than our TOML parser here: we must not claim a refusal.
          expect(ours).toMatchObject({ ok: false, cannotTell: true });
          if (c.refused !== undefined) expect(said).toContain(c.refused);
          else {
            expect(said).not.toContain(REFUSED);
            expect(said).toMatch(/connection refused|connect/);
          }
        } else if (c.refused === undefined) {
          expect(ours).toMatchObject({ ok: true });
          expect(said).not.toContain(REFUSED);
          expect(said).toMatch(/connection refused|connect/);
        } else {
          expect(ours).toMatchObject({ ok: false });
          expect(!ours.ok && ours.error).toContain(c.refused);
          expect(said).toContain(REFUSED);
          expect(said).toContain(c.refused);
        }
      });
    });
  });
