/**
 * The inbox page of GET /emulator/inbox: a mail catcher over /emulator/outbox. Static text only; the
 * script and the styles are separate files, so the page's own Content-Security-Policy can forbid
 * anything inline. The admin token is typed once, kept in sessionStorage and sent as X-Emulator-Token.
 */
export const INBOX_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

export const INBOX_HTML = `<!doctype html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Posta in uscita — emulatore INPS</title>
<link rel="stylesheet" href="/emulator/inbox.css">
<script src="/emulator/inbox.js" defer></script>
</head>
<body>
<header><h1>Posta in uscita</h1><p>SMS, email, PEC e lettere che l'emulatore ha "inviato", come li riceverebbe il cittadino.</p></header>
<form id="login" hidden>
  <label for="token">X-Emulator-Token</label>
  <input id="token" name="token" type="password" autocomplete="off" required minlength="16">
  <button type="submit">Apri</button>
  <p id="login-error" class="error" role="alert"></p>
</form>
<main id="inbox" hidden>
  <form id="filters">
    <label for="cf">Codice fiscale</label>
    <input id="cf" name="cf" maxlength="16" pattern="[A-Za-z0-9]{16}" placeholder="tutti">
    <label for="channel">Canale</label>
    <select id="channel" name="channel">
      <option value="">tutti</option><option value="sms">SMS</option><option value="email">email</option><option value="pec">PEC</option><option value="post">lettera</option>
    </select>
    <button type="button" id="logout">Esci</button>
  </form>
  <p id="status" aria-live="polite"></p>
  <ol id="messages"></ol>
</main>
</body>
</html>
`

export const INBOX_CSS = `[hidden] { display: none !important; }
body { font: 15px/1.4 system-ui, sans-serif; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #1b1b1b; }
header p { color: #555; margin-top: 0; }
form { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; margin-bottom: 1rem; }
input, select, button { font: inherit; padding: .3rem .5rem; }
.error { color: #b00020; width: 100%; }
#status { color: #555; font-size: .9rem; }
#messages { list-style: none; padding: 0; }
.message { border: 1px solid #ccc; border-radius: 6px; padding: .6rem .8rem; margin-bottom: .6rem; }
.message.new { border-color: #0066cc; }
.meta { color: #555; font-size: .85rem; display: flex; gap: 1rem; flex-wrap: wrap; }
.channel { font-weight: 600; text-transform: uppercase; }
.subject { font-weight: 600; margin: .3rem 0; }
.body { white-space: pre-wrap; margin: 0; }
mark.pin { background: #ffe066; font: 600 1.1rem monospace; padding: 0 .25rem; letter-spacing: .1em; }
`

