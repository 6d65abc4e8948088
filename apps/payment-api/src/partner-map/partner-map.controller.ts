import { join } from 'node:path';

import { Controller, Get, Header, Inject, NotFoundException, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';

import { APP_CONFIG, type AppConfig, projectRoot, Public } from '@app/platform';

import { PAYMENT_SITE } from '../payment-site';
import { MapOutlineSource } from './map-outline.source';
import { renderPartnerMapPage } from './partner-map.page';

const ONE_DAY_MS = 86_400_000;

// Served from our own origin (no CDN: the CSP allows scripts and styles from 'self' only), by an explicit
// list so that no other file of node_modules can be reached through these routes.
const LEAFLET = join('node_modules', 'leaflet', 'dist');
const CLUSTER = join('node_modules', 'leaflet.markercluster', 'dist');
const VENDOR_FILES: Readonly<Record<string, string>> = {
  'leaflet.js': join(LEAFLET, 'leaflet.js'),
  'leaflet.css': join(LEAFLET, 'leaflet.css'),
  'leaflet.markercluster.js': join(CLUSTER, 'leaflet.markercluster.js'),
  'MarkerCluster.css': join(CLUSTER, 'MarkerCluster.css'),
  'MarkerCluster.Default.css': join(CLUSTER, 'MarkerCluster.Default.css'),
};
const VENDOR_IMAGES = [
  'layers.png',
  'layers-2x.png',
  'marker-icon.png',
  'marker-icon-2x.png',
  'marker-shadow.png',
];
const OWN_ASSETS_FOLDER = join('apps', 'payment-api', 'src', 'partner-map', 'assets');
const OWN_ASSETS = ['partner-map.js', 'partner-map.css'];

/** The public map page "Où utiliser ma carte ?", its outline and its static files. */
@ApiExcludeController()
@Controller('carte')
@Public()
export class PartnerMapController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(MapOutlineSource) private readonly outlines: MapOutlineSource,
  ) {}

  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  page(): string {
    return renderPartnerMapPage(PAYMENT_SITE, this.config.map);
  }

  @Get('contour.geojson')
  async outline(@Res({ passthrough: true }) response: Response): Promise<string> {
    const outline = await this.outlines.outline();
    if (outline === undefined) throw new NotFoundException('Aucun contour n’est configuré.');
    response.type('application/geo+json');
    response.setHeader('Cache-Control', 'public, max-age=86400');
    return outline;
  }

  @Get('assets/:file')
  asset(@Param('file') file: string, @Res() response: Response): void {
    if (!OWN_ASSETS.includes(file)) throw new NotFoundException();
    response.sendFile(join(projectRoot(), OWN_ASSETS_FOLDER, file), { maxAge: ONE_DAY_MS / 24 });
  }

  @Get('vendor/:file')
  vendor(@Param('file') file: string, @Res() response: Response): void {
    const path = Object.hasOwn(VENDOR_FILES, file) ? VENDOR_FILES[file] : undefined;
    if (path === undefined) throw new NotFoundException();
    response.sendFile(join(projectRoot(), path), { maxAge: ONE_DAY_MS });
  }

  @Get('vendor/images/:file')
  vendorImage(@Param('file') file: string, @Res() response: Response): void {
    if (!VENDOR_IMAGES.includes(file)) throw new NotFoundException();
    response.sendFile(join(projectRoot(), LEAFLET, 'images', file), { maxAge: ONE_DAY_MS });
  }
}
