import t from 'tap'
import { createBatchQueue, createCoalescingLoader } from '../../src/lib/coalesce.js'

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

/** A batch queue whose every batch takes `ms`, recording each batch's size. */
function timedQueue(ms: number, maxBatch = 64) {
  const sizes: number[] = []
  const submit = createBatchQueue<number, number>(
    async (batch) => {
      sizes.push(batch.length)
      await new Promise((resolve) => setTimeout(resolve, ms))
      for (const p of batch) p.resolve(p.item * 2)
    },
    { maxInFlight: 1, maxBatch },
  )
  return { submit, sizes }
}

t.test('a steady crowd splits into two cohorts that take turns', async (t) => {
  const { submit, sizes } = timedQueue(5)
  // 40 callers, each submitting again as soon as it is answered: the database and the event loop
  // should each hold half of them, not all 40 wait in one batch.
  let answered = 0
  const caller = async (id: number) => {
    for (let i = 0; i < 6; i++) {
      const answer = await submit(id)
      if (answer === id * 2) answered++
    }
  }
  await Promise.all(Array.from({ length: 40 }, (_, id) => caller(id)))
  t.equal(answered, 240, 'every caller got its own answers')
  t.equal(sizes[0], 20, 'the first batch takes half of the crowd')
  t.ok(
    sizes.every((n) => n <= 20),
    `no batch holds more than half of the crowd: ${sizes.join(', ')}`,
  )
  t.ok(sizes.length >= 12, 'two batches for each round of the crowd')
})

t.test('a crowd of eight is not split, and the split follows a crowd that thins out', async (t) => {
  const { submit, sizes } = timedQueue(2)
  await Promise.all(Array.from({ length: 8 }, (_, i) => submit(i)))
  t.same(sizes, [8], 'eight callers leave together')
  await Promise.all(Array.from({ length: 40 }, (_, i) => submit(i)))
  t.same(sizes.slice(1), [20, 20])
  sizes.length = 0
  // The peak decays by one a batch: after a while of single callers, a crowd of 30 is split in halves
  // of its own (the peak of 40 kept would give 20 and 10).
  for (let i = 0; i < 40; i++) await submit(i)
  await Promise.all(Array.from({ length: 30 }, (_, i) => submit(i)))
  t.same(sizes.slice(-2), [15, 15])
})

t.test('maxBatch still bounds a batch of a large crowd', async (t) => {
  const { submit, sizes } = timedQueue(2, 16)
  await Promise.all(Array.from({ length: 100 }, (_, i) => submit(i)))
  t.same(sizes, [16, 16, 16, 16, 16, 16, 4])
})

t.test(
  "retryAlone: an item's error fails that item alone, each item of the batch running again by itself, in order",
  async (t) => {
    const calls: string[][] = []
    const itemError = Object.assign(new Error('invalid input'), { code: '22P02' })
    const get = createBatchQueue<string, string>(
      async (batch) => {
        calls.push(batch.map((p) => p.item))
        if (batch.some((p) => p.item === 'bad')) throw itemError
        for (const p of batch) p.resolve(`${p.item}:ok`)
      },
      { maxInFlight: 1, maxBatch: 16, retryAlone: (err) => err === itemError },
    )
    const results = await Promise.allSettled(['A', 'bad', 'B'].map((item) => get(item)))
    t.same(
      results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as Error).message)),
      ['A:ok', 'invalid input', 'B:ok'],
    )
    t.same(calls, [['A', 'bad', 'B'], ['A'], ['bad'], ['B']])

    const everyone = new Error('connection lost')
    const down = createBatchQueue<string, string>(
      async (batch) => {
        calls.push(batch.map((p) => p.item))
        throw everyone
      },
      { maxInFlight: 1, maxBatch: 16, retryAlone: (err) => err === itemError },
    )
    calls.length = 0
    const refused = await Promise.allSettled(['A', 'B'].map((item) => down(item)))
    t.same(
      refused.map((r) => r.status),
      ['rejected', 'rejected'],
    )
    t.same(calls, [['A', 'B']], "an error that is everyone's costs no query per item")
  },
)
