import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

import { PLATFORM_ERROR_STATUS } from './domain-error-status';

export interface OpenApiOptions {
  readonly title: string;
  readonly description: string;
  /** Every domain error code the app can answer with, listed in the document. */
  readonly errorCodes: readonly string[];
  /** Paths served outside Nest's controllers (the terminal API's hot path), described by hand. */
  readonly extraPaths?: Readonly<Record<string, Record<string, unknown>>>;
}

/** Builds the app's OpenAPI 3 document from its controllers and serves it at /openapi.json and /docs. */
export function setUpOpenApi(app: INestApplication, options: OpenApiOptions): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(options.title)
    .setDescription(options.description)
    .setVersion('1')
    .build();
  const document = SwaggerModule.createDocument(app, config);
  document.paths = { ...document.paths, ...(options.extraPaths as OpenAPIObject['paths'] | undefined) };
  const codes = [...new Set([...Object.keys(PLATFORM_ERROR_STATUS), ...options.errorCodes])].sort();
  document.components = {
    ...document.components,
    schemas: {
      ...document.components?.schemas,
      Error: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: {
              code: { type: 'string', enum: codes, description: 'Stable, English, SCREAMING_SNAKE code.' },
              message: { type: 'string', description: 'Human-readable explanation.' },
              fields: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: { field: { type: 'string' }, message: { type: 'string' } },
                },
              },
            },
          },
        },
      },
    },
  };
  SwaggerModule.setup('docs', app, document, {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
    customSiteTitle: options.title,
  });
  return document;
}
