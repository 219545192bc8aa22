import { createServer, type AddressInfo, type Server } from 'node:net'

const listening = (): Promise<Server> =>
  new Promise((resolve, reject) => {
    const server = createServer()
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve(server))
  })

/**
 * `count` distinct TCP ports of 127.0.0.1 that nothing listens on now, chosen by the system. Ports picked
 * at random by hand fell in Linux's ephemeral range (32768–60999), where another test's outgoing
 * connection could be holding one: a Postgres started on it could not bind, and its file failed before
 * running a test.
 */
export async function freePorts(count: number): Promise<number[]> {
  // All held open until each has its own: two asked at once are never the same.
  const servers = await Promise.all(Array.from({ length: count }, listening))
  const ports = servers.map((s) => (s.address() as AddressInfo).port)
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))))
  return ports
}

export const freePort = async (): Promise<number> => (await freePorts(1))[0]
