import t from 'tap'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { setupTestApp, ADMIN_TOKEN } from '../helper.js'
import { colombo, postRequest } from '../modules/pin/pin.factories.js'

const ctx = await setupTestApp(t, { ACCESS_WINDOWS_ENABLED: 'false' })

t.test(
  'the page and its files load without the token, with a strict CSP and no-store; the data still needs it',
  async (t) => {
    const page = await ctx.app.inject({ method: 'GET', url: '/emulator/inbox' })
    t.equal(page.statusCode, 200)
    t.match(page.headers['content-type'], /^text\/html/)
    t.equal(page.headers['cache-control'], 'no-store')
    t.match(page.headers['content-security-policy'], /script-src 'self'/)
    t.notMatch(page.headers['content-security-policy'], /unsafe-inline/)
    t.notMatch(page.body, /<script(?![^>]*\bsrc=)[^>]*>/, 'no inline script')
    t.notMatch(page.body, /\sstyle=|<style/, 'no inline style')
    t.notMatch(page.body, new RegExp(ADMIN_TOKEN), 'the page carries no token')
    const script = await ctx.app.inject({ method: 'GET', url: '/emulator/inbox.js' })
    t.equal(script.statusCode, 200)
    t.match(script.headers['content-type'], /^text\/javascript/)
    t.match(script.body, /X-Emulator-Token/)
    t.equal((await ctx.app.inject({ method: 'GET', url: '/emulator/inbox.css' })).statusCode, 200)
    t.equal(
      (await ctx.app.inject({ method: 'GET', url: '/emulator/outbox' })).statusCode,
      401,
      'the outbox it reads still requires the token',
    )
  },
)

t.test('the page is gone with the emulator', async (t) => {
  const off = await setupTestApp(t, { EMULATOR_ENABLED: 'false' })
  t.equal((await off.app.inject({ method: 'GET', url: '/emulator/inbox' })).statusCode, 404)
})

const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
].filter((p): p is string => Boolean(p))
const browserPath = CANDIDATES.find((p) => existsSync(p))

t.test(
  'in a real headless Chromium: token once, then new messages appear without a reload, PIN halves highlighted',
  {
    skip: browserPath
      ? false
      : `no Chromium found (tried ${CANDIDATES.join(', ')}; apt-get install -y chromium, or set CHROMIUM_PATH)`,
  },
  async (t) => {
    const { chromium } = await import('playwright-core')
    const address = await ctx.app.listen({ port: 0, host: '127.0.0.1' })
    const browser = await chromium.launch({
      executablePath: browserPath,
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    })
    t.teardown(() => browser.close())
    const page = await browser.newPage({ viewport: { width: 1000, height: 800 } })
    const dataRequests: string[] = []
    const consoleErrors: string[] = []
    page.on('request', (request) => {
      if (request.url().includes('/emulator/outbox')) dataRequests.push(request.url())
    })
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text())
    })

    await ctx.emulator('PUT', '/emulator/clock', { now: '2020-04-01T10:00:00+02:00', frozen: true })
    await page.goto(`${address}/emulator/inbox`)
    await page.waitForSelector('#login:not([hidden])')
    t.ok(await page.isHidden('#inbox'), 'nothing shown without the token')
    await page.waitForTimeout(1500)
    t.same(dataRequests, [], 'nothing fetched without the token')

    await page.fill('#token', ADMIN_TOKEN)
    await page.click('#login button[type=submit]')
    await page.waitForSelector('#inbox:not([hidden])')
    t.ok(await page.isHidden('#login'), 'the token form is gone once the token is given')
    t.equal(
      await page.evaluate(() => sessionStorage.getItem('inpsEmulatorToken')),
      ADMIN_TOKEN,
      'kept in sessionStorage',
    )

    // A PIN request after the page opened: its SMS (first half) shows up by itself.
    t.equal((await postRequest(ctx, colombo())).statusCode, 201)
    const sms = page.locator('li.message[data-channel=sms]').first()
    await sms.waitFor({ timeout: 10_000 })
    const firstHalf = await sms.locator('.pin-line mark.pin').textContent()
    t.match(firstHalf, /^[A-Z0-9]{8}$/, 'the PIN half is highlighted')
    t.equal(await page.locator('li.message[data-channel=post]').count(), 0, 'the letter is not delivered yet')

    // Filter: letters only; the letter appears once the emulated clock passes its delivery time.
    await page.selectOption('#channel', 'post')
    await page.waitForFunction(() => document.querySelectorAll('li.message[data-channel=sms]').length === 0)
    await ctx.emulator('POST', '/emulator/clock/advance', { seconds: 5 * 86_400 })
    const letter = page.locator('li.message[data-channel=post]').first()
    await letter.waitFor({ timeout: 10_000 })
    t.match(await letter.locator('.pin-line').textContent(), /seconda metà del PIN: [A-Z0-9]{8}/)
    t.match(
      await letter.locator('.when').textContent(),
      /^consegnata il 06\/04\/2020 10:00$/,
      'shown from its delivery time, dd/mm/yyyy',
    )

    // Filter by codice fiscale: someone else has no mail.
    await page.selectOption('#channel', '')
    await page.fill('#cf', 'RSSMRA80A01H501U')
    await page.press('#cf', 'Enter')
    await page.locator('#cf').dispatchEvent('change')
    await page.waitForFunction(() => document.querySelectorAll('li.message').length === 0)

    await page.fill('#cf', 'CLMGPP71P08A944C')
    await page.locator('#cf').dispatchEvent('change')
    await page.waitForFunction(() => document.querySelectorAll('li.message').length >= 2)
    mkdirSync('test-artifacts', { recursive: true })
    await page.screenshot({ path: join('test-artifacts', 'inbox.png'), fullPage: true })
    t.ok(existsSync(join('test-artifacts', 'inbox.png')), 'screenshot saved in test-artifacts/inbox.png')
    t.same(
      consoleErrors.filter((e) => /Content Security Policy/i.test(e)),
      [],
      'nothing refused by the CSP',
    )
    t.ok(dataRequests.length > 0)
  },
)
