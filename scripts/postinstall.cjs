// tap's default plugin set includes @tapjs/typescript, which fails under TypeScript 7; .taprc drops it
// and loads tests with tsx instead, but tap applies a plugin change only after `tap build`. Build once
// at install, so the first `npm test` on a fresh machine already runs with the right plugins.
// Production installs (npm ci --omit=dev) have no tap: nothing to do.
const { execSync } = require('node:child_process')
try {
  require.resolve('tap/package.json')
} catch {
  process.exit(0)
}
execSync('tap build', { stdio: 'inherit' })
