import { sql, type Kysely } from 'kysely'

// Frozen: never edit a migration that has shipped; add a new file instead.
//
// Reddito di Emergenza (DL 34 art. 82, docs/rules.md §16): a benefit of the household, one application
// per household and round, whichever member files it. The submission gives the application its
// household key (the archive's household id, or the applicant alone); a trigger claims the key in
// household_claims, whose primary key refuses a second claim on any number of instances, as
// child_claims does for children (0013, 0018). A rejection releases the claim. submit_applications is
// 0019's with the household key.
//
// CAF (art. 82 c. 7) become an operator role and an organisation kind, and file on a channel of their own.
// The archive keeps the household's own facts (ISEE, movable assets, monthly income) beside its id.
const submitApplications = (withHousehold: boolean) => `
CREATE OR REPLACE FUNCTION submit_applications(p_items jsonb) RETURNS TABLE (item integer, created json, previous json) LANGUAGE plpgsql AS $fn$
BEGIN
  RETURN QUERY
  WITH input AS (
    SELECT * FROM jsonb_to_recordset(p_items) AS t(
      ord integer, id uuid, year text, codice_fiscale text, benefit_code text, exclusive_group text, channel text, filed_by text,
      patronato text, auth_level text, payment jsonb, declarations jsonb, children jsonb, submitted_at timestamptz, audit_id uuid,
      actor_type text, actor_id text, request_id text, receipt_id uuid, caller text, key text, request_hash text,
      protocol_prefix text, receipt_subject text, receipt_body text, round text, details jsonb, documents_required boolean${withHousehold ? ', household_key text' : ''})
  ), prev AS (
    SELECT i.ord, k.request_hash, k.application_id FROM input i JOIN idempotency_keys k ON k.caller = i.caller AND k.key = i.key
  ), app AS (
    INSERT INTO applications (id, protocol_number, codice_fiscale, benefit_code, exclusive_group, channel, filed_by, patronato,
                              auth_level, payment, declarations, children, status, reasons, submitted_at, round, details, documents_required${withHousehold ? ', household_key' : ''})
    SELECT i.id, i.protocol_prefix || lpad(nextval('application_protocol_number')::text, 7, '0'),
           i.codice_fiscale, i.benefit_code, i.exclusive_group, i.channel, i.filed_by, i.patronato, i.auth_level,
           i.payment, i.declarations, i.children, 'submitted', '[]'::jsonb, i.submitted_at, coalesce(i.round, ''), i.details,
           coalesce(i.documents_required, false)${withHousehold ? ', i.household_key' : ''}
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
           replace(i.receipt_subject, '{protocol}', app.protocol_number),
           replace(i.receipt_body, '{protocol}', app.protocol_number),
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

const ROLES = `'contact_center', 'patronato', 'intermediario', 'backoffice', 'office'`

export async function up(db: Kysely<any>): Promise<void> {
  for (const statement of [
    `ALTER TABLE operators DROP CONSTRAINT operators_role_check`,
    `ALTER TABLE operators ADD CONSTRAINT operators_role_check CHECK (role IN (${ROLES}, 'caf'))`,
    `ALTER TABLE organisations DROP CONSTRAINT organisations_kind_check`,
    `ALTER TABLE organisations ADD CONSTRAINT organisations_kind_check CHECK (kind IN (${ROLES}, 'caf'))`,
    `ALTER TABLE applications DROP CONSTRAINT applications_channel_check`,
    `ALTER TABLE applications ADD CONSTRAINT applications_channel_check CHECK (channel IN ('web', 'contact_center', 'patronato', 'caf'))`,
    `ALTER TABLE persons ADD COLUMN household_facts jsonb NOT NULL DEFAULT '{}'`,
    `ALTER TABLE applications ADD COLUMN household_key text`,
    `CREATE TABLE household_claims (
  household_key text NOT NULL,
  benefit_code text NOT NULL,
  round text NOT NULL,
  application_id uuid NOT NULL REFERENCES applications (id),
  claimed_at timestamptz NOT NULL,
  CONSTRAINT household_claims_pkey PRIMARY KEY (household_key, benefit_code, round)
)`,
    `CREATE INDEX household_claims_by_application ON household_claims (application_id)`,
    `CREATE FUNCTION claim_household() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  INSERT INTO household_claims (household_key, benefit_code, round, application_id, claimed_at)
  VALUES (NEW.household_key, NEW.benefit_code, NEW.round, NEW.id, NEW.submitted_at);
  RETURN NULL;
END
$fn$`,
    `CREATE TRIGGER applications_claim_household AFTER INSERT ON applications
  FOR EACH ROW WHEN (NEW.household_key IS NOT NULL) EXECUTE FUNCTION claim_household()`,
    submitApplications(true),
  ])
    await sql.raw(statement).execute(db)
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const statement of [
    submitApplications(false),
    `DROP TRIGGER applications_claim_household ON applications`,
    `DROP FUNCTION claim_household()`,
    `DROP TABLE household_claims`,
    `ALTER TABLE applications DROP COLUMN household_key`,
    `ALTER TABLE persons DROP COLUMN household_facts`,
    // A CAF's filings and operators become those of an intermediary under mandate, as before this migration.
    `UPDATE applications SET channel = 'patronato' WHERE channel = 'caf'`,
    `UPDATE operators SET role = 'intermediario' WHERE role = 'caf'`,
    `UPDATE organisations SET kind = 'intermediario' WHERE kind = 'caf'`,
    `ALTER TABLE applications DROP CONSTRAINT applications_channel_check`,
    `ALTER TABLE applications ADD CONSTRAINT applications_channel_check CHECK (channel IN ('web', 'contact_center', 'patronato'))`,
    `ALTER TABLE organisations DROP CONSTRAINT organisations_kind_check`,
    `ALTER TABLE organisations ADD CONSTRAINT organisations_kind_check CHECK (kind IN (${ROLES}))`,
    `ALTER TABLE operators DROP CONSTRAINT operators_role_check`,
    `ALTER TABLE operators ADD CONSTRAINT operators_role_check CHECK (role IN (${ROLES}))`,
  ])
    await sql.raw(statement).execute(db)
}