export const INBOX_JS = `'use strict'
;(function () {
  var KEY = 'inpsEmulatorToken'
  var POLL_MS = 1000
  var CHANNELS = { sms: 'SMS', email: 'email', pec: 'PEC', post: 'lettera' }
  var PARTS = { first: 'prima metà del PIN', second: 'seconda metà del PIN', full: 'PIN' }
  var shown = new Set()
  var timer = null
  var generation = 0
  var $ = function (id) { return document.getElementById(id) }

  function el(tag, className, text) {
    var node = document.createElement(tag)
    if (className) node.className = className
    if (text !== undefined) node.textContent = text
    return node
  }

  // dd/mm/yyyy hh:mm, Rome time, as the citizen would read it.
  function romeTime(iso) {
    var parts = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).formatToParts(new Date(iso))
    var get = function (type) { return (parts.find(function (p) { return p.type === type }) || {}).value }
    return get('day') + '/' + get('month') + '/' + get('year') + ' ' + get('hour') + ':' + get('minute')
  }

  // The body as text, with the PIN part it carries wrapped in <mark class="pin">.
  function bodyWithPin(body, secret) {
    var pre = el('p', 'body')
    var pieces = secret ? body.split(secret) : [body]
    pieces.forEach(function (piece, i) {
      if (i > 0) pre.appendChild(el('mark', 'pin', secret))
      pre.appendChild(document.createTextNode(piece))
    })
    return pre
  }

  function render(message) {
    var item = el('li', 'message new')
    item.dataset.id = message.id
    item.dataset.channel = message.channel
    var meta = el('div', 'meta')
    meta.appendChild(el('span', 'channel', CHANNELS[message.channel] || message.channel))
    meta.appendChild(el('span', 'recipient', message.recipient))
    if (message.codiceFiscale) meta.appendChild(el('span', 'cf', message.codiceFiscale))
    meta.appendChild(el('span', 'when', (message.channel === 'post' ? 'consegnata il ' : 'inviato il ') + romeTime(message.channel === 'post' ? message.deliverAt : message.sentAt)))
    item.appendChild(meta)
    item.appendChild(el('div', 'subject', message.subject))
    item.appendChild(bodyWithPin(message.body, message.secret))
    if (message.secret) {
      var pin = el('div', 'pin-line', (PARTS[message.pinPart] || 'PIN') + ': ')
      pin.appendChild(el('mark', 'pin', message.secret))
      item.appendChild(pin)
    }
    return item
  }

  function showLogin(error) {
    clearTimeout(timer)
    generation++
    $('inbox').hidden = true
    $('login').hidden = false
    $('login-error').textContent = error || ''
  }

  async function fetchAll(token, mine) {
    var params = new URLSearchParams({ limit: '200' })
    var cf = $('cf').value.trim().toUpperCase()
    if (/^[A-Z0-9]{16}$/.test(cf)) params.set('codiceFiscale', cf)
    if ($('channel').value) params.set('channel', $('channel').value)
    var items = []
    for (var page = 0; page < 25; page++) {
      var response = await fetch('/emulator/outbox?' + params, { headers: { 'X-Emulator-Token': token }, cache: 'no-store' })
      if (mine !== generation) return null
      if (response.status === 401) {
        sessionStorage.removeItem(KEY)
        showLogin('Token non valido')
        return null
      }
      if (!response.ok) throw new Error('HTTP ' + response.status)
      var data = await response.json()
      items = items.concat(data.items)
      if (!data.nextCursor) break
      params.set('cursor', data.nextCursor)
    }
    return items
  }

  async function poll(mine) {
    var token = sessionStorage.getItem(KEY)
    if (!token || mine !== generation) return
    try {
      var items = await fetchAll(token, mine)
      if (!items) return
      var list = $('messages')
      Array.prototype.forEach.call(list.querySelectorAll('.message.new'), function (node) { node.classList.remove('new') })
      items.forEach(function (message) {
        if (shown.has(message.id)) return
        shown.add(message.id)
        list.insertBefore(render(message), list.firstChild)
      })
      $('status').textContent = shown.size + ' messaggi · aggiornato alle ' + new Date().toLocaleTimeString('it-IT')
    } catch (error) {
      $('status').textContent = 'Errore: ' + error.message
    }
    if (mine === generation) timer = setTimeout(function () { poll(mine) }, POLL_MS)
  }

  function restart() {
    clearTimeout(timer)
    generation++
    shown.clear()
    $('messages').textContent = ''
    $('login').hidden = true
    $('inbox').hidden = false
    poll(generation)
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('login').addEventListener('submit', function (event) {
      event.preventDefault()
      sessionStorage.setItem(KEY, $('token').value)
      $('token').value = ''
      restart()
    })
    $('filters').addEventListener('submit', function (event) { event.preventDefault() })
    $('cf').addEventListener('change', restart)
    $('channel').addEventListener('change', restart)
    $('logout').addEventListener('click', function () {
      sessionStorage.removeItem(KEY)
      showLogin()
    })
    if (sessionStorage.getItem(KEY)) restart()
    else showLogin()
  })
})()
`
