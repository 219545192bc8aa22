import t from 'tap'
import { decisionMessage } from '../../../src/modules/credential/credential.rules.js'
import { CONTACT_CENTER_IT } from '../../../src/core/access/contact-center-info.js'

// docs/rules.md §15: a message that sends a citizen to the Contact Center gives its numbers, in Italian.
t.test('the Contact Center as the citizen reads it', async (t) => {
  t.match(CONTACT_CENTER_IT, /numero verde 803 164 \(gratuito da rete fissa\).*06 164164 \(da rete mobile/)
  t.match(CONTACT_CENTER_IT, /dal lunedì al venerdì dalle 8 alle 20, il sabato dalle 8 alle 14/)
})

t.test('a refused PIN dispositivo says how to try again: online, or by fax to 800 803 164', async (t) => {
  const { subject, body } = decisionMessage({ status: 'rejected', reason: 'Il documento di identità è scaduto.' })
  t.equal(subject, 'PIN dispositivo: richiesta respinta')
  t.match(body, /Motivo: Il documento di identità è scaduto\. Può presentare una nuova richiesta online/)
  t.notMatch(body, /\.\./, 'no double full stop after the reason')
  t.match(body, /via fax al numero verde 800 803 164/)
  t.match(body, /803 164/)
})
