// TLS material for one registry host from a certs.d-style directory, as containers/image
// reads it (pkg/tlsclientconfig SetupCertificates on <dir>/<host:port>, the layout of
// /etc/containers/certs.d and skopeo's per-host cert dirs; docker_client.go dockerCertDir uses
// the host as written in the reference, "docker.io" for Docker Hub):
//   *.crt   CA certificates, added to the system roots
//   *.cert  a client certificate; its key is the *.key of the same base name (one without the
//           other is an error, as upstream)
// Pure: the caller lists the directory and reads the files it names.

export interface CertDirPlan {
  caFiles: string[];
  clientPairs: Array<{ cert: string; key: string }>;
  errors: string[];
}

export function planCertDir(fileNames: readonly string[]): CertDirPlan {
  const names = [...fileNames].sort();
  const set = new Set(names);
  const out: CertDirPlan = { caFiles: [], clientPairs: [], errors: [] };
  for (const f of names) {
    if (f.endsWith('.crt')) out.caFiles.push(f);
    if (f.endsWith('.cert')) {
      const key = `${f.slice(0, -'.cert'.length)}.key`;
      if (!set.has(key))
        out.errors.push(
          `missing key ${key} for client certificate ${f}. Note that CA certificates should use the extension .crt`,
        );
      else out.clientPairs.push({ cert: f, key });
    }
    if (f.endsWith('.key')) {
      const cert = `${f.slice(0, -'.key'.length)}.cert`;
      if (!set.has(cert)) out.errors.push(`missing client certificate ${cert} for key ${f}`);
    }
  }
  return out;
}
