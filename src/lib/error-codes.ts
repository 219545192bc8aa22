/** A code's title is its status's reason phrase (RFC 9110). */
const TITLES = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Content Too Large',
  414: 'URI Too Long',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  423: 'Locked',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
} as const

function entry<S extends keyof typeof TITLES>(status: S, description: string) {
  return { status, title: TITLES[status], description }
}

/**
 * Every `code` the API answers with, its HTTP status and an example detail. AppError and the helpers in
 * errors.ts accept only these codes, and a status and title that agree with this table; the OpenAPI
 * document takes its error examples from here (`description` is the example's detail). Eligibility reason
 * codes of an application are data, not errors: they are not here.
 */
export const ERROR_CODES = {
  // 400: the request itself is malformed
  VALIDATION_ERROR: entry(400, 'Invalid body: /codiceFiscale must match pattern "^[A-Za-z0-9]{16}$"'),
  INVALID_JSON: entry(400, 'The body is not valid JSON'),
  INVALID_CONTENT_LENGTH: entry(400, 'Content-Length does not match the body'),
  INVALID_CONTENT_TYPE: entry(400, 'The Content-Type header is malformed'),
  BAD_URL: entry(400, 'The URL could not be decoded'),
  BAD_REQUEST: entry(400, 'The request could not be understood'),
  INVALID_CODICE_FISCALE: entry(400, 'codiceFiscale is not a valid codice fiscale (pattern or check character)'),
  INVALID_CURSOR: entry(400, 'cursor is not one this API gave out'),
  INVALID_DELIVERY_FAULT: entry(400, 'delayHours goes with mode delay, and only with it'),
  NO_DELIVERY_CONTACT: entry(
    400,
    'Give at least a mobile number or an email address: the first half of the PIN is sent there',
  ),
  WEAK_PIN: entry(400, 'The new PIN must not repeat a single character'),
  SPID_LEVEL_REQUIRED: entry(400, 'A SPID assertion needs spidLevel 1, 2 or 3'),
  SPID_LEVEL_NOT_APPLICABLE: entry(400, 'spidLevel applies to spid only'),
  MISSING_FIELD: entry(400, 'The form field codiceFiscale is missing'),
  MISSING_FILE: entry(400, 'The file module is missing (or empty)'),
  UNEXPECTED_FIELD: entry(400, 'A form field name is not allowed'),
  FIELD_TOO_LONG: entry(400, 'The form field codiceFiscale is too long'),
  INVALID_FIELD: entry(400, 'The form field codiceFiscale must not contain the NUL character'),
  MALFORMED_MULTIPART: entry(400, 'The multipart body could not be read'),

  // 401: no usable credentials
  UNAUTHORIZED: entry(401, 'Send Authorization: Bearer <accessToken>'),
  INVALID_TOKEN: entry(401, 'The token is not valid'),
  TOKEN_EXPIRED: entry(401, 'The token has expired (emulated clock)'),
  TOKEN_ISSUED_IN_FUTURE: entry(
    401,
    'The token was issued after the current emulated time (the clock was moved back): log in again',
  ),
  SESSION_REVOKED: entry(401, 'The credential changed since this session was opened: log in again'),
  INVALID_CREDENTIALS: entry(401, 'The identifier or the PIN is not correct'),
  CALLER_NOT_IDENTIFIED: entry(
    401,
    "The caller's codice fiscale and PIN do not match: the wrong PIN counts toward the lockout",
  ),
  INVALID_CHANGE_TOKEN: entry(401, 'The change token is not valid'),
  INVALID_ASSERTION: entry(401, 'The assertion is not valid'),
  ASSERTION_REPLAYED: entry(401, 'This assertion was already used: ask the identity provider for a new one'),
  EMULATOR_TOKEN_REQUIRED: entry(401, 'The emulator API needs the X-Emulator-Token header'),
  EMULATOR_TOKEN_INVALID: entry(401, 'The X-Emulator-Token is not valid'),

  // 403: authenticated, not allowed
  ROLE_NOT_ALLOWED: entry(403, 'This route is not open to the role citizen'),
  INSUFFICIENT_LEVEL: entry(403, 'Authentication level pin_semplificato is not enough here'),
  INTERMEDIARY_NOT_ALLOWED: entry(403, 'Intermediaries (CAF, commercialisti) cannot file Cura Italia applications'),
  OUTSIDE_ACCESS_WINDOW: entry(403, 'Citizens can use this service from 2020-04-02T16:00:00.000+02:00'),
  APPLICATION_PERIOD_NOT_OPEN: entry(403, 'Applications open on 1 April 2020'),
  ENTRY_PERIOD_CLOSED: entry(403, 'Work paid by the bonus had to be entered by 31 December 2020'),
  APPLICATION_PERIOD_CLOSED: entry(
    403,
    'The application period for this benefit has ended (decadenza, DL 34/2020 art. 84 c. 14)',
  ),
  OUTSIDE_CONTACT_CENTER_HOURS: entry(
    403,
    'The Contact Center is closed: Mon–Fri 08:00–20:00, Sat 08:00–14:00 (Europe/Rome)',
  ),
  PIN_SEMPLIFICATO_UNAVAILABLE: entry(
    403,
    'The first half alone gives no access: the PIN semplificato has not started yet (26 March 2020) or the emergency is over',
  ),
  PIN_ISSUANCE_ENDED: entry(
    403,
    'From 1 October 2020 INPS issues no new PIN (circ. 87/2020), except to minors, people without an Italian identity document and people under tutela; use SPID, CIE or CNS',
  ),
  CALLER_PIN_CHANGE_REQUIRED: entry(
    403,
    'The caller must first set a personal PIN online: the 16 characters (or an expired PIN) do not identify on the phone',
  ),
  SECOND_HALF_REQUIRED: entry(403, 'Log in with the full PIN (activate it with the second half that came by post)'),
  DISPOSITIVO_REQUIRED: entry(403, 'The Libretto Famiglia needs a PIN dispositivo, SPID (level 2 or 3), CIE or CNS'),
  NO_MANDATE: entry(403, 'The patronato has no mandate from this citizen'),
  WRONG_OFFICE: entry(403, 'This operator works at another office'),
  OFFICE_CLOSED: entry(403, "The office is closed to the public: use the Contact Center's remote recognition"),

  // 404
  NOT_FOUND: entry(404, 'The resource was not found'),
  ROUTE_NOT_FOUND: entry(404, 'No route GET /api/v1/nothing'),
  PERSON_NOT_FOUND: entry(404, 'The archive record for that codice fiscale was not found'),
  PIN_REQUEST_NOT_FOUND: entry(404, 'PIN request was not found'),
  APPLICATION_NOT_FOUND: entry(404, 'Application was not found'),
  REQUEST_NOT_FOUND: entry(404, 'PIN dispositivo request was not found'),
  DOCUMENT_NOT_FOUND: entry(404, 'Document was not found'),
  OFFICE_NOT_FOUND: entry(404, 'Office RM01 was not found'),
  SNAPSHOT_NOT_FOUND: entry(404, 'No snapshot is named before-submission'),
  LIBRETTO_NOT_FOUND: entry(404, 'The Libretto Famiglia (take up an accepted baby-sitting bonus first) was not found'),

  // 409: conflicts with the current state
  PIN_ALREADY_ACTIVE: entry(409, 'This person already has an activated PIN: log in with it, or recover it if lost'),
  REQUEST_SUPERSEDED: entry(409, 'A newer PIN request for this person replaced this one'),
  TOO_EARLY_TO_VALIDATE: entry(409, 'An issued request can be validated only 12 hours after it was made'),
  DUPLICATE_APPLICATION: entry(409, 'An application for BONUS_600_AUTONOMI already exists for this person'),
  INCOMPATIBLE_BENEFIT: entry(409, 'The indemnities of DL 18/2020 exclude each other'),
  SNAPSHOT_EXISTS: entry(409, 'A snapshot named before-submission already exists: delete it first'),
  PAYMENT_NOT_CHANGEABLE: entry(409, 'The payment has already been made: its details cannot change'),
  RIESAME_NOT_ALLOWED: entry(409, 'Only a rejected application can be reviewed, once'),
  RIESAME_DEADLINE_PASSED: entry(409, 'The riesame had to be asked by 2020-06-21'),
  RIESAME_NOT_OPEN: entry(
    409,
    'The riesame of this benefit opens on 2020-06-01 (msg 2263/2020; DL 34 indemnities: 2020-08-10, msg 3088/2020)',
  ),
  DOCUMENTS_NOT_REQUIRED: entry(409, 'This application is not waiting for documents'),
  NOT_BABY_SITTING: entry(409, 'Only the baby-sitting bonus goes on the Libretto Famiglia'),
  HOUSEHOLD_ALREADY_APPLIED: entry(
    409,
    'A member of the household has applied for this household benefit already (Reddito di Emergenza: one application per nucleo familiare and round)',
  ),
  CHILD_ALREADY_CLAIMED: entry(
    409,
    'A child in this application has a baby-sitting application already (one application per child, whoever files it)',
  ),
  APPLICATION_NOT_ACCEPTED: entry(409, 'The application is submitted: only an accepted bonus can be taken up'),
  APPROPRIATION_DEADLINE_PASSED: entry(409, 'The bonus had to be taken up by 2020-04-25 (15 days from the acceptance)'),
  PRESTATORE_ALREADY_REGISTERED: entry(409, 'This baby-sitter is on your libretto already'),
  INSUFFICIENT_CREDIT: entry(409, 'The amount is more than what is left on the libretto'),
  ALREADY_DISPOSITIVO: entry(409, 'The credential already has dispositive functions'),
  REQUEST_ALREADY_OPEN: entry(409, 'A conversion request for this person is already under review'),
  ALREADY_DECIDED: entry(409, 'This request was already approved'),

  // 413, 414, 415: the request's size or media type
  // RFC 7231's reason phrase, kept: titles are part of the contract
  PAYLOAD_TOO_LARGE: { status: 413, title: 'Payload Too Large', description: 'Request body is too large' },
  FILE_TOO_LARGE: entry(413, 'module exceeds the limit of 5 MB (5242880 bytes)'),
  TOO_MANY_FILES: entry(413, 'At most 2 files: module and identityDocument'),
  TOO_MANY_PARTS: entry(413, 'Too many form fields'),
  URI_TOO_LONG: entry(414, 'A path parameter is too long'),
  UNSUPPORTED_MEDIA_TYPE: entry(415, 'Unsupported Media Type: text/plain'),
  UNSUPPORTED_FILE_TYPE: entry(415, 'The document must be a PDF, JPEG or PNG'),

  // 422: well formed, refused by a rule
  CODICE_FISCALE_MISMATCH: entry(422, 'The codice fiscale does not agree with: sex'),
  PAYMENT_NOT_APPLICABLE: entry(
    422,
    'The baby-sitting bonus is credited on the Libretto Famiglia: send no payment (except for centri_estivi)',
  ),
  PAYMENT_REQUIRED: entry(422, 'This benefit is paid: send payment {method, iban?}'),
  PAYMENT_METHOD_NOT_ALLOWED: entry(
    422,
    'The bonus for summer centres is paid to an Italian IBAN or by bonifico domiciliato at the post office',
  ),
  CENTRI_ESTIVI_REQUIRED: entry(422, 'Summer centres need centriEstivi {expenseEur, periods} (circ. 73/2020)'),
  INVALID_CENTRI_ESTIVI_PERIOD: entry(
    422,
    'centriEstivi.periods[0] must be a week at least, within 5 March and 31 August 2020, and not overlap another',
  ),
  DETAILS_NOT_ALLOWED: entry(422, 'This benefit takes no centriEstivi'),
  CENTRI_ESTIVI_NOT_AVAILABLE_YET: entry(
    422,
    'The bonus for summer centres exists from 19 May 2020 (DL 34/2020 art. 72)',
  ),
  USE_NOT_ALLOWED: entry(422, 'Only the baby-sitting bonus takes a use'),
  PRESTATORE_COHABITING: entry(422, 'The baby-sitter cannot be a member of your household'),
  PRESTATORE_NOT_REGISTERED: entry(422, 'Register the baby-sitter on your libretto first'),
  AFTER_LAST_DAY: entry(422, 'The bonus pays work done from 5 March to 31 August 2020'),
  BEFORE_FIRST_DAY: entry(422, 'The bonus pays work from 5 March 2020'),
  WORK_DATE_IN_FUTURE: entry(422, 'Work is entered once done: the date is after today'),
  AMOUNT_NOT_IN_TITLES: entry(422, 'amountEur is paid in titles of 10 euro: a multiple of 10'),
  TOO_FEW_TITLES: entry(422, 'Each hour (or part of one) of work takes a title of 10 euro at least'),
  INVALID_AMOUNT: entry(422, 'amountEur must be a positive amount in euro with at most two decimals'),
  SEPA_IBAN_NOT_ACCEPTED_YET: entry(422, 'Foreign SEPA IBANs are accepted from 14 May 2020 (msg 1981/2020)'),
  INVALID_TIME: entry(422, 'now is not a valid instant'),
  CLOCK_OUT_OF_RANGE: entry(
    422,
    'The emulated clock must stay between 1900-01-01T00:00:00Z and 9999-12-31T23:59:59.999Z',
  ),
  OFFICE_CODE_REQUIRED: entry(422, 'An office operator needs an officeCode'),
  OFFICE_CODE_NOT_ALLOWED: entry(422, 'Only office operators belong to a sede'),
  UNKNOWN_OFFICE: entry(422, 'No office RM01: create it with PUT /emulator/offices/{officeCode}'),
  ORGANISATION_AMBIGUOUS: entry(
    422,
    'Give organisationId to join an organisation, or organisation to name a new one, not both',
  ),
  UNKNOWN_ORGANISATION: entry(422, 'No organisation 7: GET /emulator/operators lists them'),
  ORGANISATION_ROLE_MISMATCH: entry(422, 'Organisation 7 is a caf organisation, not a patronato one'),
  RECOVERY_NEEDS_TWO_CONTACTS: entry(
    422,
    'Online recovery needs at least two contacts (mobile, email, PEC) matching those on file; otherwise call the Contact Center',
  ),
  IBAN_NOT_EXPECTED: entry(422, 'Payment at the post office takes no IBAN'),
  INVALID_IBAN: entry(422, 'The IBAN is missing or its check digits are wrong'),
  MISSING_DECLARATION: entry(422, 'These declarations must be made (true): notPensioner'),
  CHILDREN_NOT_ALLOWED: entry(422, 'Only the baby-sitting bonus and the congedo COVID take children'),
  PERIODS_NOT_ALLOWED: entry(422, 'Only the congedo COVID takes periods'),
  PERIODS_REQUIRED: entry(422, 'The congedo COVID needs the days of leave: periods [{from, to}]'),
  INVALID_PERIOD: entry(422, 'periods[0] ends before it starts'),
  PERIOD_OUTSIDE_WINDOW: entry(
    422,
    'periods[0] is outside the days that can be asked for on 2020-04-10: 2020-03-05 to 2020-04-13',
  ),
  CHILDREN_REQUIRED: entry(422, 'The baby-sitting bonus and the congedo COVID need at least one child'),
  CHILD_NOT_ELIGIBLE: entry(422, 'children[0] was not under 12 on 5 March 2020'),
  IDEMPOTENCY_KEY_REUSED: entry(422, 'This Idempotency-Key was used with a different request'),
  UNKNOWN_BENEFIT: entry(422, 'No benefit BONUS_UNKNOWN'),
  NO_ACTIVE_PIN: entry(422, 'This person has no activated PIN to convert'),
  CONTACTS_REQUIRED: entry(422, 'Remote recognition sends the PIN by SMS and email: the archive has no mobile'),
  PERSON_NOT_IN_ARCHIVE: entry(422, 'This codice fiscale is not in the INPS archive'),

  // 423, 429
  PIN_LOCKED: entry(
    423,
    'Too many wrong PINs: locked until 2020-04-02T10:00:00.000+02:00, or until the PIN is recovered',
  ),
  RATE_LIMITED: entry(429, 'Too many requests; retry in 42 seconds'),

  // 5xx: never more than the code and the requestId
  INTERNAL_ERROR: entry(500, 'Something went wrong on our side; quote the requestId if you report it'),
  INJECTED_FAULT: entry(500, 'A fault injected through /emulator/faults'),
  DATABASE_UNAVAILABLE: entry(503, 'The database does not answer; retry shortly'),
  OVERLOADED: entry(503, 'The service is overloaded; retry after 10 seconds'),
  RESTORE_IN_PROGRESS: entry(503, 'A snapshot is being restored; retry in a second'),
} as const satisfies Record<string, { status: number; title: string; description: string }>

export type ErrorCatalogue = typeof ERROR_CODES
export type ErrorCode = keyof ErrorCatalogue
export type ErrorStatus<C extends ErrorCode = ErrorCode> = ErrorCatalogue[C]['status']
export type ErrorTitle<C extends ErrorCode = ErrorCode> = ErrorCatalogue[C]['title']
/** The codes answered with `status`, e.g. CodeOf<404>. */
export type CodeOf<S extends number> = { [C in ErrorCode]: ErrorStatus<C> extends S ? C : never }[ErrorCode]

export function isErrorCode(value: string): value is ErrorCode {
  return Object.hasOwn(ERROR_CODES, value)
}
