import { sql, type Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new file instead.
//
// submit_applications (0007) wrote the protocol format and the receipt's wording itself. From here the
// caller gives them per item: protocol_prefix (e.g. 'INPS.2020.'; the sequence number stays here, so
// numbers never repeat) and the receipt's subject and body, where {protocol} stands for the number.
// The wording lives in the application (receipt.rules.ts) and changes without a migration.
const PLACEHOLDER = '{protocol}'

const submitApplications = (parts: { extraColumns: string; protocol: string; subject: string; body: string }) => `
CREATE OR REPLACE FUNCTION submit_applications(p_items jsonb) RETURNS TABLE (item integer, created json, previous json) LANGUAGE plpgsql AS $fn$
BEGIN
  RETURN QUERY
  WITH input AS (
    SELECT * FROM jsonb_to_recordset(p_items) AS t(
      ord integer, id uuid, year text, codice_fiscale text, benefit_code text, exclusive_group text, channel text, filed_by text,
      patronato text, auth_level text, payment jsonb, declarations jsonb, children jsonb, submitted_at timestamptz, audit_id uuid,
      actor_type text, actor_id text, request_id text, receipt_id uuid, caller text, key text, request_hash text${parts.extraColumns})
  ), prev AS (
    SELECT i.ord, k.request_hash, k.application_id FROM input i JOIN idempotency_keys k ON k.caller = i.caller AND k.key = i.key
  ), app AS (
    INSERT INTO applications (id, protocol_number, codice_fiscale, benefit_code, exclusive_group, channel, filed_by, patronato,
                              auth_level, payment, declarations, children, status, reasons, submitted_at)
    SELECT i.id, ${parts.protocol},
           i.codice_fiscale, i.benefit_code, i.exclusive_group, i.channel, i.filed_by, i.patronato, i.auth_level,
           i.payment, i.declarations, i.children, 'submitted', '[]'::jsonb, i.submitted_at
    FROM input i
    WHERE NOT EXISTS (SELECT 1 FROM prev WHERE prev.ord = i.ord)
    ORDER BY i.ord
    ON CONFLICT DO NOTHING
    RETURNING *
  ), audit AS (
    INSERT INTO audit_events (id, occurred_at, actor_type, actor_id, codice_fiscale, channel, action, outcome, detail, request_id)
    SELECT i.audit_id, app.submitted_at, i.actor_type, i.actor_id, app.codice_fiscale, app.channel, 'application.submitted', 'success',
           jsonb_build_object('applicationId', app.id, 'protocolNumber', app.protocol_number, 'benefitCode', app.benefit_code), i.request_id
    FROM app JOIN input i ON i.id = app.id
  ), receipt AS (
    INSERT INTO outbox (id, codice_fiscale, channel, recipient, subject, body, created_at, deliver_at)
    SELECT i.receipt_id, app.codice_fiscale,
           CASE WHEN p.contacts ? 'email' THEN 'email' ELSE 'sms' END, coalesce(p.contacts ->> 'email', p.contacts ->> 'mobile'),
           ${parts.subject},
           ${parts.body},
           app.submitted_at, app.submitted_at
    FROM app JOIN input i ON i.id = app.id JOIN persons p ON p.codice_fiscale = app.codice_fiscale
    WHERE p.contacts ? 'email' OR p.contacts ? 'mobile'
  ), idem AS (
    INSERT INTO idempotency_keys (caller, key, request_hash, application_id, created_at)
    SELECT i.caller, i.key, i.request_hash, app.id, app.submitted_at FROM app JOIN input i ON i.id = app.id WHERE i.key IS NOT NULL
  )
  SELECT i.ord,
         (SELECT row_to_json(app) FROM app WHERE app.id = i.id),
         (SELECT json_build_object('request_hash', prev.request_hash, 'application_id', prev.application_id) FROM prev WHERE prev.ord = i.ord)
  FROM input i;
END
$fn$`

const SEQUENCE = "lpad(nextval('application_protocol_number')::text, 7, '0')"

const GIVEN_BY_CALLER = submitApplications({
  extraColumns: ', protocol_prefix text, receipt_subject text, receipt_body text',
  protocol: `i.protocol_prefix || ${SEQUENCE}`,
  subject: `replace(i.receipt_subject, '${PLACEHOLDER}', app.protocol_number)`,
  body: `replace(i.receipt_body, '${PLACEHOLDER}', app.protocol_number)`,
})

// As 0007 wrote it, for down().
const FIXED_IN_SQL = submitApplications({
  extraColumns: '',
  protocol: `'INPS.' || i.year || '.' || ${SEQUENCE}`,
  subject: "'Ricevuta domanda ' || app.protocol_number",
  body: "'INPS: la domanda ' || app.benefit_code || ' è stata acquisita con protocollo ' || app.protocol_number || '.'",
})

export async function up(db: Kysely<any>): Promise<void> {
  await sql.raw(GIVEN_BY_CALLER).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql.raw(FIXED_IN_SQL).execute(db)
}
