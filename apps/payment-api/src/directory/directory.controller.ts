import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { DirectoryService, parseDirectoryQuery } from '@app/partners';
import { Public } from '@app/platform';

import { toFeatureCollection, type SiteFeatureCollection } from './directory-geojson.mapper';
import { DirectoryPageDto } from './dto/directory-page.dto';
import { DirectoryQueryDto } from './dto/directory-query.dto';

/**
 * Shared caches and browsers may keep a page for 5 minutes: a partner's activation or suspension shows on
 * the map within that time, and a crowd of pupils opening the map costs the database one query per page.
 */
const DIRECTORY_CACHE_CONTROL = 'public, max-age=300';

/** The public directory of partners' sites ("où utiliser ma carte"), read-only, no sign-in. */
@ApiTags('directory')
@Controller('v1/directory')
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  @Get('sites')
  @Public()
  @ApiOperation({
    summary: 'Active partners’ sites: near a point (by distance), in a radius or a box, by category or text',
  })
  @ApiOkResponse({
    type: DirectoryPageDto,
    description: 'JSON page, or a GeoJSON FeatureCollection with format=geojson',
  })
  async sites(
    @Query() query: DirectoryQueryDto,
    @Res({ passthrough: true }) response: Response,
  ): Promise<DirectoryPageDto | SiteFeatureCollection> {
    const { format, ...parameters } = query;
    const page = await this.directory.search(parseDirectoryQuery(parameters));
    // Set here rather than with @Header, which Nest also applies to error answers: a 400 must not be cached.
    response.setHeader('Cache-Control', DIRECTORY_CACHE_CONTROL);
    if (format !== 'geojson')
      return { items: [...page.items], nextCursor: page.nextCursor } as DirectoryPageDto;
    response.type('application/geo+json');
    return toFeatureCollection(page);
  }
}
