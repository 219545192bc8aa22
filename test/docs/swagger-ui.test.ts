import t from 'tap'
import { setupTestApp } from '../helper.js'

const ctx = await setupTestApp(t)

t.test('Swagger UI has its own page title and names /openapi.json in the top bar, which serves the document', async (t) => {
  const page = await ctx.app.inject({ url: '/docs' })
  t.equal(page.statusCode, 200)
  t.match(page.body, '<title>INPS 2020 emulator — API</title>')
  const initializer = await ctx.app.inject({ url: '/docs/static/swagger-initializer.js' })
  t.equal(initializer.statusCode, 200)
  t.match(initializer.body, '"urls":[{"url":"/openapi.json","name":"/openapi.json"}]', 'the top bar lists the document by its address')
  const document = await ctx.app.inject({ url: '/openapi.json' })
  t.equal(document.statusCode, 200)
  t.equal(document.json().openapi, '3.1.0')
})
