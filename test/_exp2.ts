import { buildApp } from '../src/app.js'
import { testConfig } from './helper.js'
import { createTestDatabase } from './db.js'
import { Writable } from 'node:stream'
const database = await createTestDatabase()
const chunks: string[] = []
const app = await buildApp(testConfig(), { database, logStream: new Writable({ write(c, _e, d) { chunks.push(c.toString()); d() } }) })
app.get('/boom', async () => { throw new Error('db password hunter2 at line 3') })
app.get('/boomnull', async () => { throw null })
app.get('/boomstr', async () => { throw 'plain string hunter2' })
app.get('/boom503', async () => { throw Object.assign(new Error('upstream hunter2'), { statusCode: 503 }) })
app.get('/boomsync', () => { throw new Error('sync hunter2') })
await app.ready()
const show = (r: any) => console.log(r.statusCode, JSON.stringify(r.headers), r.body.slice(0, 1400))
for (const u of ['/boom', '/boomnull', '/boomstr', '/boom503', '/boomsync']) show(await app.inject({ method: 'GET', url: u }))
show(await app.inject({ method: 'PUT', url: '/emulator/persons/BNCGLI84H52H501C', headers: { 'x-emulator-token': 'test-admin-token-0123456789' }, payload: { firstName: 'Giulia', lastName: 'Bianchi', birthDate: '1984-06-12', sex: 'F', birthPlace: 'Roma', residence: { street: 'x', municipality: 'Roma', province: 'RM' }, shoeSize: 42 } }))
await database.close()
show(await app.inject({ method: 'GET', url: '/health/ready' }))
show(await app.inject({ method: 'GET', url: '/health/live' }))
await app.close()
console.log(chunks.filter(c => c.includes('"level":50') || c.includes('"level":40')).join(''))
