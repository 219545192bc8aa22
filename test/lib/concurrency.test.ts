import t from 'tap'
import { createConcurrencyLimit } from '../../src/lib/concurrency.js'

t.test('at most max tasks run at once, in arrival order, and a failure frees its slot', async (t) => {
  const limit = createConcurrencyLimit(2)
  let running = 0
  let most = 0
  const started: number[] = []
  const task = (n: number) => async () => {
    started.push(n)
    running++
    most = Math.max(most, running)
    await new Promise((resolve) => setTimeout(resolve, 5))
    running--
    if (n === 1) throw new Error('task 1 fails')
    return n
  }
  const results = await Promise.allSettled([1, 2, 3, 4, 5, 6].map((n) => limit(task(n))))
  t.equal(most, 2)
  t.same(started, [1, 2, 3, 4, 5, 6])
  t.same(
    results.map((r) => (r.status === 'fulfilled' ? r.value : 'failed')),
    ['failed', 2, 3, 4, 5, 6],
  )
  t.equal(await limit(async () => 'after'), 'after', 'every slot was given back')
})
