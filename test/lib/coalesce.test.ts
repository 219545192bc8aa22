import t from 'tap'
import { createCoalescingLoader } from '../../src/lib/coalesce.js'

function recordingLoader(fail = false) {
  const calls: string[][] = []
  let running = 0
  let mostAtOnce = 0
  const loader = createCoalescingLoader(
    async (keys: string[]) => {
      calls.push(keys)
      running++
      mostAtOnce = Math.max(mostAtOnce, running)
      await new Promise((resolve) => setTimeout(resolve, 20))
      running--
      if (fail) throw new Error('connection lost')
      return new Map(keys.filter((k) => k !== 'nobody').map((k) => [k, [`${k}:applied`]]))
    },
    { maxInFlight: 1, maxBatch: 3, missing: (): string[] => [] },
  )
  return { loader, calls, mostAtOnce: () => mostAtOnce }
}

t.test('concurrent reads share queries, each caller gets its own answer, in batches of at most maxBatch', async (t) => {
  const { loader, calls, mostAtOnce } = recordingLoader()
  const keys = ['A', 'B', 'A', 'nobody', 'C', 'D', 'E']
  const answers = await Promise.all(keys.map((k) => loader.get(k)))
  t.same(answers, [['A:applied'], ['B:applied'], ['A:applied'], [], ['C:applied'], ['D:applied'], ['E:applied']])
  t.same(calls, [['A', 'B'], ['nobody', 'C', 'D'], ['E']], 'the same key twice in a batch is read once')
  t.equal(mostAtOnce(), 1, 'never more queries at once than maxInFlight')
})

t.test('a failed query fails every caller of its batch, and the next batch tries again', async (t) => {
  const failing = recordingLoader(true)
  const results = await Promise.allSettled(['A', 'B'].map((k) => failing.loader.get(k)))
  t.same(
    results.map((r) => r.status),
    ['rejected', 'rejected'],
  )
  const healthy = recordingLoader()
  t.same(await healthy.loader.get('A'), ['A:applied'])
})

t.test('at low load a read leaves at once, alone', async (t) => {
  const { loader, calls } = recordingLoader()
  t.same(await loader.get('A'), ['A:applied'])
  t.same(await loader.get('B'), ['B:applied'])
  t.same(calls, [['A'], ['B']])
})
