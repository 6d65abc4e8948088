import { createReadStream } from 'node:fs';
import { dirname, join } from 'node:path';

import { Controller, Get, Header, StreamableFile } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';

import { Public } from '@app/platform';

import { CaptchaService } from '../captcha/captcha.service';

/** The widget's files, served from our own origin out of node_modules (no CDN, no third-party request). */
const ALTCHA_DIST = join(dirname(require.resolve('altcha')), '..');

/**
 * Loads the French texts and the widget, and registers the PBKDF2 worker (the "external" build ships
 * workers separately, so that the page's strict CSP needs no blob: or inline script).
 */
const SETUP_SCRIPT = `import '/captcha/altcha-fr.js';
import '/captcha/altcha.js';
globalThis.$altcha.algorithms.set('PBKDF2/SHA-256', () => new Worker('/captcha/pbkdf2-worker.js'));
`;

@ApiTags('auth')
@Controller()
export class CaptchaController {
  constructor(private readonly captcha: CaptchaService) {}

  @Get('v1/captcha/challenge')
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'A new ALTCHA proof-of-work challenge (signed; each solution is accepted once)' })
  challenge(): Promise<object> {
    return this.captcha.newChallenge();
  }

  @Get('captcha/altcha.js')
  @Public()
  @ApiExcludeEndpoint()
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  widget(): StreamableFile {
    return new StreamableFile(createReadStream(join(ALTCHA_DIST, 'external', 'altcha.min.js')));
  }

  @Get('captcha/altcha.css')
  @Public()
  @ApiExcludeEndpoint()
  @Header('Content-Type', 'text/css; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  styles(): StreamableFile {
    return new StreamableFile(createReadStream(join(ALTCHA_DIST, 'external', 'altcha.css')));
  }

  @Get('captcha/pbkdf2-worker.js')
  @Public()
  @ApiExcludeEndpoint()
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  worker(): StreamableFile {
    return new StreamableFile(createReadStream(join(ALTCHA_DIST, 'workers', 'pbkdf2.js')));
  }

  @Get('captcha/altcha-fr.js')
  @Public()
  @ApiExcludeEndpoint()
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=3600')
  french(): StreamableFile {
    return new StreamableFile(createReadStream(join(ALTCHA_DIST, 'i18n', 'fr-fr.js')));
  }

  @Get('captcha/altcha-setup.js')
  @Public()
  @ApiExcludeEndpoint()
  @Header('Content-Type', 'text/javascript; charset=utf-8')
  setup(): string {
    return SETUP_SCRIPT;
  }
}
