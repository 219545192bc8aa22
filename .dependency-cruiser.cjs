/**
 * The layers of src/ only point down (docs: architecture):
 *   0  lib/, db/, config.ts
 *   1  core/<name>/          the shared core every domain reads
 *   2  modules/<domain>/     operator < pin < credential < payment < application < libretto < health (a domain reads only earlier ones)
 *   3  emulator/             the control API
 *   4  app.ts, server.ts, plugins/
 * A module reads another module's services, schemas, rules and types, never its repositories or tables.
 */
const DOMAINS = ['operator', 'pin', 'credential', 'payment', 'application', 'libretto', 'health']
const TOP = '^src/(app|server)\\.ts$|^src/plugins/'

const laterDomains = DOMAINS.slice(0, -1).map((domain, i) => ({
  name: `domain-order-${domain}`,
  comment: `${domain} may read only the domains before it (${DOMAINS.slice(0, i).join(', ') || 'none'}): ${DOMAINS.slice(i + 1).join(', ')} come later`,
  severity: 'error',
  from: { path: `^src/modules/${domain}/` },
  to: { path: `^src/modules/(${DOMAINS.slice(i + 1).join('|')})/` },
}))

module.exports = {
  forbidden: [
    {
      name: 'base-reads-nothing-above',
      comment: 'lib/, db/ and config.ts are the floor: they import nothing from core, modules, the emulator, plugins or the app',
      severity: 'error',
      from: { path: '^src/(lib|db)/|^src/config\\.ts$' },
      to: { path: `^src/(core|modules|emulator)/|${TOP}` },
    },
    {
      name: 'core-reads-no-domain',
      comment: 'the shared core serves every domain, so it imports none of them, nor the emulator, plugins or the app',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: `^src/(modules|emulator)/|${TOP}` },
    },
    {
      name: 'domain-reads-nothing-above',
      comment: 'a domain module never imports the emulator, plugins or the app',
      severity: 'error',
      from: { path: '^src/modules/' },
      to: { path: `^src/emulator/|${TOP}` },
    },
    ...laterDomains,
    {
      name: 'emulator-reads-no-app',
      comment: 'the control API sits under the app: it imports no plugin and not the app',
      severity: 'error',
      from: { path: '^src/emulator/' },
      to: { path: TOP },
    },
    {
      name: 'no-foreign-repository',
      comment: "a module talks to another through its service: never through the other's repository or table types",
      severity: 'error',
      from: { path: '^src/(core|modules)/([^/]+)/' },
      to: { path: '^src/(core|modules)/[^/]+/[^/]+\\.(repository|table)\\.ts$', pathNot: '^src/$1/$2/' },
    },
    {
      name: 'no-circular',
      comment: 'import cycles make the load order (and the layers) a matter of luck',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Type-only imports count: a layer that needs a higher layer's types depends on it all the same.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    // TypeScript 7 (native) has no JavaScript API for dependency-cruiser: swc parses the sources.
    parser: 'swc',
  },
}
