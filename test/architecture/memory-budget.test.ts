import t from 'tap'
import { readFileSync } from 'node:fs'
import { SERVICE_NODE_ARGS } from '../../bench/processes.js'

// The bench measures the service as production starts it: the heap limit that keeps an instance near
// 300 MB of RSS is written in three places, which must say the same.
t.test('the Dockerfile, npm start and the bench start the service with the same Node flags', async (t) => {
  t.same(SERVICE_NODE_ARGS, ['--max-old-space-size=256'])
  const flags = SERVICE_NODE_ARGS.join(' ')
  const dockerCmd = /^CMD \[(.*)\]$/m.exec(readFileSync('Dockerfile', 'utf8'))?.[1]
  t.equal(dockerCmd, ['node', ...SERVICE_NODE_ARGS, 'dist/src/server.js'].map((a) => JSON.stringify(a)).join(', '))
  const start = JSON.parse(readFileSync('package.json', 'utf8')).scripts.start
  t.equal(start, `tsx ${flags} src/server.ts`)
})
