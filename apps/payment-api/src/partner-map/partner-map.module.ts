import { Module } from '@nestjs/common';

import { MapOutlineSource } from './map-outline.source';
import { PartnerMapController } from './partner-map.controller';

/** The public map page; its data comes from the directory API (DirectoryHttpHandler) in the browser. */
@Module({ controllers: [PartnerMapController], providers: [MapOutlineSource] })
export class PartnerMapModule {}
