// Development installs only (production installs, npm ci --omit=dev, have no tap: nothing to do).
// 1. tap's default plugin set includes @tapjs/typescript, which fails under TypeScript 7; .taprc drops it
//    and loads tests with tsx instead, but tap applies a plugin change only after `tap build`. Build once
//    at install, so the first `npm test` on a fresh machine already runs with the right plugins.
// 2. ESLint's TypeScript support needs the TypeScript 6 JavaScript API, which TypeScript 7 lacks: the lint
//    tools live in tools/lint with their own lock file, installed here so that `npm run lint` just works.
const { execSync } = require('node:child_process')
const path = require('node:path')
try {
  require.resolve('tap/package.json')
} catch {
  process.exit(0)
}
execSync('tap build', { stdio: 'inherit' })
execSync('npm ci --no-audit --no-fund --loglevel=error', {
  stdio: 'inherit',
  cwd: path.join(__dirname, '..', 'tools', 'lint'),
})
