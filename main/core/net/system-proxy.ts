/**
 * The port through which a front end supplies the operating system's proxy settings. The desktop app installs
 * one backed by Electron's `session.resolveProxy` (which reads the OS settings and PAC scripts); the command
 * line installs none, so there only the environment variables count. Kept free of imports so installing it
 * loads nothing else.
 */
export type SystemProxyResolver = (url: string) => Promise<URL | undefined>;

let installed: SystemProxyResolver | undefined;

/** Installs (or with undefined removes) the resolver; returns a function that removes this one again. */
export function setSystemProxyResolver(resolver: SystemProxyResolver | undefined): () => void {
  installed = resolver;
  return () => {
    if (installed === resolver) installed = undefined;
  };
}

export function systemProxyResolver(): SystemProxyResolver | undefined {
  return installed;
}
