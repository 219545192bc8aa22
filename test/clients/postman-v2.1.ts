/**
 * The Postman Collection Format v2.1.0 (schema.getpostman.com/json/collection/v2.1.0), written out here
 * for the parts the generated collection uses: no npm package ships the published JSON schema. Names,
 * required fields and enumerations follow the published format (draft-07); unlike it, objects refuse
 * keys the format does not define, so that a misspelt key fails instead of being ignored on import.
 */
const keyValue = (value: object) => ({
  type: 'object',
  required: ['key'],
  additionalProperties: false,
  properties: {
    key: { type: ['string', 'null'] },
    value: value,
    disabled: { type: 'boolean' },
    description: { $ref: '#/definitions/description' },
    type: { type: 'string' },
  },
})

export const POSTMAN_COLLECTION_V21 = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  type: 'object',
  required: ['info', 'item'],
  additionalProperties: false,
  properties: {
    info: {
      type: 'object',
      required: ['name', 'schema'],
      additionalProperties: false,
      properties: {
        _postman_id: { type: 'string' },
        name: { type: 'string' },
        description: { $ref: '#/definitions/description' },
        version: { type: 'string' },
        schema: { const: 'https://schema.getpostman.com/json/collection/v2.1.0/collection.json' },
      },
    },
    item: { type: 'array', items: { anyOf: [{ $ref: '#/definitions/item' }, { $ref: '#/definitions/item-group' }] } },
    event: { $ref: '#/definitions/event-list' },
    variable: { $ref: '#/definitions/variable-list' },
    auth: { $ref: '#/definitions/auth' },
  },
  definitions: {
    description: { type: ['string', 'null'] },
    'item-group': {
      type: 'object',
      required: ['item'],
      additionalProperties: false,
      properties: {
        name: { type: 'string' },
        description: { $ref: '#/definitions/description' },
        item: {
          type: 'array',
          items: { anyOf: [{ $ref: '#/definitions/item' }, { $ref: '#/definitions/item-group' }] },
        },
        event: { $ref: '#/definitions/event-list' },
        variable: { $ref: '#/definitions/variable-list' },
        auth: { $ref: '#/definitions/auth' },
      },
    },
    item: {
      type: 'object',
      required: ['request'],
      additionalProperties: false,
      properties: {
        id: { type: 'string' },
        name: { type: 'string' },
        description: { $ref: '#/definitions/description' },
        request: { $ref: '#/definitions/request' },
        response: { type: 'array' },
        event: { $ref: '#/definitions/event-list' },
        variable: { $ref: '#/definitions/variable-list' },
      },
    },
    request: {
      type: 'object',
      additionalProperties: false,
      properties: {
        url: { $ref: '#/definitions/url' },
        auth: { $ref: '#/definitions/auth' },
        method: {
          enum: [
            'GET',
            'PUT',
            'POST',
            'PATCH',
            'DELETE',
            'COPY',
            'HEAD',
            'OPTIONS',
            'LINK',
            'UNLINK',
            'PURGE',
            'LOCK',
            'UNLOCK',
            'PROPFIND',
            'VIEW',
          ],
        },
        description: { $ref: '#/definitions/description' },
        header: { type: 'array', items: keyValue({ type: 'string' }) },
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            mode: { enum: ['raw', 'urlencoded', 'formdata', 'file', 'graphql'] },
            raw: { type: 'string' },
            options: { type: 'object' },
            formdata: {
              type: 'array',
              items: {
                anyOf: [
                  {
                    type: 'object',
                    required: ['key', 'type'],
                    additionalProperties: false,
                    properties: {
                      key: { type: 'string' },
                      value: { type: 'string' },
                      disabled: { type: 'boolean' },
                      type: { const: 'text' },
                      contentType: { type: 'string' },
                      description: { $ref: '#/definitions/description' },
                    },
                  },
                  {
                    type: 'object',
                    required: ['key', 'type'],
                    additionalProperties: false,
                    properties: {
                      key: { type: 'string' },
                      src: { type: ['array', 'string', 'null'] },
                      disabled: { type: 'boolean' },
                      type: { const: 'file' },
                      contentType: { type: 'string' },
                      description: { $ref: '#/definitions/description' },
                    },
                  },
                ],
              },
            },
            disabled: { type: 'boolean' },
          },
        },
      },
    },
    url: {
      type: 'object',
      additionalProperties: false,
      properties: {
        raw: { type: 'string' },
        protocol: { type: 'string' },
        host: { type: 'array', items: { type: 'string' } },
        path: { type: 'array', items: { type: 'string' } },
        port: { type: 'string' },
        query: { type: 'array', items: keyValue({ type: ['string', 'null'] }) },
        hash: { type: 'string' },
        variable: { $ref: '#/definitions/variable-list' },
      },
    },
    auth: {
      type: 'object',
      required: ['type'],
      additionalProperties: false,
      properties: {
        type: {
          enum: [
            'apikey',
            'awsv4',
            'basic',
            'bearer',
            'digest',
            'edgegrid',
            'hawk',
            'noauth',
            'oauth1',
            'oauth2',
            'ntlm',
          ],
        },
        apikey: { $ref: '#/definitions/auth-attributes' },
        bearer: { $ref: '#/definitions/auth-attributes' },
        noauth: {},
      },
    },
    'auth-attributes': { type: 'array', items: keyValue({}) },
    'event-list': {
      type: 'array',
      items: {
        type: 'object',
        required: ['listen'],
        additionalProperties: false,
        properties: {
          id: { type: 'string' },
          listen: { type: 'string' },
          script: {
            type: 'object',
            additionalProperties: false,
            properties: {
              id: { type: 'string' },
              type: { type: 'string' },
              exec: { anyOf: [{ type: 'array', items: { type: 'string' } }, { type: 'string' }] },
              name: { type: 'string' },
            },
          },
          disabled: { type: 'boolean' },
        },
      },
    },
    'variable-list': {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        anyOf: [{ required: ['id'] }, { required: ['key'] }],
        properties: {
          id: { type: 'string' },
          key: { type: 'string' },
          value: {},
          type: { enum: ['string', 'boolean', 'any', 'number'] },
          name: { type: 'string' },
          description: { $ref: '#/definitions/description' },
          system: { type: 'boolean' },
          disabled: { type: 'boolean' },
        },
      },
    },
  },
} as const
