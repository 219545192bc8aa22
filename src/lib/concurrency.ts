/**
 * Runs at most `max` tasks at once; the others wait in arrival order. A slot passes straight from a
 * finished task to the next in line.
 */
export function createConcurrencyLimit(max: number) {
  let running = 0
  const waiting: Array<() => void> = []
  return async function limited<T>(task: () => Promise<T>): Promise<T> {
    if (running >= max) await new Promise<void>((resolve) => waiting.push(resolve))
    else running++
    try {
      return await task()
    } finally {
      const next = waiting.shift()
      if (next) next()
      else running--
    }
  }
}
